//! `cargo xtask bench-search [--sizes 10000,100000] [--runs 5] [--passes 2] [--http1] [--latency MS] [--keep]`: how big
//! the search index is and how fast the widget answers, in Chromium. A benchmark, not a test: it prints
//! a table.
//!
//! Builds the widget and the release `sitegen`, then for each size generates that many vacancies (the
//! generator of [`crate::bench_build`]: same seed, same vacancies) into `target/bench-search/content-N`
//! and builds them with the sample build date into `target/bench-search/dist-N`. It measures the index
//! on disk (`dist-N/search/`, as written: every file gzipped) and runs `tests/browser/bench.mjs` on the
//! site, which serves it like a CDN (HTTP/2 over TLS, or HTTP/1.1 with `--http1`; brotli for
//! HTML/CSS/JS/WASM, the gzipped index files as they are; with `--latency MS`, every response held back
//! MS milliseconds, a CDN's round trip on a phone's network) and drives Chromium: `--runs` cold loads per view (the median counts) for the bytes transferred and
//! the time until the first results, and the fixed queries typed `--passes` times for the time per
//! keystroke (and, for a keystroke that fetched, the same files fetched bare by a page without the
//! widget: the browser's own network time, the peer it is compared with). Views: `/huangpu/jobs/` (the
//! district's default filter) and the city-wide view
//! (`?district=`). Every measurement (each load, each keystroke) is saved in
//! `target/bench-search/bench-N.json`. `dist-N` is deleted afterwards unless `--keep` is given; the
//! content stays.
//!
//! Targets at 100,000 vacancies (issue 3): ≤ 16 ms per keystroke at p95, first results ≤ 300 ms after
//! the load event on loopback.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;

use crate::util::{self, SAMPLE_EPOCH};
use crate::{bench_build, browser, wasm};

/// The options of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    /// Numbers of vacancies to generate.
    sizes: Vec<usize>,
    /// Cold loads per view.
    runs: usize,
    /// Times each query is typed per view.
    passes: usize,
    /// Keep the built sites.
    keep: bool,
    /// Serve plain HTTP/1.1 instead of HTTP/2.
    http1: bool,
    /// Milliseconds every response waits before it is sent (0: loopback as it is).
    latency: usize,
}

/// Parses the arguments (`--keep` and `--http1` take no value; the other flags one).
fn parse(args: &[String]) -> Result<Options, String> {
    let switch = |name: &str| args.iter().any(|a| a == name);
    let (keep, http1) = (switch("--keep"), switch("--http1"));
    let rest: Vec<String> = args.iter().filter(|a| *a != "--keep" && *a != "--http1").cloned().collect();
    let f = util::flags(&rest, &["--sizes", "--runs", "--passes", "--latency"])?;
    let get = |k: &str, default: &'static str| f.iter().rev().find(|(key, _)| *key == k).map_or(default, |(_, v)| *v);
    let number = |k: &str, v: &str| -> Result<usize, String> {
        match v.trim().parse() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{k}: `{v}` is not a positive number")),
        }
    };
    Ok(Options {
        sizes: get("--sizes", "10000,100000").split(',').map(|s| number("--sizes", s)).collect::<Result<_, _>>()?,
        runs: number("--runs", get("--runs", "5"))?,
        passes: number("--passes", get("--passes", "2"))?,
        keep,
        http1,
        latency: match get("--latency", "0").trim().parse() {
            Ok(n) => n,
            Err(_) => return Err(format!("--latency: `{}` is not a number of milliseconds", get("--latency", "0"))),
        },
    })
}

/// Files of one kind in the index folder: how many, their bytes, the largest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Kind {
    /// Number of files.
    files: usize,
    /// Their total size on disk.
    bytes: u64,
    /// The largest one: (name, size).
    largest: Option<(String, u64)>,
}

impl Kind {
    /// Counts one file.
    fn add(&mut self, name: &str, bytes: u64) {
        self.files += 1;
        self.bytes += bytes;
        if self.largest.as_ref().is_none_or(|(_, b)| bytes > *b) {
            self.largest = Some((name.to_owned(), bytes));
        }
    }
}

