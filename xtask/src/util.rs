//! Helpers shared by the xtask subcommands: the workspace root and target folder, running commands, the
//! sample build date.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `SOURCE_DATE_EPOCH` of the sample content: 2026-11-20 00:00 China time. `dist`, `serve` and `test` pin
/// it (unless the variable is already set) so the committed sample vacancies never expire.
pub const SAMPLE_EPOCH: &str = "1795104000";

/// The workspace root (the folder holding the top `Cargo.toml`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_owned()
}

/// Cargo's target folder: `$CARGO_TARGET_DIR` (relative to the workspace root, as cargo runs there) or
/// `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()).map_or_else(|| root().join("target"), |d| root().join(d))
}

/// Where [`crate::wasm::build_widget`] writes `widget.js` and `widget_bg.wasm`: `<target>/widget-dist/`.
pub fn widget_dist_dir() -> PathBuf {
    target_dir().join("widget-dist")
}

/// The built widget as `sitegen` embeds it, committed in the repository: `sitegen/widget-dist/` (see
/// [`crate::wasm::build_widget`]).
pub fn committed_widget_dir() -> PathBuf {
    root().join("sitegen").join("widget-dist")
}

/// `cargo` as invoked by the user (respects `$CARGO`), run in the workspace root.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(root());
    c
}

/// Runs a command, failing with its description when it does not succeed.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("xtask: running {}", describe(cmd));
    let status = cmd.status().map_err(|e| format!("cannot run {}: {e}", describe(cmd)))?;
    if status.success() { Ok(()) } else { Err(format!("{} failed ({status})", describe(cmd))) }
}

/// A command line as text, for messages.
pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// The build-date environment for sample builds: the caller's `SOURCE_DATE_EPOCH`, else the sample's.
pub fn source_date_epoch() -> String {
    std::env::var("SOURCE_DATE_EPOCH").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| SAMPLE_EPOCH.to_owned())
}

/// Builds the `sitegen` binary with `profile` ("dev" or "release") and returns its path.
pub fn build_sitegen(profile: &str) -> Result<PathBuf, String> {
    run(cargo().args(["build", "--quiet", "-p", "sitegen", "--profile", profile]))?;
    let dir = if profile == "dev" { "debug" } else { profile };
    Ok(target_dir().join(dir).join(format!("sitegen{}", std::env::consts::EXE_SUFFIX)))
}

/// Parses `--flag VALUE` pairs; unknown flags are an error.
pub fn flags<'a>(args: &'a [String], known: &[&str]) -> Result<Vec<(&'a str, &'a str)>, String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !known.contains(&a.as_str()) {
            return Err(format!("unknown argument `{a}` (known: {})", known.join(", ")));
        }
        let v = it.next().ok_or_else(|| format!("{a} needs a value"))?;
        out.push((a.as_str(), v.as_str()));
    }
    Ok(out)
}
