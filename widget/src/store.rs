//! The parts of the index loaded so far, and the bridge from a [`SearchState`] to the engine's search
//! and back to what the components show. Plain Rust: the browser half only fetches files into it.

use std::collections::BTreeSet;

use engine::index::sounds::homophone_query;
use engine::index::{Column, Columns, DocTable, DocView, FacetKind, Manifest, Shard, Sounds, Words};
use engine::search::{self, Outcome, Request};

use crate::i18n::Strings;
use crate::state::SearchState;

/// Facets shown as a drop-down (many values) rather than check boxes.
const DROP_DOWN: [&str; 2] = ["locality", "occupation"];

/// Up to this many documents the index is small (a few hundred KB at most): it is fetched whole after the
/// first results, so the widget then works offline. Above it, parts are fetched on demand only.
pub const SMALL_INDEX: u32 = 2000;

/// Facets open from the start (their columns are small: few values, long runs); the others start
/// closed unless the state selects in them, and a closed facet renders no choices (a page's first
/// render stays small: the widget's start-up is main-thread time on a phone).
pub const OPEN_FACETS: [&str; 2] = ["district", "work_type"];

/// The loaded index.
#[derive(Debug)]
pub struct Store {
    /// The manifest.
    pub manifest: Manifest,
    /// Facet columns.
    pub columns: Columns,
    shards: Slots<Shard>,
    chunks: Slots<DocTable>,
    /// Districts' result tables, by the district's value number.
    tables: Slots<DocTable>,
    /// The Latin word list, once loaded (typo corrections).
    words: Option<Words>,
    /// Up to how many documents the index counts as small ([`SMALL_INDEX`]; the tests lower it).
    pub small: u32,
    /// The homophone file ([`Sounds`]), once loaded (the full build's suggestions). Held as `Any`:
    /// only the full build makes one, so the search build carries no code to drop it (its size budget).
    sounds: Option<Box<dyn std::any::Any>>,
}

/// A decoded file of the index, by number where there are several.
#[derive(Debug)]
pub enum Part {
    /// Term shard.
    Shard(usize, Shard),
    /// Document chunk.
    Chunk(usize, DocTable),
    /// A district's result table.
    Table(usize, DocTable),
    /// Facet column.
    Column(usize, Column),
    /// Salary column.
    Salary(Vec<u32>),
    /// The Latin word list.
    Words(Words),
    /// The homophone file (a [`Sounds`], see [`Store`]'s field).
    Sounds(Box<dyn std::any::Any>),
    /// The profile file (a [`engine::index::ProfileData`]: matching; kept by the app, not the store).
    /// Held as `Any`, as the homophone file is: the search build makes none, so it carries no code to
    /// drop one (its size budget).
    Profile(Box<dyn std::any::Any>),
    /// A district's match file, undecoded (decoding needs the profile file).
    Match(usize, Vec<u8>),
}

/// Files of one kind by number: the index's numbers are dense, so a vector (boxed: a chunk's slot in a
/// million-vacancy index costs a pointer) does what a map would, with less code in the widget.
#[derive(Debug)]
struct Slots<T>(Vec<Option<Box<T>>>);

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Slots(Vec::new())
    }
}

impl<T> Slots<T> {
    fn get(&self, i: usize) -> Option<&T> {
        self.0.get(i)?.as_deref()
    }
    fn insert(&mut self, i: usize, t: T) {
        if self.0.len() <= i {
            self.0.resize_with(i + 1, || None);
        }
        self.0[i] = Some(Box::new(t));
    }
}

/// What a search that found nothing offers instead ([`Store::zero_help`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ZeroHelp {
    /// Filters whose removal gives results: (facet name, title, results without it).
    pub filters: Vec<(String, String, usize)>,
    /// Districts with results for the search: (slug, name, results).
    pub districts: Vec<(String, String, u32)>,
}

/// How a facet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// One check box per value.
    Checkboxes,
    /// A drop-down with "any" and the values.
    Select,
}

/// A facet as the filter panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetView {
    /// Facet name (URL parameter).
    pub name: String,
    /// Translated title.
    pub title: String,
    /// How it shows.
    pub control: Control,
    /// Whether the group is open (else only its title shows, and its column need not be loaded).
    pub open: bool,
    /// Whether its column is loaded (counts known).
    pub loaded: bool,
    /// The values worth showing: those with results, and the selected ones.
    pub options: Vec<OptionView>,
}

/// One facet value with its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionView {
    /// Key (URL value).
    pub key: String,
    /// Label in the page's language.
    pub label: String,
    /// Results if selected (see `engine::search`).
    pub count: u32,
    /// Whether it is selected.
    pub selected: bool,
}

