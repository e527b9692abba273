//! `sitegen build`: check the content, then write the portals (the previous output stays on failure).

use std::time::Instant;

use super::{BuildArgs, Failure, options, progress, report};
use sitegen::site::{Progress, Report, Site};

/// Runs `build`.
pub fn run(a: &BuildArgs, quiet: bool) -> Result<(), Failure> {
    let started = Instant::now();
    let opts = options(&a.source, a.base_url.as_deref())?;
    let (site, warnings) = Site::load(&opts).map_err(|d| {
        report(&d);
        Failure::Content(Some(format!("build failed; {} left untouched", a.out.display())))
    })?;
    report(&warnings);
    if sitegen::output::widget_assets::WIDGET.is_none() {
        eprintln!(
            "sitegen: note: this sitegen has no search widget (it was built without sitegen/widget-dist/): listing pages keep their static lists, and the partner embed is unavailable"
        );
    }
    let p = Progress::default();
    let r = progress::with_bar(!quiet, &p, || site.build_with(&a.out, &p))?;
    if !quiet {
        summary(&r, &a.out, started, &opts);
    }
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
