//! Running a query over a loaded index: text matching with BM25 impacts, facet filters, facet counts and
//! sorting. Pure and synchronous; the widget fetches the shards [`plan`] names (and the columns of the
//! facets it shows or filters on, and the salary column to sort by salary), then calls [`run`]. A facet
//! whose column is not loaded neither filters nor gets counts; without the salary column the salary
//! order is the newest order.
//!
//! Semantics:
//! - Text: every query term must match ([`crate::tokenize::query_terms`]); the last ASCII word, while
//!   still being typed (no separator after it), matches as a prefix (`jav` finds `java`) from
//!   [`MIN_PREFIX`] letters on; shorter, it is not searched until the word goes on or ends (`工程 j` is
//!   `工程`; `c ` and `c语言` look for the word `c`). An empty text matches every document. When no document holds every
//!   term of a query of [`RELAX_MIN_TERMS`] or more terms, the text is *relaxed*: a document matches when
//!   it holds at least two thirds of the terms ([`relaxed_need`]), and [`Outcome::relaxed`] says so.
//!   (软件开发 is 软件 + 件开 + 开发: a vacancy for 软件工程师 that asks for 开发 experience has two of
//!   the three, but no vacancy writes the four characters in a row.) Filters do not relax: a text that
//!   matches documents which the filters exclude gives no result, as the counts show.
//! - Other spellings (issue 14 §3, [`run_with`]): a term that no vacancy writes is looked up among the
//!   aliases (`~hangong`: pinyin, English and Hong Kong words, made at build time, see
//!   [`crate::index::DocInput::aliases`]); a Latin word of four letters or more that is neither written
//!   nor an alias is searched as the words one edit away (two from eight letters) that the word list
//!   ([`crate::index::Words`]) holds, closest and commonest first, and [`Outcome::corrected`] says so.
//!   A term some vacancy writes never looks further, so such a query finds and ranks exactly as without
//!   aliases (a property test holds this).
//! - Filters: values selected within one facet are alternatives (OR); different facets must all hold
//!   (AND).
//! - Counts: the count of a value is the number of matching documents that would remain if that value
//!   were selected in its facet alongside the other facets' selections ("disjunctive" counts), so a count
//!   is exactly what a click on the value shows.
//! - Sorting: relevance (score, then newest), newest, or highest monthly salary (then newest; documents
//!   without a salary last). Relevance without a text is newest.

use crate::index::{ALIAS_MARK, Column, Columns, Manifest, Posting, Shard, Words};
use crate::tokenize;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (newest first when nothing is typed).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
    /// Highest monthly salary first.
    Salary,
    /// Best for the citizen's profile first: the reader re-ranks (see [`crate::matching::rank`]);
    /// [`run`] orders as [`Sort::Relevance`].
    Match,
}

impl Sort {
    /// The URL spelling.
    pub fn key(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Salary => "salary",
            Sort::Match => "match",
        }
    }

    /// Parses the URL spelling.
    pub fn parse(s: &str) -> Option<Sort> {
        [Sort::Relevance, Sort::Newest, Sort::Salary, Sort::Match].into_iter().find(|x| x.key() == s)
    }
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The folded term.
    pub text: String,
    /// Whether it matches every term it begins (an ASCII word still being typed).
    pub prefix: bool,
}

/// Results a reader shows at first (the widget's page: "load more" adds as many).
pub const PAGE: usize = 20;

/// The shortest ASCII word matched as a prefix.
pub const MIN_PREFIX: usize = 2;

/// The terms of a query text.
pub fn query_terms(text: &str) -> Vec<QueryTerm> {
    let mut terms: Vec<QueryTerm> = tokenize::query_terms(text).into_iter().map(|t| QueryTerm { text: t, prefix: false }).collect();
    let typing = text.chars().last().is_some_and(|c| tokenize::fold_char(c).is_ascii_alphanumeric());
    if typing && let Some(last) = terms.last_mut().filter(|t| t.text.bytes().all(|b| b.is_ascii_alphanumeric())) {
        if last.text.len() >= MIN_PREFIX {
            last.prefix = true;
        } else {
            // One letter is too short a prefix (it would fetch a run of shards to match nearly
            // everything), and as a whole word it finds nothing while the citizen is still typing one:
            // it waits for the next letter or the end of the word.
            terms.pop();
        }
    }
    terms
}

/// The shards a query needs (in manifest order, without repeats); see [`plan_with`].
pub fn plan(manifest: &Manifest, text: &str) -> Vec<usize> {
    plan_with(manifest, None, |_| None, text)
}

/// Whether a query term is a Latin-script word (what aliases and typo corrections apply to).
fn is_latin(t: &QueryTerm) -> bool {
    t.text.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The spellings of a term the index may hold it under, in the order [`run`] tries them: the written
/// term; its alias ([`ALIAS_MARK`]: pinyin and English words, other Chinese words for an occupation);
/// then, with the word list, for a Latin word of [`crate::index::TYPO_MIN_LETTERS`] or more that no
/// term is (nor begins, while typed), the words one or two edits away ([`Words::near`]).
fn spellings(words: Option<&Words>, t: &QueryTerm) -> Vec<(String, bool, Lookup)> {
    let mut out = vec![(t.text.clone(), t.prefix, Lookup::Written)];
    // Not `format!`: formatting a char would bring its `Display` into the search widget (~300 bytes).
    let mut alias = String::from(ALIAS_MARK);
    alias.push_str(&t.text);
    out.push((alias, t.prefix, Lookup::Alias));
    if is_latin(t)
        && let Some(w) = words.filter(|w| !w.has(&t.text, t.prefix))
    {
        out.extend(w.near(&t.text).into_iter().map(|c| (c.to_owned(), false, Lookup::Typo)));
    }
    out
}

/// Which spelling of a query term matched (see [`spellings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lookup {
    Written,
    Alias,
    Typo,
}

