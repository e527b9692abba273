//! `sitegen check`: validate everything (content, templates) and write nothing.

use super::{Failure, Source, options, report};
use sitegen::site::Site;

/// Runs `check`.
pub fn run(source: &Source, quiet: bool) -> Result<(), Failure> {
    let opts = options(source, None)?;
    match Site::load(&opts) {
        Ok((site, warnings)) => {
            report(&warnings);
            if !quiet {
                eprintln!(
                    "ok: {} districts, {} open vacancies, {} warning(s); build date {}",
                    site.content.districts.len(),
                    site.content.vacancy_count(),
                    warnings.warning_count(),
                    opts.build_date
                );
            }
            Ok(())
        }
        Err(diags) => {
            report(&diags);
            Err(Failure::Content(None))
        }
    }
}
