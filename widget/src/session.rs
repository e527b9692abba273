//! The widget without its component: what each event does to the search, the loaded index and the
//! profile, and what the component is then to do ([`Effects`]: files to fetch, whether to render, a
//! history entry, timing marks, the profile's storage). Plain Rust, tested natively; `ui::app` holds a
//! [`Session`] and turns its messages into calls and the effects into browser calls.
//!
//! Data flow: every change of the search goes through [`SearchState::apply`]; a refresh then asks the
//! [`Store`] which shards the text needs, which columns the open and filtered facets need, and which
//! chunks the results on screen need, fetches the missing ones (each arrival refreshes again) and, once
//! the shards and the columns it filters or sorts on are there, searches. Responses never race: they
//! only fill the store, and the search always runs on the current state.
//!
//! - **What is fetched when.** While text is typed (the debounce), the term shards it needs, quietly;
//!   after the search, the chunks of the results it shows; the columns of open or filtered facets; the
//!   salary column to sort by salary. Once the first results are on screen and nothing is on its way, a
//!   small index ([`Store::prefetch`]) is fetched whole, quietly (not by an embedded widget). The profile
//!   file once the panel is open or a profile exists; the match files of the districts searched before
//!   ranking. Each file once ([`crate::loader::InFlight`]).
//! - **One render per result.** An arrival renders nothing until the results it completes can be shown
//!   whole (a keystroke may need twenty files); the previous results stay until then. A search whose
//!   results wait for their chunks is kept with the state and data it ran on, so the chunks' arrivals
//!   reuse it instead of searching again. A quiet arrival is only stored.
//! - **History.** A change of the search (not "more") is a new history entry, unless embedded; Back
//!   restores the state from the URL.
//! - **Timing marks** (`cargo xtask bench-search`): `quanyu:input` when a search is asked for,
//!   `quanyu:first-results` when the first complete results are on screen, and the measure
//!   `quanyu:search` from one to the other for each search.
//! - **The profile** ([`crate::profile`]): kept in `localStorage` only while "remember" is ticked; "best
//!   for me" is the default order while it ranks. Nothing of it goes into a URL or a request.
//!
//! `PROFILE` is whether the build has the profile (the component's `PROFILE`, the `profile` feature): a
//! constant, so the build without it drops every profile path; the tests run both.

use std::collections::BTreeSet;

use engine::index::{Manifest, decode_match};
use engine::search::{Outcome, QueryTerm, Sort, query_terms};

use crate::loader::{Failure, Fetch, File, InFlight, folder};
use crate::matcher::{MatchData, Ranked};
use crate::profile::{Edit, ProfileForm};
use crate::state::{Action, SearchState};
use crate::store::{Part, Store};

/// What a search found its results with (see `Session::searched`): query terms and data version.
type FoundWith = (Vec<QueryTerm>, u64);

/// The index, as far as it is loaded.
#[derive(Debug)]
pub enum Load {
    /// The manifest is on its way.
    Loading,
    /// The manifest could not be had.
    Failed,
    /// The manifest is here; other files join it as they arrive.
    Ready(Box<Store>),
}

/// How a widget is set up (from its element's `data-*` attributes).
#[derive(Debug, Clone, Default)]
pub struct Config<'a> {
    /// URL of the index manifest; the other files are beside it.
    pub index: &'a str,
    /// The filters the page stands for (a query string).
    pub defaults: &'a str,
    /// Results per page.
    pub page: usize,
    /// No filters shown (so no columns fetched for their counts).
    pub compact: bool,
    /// Embedded in another site: the search stays out of the host page's URL and history, no profile is
    /// stored and nothing is prefetched.
    pub embedded: bool,
    /// The profile panel shows.
    pub profile: bool,
    /// The profile panel starts open.
    pub profile_open: bool,
}

/// What the profile's storage (`localStorage`, key [`crate::profile::STORAGE_KEY`]) is to hold now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// This profile (its storage form).
    Keep(String),
    /// Nothing.
    Remove,
}

/// What the component is to do after an event.
#[derive(Debug, Default, PartialEq)]
pub struct Effects {
    /// Files to fetch (none of them already on its way).
    pub fetch: Vec<Fetch>,
    /// Whether the view changed.
    pub render: bool,
    /// A new history entry: the page's path with this query string.
    pub push_url: Option<String>,
    /// The first results are about to show: remove the page's static list now (in the same task as
    /// they render, so no frame shows it pushed down).
    pub remove_static: bool,
    /// An index file is corrupt and the widget gave up: show the page's static list again.
    pub restore_static: bool,
    /// A search starts: the `quanyu:input` mark.
    pub mark_input: bool,
    /// The first complete results are on screen: the `quanyu:first-results` mark.
    pub mark_first_results: bool,
    /// A search's results are on screen: the `quanyu:search` measure from its `quanyu:input` mark.
    pub measure_search: bool,
    /// A problem for the console.
    pub warn: Option<String>,
    /// The profile's storage changes.
    pub store: Option<Stored>,
}

impl Effects {
    /// Nothing but a render.
    fn render_only() -> Effects {
        Effects { render: true, ..Effects::default() }
    }
}

/// A widget's search, loaded index and profile (see the module docs).
#[derive(Debug)]
pub struct Session<const PROFILE: bool> {
    /// The index.
    pub load: Load,
    /// The page's starting state.
    pub defaults: SearchState,
    /// The current search.
    pub state: SearchState,
    /// What is in the search box (searched once the debounce ends).
    pub typed: String,
    /// The results on screen (none before the first ones).
    pub outcome: Option<Outcome>,
    /// The results ranked for the profile, when "best for me" orders them.
    pub ranked: Option<Ranked>,
    /// The facet groups open.
    pub open: BTreeSet<String>,
    /// A fetch failed: nothing more is fetched until the citizen retries.
    pub failed: bool,
    /// An index file was corrupt ([`Failure::Corrupt`]): the widget gave up (`Load::Failed`) and says why.
    pub corrupt: bool,
    /// The citizen's profile.
    pub form: ProfileForm,
    /// Whether the profile is kept in `localStorage`.
    pub remember: bool,
    /// Whether the profile panel is open.
    pub profile_open: bool,
    /// The profile file and the match files loaded so far.
    md: Option<MatchData>,
    /// A search whose results wait for their chunks, with the state and data version it ran on.
    pending: Option<(SearchState, u64, Outcome)>,
    /// What the results on screen were found with: their query terms and the data version, while the
    /// filters and order stay as they were (a change of either, Back, a profile edit forget it). A search
    /// that would find the same — a lone letter added, "more" — reuses them instead of running again (at 100,000
    /// vacancies a search without terms counts every document: tens of milliseconds on a phone).
    searched: Option<FoundWith>,
    /// Searches run (the tests count them).
    #[cfg(test)]
    runs: usize,
    /// Bumped whenever a shard or column arrives (what a search finds may change).
    data_version: u64,
    in_flight: InFlight,
    /// Whether the small index's prefetch started.
    prefetched: bool,
    /// The results on screen are complete for the current state.
    complete: bool,
    /// A search was asked for and its results are not on screen yet.
    timing: bool,
    /// Whether the first complete results were marked.
    first_marked: bool,
    base: String,
    compact: bool,
    embedded: bool,
    profile: bool,
}