impl Store {
    /// A store over a manifest, with nothing else loaded yet.
    pub fn new(manifest: Manifest) -> Store {
        Store {
            columns: Columns::none(&manifest),
            manifest,
            shards: Slots::default(),
            chunks: Slots::default(),
            tables: Slots::default(),
            small: SMALL_INDEX,
            words: None,
            sounds: None,
        }
    }

    /// Whether the whole index is small enough to fetch at once (see [`SMALL_INDEX`]).
    pub fn is_small(&self) -> bool {
        self.manifest.doc_count <= self.small
    }

    /// The facets open at first for a state: [`OPEN_FACETS`] and those the state selects in.
    pub fn initially_open(&self, state: &SearchState) -> BTreeSet<String> {
        self.manifest.facets.iter().map(|f| f.name.clone()).filter(|n| OPEN_FACETS.contains(&n.as_str()) || !state.selected(n).is_empty()).collect()
    }

    /// Facet columns (by number) a state needs and that are not loaded: those of open facets, of
    /// facets with a selection.
    pub fn missing_columns(&self, state: &SearchState, open: &BTreeSet<String>) -> Vec<usize> {
        self.manifest
            .facets
            .iter()
            .enumerate()
            .filter(|(i, f)| self.columns.facets[*i].is_none() && (open.contains(&f.name) || !state.selected(&f.name).is_empty()))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether the state needs the salary column and it is not loaded.
    pub fn missing_salary(&self, state: &SearchState) -> bool {
        state.sort == engine::search::Sort::Salary && self.columns.salary.is_none()
    }

    /// The word list, once loaded, when the widget corrects typos (`corrections`: the build with the
    /// profile only, see [`crate::session`]; the search build passes a constant `false`, so the
    /// optimizer drops the corrections from it).
    fn words(&self, corrections: bool) -> Option<&Words> {
        self.words.as_ref().filter(|_| corrections)
    }

    /// Shards the text needs that are not loaded (its terms', their aliases', and with `corrections` a
    /// misspelt word's corrections' once the word list is here: `engine::search::plan_with`).
    pub fn missing_shards(&self, text: &str, corrections: bool) -> Vec<usize> {
        search::plan_with(&self.manifest, self.words(corrections), |i| self.shards.get(i), text)
            .into_iter()
            .filter(|&i| self.shards.get(i).is_none())
            .collect()
    }

    /// Whether the text needs the word list (a Latin word long enough to correct) and it is not loaded.
    pub fn missing_words(&self, text: &str) -> bool {
        self.words.is_none() && search::wants_words(text)
    }

    /// Whether the search `out` of `state` wants the homophone file and it is not loaded: its text is 2
    /// to `WORD_CHARS` Han characters that find nothing, filters or not (see [`Store::homophone`]).
    pub fn missing_sounds(&self, out: &Outcome, state: &SearchState) -> bool {
        self.sounds.is_none() && out.docs.is_empty() && homophone_query(&state.text).is_some() && self.text_finds_nothing(state)
    }

    /// What a search that found nothing may have meant (issue 14 §3): a word of the index that sounds
    /// like its text, a pinyin keyboard's slip (`汉工` → `焊工`, `engine::index::Sounds::suggest`), the
    /// homophone file once loaded. Offered, never searched instead; none when the text itself finds
    /// something (only the filters exclude it: the filters' help is for that). The word is in the
    /// index's vacancies, but the filters may exclude them: pressing it then shows the filters' help.
    /// The build with the profile only.
    pub fn homophone(&self, out: &Outcome, state: &SearchState) -> Option<&str> {
        if !out.docs.is_empty() || !self.text_finds_nothing(state) {
            return None;
        }
        self.sounds.as_ref()?.downcast_ref::<Sounds>()?.suggest(&state.text)
    }

    /// Whether the state's text finds nothing without filters.
    fn text_finds_nothing(&self, state: &SearchState) -> bool {
        self.search(&SearchState { text: state.text.clone(), ..SearchState::default() }, true).docs.is_empty()
    }

    /// Adds a fetched part of the index.
    pub fn add(&mut self, part: Part) {
        match part {
            Part::Shard(i, s) => {
                self.shards.insert(i, s);
            }
            Part::Chunk(i, docs) => {
                self.chunks.insert(i, docs);
            }
            Part::Table(v, docs) => {
                self.tables.insert(v, docs);
            }
            Part::Column(i, c) => {
                if let Some(slot) = self.columns.facets.get_mut(i) {
                    *slot = Some(c);
                }
            }
            Part::Salary(v) => self.columns.salary = Some(v),
            Part::Words(w) => self.words = Some(w),
            Part::Sounds(s) => self.sounds = Some(s),
            Part::Profile(_) | Part::Match(..) => {}
        }
    }

    /// Every file not yet loaded, when the index is small enough to keep whole: (shards, chunks, columns,
    /// salary).
    pub fn prefetch(&self) -> (Vec<usize>, Vec<usize>, Vec<usize>, bool) {
        if !self.is_small() {
            return (Vec::new(), Vec::new(), Vec::new(), false);
        }
        let shards = (0..self.manifest.shards.len()).filter(|&i| self.shards.get(i).is_none()).collect();
        let chunks = (0..self.manifest.chunk_count()).filter(|&i| self.chunks.get(i).is_none()).collect();
        let columns = (0..self.manifest.facets.len()).filter(|&i| self.columns.facets[i].is_none()).collect();
        (shards, chunks, columns, self.columns.salary.is_none())
    }

    /// The engine request for a state: facet names and keys become numbers; unknown ones are ignored.
    pub fn request(&self, state: &SearchState) -> Request {
        let filters = self
            .manifest
            .facets
            .iter()
            .map(|f| state.selected(&f.name).iter().filter_map(|k| f.values.iter().position(|(v, _)| v == k)).map(|i| i as u16).collect())
            .collect();
        Request { text: state.text.clone(), filters, sort: state.sort }
    }

    /// Runs the search (with the shards loaded so far: load [`Store::missing_shards`] first), with typo
    /// corrections when `corrections` (and the word list is here).
    pub fn search(&self, state: &SearchState, corrections: bool) -> Outcome {
        self.run(&self.request(state), corrections)
    }

    /// Runs a request made by [`Store::request`] (see [`Store::search`]).
    pub fn run(&self, req: &Request, corrections: bool) -> Outcome {
        search::run_with(&self.manifest, &self.columns, |i| self.shards.get(i), self.words(corrections), req)
    }

    /// What to offer when a search finds nothing (issue 14 §3): each filter whose removal gives results
    /// (facet name, its title, how many), and the districts that have results for the same search
    /// (slug, name, how many: the district facet's counts, which count each district as if it alone
    /// were selected). Empty when there are results. The build with the profile only (the search build
    /// asks for it when a search finds nothing: [`crate::session::Session::needs_full`]).
    pub fn zero_help(&self, out: &Outcome, state: &SearchState, t: &Strings) -> ZeroHelp {
        let mut help = ZeroHelp::default();
        if !out.docs.is_empty() {
            return help;
        }
        for f in &self.manifest.facets {
            if state.selected(&f.name).is_empty() {
                continue;
            }
            let without = state.apply(crate::state::Action::Select(f.name.clone(), String::new()), state);
            let n = self.search(&without, true).docs.len();
            if n > 0 {
                help.filters.push((f.name.clone(), t.facet(&f.name).to_owned(), n));
            }
        }
        if let Some(fi) = self.manifest.facet("district") {
            let lang = self.lang_index(t.lang);
            let f = &self.manifest.facets[fi];
            help.districts = out.counts[fi]
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(v, &c)| (f.values[v].0.clone(), f.label(v, lang).to_owned(), c))
                .collect();
        }
        help
    }

