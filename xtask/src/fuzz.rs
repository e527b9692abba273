//! `cargo xtask fuzz [--seconds N] [--target NAME]`: the cargo-fuzz targets of `fuzz/` (issue 15 §2),
//! each run for N seconds (default 60), with a table of runs, executions per second, corpus size and
//! result; fails on a crash, naming the reproducer.
//!
//! What it needs it installs, idempotently: the nightly toolchain (`rustup toolchain install nightly
//! --profile minimal`: `RUSTUP_AUTO_INSTALL=0` here, so `+nightly` would not fetch it) and cargo-fuzz
//! [`CARGO_FUZZ`] into `<target>/fuzz-tools/` (a rerun finds it there). Everything else lives under
//! `<target>/fuzz/`: `build/` (one `cargo fuzz build` for every target: the dependencies are built once),
//! `seeds/<target>/` (made afresh by [`seeds`] from the sample content, the fixtures, a `sitegen init`
//! folder, a built sample index and the few hand seeds committed in `fuzz/seeds/`), `corpus/<target>/`
//! (what libFuzzer found, kept between runs) and `artifacts/<target>/` (crashes).
//!
//! The targets are built as cargo-fuzz builds by default (optimized, with debug assertions and overflow
//! checks, so an overflow is a crash) but without a sanitizer (`-s none`: the code is safe Rust; ASan
//! would slow every execution and find nothing safe code can do) and with 16 codegen units (the build
//! is what a CI run waits for).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, describe, run, source_date_epoch};

/// The cargo-fuzz release `cargo xtask fuzz` installs.
pub const CARGO_FUZZ: &str = "0.13.2";

/// The fuzz targets (`fuzz/fuzz_targets/<name>.rs`), in the order they run.
pub const TARGETS: &[&str] = &["json", "vacancy", "dates_hours", "tokenize", "decoders", "index_roundtrip", "content", "import", "markdown"];

/// The build flags of every target (see the module docs).
const BUILD_FLAGS: &[&str] = &["-O", "-a", "-s", "none", "--codegen-units", "16"];

/// Runs the subcommand.
pub fn run_cli(args: &[String]) -> Result<(), String> {
    let f = util::flags(args, &["--seconds", "--target"])?;
    let mut seconds = 60;
    let mut only: Vec<&str> = Vec::new();
    for (k, v) in f {
        match k {
            "--seconds" => seconds = v.parse().map_err(|_| format!("--seconds wants a whole number, not `{v}`"))?,
            _ => only.extend(v.split(',')),
        }
    }
    if let Some(t) = only.iter().find(|t| !TARGETS.contains(t)) {
        return Err(format!("no fuzz target `{t}` (targets: {})", TARGETS.join(", ")));
    }
    let targets: Vec<&str> = if only.is_empty() { TARGETS.to_vec() } else { only };
    fuzz(&targets, seconds, None)
}

/// Installs what is missing, makes the seeds (from `dist`, a built sample site, or one built here),
/// builds every target and runs each of `targets` for `seconds`; prints the table.
pub fn fuzz(targets: &[&str], seconds: u64, dist: Option<&Path>) -> Result<(), String> {
    let cargo_fuzz = install()?;
    let dir = util::target_dir().join("fuzz");
    seeds(&dir.join("seeds"), dist)?;
    let mut build = Command::new(&cargo_fuzz);
    build.current_dir(util::root().join("fuzz")).env("RUSTUP_TOOLCHAIN", "nightly").args(["fuzz", "build"]).args(BUILD_FLAGS);
    run(build.arg("--target-dir").arg(dir.join("build")))?;
    let bin_dir = dir.join("build").join(host_triple()?).join("release");
    let mut rows = Vec::new();
    for t in targets {
        rows.push(run_target(&bin_dir.join(t), t, &dir, seconds)?);
    }
    println!("{:<16} {:>12} {:>9} {:>8}  result", "target", "runs", "exec/s", "corpus");
    for r in &rows {
        println!("{:<16} {:>12} {:>9} {:>8}  {}", r.target, r.runs, r.per_sec, r.corpus, r.result.as_deref().unwrap_or("ok"));
    }
    let crashed: Vec<&Row> = rows.iter().filter(|r| r.result.is_some()).collect();
    if crashed.is_empty() {
        Ok(())
    } else {
        Err(format!("{} fuzz target(s) failed: {}", crashed.len(), crashed.iter().map(|r| r.target.as_str()).collect::<Vec<_>>().join(", ")))
    }
}

