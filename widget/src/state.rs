//! The search state (what was typed, the selected facet values, the order, how many results show) and
//! its URL form, so a link restores the same search and Back restores the previous one.
//!
//! URL form: `?q=<text>&<facet>=<key>&<facet>=<key>&sort=<sort>`. A page stands for some filters (the
//! listing of Liwan's part-time jobs: `district=liwan&work_type=PART_TIME`): its *defaults*. A URL
//! without any search parameter means the defaults; once the state differs from them, the URL carries
//! the whole state, with `district=` (empty) for "every district" when the defaults had one.

use std::collections::BTreeMap;

use engine::search::Sort;

/// Results shown at first and added by each "load more" (the engine's, which a listing page also uses
/// to preload the result chunks of the first page).
pub use engine::search::PAGE;

/// The parameters a URL may carry that are not facets.
const TEXT: &str = "q";
const SORT: &str = "sort";

/// What the citizen asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchState {
    /// What was typed.
    pub text: String,
    /// Selected keys per facet name (a facet absent or empty: no filter).
    pub filters: BTreeMap<String, Vec<String>>,
    /// Result order.
    pub sort: Sort,
    /// How many results show.
    pub shown: usize,
}

/// A change to the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// New text (after the debounce).
    Text(String),
    /// Select or unselect one value of a facet.
    Toggle(String, String),
    /// Make `key` the only selected value of a facet (an empty key: none).
    Select(String, String),
    /// Change the order.
    Sort(Sort),
    /// Show more results.
    More,
    /// Back to the page's defaults.
    Reset,
}

impl SearchState {
    /// The state a page starts in, from its defaults (a query string), [`PAGE`] results at a time.
    pub fn defaults(query: &str) -> SearchState {
        SearchState::defaults_paged(query, PAGE)
    }

    /// The starting state of a widget that shows `page` results at a time (an embedded widget's
    /// `limit`); its `shown` is the page size every later state starts from and grows by.
    pub fn defaults_paged(query: &str, page: usize) -> SearchState {
        let mut s = SearchState::from_query(query);
        s.shown = page.max(1);
        s
    }

    /// Applies `action`; `defaults` is the page's starting state (for [`Action::Reset`]; its `shown` is
    /// the page size). Any change but "more" starts again from the first page of results.
    pub fn apply(&self, action: Action, defaults: &SearchState) -> SearchState {
        let mut s = self.clone();
        match action {
            Action::Text(t) => s.text = t,
            Action::Toggle(facet, key) => {
                let sel = s.filters.entry(facet).or_default();
                if let Some(i) = sel.iter().position(|k| *k == key) {
                    sel.remove(i);
                } else {
                    sel.push(key);
                    sel.sort();
                }
            }
            Action::Select(facet, key) => {
                s.filters.insert(facet, if key.is_empty() { Vec::new() } else { vec![key] });
            }
            Action::Sort(sort) => s.sort = sort,
            Action::More => {
                s.shown += defaults.shown.max(1);
                return s;
            }
            Action::Reset => return defaults.clone(),
        }
        s.shown = defaults.shown.max(1);
        s
    }

    /// Parses a query string (with or without the leading `?`). Unknown facet names are kept (the
    /// index decides what exists); unknown sort values fall back to relevance.
    pub fn from_query(query: &str) -> SearchState {
        let mut s = SearchState { shown: PAGE, ..SearchState::default() };
        for (k, v) in pairs(query) {
            match k.as_str() {
                TEXT => s.text = v,
                SORT => s.sort = Sort::parse(&v).unwrap_or_default(),
                "" => {}
                _ => {
                    let sel = s.filters.entry(k).or_default();
                    if !v.is_empty() && !sel.contains(&v) {
                        sel.push(v);
                        sel.sort();
                    }
                }
            }
        }
        s
    }

    /// The query string of this state relative to the page's `defaults`: empty when they are equal,
    /// else every parameter (facets in name order, so equal states give equal URLs).
    pub fn to_query(&self, defaults: &SearchState) -> String {
        if self.same_search(defaults) {
            return String::new();
        }
        let mut parts: Vec<String> = Vec::new();
        if !self.text.trim().is_empty() {
            parts.push(format!("{TEXT}={}", encode(self.text.trim())));
        }
        let names: std::collections::BTreeSet<&String> = self.filters.keys().chain(defaults.filters.keys()).collect();
        for name in names {
            let sel = self.filters.get(name).map_or(&[][..], Vec::as_slice);
            if sel.is_empty() {
                // An emptied facet the defaults filter on must say so, or the defaults would return.
                if defaults.filters.get(name).is_some_and(|d| !d.is_empty()) {
                    parts.push(format!("{}=", encode(name)));
                }
                continue;
            }
            parts.extend(sel.iter().map(|v| format!("{}={}", encode(name), encode(v))));
        }
        if self.sort != Sort::default() {
            parts.push(format!("{SORT}={}", self.sort.key()));
        }
        if parts.is_empty() {
            // Differs from the defaults only by having no filter at all.
            parts.push(format!("{TEXT}="));
        }
        format!("?{}", parts.join("&"))
    }

