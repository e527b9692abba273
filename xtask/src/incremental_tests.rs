//! Incremental builds against full builds (issue 13 §2): on the fixture site and on a 2,000-vacancy
//! generated site, seeded random edit sequences — vacancies added, changed, deleted and moved between
//! files; markdown pages added, changed, deleted and renamed; a template, the site's and a district's
//! settings and strings changed; the build date moved so vacancies expire — each followed by a build
//! with the build cache and a full build without it, compared file by file (paths and bytes). Also: a
//! failed incremental build leaves the previous output and cache usable, a deleted or damaged cache
//! gives a full build with the same output, and so does a damaged or deleted spare (the older output
//! an incremental build recycles).
//!
//! These live in xtask because the 2,000-vacancy site comes from its generator (`gen_content`); they
//! drive sitegen as a library (`Site::load_with_cache`, `Site::set_cache`, `Site::build`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use engine::date::Date;
use serde_json::Value;
use sitegen::site::{Options, Report, Site};

use crate::bench_build::{copy_tree, prepare_content};
use crate::util;

/// xorshift64*: the edit sequences' deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = util::root().join("target/tmp").join(format!("incremental-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::test::tree(dir).unwrap()
}

/// Asserts two built folders hold the same files with the same bytes.
fn assert_same(full: &Path, incremental: &Path, step: &str) {
    let (a, b) = (tree(full), tree(incremental));
    let only_full: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_incr: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_full.is_empty() && only_incr.is_empty(),
        "{step}: files only in the full build {only_full:?}, only in the incremental {only_incr:?}"
    );
    let differ: Vec<&String> = a.iter().filter(|(k, v)| b[*k] != **v).map(|(k, _)| k).collect();
    assert!(differ.is_empty(), "{step}: files that differ from the full build: {differ:?}");
    assert!(!a.is_empty(), "{step}: nothing built");
}

fn build(content: &Path, date: Date, out: &Path, cache: Option<&Path>) -> Result<Report, String> {
    let opts = Options { content: content.to_owned(), base_url: None, build_date: date, strict: false };
    let (mut site, _) = Site::load_with_cache(&opts, cache).map_err(|d| d.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))?;
    site.set_cache(cache.map(Path::to_owned));
    site.build(out).map_err(|e| e.to_string())
}