/// One line of the table.
struct Row {
    target: String,
    runs: u64,
    per_sec: u64,
    corpus: usize,
    /// `None`: ran clean; else what went wrong, with the reproducer's path.
    result: Option<String>,
}

/// Runs one target's binary for `seconds` on its corpus and seeds.
fn run_target(bin: &Path, target: &str, dir: &Path, seconds: u64) -> Result<Row, String> {
    let corpus = dir.join("corpus").join(target);
    let artifacts = dir.join("artifacts").join(target);
    for d in [&corpus, &artifacts] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let mut cmd = Command::new(bin);
    cmd.arg(&corpus).arg(dir.join("seeds").join(target));
    cmd.arg(format!("-max_total_time={seconds}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        // A single input taking 20 s is a hang: reported like a crash.
        .args(["-timeout=20", "-rss_limit_mb=2048", "-print_final_stats=1", "-max_len=1048576"]);
    eprintln!("xtask: running {}", describe(&cmd));
    let out = cmd.output().map_err(|e| format!("cannot run {}: {e}", describe(&cmd)))?;
    let log = String::from_utf8_lossy(&out.stderr);
    let stat = |name: &str| log.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(0);
    let corpus_size = std::fs::read_dir(&corpus).map(|d| d.count()).unwrap_or(0);
    let result = if out.status.success() {
        None
    } else {
        let log_path = artifacts.join("last-failure.log");
        std::fs::write(&log_path, out.stderr.as_slice()).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let reproducer = log.lines().find_map(|l| l.split_once("Test unit written to ").map(|(_, p)| p.trim().to_owned()));
        let why = log.lines().find(|l| l.contains("panicked at") || l.contains("==ERROR") || l.contains("ERROR: libFuzzer")).unwrap_or("failed");
        eprintln!("{}", log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n"));
        Some(format!(
            "FAILED ({}): {why}; reproducer {} (rerun: {} {}); log {}",
            out.status,
            reproducer.as_deref().unwrap_or("not written"),
            bin.display(),
            reproducer.as_deref().unwrap_or("<input>"),
            log_path.display()
        ))
    };
    Ok(Row {
        target: target.to_owned(),
        runs: stat("stat::number_of_executed_units:"),
        per_sec: stat("stat::average_exec_per_sec:"),
        corpus: corpus_size,
        result,
    })
}

/// The host's target triple (cargo-fuzz builds for it), from `rustc -vV`.
fn host_triple() -> Result<String, String> {
    let out = Command::new("rustc").args(["+nightly", "-vV"]).output().map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "rustc +nightly -vV names no host".to_owned())
}

/// Installs the nightly toolchain (minimal profile) when rustup lacks it, and cargo-fuzz [`CARGO_FUZZ`]
/// into `<target>/fuzz-tools/` when it is not there; returns cargo-fuzz's path.
fn install() -> Result<PathBuf, String> {
    let list = Command::new("rustup").args(["toolchain", "list"]).output().map_err(|e| format!("cannot run rustup: {e}"))?;
    if !String::from_utf8_lossy(&list.stdout).lines().any(|l| l.starts_with("nightly-")) {
        run(Command::new("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))?;
    }
    let root = util::target_dir().join("fuzz-tools");
    let bin = root.join("bin").join(format!("cargo-fuzz{}", std::env::consts::EXE_SUFFIX));
    let version = Command::new(&bin).arg("--version").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
    if !version.split_whitespace().any(|w| w == CARGO_FUZZ) {
        run(util::cargo().args(["install", "--locked", "--quiet", "cargo-fuzz", "--version", &format!("={CARGO_FUZZ}"), "--root"]).arg(&root))?;
    }
    Ok(bin)
}

/// Writes every target's seeds into `dir/<target>/` (emptied first). `dist`: a built sample site whose
/// index to use; without it the sample is built (with the dev `sitegen`) into `<target>/fuzz/sample/`.
pub fn seeds(dir: &Path, dist: Option<&Path>) -> Result<(), String> {
    let root = util::root();
    let bin = util::build_sitegen("dev")?;
    let dist = match dist {
        Some(d) => d.to_owned(),
        None => {
            let out = util::target_dir().join("fuzz").join("sample");
            let mut c = Command::new(&bin);
            c.current_dir(&root).env("SOURCE_DATE_EPOCH", source_date_epoch()).args(["build", "--quiet", "--content", "content", "--out"]).arg(&out);
            run(&mut c)?;
            out
        }
    };
    // A `sitegen init` folder: the starter content, with its example spreadsheet.
    let starter = util::target_dir().join("fuzz").join("init");
    if starter.exists() {
        std::fs::remove_dir_all(&starter).map_err(|e| format!("{}: {e}", starter.display()))?;
    }
    run(Command::new(&bin).env("SOURCE_DATE_EPOCH", source_date_epoch()).args(["--quiet", "init"]).arg(&starter))?;

    let mut seeds = Seeds::new(dir)?;
    let mut content = Vec::new();
    for folder in [root.join("content"), root.join("sitegen/tests/fixtures/good"), root.join("sitegen/tests/fixtures/invalid"), starter] {
        files(&folder, &folder, &mut content)?;
    }
    for (rel, bytes) in &content {
        if let Some(kind) = content_kind(rel) {
            seeds.add("content", &[kind.as_bytes(), b"\0", bytes].concat())?;
        }
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
        if rel.contains("/vacancies/") {
            seeds.add("import", &[ext.as_bytes(), b"\0", bytes].concat())?;
        }
        if ext == "json" {
            seeds.add("json", bytes)?;
            seeds.add("vacancy", bytes)?;
            for title in titles(bytes) {
                let utf16: Vec<u8> = title.encode_utf16().flat_map(u16::to_le_bytes).collect();
                seeds.add("tokenize", &utf16)?;
            }
            for description in strings_of(bytes, "description") {
                seeds.add("markdown", description.as_bytes())?;
            }
        }
        if ext == "md" {
            seeds.add("markdown", bytes)?;
        }
        if matches!(ext, "json" | "toml" | "md") {
            for s in quoted(bytes).into_iter().filter(|s| looks_like_time(s)) {
                seeds.add("dates_hours", s.as_bytes())?;
            }
        }
    }
    // Documents for the writer: the sample's titles in `quanyu_fuzz::texts`' layout (a count, then per
    // document a title, one other text and its two facets' keys).
    let all_titles: Vec<String> = content.iter().filter(|(r, _)| r.ends_with(".json")).flat_map(|(_, b)| titles(b)).collect();
    for (i, group) in all_titles.chunks(24).take(8).enumerate() {
        let mut b = vec![group.len() as u8];
        for (j, t) in group.iter().enumerate() {
            let t = &t.as_bytes()[..t.len().min(255)];
            b.extend([t.len() as u8]);
            b.extend(t);
            b.extend([1, 6]);
            b.extend(b"Excel ");
            b.extend([if j % 2 == 0 { 6 } else { 7 }]);
            b.extend(if j % 2 == 0 { &b"tianhe"[..] } else { &b"huangpu"[..] });
            b.extend([1, 9]);
            b.extend(b"FULL_TIME");
        }
        b.extend((0..64u8).map(|k| k.wrapping_mul(37).wrapping_add(i as u8)));
        seeds.add("index_roundtrip", &b)?;
    }
    // The built index: every kind of file, gzipped as served and inflated as decoded.
    let mut index = Vec::new();
    files(&dist.join("search"), &dist.join("search"), &mut index)?;
    let mut per_kind = std::collections::BTreeMap::<String, usize>::new();
    for (name, gz) in &index {
        let kind = name.split('-').next().unwrap_or("").to_owned();
        let n = per_kind.entry(kind).or_default();
        *n += 1;
        if *n > 6 {
            continue;
        }
        seeds.add("decoders", gz)?;
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz.as_slice()), &mut inflated).map_err(|e| format!("search/{name}: {e}"))?;
        seeds.add("decoders", &inflated)?;
    }
    // Hand seeds (fuzz/seeds/<target>/): small forms nothing above has.
    for t in TARGETS {
        let mut hand = Vec::new();
        files(&root.join("fuzz/seeds").join(t), &root.join("fuzz/seeds").join(t), &mut hand)?;
        for (_, b) in hand {
            seeds.add(t, &b)?;
        }
    }
    let counts: Vec<String> = TARGETS.iter().map(|t| format!("{t} {}", seeds.count(t))).collect();
    eprintln!("xtask fuzz: seeds in {}: {}", dir.display(), counts.join(", "));
    Ok(())
}

/// The seed folders, one per target, each file named by its number.
struct Seeds {
    dir: PathBuf,
    counts: std::collections::BTreeMap<String, usize>,
}

impl Seeds {
    fn new(dir: &Path) -> Result<Seeds, String> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        for t in TARGETS {
            std::fs::create_dir_all(dir.join(t)).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        Ok(Seeds { dir: dir.to_owned(), counts: Default::default() })
    }

    fn add(&mut self, target: &str, bytes: &[u8]) -> Result<(), String> {
        let n = self.counts.entry(target.to_owned()).or_default();
        *n += 1;
        let path = self.dir.join(target).join(format!("{n:05}"));
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn count(&self, target: &str) -> usize {
        self.counts.get(target).copied().unwrap_or(0)
    }
}

/// Every file under `dir` (none when it does not exist), as (path relative to `base` with `/`, bytes),
/// in path order.
fn files(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files(base, &p, out)?;
        } else {
            let rel = p.strip_prefix(base).map_err(|e| e.to_string())?.to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?));
        }
    }
    Ok(())
}

