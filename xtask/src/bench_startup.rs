//! `cargo xtask bench-startup [--site DIR | --sizes sample,10000] [--runs 5] [--pages P,…]`: how the
//! listing pages start on a phone, as Lighthouse measures it (issue 14 §4). A benchmark, not a test: it
//! prints a table per page.
//!
//! Without `--site`, builds the widget and the release `sitegen`, then for each size prepares a content
//! folder under `target/bench-startup/` as `bench-reload` does (`sample`: `content/` as it is, three
//! languages; a number N: `content/` with N generated vacancies instead of its own, `gen-content`'s
//! generator, N / 5 per district) and builds it with the sample build date into
//! `target/bench-startup/dist-<size>`. With `--site DIR`, measures that built site as it is.
//!
//! Each of `--runs` rounds runs the shared site audit's Lighthouse (`../shared/tools/site-audit`,
//! `--preset mobile`: Lighthouse's default mobile config, simulated throttling — what the audit of
//! `cargo xtask test` scores) once on every page, one page after another in one Chromium, with nothing
//! but Lighthouse (`--skip axe,vnu,links,jsonld,weight`), after the site's home page ([`WARM_UP`], not
//! reported); its full reports (`--reports`) are kept in `target/bench-startup/<size>/run-<n>/`. Rounds rather than five runs of a page in a row, so that
//! a burst of load on the shared machine spreads over the pages.
//!
//! Per page it prints Total Blocking Time (median, fastest, slowest), the performance score, FCP, LCP and
//! TTI (medians), then, from the run whose TBT is the median, the main thread's time by kind
//! (`mainthread-work-breakdown`), by script (`bootup-time`) and its long tasks (`long-tasks`: start,
//! duration, script). Target (issue 14 §4): TBT ≤ 150 ms as the median of five runs on every listing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::util::{self, SAMPLE_EPOCH};
use crate::{bench_reload, wasm};

/// The listing pages measured by default (those the built site has): a district's listing, a listing
/// by work type (the one the audit once failed), the city-wide listing, in the three languages.
pub const DEFAULT_PAGES: &[&str] =
    &["huangpu/jobs/", "liwan/jobs/type/per-diem/", "jobs/", "zh-hk/huangpu/jobs/", "zh-hk/jobs/", "en/huangpu/jobs/", "en/jobs/"];

/// The page each round starts with, not reported: the first page a fresh Chromium lays out pays for
/// finding the system's CJK fonts (a first layout of 500+ ms, simulated, that a page loaded after it
/// does not have), which would otherwise fall on whichever listing comes first. The audit of
/// `cargo xtask test` starts with it too.
const WARM_UP: &str = "/";

/// The target: the median TBT of every listing page, in ms.
const TARGET_TBT_MS: f64 = 150.0;

/// How many long tasks and scripts of the median run are listed.
const TOP: usize = 6;

/// The options of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    /// A built site to measure as it is.
    site: Option<PathBuf>,
    /// Otherwise the sizes to build: `None` for the sample, `Some(n)` for n generated vacancies.
    sizes: Vec<Option<usize>>,
    /// Lighthouse runs per page.
    runs: usize,
    /// The pages, relative to the site's root (`huangpu/jobs/`); `None`: those of [`DEFAULT_PAGES`] the
    /// site has.
    pages: Option<Vec<String>>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let f = util::flags(args, &["--site", "--sizes", "--runs", "--pages"])?;
    let last = |k: &str| f.iter().rev().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let runs = match last("--runs").unwrap_or("5").trim().parse() {
        Ok(n) if n > 0 => n,
        _ => return Err("--runs: not a positive number".into()),
    };
    if last("--site").is_some() && last("--sizes").is_some() {
        return Err("--site and --sizes exclude each other".into());
    }
    let sizes = last("--sizes")
        .unwrap_or("sample,10000")
        .split(',')
        .map(|s| match s.trim() {
            "sample" => Ok(None),
            n => {
                n.parse().ok().filter(|&n: &usize| n > 0).map(Some).ok_or_else(|| format!("--sizes: `{n}` is neither `sample` nor a positive number"))
            }
        })
        .collect::<Result<_, _>>()?;
    let pages =
        last("--pages").map(|p| p.split(',').map(|s| s.trim().trim_start_matches('/').to_owned()).filter(|s| !s.is_empty()).collect::<Vec<_>>());
    if pages.as_ref().is_some_and(Vec::is_empty) {
        return Err("--pages: no page given".into());
    }
    Ok(Options { site: last("--site").map(PathBuf::from), sizes, runs, pages })
}

