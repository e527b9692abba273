//! `sitegen serve`: build, serve the output on 127.0.0.1 (or `--bind`), rebuild in this process when
//! the content changes, and reload the pages open in a browser (`sitegen::serve`).

use std::net::SocketAddr;
use std::path::Path;
use std::time::Instant;

use super::{Common, Failure, Listen, options, report};
use sitegen::serve::{BuildOutcome, Config};
use sitegen::site::{Options, Site};

/// Runs `serve` (until interrupted).
pub fn run(c: &Common, listen: Listen) -> Result<(), Failure> {
    // Resolved once: every rebuild of this session has the same build date (SOURCE_DATE_EPOCH or
    // --build-date pin it; otherwise it is the day the server started).
    let opts = options(c)?;
    let out = c.out.clone();
    let config = Config { content: c.content.clone(), out: c.out.clone(), addr: SocketAddr::new(listen.bind, listen.port) };
    Ok(sitegen::serve::serve(&config, move || build(&opts, &out))?)
}

/// One build through the library, printing what `sitegen build` prints; the diagnostics for the page.
fn build(opts: &Options, out: &Path) -> BuildOutcome {
    let started = Instant::now();
    let (site, warnings) = Site::load(opts).map_err(|d| {
        report(&d);
        eprintln!("sitegen: build failed; {} left untouched", out.display());
        d.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>()
    })?;
    report(&warnings);
    match site.build(out) {
        Ok(r) => {
            super::build::summary(&r, out, started, opts);
            Ok(())
        }
        Err(e) => {
            eprintln!("sitegen: {e}");
            Err(vec![e.to_string()])
        }
    }
}
