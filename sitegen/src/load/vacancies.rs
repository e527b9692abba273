//! Vacancy files (`districts/<slug>/vacancies/`), read on one thread per core, largest files first, and
//! checked record by record through `engine::validate`: JobPosting JSON (`.json`), spreadsheets (`.xlsx`,
//! `.xlsm`, `.xlsb`, `.xls`, `.ods`), CSV (`.csv`) and saved career pages (`.html`, `.htm`) — the last
//! three through [`super::import`]. Other files, and the `~$…` lock files Excel and WPS leave beside an
//! open workbook, are not read.
//!
//! A vacancy *record* — one JSON object, sheet row or career-page JobPosting — is checked on its own. A record with errors is set aside
//! (`Diagnostics::set_aside`: its errors become "rejected", naming the record) and the others are kept: one
//! employer's bad record does not stop a district's other vacancies. A file that cannot be read or parsed
//! at all is set aside as one record (the objects a JSON file holds before a syntax error are kept).
//! [`keep_first`] then sets aside every record whose identifier an earlier one already has, and those
//! whose identifier is a path of the listings. Whether rejected records fail the build (`--strict`) is
//! the caller's decision.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use engine::diag::{Diagnostics, Pos, Record};
use engine::json;
use engine::vacancy::{Source, Vacancy};
use engine::validate::{self, Rules, Unknown};

use super::import::{self, Context, Settings};
use super::records::{self, RecordCache};
use super::source::display_path;

/// The kinds of vacancy file, by extension (lower case).
const EXTENSIONS: [&str; 9] = ["json", "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "html", "htm"];

/// Whether a file is read as vacancies: one of [`EXTENSIONS`], and not an office program's lock file
/// (`~$…`) or a hidden file.
pub(crate) fn is_vacancy_file(p: &Path) -> bool {
    extension(p).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
        && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with("~$") && !n.starts_with('.'))
}

fn extension(p: &Path) -> Option<String> {
    p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase)
}

/// Reads vacancy files (district slug, path) on one thread per core, largest files first; returns the
/// vacancies of each file, in the order given. `groups` names site.toml's target groups, `settings` holds
/// each district's `[import]` (a district without one reads with the defaults).
pub(super) fn load_vacancies(
    root: &Path,
    files: &[(String, PathBuf)],
    rules: &Rules,
    groups: &BTreeMap<String, String>,
    settings: &BTreeMap<String, Settings>,
    records: Option<&RecordCache>,
    diags: &mut Diagnostics,
) -> Vec<(String, Vec<Vacancy>)> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(fs::metadata(&files[i].1).map_or(0, |m| m.len())));
    let default = Settings::default();
    let mut results = crate::parallel::map(&order, |&i| {
        let (slug, path) = &files[i];
        let mut d = Diagnostics::new();
        let cx = Context { district: slug, rules, groups, settings: settings.get(slug).unwrap_or(&default) };
        let v = load_file(&display_path(root, path), path, &cx, records, &mut d);
        (i, v, d)
    });
    if let Some(records) = records {
        let displays: Vec<String> = files.iter().map(|(_, p)| display_path(root, p)).collect();
        records.sweep(&displays.iter().map(String::as_str).collect::<Vec<_>>());
    }
    results.sort_by_key(|(i, _, _)| *i);
    results
        .into_iter()
        .map(|(i, v, d)| {
            diags.extend(d);
            (files[i].0.clone(), v)
        })
        .collect()
}

/// The vacancies of one vacancy file (of any kind); its records with errors are set aside into `diags`.
/// A JSON file's records are taken from `records` when it has them ([`super::records`]).
pub(crate) fn load_file(display: &str, path: &Path, cx: &Context<'_>, records: Option<&RecordCache>, diags: &mut Diagnostics) -> Vec<Vacancy> {
    // Every kind of vacancy file is bounded like a JSON one (links out of the content folder were left
    // out when the folder was listed).
    let bytes = match super::source::read_bounded(path, super::source::MAX_VACANCY_FILE) {
        Ok(bytes) => bytes,
        Err(u) => {
            reject_file(display, u.message, u.hint, None, diags);
            return Vec::new();
        }
    };
    match extension(path).as_deref() {
        Some("csv") => match import::csv::decode(&bytes, cx.settings.encoding()).and_then(|(text, _)| import::csv::read(&text)) {
            Ok(table) => import::table_vacancies(display, &table, cx, diags),
            Err(e) => {
                reject_file(display, e, None, None, diags);
                Vec::new()
            }
        },
        Some("html" | "htm") => match import::csv::decode(&bytes, None) {
            Ok((text, _)) => import::careers::page_vacancies(display, &text, cx, diags),
            Err(e) => {
                reject_file(display, e, None, None, diags);
                Vec::new()
            }
        },
        Some("json") => match super::source::utf8(bytes) {
            Ok(text) => json_vacancies(display, &text, cx, records, diags),
            Err((pos, message, hint)) => {
                reject_file(display, message, Some(hint), Some(pos), diags);
                Vec::new()
            }
        },
        _ => match import::sheets::read(path) {
            Ok(tables) => tables.iter().flat_map(|t| import::table_vacancies(display, t, cx, diags)).collect(),
            Err(e) => {
                reject_file(display, e, None, None, diags);
                Vec::new()
            }
        },
    }
}

