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

use crate::charts::Amount;
use crate::content::{self, District, Source};

/// One series of a district.
#[derive(Debug, Clone)]
pub struct Series {
    /// `[a-z0-9-]{1,64}`, unique in the district; the same id in several districts is the same measure
    /// (what `compare` compares).
    pub id: String,
    /// What is counted, e.g. 城镇新增就业.
    pub title: String,
    /// Unit of every value, e.g. 人, 场, %.
    pub unit: String,
    /// Optional remark shown with the series.
    pub note: Option<String>,
    /// Where the values come from.
    pub source: SourceRef,
    /// The values: dates in order (a time series) or categories as written (a breakdown).
    pub points: Vec<Point>,
    /// True when every point has a `label` (a breakdown).
    pub breakdown: bool,
}

/// Where a series comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// Publisher or publication.
    pub name: String,
    /// Link to it (http or https).
    pub url: Option<String>,
    /// Remark, e.g. how a value was derived, or that the series is illustrative.
    pub note: Option<String>,
}

/// One value of a series.
#[derive(Debug, Clone)]
pub struct Point {
    /// When: the end of the period the value covers, or the day it was counted.
    pub date: PointDate,
    /// How to name the period when the date alone does not say it (2025年1—9月, 2024年以来).
    pub period: Option<String>,
    /// The category (breakdowns only).
    pub label: Option<String>,
    /// The value.
    pub value: Amount,
    /// Remark on this value.
    pub note: Option<String>,
}

/// A year, a month or a day: `2025`, `2025-09`, `2025-09-30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PointDate {
    /// Year.
    pub year: i32,
    /// Month (1–12), if given.
    pub month: Option<u32>,
    /// Day of the month, if given (then the month is too).
    pub day: Option<u32>,
}

impl PointDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<PointDate, String> {
        let bad = || format!("`{s}` is not a date of the form 2025, 2025-09 or 2025-09-30");
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten();
        let year = parts.first().and_then(|p| num(p, 4)).filter(|&y| y >= 1).ok_or_else(bad)? as i32;
        match parts[..] {
            [_] => Ok(PointDate { year, month: None, day: None }),
            [_, m] => match num(m, 2) {
                Some(month @ 1..=12) => Ok(PointDate { year, month: Some(month), day: None }),
                _ => Err(bad()),
            },
            [..] => {
                let d = Date::parse(s)?;
                Ok(PointDate { year: d.year, month: Some(d.month), day: Some(d.day) })
            }
        }
    }

    /// Sort key: the end of the period (a year after its months, a month after its days).
    pub fn key(self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(13), self.day.unwrap_or(32))
    }

    /// The first day of the period.
    pub fn start(self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)).unwrap_or(Date { year: self.year, month: 1, day: 1 })
    }
}

impl std::fmt::Display for PointDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

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
    let Some(src) = content::read(root, path, diags) else { return Vec::new() };
    let Some(file) = content::parse_toml::<FileIn>(&src, &src.text, 0, diags) else { return Vec::new() };
    let mut seen = BTreeSet::new();
    file.series.into_iter().filter_map(|s| check_series(&src, s, &mut seen, build_date, diags)).collect()
}

fn check_series(src: &Source, s: SeriesIn, seen: &mut BTreeSet<String>, build_date: Date, diags: &mut Diagnostics) -> Option<Series> {
    let mut ok = content::check_id(src, &s.id, seen, "series", diags);
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

/// A measure compared across districts on the city home.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The series id.
    pub id: String,
    /// Its title (as the first district in site order writes it).
    pub title: String,
    /// Its unit (the same in every district).
    pub unit: String,
    /// The date compared: the latest one every district with the series has.
    pub date: PointDate,
    /// One entry per district with the series, in site order.
    pub entries: Vec<CompareEntry>,
}

/// A district's value in a [`Comparison`].
#[derive(Debug, Clone)]
pub struct CompareEntry {
    /// District slug.
    pub district: String,
    /// Its point at the compared date.
    pub point: Point,
    /// Its source.
    pub source: SourceRef,
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
