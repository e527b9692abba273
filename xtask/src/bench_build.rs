//! `cargo xtask bench-build [--sizes 10000,100000]`: how long a build takes and how much memory it needs.
//!
//! `--runs R` (default 3): each tool runs R times, alternately, and the best run counts.
//! For each size, generates that many vacancies (spread over the five sample districts, with the sample
//! pages, stations and events), builds them with the release `sitegen`, and measures wall time and peak
//! resident memory (`wait4` rusage of the child). When `hugo` is installed, the same vacancies are
//! rendered as a plain Hugo site (one page per vacancy, paginated list per district) in the same run, and
//! the ratios are printed. A benchmark, not a test: the numbers go in docs/benchmarks.md.
//!
//! Beside the two tools, each run also measures the **write floor**: sitegen's output, read into memory
//! first (by a child process, so that this one's memory stays small for the builds it measures),
//! written to a fresh folder on the same disk by two threads (one per core) — its folders created, its
//! files written, nothing computed. No build that writes those files can be faster on this
//! machine; its ratio to Hugo's wall time says how much of the target the disk alone takes. Likewise
//! after the 1% edit: the files it added or changed, written to a fresh folder, are the floor of any
//! rebuild that changes that many files; and `sitegen check` of the edited content (reading and
//! checking every input) is the floor of any rebuild that reads its inputs again.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::gen_content::{self, DISTRICTS, GenOptions};
use crate::util::{self, SAMPLE_EPOCH};

/// Wall time (s), CPU time (user + system, s) and peak RSS (MiB) of one command.
#[derive(Debug, Clone, Copy)]
struct Measure {
    secs: f64,
    cpu: f64,
    peak_mib: f64,
}

