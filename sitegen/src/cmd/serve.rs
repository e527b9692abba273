//! `sitegen serve`: build, serve the output on 127.0.0.1, rebuild when the content changes.

use super::{Failure, ServeArgs};

/// Runs `serve` (until interrupted).
pub fn run(a: &ServeArgs, quiet: bool) -> Result<(), Failure> {
    super::build::run(&a.build, quiet)?;
    let content = a.build.source.content.clone();
    let rebuild = {
        let b = a.build.clone();
        move || {
            if let Err(e) = super::build::run(&b, quiet) {
                eprintln!("sitegen: {e}");
            }
        }
    };
    Ok(sitegen::serve::serve(&a.build.out, a.port, Some((content, Box::new(rebuild))))?)
}
