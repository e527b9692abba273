//! The browser tests (`tests/browser/`), driven in Debian's Chromium through `playwright-core` (pinned in
//! `tests/browser/package-lock.json`): the search widget on the built portals (`run.mjs`, the site served
//! on 127.0.0.1 by node), and the live preview (`serve.mjs`: the real `sitegen serve` on a temporary copy
//! of the good fixture site — edit, break and fix a page and watch the browser follow), and the
//! portal's Content-Security-Policy on every page type (`csp.mjs`, the site served with its `_headers`).
//!
//! [`run`] installs the npm package when needed (`npm ci`, only when `node_modules` is missing or older
//! than the lock file), checks that Chromium is there (it is never downloaded: `.ci/run` installs Debian's
//! package), then runs `node tests/browser/run.mjs <dist>`, `node tests/browser/csp.mjs <dist>` and `node tests/browser/serve.mjs --sitegen BIN
//! --content sitegen/tests/fixtures/good`, each printing one `ok` / `not ok` line per test; it fails when
//! any test fails. `cargo xtask browser [--dist DIR] [--sitegen BIN]` runs them on their own (default
//! `dist/`, as `cargo xtask dist` writes it, and the release `sitegen` that wrote it). [`run_init_site`]
//! and [`run_xss_site`] (the XSS corpus, issue 15) build a site of their own and run `init.mjs` /
//! `xss.mjs` on it; [`run_saved_search`] has `saved-search.mjs` build the sample twice (issue 14);
//! [`run_one_round`] builds 3,000 generated vacancies for `one-round.mjs` (issue 14 §4).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, run as run_cmd};

/// Where Chromium is expected (Debian's `chromium` package); `$QUANYU_CHROMIUM` overrides it, for
/// `run.mjs` too.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// Runs the browser tests against the built site in `dist` (a folder holding the portals' `index.html`),
/// and the live-preview tests with the `sitegen` binary `sitegen` (built with the widget).
pub fn run(dist: &Path, sitegen: &Path) -> Result<(), String> {
    let dir = util::root().join("tests/browser");
    let dist = dist.canonicalize().map_err(|e| format!("{}: {e} (build the site first: cargo xtask dist)", dist.display()))?;
    if !dist.join("index.html").is_file() {
        return Err(format!("{} holds no built site (no index.html): build it first with cargo xtask dist", dist.display()));
    }
    let chromium = prepare()?;
    let widget = run_cmd(Command::new("node").current_dir(util::root()).arg(dir.join("run.mjs")).arg(&dist).env("QUANYU_CHROMIUM", &chromium));
    let csp = run_cmd(Command::new("node").current_dir(util::root()).arg(dir.join("csp.mjs")).arg(&dist).env("QUANYU_CHROMIUM", &chromium));
    let serve = run_cmd(
        Command::new("node")
            .current_dir(util::root())
            .arg(dir.join("serve.mjs"))
            .arg("--sitegen")
            .arg(sitegen)
            .arg("--content")
            .arg(util::root().join("sitegen/tests/fixtures/good"))
            .env("QUANYU_CHROMIUM", &chromium),
    );
    let failures: Vec<String> = [widget, csp, serve].into_iter().filter_map(Result::err).collect();
    if failures.is_empty() { Ok(()) } else { Err(failures.join("; ")) }
}

/// The site `sitegen init` writes, in the browser (`tests/browser/init.mjs`): made with the `sitegen` at
/// `bin` into `target/test-init/`, built, and its listing searched.
pub fn run_init_site(bin: &Path) -> Result<(), String> {
    let base = util::root().join("target/test-init");
    if base.exists() {
        std::fs::remove_dir_all(&base).map_err(|e| format!("{}: {e}", base.display()))?;
    }
    let (content, dist) = (base.join("content"), base.join("dist"));
    let sitegen = |args: &[&std::ffi::OsStr]| {
        let mut c = Command::new(bin);
        c.current_dir(util::root()).env("SOURCE_DATE_EPOCH", util::source_date_epoch()).args(args);
        run_cmd(&mut c)
    };
    sitegen(&["init".as_ref(), content.as_os_str(), "--district".as_ref(), "huangpu=黄埔区".as_ref()])?;
    sitegen(&["build".as_ref(), "--content".as_ref(), content.as_os_str(), "--out".as_ref(), dist.as_os_str()])?;
    let chromium = prepare()?;
    let script = util::root().join("tests/browser/init.mjs");
    run_cmd(Command::new("node").current_dir(util::root()).arg(script).arg(&dist).env("QUANYU_CHROMIUM", &chromium))
}

/// Saved searches across two builds (issue 14 §2): `tests/browser/saved-search.mjs` builds the sample
/// content with the `sitegen` at `bin`, saves a search in the browser, rebuilds a week later with new
/// vacancies and checks "我的收藏" counts exactly the new matching ones.
pub fn run_saved_search(bin: &Path) -> Result<(), String> {
    let chromium = prepare()?;
    let script = util::root().join("tests/browser/saved-search.mjs");
    run_cmd(
        Command::new("node")
            .current_dir(util::root())
            .arg(script)
            .arg("--sitegen")
            .arg(bin)
            .arg("--content")
            .arg(util::root().join("content"))
            .env("QUANYU_CHROMIUM", &chromium),
    )
}