/// The content's vacancy files.
fn vacancy_files(content: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(content.join("districts"))
        .unwrap()
        .flatten()
        .flat_map(|d| fs::read_dir(d.path().join("vacancies")).into_iter().flatten().flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// A vacancy file's objects (a file holds an array of them, or one).
fn read_list(file: &Path) -> Vec<Value> {
    match serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap() {
        Value::Array(list) => list,
        one => vec![one],
    }
}

fn write_list(file: &Path, list: &[Value]) {
    fs::write(file, serde_json::to_string_pretty(list).unwrap()).unwrap();
}

/// One random edit of the content (or of the build date) of kind `kind` (0..14, see below); says what
/// it did.
fn edit(content: &Path, date: &mut Date, rng: &mut Rng, step: usize, kind: usize, vacancies: usize) -> String {
    let files = vacancy_files(content);
    let districts: Vec<PathBuf> = {
        let mut d: Vec<PathBuf> = fs::read_dir(content.join("districts")).unwrap().flatten().map(|e| e.path()).collect();
        d.sort();
        d
    };
    match kind {
        // Change, add or delete `vacancies` vacancies; 14: change their titles only (the benchmark's 1%
        // edit: none added or deleted).
        0..=2 | 14 => {
            let mut done = Vec::new();
            for _ in 0..vacancies {
                let file = &files[rng.below(files.len())];
                let mut list = read_list(file);
                if list.is_empty() {
                    continue;
                }
                let i = rng.below(list.len());
                match if kind == 14 { 0 } else { rng.below(3) } {
                    0 => {
                        let title = list[i]["title"].as_str().unwrap_or("").to_owned();
                        list[i]["title"] = Value::from(format!("{title} 改{step}"));
                        done.push("changed");
                    }
                    1 => {
                        let mut copy = list[i].clone();
                        copy["identifier"] = Value::from(format!("added-{step}-{}", rng.below(1_000_000)));
                        copy["datePosted"] = Value::from(format!("2026-11-{:02}", 1 + rng.below(19)));
                        list.push(copy);
                        done.push("added");
                    }
                    _ => {
                        list.remove(i);
                        done.push("deleted");
                    }
                }
                write_list(file, &list);
            }
            format!("vacancies {done:?}")
        }
        // Move a vacancy into a new file of its district, or rename a vacancy file.
        3 => {
            let file = &files[rng.below(files.len())];
            let mut list = read_list(file);
            if rng.below(2) == 0 && list.len() > 1 {
                let v = list.remove(rng.below(list.len()));
                write_list(file, &list);
                write_list(&file.with_file_name(format!("moved-{step}.json")), &[v]);
                format!("a vacancy of {} moved to moved-{step}.json", file.display())
            } else {
                let to = file.with_file_name(format!("renamed-{step}.json"));
                fs::rename(file, &to).unwrap();
                format!("{} renamed", file.display())
            }
        }
        // A markdown page: added, changed, deleted or renamed (city or district).
        4 | 5 => {
            let base = if rng.below(2) == 0 { content.to_owned() } else { districts[rng.below(districts.len())].clone() };
            let pages = base.join("pages");
            fs::create_dir_all(&pages).unwrap();
            let mut mds: Vec<PathBuf> = fs::read_dir(&pages)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().matches('.').count() == 1 && n.to_string_lossy().ends_with(".md")))
                .collect();
            mds.sort();
            match (rng.below(4), mds.is_empty()) {
                (0, _) | (_, true) => {
                    let p = pages.join(format!("new-{step}.md"));
                    fs::write(&p, format!("+++\ntitle = \"新页面{step}\"\nweight = {}\n+++\n\n第{step}步加的页面。\n", rng.below(9))).unwrap();
                    format!("{} added", p.display())
                }
                (1, false) => {
                    let p = &mds[rng.below(mds.len())];
                    let text = fs::read_to_string(p).unwrap();
                    fs::write(p, format!("{text}\n第{step}步改的一段。\n")).unwrap();
                    format!("{} changed", p.display())
                }
                (2, false) => {
                    let p = &mds[rng.below(mds.len())];
                    for (from, _) in with_translations(p, "") {
                        fs::remove_file(from).unwrap();
                    }
                    format!("{} deleted", p.display())
                }
                _ => {
                    let p = &mds[rng.below(mds.len())];
                    for (from, to) in with_translations(p, &format!("renamed-{step}")) {
                        fs::rename(from, to).unwrap();
                    }
                    format!("{} renamed", p.display())
                }
            }
        }
        // A template: the vacancy page's or the base (every page).
        6 => {
            let name = ["job.html", "base.html"][rng.below(2)];
            let dir = content.join("templates");
            fs::create_dir_all(&dir).unwrap();
            let path = dir.join(name);
            let text = fs::read_to_string(&path).unwrap_or_else(|_| fs::read_to_string(util::root().join("sitegen/templates").join(name)).unwrap());
            let marker = if name == "job.html" { "<article class=\"job-page\"" } else { "<main" };
            fs::write(&path, text.replacen(marker, &format!("{marker} data-edit=\"{step}\""), 1)).unwrap();
            format!("template {name} changed")
        }
        // The site's strings and settings.
        7 => {
            let path = content.join("site.toml");
            let text = fs::read_to_string(&path).unwrap();
            let text = match rng.below(2) {
                0 => text.replacen("title = { zh-CN = \"", &format!("title = {{ zh-CN = \"{step}"), 1),
                _ => text.replacen("base_url = \"https://", &format!("base_url = \"https://s{step}."), 1),
            };
            fs::write(&path, text).unwrap();
            "site.toml changed".to_owned()
        }
        // A district's name or accent.
        8 => {
            let path = districts[rng.below(districts.len())].join("district.toml");
            let text = fs::read_to_string(&path).unwrap();
            let text = text.replacen("zh-CN = \"", &format!("zh-CN = \"{step}"), 1);
            fs::write(&path, text).unwrap();
            format!("{} changed", path.display())
        }
        // Nothing changed.
        9 => "nothing".to_owned(),
        // A district's own words for an occupation one of its vacancies has (what its aliases, so its
        // index documents, are made with; no page shows them).
        12 => {
            let file = &files[rng.below(files.len())];
            let district = file.parent().unwrap().parent().unwrap();
            let code = read_list(file)
                .iter()
                .find_map(|v| v["occupationalCategory"].as_str().and_then(|c| c.split_whitespace().next()).map(str::to_owned))
                .unwrap_or_else(|| "6-18-02".to_owned());
            let path = district.join("synonyms.toml");
            let mut text = fs::read_to_string(&path).unwrap_or_default();
            text.push_str(&format!("\n[[occupation]]\ncode = \"{code}\"\nwords = [\"词语{step}\", \"word{step}\"]\n"));
            fs::write(&path, text).unwrap();
            format!("{} gained words for {code}", path.display())
        }
        // A district's policy text, a station's name or an event's title (what teams edit daily; no vacancy
        // page shows them).
        13 => {
            let district = &districts[rng.below(districts.len())];
            match rng.below(3) {
                0 => {
                    let mut policies: Vec<PathBuf> = fs::read_dir(district.join("policies"))
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|x| x == "md"))
                        .collect();
                    policies.sort();
                    let Some(p) = policies.first() else { return "no policy to edit".to_owned() };
                    let text = fs::read_to_string(p).unwrap();
                    fs::write(p, format!("{text}\n第{step}步补充的说明。\n")).unwrap();
                    format!("{} text changed", p.display())
                }
                n => {
                    let (file, key) = if n == 1 { ("stations.toml", "name = \"") } else { ("events.toml", "title = \"") };
                    let path = district.join(file);
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    fs::write(&path, text.replacen(key, &format!("{key}{step}"), 1)).unwrap();
                    format!("{} text changed", path.display())
                }
            }
        }
        // The build date moves on: vacancies expire, events pass.
        _ => {
            *date = date.add_days(1 + rng.below(20) as i64);
            format!("build date {date}")
        }
    }
}