/// Runs the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(("--write-floor", rest)) = args.split_first().map(|(a, r)| (a.as_str(), r)) {
        return run_write_floor(rest);
    }
    let f = util::flags(args, &["--sizes", "--runs"])?;
    let runs: usize = f.iter().find(|(k, _)| *k == "--runs").map_or("3", |(_, v)| v).parse().map_err(|_| "--runs: not a number".to_owned())?;
    let sizes: Vec<usize> = f
        .iter()
        .find(|(k, _)| *k == "--sizes")
        .map_or("10000,100000", |(_, v)| v)
        .split(',')
        .map(|s| s.trim().parse().map_err(|_| format!("--sizes: `{s}` is not a number")))
        .collect::<Result<_, _>>()?;
    let bin = util::build_sitegen("release")?;
    let hugo = which("hugo");
    let work = util::root().join("target/bench-build");
    let mut rows = Vec::new();
    let mut incremental = Vec::new();
    for &n in &sizes {
        let content = work.join(format!("content-{n}"));
        prepare_content(&content, n)?;
        // The tools run alternately, `runs` times each, and the best run of each counts: the disk of a
        // shared machine is noisy, and best-of is the run least disturbed by others.
        let site = work.join(format!("hugo-{n}"));
        if hugo.is_some() {
            prepare_hugo(&content, &site)?;
        }
        let (mut ours, mut theirs, mut floor): (Option<Measure>, Option<Measure>, Option<Measure>) = (None, None, None);
        let (mut pages, mut hugo_pages) = (0, 0);
        let mut floor_files = (0, 0);
        // Every run writes to a fresh folder and nothing is deleted until the size is done: deleting a
        // big tree (and the page-cache writeback of the previous run) would slow the next measurement.
        for run in 0..runs.max(1) {
            let out = work.join(format!("dist-{n}-{run}"));
            let _ = fs::remove_dir_all(&out);
            settle();
            let mut cmd = Command::new(&bin);
            cmd.env("SOURCE_DATE_EPOCH", SAMPLE_EPOCH).arg("build").arg("--no-cache").arg("--content").arg(&content).arg("--out").arg(&out);
            ours = Some(best(ours, measure(&mut cmd)?));
            pages = count_files(&out, "html");
            let to = work.join(format!("floor-{n}-{run}"));
            let _ = fs::remove_dir_all(&to);
            let (m, files, bytes) = write_floor(&out, &to, None)?;
            floor = Some(best(floor, m));
            floor_files = (files, bytes);
            if let Some(h) = &hugo {
                let public = format!("public-{run}");
                let _ = fs::remove_dir_all(site.join(&public));
                settle();
                let mut c = Command::new(h);
                c.current_dir(&site).args(["--quiet", "--destination", &public]);
                theirs = Some(best(theirs, measure(&mut c)?));
                hugo_pages = count_files(&site.join(&public), "html");
            }
        }
        for run in 0..runs.max(1) {
            let _ = fs::remove_dir_all(work.join(format!("dist-{n}-{run}")));
            let _ = fs::remove_dir_all(site.join(format!("public-{run}")));
            let _ = fs::remove_dir_all(work.join(format!("floor-{n}-{run}")));
        }
        let ours = ours.expect("at least one run");
        let theirs = theirs.map(|m| (m, hugo_pages));
        let floor = (floor.expect("at least one run"), floor_files.0, floor_files.1);
        incremental.push((n, ours, incremental_runs(&bin, &content, &work, n, runs)?));
        rows.push((n, ours, pages, theirs, floor));
    }
    println!(
        "\n| vacancies | sitegen pages | sitegen wall | sitegen peak RSS | hugo pages | hugo wall | hugo peak RSS | wall ratio | memory ratio | write floor (files, MB) | floor / hugo wall | sitegen / floor |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (n, ours, pages, theirs, (floor, floor_files, floor_bytes)) in rows {
        let floor_cell = format!("{:.2} s / {:.2} s ({floor_files}, {:.0})", floor.secs, floor.cpu, floor_bytes as f64 / 1e6);
        match theirs {
            Some((h, hp)) => println!(
                "| {n} | {pages} | {:.2} s | {:.0} MiB | {hp} | {:.2} s | {:.0} MiB | {:.2} | {:.3} | {floor_cell} | {:.2} | {:.2} |",
                ours.secs,
                ours.peak_mib,
                h.secs,
                h.peak_mib,
                ours.secs / h.secs,
                ours.peak_mib / h.peak_mib,
                floor.secs / h.secs,
                ours.secs / floor.secs
            ),
            None => println!(
                "| {n} | {pages} | {:.2} s | {:.0} MiB | – | – | – | – | – | {floor_cell} | – | {:.2} |",
                ours.secs,
                ours.peak_mib,
                ours.secs / floor.secs
            ),
        }
    }
    if hugo.is_none() {
        println!("\n(hugo is not installed: `apt-get install hugo` to compare)");
    }
    println!("\nratios are sitegen / hugo (lower is better); targets at 100,000 (issue 13 §3): wall ≤ 0.25, memory ≤ 0.10");
    println!(
        "write floor: sitegen's output, held in memory, written to a fresh folder by two threads (wall / CPU): no build writing those files is faster here"
    );
    println!(
        "\n| vacancies | full build (--no-cache, new folder) | first build with the cache | rebuild, nothing changed | full rebuild (--no-cache, replacing the output) | after changing 1% (with the cache) | ratio to the full build | ratio to the full rebuild | peak RSS | output files | changed by the 1% edit | their write floor | its ratio to the full build | `sitegen check` | its ratio to the full build |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    // Each time as wall / CPU (user + system): the disk of a shared machine makes wall times swing, CPU
    // time much less.
    let both = |m: &Measure| format!("{:.2} s / {:.2} s", m.secs, m.cpu);
    let ratios = |a: &Measure, b: &Measure| format!("{:.3} / {:.3}", a.secs / b.secs, a.cpu / b.cpu.max(1e-9));
    for (n, full, i) in incremental {
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} | {} | {:.0} MiB | {} | {} ({} of them vacancy pages; {:.1}%) | {} | {} | {} | {} |",
            both(&full),
            both(&i.first),
            both(&i.unchanged),
            both(&i.full_rebuild),
            both(&i.after),
            ratios(&i.after, &full),
            ratios(&i.after, &i.full_rebuild),
            i.after.peak_mib,
            i.files,
            i.changed,
            i.changed_vacancy_pages,
            100.0 * i.changed as f64 / i.files.max(1) as f64,
            both(&i.changed_floor),
            ratios(&i.changed_floor, &full),
            both(&i.check),
            ratios(&i.check, &full)
        );
    }
    println!("\ntimes are wall / CPU (user + system); ratios wall / CPU");
    println!("target: the incremental build after a 1% change ≤ 1/10 of the full build (ratio ≤ 0.10)");
    Ok(())
}