/// The index as written in `dist/search/`.
#[derive(Debug, Clone, Default)]
struct IndexStats {
    /// Every file.
    all: Kind,
    /// The manifest (`index-*.qy`) the pages point at: gzipped and raw size.
    manifest: (u64, u64),
    /// Term shards (`terms-*`).
    terms: Kind,
    /// Document chunks (`docs-*`).
    docs: Kind,
    /// The districts' result tables (`results-*`), fetched after the first results.
    results: Kind,
    /// Facet columns (`facet-*`).
    columns: Kind,
    /// Each facet column: (facet name, gzipped size, raw size).
    column_sizes: Vec<(String, u64, u64)>,
    /// The salary column (`salary-*`), gzipped and raw.
    salary: (u64, u64),
    /// Documents in the index (from the manifest).
    doc_count: u32,
}

/// Runs the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let opts = parse(args)?;
    let started = Instant::now();
    let chromium = browser::prepare()?;
    let widget = wasm::build_widget()?;
    let widget_brotli: u64 = wasm::variant_files(&wasm::sizes(&widget)?, "widget").iter().map(|s| s.brotli).sum();
    let bin = util::build_sitegen("release")?;
    let work = util::target_dir().join("bench-search");
    let mut rows = Vec::new();
    for &n in &opts.sizes {
        let content = work.join(format!("content-{n}"));
        let dist = work.join(format!("dist-{n}"));
        let t = Instant::now();
        eprintln!("xtask: generating {n} vacancies into {}", content.display());
        bench_build::prepare_content(&content, n)?;
        let generate = t.elapsed().as_secs_f64();
        let _ = fs::remove_dir_all(&dist);
        let t = Instant::now();
        build_site(&bin, &content, &dist)?;
        let build = t.elapsed().as_secs_f64();
        let index = index_stats(&dist)?;
        // The build leaves hundreds of MB of dirty pages: write them back before measuring.
        let _ = Command::new("sync").status();
        std::thread::sleep(std::time::Duration::from_secs(2));
        let load_before = loadavg();
        let t = Instant::now();
        let measured = run_bench(&chromium, &dist, &opts).and_then(|v| {
            let json = work.join(format!("bench-{n}.json"));
            fs::write(&json, v.to_string()).map_err(|e| format!("{}: {e}", json.display()))?;
            eprintln!("xtask: every measurement of {n} is in {}", json.display());
            Ok(v)
        });
        let browser_secs = t.elapsed().as_secs_f64();
        let load_after = loadavg();
        if !opts.keep {
            let _ = fs::remove_dir_all(&dist);
        }
        let measured = measured?;
        eprintln!(
            "xtask: {n} vacancies: generated in {generate:.1} s, built in {build:.1} s, measured in {browser_secs:.1} s (load average {load_before} before, {load_after} after)"
        );
        rows.push(Row { n, index, measured, generate, build, browser_secs, load: (load_before, load_after) });
    }
    print_report(&rows, widget_brotli);
    println!("\nbench-search took {:.1} s in all", started.elapsed().as_secs_f64());
    Ok(())
}

/// The measurements of one size.
struct Row {
    /// Vacancies generated.
    n: usize,
    /// The index on disk.
    index: IndexStats,
    /// `bench.mjs`'s output.
    measured: Value,
    /// Seconds to generate the content.
    generate: f64,
    /// Seconds to build the site.
    build: f64,
    /// Seconds of the browser measurements.
    browser_secs: f64,
    /// `/proc/loadavg` (1, 5, 15 min) before and after the browser measurements.
    load: (String, String),
}

/// Builds `content` into `dist` with the sample build date. sitegen's output (a warning per expired
/// vacancy: hundreds at 100,000) is shown only when the build fails; else its summary line.
fn build_site(bin: &Path, content: &Path, dist: &Path) -> Result<(), String> {
    let mut cmd = Command::new(bin);
    cmd.env("SOURCE_DATE_EPOCH", SAMPLE_EPOCH).arg("build").arg("--content").arg(content).arg("--out").arg(dist);
    eprintln!("xtask: running {}", util::describe(&cmd));
    let out = cmd.output().map_err(|e| format!("cannot run {}: {e}", util::describe(&cmd)))?;
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err(format!("{} failed ({}):\n{text}", util::describe(&cmd), out.status));
    }
    let warnings = text.lines().filter(|l| l.contains("warning:")).count();
    let summary = text.lines().rev().find(|l| l.starts_with("built ")).unwrap_or("");
    eprintln!("xtask: sitegen: {summary} ({warnings} warnings)");
    Ok(())
}