/// Runs the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let opts = parse(args)?;
    let tool = util::root().join("../shared/tools/site-audit");
    if !tool.join("site-audit").is_file() {
        return Err(format!("{} not found: the shared folder must sit beside the repository", tool.display()));
    }
    util::run(Command::new("bash").arg(tool.join("install.sh")))?;
    let work = util::root().join("target/bench-startup");
    let sites: Vec<(String, PathBuf)> = match &opts.site {
        Some(dir) => vec![(dir.display().to_string(), dir.clone())],
        None => {
            wasm::build_widget()?;
            let bin = util::build_sitegen("release")?;
            let mut sites = Vec::new();
            for size in &opts.sizes {
                let name = size.map_or_else(|| "sample".to_owned(), |n| n.to_string());
                let content = work.join(format!("content-{name}"));
                bench_reload::prepare(&content, *size)?;
                let out = work.join(format!("dist-{name}"));
                let _ = fs::remove_dir_all(&out);
                let mut cmd = Command::new(&bin);
                cmd.args(["build", "--no-cache", "--content"]).arg(&content).arg("--out").arg(&out).env("SOURCE_DATE_EPOCH", SAMPLE_EPOCH);
                util::run(&mut cmd)?;
                sites.push((name, out));
            }
            sites
        }
    };
    let load_before = load_average();
    let mut tables = Vec::new();
    let mut version: Option<String> = None;
    for (name, dir) in &sites {
        let pages = pages_of(dir, opts.pages.as_deref())?;
        let reports = work.join(name.replace(['/', '\\'], "_"));
        let mut runs: Vec<Vec<(String, Value)>> = Vec::new();
        for n in 1..=opts.runs {
            let into = reports.join(format!("run-{n}"));
            let _ = fs::remove_dir_all(&into);
            eprintln!("xtask bench-startup: {name}, run {n} of {}", opts.runs);
            let mut cmd = Command::new("bash");
            cmd.arg(tool.join("site-audit"))
                .arg(dir)
                .args([
                    "--pages",
                    &format!("{WARM_UP},{}", pages.join(",")),
                    "--preset",
                    "mobile",
                    "--skip",
                    "axe,vnu,links,jsonld,weight",
                    "--min-score",
                    "0",
                    "-q",
                ])
                .arg("--reports")
                .arg(&into)
                .arg("--json")
                .arg(into.join("audit.json"));
            // The tool's table lists every page of the site: only its summary line is shown.
            eprintln!("xtask: running {}", util::describe(&cmd));
            let out = cmd.output().map_err(|e| format!("cannot run the site audit: {e}"))?;
            let stdout = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() {
                return Err(format!("the site audit failed ({}):\n{stdout}{}", out.status, String::from_utf8_lossy(&out.stderr)));
            }
            if let Some(line) = stdout.lines().rev().find(|l| l.starts_with("site-audit:")) {
                eprintln!("{line}");
            }
            if version.is_none() {
                version = fs::read(into.join("audit.json"))
                    .ok()
                    .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                    .and_then(|v| v["versions"]["lighthouse"].as_str().map(str::to_owned));
            }
            let mut found = Vec::new();
            for page in &pages {
                let file = into.join(format!("{}.mobile.report.json", slug(&html_file(page))));
                let lhr: Value = serde_json::from_slice(&fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                found.push((page.clone(), lhr));
            }
            runs.push(found);
        }
        for (i, page) in pages.iter().enumerate() {
            let lhrs: Vec<&Value> = runs.iter().map(|r| &r[i].1).collect();
            tables.push((name.clone(), page.clone(), summarize(&lhrs)?));
        }
    }
    let load_after = load_average();
    println!();
    println!(
        "Lighthouse {} mobile (simulated throttling), {} run(s) per page; load average before {load_before}, after {load_after}",
        version.as_deref().unwrap_or("?"),
        opts.runs
    );
    println!("\n| site | page | TBT median | min | max | performance (median) | FCP | LCP | TTI | longest tasks (median run) |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (site, page, s) in &tables {
        let tasks: Vec<String> = s.long_tasks.iter().take(3).map(|t| format!("{:.0}", t.duration)).collect();
        println!(
            "| {site} | /{page} | {:.0} ms | {:.0} | {:.0} | {} | {:.0} ms | {:.0} ms | {:.0} ms | {} |",
            s.tbt_median,
            s.tbt_min,
            s.tbt_max,
            s.performance_median,
            s.fcp_median,
            s.lcp_median,
            s.tti_median,
            if tasks.is_empty() { "none".to_owned() } else { format!("{} ms", tasks.join(", ")) }
        );
    }
    for (site, page, s) in &tables {
        println!("\n{site} /{page}: the median run (TBT {:.0} ms)", s.median_run_tbt);
        let breakdown: Vec<String> = s.breakdown.iter().map(|(g, ms)| format!("{g} {ms:.0}")).collect();
        println!("  main thread by kind (ms): {}", breakdown.join(", "));
        for b in s.bootup.iter().take(TOP) {
            println!("  script {:>6.0} ms (evaluation {:.0}, compile {:.0}) {}", b.total, b.scripting, b.compile, short_url(&b.url));
        }
        for t in s.long_tasks.iter().take(TOP) {
            println!("  long task at {:>6.0} ms: {:>4.0} ms {}", t.start, t.duration, short_url(&t.url));
        }
    }
    let over: Vec<String> = tables
        .iter()
        .filter(|(_, _, s)| s.tbt_median > TARGET_TBT_MS)
        .map(|(site, page, s)| format!("{site} /{page} ({:.0} ms)", s.tbt_median))
        .collect();
    println!(
        "\ntarget (issue 14 §4): TBT ≤ {TARGET_TBT_MS:.0} ms, median of five runs, on every listing page: {}",
        if over.is_empty() { "met".to_owned() } else { format!("not met on {}", over.join(", ")) }
    );
    Ok(())
}