/// The shards a query needs (in manifest order, without repeats): those of its terms; of a Latin word's
/// alias (typed pinyin finds its vacancies in the same round); of a Chinese term's alias once its own
/// shard is loaded (`loaded`) and lacks it (a second round, only for a term no vacancy writes); and —
/// once the word list ([`Words`]) is loaded — of the corrections of a misspelt word.
pub fn plan_with<'s>(manifest: &Manifest, words: Option<&Words>, loaded: impl Fn(usize) -> Option<&'s Shard>, text: &str) -> Vec<usize> {
    let range =
        |term: &str, prefix: bool| if prefix { manifest.shards_for_prefix(term) } else { manifest.shard_for(term).map_or(0..0, |i| i..i + 1) };
    let mut out: Vec<usize> = Vec::new();
    for t in query_terms(text) {
        for (term, prefix, how) in spellings(words, &t) {
            if how == Lookup::Alias && !is_latin(&t) {
                let absent = manifest.shard_for(&t.text).and_then(&loaded).is_some_and(|s| s.get(&t.text).is_none());
                if !absent {
                    continue;
                }
            }
            out.extend(range(&term, prefix));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a query needs the word list: it has a Latin word long enough to be corrected.
pub fn wants_words(text: &str) -> bool {
    query_terms(text).iter().any(|t| is_latin(t) && t.text.len() >= crate::index::TYPO_MIN_LETTERS)
}

/// A query: text, selected facet values and order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// What was typed.
    pub text: String,
    /// Per facet (manifest order), the selected value numbers (0-based in the facet's dictionary).
    pub filters: Vec<Vec<u16>>,
    /// Result order.
    pub sort: Sort,
}

/// What a query found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Matching documents, in result order.
    pub docs: Vec<u32>,
    /// Per facet, per value: the disjunctive count (see the module docs).
    pub counts: Vec<Vec<u32>>,
    /// No document held every term: these hold most of them (see the module docs).
    pub relaxed: bool,
    /// With a text: each result's relevance (sum of its terms' impacts), in `docs`' order; else empty.
    pub relevance: Vec<u32>,
    /// Latin words no term matched that were searched as their closest correction instead: (as typed,
    /// the correction searched first), for the status line "显示 java 的结果".
    pub corrected: Vec<(String, String)>,
}

/// Queries of this many terms or more are relaxed when no document holds them all.
pub const RELAX_MIN_TERMS: usize = 3;

/// How many of `terms` query terms a document needs in a relaxed search: two thirds, rounded up.
pub fn relaxed_need(terms: usize) -> usize {
    (2 * terms).div_ceil(3)
}

/// Runs `req` without the word list (no typo corrections); see [`run_with`].
pub fn run<'s>(manifest: &Manifest, columns: &Columns, shard: impl Fn(usize) -> Option<&'s Shard>, req: &Request) -> Outcome {
    run_with(manifest, columns, shard, None, req)
}

/// The postings of one spelling of a term (a prefix: of every term it begins).
fn postings_of<'s>(manifest: &Manifest, shard: &impl Fn(usize) -> Option<&'s Shard>, term: &str, prefix: bool) -> Vec<&'s [Posting]> {
    if prefix {
        let mut out = Vec::new();
        for s in manifest.shards_for_prefix(term).filter_map(shard) {
            let start = s.terms.partition_point(|(t, _)| t.as_str() < term);
            out.extend(s.terms[start..].iter().take_while(|(t, _)| t.starts_with(term)).map(|(_, p)| p.as_slice()));
        }
        out
    } else {
        manifest.shard_for(term).and_then(shard).and_then(|s| s.get(term)).into_iter().collect()
    }
}

