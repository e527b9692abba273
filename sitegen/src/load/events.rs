//! `events.toml`: a district's events (job fairs, livestreams, training…): times of day, the station or
//! address, online URLs, the employers taking part (checked against the district's vacancies).

use std::collections::BTreeSet;
use std::path::Path;

use engine::date::DateTime;
use engine::diag::Diagnostics;
use engine::text::suggest;
use serde::Deserialize;
use toml::Spanned;

use super::source::{check_id, parse_toml, read};
use crate::model::{District, Event, EventKind, Station};
use crate::text::markdown::{self, Trust};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    #[serde(default)]
    events: Vec<EventIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventIn {
    id: Spanned<String>,
    title: String,
    kind: EventKind,
    start: Spanned<String>,
    end: Spanned<String>,
    venue: String,
    address: Option<String>,
    station: Option<Spanned<String>>,
    online_url: Option<Spanned<String>>,
    organizer: String,
    #[serde(default)]
    employers: Vec<Spanned<String>>,
    #[serde(default)]
    description: String,
}

pub(super) fn load_events(root: &Path, path: &Path, stations: &[Station], diags: &mut Diagnostics) -> Vec<Event> {
    if !path.exists() {
        return Vec::new();
    }
    let Some(src) = read(root, path, diags) else { return Vec::new() };
    let Some(file) = parse_toml::<EventsFile>(&src, &src.text, 0, diags) else { return Vec::new() };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in file.events {
        let mut ok = check_id(&src, &e.id, &mut seen, "event", diags);
        if let Some(m) = super::source::too_long(&e.title) {
            diags.error(&src.display, src.pos(e.id.span().start), format!("event `{}`: `title` {m}", e.id.get_ref()), None);
            ok = false;
        }
        let mut date = |s: &Spanned<String>, field: &str| match DateTime::parse(s.get_ref()) {
            Ok(d) if !d.date_only => Some(d),
            Ok(_) => {
                diags.error(
                    &src.display,
                    src.pos(s.span().start),
                    format!("event `{}`: `{field}` needs a time of day", e.id.get_ref()),
                    Some("e.g. 2026-12-05T09:30:00+08:00".into()),
                );
                None
            }
            Err(err) => {
                diags.error(&src.display, src.pos(s.span().start), format!("event `{}`: `{field}`: {err}", e.id.get_ref()), None);
                None
            }
        };
        let (start, end) = (date(&e.start, "start"), date(&e.end, "end"));
        if let (Some(a), Some(b)) = (start, end)
            && b.unix() < a.unix()
        {
            diags.error(&src.display, src.pos(e.end.span().start), format!("event `{}`: `end` is before `start`", e.id.get_ref()), None);
            ok = false;
        }
        if let Some(st) = &e.station
            && !stations.iter().any(|s| &s.id == st.get_ref())
        {
            let hint = suggest(st.get_ref(), stations.iter().map(|s| s.id.as_str())).map(|s| format!("did you mean `{s}`?"));
            diags.error(
                &src.display,
                src.pos(st.span().start),
                format!("event `{}`: no station `{}` in this district's stations.toml", e.id.get_ref(), st.get_ref()),
                hint,
            );
            ok = false;
        }
        if let Some(u) = &e.online_url
            && !u.get_ref().starts_with("https://")
            && !u.get_ref().starts_with("http://")
        {
            diags.error(&src.display, src.pos(u.span().start), format!("event `{}`: `online_url` must be an http(s) URL", e.id.get_ref()), None);
            ok = false;
        }
        if e.kind == EventKind::Livestream && e.online_url.is_none() {
            diags.error(&src.display, src.pos(e.id.span().start), format!("event `{}`: a livestream needs `online_url`", e.id.get_ref()), None);
            ok = false;
        }
        if e.kind != EventKind::Livestream && e.address.is_none() && e.station.is_none() {
            diags.error(
                &src.display,
                src.pos(e.id.span().start),
                format!("event `{}`: an event on site needs `address` or `station`", e.id.get_ref()),
                None,
            );
            ok = false;
        }
        let mut employers: Vec<&Spanned<String>> = Vec::new();
        for name in &e.employers {
            let problem = if name.get_ref().trim().is_empty() {
                Some("an employer name is empty".to_owned())
            } else if name.get_ref().trim() != name.get_ref() {
                Some(format!("employer `{}` has spaces at the start or end (names must match the vacancies exactly)", name.get_ref()))
            } else if employers.iter().any(|n| n.get_ref() == name.get_ref()) {
                Some(format!("employer `{}` is listed twice", name.get_ref()))
            } else {
                None
            };
            match problem {
                Some(p) => {
                    diags.error(&src.display, src.pos(name.span().start), format!("event `{}`: {p}", e.id.get_ref()), None);
                    ok = false;
                }
                None => employers.push(name),
            }
        }
        let rendered = markdown::render(&e.description, Trust::Author);
        for problem in &rendered.removed {
            diags.warning(
                &src.display,
                src.pos(e.id.span().start),
                format!("event `{}`: removed unsafe markup from the description: {problem}", e.id.get_ref()),
                None,
            );
        }
        if let (true, Some(start), Some(end)) = (ok, start, end) {
            out.push(Event {
                id: e.id.into_inner(),
                title: e.title,
                kind: e.kind,
                start,
                end,
                venue: e.venue,
                address: e.address,
                station: e.station.map(Spanned::into_inner),
                online_url: e.online_url.map(Spanned::into_inner),
                organizer: e.organizer,
                employers: employers.iter().map(|n| n.get_ref().clone()).collect(),
                employer_pos: employers.iter().map(|n| src.pos(n.span().start)).collect(),
                file: src.display.clone(),
                html: rendered.html,
                text: markdown::plain_text(&e.description),
            });
        }
    }
    out.sort_by(|a, b| (a.start.unix(), &a.id).cmp(&(b.start.unix(), &b.id)));
    out
}

/// Warns about employers an event names that have no open vacancy in its district: the event page links
/// to the vacancies of each employer by exact name, so a typo (or every vacancy having expired) leaves
/// that employer without links.
pub(super) fn check_event_employers(d: &District, diags: &mut Diagnostics) {
    let names: BTreeSet<&str> = d.vacancies.iter().map(|v| v.hiring_organization.name.as_str()).collect();
    for e in &d.events {
        for (name, pos) in e.employers.iter().zip(&e.employer_pos) {
            if !names.contains(name.as_str()) {
                let hint = suggest(name, names.iter().copied())
                    .map(|s| format!("did you mean `{s}`? names must match `hiringOrganization.name` exactly"))
                    .or_else(|| Some("names must match `hiringOrganization.name` of the district's vacancies exactly".into()));
                diags.warning(&e.file, *pos, format!("event `{}`: employer `{name}` has no open vacancy in this district", e.id), hint);
            }
        }
    }
}