/// Runs `tests/browser/bench.mjs` on `dist` and parses the JSON it prints.
fn run_bench(chromium: &Path, dist: &Path, opts: &Options) -> Result<Value, String> {
    let script = util::root().join("tests/browser/bench.mjs");
    let mut cmd = Command::new("node");
    cmd.current_dir(util::root())
        .arg(&script)
        .arg(dist)
        .args(["--loads", &opts.runs.to_string(), "--passes", &opts.passes.to_string()])
        .args(opts.http1.then_some("--http1"))
        .args(["--latency", &opts.latency.to_string()])
        .env("QUANYU_CHROMIUM", chromium)
        .stderr(Stdio::inherit());
    eprintln!("xtask: running {}", util::describe(&cmd));
    let out = cmd.output().map_err(|e| format!("cannot run {}: {e} (bench-search needs node)", util::describe(&cmd)))?;
    if !out.status.success() {
        return Err(format!("{} failed ({}): see its messages above", util::describe(&cmd), out.status));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("{}: its output is not JSON: {e}", script.display()))
}

/// The three load averages (1, 5, 15 minutes) of `/proc/loadavg`, or `?`.
fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg").map_or_else(|_| "?".to_owned(), |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

/// Inflates gzip bytes (the index files); other bytes are returned as they are.
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).map_err(|e| format!("gunzip: {e}"))?;
    Ok(out)
}

/// Measures `dist/search/`: every file by kind, and the manifest of `/huangpu/jobs/` decoded.
fn index_stats(dist: &Path) -> Result<IndexStats, String> {
    let dir = dist.join("search");
    let mut s = IndexStats::default();
    let mut files: Vec<(String, u64)> = Vec::new();
    for e in fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let e = e.map_err(|e| format!("{}: {e}", dir.display()))?;
        let len = e.metadata().map_err(|err| format!("{}: {err}", e.path().display()))?.len();
        files.push((e.file_name().to_string_lossy().into_owned(), len));
    }
    for (name, len) in &files {
        s.all.add(name, *len);
        let kind = match name.split('-').next() {
            Some("terms") => &mut s.terms,
            Some("docs") => &mut s.docs,
            Some("results") => &mut s.results,
            Some("facet") => &mut s.columns,
            _ => continue,
        };
        kind.add(name, *len);
    }
    // The index the portal publishes now: widget/current.json names its manifest.
    let current = dist.join("widget/current.json");
    let text = fs::read_to_string(&current).map_err(|e| format!("{}: {e} (no search widget?)", current.display()))?;
    let current_json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", current.display()))?;
    let url = current_json["index"].as_str().ok_or_else(|| format!("{}: no index", current.display()))?;
    let name = url.rsplit('/').next().unwrap_or(url);
    let read = |name: &str| -> Result<(u64, Vec<u8>), String> {
        let p = dir.join(name);
        let bytes = fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        Ok((bytes.len() as u64, gunzip(&bytes).map_err(|e| format!("{}: {e}", p.display()))?))
    };
    let (gz, raw) = read(name)?;
    let manifest = engine::index::Manifest::decode(&raw).map_err(|e| format!("{name}: {e}"))?;
    s.manifest = (gz, raw.len() as u64);
    s.doc_count = manifest.doc_count;
    for (i, f) in manifest.facets.iter().enumerate() {
        let (gz, raw) = read(&manifest.column_file(i))?;
        s.column_sizes.push((f.name.clone(), gz, raw.len() as u64));
    }
    let (gz, raw) = read(&manifest.salary_file())?;
    s.salary = (gz, raw.len() as u64);
    Ok(s)
}

/// Bytes as KB (1000 bytes, as transfer sizes are usually given), one decimal.
fn kb(b: f64) -> String {
    format!("{:.1} KB", b / 1000.0)
}

/// Bytes as MB (10^6), two decimals.
fn mb(b: u64) -> String {
    format!("{:.2} MB", b as f64 / 1e6)
}