/// Runs `req`. `shard` gives the decoded shards [`plan_with`] named (a missing one counts as having none
/// of its terms, so the caller must load them first); `words`, the word list once loaded.
///
/// A term matches by its first spelling that the index holds (see [`spellings`]): a Latin word that is
/// written somewhere matches only as written, so a query whose words all match exactly finds and ranks
/// exactly what it would without aliases or corrections; one that is not matches its alias (pinyin,
/// English), else its corrections (all of them, each document with its best impact).
pub fn run_with<'s>(
    manifest: &Manifest,
    columns: &Columns,
    shard: impl Fn(usize) -> Option<&'s Shard>,
    words: Option<&Words>,
    req: &Request,
) -> Outcome {
    let n = manifest.doc_count as usize;
    let terms = query_terms(&req.text);

    // Text: per document, how many query terms it holds and the sum of their impacts; a result holds
    // them all, or (relaxed) most of them.
    let mut relaxed = false;
    let mut corrected: Vec<(String, String)> = Vec::new();
    let scores: Option<Vec<u32>> = if terms.is_empty() {
        None
    } else {
        let mut score = vec![0u32; n];
        let mut hits = vec![0u16; n];
        for t in &terms {
            // (postings, how many halvings of their impacts): a later correction counts half as much
            // as the one before it, so the closest and commonest correction's vacancies come first.
            let mut lists: Vec<(&[Posting], u32)> = Vec::new();
            let mut typo: Option<String> = None;
            let mut corrections = 0u32;
            for (term, prefix, how) in spellings(words, t) {
                if how == Lookup::Typo && typo.is_none() && !lists.is_empty() {
                    break;
                }
                let found = postings_of(manifest, &shard, &term, prefix);
                if found.iter().all(|l| l.is_empty()) {
                    continue;
                }
                if how == Lookup::Typo {
                    typo.get_or_insert_with(|| term.strip_prefix(ALIAS_MARK).unwrap_or(&term).to_owned());
                    lists.extend(found.into_iter().map(|l| (l, corrections)));
                    corrections += 1;
                } else {
                    lists = found.into_iter().map(|l| (l, 0)).collect();
                    break;
                }
            }
            if let Some(c) = typo {
                corrected.push((t.text.clone(), c));
            }
            // A document counts once per query term, with the best impact among a prefix's terms.
            let mut best: Vec<(u32, u8)> = lists
                .iter()
                .flat_map(|&(l, halve)| l.iter().map(move |&(d, i)| (d, (i >> halve).max(1))))
                .filter(|&(d, _)| (d as usize) < n)
                .collect();
            if lists.len() > 1 {
                best.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                best.dedup_by_key(|p| p.0);
            }
            for (d, impact) in best {
                let d = d as usize;
                hits[d] = hits[d].saturating_add(1);
                score[d] = score[d].saturating_add(u32::from(impact));
            }
        }
        let all = terms.len();
        let need = if all >= RELAX_MIN_TERMS && !hits.iter().any(|&h| usize::from(h) == all) {
            relaxed = true;
            relaxed_need(all)
        } else {
            all
        };
        Some(score.into_iter().zip(hits).map(|(s, h)| if usize::from(h) >= need { s.saturating_add(1) } else { 0 }).collect())
    };

    // Filters as fast membership tests.
    let tests: Vec<Filter> = manifest
        .facets
        .iter()
        .enumerate()
        .map(|(fi, f)| {
            let sel = req.filters.get(fi).map_or(&[][..], Vec::as_slice);
            let column = columns.facets.get(fi).and_then(Option::as_ref);
            if sel.is_empty() || column.is_none() {
                // Nothing selected, or the column is not loaded (the reader loads a facet's column before
                // filtering on it).
                return Filter::Any;
            }
            match column {
                Some(Column::Multi(_)) => Filter::Mask(sel.iter().filter(|&&v| v < 32).fold(0u32, |m, &v| m | 1 << v)),
                _ => {
                    let mut allowed = vec![false; f.values.len() + 1];
                    sel.iter().filter(|&&v| usize::from(v) < f.values.len()).for_each(|&v| allowed[usize::from(v) + 1] = true);
                    Filter::Set(allowed)
                }
            }
        })
        .collect();
    let mut counts: Vec<Vec<u32>> = manifest.facets.iter().map(|f| vec![0; f.values.len()]).collect();
    let mut docs: Vec<u32> = Vec::new();
    for d in 0..n {
        if scores.as_ref().is_some_and(|s| s[d] == 0) {
            continue;
        }
        // Which facets' filters this document fails: none → a result, counted in every facet; exactly
        // one → counted in that facet only (selecting another value there would include it).
        let mut failed: Option<usize> = None;
        let mut fails = 0;
        for (fi, t) in tests.iter().enumerate() {
            if !t.passes(columns.facets.get(fi).and_then(Option::as_ref), d) {
                fails += 1;
                failed = Some(fi);
                if fails > 1 {
                    break;
                }
            }
        }
        match fails {
            0 => {
                docs.push(d as u32);
                for (fi, c) in columns.facets.iter().enumerate() {
                    if let Some(c) = c {
                        count(c, d, &mut counts[fi]);
                    }
                }
            }
            1 => {
                let fi = failed.expect("one facet failed");
                if let Some(Some(c)) = columns.facets.get(fi) {
                    count(c, d, &mut counts[fi]);
                }
            }
            _ => {}
        }
    }

    match (req.sort, &scores) {
        (Sort::Relevance | Sort::Match, Some(s)) => {
            // Best score first, then newest (lower number): one u64 key per result, sorted as plain
            // integers (several times faster than comparing through the score table in the wasm).
            let mut keys: Vec<u64> = docs.iter().map(|&d| u64::from(u32::MAX - s[d as usize]) << 32 | u64::from(d)).collect();
            keys.sort_unstable();
            docs = keys.into_iter().map(|k| k as u32).collect();
        }
        (Sort::Salary, _) => {
            if let Some(salary) = &columns.salary {
                let sal = |d: u32| salary.get(d as usize).copied().unwrap_or(0);
                docs.sort_by(|&a, &b| sal(b).cmp(&sal(a)).then(a.cmp(&b)));
            }
        }
        _ => {} // already newest first
    }
    let relevance = scores.map_or_else(Vec::new, |s| docs.iter().map(|&d| s[d as usize] - 1).collect());
    Outcome { docs, counts, relaxed, relevance, corrected }
}

enum Filter {
    Any,
    Mask(u32),
    Set(Vec<bool>),
}

impl Filter {
    fn passes(&self, column: Option<&Column>, d: usize) -> bool {
        match (self, column) {
            (Filter::Any, _) => true,
            // A column shorter than the manifest says (a damaged file) has no value for the rest.
            (Filter::Mask(m), Some(Column::Multi(v))) => v.get(d).is_some_and(|x| x & m != 0),
            (Filter::Set(allowed), Some(Column::Single(v))) => v.get(d).and_then(|&x| allowed.get(usize::from(x))).copied().unwrap_or(false),
            _ => false,
        }
    }
}

