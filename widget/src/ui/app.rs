//! The widget's root component: the Yew glue around a [`Session`] (the search, the loaded index and the
//! profile, plain Rust in [`crate::session`]). It turns messages into the session's events and carries
//! out the [`Effects`] they return — fetching files ([`crate::fetch`], decoded by [`crate::loader`]),
//! history entries, the static list's removal, User Timing marks, `localStorage` — and lays out the
//! search box, the status line, the filters, the profile and the results.
//!
//! The browser's own inputs stay here: the debounce timer, Back and Forward, the clock, the position.
//!
//! The profile (issue 4, [`crate::profile`]) is in the widget built with the `profile` feature
//! ([`PROFILE`]) only; the build without it (what listing pages load first: the search stays within its
//! size budget) shows the panel's title alone, and opening it dispatches a `quanyu-profile` event, on
//! which the page's boot module mounts the full widget in this one's place (the search is in the URL, so
//! it carries over). What helps after a search that found nothing — typo corrections, the filters to
//! drop, the districts with results (issue 14 §3) — is the full build's too: the search build dispatches
//! `quanyu-full` when its results are none ([`Session::needs_full`]), and the full widget takes its place
//! the same way, with the panel closed.

use engine::index::Manifest;
use engine::matching::GeoPoint;
use engine::search::Sort;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::fetch::{fetch_bytes, start};
use crate::i18n::Strings;
use crate::i18n::profile::ProfileStrings;
use crate::loader::{Failure, decode_manifest};
use crate::matcher::china_time;
use crate::profile::{Edit, STORAGE_KEY, place_key};
use crate::session::{Config, Effects, Load, Session, Stored};
use crate::state::{Action, SearchState};
use crate::store::{Part, Store};
use crate::ui::filter_sheet::{Sheet, filter_sheet};
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

/// The event a widget without the profile dispatches (bubbling) when a search found nothing: the page's
/// boot module answers it by mounting the full widget, which has what may help then (typo corrections,
/// the filters to drop, the districts with results: see [`Session::needs_full`]), with the same search.
pub const FULL_EVENT: &str = "quanyu-full";

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
    /// What the citizen was typing when the full widget took the search widget's place (a search
    /// that found nothing, see [`FULL_EVENT`]): the search box takes the focus and this text once the
    /// results show. The full build's only (not even a field of the search build's props: its size).
    #[cfg(feature = "profile")]
    pub typing: Option<AttrValue>,
}

/// Messages of [`App`].
pub enum Msg {
    /// The manifest fetched (or not).
    Loaded(Result<Box<Manifest>, Failure>),
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
    Arrived(String, Result<Part, Failure>),
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
    /// A suggestion pressed ("您要找的是不是：焊工"): search for it.
    Suggested(String),
}