impl<const PROFILE: bool> Session<PROFILE> {
    /// A session before the manifest arrives. `url` gives the page's query string (read unless
    /// embedded), `stored` the remembered profile (read only by a widget that may have one).
    pub fn new(cfg: &Config, url: impl FnOnce() -> String, stored: impl FnOnce() -> Option<String>) -> Self {
        // A remembered profile (the portal only: an embedded widget never stores one).
        let stored = if !PROFILE || cfg.embedded || !cfg.profile { None } else { stored() };
        let form = stored.as_deref().map(ProfileForm::from_storage).unwrap_or_default();
        let mut defaults = SearchState::defaults_paged(cfg.defaults, cfg.page);
        if form.ranks() && defaults.sort == Sort::Relevance {
            defaults.sort = Sort::Match;
        }
        let state = if cfg.embedded { defaults.clone() } else { SearchState::from_url(&url(), &defaults) };
        Session {
            load: Load::Loading,
            typed: state.text.clone(),
            defaults,
            state,
            outcome: None,
            ranked: None,
            open: BTreeSet::new(),
            failed: false,
            corrupt: false,
            profile_open: PROFILE && (cfg.profile_open || !form.is_empty()),
            remember: stored.is_some(),
            form,
            md: None,
            pending: None,
            searched: None,
            #[cfg(test)]
            runs: 0,
            data_version: 0,
            in_flight: InFlight::default(),
            prefetched: false,
            complete: false,
            timing: false,
            first_marked: false,
            base: folder(cfg.index),
            compact: cfg.compact,
            embedded: cfg.embedded,
            profile: cfg.profile,
        }
    }

    /// The manifest arrived (or not).
    pub fn loaded(&mut self, manifest: Result<Box<Manifest>, Failure>) -> Effects {
        match manifest {
            Ok(m) => {
                let store = Store::new(*m);
                // A compact widget shows no filters: it fetches no column for counts.
                self.open = if self.compact { BTreeSet::new() } else { store.initially_open(&self.state) };
                self.load = Load::Ready(Box::new(store));
                self.refreshed(Effects::default())
            }
            Err(e) => {
                self.load = Load::Failed;
                self.corrupt = matches!(e, Failure::Corrupt(_));
                Effects { warn: Some(e.to_string()), ..Effects::render_only() }
            }
        }
    }

    /// A facet group opened or closed.
    pub fn toggled(&mut self, name: String, open: bool) -> Effects {
        if open == self.open.contains(&name) {
            return Effects::default();
        }
        if open {
            self.open.insert(name);
        } else {
            self.open.remove(&name);
        }
        self.refreshed(Effects::default())
    }

    /// The text in the box changed (the search waits for the debounce). The term shards the text will
    /// need are fetched meanwhile, quietly (a file a search then needs stops being quiet), so the search
    /// starts with them loaded or on their way: one round trip less after the pause. The result chunks
    /// wait for the search itself (a fast typist would otherwise fetch twenty per keystroke).
    pub fn typed(&mut self, text: String) -> Effects {
        self.typed = text;
        let mut fx = Effects::render_only();
        if !self.failed
            && let Load::Ready(store) = &self.load
        {
            let words = PROFILE && store.missing_words(&self.typed);
            store.missing_shards(&self.typed, PROFILE).into_iter().for_each(|i| self.want(File::Shard(i), true, &mut fx));
            if words {
                self.want(File::Words, true, &mut fx);
            }
        }
        fx
    }

    /// The debounce ended, or Enter: search for the typed text.
    pub fn commit(&mut self) -> Effects {
        if self.typed == self.state.text {
            return Effects::default();
        }
        let mut fx = Effects::default();
        self.change(Action::Text(self.typed.clone()), &mut fx);
        self.refreshed(fx)
    }

    /// A filter, order, "more" or "clear". A filter applies to what is in the box now, typed or not.
    pub fn act(&mut self, action: Action) -> Effects {
        if !matches!(action, Action::Text(_)) {
            self.state.text.clone_from(&self.typed);
        }
        let mut fx = Effects::default();
        self.change(action, &mut fx);
        self.refreshed(fx)
    }

    /// Back or Forward: the state of the page's query string `query`.
    pub fn popped(&mut self, query: &str) -> Effects {
        let mut fx = Effects::default();
        self.start_timing(&mut fx);
        self.searched = None;
        self.state = SearchState::from_url(query, &self.defaults);
        self.typed = self.state.text.clone();
        if let Load::Ready(store) = &self.load {
            // A facet the restored state selects in shows its selection.
            self.open.extend(store.initially_open(&self.state));
        }
        self.refreshed(fx)
    }

    /// The file `name` arrived (or failed). `today` (days since 1970, China time) dates the vacancies of
    /// a match file. Renders only when the results it completes show, or when it changes what shows
    /// otherwise (the profile, an error).
    pub fn arrived(&mut self, name: &str, part: Result<Part, Failure>, today: impl FnOnce() -> i64) -> Effects {
        let quiet = self.in_flight.arrived(name);
        let mut fx = Effects::default();
        let mut only_if_shown = false;
        match part {
            Ok(Part::Profile(data)) if PROFILE => {
                if let (Load::Ready(store), Ok(data)) = (&self.load, data.downcast::<engine::index::ProfileData>()) {
                    self.md = Some(MatchData::new(*data, store.manifest.doc_count));
                }
            }
            Ok(Part::Match(n, bytes)) if PROFILE => {
                if let Some(md) = &mut self.md {
                    match decode_match(&bytes, &md.data, today()) {
                        Ok(features) => md.add(n, features),
                        Err(e) => self.fail(e.to_string(), &mut fx),
                    }
                }
            }
            Ok(part) => {
                only_if_shown = true;
                if let Load::Ready(store) = &mut self.load {
                    // A shard or column changes what a search finds; a result chunk or table does not.
                    if !matches!(part, Part::Chunk(..) | Part::Table(..)) {
                        self.data_version += 1;
                    }
                    store.add(part);
                }
                if quiet {
                    // Nothing on screen depends on it.
                    return fx;
                }
            }
            // A corrupt file, even a prefetched one: the index cannot be trusted, the static list is the
            // way on (its results and the search box go; nothing more is fetched).
            Err(e @ Failure::Corrupt(_)) => {
                self.load = Load::Failed;
                self.corrupt = true;
                self.outcome = None;
                self.ranked = None;
                return Effects { warn: Some(e.to_string()), restore_static: true, ..Effects::render_only() };
            }
            // A failed prefetch is retried when a search needs the file.
            Err(Failure::Network(e)) if quiet => {
                fx.warn = Some(e);
                return fx;
            }
            Err(Failure::Network(e)) => self.fail(e, &mut fx),
        }
        let shown = self.refresh(&mut fx);
        fx.render = shown || !only_if_shown;
        fx
    }