/// Page `p` (`<stem>.md`) and its translations (`<stem>.<lang>.md`), each with its name under stem `to`.
fn with_translations(p: &Path, to: &str) -> Vec<(PathBuf, PathBuf)> {
    let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
    let dir = p.parent().unwrap();
    let mut out: Vec<(PathBuf, PathBuf)> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n == &format!("{stem}.md") || (n.starts_with(&format!("{stem}.")) && n.ends_with(".md") && n.matches('.').count() == 2))
        .map(|n| (dir.join(&n), dir.join(format!("{to}{}", &n[stem.len()..]))))
        .collect();
    out.sort();
    out
}

/// Runs random edits on `content` — `steps` of any kind, or one of each kind in `kinds` — comparing an
/// incremental and a full build after each. Returns the pages and the index files carried over in all.
fn edit_sequence(name: &str, content: &Path, seed: u64, steps: Steps, vacancies: usize) -> (usize, usize, usize) {
    let work = content.parent().unwrap().to_owned();
    let (incr, full, cache) = (work.join("incr"), work.join("full"), work.join("cache"));
    let mut date = Date::new(2026, 11, 20).unwrap();
    let first = build(content, date, &incr, Some(&cache)).unwrap();
    assert_eq!(first.cache.map(|c| c.reused), Some(0), "{name}: the first build has nothing to reuse");
    // A folder is cleared from the record of its output only when it had not changed for two seconds
    // when the record was written (`output::tree`): after this pause, the first build's folders that
    // no edit touches are, in the record of the second step's build, which recycles the first output.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let mut rng = Rng(seed);
    let (mut reused, mut files_reused, mut from_record) = (0, 0, 0);
    let kinds: Vec<usize> = match steps {
        Steps::Random(n) => (0..n).map(|_| rng.below(14)).collect(),
        Steps::Kinds(k) => k.to_vec(),
    };
    for (i, kind) in kinds.into_iter().enumerate() {
        let step = i + 1;
        let what = edit(content, &mut date, &mut rng, step, kind, vacancies);
        let label = format!("{name} seed {seed} step {step} ({what})");
        let r = build(content, date, &incr, Some(&cache)).unwrap_or_else(|e| panic!("{label}: incremental build failed: {e}"));
        build(content, date, &full, None).unwrap_or_else(|e| panic!("{label}: full build failed: {e}"));
        assert_same(&full, &incr, &label);
        let stats = r.cache.expect("a build with a cache reports it");
        eprintln!(
            "{label}: {} vacancy records read from the cache; {} vacancy pages carried over, {} rendered; {} listing pages from the cache, {} rendered; {} vacancies' index terms from the cache; {} index files carried over, {} compressed{}; {} folders of the spare read, {} cleared from its record",
            stats.records_reused,
            stats.reused,
            stats.rendered,
            stats.listings_reused,
            stats.listings_rendered,
            stats.terms_reused,
            stats.files_reused,
            stats.files_made,
            if stats.index_carried { " (the index whole)" } else { "" },
            stats.folders_read,
            stats.folders_from_record,
        );
        // Pages, templates or nothing edited: the index's inputs are the same, so it is carried over
        // whole, not built; a district's name (a facet label in the manifest) is an input.
        if [4, 5, 6, 9].contains(&kind) {
            assert!(stats.index_carried, "{label}: the index was built again though none of its inputs changed");
        }
        if kind == 8 {
            assert!(!stats.index_carried, "{label}: the index was carried over though a facet label changed");
        }
        // A page's text is on no other page: its edit renders no vacancy or listing page again (its title,
        // slug or order would: the navigation shows them); nor does a policy, station or event.
        if ([4, 5].contains(&kind) && what.ends_with(" changed")) || (kind == 13 && what.ends_with(" text changed")) {
            assert!(stats.rendered == 0 && stats.reused > 0, "{label}: vacancy pages were rendered again for a page's text");
            assert!(stats.listings_rendered == 0 && stats.listings_reused > 0, "{label}: listing pages were rendered again for a page's text");
        }
        // 1% of the titles changed: a new index generation, which every listing page names; yet only the
        // listing pages that show a changed vacancy are rendered, the others taken from the cache with
        // the new generation put in (and the result is the full build's, compared above). (A vacancy
        // added or deleted changes every page of its listings: each shows the listing's count.)
        // The unchanged vacancy records are decoded from the cache, not parsed and checked, and the
        // unchanged vacancies' index terms are read from it, not made and tokenized (and the output,
        // compared above, is the same).
        if kind == 14 {
            assert!(!stats.index_carried && stats.listings_rendered > 0 && stats.listings_reused > stats.listings_rendered, "{label}: {stats:?}");
            assert!(stats.records_reused > 0, "{label}: no vacancy record was read from the cache");
            let tokenized = r.vacancies - stats.terms_reused.min(r.vacancies);
            assert!(stats.terms_reused > 0 && tokenized <= r.vacancies / 50, "{label}: {tokenized} of {} vacancies tokenized again", r.vacancies);
        }
        reused += stats.reused;
        files_reused += stats.files_reused;
        from_record += stats.folders_from_record;
    }
    (reused, files_reused, from_record)
}