/// The widget.
pub struct App {
    t: &'static Strings,
    /// The search, the index and the profile (see the module docs).
    session: Session<PROFILE>,
    debounce: Option<Timeout>,
    _popstate: Option<EventListener>,
    geo: Geo,
    /// The profile's strings (this build has the profile).
    ps: Option<&'static ProfileStrings>,
    /// Whether the panel's title took the focus (once, see `rendered`).
    focused: bool,
    /// The panel's title, to give it focus when mounted on its opening (and, without the profile, the
    /// element the events asking for the full build start from).
    panel_ref: NodeRef,
    /// Whether this widget (without the profile) asked for the full one ([`FULL_EVENT`], once).
    asked_full: bool,
    /// The text to give the search box with the focus once the results show (see [`Props::typing`]).
    typing: Option<String>,
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

impl Component for App {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let p = ctx.props();
        let cfg = Config {
            index: &p.index,
            defaults: &p.defaults,
            page: p.page,
            compact: p.compact,
            embedded: p.embedded,
            profile: p.profile,
            profile_open: p.profile_open,
        };
        let session = Session::new(&cfg, location_search, || storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()));
        let index = p.index.to_string();
        let started = start(&index);
        ctx.link().send_future(async move { Msg::Loaded(fetch_bytes(&index, started).await.and_then(|b| decode_manifest(&b))) });
        let link = ctx.link().clone();
        let popstate = web_sys::window().filter(|_| !p.embedded).map(|w| EventListener::new(&w, "popstate", move |_| link.send_message(Msg::Popped)));
        App {
            t: Strings::for_lang(&p.lang),
            session,
            debounce: None,
            _popstate: popstate,
            geo: Geo::Off,
            ps: if PROFILE { Some(ProfileStrings::for_lang(&p.lang)) } else { None },
            focused: false,
            panel_ref: NodeRef::default(),
            asked_full: false,
            #[cfg(feature = "profile")]
            typing: p.typing.as_ref().map(|t| t.to_string()),
            #[cfg(not(feature = "profile"))]
            typing: None,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let s = &mut self.session;
        let fx = match msg {
            Msg::Loaded(manifest) => s.loaded(manifest),
            Msg::Toggled(name, open) => s.toggled(name, open),
            Msg::Typed(text) => {
                let link = ctx.link().clone();
                self.debounce = Some(Timeout::new(DEBOUNCE_MS, move || link.send_message(Msg::Commit)));
                s.typed(text)
            }
            Msg::Commit => {
                self.debounce = None;
                s.commit()
            }
            Msg::Act(action) => {
                if !matches!(action, Action::Text(_)) {
                    // The box's text goes with the filter (see `Session::act`): no search after it.
                    self.debounce = None;
                }
                s.act(action)
            }
            Msg::Popped => s.popped(&location_search()),
            Msg::Arrived(name, part) => s.arrived(&name, part, china_today),
            Msg::Retry => s.retry(),
            // Without the profile (see `PROFILE`), only `ProfileToggled` arrives: it upgrades.
            Msg::Profile(_) | Msg::Remember(_) | Msg::AskGeo | Msg::GeoFound(_) | Msg::Print | Msg::Suggested(_) if !PROFILE => return false,
            Msg::ProfileToggled(open) if !PROFILE => {
                if open {
                    self.ask_page(UPGRADE_EVENT);
                }
                return false;
            }
            Msg::Profile(edit) => {
                let fx = s.edit(edit);
                if self.geo == Geo::On && s.form.geo.is_none() {
                    self.geo = Geo::Off;
                }
                fx
            }
            Msg::Remember(on) => s.remember(on),
            Msg::Suggested(word) => {
                self.debounce = None;
                s.take_suggestion(word)
            }
            Msg::ProfileToggled(open) => s.profile_toggled(open),
            Msg::AskGeo => {
                self.geo = Geo::Asking;
                ask_position(ctx.link().callback(Msg::GeoFound));
                return true;
            }
            Msg::GeoFound(found) => {
                self.geo = if found.is_some() { Geo::On } else { Geo::Failed };
                s.geo_found(found)
            }
            Msg::Print => {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
                return false;
            }
        };
        self.run(ctx, fx)
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let t = self.t;
        let link = ctx.link();
        let search_box = html! {
            <SearchBox id={format!("{}-q", p.uid)} label={t.search_label} hint={t.search_hint} value={self.session.typed.clone()}
                on_input={link.callback(Msg::Typed)} on_submit={link.callback(|_| Msg::Commit)} />
        };
        // Loading, the view is the loaded one's without results: its search box stays the same element
        // when the index arrives (its focus and a word being composed with it).
        let store = match &self.session.load {
            Load::Loading => None,
            Load::Failed if p.embedded => {
                return html! {
                    <div class="qy">
                        <p class="qy-status qy-error" role="status">{ if self.session.corrupt { t.corrupt_here } else { t.unavailable_here } }</p>
                        if let Some(href) = p.portal_link.clone() {
                            <p class="qy-portal"><a {href}>{ t.on_portal }</a></p>
                        }
                    </div>
                };
            }
            Load::Failed => {
                let message = if self.session.corrupt { t.corrupt } else { t.unavailable };
                return html! { <div class="qy"><p class="qy-status qy-error" role="status">{ message }</p></div> };
            }
            Load::Ready(store) => Some(store),
        };
        // Nothing found and a word sounds like the text (the full build's): offered in the status line,
        // a button that searches for it.
        let suggestion = self
            .ps()
            .filter(|_| PROFILE)
            .zip(store.zip(self.session.outcome.as_ref()))
            .and_then(|(ps, (store, out))| Some((ps, store.homophone(out, &self.session.state)?.to_owned())))
            .map(|(ps, word)| {
                let w = word.clone();
                html! { <span class="qy-suggest">{ " " }{ ps.did_you_mean }<button type="button" onclick={link.callback(move |_| Msg::Suggested(w.clone()))}>{ word }</button></span> }
            });
        let (status, body) = match store.zip(self.session.outcome.as_ref()) {
            None => (t.loading.to_owned(), html! {}),
            Some((store, out)) => {
                let lang = store.lang_index(t.lang);
                let group = |g: &str| {
                    let f = store.manifest.facet("group").map(|i| &store.manifest.facets[i]);
                    f.and_then(|f| f.values.iter().position(|v| v.0 == g).map(|v| f.label(v, lang).to_owned())).unwrap_or_else(|| g.to_owned())
                };
                let docs = self.session.ranked.as_ref().map_or(&out.docs, |r| &r.docs);
                let items: Vec<Item> = docs
                    .iter()
                    .take(self.session.state.shown)
                    .filter_map(|&d| Some((store.view(d)?, self.session.ranked.as_ref().and_then(|r| r.matches.get(&d)))))
                    .map(|(v, m)| Item {
                        district: store.district_name(&v.district, lang),
                        view: v,
                        reasons: m.zip(self.ps()).map(|(m, ps)| m.reasons.iter().map(|r| ps.reason(r, group)).collect()).unwrap_or_default(),
                        missing: m
                            .zip(self.ps())
                            .filter(|(m, _)| !m.missing_skills.is_empty())
                            .map(|(m, ps)| format!("{}{}", ps.missing, m.missing_skills.join(ps.sep))),
                    })
                    .collect();
                let more = docs.len() > self.session.state.shown;
                let for_you = self.session.md().zip(self.ps()).filter(|_| PROFILE && p.profile && !self.session.form.is_empty()).map(|(md, ps)| {
                    for_you(md, &self.session.form, china_time(js_sys::Date::now()), &p.origin, t, ps, |d| store.district_name(d, lang))
                });
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
                let embed = p.embed_page.as_ref().map(|page| format!("{page}{}", self.session.state.to_query(&SearchState::default())));
                // Nothing found: the filters whose removal gives results, and the districts with results,
                // each a button that runs that search (the full build's: the search build asks for it,
                // see `Session::needs_full`).
                let help = self.ps().map(|ps| (store.zero_help(out, &self.session.state, t), ps)).and_then(|(help, ps)| {
                    let mut offers: Vec<(String, Action)> = help
                        .filters
                        .into_iter()
                        .map(|(name, title, n)| {
                            (ps.without_filter.replace("{f}", &title).replace("{n}", &n.to_string()), Action::Select(name, String::new()))
                        })
                        .collect();
                    let mut lead = (!help.districts.is_empty()).then_some(ps.in_districts);
                    offers.extend(
                        help.districts.into_iter().map(|(slug, label, n)| (format!("{label} ({n})"), Action::Select("district".into(), slug))),
                    );
                    (!offers.is_empty()).then(|| {
                    html! {
                        <p class="qy-help">
                            { for offers.into_iter().map(|(label, action)| {
                                let class = if matches!(&action, Action::Select(_, k) if k.is_empty()) { "qy-help-filter" } else { "qy-help-district" };
                                let before = if class == "qy-help-district" { lead.take() } else { None };
                                html! { <>{ before.unwrap_or_default() }<button type="button" {class} onclick={link.callback(move |_| Msg::Act(action.clone()))}>{ label }</button></> }
                            }) }
                        </p>
                    }
                    })
                });
                let body = html! {
                    <>
                        if !p.compact || panel.is_some() {
                            <div class="qy-side">
                                { panel.unwrap_or_default() }
                                if !p.compact {
                                    { filter_sheet(Sheet {
                                        uid: p.uid.clone(),
                                        facets: store.facets(out, &self.session.state, &self.session.open, t),
                                        on: self.session.state.filters.values().flatten().filter(|k| !k.is_empty()).count(),
                                        found: out.docs.len(),
                                        sort: self.session.state.sort,
                                        changed: !self.session.state.same_search(&self.session.defaults),
                                        match_label: self.ps().filter(|_| self.session.form.ranks() || self.session.state.sort == Sort::Match).map(|s| s.sort_match),
                                    }, t, &link.callback(Msg::Act), &link.callback(|(name, open)| Msg::Toggled(name, open))) }
                                }
                            </div>
                        }
                        <section class="qy-main" aria-labelledby={format!("{}-rh", p.uid)}>
                            if let Some(ps) = self.ps().filter(|_| self.session.ranked.is_some()) {
                                <h2 class="qy-plan-title">{ ps.plan }</h2>
                            }
                            { for_you.unwrap_or_default() }
                            <h2 class="visually-hidden" id={format!("{}-rh", p.uid)}>{ t.results }</h2>
                            { help.unwrap_or_default() }
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
                if let (Some(r), Some(ps)) = (self.session.ranked.as_ref().filter(|_| !out.docs.is_empty()), self.ps()) {
                    found.push_str(&ps.suited.replace("{n}", &r.docs.len().to_string()));
                }
                if let Some(ps) = self.ps().filter(|_| !out.corrected.is_empty() && !out.docs.is_empty()) {
                    let to: Vec<&str> = out.corrected.iter().map(|(_, c)| c.as_str()).collect();
                    found = format!("{} · {found}", ps.showing_for.replace("{q}", &to.join(" ")));
                }
                (if out.relaxed && !out.docs.is_empty() { format!("{found} {}", t.partial) } else { found }, body)
            }
        };
        html! {
            <div class={classes!("qy", p.compact.then_some("qy-compact"))}>
                { search_box }
                <p class="qy-status" role="status">{ status }{ suggestion }</p>
                if self.session.failed {
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
        // Mounted in the search widget's place while the citizen typed: the box, its text and the
        // focus, once the results show (the box of the loading view gives way to theirs).
        if PROFILE
            && self.session.outcome.is_some()
            && let Some(text) = self.typing.take()
        {
            self.refocus(ctx, text);
        }
        // Nothing found: ask the page for the full build, which may help (once).
        if !PROFILE && !self.asked_full && self.session.needs_full() {
            self.asked_full = true;
            self.ask_page(FULL_EVENT);
        }
        let fx = self.session.rendered();
        self.run(ctx, fx);
    }
}

impl App {
    /// Focuses the search box with the caret at the end of `text`, which the box is to hold (typed on
    /// if it is not what it searched).
    fn refocus(&self, ctx: &Context<Self>, text: String) {
        use wasm_bindgen::JsCast;
        let id = format!("{}-q", ctx.props().uid);
        let Some(input) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let _ = input.focus();
        if input.value() != text {
            input.set_value(&text);
            ctx.link().send_message(Msg::Typed(text));
        }
        let end = input.value().encode_utf16().count() as u32;
        let _ = input.set_selection_range(end, end);
    }

    /// Dispatches `event` (bubbling, from the profile panel's title) for the page's boot module.
    fn ask_page(&self, event: &str) {
        if let Some(el) = self.panel_ref.cast::<web_sys::Element>() {
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(event, &init) {
                let _ = el.dispatch_event(&ev);
            }
        }
    }

    /// Carries out what the session asked for; whether to render.
    fn run(&mut self, ctx: &Context<Self>, fx: Effects) -> bool {
        let Effects {
            fetch,
            render,
            push_url: url,
            remove_static: remove,
            restore_static: restore,
            mark_input,
            mark_first_results,
            measure_search,
            warn,
            store,
        } = fx;
        if let Some(e) = warn {
            web_sys::console::warn_1(&format!("quanyu: {e}").into());
        }
        // User Timing marks, for the benchmark (`cargo xtask bench-search`) and for anyone profiling.
        if (mark_input || mark_first_results || measure_search)
            && let Some(perf) = web_sys::window().and_then(|w| w.performance())
        {
            if mark_input {
                let _ = perf.mark("quanyu:input");
            }
            if mark_first_results {
                let _ = perf.mark("quanyu:first-results");
            }
            if measure_search {
                let _ = perf.measure_with_start_mark("quanyu:search", "quanyu:input");
            }
        }
        if let Some(query) = url {
            push_url(&query);
        }
        // Only the profile's events store anything: `PROFILE` keeps the storage calls out of the build
        // without it.
        if PROFILE
            && let Some(stored) = store
            && let Some(s) = storage()
        {
            let _ = match stored {
                Stored::Keep(form) => s.set_item(STORAGE_KEY, &form),
                Stored::Remove => s.remove_item(STORAGE_KEY),
            };
        }
        for f in fetch {
            let started = start(&f.url);
            ctx.link().send_future(async move {
                let part = fetch_bytes(&f.url, started).await.and_then(|b| f.file.decode::<PROFILE>(b));
                Msg::Arrived(f.name, part)
            });
        }
        if remove || restore {
            // In the same task as the results render, so no frame shows the list pushed down.
            hide_static(ctx.props().static_id.as_deref(), remove && !restore);
        }
        render
    }

    /// The profile's strings, in the build with the profile (a constant `None` without: see [`PROFILE`]).
    fn ps(&self) -> Option<&'static ProfileStrings> {
        if PROFILE { self.ps } else { None }
    }

    /// The profile panel, with the index's skills, places and target groups once the profile file is here.
    fn profile_panel(&self, ctx: &Context<Self>, store: &Store, lang: usize, s: &'static ProfileStrings) -> Html {
        let link = ctx.link();
        let (skills, places) = match self.session.md() {
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
            <ProfilePanel uid={p.uid.clone()} form={self.session.form.clone()} open={self.session.profile_open} remember={self.session.remember} can_remember={!p.embedded}
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

/// Hides the page's static list (the widget's results replace it), or shows it again (the widget gave
/// up on a corrupt index).
fn hide_static(id: Option<&str>, hide: bool) {
    if let Some(el) = id.and_then(|id| web_sys::window()?.document()?.get_element_by_id(id)) {
        let _ = if hide { el.set_attribute("hidden", "") } else { el.remove_attribute("hidden") };
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