    /// Try the failed fetches again.
    pub fn retry(&mut self) -> Effects {
        self.failed = false;
        self.refreshed(Effects::default())
    }

    /// The profile changed: it is kept stored (if remembered), and "best for me" is the default order
    /// while the profile ranks, and only then.
    pub fn edit(&mut self, edit: Edit) -> Effects {
        let was = self.form.ranks();
        self.searched = None;
        self.form = self.form.apply(edit);
        let now = self.form.ranks();
        if was != now {
            let (from, to) = if now { (Sort::Relevance, Sort::Match) } else { (Sort::Match, Sort::Relevance) };
            if self.defaults.sort == from {
                self.defaults.sort = to;
            }
            if self.state.sort == from {
                self.state.sort = to;
            }
        }
        let fx = Effects { store: Some(self.stored()), ..Effects::default() };
        self.refreshed(fx)
    }

    /// The browser's position arrived (or none: refused, unavailable).
    pub fn geo_found(&mut self, found: Option<engine::matching::GeoPoint>) -> Effects {
        if found.is_some() { self.edit(Edit::Geo(found)) } else { self.refreshed(Effects::default()) }
    }

    /// "Remember on this device" ticked or unticked.
    pub fn remember(&mut self, on: bool) -> Effects {
        self.remember = on;
        Effects { store: Some(self.stored()), ..Effects::render_only() }
    }

    /// The profile panel opened or closed.
    pub fn profile_toggled(&mut self, open: bool) -> Effects {
        if open == self.profile_open {
            return Effects::default();
        }
        self.profile_open = open;
        self.refreshed(Effects::default())
    }

    /// The view was rendered: the timing marks of results now on screen, and the small index's prefetch
    /// once they are (after the results paint: see `prefetch`).
    pub fn rendered(&mut self) -> Effects {
        let mut fx = Effects::default();
        if self.complete {
            fx.mark_first_results = !self.first_marked;
            fx.measure_search = self.timing;
            self.first_marked = true;
            self.timing = false;
        }
        self.prefetch(&mut fx);
        fx
    }

    /// Whether this search build is to ask the page for the full build (the one with the profile): its
    /// results are on screen and there are none. What a search that finds nothing may need — typo
    /// corrections (the word list and its code), the filters to drop and the districts with results —
    /// is in the full build only, so that the search build stays within its size budget (issue 14 §4);
    /// the full build takes this one's place with the same search (it is in the URL). Never in a
    /// partner's page (no full build there), never in the full build itself.
    pub fn needs_full(&self) -> bool {
        !PROFILE && self.profile && !self.embedded && self.complete && self.outcome.as_ref().is_some_and(|o| o.docs.is_empty())
    }

    /// The matching data loaded, in the build with the profile.
    pub fn md(&self) -> Option<&MatchData> {
        if PROFILE { self.md.as_ref() } else { None }
    }

    /// Whether "best for me" orders the results: it is chosen and the profile ranks.
    fn ranking(&self) -> bool {
        PROFILE && self.profile && self.state.sort == Sort::Match && self.form.ranks()
    }

    /// What the profile's storage is to hold: the profile while "remember" is ticked (and it is not
    /// empty), else nothing.
    fn stored(&self) -> Stored {
        if self.remember && !self.form.is_empty() { Stored::Keep(self.form.to_storage()) } else { Stored::Remove }
    }

    /// Applies a change of the search; a new history entry records it (so Back undoes it).
    fn change(&mut self, action: Action, fx: &mut Effects) {
        let more = action == Action::More;
        let next = self.state.apply(action, &self.defaults);
        if next == self.state {
            return;
        }
        if next.filters != self.state.filters || next.sort != self.state.sort {
            self.searched = None;
        }
        self.state = next;
        self.start_timing(fx);
        if !more && !self.embedded {
            fx.push_url = Some(self.state.to_query(&self.defaults));
        }
    }

    /// A search starts: mark it, and mark its results once they are on screen.
    fn start_timing(&mut self, fx: &mut Effects) {
        self.complete = false;
        self.timing = true;
        fx.mark_input = true;
    }

    fn fail(&mut self, e: String, fx: &mut Effects) {
        fx.warn = Some(e);
        self.failed = true;
    }

    /// Refreshes after an event that changes the view whatever the search does.
    fn refreshed(&mut self, mut fx: Effects) -> Effects {
        self.refresh(&mut fx);
        fx.render = true;
        fx
    }

    /// Fetches what the current state needs and, once the shards and the columns it filters or sorts on
    /// are there, searches (the previous results stay until then). Whether new results are to be shown.
    fn refresh(&mut self, fx: &mut Effects) -> bool {
        let Load::Ready(store) = &self.load else { return false };
        if self.failed {
            return false;
        }
        let shards = store.missing_shards(&self.state.text, PROFILE);
        let columns = store.missing_columns(&self.state, &self.open);
        let salary = store.missing_salary(&self.state);
        // Typo corrections are the full build's (see `needs_full`).
        let words = PROFILE && store.missing_words(&self.state.text);
        // Open facets only need their column for counts; filtering needs it before the search.
        let mut blocking =
            !shards.is_empty() || salary || words || columns.iter().any(|&i| !self.state.selected(&store.manifest.facets[i].name).is_empty());
        shards.into_iter().for_each(|i| self.want(File::Shard(i), false, fx));
        if words {
            self.want(File::Words, false, fx);
        }
        columns.into_iter().for_each(|i| self.want(File::Column(i), false, fx));
        if salary {
            self.want(File::Salary, false, fx);
        }
        // The profile file once the panel is open or a profile exists; the match files of the districts
        // searched before ranking.
        let ranking = self.ranking();
        if PROFILE && self.profile && (self.profile_open || !self.form.is_empty()) && self.md.is_none() {
            self.want(File::Profile, false, fx);
            blocking |= ranking;
        }
        if ranking && let Some(md) = self.md() {
            let missing = md.missing(&self.state);
            blocking |= !missing.is_empty();
            missing.into_iter().for_each(|n| self.want(File::Match(n), false, fx));
        }
        if blocking {
            return false;
        }
        let Load::Ready(store) = &self.load else { return false };
        let req = store.request(&self.state);
        let found_with = (query_terms(&req.text), self.data_version);
        let out = match (self.pending.take(), &self.outcome) {
            (Some((state, version, out)), _) if state == self.state && version == self.data_version => out,
            (_, Some(shown)) if self.searched.as_ref() == Some(&found_with) => shown.clone(),
            _ => {
                #[cfg(test)]
                {
                    self.runs += 1;
                }
                store.run(&req, PROFILE)
            }
        };
        let ranked = self.md().filter(|_| ranking).map(|md| md.rank(&self.form, &out, &md.weights(&self.state)));
        let order = ranked.as_ref().map_or(&out.docs, |r| &r.docs);
        let chunks = store.missing_chunks(&order[..order.len().min(self.state.shown)]);
        self.complete = chunks.is_empty();
        if !self.complete {
            // The results show once every one of them can: until then the previous ones stay (no
            // half-filled list, nothing jumps).
            chunks.into_iter().for_each(|c| self.want(File::Chunk(c), false, fx));
            self.pending = Some((self.state.clone(), self.data_version, out));
            return false;
        }
        // The static list gives way to the first results (it stays if the widget fails).
        fx.remove_static |= self.outcome.is_none();
        // A Chinese text that finds nothing: the homophone file, for a suggestion (the full build's).
        let sounds = PROFILE && store.missing_sounds(&out, &self.state);
        self.outcome = Some(out);
        self.searched = Some(found_with);
        self.ranked = ranked;
        if sounds {
            self.want(File::Sounds, false, fx);
        }
        true
    }

