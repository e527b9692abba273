//! The widget's root component: owns the search state and the loaded index, fetches what a search
//! needs, keeps the state in the URL (Back works, links restore a search) and lays out the search box,
//! the status line, the filters and the results.
//!
//! Data flow: every change goes through [`crate::state::SearchState::apply`]; [`App::refresh`] then asks
//! the [`Store`] which shards the text needs and which chunks the visible results need, fetches the
//! missing ones (each arrival calls `refresh` again) and, once the shards are there, runs the search.
//! Responses never race: they only fill the store, and the search always runs on the current state.
//!
//! The profile (issue 4, [`crate::profile`]): the app owns the citizen's [`ProfileForm`], keeps it in
//! `localStorage` only while "remember" is ticked, fetches the profile file when the panel opens (or a
//! profile exists) and the match files of the districts searched when a profile ranks; then "best for
//! me" (the default order while a profile ranks) re-ranks the search's results with reasons, and the
//! policies and nearest stations show above them. Nothing of the profile goes into a URL or a request.
//!
//! All of that is in the widget built with the `profile` feature ([`PROFILE`]) only; the build without
//! it (what listing pages load first: the search stays within its size budget) shows the panel's title
//! alone, and opening it dispatches a `quanyu-profile` event, on which the page's boot module mounts the
//! full widget in this one's place (the search is in the URL, so it carries over).

use std::collections::{BTreeSet, HashSet};

use engine::index::{Column, Manifest, ProfileData, Shard, decode_docs, decode_match, decode_salary};
use engine::matching::GeoPoint;
use engine::search::{Outcome, Sort};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::fetch::fetch_bytes;
use crate::i18n::Strings;
use crate::i18n::profile::ProfileStrings;
use crate::matcher::{MatchData, Ranked, china_time};
use crate::profile::{Edit, ProfileForm, STORAGE_KEY, place_key};
use crate::state::{Action, SearchState};
use crate::store::{Part, Store};
use crate::ui::facet_panel::FacetPanel;
use crate::ui::for_you::for_you;
use crate::ui::profile_panel::{Geo, ProfilePanel};
use crate::ui::result_list::{Item, ResultList};
use crate::ui::search_box::SearchBox;

/// Whether this build has the profile (the `profile` feature). A constant, so that without the feature
/// every profile code path is dead and the optimizer drops it.
pub const PROFILE: bool = cfg!(feature = "profile");

/// The event a widget without the profile dispatches (bubbling) when the citizen opens the profile
/// panel: the page's boot module answers it by mounting the full widget.
pub const UPGRADE_EVENT: &str = "quanyu-profile";

/// Milliseconds of quiet typing before a search runs.
pub const DEBOUNCE_MS: u32 = 180;

/// Properties of [`App`] (from the mount element's `data-*` attributes).
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// URL of the index manifest; the other files are beside it.
    pub index: AttrValue,
    /// Interface language.
    pub lang: AttrValue,
    /// The filters the page stands for (a query string).
    pub defaults: AttrValue,
    /// Id of the static list to hide once the widget shows results.
    pub static_id: Option<AttrValue>,
    /// Unique prefix for element ids.
    pub uid: AttrValue,
    /// Prefix of result links: empty on the portal, the portal's root URL when embedded elsewhere.
    pub origin: AttrValue,
    /// Results per page (an embedded widget's `limit`).
    pub page: usize,
    /// Search box and results only, no filters (an embedded widget's compact layout).
    pub compact: bool,
    /// Embedded in another site: the search stays out of the host page's URL and history.
    pub embedded: bool,
    /// The portal's embed page, offered with the current search ("embed this").
    pub embed_page: Option<AttrValue>,
    /// The portal page an embedded widget links to ("all vacancies on the portal").
    pub portal_link: Option<AttrValue>,
    /// Show the profile panel.
    pub profile: bool,
    /// Start with the profile panel open (the full widget mounted on the citizen opening it).
    pub profile_open: bool,
}