/// The incremental build, measured at one size.
struct Incremental {
    /// The first build with an empty cache (it fills the cache).
    first: Measure,
    /// A rebuild with nothing changed (the first with a spare output to recycle: every later one has).
    unchanged: Measure,
    /// The best rebuild after changing 1% of the vacancies.
    after: Measure,
    /// The best `--no-cache` rebuild of the same content into the same (existing) output: like the
    /// incremental build, it deletes the previous output, which takes much of its time on a slow disk.
    full_rebuild: Measure,
    /// Files in the output.
    files: usize,
    /// Files added, removed or changed by the last 1% edit.
    changed: usize,
    /// Of those, vacancy pages.
    changed_vacancy_pages: usize,
    /// The write floor of the rebuild: the files the 1% edit added or changed, written to a fresh folder.
    changed_floor: Measure,
    /// `sitegen check` of the edited content: reading and checking every input, which any rebuild of
    /// these files (they are rewritten whole by the edit) does first.
    check: Measure,
}

/// Builds `content` with the build cache, rebuilds it unchanged, then `runs` times changes the title of 1%
/// of its vacancies and rebuilds, measuring each rebuild and counting the output files the edit changed.
fn incremental_runs(bin: &Path, content: &Path, work: &Path, n: usize, runs: usize) -> Result<Incremental, String> {
    let out = work.join(format!("incr-{n}"));
    let cache = work.join(format!("incr-{n}.cache"));
    let _ = fs::remove_dir_all(&out);
    let _ = fs::remove_dir_all(&cache);
    let build_with = |cache_args: &[&std::ffi::OsStr]| {
        let mut cmd = Command::new(bin);
        cmd.env("SOURCE_DATE_EPOCH", SAMPLE_EPOCH).arg("build").arg("--content").arg(content).arg("--out").arg(&out).args(cache_args);
        cmd
    };
    let build = || build_with(&["--cache-dir".as_ref(), cache.as_os_str()]);
    settle();
    let first = measure(&mut build())?;
    // The first build keeps no spare output (the older output a rebuild recycles); a rebuild with nothing
    // changed makes one, as every build of a portal rebuilt day after day has.
    settle();
    let unchanged = measure(&mut build())?;
    let (mut after, mut full_rebuild, mut changed_floor, mut check): (Option<Measure>, Option<Measure>, Option<Measure>, Option<Measure>) =
        (None, None, None, None);
    let (mut files, mut changed, mut changed_vacancy_pages) = (0, 0, 0);
    for run in 0..runs.max(1) {
        let before = file_hashes(&out);
        edit_one_percent(content, run)?;
        settle();
        after = Some(best(after, measure(&mut build())?));
        let now = file_hashes(&out);
        files = now.len();
        let differs: Vec<&String> = now
            .keys()
            .chain(before.keys())
            .filter(|k| now.get(*k) != before.get(*k))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        changed = differs.len();
        changed_vacancy_pages = differs
            .iter()
            .filter(|p| {
                p.contains("/jobs/")
                    && !p.contains("/jobs/type/")
                    && !p.contains("/jobs/group/")
                    && !p.contains("/jobs/page/")
                    && p.matches('/').count() == 3
            })
            .count();
        let list = work.join(format!("floor-incr-{n}.txt"));
        let listed: String = differs.iter().map(|p| format!("{p}\n")).collect();
        fs::write(&list, listed).map_err(|e| format!("{}: {e}", list.display()))?;
        let to = work.join(format!("floor-incr-{n}"));
        let _ = fs::remove_dir_all(&to);
        changed_floor = Some(best(changed_floor, write_floor(&out, &to, Some(&list))?.0));
        let _ = fs::remove_dir_all(&to);
        let _ = fs::remove_file(&list);
        settle();
        let mut cmd = Command::new(bin);
        cmd.env("SOURCE_DATE_EPOCH", SAMPLE_EPOCH).arg("check").arg("--content").arg(content);
        check = Some(best(check, measure(&mut cmd)?));
        settle();
        full_rebuild = Some(best(full_rebuild, measure(&mut build_with(&["--no-cache".as_ref()]))?));
    }
    let _ = fs::remove_dir_all(&out);
    let _ = fs::remove_dir_all(&cache);
    Ok(Incremental {
        first,
        unchanged,
        after: after.expect("at least one run"),
        full_rebuild: full_rebuild.expect("at least one run"),
        files,
        changed,
        changed_vacancy_pages,
        changed_floor: changed_floor.expect("at least one run"),
        check: check.expect("at least one run"),
    })
}

