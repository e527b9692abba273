//! `sitegen build`: check the content, then write the portals (the previous output stays on failure).

use std::time::Instant;

use super::{Common, Failure, options, report};
use sitegen::site::{Report, Site};

/// Runs `build`.
pub fn run(c: &Common) -> Result<(), Failure> {
    let started = Instant::now();
    let opts = options(c)?;
    let (site, warnings) = Site::load(&opts).map_err(|d| {
        report(&d);
        Failure::Content(Some(format!("build failed; {} left untouched", c.out.display())))
    })?;
    report(&warnings);
    let r = site.build(&c.out)?;
    summary(&r, &c.out, started, &opts);
    Ok(())
}

/// The line a successful build prints.
pub fn summary(r: &Report, out: &std::path::Path, started: Instant, opts: &sitegen::site::Options) {
    eprintln!(
        "built {} pages ({} vacancies, {} expired left out) into {} in {:.2} s; {} files, {:.1} MB; build date {}",
        r.pages,
        r.vacancies,
        r.expired,
        out.display(),
        started.elapsed().as_secs_f64(),
        r.files,
        r.bytes as f64 / 1e6,
        opts.build_date
    );
}