/// The pages to measure: those given (each must exist), or those of [`DEFAULT_PAGES`] the site has.
fn pages_of(dir: &Path, given: Option<&[String]>) -> Result<Vec<String>, String> {
    if !dir.join("index.html").is_file() {
        return Err(format!("{} holds no built site (no index.html)", dir.display()));
    }
    match given {
        Some(pages) => {
            for p in pages {
                if !dir.join(html_file(p)).is_file() {
                    return Err(format!("--pages: {p} is not in {} ({})", dir.display(), html_file(p)));
                }
            }
            Ok(pages.to_vec())
        }
        None => {
            let pages: Vec<String> = DEFAULT_PAGES.iter().filter(|p| dir.join(html_file(p)).is_file()).map(|p| (*p).to_owned()).collect();
            if pages.is_empty() { Err(format!("{} has none of the listing pages {DEFAULT_PAGES:?}", dir.display())) } else { Ok(pages) }
        }
    }
}

/// A page's HTML file relative to the site's root (`huangpu/jobs/` → `huangpu/jobs/index.html`).
fn html_file(page: &str) -> String {
    if page.is_empty() || page.ends_with('/') { format!("{page}index.html") } else { page.to_owned() }
}

/// The name the site audit gives a page's report (`lib/lighthouse.mjs`: every run of other characters
/// than `[a-zA-Z0-9._-]` becomes one `_`).
fn slug(rel: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in rel.chars() {
        let kept = c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if kept {
            out.push(c);
        } else if !in_run {
            out.push('_');
        }
        in_run = !kept;
    }
    out
}

/// A script's share of the main thread (`bootup-time`).
#[derive(Debug, Clone, PartialEq)]
struct Bootup {
    url: String,
    total: f64,
    scripting: f64,
    compile: f64,
}

/// A main-thread task of 50 ms or more (`long-tasks`).
#[derive(Debug, Clone, PartialEq)]
struct LongTask {
    url: String,
    start: f64,
    duration: f64,
}

/// A page's runs, summed up.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    tbt_median: f64,
    tbt_min: f64,
    tbt_max: f64,
    performance_median: f64,
    fcp_median: f64,
    lcp_median: f64,
    tti_median: f64,
    /// The TBT of the run the details are from.
    median_run_tbt: f64,
    /// The median run's main-thread time by kind, longest first.
    breakdown: Vec<(String, f64)>,
    /// The median run's scripts, most main-thread time first.
    bootup: Vec<Bootup>,
    /// The median run's long tasks, longest first.
    long_tasks: Vec<LongTask>,
}