/// The `content` target's kind (`quanyu_fuzz::CONTENT_KINDS`) of a content file, by its place in the folder.
fn content_kind(rel: &str) -> Option<&'static str> {
    let parts: Vec<&str> = rel.split('/').collect();
    let name = *parts.last()?;
    let lang = name.matches('.').count() > 1;
    Some(match parts.as_slice() {
        ["site.toml"] => "site.toml",
        ["index.md"] => "index.md",
        ["pages", _] if lang => "page.lang.md",
        ["pages", _] => "page.md",
        ["districts", _, "district.toml"] => "district.toml",
        ["districts", _, "index.md"] => "district-index.md",
        ["districts", _, "pages", _] => "district-page.md",
        ["districts", _, "policies", _] => "policy.md",
        ["districts", _, "stations.toml"] => "stations.toml",
        ["districts", _, "events.toml"] => "events.toml",
        ["districts", _, "figures.toml"] => "figures.toml",
        ["districts", _, "vacancies", n] if n.ends_with(".json") => "vacancies.json",
        _ => return None,
    })
}

/// The `title` values of a vacancy file (none when it is not a JSON array of objects).
fn titles(bytes: &[u8]) -> Vec<String> {
    strings_of(bytes, "title")
}

/// Field `field` of each record of a JSON array of vacancies (at most 60).
fn strings_of(bytes: &[u8], field: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
    v.as_array().into_iter().flatten().filter_map(|o| o[field].as_str().map(str::to_owned)).take(60).collect()
}