    /// The suggestion pressed (`Store::homophone`): it becomes the text in the box, searched at once.
    pub fn take_suggestion(&mut self, word: String) -> Effects {
        self.typed = word;
        self.commit()
    }

    /// Once the first results are on screen, a small index is fetched whole, quietly (see
    /// [`Store::prefetch`]); a larger one's result tables of the districts searched
    /// ([`Store::missing_tables`]), quietly, whenever results are on screen and nothing else is on its
    /// way (a district chosen later brings its table then). From `rendered`, not with the results: the
    /// results paint first, and Yew runs `rendered` only when no message waits, so twenty arrivals
    /// would otherwise hold back the first-results mark. A partner page shows a few results and is no
    /// place to download the whole index: an embedded widget fetches on demand only.
    fn prefetch(&mut self, fx: &mut Effects) {
        if !self.complete || !self.in_flight.is_empty() || self.embedded {
            return;
        }
        let Load::Ready(store) = &self.load else { return };
        if !store.is_small() {
            store.missing_tables(&self.state).into_iter().for_each(|v| self.want(File::Table(v), true, fx));
        }
        if self.prefetched {
            return;
        }
        self.prefetched = true;
        let Load::Ready(store) = &self.load else { return };
        let (shards, chunks, columns, salary) = store.prefetch();
        shards.into_iter().for_each(|i| self.want(File::Shard(i), true, fx));
        chunks.into_iter().for_each(|c| self.want(File::Chunk(c), true, fx));
        columns.into_iter().for_each(|i| self.want(File::Column(i), true, fx));
        if salary {
            self.want(File::Salary, true, fx);
        }
    }

