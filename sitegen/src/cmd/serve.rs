//! `sitegen serve`: build, serve the output on 127.0.0.1, rebuild when the content changes.

use super::{Common, Failure, options};

/// Runs `serve` (until interrupted).
pub fn run(c: &Common, port: u16) -> Result<(), Failure> {
    super::build::run(c)?;
    let content = c.content.clone();
    let rebuild = {
        let c = Common {
            content: c.content.clone(),
            out: c.out.clone(),
            base_url: c.base_url.clone(),
            build_date: c.build_date.clone(),
            strict: c.strict,
            report: None,
        };
        move || {
            if let Err(e) = super::build::run(&c) {
                eprintln!("sitegen: {e}");
            }
        }
    };
    let _ = options(c)?;
    Ok(sitegen::serve::serve(&c.out, port, Some((content, Box::new(rebuild))))?)
}
