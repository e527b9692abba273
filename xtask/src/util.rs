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

/// Runs a command like [`run`], its output passed through as it comes; when it fails, the error also
/// carries the libtest failure reports it printed (each `failures:` section up to its `test result:`
/// line, at most [`FAILURE_LINES`] lines, the last kept). `cargo xtask test` prints its failed steps'
/// errors last, so the tests that failed are in the tail of CI's log, not thousands of lines above it.
pub fn run_keeping_failures(cmd: &mut Command) -> Result<(), String> {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    eprintln!("xtask: running {}", describe(cmd));
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| format!("cannot run {}: {e}", describe(cmd)))?;
    let (out, err) = (child.stdout.take().expect("piped"), child.stderr.take().expect("piped"));
    // Each stream on its own thread, so that neither fills its pipe while the other is read.
    let pass = |r: Box<dyn std::io::Read + Send>, to_stderr: bool| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            for line in BufReader::new(r).split(b'\n').map_while(Result::ok) {
                let line = String::from_utf8_lossy(&line).into_owned();
                if to_stderr {
                    let _ = writeln!(std::io::stderr(), "{line}");
                } else {
                    let _ = writeln!(std::io::stdout(), "{line}");
                }
                kept.push(line);
            }
            kept
        })
    };
    let (out, err) = (pass(Box::new(out), false), pass(Box::new(err), true));
    let status = child.wait().map_err(|e| format!("cannot run {}: {e}", describe(cmd)))?;
    let mut lines = out.join().unwrap_or_default();
    lines.extend(err.join().unwrap_or_default().into_iter().filter(|l| l.starts_with("error: ")));
    if status.success() {
        return Ok(());
    }
    let report = failure_report(&lines);
    Err(format!("{} failed ({status}){}", describe(cmd), if report.is_empty() { String::new() } else { format!("\n{report}") }))
}

/// How many lines of failure reports [`run_keeping_failures`] keeps.
pub const FAILURE_LINES: usize = 120;

/// The libtest failure reports among `lines`: each `failures:` section through its `test result:` line,
/// and cargo's `error:` lines (which name the test target that failed); the last [`FAILURE_LINES`].
pub fn failure_report(lines: &[String]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut inside = false;
    for l in lines {
        if l == "failures:" && !inside {
            inside = true;
        }
        if inside || l.starts_with("error: ") {
            kept.push(l);
        }
        if inside && l.starts_with("test result: ") {
            inside = false;
        }
    }
    let from = kept.len().saturating_sub(FAILURE_LINES);
    kept[from..].join("\n")
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

#[cfg(test)]
mod tests {
    use super::failure_report;

    #[test]
    fn the_failure_report_keeps_each_failed_targets_failures_and_cargos_errors() {
        let out: Vec<String> = "running 3 tests\n...\nfailures:\n\n---- a stdout ----\nthread 'a' panicked at x.rs:1:2:\nboom\n\nfailures:\n    a\n\ntest result: FAILED. 2 passed; 1 failed\n\nrunning 1 test\n.\ntest result: ok. 1 passed\nerror: test failed, to rerun pass `--test serve`\nerror: 1 target failed:\n    `--test serve`"
            .lines()
            .map(str::to_owned)
            .collect();
        let report = failure_report(&out);
        assert!(report.starts_with("failures:\n\n---- a stdout ----\nthread 'a' panicked at x.rs:1:2:\nboom"), "{report}");
        assert!(
            report.contains("test result: FAILED. 2 passed; 1 failed\nerror: test failed, to rerun pass `--test serve`\nerror: 1 target failed:"),
            "{report}"
        );
        assert!(!report.contains("running") && !report.contains("test result: ok"), "{report}");
        let long: Vec<String> = std::iter::once("failures:".to_owned()).chain((0..500).map(|i| format!("line {i}"))).collect();
        let report = failure_report(&long);
        assert_eq!(report.lines().count(), super::FAILURE_LINES);
        assert!(report.ends_with("line 499"), "the last lines are kept");
    }
}