/// Messages of [`App`].
pub enum Msg {
    /// The manifest fetched (or not).
    Loaded(Result<Box<Manifest>, String>),
    /// A facet group opened or closed.
    Toggled(String, bool),
    /// The text in the box changed.
    Typed(String),
    /// Typing paused, or Enter: search for the typed text.
    Commit,
    /// A filter, order, "more" or "clear".
    Act(Action),
    /// Back or Forward.
    Popped,
    /// A file of the index arrived (or failed): its name and content.
    Arrived(String, Result<Part, String>),
    /// Try the failed fetches again.
    Retry,
    /// The profile changed.
    Profile(Edit),
    /// "Remember on this device" ticked or unticked.
    Remember(bool),
    /// The profile panel opened or closed.
    ProfileToggled(bool),
    /// "Use my location" pressed.
    AskGeo,
    /// The browser's position (or none: refused, unavailable).
    GeoFound(Option<GeoPoint>),
    /// "Print my plan".
    Print,
}

enum Load {
    Loading,
    Failed,
    Ready(Box<Store>),
}

/// The widget.
pub struct App {
    t: &'static Strings,
    load: Load,
    defaults: SearchState,
    state: SearchState,
    typed: String,
    outcome: Option<Outcome>,
    /// A search whose results wait for their chunks, with the state and data version it ran on: the
    /// chunks' arrivals reuse it instead of searching again (twenty arrivals, one search).
    pending: Option<(SearchState, u64, Outcome)>,
    /// Bumped whenever a shard or column arrives.
    data_version: u64,
    open: BTreeSet<String>,
    in_flight: HashSet<String>,
    /// Files fetched ahead of need (a small index is fetched whole, for offline use): their arrival
    /// is stored without searching or rendering again, so the prefetch adds no main-thread work
    /// beyond decoding. A search that comes to need one of them takes it out of this set.
    background: HashSet<String>,
    failed: bool,
    prefetched: bool,
    /// The results on screen are complete for the current state (shards, columns and chunks loaded).
    complete: bool,
    /// A search was asked for and its results are not on screen yet (for the timing marks).
    timing: bool,
    /// Whether the first complete results were marked.
    first_marked: bool,
    base: String,
    debounce: Option<Timeout>,
    _popstate: Option<EventListener>,
    /// The citizen's profile (see the module docs).
    form: ProfileForm,
    /// Whether it is kept in `localStorage`.
    remember: bool,
    /// Whether the profile panel is open.
    profile_open: bool,
    /// The profile file and the match files loaded so far.
    md: Option<MatchData>,
    /// The results ranked for the profile, when "best for me" is on.
    ranked: Option<Ranked>,
    geo: Geo,
    /// The profile's strings (this build has the profile).
    ps: Option<&'static ProfileStrings>,
    /// Whether the panel's title took the focus (once, see `rendered`).
    focused: bool,
    /// The panel's title, to give it focus when mounted on its opening.
    panel_ref: NodeRef,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Today in China (days since 1970), for vacancies' ages.
fn china_today() -> i64 {
    ((js_sys::Date::now() / 60_000.0).floor() as i64 + 8 * 60).div_euclid(24 * 60)
}

fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

fn decode<T>(r: Result<Vec<u8>, String>, f: impl FnOnce(&[u8]) -> Result<T, engine::index::FormatError>) -> Result<T, String> {
    r.and_then(|b| f(&b).map_err(|e| e.to_string()))
}

impl Component for App {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let p = ctx.props();
        // A remembered profile (the portal only: an embedded widget never stores one).
        let stored = if !PROFILE || p.embedded || !p.profile { None } else { storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) };
        let form = stored.as_deref().map(ProfileForm::from_storage).unwrap_or_default();
        let mut defaults = SearchState::defaults_paged(&p.defaults, p.page);
        if form.ranks() && defaults.sort == Sort::Relevance {
            defaults.sort = Sort::Match;
        }
        let state = if p.embedded { defaults.clone() } else { SearchState::from_url(&location_search(), &defaults) };
        let index = p.index.to_string();
        let base = index.rsplit_once('/').map_or(String::new(), |(dir, _)| format!("{dir}/"));
        ctx.link().send_future(async move { Msg::Loaded(decode(fetch_bytes(&index).await, Manifest::decode).map(Box::new)) });
        let link = ctx.link().clone();
        let popstate = web_sys::window().filter(|_| !p.embedded).map(|w| EventListener::new(&w, "popstate", move |_| link.send_message(Msg::Popped)));
        App {
            t: Strings::for_lang(&p.lang),
            load: Load::Loading,
            typed: state.text.clone(),
            defaults,
            state,
            outcome: None,
            pending: None,
            data_version: 0,
            open: BTreeSet::new(),
            in_flight: HashSet::new(),
            background: HashSet::new(),
            failed: false,
            prefetched: false,
            complete: false,
            timing: false,
            first_marked: false,
            base,
            debounce: None,
            _popstate: popstate,
            profile_open: PROFILE && (p.profile_open || !form.is_empty()),
            ps: if PROFILE { Some(ProfileStrings::for_lang(&p.lang)) } else { None },
            panel_ref: NodeRef::default(),
            focused: false,
            remember: stored.is_some(),
            form,
            md: None,
            ranked: None,
            geo: Geo::Off,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let mut only_if_shown = false;
        match msg {
            Msg::Loaded(Ok(manifest)) => {
                let store = Store::new(*manifest);
                // A compact widget shows no filters: it fetches no column for counts.
                self.open = if ctx.props().compact { BTreeSet::new() } else { store.initially_open(&self.state) };
                self.load = Load::Ready(Box::new(store));
            }
            Msg::Toggled(name, open) => {
                if open == self.open.contains(&name) {
                    return false;
                }
                if open {
                    self.open.insert(name);
                } else {
                    self.open.remove(&name);
                }
            }
            Msg::Loaded(Err(e)) => {
                web_sys::console::warn_1(&format!("quanyu: {e}").into());
                self.load = Load::Failed;
                return true;
            }
            Msg::Typed(text) => {
                self.typed = text;
                let link = ctx.link().clone();
                self.debounce = Some(Timeout::new(DEBOUNCE_MS, move || link.send_message(Msg::Commit)));
                // The term shards the text will need are fetched while the debounce waits (quietly: a
                // file a search then needs stops being quiet), so a search starts with them loaded or
                // on their way: one round trip less after the pause. The result chunks wait for the
                // search itself (a fast typist would otherwise fetch twenty per keystroke).
                if !self.failed
                    && let Load::Ready(store) = &self.load
                {
                    store.missing_shards(&self.typed).into_iter().for_each(|i| self.fetch(ctx, File::Shard(i), true));
                }
                return true;
            }
            Msg::Commit => {
                self.debounce = None;
                if self.typed == self.state.text {
                    return false;
                }
                self.change(ctx, Action::Text(self.typed.clone()));
            }
            Msg::Act(action) => {
                if !matches!(action, Action::Text(_)) {
                    // A filter applies to what is in the box now, typed or not.
                    self.debounce = None;
                    self.state.text.clone_from(&self.typed);
                }
                self.change(ctx, action);
            }
            Msg::Popped => {
                self.start_timing();
                self.state = SearchState::from_url(&location_search(), &self.defaults);
                self.typed = self.state.text.clone();
                if let Load::Ready(store) = &self.load {
                    // A facet the restored state selects in shows its selection.
                    self.open.extend(store.initially_open(&self.state));
                }
            }
            Msg::Arrived(name, r) => {
                self.in_flight.remove(&name);
                let quiet = self.background.remove(&name);
                match r {
                    Ok(Part::Profile(data)) if PROFILE => {
                        if let Load::Ready(store) = &self.load {
                            self.md = Some(MatchData::new(*data, store.manifest.doc_count));
                        }
                    }
                    Ok(Part::Match(n, bytes)) if PROFILE => {
                        if let Some(md) = &mut self.md {
                            match decode_match(&bytes, &md.data, china_today()) {
                                Ok(features) => md.add(n, features),
                                Err(e) => self.fail(&e.to_string()),
                            }
                        }
                    }
                    Ok(part) => {
                        // A file of the index changes the screen only once the results it completes
                        // are shown: the arrivals before (a keystroke may need twenty files) render nothing.
                        only_if_shown = true;
                        if let Load::Ready(store) = &mut self.load {
                            // A shard or column changes what a search finds; a result chunk does not.
                            if !matches!(part, Part::Chunk(..)) {
                                self.data_version += 1;
                            }
                            store.add(part);
                        }
                        if quiet {
                            // Nothing on screen depends on it (see `background`).
                            return false;
                        }
                    }
                    // A failed prefetch is retried when a search needs the file.
                    Err(e) if quiet => {
                        web_sys::console::warn_1(&format!("quanyu: {e}").into());
                        return false;
                    }
                    Err(e) => self.fail(&e),
                }
            }
            Msg::Retry => self.failed = false,
            // Without the profile (see `PROFILE`), only `ProfileToggled` arrives: it upgrades.
            Msg::Profile(_) | Msg::Remember(_) | Msg::AskGeo | Msg::GeoFound(_) | Msg::Print if !PROFILE => return false,
            Msg::ProfileToggled(open) if !PROFILE => {
                if open && let Some(el) = self.panel_ref.cast::<web_sys::Element>() {
                    let init = web_sys::CustomEventInit::new();
                    init.set_bubbles(true);
                    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(UPGRADE_EVENT, &init) {
                        let _ = el.dispatch_event(&ev);
                    }
                }
                return false;
            }
            Msg::Profile(edit) => {
                self.edit_profile(edit);
                if self.geo == Geo::On && self.form.geo.is_none() {
                    self.geo = Geo::Off;
                }
            }
            Msg::Remember(on) => {
                self.remember = on;
                self.store_profile();
                return true;
            }
            Msg::ProfileToggled(open) => {
                if open == self.profile_open {
                    return false;
                }
                self.profile_open = open;
            }
            Msg::AskGeo => {
                self.geo = Geo::Asking;
                ask_position(ctx.link().callback(Msg::GeoFound));
                return true;
            }
            Msg::GeoFound(found) => {
                self.geo = if found.is_some() { Geo::On } else { Geo::Failed };
                if found.is_some() {
                    self.edit_profile(Edit::Geo(found));
                }
            }
            Msg::Print => {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
                return false;
            }
        }
        let shown = self.refresh(ctx);
        shown || !only_if_shown
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let t = self.t;
        let link = ctx.link();
        let search_box = html! {
            <SearchBox id={format!("{}-q", p.uid)} label={t.search_label} hint={t.search_hint} value={self.typed.clone()}
                on_input={link.callback(Msg::Typed)} on_submit={link.callback(|_| Msg::Commit)} />
        };
        let store = match &self.load {
            Load::Loading => return html! { <div class="qy">{ search_box }<p class="qy-status" role="status">{ t.loading }</p></div> },
            Load::Failed if p.embedded => {
                return html! {
                    <div class="qy">
                        <p class="qy-status qy-error" role="status">{ t.unavailable_here }</p>
                        if let Some(href) = p.portal_link.clone() {
                            <p class="qy-portal"><a {href}>{ t.on_portal }</a></p>
                        }
                    </div>
                };
            }
            Load::Failed => return html! { <div class="qy"><p class="qy-status qy-error" role="status">{ t.unavailable }</p></div> },
            Load::Ready(store) => store,
        };
        let (status, body) = match &self.outcome {
            None => (t.loading.to_owned(), html! {}),
            Some(out) => {
                let lang = store.lang_index(t.lang);
                let group = |g: &str| {
                    let f = store.manifest.facet("group").map(|i| &store.manifest.facets[i]);
                    f.and_then(|f| f.values.iter().position(|v| v.0 == g).map(|v| f.label(v, lang).to_owned())).unwrap_or_else(|| g.to_owned())
                };
                let docs = self.ranked.as_ref().map_or(&out.docs, |r| &r.docs);
                let items: Vec<Item> = docs
                    .iter()
                    .take(self.state.shown)
                    .filter_map(|&d| Some((store.view(d)?, self.ranked.as_ref().and_then(|r| r.matches.get(&d)))))
                    .map(|(v, m)| Item {
                        district: store.district_name(&v.district, lang),
                        view: v.clone(),
                        reasons: m.zip(self.ps()).map(|(m, ps)| m.reasons.iter().map(|r| ps.reason(r, group)).collect()).unwrap_or_default(),
                        missing: m
                            .zip(self.ps())
                            .filter(|(m, _)| !m.missing_skills.is_empty())
                            .map(|(m, ps)| format!("{}{}", ps.missing, m.missing_skills.join(ps.sep))),
                    })
                    .collect();
                let more = docs.len() > self.state.shown;
                let for_you = self
                    .md()
                    .zip(self.ps())
                    .filter(|_| PROFILE && p.profile && !self.form.is_empty())
                    .map(|(md, ps)| for_you(md, &self.form, china_time(js_sys::Date::now()), &p.origin, t, ps, |d| store.district_name(d, lang)));
                let panel = p.profile.then(|| match self.ps() {
                    Some(ps) if PROFILE => self.profile_panel(ctx, store, lang, ps),
                    _ => html! {
                        <details class="qy-profile" ref={self.panel_ref.clone()} ontoggle={link.callback(|e: Event| Msg::ProfileToggled(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))}>
                            <summary>{ t.profile_title }</summary>
                        </details>
                    },
                });
                // "Embed this": the embed page, filled in with this search (every parameter, not
                // just those differing from the page's defaults).
                let embed = p.embed_page.as_ref().map(|page| format!("{page}{}", self.state.to_query(&SearchState::default())));
                let body = html! {
                    <>
                        if !p.compact || panel.is_some() {
                            <div class="qy-side">
                                { panel.unwrap_or_default() }
                                if !p.compact {
                                    <FacetPanel uid={p.uid.clone()} facets={store.facets(out, &self.state, &self.open, t)} sort={self.state.sort}
                                        changed={!self.state.same_search(&self.defaults)} match_label={self.ps().filter(|_| self.form.ranks() || self.state.sort == Sort::Match).map(|s| s.sort_match)} {t} on_action={link.callback(Msg::Act)}
                                        on_toggle={link.callback(|(name, open)| Msg::Toggled(name, open))} />
                                }
                            </div>
                        }
                        <section class="qy-main" aria-labelledby={format!("{}-rh", p.uid)}>
                            if let Some(ps) = self.ps().filter(|_| self.ranked.is_some()) {
                                <h2 class="qy-plan-title">{ ps.plan }</h2>
                            }
                            { for_you.unwrap_or_default() }
                            <h2 class="visually-hidden" id={format!("{}-rh", p.uid)}>{ t.results }</h2>
                            <ResultList {items} origin={p.origin.clone()} {t} />
                            if more {
                                <button type="button" class="qy-more" onclick={link.callback(|_| Msg::Act(Action::More))}>{ t.more }</button>
                            }
                            if let Some(href) = p.portal_link.clone() {
                                <p class="qy-portal"><a {href}>{ t.on_portal }</a></p>
                            }
                            if let Some(href) = embed {
                                <p class="qy-embed"><a {href}>{ t.embed_this }</a></p>
                            }
                        </section>
                    </>
                };
                let mut found = t.found(out.docs.len());
                if let (Some(r), Some(ps)) = (self.ranked.as_ref().filter(|_| !out.docs.is_empty()), self.ps()) {
                    found.push_str(&ps.suited.replace("{n}", &r.docs.len().to_string()));
                }
                (if out.relaxed && !out.docs.is_empty() { format!("{found} {}", t.partial) } else { found }, body)
            }
        };
        html! {
            <div class={classes!("qy", p.compact.then_some("qy-compact"))}>
                { search_box }
                <p class="qy-status" role="status">{ status }</p>
                if self.failed {
                    <p class="qy-error">{ t.fetch_failed }{ " " }<button type="button" onclick={link.callback(|_| Msg::Retry)}>{ t.retry }</button></p>
                }
                <div class="qy-body">{ body }</div>
            </div>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first: bool) {
        // Mounted on the citizen opening the panel: their focus goes on to its title.
        if PROFILE
            && ctx.props().profile_open
            && !self.focused
            && let Some(el) = self.panel_ref.cast::<web_sys::HtmlElement>()
        {
            self.focused = true;
            let _ = el.focus();
        }
        // User Timing marks for the benchmark (`cargo xtask bench-search`) and for anyone profiling:
        // `quanyu:first-results` when the first complete results are on screen, and a measure
        // `quanyu:search` from each search's `quanyu:input` mark to its results on screen.
        if self.complete
            && let Some(perf) = web_sys::window().and_then(|w| w.performance())
        {
            if !self.first_marked {
                self.first_marked = true;
                let _ = perf.mark("quanyu:first-results");
            }
            if self.timing {
                self.timing = false;
                let _ = perf.measure_with_start_mark("quanyu:search", "quanyu:input");
            }
        }
        self.prefetch(ctx);
    }
}

impl App {
    /// Applies a change and records it in the URL (a new history entry, so Back undoes it).
    fn change(&mut self, ctx: &Context<Self>, action: Action) {
        let more = action == Action::More;
        let next = self.state.apply(action, &self.defaults);
        if next == self.state {
            return;
        }
        self.state = next;
        self.start_timing();
        if !more && !ctx.props().embedded {
            push_url(&self.state.to_query(&self.defaults));
        }
    }

