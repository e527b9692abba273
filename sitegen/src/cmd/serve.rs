//! `sitegen serve`: build, serve the output on 127.0.0.1 (or `--bind`), rebuild in this process when
//! the content changes, and reload the pages open in a browser (`sitegen::serve`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Failure, ServeArgs, options, report};
use sitegen::serve::{BuildOutcome, Config};
use sitegen::site::{Options, Site};

/// Runs `serve` (until interrupted).
pub fn run(a: &ServeArgs, quiet: bool) -> Result<(), Failure> {
    // Resolved once: every rebuild of this session has the same build date (SOURCE_DATE_EPOCH or
    // --build-date pin it; otherwise it is the day the server started).
    let opts = options(&a.build.source, a.build.base_url.as_deref())?;
    let out = a.build.out.clone();
    let cache = a.build.cache();
    // Earlier outputs a previous session left beside this one (stopped before deleting them).
    delete_in_background(sitegen::output::leftover_old_outputs(&out));
    let config = Config { content: a.build.source.content.clone(), out: out.clone(), cache: cache.clone(), addr: SocketAddr::new(a.bind, a.port) };
    Ok(sitegen::serve::serve(&config, move || build(&opts, &out, cache.clone(), quiet))?)
}

/// One build through the library, printing what `sitegen build` prints; the diagnostics for the page.
fn build(opts: &Options, out: &Path, cache: Option<PathBuf>, quiet: bool) -> BuildOutcome {
    let started = Instant::now();
    let (mut site, warnings) = Site::load_with_cache(opts, cache.as_deref()).map_err(|d| {
        report(&d);
        eprintln!("sitegen: build failed; {} left untouched", out.display());
        d.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>()
    })?;
    report(&warnings);
    site.set_cache(cache);
    match site.build_keeping_old(out, &sitegen::site::Progress::default()) {
        Ok((r, old)) => {
            if !quiet {
                super::build::summary(&r, out, started, opts, super::Status::of(&warnings));
            }
            // The previous output is deleted after the new one is served (seconds for thousands of files
            // on some disks: the pages reload meanwhile).
            delete_in_background(old.into_iter().collect());
            Ok(())
        }
        Err(e) => {
            eprintln!("sitegen: {e}");
            Err(vec![e.to_string()])
        }
    }
}

/// Deletes folders on a thread of its own.
fn delete_in_background(dirs: Vec<std::path::PathBuf>) {
    if dirs.is_empty() {
        return;
    }
    std::thread::spawn(move || {
        for d in dirs {
            if let Err(e) = std::fs::remove_dir_all(&d) {
                eprintln!("sitegen serve: cannot delete the previous output {}: {e}", d.display());
            }
        }
    });
}
