//! Dashboards: a district's figures (key figures and charts), statistics of open vacancies, and the city
//! home's comparison of districts — all turned into views with charts drawn by [`crate::render::charts`] and the
//! same numbers in a data table.
//!
//! Vacancy statistics are counted from the vacancies open at the build date (those `Content` kept), so
//! they change with every build as vacancies come and go: by work type, by monthly salary band (the
//! search index's bands, [`engine::index::SALARY_BANDS`], from [`engine::vacancy::Salary::monthly_range`];
//! salaries in CNY only) and the occupations with most vacancies.

use std::collections::BTreeMap;

use engine::date::Date;
use engine::index::{SALARY_BANDS, salary_band};
use engine::vacancy::{EmploymentType, Vacancy};

use crate::i18n::I18n;
use crate::model::figures::{Amount, Point, PointDate, Series, SourceRef};
use crate::model::{Content, District};
use crate::render::charts::{self, Chart, Kind, Row};
use crate::render::views::{ChartRowView, ChartView, FigureTile, FiguresView, SourceView, StatsView};

/// Bar colour of the city's charts (the default accent; 8.9:1 on white).
pub const CITY_COLOUR: &str = "#1d4f91";

/// Occupations shown in the occupation chart.
pub const TOP_OCCUPATIONS: usize = 10;

/// What a chart shows, before drawing.
struct Spec<'a> {
    id: String,
    title: String,
    unit: String,
    kind: Kind,
    /// (label, value, note)
    rows: Vec<(String, Amount, Option<String>)>,
    key_header: String,
    value_header: String,
    notes: Vec<String>,
    sources: Vec<SourceView>,
    colour: &'a str,
}

impl Spec<'_> {
    fn build(self, t: &I18n) -> ChartView {
        let rows: Vec<Row> = self.rows.iter().map(|(label, value, _)| Row { label: label.clone(), value: *value }).collect();
        let name = t.fmt("chart_name", &[&self.title, &self.unit]);
        let drawn = charts::render(&Chart { id: &self.id, name: &name, kind: self.kind, rows: &rows, colour: self.colour });
        let has_notes = self.rows.iter().any(|r| r.2.is_some());
        ChartView {
            caption: t.fmt("chart_table", &[&self.title]),
            id: self.id,
            title: self.title,
            unit: self.unit,
            svg_html: drawn.svg,
            key_header: self.key_header,
            value_header: self.value_header,
            note_header: has_notes.then(|| t.get("chart_note").to_owned()),
            rows: self.rows.into_iter().zip(drawn.values).map(|((label, _, note), value)| ChartRowView { label, value, note }).collect(),
            notes: self.notes,
            sources: self.sources,
        }
    }
}

/// How a point's period reads: its `period`, else its date (`2025年`, `2025年9月`, `2025年9月30日`).
pub fn period_text(p: &Point, t: &I18n) -> String {
    p.period.clone().unwrap_or_else(|| date_text(p.date, t))
}

/// A date as text: `2025年`, `2025年9月`, `2025年9月30日`.
pub fn date_text(d: PointDate, t: &I18n) -> String {
    let y = d.year.to_string();
    match (d.month, d.day) {
        (Some(m), Some(day)) => t.fmt("period_day", &[&y, &m.to_string(), &day.to_string()]),
        (Some(m), None) => t.fmt("period_month", &[&y, &m.to_string()]),
        _ => t.fmt("period_year", &[&y]),
    }
}

fn source_view(s: &SourceRef) -> SourceView {
    SourceView { name: s.name.clone(), url: s.url.clone(), note: s.note.clone() }
}

/// A key figure's value and unit: ten-thousands as 万 when that is exact (`90,400 人` → `9.04 万人`, as
/// Chinese reports write them), else grouped digits.
pub fn tile_value(v: Amount, unit: &str) -> (String, String) {
    let h = v.hundredths();
    if h >= 1_000_000 && h.is_multiple_of(10_000) && unit != "%" {
        let wan = Amount::from_hundredths(h / 10_000);
        (wan.format(0), format!("万{unit}"))
    } else {
        (v.format(0), unit.to_owned())
    }
}