/// One network round per new term (issue 14 §4), on a site too large for the widget to fetch whole:
/// 3,000 generated vacancies in the sample's three languages ([`crate::bench_build::prepare_content_in`])
/// built with the `sitegen` at `bin` into `target/test-large/`, then `tests/browser/one-round.mjs` on it.
pub fn run_one_round(bin: &Path) -> Result<(), String> {
    let base = util::root().join("target/test-large");
    let (content, dist) = (base.join("content"), base.join("dist"));
    crate::bench_build::prepare_content_in(&content, 3000, false)?;
    let _ = std::fs::remove_dir_all(&dist);
    let mut build = Command::new(bin);
    build
        .current_dir(util::root())
        .env("SOURCE_DATE_EPOCH", util::SAMPLE_EPOCH)
        .args(["build", "-q", "--no-cache", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(&dist);
    run_cmd(&mut build)?;
    let chromium = prepare()?;
    let script = util::root().join("tests/browser/one-round.mjs");
    run_cmd(Command::new("node").current_dir(util::root()).arg(script).arg(&dist).env("QUANYU_CHROMIUM", &chromium))
}

/// The XSS corpus in the browser (issue 15): `sitegen/tests/xss.rs` builds the good fixture with every
/// vector in every content field into [`xss_dist`] (kept there when `QUANYU_XSS_DIST` names it), then
/// `tests/browser/xss.mjs` loads every page a vector reached with `alert`/`confirm`/`prompt` trapped.
///
/// With `built_by_cargo_test`, the build that `cargo test --workspace` just made (with `QUANYU_XSS_DIST`
/// set by `cargo xtask test`) is used when it is there, instead of building the corpus a second time.
pub fn run_xss_site(built_by_cargo_test: bool) -> Result<(), String> {
    let dist = xss_dist();
    if !(built_by_cargo_test && dist.join("index.html").is_file()) {
        if dist.exists() {
            std::fs::remove_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
        }
        let mut build = crate::util::cargo();
        build
            .args(["test", "--quiet", "-p", "sitegen", "--test", "xss", "every_vector_is_inert_in_every_page_of_a_build"])
            .env("QUANYU_XSS_DIST", &dist);
        run_cmd(&mut build)?;
    }
    let chromium = prepare()?;
    let script = util::root().join("tests/browser/xss.mjs");
    run_cmd(Command::new("node").current_dir(util::root()).arg(script).arg(&dist).env("QUANYU_CHROMIUM", &chromium))
}

/// Where the XSS corpus site is built for the browser step.
pub fn xss_dist() -> PathBuf {
    util::root().join("target/test-xss/dist")
}

/// What any script of `tests/browser/` needs before it runs: checks that Chromium is there (returns its
/// path, to pass on as `$QUANYU_CHROMIUM`) and installs the npm packages when needed. Also used by
/// `cargo xtask bench-search` ([`crate::bench_search`]).
pub(crate) fn prepare() -> Result<PathBuf, String> {
    let dir = util::root().join("tests/browser");
    let chromium = chromium();
    if !chromium.is_file() {
        return Err(format!(
            "Chromium not found at {}: install Debian's package (apt-get install -y chromium) or point $QUANYU_CHROMIUM at one \
             (the tests never download a browser)",
            chromium.display()
        ));
    }
    if needs_npm_ci(&dir) {
        run_cmd(Command::new("npm").current_dir(&dir).args(["ci", "--no-audit", "--no-fund"]))
            .map_err(|e| format!("{e} (installing tests/browser's npm packages needs node and npm)"))?;
    }
    Ok(chromium)
}

/// `cargo xtask browser [--dist DIR] [--sitegen BIN]`: [`run`] on `DIR` (default `dist/` in the workspace
/// root) with `BIN` (default: the release `sitegen`, built when needed, as `cargo xtask dist` builds it).
pub fn run_cli(args: &[String]) -> Result<(), String> {
    let f = util::flags(args, &["--dist", "--sitegen"])?;
    let last = |k: &str| f.iter().rev().find(|(key, _)| *key == k).map(|(_, v)| PathBuf::from(v));
    let dist = last("--dist").unwrap_or_else(|| util::root().join("dist"));
    let sitegen = match last("--sitegen") {
        Some(bin) => bin,
        None => util::build_sitegen("release")?,
    };
    run(&dist, &sitegen)
}

/// The Chromium binary to drive: `$QUANYU_CHROMIUM`, else [`DEFAULT_CHROMIUM`].
fn chromium() -> PathBuf {
    std::env::var_os("QUANYU_CHROMIUM").filter(|p| !p.is_empty()).map_or_else(|| PathBuf::from(DEFAULT_CHROMIUM), PathBuf::from)
}

/// Whether `npm ci` must run in `dir`: no `node_modules`, or its record of the install
/// (`node_modules/.package-lock.json`) is missing or older than `package-lock.json`.
pub(crate) fn needs_npm_ci(dir: &Path) -> bool {
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(dir.join("package-lock.json")), modified(dir.join("node_modules/.package-lock.json"))) {
        (_, None) => true,
        (Some(lock), Some(installed)) => lock > installed,
        (None, Some(_)) => false,
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    #[test]
    fn npm_ci_runs_when_node_modules_is_missing_or_stale() {
        let dir = std::env::temp_dir().join(format!("xtask-browser-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("node_modules")).unwrap();
        std::fs::write(dir.join("package-lock.json"), "{}").unwrap();
        assert!(needs_npm_ci(&dir), "no record of an install");
        let installed = dir.join("node_modules/.package-lock.json");
        std::fs::write(&installed, "{}").unwrap();
        let set = |p: &Path, t: SystemTime| std::fs::File::options().write(true).open(p).unwrap().set_modified(t).unwrap();
        let now = SystemTime::now();
        set(&dir.join("package-lock.json"), now - Duration::from_secs(60));
        set(&installed, now);
        assert!(!needs_npm_ci(&dir), "installed after the lock file changed");
        set(&dir.join("package-lock.json"), now + Duration::from_secs(60));
        assert!(needs_npm_ci(&dir), "the lock file changed since");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
