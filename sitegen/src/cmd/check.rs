//! `sitegen check`: validate everything (content, templates) and write nothing. Vacancy records with
//! errors are reported as rejected (exit status 3) unless `--strict`.

use super::{Common, Failure, Status, options, report, write_report};
use sitegen::formats::report::Status as Reported;
use sitegen::site::Site;

/// Runs `check`.
pub fn run(c: &Common) -> Result<Status, Failure> {
    let opts = options(c)?;
    match Site::load(&opts) {
        Ok((site, diags)) => {
            report(&diags);
            write_report(c, Reported::Checked(site.content.vacancy_count()), &diags)?;
            let d = site.content.districts.len();
            eprintln!(
                "ok: {} districts, {} open vacancies, {} rejected record(s), {} warning(s); build date {}",
                d,
                site.content.vacancy_count(),
                diags.rejected_records(),
                diags.warning_count(),
                opts.build_date
            );
            Ok(Status::of(&diags))
        }
        Err(diags) => {
            report(&diags);
            write_report(c, Reported::Failed, &diags)?;
            Err(Failure::Content(None))
        }
    }
}