/// The vacancies of a JobPosting JSON file (one object or an array). A record of the root array that
/// `records` kept is decoded instead of parsed and checked; one checked with no problem is kept there.
fn json_vacancies(display: &str, text: &str, cx: &Context<'_>, records: Option<&RecordCache>, diags: &mut Diagnostics) -> Vec<Vacancy> {
    // Room for a vacancy every kilobyte of JSON (a record of the sample's is about 1.8 KB): grown by
    // pushing, the vector was copied at every doubling into freshly cleared memory; room never used is
    // never touched.
    let out = RefCell::new(Vec::with_capacity(text.len() / 1024));
    let cached = RefCell::new(records.map(|r| r.open(display, records::context(cx.district, cx.rules))));
    let diags = RefCell::new(diags);
    // Objects are checked one by one as the parser reaches them: a file of 20,000 vacancies never exists
    // as one JSON tree in memory.
    let mut check = |node: json::Node, raw: &str| {
        let mut of_record = Diagnostics::new();
        match validate::check_vacancy(&node, display, cx.district, cx.rules, Unknown::Error, &mut of_record) {
            Some(v) => {
                if of_record.is_empty()
                    && let Some(c) = cached.borrow_mut().as_mut()
                {
                    let key = c.key(raw);
                    c.keep(key, &v);
                }
                diags.borrow_mut().extend(of_record);
                out.borrow_mut().push(v);
            }
            None => diags.borrow_mut().set_aside(of_record, &Record { pos: Some(node.pos), identifier: validate::identifier_as_written(&node) }),
        }
    };
    let from_cache = |raw: &str, pos| {
        let mut cached = cached.borrow_mut();
        let Some(c) = cached.as_mut() else { return false };
        let key = c.key(raw);
        match c.get(key, Source { path: display.to_owned(), sheet: None, pos }) {
            Some(v) => {
                out.borrow_mut().push(v);
                true
            }
            None => false,
        }
    };
    // Without a cache no object is skimmed.
    let parsed = if records.is_some() { json::parse_each_with(text, from_cache, &mut check) } else { json::parse_each(text, |node| check(node, "")) };
    let (out, diags) = (out.into_inner(), diags.into_inner());
    if let Some(c) = cached.into_inner() {
        c.save();
    }
    if let Err(e) = parsed {
        let hint = (!out.is_empty()).then(|| format!("the {} vacancies before this point are read; nothing after it", out.len()));
        let mut of_file = Diagnostics::new();
        of_file.error(display, Some(e.pos), format!("invalid JSON: {}", e.message), hint);
        diags.set_aside(of_file, &Record { pos: Some(e.pos), identifier: None });
    }
    out
}

/// Sets a whole file aside: one problem, at `pos` or for the file as a whole.
fn reject_file(display: &str, message: String, hint: Option<String>, pos: Option<Pos>, diags: &mut Diagnostics) {
    let mut of_file = Diagnostics::new();
    of_file.error(display, pos, message, hint);
    diags.set_aside(of_file, &Record { pos, identifier: None });
}

/// Sets aside a vacancy that was read: one problem, at the vacancy.
fn reject(v: &Vacancy, message: String, hint: Option<String>, diags: &mut Diagnostics) {
    let mut of_record = Diagnostics::new();
    match &v.source.sheet {
        Some(sheet) => of_record.in_cell(engine::diag::Severity::Error, &v.source.path, sheet, Some(v.source.pos), message, hint),
        None => of_record.error(&v.source.path, Some(v.source.pos), message, hint),
    }
    diags.set_aside(of_record, &Record { pos: Some(v.source.pos), identifier: Some(v.identifier.clone()) });
}

