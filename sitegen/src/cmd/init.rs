//! `sitegen init [DIR]`: write a small, valid, commented content folder to start from
//! ([`sitegen::init`]), then say what to do next.

use super::{Failure, InitArgs};

/// Runs `init`.
pub fn run(a: &InitArgs, quiet: bool) -> Result<(), Failure> {
    let today = sitegen::load::builddate::from_env(a.build_date.as_deref())?;
    let opts = sitegen::init::Options::new(Some(&a.city), &a.districts, today)?;
    let written = sitegen::init::write(&a.dir, &opts)?;
    if !quiet {
        let dir = a.dir.display();
        eprintln!(
            "wrote {} files into {dir} ({} district(s): {}). Next:",
            written.len(),
            opts.districts.len(),
            opts.districts.iter().map(|(s, n)| format!("{s} {n}")).collect::<Vec<_>>().join(", ")
        );
        eprintln!("  sitegen check --content {dir}     # every problem, with file:line:column");
        eprintln!("  sitegen serve --content {dir}     # preview on http://127.0.0.1:8000/");
        eprintln!("  sitegen build --content {dir} --out dist");
        eprintln!("Edit site.toml first (title, base_url), then each district's district.toml; vacancies go in districts/<slug>/vacancies/.");
    }
    Ok(())
}
