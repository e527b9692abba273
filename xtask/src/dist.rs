//! `cargo xtask dist`: build everything and write the sample portals from `content/` into `dist/`.
//!
//! Builds the widget to wasm first ([`crate::wasm::build_widget`]), which the release `sitegen` embeds
//! (the self-contained binary a district team would get), then runs that `sitegen`. The build date is
//! pinned to the sample content's (see [`crate::util::SAMPLE_EPOCH`]) unless `SOURCE_DATE_EPOCH` is set.

use crate::util::{self, build_sitegen, run, source_date_epoch};
use crate::wasm::build_widget;

/// Runs the subcommand.
pub fn run_dist(args: &[String]) -> Result<(), String> {
    let f = util::flags(args, &["--profile"])?;
    let profile = f.iter().find(|(k, _)| *k == "--profile").map_or("release", |(_, v)| v);
    build_widget()?;
    let bin = build_sitegen(profile)?;
    let root = util::root();
    run(std::process::Command::new(bin).current_dir(&root).env("SOURCE_DATE_EPOCH", source_date_epoch()).args([
        "build",
        "--content",
        "content",
        "--out",
        "dist",
    ]))
}
