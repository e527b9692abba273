//! `cargo xtask serve [--port N]`: `dist`, then serve `dist/` on 127.0.0.1 and rebuild on change.

use crate::util::{self, build_sitegen, run, source_date_epoch};

/// Runs the subcommand (until interrupted).
pub fn run_serve(args: &[String]) -> Result<(), String> {
    let f = util::flags(args, &["--port"])?;
    let port = f.iter().find(|(k, _)| *k == "--port").map_or("8000", |(_, v)| v);
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