/// A number at a JSON pointer (NaN when absent, printed as `–`).
fn num(v: &Value, ptr: &str) -> f64 {
    v.pointer(ptr).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

/// Milliseconds with one decimal, `–` for NaN.
fn ms(x: f64) -> String {
    if x.is_nan() { "–".to_owned() } else { format!("{x:.1}") }
}

/// `median / p95 (n)` of a keystroke statistic.
fn keys(stats: &Value) -> String {
    let n = stats.get("n").and_then(Value::as_u64).unwrap_or(0);
    if n == 0 {
        return "– (0)".to_owned();
    }
    format!("{} / {} ({n})", ms(num(stats, "/median")), ms(num(stats, "/p95")))
}

/// Prints the tables: the main one (a row per size × view), the index by kind of file, the keystrokes
/// by kind of query, and what the first results transferred.
fn print_report(rows: &[Row], widget_brotli: u64) {
    println!(
        "\n| vacancies | view | docs in index / results at load | index on disk (files) | largest file | transferred until first results (widget / index / page) | first results: ms after navigation / after DOMContentLoaded / after load | keystroke median / p95 ms (n) | no fetch: median / p95 (n) | with fetch: median / p95 (n) | widget JS+WASM brotli |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let largest = r.index.all.largest.as_ref().map_or("–".to_owned(), |(_, b)| kb(*b as f64));
        for v in r.measured.get("views").and_then(Value::as_array).into_iter().flatten() {
            let fr = &v["firstResults"];
            println!(
                "| {} | {} | {} / {} | {} ({}) | {} | {} ({} / {} / {}) | {} / {} / {} | {} | {} | {} | {} |",
                r.n,
                v["name"].as_str().unwrap_or("?"),
                r.index.doc_count,
                v["count"],
                mb(r.index.all.bytes),
                r.index.all.files,
                largest,
                kb(num(fr, "/bytes")),
                kb(num(fr, "/widgetBytes")),
                kb(num(fr, "/indexBytes")),
                kb(num(fr, "/pageBytes")),
                ms(num(fr, "/markMs")),
                ms(num(fr, "/sinceDclMs")),
                ms(num(fr, "/sinceLoadMs")),
                keys(&v["keystrokes"]["all"]),
                keys(&v["keystrokes"]["noNetwork"]),
                keys(&v["keystrokes"]["network"]),
                kb(widget_brotli as f64),
            );
        }
    }
    let protocol = rows.first().and_then(|r| r.measured["protocol"].as_str()).unwrap_or("?");
    let browser = rows.first().and_then(|r| r.measured["browserVersion"].as_str()).unwrap_or("?");
    let latency = rows.first().and_then(|r| r.measured["latencyMs"].as_u64()).unwrap_or(0);
    let held = if latency > 0 { format!(", every response held back {latency} ms (--latency)") } else { String::new() };
    println!("\nChromium {browser}, served over {protocol} from 127.0.0.1{held}.");
    println!(
        "views: huangpu = /huangpu/jobs/ (its default filter district=huangpu), city = /huangpu/jobs/?district= (city-wide). \
         Medians of the cold loads; bytes as transferred (brotli for the page and widget, the gzipped index files as \
         they are, headers included), counting the responses that ended before the `quanyu:first-results` mark. A \
         keystroke runs from the text's input event (Enter pressed in the same task) to the end of its `quanyu:search` \
         measure (results rendered): its term shards' round trip included; \"with fetch\" = it requested index files; \
         \"fetched bare\": the same files fetched with plain `fetch()` by a page without the widget in its own cold \
         context, in the same rounds (shards and columns, then result chunks): the browser's network time, the floor \
         under such a keystroke."
    );
    println!("targets at 100,000: keystroke p95 ≤ 16 ms; first results ≤ 300 ms after load on loopback.");

    println!(
        "\n| vacancies | docs | manifest gz (raw) | term shards: files, total, largest | doc chunks: files, total, largest | districts' result tables: files, total, largest | facet columns: total | salary column gz (raw) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let s = &r.index;
        let kind = |k: &Kind| format!("{}, {}, {}", k.files, mb(k.bytes), k.largest.as_ref().map_or("–".to_owned(), |(_, b)| kb(*b as f64)));
        println!(
            "| {} | {} | {} ({}) | {} | {} | {} | {} ({} files) | {} ({}) |",
            r.n,
            s.doc_count,
            kb(s.manifest.0 as f64),
            kb(s.manifest.1 as f64),
            kind(&s.terms),
            kind(&s.docs),
            kind(&s.results),
            kb(s.columns.bytes as f64),
            s.columns.files,
            kb(s.salary.0 as f64),
            kb(s.salary.1 as f64)
        );
    }
    for r in rows {
        let cols: Vec<String> = r.index.column_sizes.iter().map(|(n, gz, raw)| format!("{n} {} ({})", kb(*gz as f64), kb(*raw as f64))).collect();
        println!("facet columns at {}, gz (raw): {}", r.n, cols.join(", "));
    }

    println!(
        "\n| vacancies | view | Chinese: median / p95 (n) | English: median / p95 (n) | with filters: median / p95 (n) | slowest keystroke | \
         with fetch: files median / max | with fetch: KB median | with fetch: ms after the last response, median / p95 | \
         with fetch: the same files fetched bare, median / p95 ms | with fetch: keystroke ÷ bare fetch, median |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        for v in r.measured.get("views").and_then(Value::as_array).into_iter().flatten() {
            let k = &v["keystrokes"];
            let slowest = k["list"]
                .as_array()
                .and_then(|l| l.iter().max_by(|a, b| num(a, "/ms").total_cmp(&num(b, "/ms"))))
                .map_or("–".to_owned(), |s| format!("{} ms ({})", ms(num(s, "/ms")), s["text"].as_str().unwrap_or("?")));
            println!(
                "| {} | {} | {} | {} | {} | {slowest} | {} / {} | {} | {} / {} | {} / {} | {:.2} |",
                r.n,
                v["name"].as_str().unwrap_or("?"),
                keys(&k["byKind"]["zh"]),
                keys(&k["byKind"]["en"]),
                keys(&k["byKind"]["filter"]),
                num(k, "/networkFiles/median"),
                num(k, "/networkFiles/max"),
                kb(num(k, "/networkBytes/median")),
                ms(num(k, "/networkAfterResponse/median")),
                ms(num(k, "/networkAfterResponse/p95")),
                ms(num(k, "/networkBare/median")),
                ms(num(k, "/networkBare/p95")),
                num(k, "/networkRatio/median"),
            );
        }
    }

    for r in rows {
        for v in r.measured.get("views").and_then(Value::as_array).into_iter().flatten() {
            let files: Vec<String> = v["firstResults"]["files"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| format!("{} {}", f["url"].as_str().unwrap_or("?"), kb(num(f, "/bytes"))))
                .collect();
            println!("\nuntil the first results at {} ({}), median load: {}", r.n, v["name"].as_str().unwrap_or("?"), files.join(", "));
        }
        println!(
            "{}: generated {:.1} s, built {:.1} s, browser {:.1} s; load average {} before, {} after",
            r.n, r.generate, r.build, r.browser_secs, r.load.0, r.load.1
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes_runs_passes_and_keep() {
        let args = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        let o = parse(&args("--sizes 10,20 --keep --runs 3 --http1 --latency 40")).unwrap();
        assert_eq!(o, Options { sizes: vec![10, 20], runs: 3, passes: 2, keep: true, http1: true, latency: 40 });
        assert_eq!(parse(&[]).unwrap(), Options { sizes: vec![10000, 100000], runs: 5, passes: 2, keep: false, http1: false, latency: 0 });
        assert!(parse(&args("--latency x")).is_err());
        assert!(parse(&args("--runs 0")).is_err());
        assert!(parse(&args("--sizes 10,x")).is_err());
        assert!(parse(&args("--bogus 1")).is_err());
    }

    #[test]
    fn kind_keeps_the_largest_file() {
        let mut k = Kind::default();
        k.add("a", 3);
        k.add("b", 7);
        k.add("c", 5);
        assert_eq!(k, Kind { files: 3, bytes: 15, largest: Some(("b".to_owned(), 7)) });
    }

    #[test]
    fn gunzip_inflates_gzip_and_passes_other_bytes() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(b"QYIX hello").unwrap();
        assert_eq!(gunzip(&enc.finish().unwrap()).unwrap(), b"QYIX hello");
        assert_eq!(gunzip(b"QYIX plain").unwrap(), b"QYIX plain");
    }
}
