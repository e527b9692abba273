//! `sitegen build`: check the content, then write the portals (the previous output stays on failure).
//! Vacancy records with errors are set aside (exit status 3) unless `--strict`.

use std::time::Instant;

use super::{BuildArgs, Failure, Status, options, progress, report, write_report};
use sitegen::formats::report::Status as Reported;
use sitegen::site::{Progress, Report, Site};

/// Runs `build`.
pub fn run(a: &BuildArgs, quiet: bool) -> Result<Status, Failure> {
    let started = Instant::now();
    let opts = options(&a.source, a.base_url.as_deref())?;
    let cache = a.cache();
    let (mut site, diags) = match Site::load_with_cache(&opts, cache.as_deref()) {
        Ok(loaded) => loaded,
        Err(d) => {
            report(&d);
            write_report(a.report.as_deref(), Reported::Failed, &d)?;
            return Err(Failure::Content(Some(format!("build failed; {} left untouched", a.out.display()))));
        }
    };
    report(&diags);
    site.set_cache(cache);
    if sitegen::output::widget_assets::WIDGET.is_none() {
        eprintln!(
            "sitegen: note: this sitegen has no search widget (it was built without sitegen/widget-dist/): listing pages keep their static lists, and the partner embed is unavailable"
        );
    }
    let p = Progress::default();
    let r = match progress::with_bar(!quiet, &p, || site.build_with(&a.out, &p)) {
        Ok(r) => r,
        Err(e) => {
            write_report(a.report.as_deref(), Reported::Failed, &diags)?;
            return Err(e.into());
        }
    };
    write_report(a.report.as_deref(), Reported::Published(r.vacancies), &diags)?;
    let status = Status::of(&diags);
    if !quiet {
        summary(&r, &a.out, started, &opts, status);
    }
    Ok(status)
}

/// The line a successful build prints.
pub fn summary(r: &Report, out: &std::path::Path, started: Instant, opts: &sitegen::site::Options, status: Status) {
    let rejected = match status {
        Status::Rejected(n) => format!(", {n} rejected"),
        Status::Done => String::new(),
    };
    let cached = r.cache.map(|c| {
        let index = if c.index_carried {
            format!("the search index carried over whole, {} files", c.files_reused)
        } else {
            format!("{} vacancies' index terms from the cache; {} index files carried over, {} compressed", c.terms_reused, c.files_reused, c.files_made)
        };
        format!(
            " ({} vacancy records read from the build cache; {} vacancy pages carried over from it, {} rendered; {} listing pages from the cache, {} rendered; {index})",
            c.records_reused, c.reused, c.rendered, c.listings_reused, c.listings_rendered
        )
    });
    let cached = cached.unwrap_or_default();
    eprintln!(
        "built {} pages{cached} ({} vacancies, {} expired left out{rejected}) into {} in {:.2} s; {} files, {:.1} MB; build date {}",
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