/// Which edits [`edit_sequence`] makes.
enum Steps {
    /// This many, of random kinds.
    Random(usize),
    /// These kinds, in this order (the edits themselves still random).
    Kinds(&'static [usize]),
}

#[test]
fn incremental_equals_full_on_the_fixture() {
    let work = scratch("fixture");
    let content = work.join("content");
    copy_tree(&util::root().join("sitegen/tests/fixtures/good"), &content, &|_| true).unwrap();
    let mut reused = 0;
    for seed in [1, 2] {
        let _ = fs::remove_dir_all(&content);
        let _ = fs::remove_dir_all(work.join("cache"));
        copy_tree(&util::root().join("sitegen/tests/fixtures/good"), &content, &|_| true).unwrap();
        reused += edit_sequence("fixture", &content, seed, Steps::Random(14), 1).0;
    }
    // Markdown pages edited every way (added, changed, deleted, renamed; city and district).
    let _ = fs::remove_dir_all(&content);
    let _ = fs::remove_dir_all(work.join("cache"));
    copy_tree(&util::root().join("sitegen/tests/fixtures/good"), &content, &|_| true).unwrap();
    reused += edit_sequence("fixture pages", &content, 3, Steps::Kinds(&[4, 5, 4, 5, 4, 5, 4, 5, 13, 13, 13, 13, 13, 13]), 1).0;
    assert!(reused > 0, "no page was ever carried over: the cache does nothing");
    fs::remove_dir_all(&work).unwrap();
}

#[test]
fn incremental_equals_full_on_2000_vacancies() {
    let work = scratch("2000");
    let content = work.join("content");
    prepare_content(&content, 2000).unwrap();
    // 1% of the vacancies per edit (added, changed, deleted), 1% of the titles changed, one vacancy
    // moved to a file of its own or a file renamed, then the build date (vacancies expire), then a district's synonyms (its vacancies' index
    // documents change, their pages do not): each a pair of 2,000-vacancy builds (the other kinds of
    // edit, which render every vacancy page again, are the fixture's).
    let (reused, files_reused, from_record) = edit_sequence("2000 vacancies", &content, 2026, Steps::Kinds(&[0, 14, 3, 11, 12]), 20);
    assert!(reused > 0, "no page was ever carried over: the cache does nothing");
    // The spares recycled from the second step on were cleared with the records of their builds (the
    // first output's folders untouched since, see the pause above), and every output was still the
    // full build's (compared above).
    assert!(from_record > 0, "no folder of a recycled spare was ever cleared from its record: every folder is read");
    // A vacancy file moved or renamed changes no index file's bytes (only their names, by the generation).
    assert!(files_reused > 0, "no index file was ever carried over: it is compressed again every build");
    fs::remove_dir_all(&work).unwrap();
}

/// Gives `content` its own copy of the built-in template `name` with the first `from` replaced by `to`
/// (which must be there); returns the content's templates folder.
fn own_template(content: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let templates = content.join("templates");
    fs::create_dir_all(&templates).unwrap();
    let built_in = fs::read_to_string(util::root().join("sitegen/templates").join(name)).unwrap();
    assert!(built_in.contains(from), "{name} no longer has {from:?}");
    fs::write(templates.join(name), built_in.replacen(from, to, 1)).unwrap();
    templates
}

#[test]
fn a_title_edit_renders_only_the_listing_pages_that_show_it() {
    // Listing pages name no index file (the index's generation, which any edit changes, is only in
    // widget/current.json): after a title edit the listing pages that list the vacancy are rendered,
    // every other one is carried over, and the output is the full build's. A team's own jobs.html
    // (printing the widget's start-up data transformed) is cached like the built-in one.
    let work = scratch("listing-template");
    let content = work.join("content");
    copy_tree(&util::root().join("sitegen/tests/fixtures/good"), &content, &|_| true).unwrap();
    own_template(&content, "jobs.html", "data-quanyu-search", "data-quanyu-search data-upper=\"{{ search.first | upper }}\"");
    let (out, full, cache) = (work.join("out"), work.join("full"), work.join("cache"));
    let date = Date::new(2026, 11, 20).unwrap();
    let first = build(&content, date, &out, Some(&cache)).unwrap().cache.unwrap();
    assert!(first.listings_rendered > 0 && first.listings_reused == 0, "{first:?}");
    let file = &vacancy_files(&content)[0];
    let mut list = read_list(file);
    // Plain text (the fixture's titles hold markup, which pages escape), found in a page as written.
    let title = "夜班焊接技工（改）".to_owned();
    list[0]["title"] = Value::from(title.clone());
    write_list(file, &list);
    let again = build(&content, date, &out, Some(&cache)).unwrap().cache.unwrap();
    // The listing pages of the output (not the vacancy pages under jobs/), and those showing the title.
    let mut listings = Vec::new();
    for (rel, bytes) in tree(&out) {
        let parts: Vec<&str> = rel.split('/').collect();
        let at = parts.iter().position(|p| *p == "jobs");
        let listing = at.is_some_and(|i| parts.len() == i + 2 || ["page", "type", "group"].contains(&parts[i + 1]));
        if listing && rel.ends_with("index.html") {
            listings.push(String::from_utf8(bytes).unwrap().contains(&title));
        }
    }
    let showing = listings.iter().filter(|&&shows| shows).count();
    assert!(showing > 0 && showing < listings.len(), "{showing} of {} listing pages show the title", listings.len());
    assert_eq!(first.listings_rendered, listings.len(), "every listing page was cached by the first build");
    assert_eq!((again.listings_rendered, again.listings_reused), (showing, listings.len() - showing), "{again:?}");
    build(&content, date, &full, None).unwrap();
    assert_same(&full, &out, "a title edit with the team's own listing template");
    fs::remove_dir_all(&work).unwrap();
}

#[test]
fn failed_deleted_and_damaged_caches() {
    let work = scratch("cache");
    let content = work.join("content");
    copy_tree(&util::root().join("sitegen/tests/fixtures/good"), &content, &|_| true).unwrap();
    let (out, full, cache) = (work.join("out"), work.join("full"), work.join("cache"));
    let date = Date::new(2026, 11, 20).unwrap();
    build(&content, date, &out, Some(&cache)).unwrap();
    let before = tree(&out);

    // A template that fails while vacancy pages render (after other pages were written): the build
    // fails, the previous output stays as it was, and the cache still gives the right site after.
    let templates = own_template(&content, "job.html", "{% block main %}", "{% block main %}{{ no_such_value.field }}");
    let e = build(&content, date, &out, Some(&cache)).expect_err("a template naming an unknown value fails the build");
    assert!(e.contains("job.html"), "the error names the template: {e}");
    assert!(tree(&out) == before, "a failed build left the previous output untouched");
    fs::remove_dir_all(&templates).unwrap();
    let r = build(&content, date, &out, Some(&cache)).unwrap();
    assert!(r.cache.unwrap().reused > 0, "the cache survived the failed build");
    build(&content, date, &full, None).unwrap();
    assert_same(&full, &out, "after a failed build");

    // The cache deleted: a full build, the same output.
    fs::remove_dir_all(&cache).unwrap();
    let r = build(&content, date, &out, Some(&cache)).unwrap();
    assert_eq!(r.cache.unwrap().reused, 0);
    assert_same(&full, &out, "after deleting the cache");

    // A damaged manifest, a truncated page, a manifest of another sitegen: full builds, no crash.
    let manifest = cache.join("manifest");
    let good = fs::read(&manifest).unwrap();
    for (what, bytes) in [
        ("garbage", b"\xff\x00garbage\n".to_vec()),
        ("cut short", good[..good.len() / 2].to_vec()),
        ("another sitegen", {
            let head = format!("quanyu-sitegen-cache {} ", sitegen::output::cache::FORMAT);
            String::from_utf8(good.clone()).unwrap().replacen(&head, &format!("{head}x"), 1).into_bytes()
        }),
        ("inline code damaged", String::from_utf8(good.clone()).unwrap().replacen("'sha256-", "'sha257-", 1).into_bytes()),
    ] {
        fs::write(&manifest, bytes).unwrap();
        let r = build(&content, date, &out, Some(&cache)).unwrap_or_else(|e| panic!("{what}: {e}"));
        let stats = r.cache.unwrap();
        assert_eq!((stats.reused, stats.files_reused), (0, 0), "{what}: nothing reused from a damaged cache");
        assert_same(&full, &out, what);
    }
    // A cached vacancy page, listing page or gzipped index file cut short (its size no longer the
    // manifest's): made again.
    for kind in ["page", "listing", "gz"] {
        let file = fs::read_dir(cache.join("pages"))
            .unwrap()
            .flatten()
            .flat_map(|d| fs::read_dir(d.path()).unwrap().flatten())
            .map(|e| e.path())
            .find(|p| {
                let name = p.to_string_lossy();
                match kind {
                    "gz" => name.ends_with("-gz"),
                    "listing" => name.ends_with("-list"),
                    _ => !name.ends_with("-gz") && !name.ends_with("-list"),
                }
            })
            .unwrap();
        let files = tree(&out).len();
        // Replaced by a new file (a rename), as the cache never writes in place: the output keeps its bytes.
        let tmp = file.with_extension("tmp");
        fs::write(&tmp, b"<p>cut").unwrap();
        fs::rename(&tmp, &file).unwrap();
        let stats = build(&content, date, &out, Some(&cache)).unwrap().cache.unwrap();
        let made = match kind {
            "gz" => stats.files_made,
            "listing" => stats.listings_rendered,
            _ => stats.rendered,
        };
        assert!(made >= 1 && tree(&out).len() == files, "{kind}: {stats:?}");
        assert_same(&full, &out, &format!("a cached {kind} cut short"));
    }

    // The spare (the output two builds back, which the next build recycles, writing only what changed):
    // kept by every build with the cache; damaged every way, the next build is still the full build.
    let spare = sitegen::output::spare_dir(&out);
    assert!(spare.join("index.html").is_file(), "a build with the cache keeps the previous output as the spare");
    fs::write(spare.join("stray.html"), "not a page of this site").unwrap();
    fs::create_dir_all(spare.join("stray-folder/deeper")).unwrap();
    let index = spare.join("index.html");
    let tmp = spare.join("index.tmp");
    fs::write(&tmp, fs::read_to_string(&index).unwrap().replacen("<main", "<main data-damaged", 1)).unwrap();
    fs::rename(&tmp, &index).unwrap();
    fs::remove_file(spare.join("robots.txt")).unwrap();
    fs::create_dir_all(spare.join("robots.txt/a-folder-where-a-file-goes")).unwrap();
    let jobs = fs::read_dir(&spare).unwrap().flatten().map(|e| e.path()).find(|p| p.join("jobs").is_dir()).unwrap().join("jobs");
    fs::remove_dir_all(&jobs).unwrap();
    fs::write(&jobs, "a file where a folder goes").unwrap();
    build(&content, date, &out, Some(&cache)).unwrap();
    assert_same(&full, &out, "a damaged spare");
    // And without one (deleted): the same.
    fs::remove_dir_all(&spare).unwrap();
    build(&content, date, &out, Some(&cache)).unwrap();
    assert_same(&full, &out, "no spare");
    fs::remove_dir_all(&work).unwrap();
}

#[test]
fn carried_over_pages_keep_their_inline_code_in_the_policy() {
    // Inline code only vacancy pages carry: the Content-Security-Policy lists its hash whether the pages
    // were rendered or carried over (the cache keeps each page's inline code with it).
    let work = scratch("inline");
    let content = work.join("content");
    copy_tree(&util::root().join("sitegen/tests/fixtures/good"), &content, &|_| true).unwrap();
    let script = "window.qyOnlyOnJobPages = 1;";
    own_template(&content, "job.html", "{% block main %}", &format!("{{% block main %}}<script>{script}</script>"));
    let (out, full, cache) = (work.join("out"), work.join("full"), work.join("cache"));
    let date = Date::new(2026, 11, 20).unwrap();
    let first = build(&content, date, &out, Some(&cache)).unwrap().cache.unwrap();
    assert!(first.rendered > 0 && first.reused == 0);
    let again = build(&content, date, &out, Some(&cache)).unwrap().cache.unwrap();
    assert!(again.reused == first.rendered && again.rendered == 0, "every vacancy page carried over: {again:?}");
    build(&content, date, &full, None).unwrap();
    assert_same(&full, &out, "every vacancy page carried over");
    let headers = fs::read_to_string(out.join("_headers")).unwrap();
    assert!(headers.contains(&sitegen::text::inline_code::hash_source(script)), "the policy allows the carried-over pages' script");
    fs::remove_dir_all(&work).unwrap();
}