fn count(column: &Column, d: usize, counts: &mut [u32]) {
    match column {
        Column::Single(v) => {
            if let Some(c) = v.get(d).and_then(|&x| usize::from(x).checked_sub(1)).and_then(|i| counts.get_mut(i)) {
                *c += 1;
            }
        }
        Column::Multi(v) => {
            let mut m = v.get(d).copied().unwrap_or(0);
            while m != 0 {
                let i = m.trailing_zeros() as usize;
                if let Some(c) = counts.get_mut(i) {
                    *c += 1;
                }
                m &= m - 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{self, DocInput, DocView, Facet, FacetKind, IndexInput, decode_docs};
    use crate::test_rng::Rng;
    use std::collections::HashMap;

    const TITLES: &[&str] = &[
        "焊工",
        "电工",
        "软件工程师",
        "机械工程师",
        "工程监理员",
        "Java开发",
        "JAVA后端工程师",
        "会计",
        "軟件工程師",
        "普工",
        "Sales Manager",
        "电焊学徒",
        "javascript前端",
    ];
    const BODIES: &[&str] = &["负责焊接", "电气维修", "Spring Boot", "数据分析 Excel", "", "客户服务 sales", "工程 项目", "夜班 包住"];
    const DISTRICTS: &[&str] = &["huangpu", "liwan", "nansha"];
    const STREETS: &[&str] = &["黄埔街道", "鱼珠街道", "南沙街道", "", "逢源街道"];
    const TYPES: &[&str] = &["FULL_TIME", "PART_TIME", "PER_DIEM", "INTERN"];
    const GROUPS: &[&str] = &["graduate", "4050", "veteran"];
    const QUERIES: &[&str] = &[
        "",
        "焊工",
        "工程师",
        "工程",
        "軟件",
        "java",
        "jav",
        "java ",
        "sales",
        "电",
        "会计 excel",
        "不存在",
        "s",
        "工",
        // Relaxed when no document holds every term: 焊工 + 工程, 电气 + 工程师, java + 工程师.
        "焊工工程",
        "电气工程师",
        "java 后端 工程师 spring",
        "电焊工程师助理",
        // Aliases (some also written: java, sales), typos, pinyin while typed.
        "hangong",
        "hango",
        "welder 电",
        "kuaiji ",
        "javaa",
        "exel",
        "salse ",
        "welder",
        "dianhan",
        "侍应",
        "电焊",
    ];
    const ALIASES: &[&str] = &["hangong", "dianhan", "welder", "kuaiji", "java", "sales", "ruanjian", "侍应生", "电焊"];

    fn facets() -> Vec<Facet> {
        let f = |name: &str, kind| Facet { name: name.into(), kind, values: Vec::new() };
        vec![f("district", FacetKind::Single), f("locality", FacetKind::Single), f("work_type", FacetKind::Multi), f("group", FacetKind::Multi)]
    }

    fn random_docs(rng: &mut Rng, n: usize) -> Vec<DocInput<'static>> {
        (0..n)
            .map(|i| {
                let title = rng.pick(TITLES);
                let body = vec![rng.pick(BODIES), rng.pick(BODIES)];
                let street = rng.pick(STREETS);
                let types: Vec<&str> = TYPES.iter().copied().filter(|_| rng.below(3) == 0).collect();
                let groups: Vec<&str> = GROUPS.iter().copied().filter(|_| rng.below(4) == 0).collect();
                let district = rng.pick(DISTRICTS);
                DocInput {
                    view: DocView { id: format!("d-{i:04}"), title: title.into(), district: district.into(), ..DocView::default() },
                    title,
                    body,
                    posted_days: 20_000 + rng.below(30) as i64,
                    salary_max_monthly: if rng.below(5) == 0 { 0 } else { 3000 + 500 * rng.below(20) as u32 },
                    facets: vec![vec![district], if street.is_empty() { vec![] } else { vec![street] }, types, groups],
                    features: Default::default(),
                    aliases: ALIASES.iter().filter(|_| rng.below(4) == 0).map(|a| (*a).to_owned()).collect(),
                }
            })
            .collect()
    }

    /// Everything a reader would load, decoded from the built files.
    struct Loaded {
        manifest: Manifest,
        columns: Columns,
        shards: Vec<Shard>,
        views: Vec<DocView>,
        words: index::Words,
    }

    fn load(built: &index::BuiltIndex) -> Loaded {
        let files: HashMap<&str, &[u8]> = built.files.iter().map(|f| (f.name.as_str(), f.bytes.as_slice())).collect();
        let manifest = Manifest::decode(&built.manifest.bytes).unwrap();
        let columns = Columns {
            facets: (0..manifest.facets.len()).map(|i| Some(Column::decode(files[manifest.column_file(i).as_str()]).unwrap())).collect(),
            salary: Some(index::decode_salary(files[manifest.salary_file().as_str()]).unwrap()),
        };
        let shards = (0..manifest.shards.len()).map(|i| Shard::decode(files[manifest.shard_file(i).as_str()]).unwrap()).collect();
        let views: Vec<DocView> = (0..manifest.chunk_count()).flat_map(|i| decode_docs(files[manifest.chunk_file(i).as_str()]).unwrap()).collect();
        let profile = index::ProfileData::decode(files[manifest.profile_file().as_str()]).unwrap();
        let matching = profile.districts.len() + 1;
        // Each district's result table holds its documents' views, as the chunks do.
        let districts = manifest.facet("district").map_or(0, |f| manifest.facets[f].values.len());
        let mut in_tables = 0;
        for v in 0..districts {
            let table = index::DocTable::decode(files[manifest.table_file(v).as_str()].to_vec()).unwrap();
            for (doc, view) in table.views() {
                assert_eq!(&view, &views[doc as usize]);
                let district = manifest.facet("district").unwrap();
                assert!(
                    matches!(columns.facets[district].as_ref().unwrap(), Column::Single(c) if c[doc as usize] == v as u16 + 1),
                    "{view:?} is in district {v}'s table"
                );
                in_tables += 1;
            }
        }
        if districts > 0 {
            assert_eq!(in_tables, manifest.doc_count, "every document is in its district's table");
        }
        assert_eq!(
            files.len(),
            // + salary, words, sounds
            manifest.shards.len() + manifest.chunk_count() + manifest.facets.len() + 3 + matching + districts,
            "the manifest names every file"
        );
        let words = index::Words::decode(files[manifest.words_file().as_str()]).unwrap();
        index::Sounds::decode(files[manifest.sounds_file().as_str()]).unwrap();
        Loaded { manifest, columns, shards, views, words }
    }

    fn search(l: &Loaded, req: &Request) -> Outcome {
        run_with(&l.manifest, &l.columns, |i| l.shards.get(i), Some(&l.words), req)
    }

    /// A document's written terms.
    fn written(d: &DocInput<'_>) -> Vec<String> {
        let mut terms = tokenize::index_terms(d.title);
        d.body.iter().for_each(|b| terms.extend(tokenize::index_terms(b)));
        terms
    }

    /// The brute-force form of the term rule: which words a query term `q` matches in a document, given
    /// every document of the index: written if any document writes it, else its alias if any document
    /// has it, else (a Latin word of four letters or more) every word or alias of the index within one
    /// edit (two from eight letters), at most three, closest then most frequent first.
    type Matcher = Box<dyn Fn(&DocInput<'_>) -> bool>;

    fn matcher(q: &QueryTerm, docs: &[DocInput<'_>]) -> Matcher {
        let holds = |t: &str, prefix: bool, list: &[String]| list.iter().any(|x| if prefix { x.starts_with(t) } else { x == t });
        let (text, prefix) = (q.text.clone(), q.prefix);
        if docs.iter().any(|d| holds(&text, prefix, &written(d))) {
            return Box::new(move |d| holds(&text, prefix, &written(d)));
        }
        let latin = text.bytes().all(|b| b.is_ascii_alphanumeric());
        let alias_terms = |d: &DocInput<'_>| d.aliases.iter().flat_map(|a| tokenize::index_terms(a)).collect::<Vec<String>>();
        if docs.iter().any(|d| holds(&text, prefix, &alias_terms(d))) {
            return Box::new(move |d| holds(&text, prefix, &alias_terms(d)));
        }
        if !latin || text.len() < 4 {
            return Box::new(|_| false);
        }
        // Every Latin word and alias of the corpus with its document frequency.
        let mut df: std::collections::BTreeMap<(bool, String), u32> = Default::default();
        for d in docs {
            let (mut w, a) = (written(d), &d.aliases);
            w.retain(|t| t.bytes().all(|b| b.is_ascii_alphanumeric()));
            w.sort();
            w.dedup();
            let mut a = a.to_vec();
            a.sort();
            a.dedup();
            w.into_iter().for_each(|t| *df.entry((false, t)).or_default() += 1);
            a.into_iter().for_each(|t| *df.entry((true, t)).or_default() += 1);
        }
        let limit = if text.len() >= 8 { 2 } else { 1 };
        let mut near: Vec<(usize, u32, String, bool)> =
            df.into_iter().map(|((alias, t), n)| (crate::text::edit_distance(&text, &t), n, t, alias)).filter(|x| x.0 >= 1 && x.0 <= limit).collect();
        // The index's byte order: a written word before any alias ('~' sorts after letters).
        near.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.3.cmp(&b.3)).then(a.2.cmp(&b.2)));
        let mut picked: Vec<(String, bool)> = Vec::new();
        for (_, _, t, alias) in near {
            if !picked.iter().any(|p| p.0 == t) {
                picked.push((t, alias));
            }
        }
        picked.truncate(3);
        Box::new(move |d| picked.iter().any(|(t, alias)| if *alias { d.aliases.contains(t) } else { written(d).contains(t) }))
    }

    /// The brute-force text rule of the module docs, over every document: whether `d` matches `text`,
    /// and whether the search is relaxed.
    fn text_rule<'a>(text: &str, docs: &'a [DocInput<'a>]) -> (impl Fn(&DocInput<'_>) -> bool + use<'a>, bool) {
        let matchers: Vec<Matcher> = query_terms(text).iter().map(|q| matcher(q, docs)).collect();
        let hits = move |d: &DocInput<'_>| matchers.iter().filter(|m| m(d)).count();
        let all = query_terms(text).len();
        let strict_somewhere = docs.iter().any(|d| hits(d) == all);
        let relaxed = all >= RELAX_MIN_TERMS && !strict_somewhere;
        let need = if relaxed { relaxed_need(all) } else { all };
        (move |d: &DocInput<'_>| hits(d) >= need, relaxed)
    }

    #[test]
    fn every_result_and_count_equals_a_brute_force_scan() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        for round in 0..12 {
            let n = 40 + rng.below(300);
            let docs = random_docs(&mut rng, n);
            let built =
                index::build(IndexInput { threads: 1, languages: Vec::new(), facets: facets(), docs: docs.clone(), ..Default::default() }).unwrap();
            let l = load(&built);
            let by_id: HashMap<&str, &DocInput<'_>> = docs.iter().map(|d| (d.view.id.as_str(), d)).collect();
            for q in 0..25 {
                let text = rng.pick(QUERIES).to_owned();
                // Random selections: each facet empty or one/two values.
                let filters: Vec<Vec<u16>> = l
                    .manifest
                    .facets
                    .iter()
                    .map(|f| {
                        let k = if rng.below(2) == 0 { 0 } else { 1 + rng.below(2) };
                        (0..k).map(|_| rng.below(f.values.len()) as u16).collect()
                    })
                    .collect();
                let sort = [Sort::Relevance, Sort::Newest, Sort::Salary][rng.below(3)];
                let req = Request { text: text.clone(), filters: filters.clone(), sort };
                let out = search(&l, &req);

                let keys_of = |d: &DocInput<'_>, fi: usize| -> Vec<u16> {
                    d.facets[fi].iter().map(|k| l.manifest.facets[fi].values.iter().position(|(v, _)| v == k).unwrap() as u16).collect()
                };
                let passes = |d: &DocInput<'_>, fi: usize| filters[fi].is_empty() || keys_of(d, fi).iter().any(|v| filters[fi].contains(v));
                let (text_matches, relaxed) = text_rule(&text, &docs);
                let mut expect: Vec<&str> =
                    docs.iter().filter(|d| text_matches(d) && (0..filters.len()).all(|fi| passes(d, fi))).map(|d| d.view.id.as_str()).collect();
                let mut got: Vec<&str> = out.docs.iter().map(|&d| l.views[d as usize].id.as_str()).collect();
                let ctx = format!("round {round} query {q}: {text:?} {filters:?} {sort:?}");
                if sort == Sort::Salary {
                    let sal: Vec<u32> = out.docs.iter().map(|&d| l.columns.salary.as_ref().unwrap()[d as usize]).collect();
                    assert!(sal.windows(2).all(|w| w[0] >= w[1]), "{ctx}: salary order");
                }
                if sort == Sort::Newest || (sort == Sort::Relevance && query_terms(&text).is_empty()) {
                    let days: Vec<i64> = got.iter().map(|id| by_id[id].posted_days).collect();
                    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{ctx}: newest first");
                }
                got.sort_unstable();
                expect.sort_unstable();
                assert_eq!(got, expect, "{ctx}: results");
                assert_eq!(out.relaxed, relaxed, "{ctx}: relaxed");
                for (fi, f) in l.manifest.facets.iter().enumerate() {
                    for v in 0..f.values.len() {
                        let brute = docs
                            .iter()
                            .filter(|d| text_matches(d) && (0..filters.len()).all(|g| g == fi || passes(d, g)))
                            .filter(|d| keys_of(d, fi).contains(&(v as u16)))
                            .count() as u32;
                        assert_eq!(out.counts[fi][v], brute, "{ctx}: count of {}={}", f.name, f.values[v].0);
                    }
                }
            }
        }
    }

    #[test]
    fn a_query_whose_words_all_match_as_written_finds_and_ranks_as_without_aliases() {
        let mut rng = Rng(0x0f0f_2026_1204_0001);
        for round in 0..6 {
            let n = 60 + rng.below(200);
            let docs = random_docs(&mut rng, n);
            let plain: Vec<DocInput<'_>> = docs.iter().map(|d| DocInput { aliases: Vec::new(), ..d.clone() }).collect();
            let build = |docs: Vec<DocInput<'static>>| {
                load(&index::build(IndexInput { threads: 1, languages: Vec::new(), facets: facets(), docs, ..Default::default() }).unwrap())
            };
            let (with, without) = (build(docs.clone()), build(plain.clone()));
            let mut checked = 0;
            for text in QUERIES {
                let q = query_terms(text);
                if !q.iter().all(|t| plain.iter().any(|d| written(d).iter().any(|w| if t.prefix { w.starts_with(&t.text) } else { *w == t.text }))) {
                    continue;
                }
                checked += 1;
                for sort in [Sort::Relevance, Sort::Newest, Sort::Salary] {
                    let req = Request { text: (*text).into(), filters: vec![vec![], vec![], vec![0], vec![]], sort };
                    let (a, b) = (search(&with, &req), search(&without, &req));
                    assert_eq!(a, b, "round {round}: {text:?} {sort:?}: order, relevance and counts as without aliases");
                    assert!(a.corrected.is_empty());
                }
            }
            assert!(checked >= 8, "round {round}: only {checked} queries matched as written");
        }
    }

    #[test]
    fn pinyin_and_english_aliases_find_vacancies_when_no_written_word_does() {
        let mut welder = doc("welder", "焊工", "", 3);
        welder.aliases = vec!["hangong".into(), "welder".into(), "dianhan".into()];
        let mut accountant = doc("accountant", "会计", "", 2);
        accountant.aliases = vec!["kuaiji".into(), "huiji".into(), "accountant".into()];
        let english = doc("english", "Welder wanted", "", 1);
        let mut cleaner = doc("cleaner", "保洁员", "", 0);
        cleaner.aliases = vec!["清潔工".into(), "cleaner".into()];
        let docs = vec![welder, accountant, english, cleaner];
        let l = load(&index::build(IndexInput { threads: 1, languages: Vec::new(), facets: Vec::new(), docs, ..Default::default() }).unwrap());
        assert_eq!(ids(&l, "hangong", Sort::Relevance), ["welder"]);
        assert_eq!(ids(&l, "hango", Sort::Relevance), ["welder"], "mid-typing: the alias as a prefix");
        assert_eq!(ids(&l, "kuaiji ", Sort::Relevance), ["accountant"], "会's other reading");
        assert_eq!(ids(&l, "accountant", Sort::Relevance), ["accountant"]);
        assert_eq!(ids(&l, "welder ", Sort::Relevance), ["english"], "a written word wins: no alias then");
        assert_eq!(ids(&l, "dianhan 焊工", Sort::Relevance), ["welder"], "an alias beside a written term");
        assert!(plan(&l.manifest, "hangong").contains(&l.manifest.shard_for("~hangong").unwrap()), "the alias's shard is planned");
        assert_eq!(ids(&l, "清潔", Sort::Relevance), ["cleaner"], "a Hong Kong word (folded to 清洁)");
        // A Chinese term's alias shard only once its own shard shows no vacancy writes it.
        let own = l.manifest.shard_for("清洁").unwrap();
        let alias = l.manifest.shard_for("~清洁").unwrap();
        assert_eq!(plan(&l.manifest, "清洁"), [own]);
        assert!(plan_with(&l.manifest, None, |i| l.shards.get(i), "清洁").contains(&alias));
        assert!(!plan_with(&l.manifest, None, |i| l.shards.get(i), "保洁").contains(&alias) || alias == own, "保洁 is written");
    }

    #[test]
    fn a_misspelt_latin_word_is_searched_as_its_closest_words_and_said() {
        let mut java = doc("java", "Java开发", "", 5);
        java.aliases = vec!["ruanjian".into()];
        let docs = vec![
            java,
            doc("java2", "JAVA后端", "", 4),
            doc("javan", "Javan 导游", "", 3),
            doc("excel", "文员", "熟练 Excel", 2),
            doc("exe", "exe 打包", "", 1),
        ];
        let l = load(&index::build(IndexInput { threads: 1, languages: Vec::new(), facets: Vec::new(), docs, ..Default::default() }).unwrap());
        let out = search(&l, &Request { text: "javaa ".into(), ..Request::default() });
        assert_eq!(out.corrected, [("javaa".to_owned(), "java".to_owned())], "the commonest of the closest");
        let got: Vec<&str> = out.docs.iter().map(|&d| l.views[d as usize].id.as_str()).collect();
        assert_eq!(got, ["java", "java2", "javan"], "java and javan, both one edit away");
        let exel = search(&l, &Request { text: "exel".into(), ..Request::default() });
        assert_eq!(exel.corrected, [("exel".to_owned(), "excel".to_owned())], "typed without a separator: corrected too");
        assert_eq!(exel.docs.len(), 2, "excel and exe are both one edit from exel");
        assert_eq!(ids(&l, "ruanjain", Sort::Relevance), ["java"], "an alias corrected (a swap, eight letters)");
        assert!(search(&l, &Request { text: "java".into(), ..Request::default() }).corrected.is_empty(), "never for a word that matches");
        assert!(ids(&l, "jav ", Sort::Relevance).is_empty(), "three letters are not corrected");
        assert!(ids(&l, "exe", Sort::Relevance) == ["exe"], "exact, so no correction to excel");
        // Without the word list, no correction: the reader plans the corrections' shards once it has it.
        assert!(run(&l.manifest, &l.columns, |i| l.shards.get(i), &Request { text: "javaa ".into(), ..Request::default() }).docs.is_empty());
        assert!(wants_words("javaa") && !wants_words("jav") && !wants_words("焊工"));
        let need = plan_with(&l.manifest, Some(&l.words), |_| None, "javaa ");
        assert!(need.contains(&l.manifest.shard_for("java").unwrap()));
    }

    fn doc(id: &str, title: &'static str, body: &'static str, day: i64) -> DocInput<'static> {
        DocInput {
            view: DocView { id: id.into(), title: title.into(), ..DocView::default() },
            title,
            body: vec![body],
            posted_days: day,
            salary_max_monthly: 0,
            facets: Vec::new(),
            features: Default::default(),
            aliases: Vec::new(),
        }
    }

    fn ids(l: &Loaded, text: &str, sort: Sort) -> Vec<String> {
        search(l, &Request { text: text.into(), filters: Vec::new(), sort }).docs.iter().map(|&d| l.views[d as usize].id.clone()).collect()
    }

    #[test]
    fn title_matches_rank_above_body_matches_and_ties_go_to_the_newest() {
        let docs = vec![
            doc("body-only", "普工", "需要会焊工技能的普工，长期稳定，包吃包住，工作环境好", 100),
            doc("title-old", "焊工", "长期稳定，包吃包住，工作环境好，需要夜班", 90),
            doc("title-new", "焊工", "长期稳定，包吃包住，工作环境好，需要夜班", 95),
            doc("electrician", "电工", "电气维修", 99),
        ];
        let l = load(&index::build(IndexInput { threads: 1, languages: Vec::new(), facets: Vec::new(), docs, ..Default::default() }).unwrap());
        assert_eq!(ids(&l, "焊工", Sort::Relevance), ["title-new", "title-old", "body-only"]);
        assert_eq!(ids(&l, "焊工", Sort::Newest), ["body-only", "title-new", "title-old"]);
        assert_eq!(ids(&l, "", Sort::Relevance), ["body-only", "electrician", "title-new", "title-old"]);
        assert_eq!(ids(&l, "銲工 ", Sort::Relevance).len(), 0, "銲 is not a variant OpenCC folds to 焊");
    }

    #[test]
    fn a_phrase_no_vacancy_writes_in_a_row_finds_those_with_most_of_it() {
        let docs = vec![
            doc("dev", "软件工程师", "负责后端开发", 3),
            doc("both", "软件开发工程师", "", 1),
            doc("test", "软件测试", "", 2),
            doc("sales", "销售", "", 4),
        ];
        let l = load(
            &index::build(IndexInput { threads: 1, languages: Vec::new(), facets: Vec::new(), docs: docs.clone(), ..Default::default() }).unwrap(),
        );
        let strict = search(&l, &Request { text: "软件开发".into(), ..Request::default() });
        assert_eq!((ids(&l, "软件开发", Sort::Relevance), strict.relaxed), (vec!["both".to_owned()], false), "one has it in a row: strict");
        let without = load(
            &index::build(IndexInput {
                threads: 1,
                languages: Vec::new(),
                facets: Vec::new(),
                docs: docs[..1].iter().chain(&docs[2..]).cloned().collect(),
                ..Default::default()
            })
            .unwrap(),
        );
        let relaxed = search(&without, &Request { text: "软件开发".into(), ..Request::default() });
        assert!(relaxed.relaxed, "none has 软件 + 件开 + 开发: relaxed");
        assert_eq!(ids(&without, "软件开发", Sort::Relevance), ["dev"], "软件 and 开发: two of three; 软件测试 has one");
        assert_eq!((relaxed_need(3), relaxed_need(4), relaxed_need(5)), (2, 3, 4));
        // Two terms never relax (工开 + 开发 would otherwise find every 开发).
        let two = search(&without, &Request { text: "工开发".into(), ..Request::default() });
        assert!(two.docs.is_empty() && !two.relaxed);
    }

    #[test]
    fn typing_an_ascii_word_matches_by_prefix_until_it_is_finished() {
        let docs = vec![doc("j", "Java开发", "", 3), doc("js", "JavaScript前端", "", 2), doc("jv", "java", "", 1)];
        let l = load(&index::build(IndexInput { threads: 1, languages: Vec::new(), facets: Vec::new(), docs, ..Default::default() }).unwrap());
        assert_eq!(ids(&l, "jav", Sort::Newest), ["j", "js", "jv"]);
        assert_eq!(ids(&l, "java ", Sort::Newest), ["j", "jv"]);
        assert_eq!(query_terms("工程 jav"), [QueryTerm { text: "工程".into(), prefix: false }, QueryTerm { text: "jav".into(), prefix: true }]);
        assert!(!query_terms("jav 工程").iter().any(|t| t.prefix));
        assert!(query_terms("j").is_empty(), "one letter being typed is not searched yet");
        assert_eq!(ids(&l, "j", Sort::Newest), ["j", "js", "jv"], "so it finds what the rest of the text finds, not nothing");
        assert_eq!(query_terms("工程 j"), [QueryTerm { text: "工程".into(), prefix: false }]);
        assert_eq!(query_terms("j "), [QueryTerm { text: "j".into(), prefix: false }], "a finished one-letter word is matched whole");
        assert_eq!(query_terms("c语言")[0], QueryTerm { text: "c".into(), prefix: false });
        assert_eq!(ids(&l, "j ", Sort::Newest), [] as [String; 0]);
    }

    #[test]
    fn the_plan_names_only_the_shards_a_query_needs() {
        let mut rng = Rng(7);
        let docs = random_docs(&mut rng, 3000);
        let built =
            index::build(IndexInput { threads: 3, languages: Vec::new(), facets: facets(), docs: docs.clone(), ..Default::default() }).unwrap();
        let single = index::build(IndexInput { threads: 1, languages: Vec::new(), facets: facets(), docs, ..Default::default() }).unwrap();
        assert_eq!((&built.manifest, &built.files), (&single.manifest, &single.files), "threads do not change a byte");
        let l = load(&built);
        assert!(l.manifest.shards.len() >= 3, "3,000 documents make several shards, got {}", l.manifest.shards.len());
        let p = plan(&l.manifest, "焊工");
        assert_eq!(p.len(), 1);
        assert!(l.shards[p[0]].get("焊工").is_some());
        // Searching with only the planned shards gives the same as with all of them.
        for text in ["工程师", "java", "ja", "sales 电"] {
            let need = plan(&l.manifest, text);
            let partial =
                run(&l.manifest, &l.columns, |i| need.contains(&i).then(|| &l.shards[i]), &Request { text: text.into(), ..Request::default() });
            assert_eq!(partial, search(&l, &Request { text: text.into(), ..Request::default() }), "{text}");
        }
    }

    #[test]
    fn facets_without_a_loaded_column_neither_filter_nor_count() {
        let mut rng = Rng(11);
        let docs = random_docs(&mut rng, 200);
        let mut l = load(&index::build(IndexInput { threads: 1, languages: Vec::new(), facets: facets(), docs, ..Default::default() }).unwrap());
        let req = Request { text: String::new(), filters: vec![vec![0], vec![], vec![], vec![]], sort: Sort::Salary };
        let with = search(&l, &req);
        assert!(with.docs.len() < 200 && with.counts[2].iter().sum::<u32>() > 0);
        l.columns.facets[0] = None;
        l.columns.facets[2] = None;
        l.columns.salary = None;
        let without = search(&l, &req);
        assert_eq!(without.docs, (0..200).collect::<Vec<u32>>(), "no district filter, newest order");
        assert!(without.counts[0].iter().chain(&without.counts[2]).all(|&c| c == 0));
        assert_eq!(without.counts[3], search(&l, &Request { filters: Vec::new(), ..req.clone() }).counts[3]);
    }
}