    /// The state a URL's query string stands for on a page with `defaults`.
    pub fn from_url(query: &str, defaults: &SearchState) -> SearchState {
        if pairs(query).is_empty() { defaults.clone() } else { SearchState { shown: defaults.shown, ..SearchState::from_query(query) } }
    }

    /// Equal but for how many results show.
    pub fn same_search(&self, other: &SearchState) -> bool {
        let sel = |s: &SearchState| s.filters.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
        self.text.trim() == other.text.trim() && self.sort == other.sort && sel(self) == sel(other)
    }

    /// The selected keys of `facet`.
    pub fn selected(&self, facet: &str) -> &[String] {
        self.filters.get(facet).map_or(&[], Vec::as_slice)
    }
}

/// Decoded `key=value` pairs of a query string.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-encodes everything but unreserved ASCII (RFC 3986); UTF-8 for the rest (as sitegen's links do).
pub use engine::text::percent_encode as encode;

/// Decodes `%XX` escapes and `+` (as a space); invalid escapes are kept as written.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> SearchState {
        SearchState::defaults("district=liwan&work_type=PART_TIME")
    }

    #[test]
    fn the_defaults_have_a_clean_url_and_a_changed_state_carries_everything() {
        let d = defaults();
        assert_eq!(d.to_query(&d), "");
        let s = d.apply(Action::Text("焊工".into()), &d);
        assert_eq!(s.to_query(&d), "?q=%E7%84%8A%E5%B7%A5&district=liwan&work_type=PART_TIME");
        assert_eq!(SearchState::from_url(&s.to_query(&d), &d), s);
        assert_eq!(SearchState::from_url("", &d), d);
    }

    #[test]
    fn clearing_a_default_filter_is_kept_in_the_url() {
        let d = defaults();
        let all = d.apply(Action::Toggle("district".into(), "liwan".into()), &d);
        assert_eq!(all.selected("district"), [] as [String; 0]);
        let q = all.to_query(&d);
        assert_eq!(q, "?district=&work_type=PART_TIME");
        assert!(SearchState::from_url(&q, &d).same_search(&all));
        let none = SearchState::defaults("district=liwan");
        let cleared = none.apply(Action::Select("district".into(), String::new()), &none);
        assert_eq!(cleared.to_query(&none), "?district=");
    }

    #[test]
    fn toggles_selects_sort_more_and_reset() {
        let d = SearchState::defaults("");
        let s = d.apply(Action::Toggle("work_type".into(), "INTERN".into()), &d).apply(Action::Toggle("work_type".into(), "FULL_TIME".into()), &d);
        assert_eq!(s.selected("work_type"), ["FULL_TIME", "INTERN"]);
        let s = s.apply(Action::Toggle("work_type".into(), "INTERN".into()), &d);
        assert_eq!(s.selected("work_type"), ["FULL_TIME"]);
        let s = s.apply(Action::Select("locality".into(), "冼村街道".into()), &d).apply(Action::Sort(Sort::Salary), &d);
        assert_eq!(s.to_query(&d), "?locality=%E5%86%BC%E6%9D%91%E8%A1%97%E9%81%93&work_type=FULL_TIME&sort=salary");
        let more = s.apply(Action::More, &d).apply(Action::More, &d);
        assert_eq!(more.shown, 3 * PAGE);
        assert_eq!(more.apply(Action::Text("x".into()), &d).shown, PAGE, "a new search starts at the top");
        assert_eq!(more.apply(Action::Reset, &d), d);
    }

    #[test]
    fn an_embedded_widget_pages_by_its_limit() {
        let d = SearchState::defaults_paged("district=tianhe&q=软件", 5);
        assert_eq!((d.text.as_str(), d.selected("district"), d.shown), ("软件", &["tianhe".to_owned()][..], 5));
        let s = d.apply(Action::More, &d).apply(Action::More, &d);
        assert_eq!(s.shown, 15);
        assert_eq!(s.apply(Action::Toggle("work_type".into(), "INTERN".into()), &d).shown, 5, "a change starts at the first page");
        assert_eq!(SearchState::from_url("?q=x", &d).shown, 5, "a URL's state keeps the page size");
        assert_eq!(SearchState::defaults_paged("", 0).shown, 1, "at least one result");
    }

    #[test]
    fn query_strings_decode_leniently() {
        let s = SearchState::from_query("?q=java+%E5%90%8E%E7%AB%AF&sort=bogus&group=4050&group=4050&&x");
        assert_eq!(s.text, "java 后端");
        assert_eq!(s.sort, Sort::Relevance);
        assert_eq!(s.selected("group"), ["4050"]);
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%E7"), "%zz\u{fffd}");
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