    /// A search starts: mark it, and mark its results once they are on screen.
    fn start_timing(&mut self) {
        self.complete = false;
        self.timing = true;
        if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
            let _ = perf.mark("quanyu:input");
        }
    }

    fn fail(&mut self, e: &str) {
        web_sys::console::warn_1(&format!("quanyu: {e}").into());
        self.failed = true;
    }

    /// Fetches what the current state needs and, once the shards and the columns it filters or sorts
    /// on are there, searches (the previous results stay until then). Whether new results are to be
    /// shown.
    fn refresh(&mut self, ctx: &Context<Self>) -> bool {
        let Load::Ready(store) = &self.load else { return false };
        if self.failed {
            return false;
        }
        let shards = store.missing_shards(&self.state.text);
        let columns = store.missing_columns(&self.state, &self.open);
        let salary = store.missing_salary(&self.state);
        // Open facets only need their column for counts; filtering needs it before the search.
        let mut blocking = !shards.is_empty() || salary || columns.iter().any(|&i| !self.state.selected(&store.manifest.facets[i].name).is_empty());
        shards.into_iter().for_each(|i| self.fetch(ctx, File::Shard(i), false));
        columns.into_iter().for_each(|i| self.fetch(ctx, File::Column(i), false));
        if salary {
            self.fetch(ctx, File::Salary, false);
        }
        // The profile file once the panel is open or a profile exists; the match files of the districts
        // searched before ranking.
        let ranking = self.ranking(ctx);
        if PROFILE && ctx.props().profile && (self.profile_open || !self.form.is_empty()) && self.md.is_none() {
            self.fetch(ctx, File::Profile, false);
            blocking |= ranking;
        }
        if ranking && let Some(md) = self.md() {
            let missing = md.missing(&self.state);
            blocking |= !missing.is_empty();
            missing.into_iter().for_each(|n| self.fetch(ctx, File::Match(n), false));
        }
        if blocking {
            return false;
        }
        let Load::Ready(store) = &self.load else { return false };
        let out = match self.pending.take() {
            Some((state, version, out)) if state == self.state && version == self.data_version => out,
            _ => store.search(&self.state),
        };
        let ranked = self.md().filter(|_| ranking).map(|md| md.rank(&self.form, &out, &md.weights(&self.state)));
        let order = ranked.as_ref().map_or(&out.docs, |r| &r.docs);
        let chunks = store.missing_chunks(&order[..order.len().min(self.state.shown)]);
        self.complete = chunks.is_empty();
        if !self.complete {
            // The results show once every one of them can: until then the previous ones stay (no
            // half-filled list, nothing jumps).
            chunks.into_iter().for_each(|c| self.fetch(ctx, File::Chunk(c), false));
            self.pending = Some((self.state.clone(), self.data_version, out));
            return false;
        }
        if self.outcome.is_none() {
            // The static list gives way to the first results (it stays if the widget fails). Removed
            // here, in the same task as the results are rendered, so no frame shows the list pushed down.
            remove_static(ctx.props().static_id.as_deref());
        }
        self.outcome = Some(out);
        self.ranked = ranked;
        true
    }