/// A page's runs (Lighthouse result objects) summed up; the details are those of the run whose TBT is
/// the median (the lower middle one of an even number).
fn summarize(lhrs: &[&Value]) -> Result<Summary, String> {
    let numeric = |lhr: &Value, audit: &str| {
        lhr["audits"][audit]["numericValue"].as_f64().ok_or_else(|| {
            let why = lhr["audits"][audit]["errorMessage"].as_str().or(lhr["runtimeError"]["message"].as_str()).unwrap_or("missing");
            format!("{}: no {audit} ({why})", lhr["requestedUrl"].as_str().unwrap_or("?"))
        })
    };
    let metric = |audit: &str| lhrs.iter().map(|l| numeric(l, audit)).collect::<Result<Vec<f64>, String>>();
    let tbt = metric("total-blocking-time")?;
    let performance: Vec<f64> = lhrs
        .iter()
        .map(|l| l["categories"]["performance"]["score"].as_f64().map(|s| (s * 100.0).round()).ok_or("no performance score"))
        .collect::<Result<_, _>>()?;
    let mut order: Vec<usize> = (0..tbt.len()).collect();
    order.sort_by(|&a, &b| tbt[a].total_cmp(&tbt[b]));
    let Some(&mid) = order.get((order.len().max(1) - 1) / 2) else { return Err("no run".into()) };
    let lhr = lhrs[mid];
    let items = |audit: &str| lhr["audits"][audit]["details"]["items"].as_array().cloned().unwrap_or_default();
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(0.0);
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_owned();
    let mut breakdown: Vec<(String, f64)> = items("mainthread-work-breakdown").iter().map(|i| (s(i, "groupLabel"), f(i, "duration"))).collect();
    breakdown.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut bootup: Vec<Bootup> = items("bootup-time")
        .iter()
        .map(|i| Bootup { url: s(i, "url"), total: f(i, "total"), scripting: f(i, "scripting"), compile: f(i, "scriptParseCompile") })
        .collect();
    bootup.sort_by(|a, b| b.total.total_cmp(&a.total));
    let mut long_tasks: Vec<LongTask> =
        items("long-tasks").iter().map(|i| LongTask { url: s(i, "url"), start: f(i, "startTime"), duration: f(i, "duration") }).collect();
    long_tasks.sort_by(|a, b| b.duration.total_cmp(&a.duration));
    Ok(Summary {
        tbt_median: median(&tbt),
        tbt_min: tbt.iter().copied().fold(f64::INFINITY, f64::min),
        tbt_max: tbt.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        performance_median: median(&performance),
        fcp_median: median(&metric("first-contentful-paint")?),
        lcp_median: median(&metric("largest-contentful-paint")?),
        tti_median: median(&metric("interactive")?),
        median_run_tbt: tbt[mid],
        breakdown,
        bootup,
        long_tasks,
    })
}

/// The median of some numbers (the mean of the middle two of an even number).
fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// A URL without its origin (`http://127.0.0.1:4321/widget/v/x.js` → `/widget/v/x.js`); Lighthouse's
/// pseudo-URLs (`Unattributable`) as they are.
fn short_url(url: &str) -> &str {
    url.strip_prefix("http://").and_then(|rest| rest.find('/').map(|i| &rest[i..])).unwrap_or(url)
}