/// Keeps the first vacancy of each identifier, in the order given (file path order, then position in the
/// file), and sets the others aside, each naming where the identifier was first used; sets aside too the
/// vacancies whose identifier is reserved (a path of the listings).
pub(super) fn keep_first(mut vacancies: Vec<Vacancy>, diags: &mut Diagnostics) -> Vec<Vacancy> {
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    // In place (`retain` visits each once, in order): no second vector of every vacancy.
    vacancies.retain(|v| {
        if crate::urls::RESERVED_IDENTIFIERS.contains(&v.identifier.as_str()) {
            reject(
                v,
                format!("identifier `{}` is reserved (it is a path of the listings)", v.identifier),
                Some("choose another identifier".into()),
                diags,
            );
            return false;
        }
        match first.get(&v.identifier) {
            Some(at) => {
                let hint = format!("first used at {at}; identifiers must be unique in the city, the first one is kept");
                reject(v, format!("duplicate identifier `{}`", v.identifier), Some(hint), diags);
                false
            }
            None => {
                first.insert(v.identifier.clone(), v.source.location());
                true
            }
        }
    });
    vacancies
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(files: &[(&str, &str)]) -> (Vec<Vacancy>, Diagnostics) {
        let mut d = Diagnostics::new();
        let mut all = Vec::new();
        // A temporary file of its own per call: tests run in parallel and may use the same name.
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        for (name, text) in files {
            let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let dir = std::env::temp_dir().join(format!("quanyu-vac-{}-{n}-{name}", std::process::id()));
            fs::write(&dir, text).unwrap();
            let (rules, groups, settings) = (Rules::default(), BTreeMap::new(), Settings::default());
            let cx = Context { district: "demo", rules: &rules, groups: &groups, settings: &settings };
            all.extend(load_file(name, &dir, &cx, None, &mut d));
            fs::remove_file(&dir).unwrap();
        }
        (all, d)
    }

    /// Reads `text` as the JSON file `x.json` of district `huangpu` with the sample's target groups,
    /// through the record cache in `cache` when given; also says how many records came from it.
    fn read_cached(text: &str, cache: Option<&Path>) -> (Vec<Vacancy>, Vec<String>, usize) {
        let groups = ["graduate", "4050", "employment-difficulty", "hk-macau-youth", "rural-labour", "veteran", "disabled"];
        let rules = Rules { target_groups: groups.iter().map(|g| g.to_string()).collect() };
        let (names, settings) = (BTreeMap::new(), Settings::default());
        let cx = Context { district: "huangpu", rules: &rules, groups: &names, settings: &settings };
        let records = cache.map(|dir| RecordCache::new(dir, "test"));
        let mut d = Diagnostics::new();
        let v = json_vacancies("x.json", text, &cx, records.as_ref(), &mut d);
        (v, d.sorted().iter().map(|d| d.to_string()).collect(), records.map_or(0, |r| r.hits()))
    }

    #[test]
    fn records_from_the_cache_are_the_vacancies_checking_gives_in_the_same_places() {
        let sample = include_str!("../../../content/districts/huangpu/vacancies/sample.json");
        let cache = std::env::temp_dir().join(format!("quanyu-records-{}", std::process::id()));
        let _ = fs::remove_dir_all(&cache);
        let (checked, problems, _) = read_cached(sample, None);
        assert!(checked.len() > 40 && problems.is_empty(), "{} vacancies, {problems:?}", checked.len());
        // The first read keeps every record; the second takes them all from the cache, field for field.
        assert_eq!(read_cached(sample, Some(&cache)), (checked.clone(), problems.clone(), 0));
        assert_eq!(read_cached(sample, Some(&cache)), (checked.clone(), problems, checked.len()));
        // Nothing changed: the record file is not written again (a new one would be a new inode).
        let inode = || {
            use std::os::unix::fs::MetadataExt as _;
            let files: Vec<_> = fs::read_dir(cache.join("records")).unwrap().flatten().collect();
            assert_eq!(files.len(), 1);
            files[0].metadata().unwrap().ino()
        };
        let before = inode();
        read_cached(sample, Some(&cache));
        assert_eq!(inode(), before, "an unchanged file's records were written again");

        // An edit: the second record's title longer and over two lines (every later record moves), the
        // fifth broken, the seventh with an unknown property (set aside).
        let list: Vec<serde_json::Value> = serde_json::from_str(sample).unwrap();
        let mut edited = list.clone();
        edited[1]["title"] = serde_json::Value::from("焊工（急招）");
        edited[4]["datePosted"] = serde_json::Value::from("2026-13-01");
        edited[6]["salaryBand"] = serde_json::Value::from("high");
        let mut text = serde_json::to_string_pretty(&edited).unwrap();
        text = text.replacen("\"焊工（急招）\"", "\n    \"焊工（急招）\"", 1);
        let (want, want_problems, _) = read_cached(&text, None);
        assert_eq!(want_problems.len(), 2, "{want_problems:?}");
        let (got, got_problems, hits) = read_cached(&text, Some(&cache));
        assert_eq!((&got, &got_problems), (&want, &want_problems));
        assert_eq!(hits, list.len() - 3, "all but the three edited records from the cache");
        assert!(got.iter().zip(&checked).skip(2).any(|(a, b)| a.source.pos.line > b.source.pos.line), "later records moved down");
        // The cache now holds this file's records only (the edited good one, not the old ones); another
        // context (other target groups) uses none of them.
        assert_eq!(read_cached(&text, Some(&cache)).2, list.len() - 2);
        let rules = Rules::default();
        let (names, settings) = (BTreeMap::new(), Settings::default());
        let cx = Context { district: "huangpu", rules: &rules, groups: &names, settings: &settings };
        let records = RecordCache::new(&cache, "test");
        json_vacancies("x.json", &text, &cx, Some(&records), &mut Diagnostics::new());
        assert_eq!(records.hits(), 0, "records checked against other target groups were used");
        // Another sitegen's (stamp) or a damaged record file is not used.
        let other = RecordCache::new(&cache, "another binary");
        json_vacancies("x.json", &text, &cx, Some(&other), &mut Diagnostics::new());
        assert_eq!(other.hits(), 0);
        for f in fs::read_dir(cache.join("records")).unwrap().flatten() {
            let mut bytes = fs::read(f.path()).unwrap();
            bytes.truncate(bytes.len() - 3);
            fs::write(f.path(), bytes).unwrap();
        }
        assert_eq!(read_cached(&text, Some(&cache)), (want.clone(), want_problems.clone(), 0));
        assert_eq!(read_cached(&text, Some(&cache)).2, list.len() - 2);
        // A file of one vacancy (the root an object, not an array) is kept and read the same way.
        let one = serde_json::to_string_pretty(&list[3]).unwrap();
        let (first, first_problems, _) = read_cached(&one, Some(&cache));
        assert_eq!((first.len(), &first[0].title, first[0].source.pos, first_problems.len()), (1, &checked[3].title, Pos { line: 1, col: 1 }, 0));
        assert_eq!(read_cached(&one, Some(&cache)), (first, first_problems, 1));
        fs::remove_dir_all(&cache).unwrap();
    }

    const A: &str = r#"{"identifier": "a", "title": "t", "description": "d", "datePosted": "2026-11-01", "hiringOrganization": {"name": "n"}}"#;

    #[test]
    fn a_bad_record_is_set_aside_and_the_others_kept() {
        let text = format!("[{A},\n{}]", A.replace("\"a\"", "\"b\"").replace("2026-11-01", "2026-13-01"));
        let (v, d) = read(&[("x.json", &text)]);
        assert_eq!(v.len(), 1);
        assert!(!d.has_errors());
        assert_eq!(d.rejected_records(), 1);
        let s: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            s,
            [
                "x.json:2:69: rejected: `datePosted`: `2026-13-01` is not a day of the calendar (write dates as 2026-11-20 or 2026-11-20T09:30:00+08:00)"
            ]
        );
        assert_eq!(d.sorted()[0].record, Some(Record { pos: Some(Pos { line: 2, col: 1 }), identifier: Some("b".into()) }));
    }

    #[test]
    fn a_broken_file_keeps_what_came_before_the_error() {
        let (v, d) = read(&[("x.json", &format!("[{A}, {{\"identifier\": \"b\",}}]"))]);
        assert_eq!(v.len(), 1);
        let s: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            s,
            ["x.json:1:141: rejected: invalid JSON: trailing comma before `}` (the 1 vacancies before this point are read; nothing after it)"]
        );
    }

    #[test]
    fn duplicates_keep_the_first_and_reserved_identifiers_are_set_aside() {
        let (v, mut d) = read(&[("a.json", A), ("b.json", &format!("[{}, {}]", A, A.replace("\"a\"", "\"page\"")))]);
        let kept = keep_first(v, &mut d);
        assert_eq!(kept.iter().map(|v| v.source.location()).collect::<Vec<_>>(), ["a.json:1:1"]);
        let s: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            s,
            [
                "b.json:1:2: rejected: duplicate identifier `a` (first used at a.json:1:1; identifiers must be unique in the city, the first one is kept)",
                "b.json:1:122: rejected: identifier `page` is reserved (it is a path of the listings) (choose another identifier)"
            ]
        );
        assert_eq!(d.rejected_records(), 2);
    }
}