    /// Once the first results are on screen, a small index is fetched whole (see [`Store::prefetch`]).
    /// Started from `rendered`, not with the results: the results paint first, and Yew runs `rendered`
    /// only when no message waits, so twenty arrivals would otherwise hold back the first-results mark.
    /// A partner page shows a few results and is no place to download the whole index: an embedded
    /// widget fetches on demand only.
    fn prefetch(&mut self, ctx: &Context<Self>) {
        if self.prefetched || !self.complete || !self.in_flight.is_empty() || ctx.props().embedded {
            return;
        }
        self.prefetched = true;
        let Load::Ready(store) = &self.load else { return };
        let (shards, chunks, columns, salary) = store.prefetch();
        shards.into_iter().for_each(|i| self.fetch(ctx, File::Shard(i), true));
        chunks.into_iter().for_each(|c| self.fetch(ctx, File::Chunk(c), true));
        columns.into_iter().for_each(|i| self.fetch(ctx, File::Column(i), true));
        if salary {
            self.fetch(ctx, File::Salary, true);
        }
    }

    /// Fetches one file of the index unless it is already on its way; `background` for a prefetch
    /// (see `App::background`). A file needed now that is already on its way as a prefetch stops
    /// being one, so its arrival refreshes the results.
    fn fetch(&mut self, ctx: &Context<Self>, file: File, background: bool) {
        let Load::Ready(store) = &self.load else { return };
        let m = &store.manifest;
        let name = match file {
            File::Shard(i) => m.shard_file(i),
            File::Chunk(i) => m.chunk_file(i),
            File::Column(i) => m.column_file(i),
            File::Salary => m.salary_file(),
            File::Profile => m.profile_file(),
            File::Match(n) => m.match_file(n),
        };
        if !self.in_flight.insert(name.clone()) {
            if !background {
                self.background.remove(&name);
            }
            return;
        }
        if background {
            self.background.insert(name.clone());
        }
        let url = format!("{}{name}", self.base);
        ctx.link().send_future(async move {
            let bytes = fetch_bytes(&url).await;
            let part = match file {
                File::Shard(i) => decode(bytes, Shard::decode).map(|s| Part::Shard(i, s)),
                File::Chunk(i) => decode(bytes, decode_docs).map(|d| Part::Chunk(i, d)),
                File::Column(i) => decode(bytes, Column::decode).map(|c| Part::Column(i, c)),
                File::Salary => decode(bytes, decode_salary).map(Part::Salary),
                File::Profile if PROFILE => decode(bytes, ProfileData::decode).map(|d| Part::Profile(Box::new(d))),
                File::Match(n) if PROFILE => bytes.map(|b| Part::Match(n, b)),
                File::Profile | File::Match(_) => Err("this widget has no profile".to_owned()),
            };
            Msg::Arrived(name, part)
        });
    }
}

