//! `sitegen check`: validate everything (content, templates) and write nothing. Vacancy records with
//! errors are reported as rejected (exit status 3) unless `--strict`.

use super::{CheckArgs, Failure, Status, options, report, write_report};
use sitegen::formats::report::Status as Reported;
use sitegen::site::Site;

/// Runs `check`.
pub fn run(a: &CheckArgs, quiet: bool) -> Result<Status, Failure> {
    let opts = options(&a.source, None)?;
    match Site::load(&opts) {
        Ok((site, diags)) => {
            report(&diags);
            write_report(a.report.as_deref(), Reported::Checked(site.content.vacancy_count()), &diags)?;
            if !quiet {
                eprintln!(
                    "ok: {} districts, {} open vacancies, {} rejected record(s), {} warning(s); build date {}",
                    site.content.districts.len(),
                    site.content.vacancy_count(),
                    diags.rejected_records(),
                    diags.warning_count(),
                    opts.build_date
                );
            }
            Ok(Status::of(&diags))
        }
        Err(diags) => {
            report(&diags);
            write_report(a.report.as_deref(), Reported::Failed, &diags)?;
            Err(Failure::Content(None))
        }
    }
}