/// This process's CPU time so far (user + system, all threads), in seconds.
fn self_cpu() -> f64 {
    // SAFETY: `rusage` is plain old data that getrusage fills in.
    #[allow(unsafe_code)]
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Measures the write floor in a child process (`cargo xtask bench-build --write-floor FROM TO
/// [LIST]`, [`run_write_floor`]), so that the files held in memory never count in this process's, or
/// its later children's, memory: the files of `from` (those listed in `list`, one relative path a line,
/// if given) written into the new folder `to`. Returns the writing's wall and CPU time, files and bytes.
fn write_floor(from: &Path, to: &Path, list: Option<&Path>) -> Result<(Measure, usize, usize), String> {
    let exe = std::env::current_exe().map_err(|e| format!("this program's path: {e}"))?;
    let mut cmd = Command::new(exe);
    cmd.arg("bench-build").arg("--write-floor").arg(from).arg(to).args(list);
    let out = cmd.output().map_err(|e| format!("cannot run {}: {e}", util::describe(&cmd)))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("{} failed: {}", util::describe(&cmd), String::from_utf8_lossy(&out.stderr)));
    }
    let v: Vec<f64> = text.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    let [secs, cpu, files, bytes] = v[..] else { return Err(format!("{}: unexpected output `{text}`", util::describe(&cmd))) };
    Ok((Measure { secs, cpu, peak_mib: 0.0 }, files as usize, bytes as usize))
}

/// The child's side of [`write_floor`]: reads the files, lets the disk settle, then writes them and
/// prints `wall-seconds cpu-seconds files bytes`.
fn run_write_floor(args: &[String]) -> Result<(), String> {
    let [from, to, rest @ ..] = args else { return Err("usage: bench-build --write-floor FROM TO [LIST]".into()) };
    let from = Path::new(from);
    let tree = match rest {
        [] => read_tree(from)?,
        [list] => {
            let text = fs::read_to_string(list).map_err(|e| format!("{list}: {e}"))?;
            changed_tree(from, &text.lines().collect::<Vec<_>>())?
        }
        _ => return Err("usage: bench-build --write-floor FROM TO [LIST]".into()),
    };
    settle();
    let m = write_tree(&tree, Path::new(to))?;
    println!("{} {} {} {}", m.secs, m.cpu, tree.files.len(), tree.files.iter().map(|f| f.1.len()).sum::<usize>());
    Ok(())
}

/// The files of `dir` at `paths` (relative; those that no longer exist left out) with the folders they
/// are in, as a [`Tree`].
fn changed_tree(dir: &Path, paths: &[&str]) -> Result<Tree, String> {
    let mut dirs = std::collections::BTreeSet::new();
    let mut files = Vec::new();
    for rel in paths {
        let Ok(bytes) = fs::read(dir.join(rel)) else { continue };
        let rel = PathBuf::from(rel);
        dirs.extend(rel.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).map(Path::to_path_buf));
        files.push((rel, bytes));
    }
    // A folder's path sorts before the paths inside it.
    Ok(Tree { dirs: dirs.into_iter().collect(), files })
}

/// Changes the title of every hundredth vacancy (offset by `run`, so each run changes others).
fn edit_one_percent(content: &Path, run: usize) -> Result<(), String> {
    for d in DISTRICTS {
        // The generator's files (`sample.json`, then `sample-2.json` … for big districts), in order, with the
        // vacancies counted across them.
        let mut seen = 0;
        for part in 1.. {
            let name = if part == 1 { "sample.json".to_owned() } else { format!("sample-{part}.json") };
            let file = content.join(format!("districts/{d}/vacancies/{name}"));
            if part > 1 && !file.exists() {
                break;
            }
            let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let mut list: Vec<Value> = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            for v in &mut list {
                if seen % 100 == (run * 37) % 100 {
                    let title = v.get("title").and_then(Value::as_str).unwrap_or("").to_owned();
                    v["title"] = Value::from(format!("{title}（急招{run}）"));
                }
                seen += 1;
            }
            let text = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
            fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
        }
    }
    Ok(())
}