    /// Fetches one file unless it is on its way already (`quiet`: ahead of need, see
    /// [`crate::loader`]).
    fn want(&mut self, file: File, quiet: bool, fx: &mut Effects) {
        let Load::Ready(store) = &self.load else { return };
        let name = file.name(&store.manifest);
        if self.in_flight.start(&name, quiet) {
            fx.fetch.push(Fetch { file, url: format!("{}{name}", self.base), name });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testindex::{self, DOCS};
    use engine::index::BuiltIndex;

    /// Today (days since 1970) for the match files' vacancies.
    const TODAY: i64 = 20_010;

    fn cfg() -> Config<'static> {
        Config { index: "/search/index-x.qy", page: 20, profile: true, ..Config::default() }
    }

    /// A session on `cfg` at the URL `url`, its manifest arrived: the session, the index and the
    /// effects of the manifest's arrival.
    fn start<const P: bool>(cfg: &Config, url: &str) -> (Session<P>, BuiltIndex, Effects) {
        let (built, manifest) = testindex::built();
        let mut s = Session::<P>::new(cfg, || url.to_owned(), || None);
        let fx = s.loaded(Ok(Box::new(manifest)));
        (s, built, fx)
    }

    fn files(fx: &Effects) -> Vec<File> {
        fx.fetch.iter().map(|f| f.file).collect()
    }

    /// The arrival of `f`, with the index's bytes.
    fn deliver<const P: bool>(s: &mut Session<P>, built: &BuiltIndex, f: &Fetch) -> Effects {
        s.arrived(&f.name, f.file.decode::<P>(testindex::file(built, &f.name)), || TODAY)
    }

    /// Delivers `fetch` in order, then what their arrivals fetch, until nothing more is asked; the
    /// effects of every arrival.
    fn settle<const P: bool>(s: &mut Session<P>, built: &BuiltIndex, fetch: Vec<Fetch>) -> Vec<Effects> {
        let mut queue: std::collections::VecDeque<Fetch> = fetch.into();
        let mut out = Vec::new();
        while let Some(f) = queue.pop_front() {
            let fx = deliver(s, built, &f);
            queue.extend(fx.fetch.iter().cloned());
            out.push(fx);
        }
        out
    }

    fn renders(all: &[Effects]) -> usize {
        all.iter().filter(|fx| fx.render).count()
    }

    /// The titles of the results shown.
    fn titles<const P: bool>(s: &Session<P>) -> Vec<String> {
        let Load::Ready(store) = &s.load else { panic!("not loaded") };
        let out = s.outcome.as_ref().expect("no results shown");
        // In the order the view shows them.
        s.ranked
            .as_ref()
            .map_or(&out.docs, |r| &r.docs)
            .iter()
            .take(s.state.shown)
            .map(|&d| store.view(d).expect("a result shown without its chunk").title)
            .collect()
    }

    /// The files a fresh session fetched, delivered; then the prefetch, delivered too.
    fn loaded_whole() -> (Session<false>, BuiltIndex) {
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        let fx = s.rendered();
        settle(&mut s, &built, fx.fetch);
        (s, built)
    }

    #[test]
    fn the_first_results_render_once_every_chunk_they_show_is_here() {
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        assert!(fx.render, "the manifest's arrival shows the widget (loading)");
        assert!(s.outcome.is_none());
        // No text: no shard. The open facets' columns (for counts, not needed to search), then the
        // chunks of the first 20 results (documents 0–19: chunks 0 and 1, not 2).
        assert_eq!(files(&fx), [File::Column(0), File::Column(1), File::Chunk(0), File::Chunk(1)]);
        assert_eq!(fx.fetch[2].url, format!("/search/{}", fx.fetch[2].name));
        assert!(!fx.remove_static && !fx.mark_input && fx.push_url.is_none());

        let arrivals: Vec<Effects> = fx.fetch.iter().map(|f| deliver(&mut s, &built, f)).collect();
        assert_eq!(
            arrivals.iter().map(|fx| (fx.render, fx.remove_static)).collect::<Vec<_>>(),
            [(false, false), (false, false), (false, false), (true, true)],
            "the arrivals before the last render nothing; the last shows the results and removes the static list"
        );
        assert!(arrivals.iter().all(|fx| fx.fetch.is_empty()), "a refresh fetches nothing already on its way");
        assert_eq!(titles(&s).len(), 20);
        let out = s.outcome.as_ref().unwrap();
        assert_eq!(out.docs.len(), DOCS as usize);
        // The columns arrived while the search waited for its chunks: it ran again, with their counts.
        let Load::Ready(store) = &s.load else { unreachable!() };
        let district = &store.facets(out, &s.state, &s.open, &crate::i18n::ZH_CN)[0];
        assert_eq!(district.options.iter().map(|o| (o.key.as_str(), o.count)).collect::<Vec<_>>(), [("liwan", 20), ("tianhe", 20)]);

        // Rendered: the first results are marked (no search was asked for: no measure), and the small
        // index is fetched whole, quietly.
        let fx = s.rendered();
        assert!(fx.mark_first_results && !fx.measure_search);
        let Load::Ready(store) = &s.load else { unreachable!() };
        let shards = store.manifest.shards.len();
        let mut whole: Vec<File> = (0..shards).map(File::Shard).collect();
        whole.extend([File::Chunk(2), File::Column(2), File::Salary]);
        assert_eq!(files(&fx), whole);
        let quiet = settle(&mut s, &built, fx.fetch);
        assert_eq!(renders(&quiet), 0, "a prefetch renders nothing");
        assert!(quiet.iter().all(|fx| fx.fetch.is_empty()));
        assert_eq!(s.rendered(), Effects::default(), "marked and prefetched once");
    }

    #[test]
    fn typing_fetches_shards_quietly_and_the_search_fetches_its_chunks() {
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        let shown = titles(&s).len();

        let fx = s.typed("焊工".into());
        assert!(fx.render, "the box shows what is typed");
        assert!(!fx.mark_input && fx.push_url.is_none(), "no search yet");
        assert!(!fx.fetch.is_empty() && files(&fx).iter().all(|f| matches!(f, File::Shard(_))), "only shards: {:?}", files(&fx));
        assert!(s.typed("焊工".into()).fetch.is_empty(), "a shard on its way is not fetched again");
        for f in &fx.fetch {
            let arrived = deliver(&mut s, &built, f);
            assert!(!arrived.render && arrived.fetch.is_empty(), "a quiet arrival is only stored");
        }
        assert_eq!(titles(&s).len(), shown, "the previous results stay");

        // The debounce ends: the search runs on the shards at hand and fetches the chunk it lacks.
        let fx = s.commit();
        assert!(fx.render && fx.mark_input);
        assert_eq!(fx.push_url.as_deref(), Some("?q=%E7%84%8A%E5%B7%A5"));
        assert_eq!(files(&fx), [File::Chunk(2)], "welders are documents 0, 3, … 39: chunk 2 is missing");
        assert_eq!(titles(&s).len(), shown, "still the previous results");
        let fx = deliver(&mut s, &built, &fx.fetch[0]);
        assert!(fx.render && !fx.remove_static, "the static list went with the first results");
        assert_eq!(titles(&s), vec!["焊工"; 14]);
        let fx = s.rendered();
        assert!(fx.measure_search, "the search is measured from its input mark");
        let again = s.rendered();
        assert!(!again.measure_search && !again.mark_first_results, "each mark once");
        assert_eq!(s.commit(), Effects::default(), "the same text again: nothing");
    }

    #[test]
    fn pinyin_english_and_a_misspelt_word_find_the_vacancies_and_the_correction_is_said() {
        // The full build (the profile's): typo corrections.
        let (mut s, built, fx) = start::<true>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        // A misspelt word: the word list first (quietly while typed), then the correction's shard.
        let typed = s.typed("weldre".into());
        assert!(files(&typed).contains(&File::Words), "{:?}", files(&typed));
        let fx = s.commit();
        let arrivals = settle(&mut s, &built, typed.fetch.into_iter().chain(fx.fetch).collect());
        assert_eq!(renders(&arrivals), 1, "one render, once the results are whole");
        assert_eq!(titles(&s), vec!["焊工"; 14]);
        assert_eq!(s.outcome.as_ref().unwrap().corrected, [("weldre".to_owned(), "welder".to_owned())]);
        assert!(!s.needs_full(), "the full build is the full build");
        // Aliases (index data) in both builds.
        fn aliases<const P: bool>() {
            let (mut s, built, fx) = start::<P>(&cfg(), "");
            settle(&mut s, &built, fx.fetch);
            for text in ["hangong", "hango", "welder "] {
                let typed = s.typed(text.into());
                let fx = s.commit();
                settle(&mut s, &built, typed.fetch.into_iter().chain(fx.fetch).collect());
                assert_eq!(titles(&s), vec!["焊工"; 14], "{text} (full build: {P})");
                assert!(s.outcome.as_ref().unwrap().corrected.is_empty());
                assert!(!s.needs_full());
            }
            // A word that is written (厨师's alias chef is not needed for 厨师): no word list, no correction.
            s.typed("厨师".into());
            let fx = s.commit();
            assert!(!files(&fx).contains(&File::Words));
        }
        aliases::<true>();
        aliases::<false>();
    }

    #[test]
    fn a_chinese_homophone_slip_is_suggested_never_searched_and_pressing_it_searches() {
        let homophone = |s: &Session<true>| {
            let Load::Ready(store) = &s.load else { panic!("not loaded") };
            store.homophone(s.outcome.as_ref().expect("results"), &s.state).map(str::to_owned)
        };
        let (mut s, built, fx) = start::<true>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        // A text that finds something: no homophone file, no suggestion.
        let typed = s.typed("焊工".into());
        let fx = s.commit();
        let all: Vec<Effects> = settle(&mut s, &built, typed.fetch.into_iter().chain(fx.fetch).collect());
        assert!(all.iter().all(|fx| !files(fx).contains(&File::Sounds)));
        assert_eq!(titles(&s), vec!["焊工"; 14]);
        assert_eq!(homophone(&s), None);
        // 汉工 finds nothing: the homophone file comes once, and 焊工 is offered, not searched.
        let typed = s.typed("汉工".into());
        let fx = s.commit();
        let asked = files(&fx).into_iter().filter(|f| *f == File::Sounds).count();
        let all = settle(&mut s, &built, typed.fetch.into_iter().chain(fx.fetch).collect());
        assert_eq!(asked + all.iter().flat_map(files).filter(|f| *f == File::Sounds).count(), 1, "fetched once");
        assert!(s.outcome.as_ref().unwrap().docs.is_empty(), "the query is not replaced");
        assert_eq!(s.state.text, "汉工");
        assert_eq!(homophone(&s).as_deref(), Some("焊工"));
        assert!(all.last().unwrap().render, "its arrival shows the suggestion");
        // Another slip: the file is here, nothing more to fetch.
        let typed = s.typed("电公".into());
        let fx = s.commit();
        assert!(!files(&fx).contains(&File::Sounds));
        let all = settle(&mut s, &built, typed.fetch.into_iter().chain(fx.fetch).collect());
        assert!(all.iter().all(|fx| !files(fx).contains(&File::Sounds)));
        assert_eq!(homophone(&s).as_deref(), Some("电工"));
        // Pressed: the box and the search become 焊工.
        let fx = s.take_suggestion("焊工".into());
        assert_eq!(fx.push_url.as_deref(), Some("?q=%E7%84%8A%E5%B7%A5"));
        settle(&mut s, &built, fx.fetch);
        assert_eq!((s.typed.as_str(), s.state.text.as_str()), ("焊工", "焊工"));
        assert_eq!(titles(&s), vec!["焊工"; 14]);
        assert_eq!(homophone(&s), None);
        // The search build neither fetches the file nor suggests (the full build takes its place).
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        let typed = s.typed("汉工".into());
        let fx = s.commit();
        let all = settle(&mut s, &built, typed.fetch.into_iter().chain(fx.fetch).collect());
        assert!(all.iter().all(|fx| !files(fx).contains(&File::Sounds)));
        assert!(s.needs_full());
    }

    #[test]
    fn the_search_build_asks_for_the_full_build_when_a_search_finds_nothing() {
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        assert!(!s.needs_full(), "results");
        // A misspelt word: the search build has no word list and no corrections; it finds nothing, then
        // asks for the full build (which finds the correction's vacancies: the test above).
        let typed = s.typed("weldre".into());
        assert!(!files(&typed).contains(&File::Words), "{:?}", files(&typed));
        let fx = s.commit();
        assert!(!files(&fx).contains(&File::Words));
        assert!(!s.needs_full(), "not before the search's results are on screen");
        settle(&mut s, &built, typed.fetch.into_iter().chain(fx.fetch).collect());
        assert_eq!(s.outcome.as_ref().map(|o| (o.docs.len(), o.corrected.len())), Some((0, 0)));
        assert!(s.needs_full());
        // A search with results again: no more.
        let typed = s.typed("welder".into());
        let fx = s.commit();
        settle(&mut s, &built, typed.fetch.into_iter().chain(fx.fetch).collect());
        assert!(!titles(&s).is_empty() && !s.needs_full());
        // Nothing found in a partner's page: no full build there.
        let (mut s, built, fx) = start::<false>(&Config { embedded: true, profile: false, ..cfg() }, "");
        settle(&mut s, &built, fx.fetch);
        let fx = s.act(Action::Text("weldre".into()));
        settle(&mut s, &built, fx.fetch);
        assert_eq!(s.outcome.as_ref().map(|o| o.docs.len()), Some(0));
        assert!(!s.needs_full());
    }

    #[test]
    fn a_search_waiting_for_a_shard_on_its_way_quietly_renders_when_it_arrives() {
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        let typed = s.typed("电工".into());
        let fx = s.commit();
        assert!(fx.fetch.is_empty(), "the shard is on its way: nothing fetched, nothing searched");
        // Its arrival now completes a search: it is no longer quiet; the search fetches its chunk.
        let arrivals = settle(&mut s, &built, typed.fetch);
        assert_eq!(arrivals.iter().map(files).collect::<Vec<_>>(), [vec![File::Chunk(2)], vec![]]);
        assert_eq!(arrivals.iter().map(|fx| fx.render).collect::<Vec<_>>(), [false, true], "one render, with the results");
        assert_eq!(titles(&s), vec!["电工"; 13]);
    }

    #[test]
    fn a_prefetched_file_a_search_needs_renders_when_it_arrives() {
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        let prefetch = s.rendered().fetch;
        assert!(prefetch.iter().any(|f| f.file == File::Chunk(2)));
        // "More" shows results 20–39: chunk 2, already on its way quietly.
        let fx = s.act(Action::More);
        assert!(fx.fetch.is_empty(), "not fetched twice");
        assert!(fx.mark_input && fx.push_url.is_none(), "'more' is timed but no history entry");
        let arrivals = settle(&mut s, &built, prefetch);
        assert_eq!(renders(&arrivals), 1, "the needed chunk renders; the rest of the prefetch does not");
        assert_eq!(titles(&s).len(), 40);
    }

    #[test]
    fn filters_and_back_go_through_the_history() {
        let (mut s, _) = loaded_whole();
        let fx = s.act(Action::Toggle("district".into(), "tianhe".into()));
        assert_eq!(fx.push_url.as_deref(), Some("?district=tianhe"));
        assert!(fx.render && fx.fetch.is_empty(), "everything is loaded: the results show at once");
        assert!(titles(&s).len() == 20 && s.outcome.as_ref().unwrap().docs.len() == 20);
        // A filter takes the box's text along, typed or not (the debounce is then cancelled).
        s.typed("厨师".into());
        let fx = s.act(Action::Sort(Sort::Newest));
        assert_eq!(fx.push_url.as_deref(), Some("?q=%E5%8E%A8%E5%B8%88&district=tianhe&sort=newest"));
        assert_eq!(s.state.text, "厨师");
        // A change that changes nothing: no history entry, no mark.
        let fx = s.act(Action::Sort(Sort::Newest));
        assert!(fx.push_url.is_none() && !fx.mark_input);

        let fx = s.popped("?locality=%E7%9F%B3%E7%89%8C%E8%A1%97%E9%81%93");
        assert!(fx.render && fx.mark_input && fx.push_url.is_none(), "Back is not a new entry");
        assert_eq!((s.state.text.as_str(), s.typed.as_str()), ("", ""));
        assert!(s.open.contains("locality"), "the restored selection shows");
        assert!(titles(&s).iter().all(|t| !t.is_empty()) && s.outcome.as_ref().unwrap().docs.len() == 20);
        let fx = s.popped("");
        assert_eq!(s.state, s.defaults);
        assert!(fx.render);
    }

    #[test]
    fn a_large_index_fetches_the_districts_result_tables_and_a_new_term_then_needs_one_round() {
        // The district's page (its default filter), then the city-wide one: the tables of the districts
        // searched come quietly once the first results show; after them a new term fetches its shards
        // and nothing else, and its results render when they arrive.
        for (defaults, tables) in [("district=liwan", vec![File::Table(0)]), ("", vec![File::Table(0), File::Table(1)])] {
            let (built, manifest) = testindex::built();
            let mut s = Session::<false>::new(&Config { defaults, ..cfg() }, String::new, || None);
            let fx = s.loaded(Ok(Box::new(manifest)));
            let Load::Ready(store) = &mut s.load else { unreachable!() };
            store.small = 10;
            assert!(!store.is_small());
            settle(&mut s, &built, fx.fetch);
            assert!(s.complete);
            let fx = s.rendered();
            assert_eq!(files(&fx), tables, "{defaults:?}: the tables, and no whole index");
            let arrived = settle(&mut s, &built, fx.fetch);
            assert_eq!(renders(&arrived), 0, "a table arrives quietly: it renders nothing");
            assert!(s.rendered().fetch.is_empty(), "each table once");

            // 厨师 (documents 2, 5, 8, …): only its shard, then the results at once.
            let fx = s.typed("厨师".into());
            let shards = files(&fx);
            assert!(!shards.is_empty() && shards.iter().all(|f| matches!(f, File::Shard(_))), "{shards:?}");
            let fx = s.commit();
            assert!(fx.fetch.is_empty(), "the shards are on their way: {:?}", files(&fx));
            let Load::Ready(store) = &s.load else { unreachable!() };
            let names: Vec<String> = shards.iter().map(|f| f.name(&store.manifest)).collect();
            let mut rendered = false;
            for name in names {
                let f = Fetch { file: shards[0], url: String::new(), name };
                let fx = deliver(&mut s, &built, &f);
                assert!(fx.fetch.is_empty(), "no chunk: the tables show the results ({:?})", files(&fx));
                rendered |= fx.render;
            }
            assert!(rendered && s.complete, "{defaults:?}: the results show after one round");
            let t = titles(&s);
            assert!(!t.is_empty() && t.iter().all(|t| t == "厨师"), "{t:?}");
        }
    }

    #[test]
    fn a_search_that_would_find_the_same_is_not_run_again() {
        let (mut s, built) = loaded_whole();
        // The whole index came quietly after the results on screen: the next search runs, with its data.
        s.typed("x".into());
        s.commit();
        let (runs, shown) = (s.runs, s.outcome.clone());
        assert!(runs > 0 && shown.is_some());
        // A lone letter is no term yet (nor is clearing it, or another), "more" shows more of the same.
        for text in ["", "j", ""] {
            s.typed(text.into());
            let fx = s.commit();
            assert!(fx.render && fx.mark_input && fx.fetch.is_empty(), "{text:?}: {fx:?}");
            assert_eq!((s.runs, &s.outcome), (runs, &shown), "{text:?}: the results on screen, not searched again");
            assert!(s.rendered().measure_search, "{text:?}: its results are on screen (measured)");
        }
        let fx = s.act(Action::More);
        assert_eq!(s.runs, runs, "more");
        settle(&mut s, &built, fx.fetch);
        // A filter is a new search, and so is a term.
        let fx = s.act(Action::Toggle("work_type".into(), "PART_TIME".into()));
        assert_eq!(s.runs, runs + 1);
        settle(&mut s, &built, fx.fetch);
        let fx = s.typed("厨师".into());
        settle(&mut s, &built, fx.fetch);
        let fx = s.commit();
        settle(&mut s, &built, fx.fetch);
        assert!(s.runs >= runs + 2 && s.outcome.as_ref().unwrap().docs.len() < shown.as_ref().unwrap().docs.len(), "{} {runs}", s.runs);
    }

    #[test]
    fn an_embedded_widget_keeps_out_of_the_url_and_prefetches_nothing() {
        let cfg = Config { embedded: true, profile: false, ..cfg() };
        let (built, manifest) = testindex::built();
        let mut s = Session::<true>::new(&cfg, || panic!("an embedded widget reads no URL"), || panic!("nor storage"));
        assert!(!s.profile_open && !s.remember);
        let fx = s.loaded(Ok(Box::new(manifest)));
        assert!(!files(&fx).contains(&File::Profile));
        settle(&mut s, &built, fx.fetch);
        assert!(s.outcome.is_some());
        assert!(s.rendered().fetch.is_empty(), "no prefetch");
        let fx = s.act(Action::Toggle("work_type".into(), "PART_TIME".into()));
        assert!(fx.push_url.is_none() && fx.mark_input);
    }

    #[test]
    fn a_compact_widget_fetches_no_column_and_a_filter_waits_for_its_own() {
        let (mut s, built, fx) = start::<false>(&Config { compact: true, ..cfg() }, "?locality=%E5%86%BC%E6%9D%91%E8%A1%97%E9%81%93");
        assert!(s.open.is_empty());
        // The URL filters on the locality: its column is needed before the search (no chunk yet).
        assert_eq!(files(&fx), [File::Column(2)]);
        let fx = deliver(&mut s, &built, &fx.fetch[0]);
        assert!(!fx.render, "a column completes no results yet");
        assert_eq!(files(&fx), [File::Chunk(0), File::Chunk(1), File::Chunk(2)], "liwan's 20: every other document");
        assert_eq!(renders(&settle(&mut s, &built, fx.fetch)), 1);
        assert_eq!(s.outcome.as_ref().unwrap().docs.len(), 20);
        // Sorting by salary needs the salary column before searching.
        let fx = s.act(Action::Sort(Sort::Salary));
        assert_eq!(files(&fx), [File::Salary]);
        let salary = settle(&mut s, &built, fx.fetch);
        assert_eq!(renders(&salary), 1);
        let Load::Ready(store) = &s.load else { unreachable!() };
        let first = s.outcome.as_ref().unwrap().docs[0];
        assert_eq!(first, 38, "the best paid in liwan: the oldest even document");
        assert!(store.view(first).is_some());
    }

    #[test]
    fn a_failed_fetch_stops_fetching_until_retry_and_a_failed_prefetch_only_warns() {
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        let fx = s.arrived(&fx.fetch[0].name, Err(Failure::Network("/search/facet-0.qy: HTTP 503".into())), || TODAY);
        assert_eq!(fx.warn.as_deref(), Some("/search/facet-0.qy: HTTP 503"));
        assert!(fx.render && s.failed, "the error shows");
        assert!(s.typed("焊工".into()).fetch.is_empty(), "nothing fetched while failed");
        assert!(s.commit().fetch.is_empty());
        let fx = s.retry();
        assert!(fx.render && !s.failed);
        assert!(files(&fx).contains(&File::Column(0)), "the failed file again: {:?}", files(&fx));
        assert!(!files(&fx).contains(&File::Column(1)), "not those still on their way");

        let (mut s, _, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        let prefetch = s.rendered().fetch;
        let fx = s.arrived(&prefetch[0].name, Err(Failure::Network("offline".into())), || TODAY);
        assert_eq!((fx.warn.as_deref(), fx.render, s.failed), (Some("offline"), false, false));
    }

    #[test]
    fn the_manifest_failing_shows_the_error() {
        let mut s = Session::<false>::new(&cfg(), String::new, || None);
        let fx = s.loaded(Err(Failure::Network("/search/index-x.qy: HTTP 404".into())));
        assert!(fx.render && fx.fetch.is_empty() && fx.warn.is_some());
        assert!(matches!(s.load, Load::Failed) && !s.corrupt);
        let mut s = Session::<false>::new(&cfg(), String::new, || None);
        let (built, _) = testindex::built();
        let fx = s.loaded(crate::loader::decode_manifest(&built.manifest.bytes[..built.manifest.bytes.len() / 2]));
        assert!(fx.render && fx.warn.is_some());
        assert!(matches!(s.load, Load::Failed) && s.corrupt, "a truncated manifest is corrupt");
    }

    #[test]
    fn a_corrupt_file_gives_up_and_brings_the_static_list_back() {
        // Needed by a search: the results shown so far go, the static list comes back, the error says why.
        let (mut s, built, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        assert!(s.outcome.is_some());
        let fx = s.typed("焊工".into());
        let shard = fx.fetch.iter().find(|f| matches!(f.file, File::Shard(_))).expect("a shard for the text").clone();
        let mut bytes = testindex::file(&built, &shard.name);
        bytes.truncate(bytes.len() / 2);
        let fx = s.arrived(&shard.name, shard.file.decode::<false>(bytes), || TODAY);
        assert!(fx.render && fx.restore_static && fx.warn.as_deref().is_some_and(|w| w.starts_with("corrupt index file")), "{fx:?}");
        assert!(matches!(s.load, Load::Failed) && s.corrupt && s.outcome.is_none());
        assert!(s.commit().fetch.is_empty() && s.typed("电工".into()).fetch.is_empty(), "nothing more fetched");
        // Fetched quietly (ahead of need): the same.
        let (mut s, _, fx) = start::<false>(&cfg(), "");
        settle(&mut s, &built, fx.fetch);
        let prefetch = s.rendered().fetch;
        let fx = s.arrived(&prefetch[0].name, Err(Failure::Corrupt("bad gzip".into())), || TODAY);
        assert!(fx.render && fx.restore_static && s.corrupt);
    }

    #[test]
    fn a_closed_facet_fetches_its_column_when_opened() {
        let (mut s, built) = {
            let (mut s, built, fx) = start::<false>(&cfg(), "");
            settle(&mut s, &built, fx.fetch);
            (s, built)
        };
        let fx = s.toggled("locality".into(), true);
        assert!(fx.render);
        assert_eq!(files(&fx), [File::Column(2)]);
        assert_eq!(s.toggled("locality".into(), true), Effects::default(), "open already");
        let fx = deliver(&mut s, &built, &fx.fetch[0]);
        assert!(fx.render, "the counts show with the column");
        assert!(s.toggled("locality".into(), false).render);
    }

    #[test]
    fn a_remembered_profile_ranks_once_its_files_are_here() {
        let (built, manifest) = testindex::built();
        let mut s = Session::<true>::new(&cfg(), String::new, || Some("skill=%E7%84%8A%E5%B7%A5%E8%AF%81".into()));
        assert!(s.remember && s.profile_open && s.form.ranks());
        assert_eq!((s.defaults.sort, s.state.sort), (Sort::Match, Sort::Match), "'best for me' is the default order");
        let fx = s.loaded(Ok(Box::new(manifest)));
        assert_eq!(files(&fx), [File::Column(0), File::Column(1), File::Profile], "no search before the profile file");
        let profile = deliver(&mut s, &built, &fx.fetch[2]);
        assert!(profile.render, "the panel fills in");
        assert_eq!(files(&profile), [File::Match(0), File::Match(1)], "every district's, none filtered");
        assert!(s.outcome.is_none());
        let arrivals = settle(&mut s, &built, profile.fetch);
        assert_eq!(renders(&arrivals), 3, "each match file renders (the profile changes), the chunks only once all are here");
        assert!(arrivals[2..].iter().rev().skip(1).all(|fx| !fx.render) && arrivals.last().unwrap().render);
        assert!(s.outcome.is_some());
        let ranked = s.ranked.as_ref().expect("ranked").docs.clone();
        assert!(ranked[..14].iter().all(|&d| testindex::title(d) == "焊工"), "the welders first: {ranked:?}");
        assert_eq!(titles(&s)[..14], ["焊工"; 14]);

        // Unticking "remember" forgets it; ticking keeps it; clearing it forgets it and the order goes
        // back to relevance.
        assert_eq!(s.remember(false).store, Some(Stored::Remove));
        assert_eq!(s.remember(true).store, Some(Stored::Keep("skill=%E7%84%8A%E5%B7%A5%E8%AF%81&mode=walk&minutes=15".into())));
        let fx = s.edit(Edit::Clear);
        assert_eq!(fx.store, Some(Stored::Remove));
        assert_eq!((s.defaults.sort, s.state.sort), (Sort::Relevance, Sort::Relevance));
        assert!(fx.render && s.ranked.is_none());
    }

    #[test]
    fn the_profile_file_waits_for_the_panel_and_the_build_without_the_profile_never_fetches_it() {
        let (mut s, built, fx) = start::<true>(&cfg(), "");
        assert!(!files(&fx).contains(&File::Profile), "no profile, panel closed");
        settle(&mut s, &built, fx.fetch);
        let fx = s.profile_toggled(true);
        assert_eq!(files(&fx), [File::Profile]);
        assert_eq!(s.profile_toggled(true), Effects::default());
        let fx = deliver(&mut s, &built, &fx.fetch[0]);
        assert!(fx.render && fx.fetch.is_empty(), "no match file until the profile ranks");
        assert!(s.md().is_some());
        let fx = s.edit(Edit::AddSkills("厨师证".into()));
        assert_eq!(fx.store, Some(Stored::Remove), "not remembered: not stored");
        assert_eq!(s.state.sort, Sort::Match);
        assert_eq!(files(&fx), [File::Match(0), File::Match(1)]);

        let mut s = Session::<false>::new(&cfg(), String::new, || panic!("the build without the profile reads no profile"));
        assert!(!s.profile_open);
        let fx = s.loaded(Ok(Box::new(testindex::built().1)));
        assert!(!files(&fx).contains(&File::Profile));
        assert!(s.md().is_none());
    }
}