/// A file of the index.
#[derive(Clone, Copy)]
enum File {
    Shard(usize),
    Chunk(usize),
    Column(usize),
    Salary,
    Profile,
    Match(usize),
}

impl App {
    /// The profile's strings, in the build with the profile (a constant `None` without: see [`PROFILE`]).
    fn ps(&self) -> Option<&'static ProfileStrings> {
        if PROFILE { self.ps } else { None }
    }

    /// The matching data loaded, in the build with the profile.
    fn md(&self) -> Option<&MatchData> {
        if PROFILE { self.md.as_ref() } else { None }
    }

    /// Whether "best for me" orders the results: it is chosen and the profile ranks.
    fn ranking(&self, ctx: &Context<Self>) -> bool {
        PROFILE && ctx.props().profile && self.state.sort == Sort::Match && self.form.ranks()
    }

    /// Applies an edit to the profile, keeps it stored (if remembered), and makes "best for me" the
    /// default order while the profile ranks, and only then.
    fn edit_profile(&mut self, edit: Edit) {
        let was = self.form.ranks();
        self.form = self.form.apply(edit);
        self.store_profile();
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
    }

    /// Keeps the profile in `localStorage` while "remember" is ticked (and not empty); removes it otherwise.
    fn store_profile(&self) {
        let Some(s) = storage() else { return };
        if self.remember && !self.form.is_empty() {
            let _ = s.set_item(STORAGE_KEY, &self.form.to_storage());
        } else {
            let _ = s.remove_item(STORAGE_KEY);
        }
    }

    /// The profile panel, with the index's skills, places and target groups once the profile file is here.
    fn profile_panel(&self, ctx: &Context<Self>, store: &Store, lang: usize, s: &'static ProfileStrings) -> Html {
        let link = ctx.link();
        let (skills, places) = match &self.md {
            None => (Vec::new(), Vec::new()),
            Some(md) => {
                let skills = md.data.skills.iter().take(300).map(|s| AttrValue::from(s.0.clone())).collect();
                let places = md
                    .data
                    .districts
                    .iter()
                    .map(|d| {
                        let streets = md
                            .data
                            .places
                            .iter()
                            .filter(|p| &p.district == d)
                            .map(|p| (place_key(d, &p.locality).into(), p.locality.clone().into()))
                            .collect();
                        (store.district_name(d, lang).into(), streets)
                    })
                    .filter(|(_, s): &(AttrValue, Vec<_>)| !s.is_empty())
                    .collect();
                (skills, places)
            }
        };
        let groups: Vec<(AttrValue, AttrValue)> = store
            .manifest
            .facet("group")
            .map(|i| &store.manifest.facets[i])
            .map(|f| f.values.iter().enumerate().map(|(v, (k, _))| (k.clone().into(), f.label(v, lang).to_owned().into())).collect())
            .unwrap_or_default();
        let p = ctx.props();
        html! {
            <ProfilePanel uid={p.uid.clone()} form={self.form.clone()} open={self.profile_open} remember={self.remember} can_remember={!p.embedded}
                {skills} {places} {groups} geo={self.geo} t={self.t} {s} summary_ref={self.panel_ref.clone()}
                on_edit={link.callback(Msg::Profile)} on_remember={link.callback(Msg::Remember)} on_geo={link.callback(|_| Msg::AskGeo)}
                on_toggle={link.callback(Msg::ProfileToggled)} on_print={link.callback(|_| Msg::Print)} />
        }
    }
}

