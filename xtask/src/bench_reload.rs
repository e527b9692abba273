//! `cargo xtask bench-reload [--sizes sample,100000] [--runs 5]`: how long from saving a content file to
//! the page in the browser showing the change, with `sitegen serve` (issue 12). A benchmark, not a test:
//! it prints a table.
//!
//! Builds the widget and the release `sitegen`, then for each size prepares a content folder under
//! `target/bench-reload/`: `sample` is a copy of `content/` as it is; a number N is a copy of `content/`
//! (all its languages) with N generated vacancies instead of its own (`cargo xtask gen-content`'s
//! generator, N / 5 per district). `tests/browser/bench-reload.mjs` serves it with the real `sitegen serve`
//! and Chromium, opens `/pages/about/`, and `--runs` times appends a line to `pages/about.md` and waits
//! for the reloaded page to show it (the time to its first contentful paint). The median, fastest and
//! slowest runs are printed, with the server's own build time. Target on the sample: under 1 s.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::gen_content::{self, DISTRICTS, GenOptions};
use crate::util::{self, SAMPLE_EPOCH};
use crate::{bench_build, browser, wasm};

/// Runs the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let f = util::flags(args, &["--sizes", "--runs"])?;
    let last = |k: &str| f.iter().rev().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let runs: usize = match last("--runs").unwrap_or("5").parse() {
        Ok(n) if n > 0 => n,
        _ => return Err("--runs: not a positive number".into()),
    };
    let sizes: Vec<Option<usize>> = last("--sizes")
        .unwrap_or("sample,100000")
        .split(',')
        .map(|s| match s.trim() {
            "sample" => Ok(None),
            n => n.parse().map(Some).map_err(|_| format!("--sizes: `{n}` is neither `sample` nor a number")),
        })
        .collect::<Result<_, _>>()?;
    wasm::build_widget()?;
    let bin = util::build_sitegen("release")?;
    let chromium = browser::prepare()?;
    let work = util::root().join("target/bench-reload");
    let mut rows = Vec::new();
    for size in sizes {
        let name = size.map_or_else(|| "sample".to_owned(), |n| n.to_string());
        let content = work.join(format!("content-{name}"));
        prepare(&content, size)?;
        let out = work.join(format!("dist-{name}"));
        remove_outputs(&work, &out);
        let json = work.join(format!("reload-{name}.json"));
        let _ = fs::remove_file(&json);
        let mut cmd = Command::new("node");
        cmd.current_dir(util::root())
            .arg(util::root().join("tests/browser/bench-reload.mjs"))
            .arg("--sitegen")
            .arg(&bin)
            .arg("--content")
            .arg(&content)
            .arg("--out")
            .arg(&out)
            .args(["--runs", &runs.to_string(), "--page", "/pages/about/", "--file", "pages/about.md"])
            .arg("--json")
            .arg(&json)
            .env("QUANYU_CHROMIUM", &chromium)
            .env("SOURCE_DATE_EPOCH", SAMPLE_EPOCH);
        util::run(&mut cmd)?;
        let report: Value = serde_json::from_slice(&fs::read(&json).map_err(|e| format!("{}: {e}", json.display()))?)
            .map_err(|e| format!("{}: {e}", json.display()))?;
        remove_outputs(&work, &out);
        rows.push((name, report));
    }
    println!("\n| content | vacancies | pages | runs | save → page shown, median | fastest | slowest | build (server), median |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (name, report) in rows {
        let runs = report["runs"].as_array().cloned().unwrap_or_default();
        let mut ms: Vec<f64> = runs.iter().filter_map(|r| r["ms"].as_f64()).collect();
        let mut build: Vec<f64> = runs.iter().filter_map(|r| r["build_ms"].as_f64()).collect();
        let (Some(first), false) = (runs.first(), ms.is_empty()) else { continue };
        ms.sort_by(f64::total_cmp);
        build.sort_by(f64::total_cmp);
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            first["vacancies"],
            first["pages"],
            ms.len(),
            secs(median(&ms)),
            secs(ms[0]),
            secs(ms[ms.len() - 1]),
            secs(median(&build))
        );
    }
    println!("\ntarget on the sample: under 1 s from save to the page showing the change");
    Ok(())
}

/// The content folder for a size: the sample as it is, or with `n` generated vacancies.
pub(crate) fn prepare(dir: &Path, size: Option<usize>) -> Result<(), String> {
    let _ = fs::remove_dir_all(dir);
    let src = util::root().join("content");
    match size {
        None => bench_build::copy_tree(&src, dir, &|_| true),
        Some(n) => {
            bench_build::copy_tree(&src, dir, &|p| !p.components().any(|c| c.as_os_str() == "vacancies"))?;
            gen_content::write_vacancies(dir, &GenOptions { per_district: n.div_ceil(DISTRICTS.len()), ..GenOptions::default() }).map(|_| ())
        }
    }
}

/// Deletes `out` and the previous outputs the server had not finished deleting when it was stopped
/// (`.<out>.tmp-<pid>.old-<n>` beside it).
fn remove_outputs(work: &Path, out: &Path) {
    let prefix = format!(".{}.tmp-", out.file_name().unwrap_or_default().to_string_lossy());
    for e in fs::read_dir(work).into_iter().flatten().flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
    let _ = fs::remove_dir_all(out);
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 }
}

fn secs(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0)
}