/// The machine's load average (1, 5, 15 minutes), as `/proc/loadavg` says.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg").map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_else(|_| "unknown".into())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options() {
        let o = parse(&[]).unwrap();
        assert_eq!((o.sizes, o.runs, o.site, o.pages), (vec![None, Some(10_000)], 5, None, None));
        let o = parse(&args("--sizes 10000 --runs 3 --pages /huangpu/jobs/,en/jobs/")).unwrap();
        assert_eq!((o.sizes, o.runs), (vec![Some(10_000)], 3));
        assert_eq!(o.pages, Some(vec!["huangpu/jobs/".to_owned(), "en/jobs/".to_owned()]));
        assert_eq!(parse(&args("--site dist")).unwrap().site, Some(PathBuf::from("dist")));
        assert!(parse(&args("--site dist --sizes sample")).is_err());
        assert!(parse(&args("--runs 0")).is_err());
        assert!(parse(&args("--sizes sample,ten")).is_err());
        assert!(parse(&args("--pages ,")).is_err());
        assert!(parse(&args("--preset desktop")).is_err());
    }

    #[test]
    fn report_names_follow_the_site_audit() {
        assert_eq!(slug(&html_file("huangpu/jobs/")), "huangpu_jobs_index.html");
        assert_eq!(slug(&html_file("")), "index.html");
        assert_eq!(slug(&html_file("zh-hk/jobs/type/per-diem/")), "zh-hk_jobs_type_per-diem_index.html");
        assert_eq!(slug("a//b"), "a_b");
        assert_eq!(slug("a_/b"), "a__b");
        assert_eq!(html_file("404.html"), "404.html");
    }

    fn lhr(tbt: f64, score: f64, task: f64) -> Value {
        json!({
            "requestedUrl": "http://127.0.0.1:1/huangpu/jobs/",
            "categories": { "performance": { "score": score } },
            "audits": {
                "total-blocking-time": { "numericValue": tbt },
                "first-contentful-paint": { "numericValue": 1000.0 + tbt },
                "largest-contentful-paint": { "numericValue": 2000.0 + tbt },
                "interactive": { "numericValue": 3000.0 + tbt },
                "mainthread-work-breakdown": { "details": { "items": [
                    { "group": "styleLayout", "groupLabel": "Style & Layout", "duration": 50.0 },
                    { "group": "scriptEvaluation", "groupLabel": "Script Evaluation", "duration": tbt * 2.0 }
                ] } },
                "bootup-time": { "details": { "items": [
                    { "url": "http://127.0.0.1:1/assets/citizen.js", "total": 10.0, "scripting": 8.0, "scriptParseCompile": 2.0 },
                    { "url": "http://127.0.0.1:1/widget/v/quanyu.js", "total": tbt, "scripting": tbt - 5.0, "scriptParseCompile": 5.0 }
                ] } },
                "long-tasks": { "details": { "items": [
                    { "url": "http://127.0.0.1:1/widget/v/quanyu.js", "startTime": 900.0, "duration": 60.0 },
                    { "url": "Unattributable", "startTime": 1200.0, "duration": task }
                ] } }
            }
        })
    }

    #[test]
    fn summary_takes_medians_and_the_median_runs_details() {
        let runs = [lhr(300.0, 0.88, 400.0), lhr(100.0, 0.99, 150.0), lhr(200.0, 0.95, 250.0), lhr(120.0, 0.98, 170.0), lhr(90.0, 1.0, 140.0)];
        let refs: Vec<&Value> = runs.iter().collect();
        let s = summarize(&refs).unwrap();
        assert_eq!((s.tbt_median, s.tbt_min, s.tbt_max), (120.0, 90.0, 300.0));
        assert_eq!(s.performance_median, 98.0);
        assert_eq!((s.fcp_median, s.lcp_median, s.tti_median), (1120.0, 2120.0, 3120.0));
        // The details are the run whose TBT is 120 ms.
        assert_eq!(s.median_run_tbt, 120.0);
        assert_eq!(s.breakdown, vec![("Script Evaluation".to_owned(), 240.0), ("Style & Layout".to_owned(), 50.0)]);
        assert_eq!(s.bootup[0].url, "http://127.0.0.1:1/widget/v/quanyu.js");
        assert_eq!((s.bootup[0].total, s.bootup[0].compile), (120.0, 5.0));
        assert_eq!(s.long_tasks.iter().map(|t| t.duration).collect::<Vec<_>>(), vec![170.0, 60.0]);
        // An even number of runs: the lower middle run's details, the mean of the middle two as the median.
        let s = summarize(&refs[..4]).unwrap();
        assert_eq!((s.tbt_median, s.median_run_tbt), (160.0, 120.0));
    }

    #[test]
    fn a_run_without_a_metric_is_an_error() {
        let mut broken = lhr(100.0, 0.9, 100.0);
        broken["audits"]["total-blocking-time"] = json!({ "errorMessage": "NO_FCP" });
        let err = summarize(&[&broken]).unwrap_err();
        assert!(err.contains("total-blocking-time") && err.contains("NO_FCP"), "{err}");
    }

    #[test]
    fn urls_lose_their_origin() {
        assert_eq!(short_url("http://127.0.0.1:4321/widget/v/x.js"), "/widget/v/x.js");
        assert_eq!(short_url("Unattributable"), "Unattributable");
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