/// Asks the browser for the citizen's position (it asks them for consent); `done` gets it, or none.
fn ask_position(done: Callback<Option<GeoPoint>>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        done.emit(None);
        return;
    };
    let ok = {
        let done = done.clone();
        Closure::once_into_js(move |pos: wasm_bindgen::JsValue| {
            let num = |o: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok().and_then(|v| v.as_f64());
            let coords = js_sys::Reflect::get(&pos, &"coords".into()).unwrap_or_default();
            done.emit(num(&coords, "latitude").zip(num(&coords, "longitude")).map(|(lat, lon)| GeoPoint { lat, lon }));
        })
    };
    let err = {
        let done = done.clone();
        Closure::once_into_js(move |_: wasm_bindgen::JsValue| done.emit(None))
    };
    if geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(err.unchecked_ref())).is_err() {
        done.emit(None);
    }
}

/// Removes the page's static list (the element with id `id`).
fn remove_static(id: Option<&str>) {
    if let Some(el) = id.and_then(|id| web_sys::window()?.document()?.get_element_by_id(id)) {
        el.remove();
    }
}

/// Records a search in the URL: a new history entry with the page's path and the state's query.
fn push_url(query: &str) {
    let Some(w) = web_sys::window() else { return };
    let path = w.location().pathname().unwrap_or_default();
    let url = format!("{path}{query}");
    if let Ok(h) = w.history() {
        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
