//! `sitegen build`: check the content, then write the portals (the previous output stays on failure).
//! Vacancy records with errors are set aside (exit status 3) unless `--strict`.

use std::time::Instant;

use super::{Common, Failure, Status, options, report, write_report};
use sitegen::formats::report::Status as Reported;
use sitegen::site::Site;

/// Runs `build`.
pub fn run(c: &Common) -> Result<Status, Failure> {
    let started = Instant::now();
    let opts = options(c)?;
    let (site, diags) = match Site::load(&opts) {
        Ok(loaded) => loaded,
        Err(d) => {
            report(&d);
            write_report(c, Reported::Failed, &d)?;
            return Err(Failure::Content(Some(format!("build failed; {} left untouched", c.out.display()))));
        }
    };
    report(&diags);
    let r = match site.build(&c.out) {
        Ok(r) => r,
        Err(e) => {
            write_report(c, Reported::Failed, &diags)?;
            return Err(e.into());
        }
    };
    write_report(c, Reported::Published(r.vacancies), &diags)?;
    let status = Status::of(&diags);
    let rejected = match status {
        Status::Rejected(n) => format!(", {n} rejected"),
        Status::Done => String::new(),
    };
    eprintln!(
        "built {} pages ({} vacancies, {} expired left out{rejected}) into {} in {:.2} s; {} files, {:.1} MB; build date {}",
        r.pages,
        r.vacancies,
        r.expired,
        c.out.display(),
        started.elapsed().as_secs_f64(),
        r.files,
        r.bytes as f64 / 1e6,
        opts.build_date
    );
    Ok(status)
}