/// A district's figures: each series of one value as a key figure, each longer series as a chart
/// (a time series as columns, a breakdown as bars), in the order of `figures.toml`.
pub fn district_figures(d: &District, t: &I18n) -> FiguresView {
    let colour = d.config.accent.get_ref().as_str();
    let mut tiles = Vec::new();
    let mut tile_sources: Vec<SourceView> = Vec::new();
    let mut charts = Vec::new();
    for s in &d.figures {
        if let [p] = &s.points[..] {
            let (value, unit) = tile_value(p.value, &s.unit);
            let note = [p.label.as_deref(), p.note.as_deref(), s.note.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("；");
            tiles.push(FigureTile { title: s.title.clone(), value, unit, period: period_text(p, t), note: (!note.is_empty()).then_some(note) });
            let src = source_view(&s.source);
            if !tile_sources.contains(&src) {
                tile_sources.push(src);
            }
        } else {
            charts.push(series_chart(s, colour, t));
        }
    }
    FiguresView { tiles, tile_sources, charts }
}

fn series_chart(s: &Series, colour: &str, t: &I18n) -> ChartView {
    let periods: Vec<String> = s.points.iter().map(|p| period_text(p, t)).collect();
    let one_period = periods.windows(2).all(|w| w[0] == w[1]);
    let mut notes: Vec<String> = s.note.iter().cloned().collect();
    let rows = s
        .points
        .iter()
        .zip(&periods)
        .map(|(p, period)| {
            let (label, note) = match &p.label {
                // A breakdown names its period once, under the chart, unless the points differ.
                Some(l) if one_period => (l.clone(), p.note.clone()),
                Some(l) => (l.clone(), Some([Some(period.as_str()), p.note.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("；"))),
                None => (period.clone(), p.note.clone()),
            };
            (label, p.value, note)
        })
        .collect();
    if s.breakdown && one_period {
        notes.insert(0, t.fmt("chart_period", &[&periods[0]]));
    }
    Spec {
        id: format!("fig-{}", s.id),
        title: s.title.clone(),
        unit: s.unit.clone(),
        kind: if s.breakdown { Kind::Bars } else { Kind::Columns },
        rows,
        key_header: t.get(if s.breakdown { "chart_item" } else { "figure_period" }).to_owned(),
        value_header: t.fmt("chart_value", &[&s.unit]),
        notes,
        sources: vec![source_view(&s.source)],
        colour,
    }
    .build(t)
}

/// Statistics of `vacancies` (open at `build_date`): by work type, by monthly salary band, top
/// occupations. Charts without data are left out.
pub fn vacancy_stats(vacancies: &[&Vacancy], colour: &str, build_date: Date, t: &I18n) -> StatsView {
    let total = vacancies.len();
    let summary = t.fmt("stats_summary", &[&build_date.to_string(), &total.to_string()]);
    let mut charts = Vec::new();
    if total == 0 {
        return StatsView { summary: t.get("stats_none").to_owned(), charts };
    }
    let spec = |id: &str, title: &str, kind, rows, key: &str, notes| Spec {
        id: format!("stats-{id}"),
        title: t.get(title).to_owned(),
        unit: t.get("stats_unit").to_owned(),
        kind,
        rows,
        key_header: t.get(key).to_owned(),
        value_header: t.get("stats_value").to_owned(),
        notes,
        sources: Vec::new(),
        colour,
    };
    let count = |n: usize| Amount::whole(n as u64);

    // Work types: most vacancies first (ties in the usual order); a vacancy counts under each of its types.
    let mut by_type: Vec<(EmploymentType, usize)> =
        EmploymentType::ALL.iter().map(|ty| (*ty, vacancies.iter().filter(|v| v.employment_types.contains(ty)).count())).collect();
    by_type.retain(|(_, n)| *n > 0);
    by_type.sort_by_key(|(ty, n)| (std::cmp::Reverse(*n), EmploymentType::ALL.iter().position(|x| x == ty)));
    let mut rows: Vec<(String, Amount, Option<String>)> =
        by_type.iter().map(|(ty, n)| (t.get(&format!("employment_{}", ty.slug())).to_owned(), count(*n), None)).collect();
    let untyped = vacancies.iter().filter(|v| v.employment_types.is_empty()).count();
    if untyped > 0 {
        rows.push((t.get("stats_unspecified").to_owned(), count(untyped), None));
    }
    let mut notes = Vec::new();
    if vacancies.iter().any(|v| v.employment_types.len() > 1) {
        notes.push(t.get("stats_type_note").to_owned());
    }
    charts.push(spec("type", "stats_by_type", Kind::Bars, rows, "work_type", notes).build(t));

    // Monthly salary bands, in order, empty bands included: the shape of the distribution.
    let mut bands = [0usize; SALARY_BANDS.len()];
    let mut unpaid = 0;
    for v in vacancies {
        match v.base_salary.as_ref().filter(|s| s.currency == "CNY") {
            Some(s) => {
                let (lo, hi) = s.monthly_range();
                let key = salary_band(lo, hi);
                if let Some(i) = SALARY_BANDS.iter().position(|b| b.1 == key) {
                    bands[i] += 1;
                }
            }
            None => unpaid += 1,
        }
    }
    if unpaid < total {
        let rows = SALARY_BANDS.iter().zip(bands).map(|((_, key), n)| (t.get(&format!("salary_band_{key}")).to_owned(), count(n), None)).collect();
        let mut notes = vec![t.get("stats_salary_note").to_owned()];
        if unpaid > 0 {
            notes.push(t.fmt("stats_salary_missing", &[&unpaid.to_string()]));
        }
        charts.push(spec("salary", "stats_by_salary", Kind::Bars, rows, "stats_salary_band", notes).build(t));
    }

    // Occupations with most vacancies, by name (the classification code dropped).
    let mut occupations: BTreeMap<&str, usize> = BTreeMap::new();
    for v in vacancies {
        if let Some(o) = v.occupational_category.as_deref() {
            *occupations.entry(occupation_name(o)).or_default() += 1;
        }
    }
    if !occupations.is_empty() {
        let kinds = occupations.len();
        let mut top: Vec<(&str, usize)> = occupations.into_iter().collect();
        top.sort_by_key(|(name, n)| (std::cmp::Reverse(*n), *name));
        top.truncate(TOP_OCCUPATIONS);
        let mut notes = Vec::new();
        if kinds > TOP_OCCUPATIONS {
            notes.push(t.fmt("stats_occupation_note", &[&kinds.to_string(), &TOP_OCCUPATIONS.to_string()]));
        }
        let missing = vacancies.iter().filter(|v| v.occupational_category.is_none()).count();
        if missing > 0 {
            notes.push(t.fmt("stats_occupation_missing", &[&missing.to_string()]));
        }
        let rows = top.into_iter().map(|(name, n)| (name.to_owned(), count(n), None)).collect();
        charts.push(spec("occupation", "stats_by_occupation", Kind::Bars, rows, "occupation", notes).build(t));
    }
    StatsView { summary, charts }
}

/// An occupation's name without its classification code: `6-18-02 焊工` → `焊工`,
/// `15-1252.00 Software Developers` → `Software Developers`; anything else as written.
pub fn occupation_name(category: &str) -> &str {
    let s = category.trim();
    match s.split_once(char::is_whitespace) {
        Some((code, rest))
            if code.bytes().any(|b| b.is_ascii_digit())
                && code.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
                && !rest.trim().is_empty() =>
        {
            rest.trim()
        }
        _ => s,
    }
}

/// The city home's comparison of districts: open vacancies per district, then each series of `compare`
/// at its latest common date.
pub fn city_comparison(content: &Content, t: &I18n) -> Vec<ChartView> {
    let name = |slug: &str| content.districts.iter().find(|d| d.slug == slug).map_or(slug, |d| d.config.name.get_ref().get(t.lang)).to_owned();
    let mut charts = vec![
        Spec {
            id: "cmp-jobs".into(),
            title: t.get("compare_jobs").to_owned(),
            unit: t.get("stats_unit").to_owned(),
            kind: Kind::Bars,
            rows: content.districts.iter().map(|d| (name(&d.slug), Amount::whole(d.vacancies.len() as u64), None)).collect(),
            key_header: t.get("compare_district").to_owned(),
            value_header: t.get("stats_value").to_owned(),
            notes: Vec::new(),
            sources: Vec::new(),
            colour: CITY_COLOUR,
        }
        .build(t),
    ];
    for c in &content.comparisons {
        let periods: Vec<String> = c.entries.iter().map(|e| period_text(&e.point, t)).collect();
        let one_period = periods.windows(2).all(|w| w[0] == w[1]);
        let notes = match periods.first() {
            Some(p) if one_period => vec![t.fmt("chart_period", &[p])],
            _ => Vec::new(),
        };
        let mut sources: Vec<SourceView> = Vec::new();
        for e in &c.entries {
            let s = source_view(&e.source);
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        let rows = c
            .entries
            .iter()
            .zip(&periods)
            .map(|(e, period)| {
                let note = [(!one_period).then_some(period.as_str()), e.point.note.as_deref()].into_iter().flatten().collect::<Vec<_>>().join("；");
                (name(&e.district), e.point.value, (!note.is_empty()).then_some(note))
            })
            .collect();
        charts.push(
            Spec {
                id: format!("cmp-{}", c.id),
                title: t.fmt("compare_title", &[&c.title]),
                unit: c.unit.clone(),
                kind: Kind::Bars,
                rows,
                key_header: t.get("compare_district").to_owned(),
                value_header: t.fmt("chart_value", &[&c.unit]),
                notes,
                sources,
                colour: CITY_COLOUR,
            }
            .build(t),
        );
    }
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_figures_use_wan_only_when_exact() {
        let v = |n: u64| Amount::whole(n);
        assert_eq!(tile_value(v(90_400), "人"), ("9.04".into(), "万人".into()));
        assert_eq!(tile_value(v(4_500_000), "元"), ("450".into(), "万元".into()));
        assert_eq!(tile_value(v(10_000), "人次"), ("1".into(), "万人次".into()));
        assert_eq!(tile_value(v(33_820), "人"), ("33,820".into(), "人".into()), "3.382万 would need three decimals");
        assert_eq!(tile_value(v(309), "场"), ("309".into(), "场".into()));
        assert_eq!(tile_value(Amount::from_hundredths(9809), "%"), ("98.09".into(), "%".into()));
    }

    #[test]
    fn occupation_codes_are_dropped() {
        assert_eq!(occupation_name("6-18-02 焊工"), "焊工");
        assert_eq!(occupation_name("15-1252.00 Software Developers"), "Software Developers");
        assert_eq!(occupation_name("焊工"), "焊工");
        assert_eq!(occupation_name("2-02-07"), "2-02-07");
        assert_eq!(occupation_name("Web developer"), "Web developer");
    }

    fn vacancies(json: &str) -> Vec<Vacancy> {
        let mut diags = engine::diag::Diagnostics::new();
        let v = engine::validate::parse_vacancy_file("t.json", json, "demo", &engine::validate::Rules::default(), &mut diags);
        assert!(!diags.has_errors(), "{:?}", diags.sorted());
        v
    }

    #[test]
    fn vacancy_statistics() {
        let base = |id: &str, extra: &str| {
            format!(
                r#"{{"identifier": "{id}", "title": "t", "description": "d", "datePosted": "2026-11-01", "hiringOrganization": {{"name": "e"}}{extra}}}"#
            )
        };
        let json = format!(
            "[{}]",
            [
                base("a", r#", "employmentType": ["FULL_TIME", "PER_DIEM"], "occupationalCategory": "6-18-02 焊工", "baseSalary": {"currency": "CNY", "value": {"minValue": 6500, "maxValue": 9500, "unitText": "MONTH"}}"#),
                base("b", r#", "employmentType": "PER_DIEM", "occupationalCategory": "6-18-02 焊工", "baseSalary": {"currency": "CNY", "value": {"value": 25, "unitText": "HOUR"}}"#),
                base("c", r#", "occupationalCategory": "4-09-07 保洁员", "baseSalary": {"currency": "HKD", "value": {"value": 20000, "unitText": "MONTH"}}"#),
                base("d", r#", "employmentType": "FULL_TIME""#),
            ]
            .join(",")
        );
        let vs = vacancies(&json);
        let refs: Vec<&Vacancy> = vs.iter().collect();
        let t = I18n::load("zh-CN");
        let stats = vacancy_stats(&refs, "#1d4f91", Date::parse("2026-11-20").unwrap(), &t);
        assert_eq!(stats.summary, "按 2026-11-20 仍在招聘的 4 个岗位统计，网站每次更新时重新计算。");
        let table = |c: &ChartView| c.rows.iter().map(|r| format!("{} {}", r.label, r.value)).collect::<Vec<_>>();
        let ids: Vec<&str> = stats.charts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["stats-type", "stats-salary", "stats-occupation"]);
        // Ties keep the usual order (全职 before 零工); a vacancy without a type is counted apart.
        assert_eq!(table(&stats.charts[0]), ["全职 2", "零工 2", "未注明 1"]);
        assert_eq!(stats.charts[0].notes, ["一个岗位可同时属于几种用工形式，分别计入各项。"]);
        // 6,500–9,500 a month: 8k–12k by its middle; 25 an hour is 4,350 a month. HKD and none are left out.
        assert_eq!(
            table(&stats.charts[1]),
            ["3,000元以下 0", "3,000–5,000元 1", "5,000–8,000元 0", "8,000–12,000元 1", "12,000–20,000元 0", "20,000元及以上 0"]
        );
        assert_eq!(stats.charts[1].notes[1], "另有 2 个岗位未标明人民币薪酬（如面议），未计入。");
        assert_eq!(table(&stats.charts[2]), ["焊工 2", "保洁员 1"]);
        assert_eq!(stats.charts[2].notes, ["另有 1 个岗位未注明职业类别。"]);
        assert!(stats.charts.iter().all(|c| c.svg_html.contains("role=\"img\"") && c.caption.ends_with("：数据表")));
        // No vacancies: a sentence, no charts.
        let none = vacancy_stats(&[], "#1d4f91", Date::parse("2026-11-20").unwrap(), &t);
        assert!(none.charts.is_empty() && none.summary == "目前没有在招岗位。");
    }

    #[test]
    fn periods_read_as_dates() {
        let t = I18n::load("zh-CN");
        let d = |s: &str| date_text(PointDate::parse(s).unwrap(), &t);
        assert_eq!((d("2025").as_str(), d("2025-09").as_str(), d("2025-09-30").as_str()), ("2025年", "2025年9月", "2025年9月30日"));
    }
}