    /// Chunks needed to show `docs` that are not loaded (nor their districts' result tables).
    pub fn missing_chunks(&self, docs: &[u32]) -> Vec<usize> {
        let mut out: Vec<usize> = docs.iter().filter(|&&d| self.table_of(d).is_none()).map(|&d| self.manifest.chunk_of(d).0).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The loaded table holding document `doc`: its chunk, or its district's result table.
    fn table_of(&self, doc: u32) -> Option<&DocTable> {
        self.chunks.get(self.manifest.chunk_of(doc).0).into_iter().chain(self.tables.0.iter().flatten().map(|t| &**t)).find(|t| t.has(doc))
    }

    /// What a result shows, if its chunk or its district's result table is loaded.
    pub fn view(&self, doc: u32) -> Option<DocView> {
        self.table_of(doc)?.get(doc)
    }

    /// The result tables a state's searches will draw from and that are not loaded (issue 14 §4):
    /// those of the districts it filters on, or every district's when it filters on none. Once they
    /// are here, a search needs only its term shards: one network round per new term.
    pub fn missing_tables(&self, state: &SearchState) -> Vec<usize> {
        let Some(f) = self.manifest.facet("district").map(|i| &self.manifest.facets[i]) else { return Vec::new() };
        let selected = state.selected(&f.name);
        (0..f.values.len()).filter(|&v| self.tables.get(v).is_none() && (selected.is_empty() || selected.contains(&f.values[v].0))).collect()
    }

    /// The district's name in the page's language.
    pub fn district_name(&self, slug: &str, lang: usize) -> String {
        let Some(fi) = self.manifest.facet("district") else { return slug.to_owned() };
        let f = &self.manifest.facets[fi];
        f.values.iter().position(|(k, _)| k == slug).map_or(slug.to_owned(), |v| f.label(v, lang).to_owned())
    }

    /// The number of a language among the manifest's label languages (0 when absent).
    pub fn lang_index(&self, lang: &str) -> usize {
        self.manifest.languages.iter().position(|l| l.eq_ignore_ascii_case(lang)).unwrap_or(0)
    }

    /// The filter panel for an outcome, with the facets in `open` open.
    pub fn facets(&self, outcome: &Outcome, state: &SearchState, open: &BTreeSet<String>, t: &Strings) -> Vec<FacetView> {
        let lang = self.lang_index(t.lang);
        self.manifest
            .facets
            .iter()
            .enumerate()
            .map(|(fi, f)| {
                let selected = state.selected(&f.name);
                let mut options: Vec<OptionView> = f
                    .values
                    .iter()
                    .enumerate()
                    .map(|(v, (key, _))| OptionView {
                        key: key.clone(),
                        label: t.value(&f.name, key).map_or_else(|| f.label(v, lang).to_owned(), str::to_owned),
                        count: outcome.counts.get(fi).and_then(|c| c.get(v)).copied().unwrap_or(0),
                        selected: selected.contains(key),
                    })
                    .filter(|o| o.count > 0 || o.selected)
                    .collect();
                let control = if DROP_DOWN.contains(&f.name.as_str()) && f.kind == FacetKind::Single { Control::Select } else { Control::Checkboxes };
                if control == Control::Select {
                    options.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
                }
                let loaded = self.columns.facets[fi].is_some();
                FacetView { name: f.name.clone(), title: t.facet(&f.name).to_owned(), control, open: open.contains(&f.name), loaded, options }
            })
            // A loaded facet without any value for these results says nothing; an unloaded one can be opened.
            .filter(|f| !f.loaded || !f.options.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH_CN};
    use crate::state::Action;
    use engine::index::{self, DocInput, Facet, IndexInput};

    fn store() -> Store {
        let doc = |id: &str, title: &'static str, district: &'static str, types: &[&'static str], day: i64| DocInput {
            view: DocView { id: id.into(), title: title.into(), district: district.into(), ..DocView::default() },
            title,
            body: Vec::new(),
            posted_days: day,
            salary_max_monthly: 0,
            facets: vec![vec![district], types.to_vec(), vec!["冼村街道"]],
            features: Default::default(),
            aliases: Vec::new(),
        };
        let built = index::build(IndexInput {
            threads: 1,
            languages: vec!["zh-CN".into(), "zh-HK".into(), "en".into()],
            facets: vec![
                Facet {
                    name: "district".into(),
                    kind: FacetKind::Single,
                    values: vec![
                        ("liwan".into(), vec!["荔湾区".into(), "荔灣區".into(), "Liwan".into()]),
                        ("tianhe".into(), vec!["天河区".into(), "天河區".into(), "Tianhe".into()]),
                    ],
                },
                Facet { name: "work_type".into(), kind: FacetKind::Multi, values: vec![("FULL_TIME".into(), vec![]), ("PER_DIEM".into(), vec![])] },
                Facet { name: "locality".into(), kind: FacetKind::Single, values: vec![] },
            ],
            docs: vec![
                doc("w1", "焊工", "liwan", &["FULL_TIME"], 3),
                doc("w2", "电焊工", "tianhe", &["PER_DIEM"], 2),
                doc("e1", "电工", "liwan", &["PER_DIEM", "FULL_TIME"], 1),
            ],
            ..Default::default()
        })
        .unwrap();
        let file = |name: &str| built.files.iter().find(|f| f.name == name).unwrap().bytes.clone();
        let manifest = Manifest::decode(&built.manifest.bytes).unwrap();
        let mut s = Store::new(manifest.clone());
        let all: BTreeSet<String> = manifest.facets.iter().map(|f| f.name.clone()).collect();
        let open = |q: &str| s.initially_open(&SearchState::from_query(q)).into_iter().collect::<Vec<_>>();
        assert_eq!(open(""), ["district", "work_type"], "the open facets");
        assert_eq!(open("locality=x"), ["district", "locality", "work_type"], "and those with a selection");
        for i in s.missing_columns(&SearchState::default(), &all) {
            s.add(Part::Column(i, Column::decode(&file(&manifest.column_file(i))).unwrap()));
        }
        for i in s.missing_shards("焊工", true) {
            s.add(Part::Shard(i, Shard::decode(&file(&manifest.shard_file(i))).unwrap()));
        }
        for i in 0..manifest.chunk_count() {
            s.add(Part::Chunk(i, DocTable::decode(file(&manifest.chunk_file(i))).unwrap()));
        }
        s
    }

    #[test]
    fn a_state_searches_and_the_panel_shows_counts_in_the_page_language() {
        let s = store();
        let d = SearchState::defaults("district=liwan");
        let state = d.apply(Action::Text("焊工".into()), &d);
        assert!(s.missing_shards("焊工", true).is_empty());
        let out = s.search(&state, true);
        let titles: Vec<String> = out.docs.iter().map(|&doc| s.view(doc).unwrap().title).collect();
        assert_eq!(titles, ["焊工"]);
        let open: BTreeSet<String> = s.manifest.facets.iter().map(|f| f.name.clone()).collect();
        let panel = s.facets(&out, &state, &open, &EN);
        let district = panel.iter().find(|f| f.name == "district").unwrap();
        assert_eq!(
            district.options.iter().map(|o| (o.label.as_str(), o.count, o.selected)).collect::<Vec<_>>(),
            [("Liwan", 1, true), ("Tianhe", 1, false)]
        );
        let types = &s.facets(&out, &state, &open, &ZH_CN)[1];
        assert_eq!(types.title, "工作类型");
        assert_eq!(types.options.iter().map(|o| (o.label.as_str(), o.count)).collect::<Vec<_>>(), [("全职", 1)]);
        assert_eq!(s.facets(&out, &state, &open, &ZH_CN)[2].control, Control::Select);
        assert_eq!(s.district_name("tianhe", s.lang_index("zh-HK")), "天河區");
    }

    #[test]
    fn unknown_keys_are_ignored_and_chunks_are_named_for_results() {
        let s = store();
        let state = SearchState::from_query("district=nowhere&work_type=PER_DIEM");
        let out = s.search(&state, true);
        assert_eq!(out.docs.len(), 2, "an unknown district filters nothing");
        assert!(s.missing_chunks(&out.docs).is_empty());
        assert!(s.missing_salary(&SearchState::from_query("sort=salary")) && !s.missing_salary(&state));
        let fresh = Store::new(s.manifest.clone());
        let (shards, chunks, columns, salary) = fresh.prefetch();
        assert_eq!(
            (shards.len(), chunks.len(), columns.len(), salary),
            (s.manifest.shards.len(), s.manifest.chunk_count(), 3, true),
            "a small index is fetched whole"
        );
        // Only open or filtered facets need their columns.
        let open: BTreeSet<String> = ["district".to_owned()].into();
        assert_eq!(fresh.missing_columns(&SearchState::from_query("locality=x"), &open), [0, 2]);
        let panel = fresh.facets(&fresh.search(&SearchState::default(), true), &SearchState::default(), &open, &ZH_CN);
        assert_eq!(
            panel.iter().map(|f| (f.name.as_str(), f.open, f.loaded)).collect::<Vec<_>>(),
            [("district", true, false), ("work_type", false, false), ("locality", false, false)]
        );
    }

    #[test]
    fn a_search_that_finds_nothing_offers_the_filter_to_drop_and_the_districts_with_results() {
        let s = store();
        let d = SearchState::defaults("district=liwan");
        // 电焊 is only in Tianhe; on Liwan's page with the per-diem filter nothing matches.
        let state = d.apply(Action::Text("焊工".into()), &d).apply(Action::Toggle("work_type".into(), "PER_DIEM".into()), &d);
        let out = s.search(&state, true);
        assert!(out.docs.is_empty());
        let help = s.zero_help(&out, &state, &ZH_CN);
        assert_eq!(help.filters, [("district".to_owned(), "区".to_owned(), 1), ("work_type".to_owned(), "工作类型".to_owned(), 1)]);
        assert_eq!(help.districts, [("tianhe".to_owned(), "天河区".to_owned(), 1)], "Tianhe's 电焊工 is per diem");
        assert_eq!(s.zero_help(&s.search(&d, true), &d, &ZH_CN), ZeroHelp::default(), "results: no help");
    }
}
