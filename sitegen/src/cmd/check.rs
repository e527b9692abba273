//! `sitegen check`: validate everything (content, templates) and write nothing.

use super::{Common, Failure, options, report};
use sitegen::site::Site;

/// Runs `check`.
pub fn run(c: &Common) -> Result<(), Failure> {
    let opts = options(c)?;
    match Site::load(&opts) {
        Ok((site, warnings)) => {
            report(&warnings);
            let d = site.content.districts.len();
            eprintln!(
                "ok: {} districts, {} open vacancies, {} warning(s); build date {}",
                d,
                site.content.vacancy_count(),
                warnings.warning_count(),
                opts.build_date
            );
            Ok(())
        }
        Err(diags) => {
            report(&diags);
            Err(Failure::Content(None))
        }
    }
}
