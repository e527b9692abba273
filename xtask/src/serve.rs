//! `cargo xtask serve [--port N]`: `dist`, then `sitegen serve` on `dist/` (127.0.0.1): rebuilds on
//! change and reloads the pages open in the browser (a failed build's errors show over the page).
//!
//! Like `dist`, builds the widget to wasm first and embeds it into the release `sitegen`; the rebuilds on
//! change are `sitegen`'s (content), not the widget's (restart `serve` after editing it).

use crate::util::{self, build_sitegen, run, source_date_epoch};
use crate::wasm::build_widget;

/// Runs the subcommand (until interrupted).
pub fn run_serve(args: &[String]) -> Result<(), String> {
    let f = util::flags(args, &["--port"])?;
    let port = f.iter().find(|(k, _)| *k == "--port").map_or("8000", |(_, v)| v);
    build_widget()?;
    let bin = build_sitegen("release")?;
    run(std::process::Command::new(bin).current_dir(util::root()).env("SOURCE_DATE_EPOCH", source_date_epoch()).args([
        "serve",
        "--content",
        "content",
        "--out",
        "dist",
        "--port",
        port,
    ]))
}