/// A built site, or part of one, held in memory: the folders its files are in (parents before
/// children) and its files (path relative to the site, bytes).
struct Tree {
    dirs: Vec<PathBuf>,
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// Every file under `dir` and the folders they are in ([`files`], then [`changed_tree`]).
fn read_tree(dir: &Path) -> Result<Tree, String> {
    let all: Vec<String> = files(dir).iter().filter_map(|p| Some(p.strip_prefix(dir).ok()?.to_string_lossy().into_owned())).collect();
    changed_tree(dir, &all.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Writes `tree` into the new folder `to` (its folders first, then its files by two threads, one per
/// core of this machine), measuring wall time and this process's CPU time (user + system) while it does.
fn write_tree(tree: &Tree, to: &Path) -> Result<Measure, String> {
    eprintln!("xtask: measuring the write floor: {} files into {}", tree.files.len(), to.display());
    let (start, cpu0) = (Instant::now(), self_cpu());
    fs::create_dir(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for d in &tree.dirs {
        let p = to.join(d);
        fs::create_dir(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    let threads = 2;
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || -> Result<(), String> {
                    for (rel, bytes) in tree.files.iter().skip(t).step_by(threads) {
                        let p = to.join(rel);
                        fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| w.join().map_err(|_| "a writing thread panicked".to_owned())?)
    })?;
    Ok(Measure { secs: start.elapsed().as_secs_f64(), cpu: self_cpu() - cpu0, peak_mib: 0.0 })
}

/// Every file under `dir` with a hash of its bytes.
fn file_hashes(dir: &Path) -> std::collections::BTreeMap<String, u64> {
    files(dir)
        .into_iter()
        .filter_map(|p| {
            let bytes = fs::read(&p).ok()?;
            Some((p.strip_prefix(dir).unwrap_or(&p).to_string_lossy().into_owned(), engine::index::fnv1a(&bytes)))
        })
        .collect()
}

/// Every file under `dir` (unreadable folders skipped).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Flushes dirty pages to disk (`sync`) and waits a moment, so one measurement does not pay for the
/// writeback of the previous one.
fn settle() {
    let _ = Command::new("sync").status();
    std::thread::sleep(std::time::Duration::from_secs(2));
}

/// The faster of two measurements (the lower CPU time and peak memory are kept separately).
fn best(a: Option<Measure>, b: Measure) -> Measure {
    match a {
        None => b,
        Some(a) => Measure { secs: a.secs.min(b.secs), cpu: a.cpu.min(b.cpu), peak_mib: a.peak_mib.min(b.peak_mib) },
    }
}

/// Copies the sample content without its vacancies and generates `n` vacancies into it. The copy is
/// built in zh-CN only (`languages = ["zh-CN"]`): its peer, the Hugo site, has one language, so the two
/// build the same pages (the sample's three languages triple sitegen's pages).
pub(crate) fn prepare_content(dir: &Path, n: usize) -> Result<(), String> {
    prepare_content_in(dir, n, true)
}

/// [`prepare_content`], in the sample's own languages unless `zh_cn_only`.
pub(crate) fn prepare_content_in(dir: &Path, n: usize, zh_cn_only: bool) -> Result<(), String> {
    let _ = fs::remove_dir_all(dir);
    let src = util::root().join("content");
    copy_tree(&src, dir, &|p| !p.components().any(|c| c.as_os_str() == "vacancies"))?;
    if zh_cn_only {
        let site = dir.join("site.toml");
        let text = fs::read_to_string(&site).map_err(|e| format!("{}: {e}", site.display()))?;
        let one: String =
            text.lines().map(|l| if l.starts_with("languages =") { "languages = [\"zh-CN\"]\n".to_owned() } else { format!("{l}\n") }).collect();
        fs::write(&site, one).map_err(|e| format!("{}: {e}", site.display()))?;
    }
    let opts = GenOptions { per_district: n.div_ceil(DISTRICTS.len()), ..GenOptions::default() };
    gen_content::write_vacancies(dir, &opts)?;
    Ok(())
}

/// Writes a plain Hugo site with the same vacancies: one markdown page per vacancy with its fields in
/// front matter, a single-page and a paginated list layout.
fn prepare_hugo(content: &Path, site: &Path) -> Result<(), String> {
    let _ = fs::remove_dir_all(site);
    let w = |p: PathBuf, s: &str| -> Result<(), String> {
        fs::create_dir_all(p.parent().unwrap_or(site)).map_err(|e| e.to_string())?;
        fs::write(&p, s).map_err(|e| format!("{}: {e}", p.display()))
    };
    w(
        site.join("hugo.toml"),
        "baseURL = \"https://jiuye.gz.example/\"\ntitle = \"bench\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n[pagination]\npagerSize = 20\n",
    )?;
    w(
        site.join("layouts/_default/baseof.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    )?;
    w(
        site.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ .Params.employer }}</p><p>{{ .Params.salary }}</p><p>{{ .Params.locality }}</p><ul>{{ range .Params.skills }}<li>{{ . }}</li>{{ end }}</ul>{{ .Content }}{{ end }}\n",
    )?;
    w(
        site.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Params.employer }} {{ .Params.salary }}</li>{{ end }}</ul>{{ with .Paginator.Next }}<a href=\"{{ .URL }}\">next</a>{{ end }}{{ end }}\n",
    )?;
    for d in DISTRICTS {
        let file = content.join(format!("districts/{d}/vacancies/sample.json"));
        let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let list: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        w(site.join(format!("content/{d}/_index.md")), &format!("---\ntitle: \"{d}\"\n---\n"))?;
        for v in list {
            let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            let salary = v.pointer("/baseSalary/value/minValue").map(|x| x.to_string()).unwrap_or_default();
            let front = serde_json::json!({
                "title": s("title"),
                "date": s("datePosted"),
                "employer": v.pointer("/hiringOrganization/name").and_then(Value::as_str).unwrap_or(""),
                "salary": salary,
                "locality": v.pointer("/jobLocation/address/addressLocality").and_then(Value::as_str).unwrap_or(""),
                "skills": v.get("skills").cloned().unwrap_or(Value::Null),
            });
            w(site.join(format!("content/{d}/{}.md", s("identifier"))), &format!("{}\n\n{}\n", front, s("description")))?;
        }
    }
    Ok(())
}

pub(crate) fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<(), String> {
    for e in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let p = e.map_err(|e| e.to_string())?.path();
        let rel = p.strip_prefix(util::root().join("content")).unwrap_or(&p).to_owned();
        if !keep(&rel) {
            continue;
        }
        let dest = to.join(p.file_name().unwrap_or_default());
        if p.is_dir() {
            copy_tree(&p, &dest, keep)?;
        } else {
            fs::create_dir_all(to).map_err(|e| e.to_string())?;
            fs::copy(&p, &dest).map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    Ok(())
}

fn count_files(dir: &Path, ext: &str) -> usize {
    files(dir).iter().filter(|p| p.extension().is_some_and(|x| x == ext)).count()
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()))
}

/// Runs `cmd` to completion, measuring wall time and the child's peak resident set size.
fn measure(cmd: &mut Command) -> Result<Measure, String> {
    eprintln!("xtask: measuring {}", util::describe(cmd));
    let start = Instant::now();
    let child = cmd.stdout(std::process::Stdio::null()).spawn().map_err(|e| format!("cannot run {}: {e}", util::describe(cmd)))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data that wait4 fills in; `pid` is our own child, waited for once.
    #[allow(unsafe_code)]
    let (rc, usage) = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let rc = libc::wait4(pid, &mut status, 0, &mut usage);
        (rc, usage)
    };
    let secs = start.elapsed().as_secs_f64();
    if rc < 0 {
        return Err(format!("wait4 failed for {}", util::describe(cmd)));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("{} failed (status {status})", util::describe(cmd)));
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Measure { secs, cpu: tv(usage.ru_utime) + tv(usage.ru_stime), peak_mib: usage.ru_maxrss as f64 / 1024.0 })
}
