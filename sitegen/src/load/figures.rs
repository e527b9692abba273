//! `figures.toml`: a district's figures as series of dated values with their sources (the format is in
//! docs/content.md), and the comparisons across districts that `site.toml`'s `compare` asks for.
//!
//! A series is either a **time series** (its points have dates only, in order: drawn as columns) or a
//! **breakdown** (every point also has a `label`: drawn as bars in the order written). A series of one
//! point is a key figure, shown as a number. Values are [`Amount`]s: at least zero, at most two decimals,
//! so pages print them exactly. Like every loader, this one reports every problem with its position and
//! carries on.

use std::collections::BTreeSet;
use std::path::Path;

use engine::date::Date;
use engine::diag::Diagnostics;
use engine::text::suggest;
use serde::Deserialize;
use toml::Spanned;

use super::source::{Source, check_id, parse_toml, read};
use crate::model::District;
use crate::model::figures::{Amount, CompareEntry, Comparison, Point, PointDate, Series, SourceRef};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[serde(default)]
    series: Vec<SeriesIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesIn {
    id: Spanned<String>,
    title: Spanned<String>,
    unit: Spanned<String>,
    note: Option<String>,
    source: Spanned<SourceIn>,
    points: Spanned<Vec<PointIn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceIn {
    name: String,
    url: Option<Spanned<String>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointIn {
    date: Spanned<String>,
    period: Option<String>,
    label: Option<Spanned<String>>,
    value: Spanned<f64>,
    note: Option<String>,
}

/// Loads `figures.toml` (none when the file does not exist). Points dated after `build_date` are
/// reported as warnings; anything else wrong is an error, and the series with it is left out.
pub fn load(root: &Path, path: &Path, build_date: Date, diags: &mut Diagnostics) -> Vec<Series> {
    if !path.exists() {
        return Vec::new();
    }
    let Some(src) = read(root, path, diags) else { return Vec::new() };
    let Some(file) = parse_toml::<FileIn>(&src, &src.text, 0, diags) else { return Vec::new() };
    let mut seen = BTreeSet::new();
    file.series.into_iter().filter_map(|s| check_series(&src, s, &mut seen, build_date, diags)).collect()
}

fn check_series(src: &Source, s: SeriesIn, seen: &mut BTreeSet<String>, build_date: Date, diags: &mut Diagnostics) -> Option<Series> {
    let mut ok = check_id(src, &s.id, seen, "series", diags);
    let id = s.id.get_ref().clone();
    // Reports a problem of this series; returns false, to be and-ed into `ok`.
    let report = |diags: &mut Diagnostics, span: std::ops::Range<usize>, msg: String, hint: Option<String>| {
        diags.error(&src.display, src.pos(span.start), format!("series `{id}`: {msg}"), hint);
        false
    };
    for (field, text) in [("title", &s.title), ("unit", &s.unit)] {
        if text.get_ref().trim().is_empty() {
            ok &= report(diags, text.span(), format!("`{field}` is empty"), None);
        }
    }
    let source = s.source.get_ref();
    if source.name.trim().is_empty() {
        ok &= report(diags, s.source.span(), "`source.name` is empty".into(), Some("name the publisher or publication the values come from".into()));
    }
    if let Some(u) = &source.url
        && !(u.get_ref().starts_with("https://") || u.get_ref().starts_with("http://"))
    {
        ok &= report(diags, u.span(), format!("`source.url` must be an http(s) URL, found `{}`", u.get_ref()), None);
    }
    if s.points.get_ref().is_empty() {
        ok &=
            report(diags, s.points.span(), "`points` is empty".into(), Some("give at least one point: { date = \"2025-09\", value = 1234 }".into()));
    }
    let breakdown = s.points.get_ref().first().is_some_and(|p| p.label.is_some());
    let mut points = Vec::new();
    let mut previous: Option<PointDate> = None;
    let mut labels = BTreeSet::new();
    for p in s.points.get_ref() {
        let date = match PointDate::parse(p.date.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                ok &= report(diags, p.date.span(), format!("`date`: {e}"), None);
                None
            }
        };
        let value = match Amount::from_f64(*p.value.get_ref()) {
            Ok(v) => Some(v),
            Err(why) => {
                ok &= report(diags, p.value.span(), format!("the value {} {why}", p.value.get_ref()), None);
                None
            }
        };
        match (&p.label, breakdown) {
            (Some(l), true) if l.get_ref().trim().is_empty() => ok &= report(diags, l.span(), "a `label` is empty".into(), None),
            (Some(l), true) if !labels.insert(l.get_ref().clone()) => {
                ok &= report(diags, l.span(), format!("the label `{}` is used twice", l.get_ref()), None)
            }
            (Some(_), true) | (None, false) => {}
            (Some(l), false) => {
                ok &= report(
                    diags,
                    l.span(),
                    "this point has a `label` but the first point has none".into(),
                    Some("a series is either a time series (dates only) or a breakdown (every point labelled)".into()),
                )
            }
            (None, true) => {
                ok &= report(
                    diags,
                    p.date.span(),
                    "this point has no `label` but the first point has one".into(),
                    Some("a series is either a time series (dates only) or a breakdown (every point labelled)".into()),
                )
            }
        }
        if let Some(d) = date {
            if !breakdown {
                if let Some(prev) = previous
                    && d.key() <= prev.key()
                {
                    ok &= report(
                        diags,
                        p.date.span(),
                        format!("`{d}` does not come after `{prev}`"),
                        Some("list the points of a time series in date order, each date once".into()),
                    );
                }
                previous = Some(d);
            }
            if d.start() > build_date {
                diags.warning(&src.display, src.pos(p.date.span().start), format!("series `{id}`: `{d}` is after the build date {build_date}"), None);
            }
        }
        if let (Some(date), Some(value)) = (date, value) {
            points.push(Point {
                date,
                period: p.period.clone().filter(|t| !t.trim().is_empty()),
                label: p.label.as_ref().map(|l| l.get_ref().clone()),
                value,
                note: p.note.clone().filter(|t| !t.trim().is_empty()),
            });
        }
    }
    let source = s.source.into_inner();
    ok.then(|| Series {
        id: s.id.into_inner(),
        title: s.title.into_inner(),
        unit: s.unit.into_inner(),
        note: s.note.filter(|t| !t.trim().is_empty()),
        source: SourceRef { name: source.name, url: source.url.map(Spanned::into_inner), note: source.note.filter(|t| !t.trim().is_empty()) },
        points,
        breakdown,
    })
}

/// The comparisons `compare` (in `site.toml`, read from `src`) asks for, checked: each id must be a time
/// series in at least one district, with one unit everywhere and a date all those districts have.
pub(crate) fn comparisons(src: &Source, compare: &[Spanned<String>], districts: &[District], diags: &mut Diagnostics) -> Vec<Comparison> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for want in compare {
        let id = want.get_ref();
        let mut error = |msg: String, hint: Option<String>| diags.error(&src.display, src.pos(want.span().start), format!("`compare`: {msg}"), hint);
        if !seen.insert(id.clone()) {
            error(format!("`{id}` is listed twice"), None);
            continue;
        }
        let having: Vec<(&District, &Series)> = districts.iter().filter_map(|d| d.figures.iter().find(|s| &s.id == id).map(|s| (d, s))).collect();
        let Some((_, first)) = having.first() else {
            let all: BTreeSet<&str> = districts.iter().flat_map(|d| d.figures.iter().map(|s| s.id.as_str())).collect();
            error(format!("no district has a series `{id}`"), suggest(id, all).map(|s| format!("did you mean `{s}`?")));
            continue;
        };
        let mut ok = true;
        for (d, s) in &having {
            if s.breakdown {
                error(format!("series `{id}` of {} is a breakdown (its points have labels); only time series can be compared", d.slug), None);
                ok = false;
            } else if s.unit != first.unit {
                error(
                    format!("series `{id}` has the unit `{}` in {} but `{}` in {}", first.unit, having[0].0.slug, s.unit, d.slug),
                    Some("compared values need one unit".into()),
                );
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        let common = first.points.iter().rev().map(|p| p.date).find(|date| having.iter().all(|(_, s)| s.points.iter().any(|p| p.date == *date)));
        let Some(date) = common else {
            error(
                format!("the districts with series `{id}` have no date in common"),
                Some("give each of them a point with the same date; the latest such date is compared".into()),
            );
            continue;
        };
        out.push(Comparison {
            id: id.clone(),
            title: first.title.clone(),
            unit: first.unit.clone(),
            date,
            entries: having
                .iter()
                .filter_map(|(d, s)| {
                    let point = s.points.iter().find(|p| p.date == date)?.clone();
                    Some(CompareEntry { district: d.slug.clone(), point, source: s.source.clone() })
                })
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_three_granularities() {
        assert_eq!(PointDate::parse("2025"), Ok(PointDate { year: 2025, month: None, day: None }));
        assert_eq!(PointDate::parse("2025-09"), Ok(PointDate { year: 2025, month: Some(9), day: None }));
        assert_eq!(PointDate::parse("2025-09-30").map(|d| d.to_string()).as_deref(), Ok("2025-09-30"));
        for bad in ["25", "2025-9", "2025-13", "2025-00", "2025-02-30", "2025/09", "", "2025-09-30-1", "０２５"] {
            assert!(PointDate::parse(bad).is_err(), "{bad}");
        }
        let key = |s: &str| PointDate::parse(s).unwrap().key();
        assert!(key("2024-12") < key("2024") && key("2024") < key("2025-01") && key("2025-01-31") < key("2025-01"));
        assert_eq!(PointDate::parse("2025-09").unwrap().start(), Date::parse("2025-09-01").unwrap());
    }
}