/// The short double-quoted strings of a text file (TOML and JSON values), without repeats.
fn quoted(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out: Vec<String> = text.split('"').skip(1).step_by(2).filter(|s| s.len() <= 48).map(str::to_owned).collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a string looks like a date, a date-time or an opening-hours rule.
fn looks_like_time(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-')
        || ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].iter().any(|d| s.starts_with(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_files_get_the_kinds_the_content_target_knows() {
        let cases = [
            ("site.toml", Some("site.toml")),
            ("index.md", Some("index.md")),
            ("index.en.md", None),
            ("pages/about.md", Some("page.md")),
            ("pages/about.en.md", Some("page.lang.md")),
            ("districts/demo/district.toml", Some("district.toml")),
            ("districts/demo/index.md", Some("district-index.md")),
            ("districts/demo/pages/guide.zh-HK.md", Some("district-page.md")),
            ("districts/demo/policies/subsidy.md", Some("policy.md")),
            ("districts/demo/stations.toml", Some("stations.toml")),
            ("districts/demo/events.toml", Some("events.toml")),
            ("districts/demo/figures.toml", Some("figures.toml")),
            ("districts/demo/vacancies/a.json", Some("vacancies.json")),
            ("districts/demo/vacancies/b.xlsx", None),
            ("static/logo.svg", None),
        ];
        for (rel, kind) in cases {
            assert_eq!(content_kind(rel), kind, "{rel}");
        }
        // Every file of the good fixture has a kind.
        let mut fixture = Vec::new();
        let dir = util::root().join("sitegen/tests/fixtures/good");
        files(&dir, &dir, &mut fixture).unwrap();
        assert!(fixture.len() > 10);
        for (rel, _) in &fixture {
            assert!(content_kind(rel).is_some(), "{rel} has no kind");
        }
    }

    #[test]
    fn date_and_hours_seeds_are_picked_from_quoted_values() {
        let toml = r#"start = "2026-12-05T09:30:00+08:00"
hours = ["Mo-Fr 09:00-17:30", "Sa 10:00-12:00"]
name = "Mo Li Hua" # not a rule, but close enough to seed
title = "2026 年招聘会"
"#;
        let picked: Vec<String> = quoted(toml.as_bytes()).into_iter().filter(|s| looks_like_time(s)).collect();
        assert_eq!(picked, ["2026-12-05T09:30:00+08:00", "Mo Li Hua", "Mo-Fr 09:00-17:30", "Sa 10:00-12:00"]);
    }
}
