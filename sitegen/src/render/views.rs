//! View types: exactly what templates see, built from the content model.
//!
//! Templates never get internal types (a new field on [`engine::vacancy::Vacancy`] must not leak into
//! pages by accident). Every text here is plain text that the template escapes, except fields named
//! `*_html` (already sanitized) and `jsonld` (already escaped for a `<script>` block).

use engine::date::Date;
use engine::vacancy::{Salary, Vacancy};
use serde::Serialize;

use crate::i18n::I18n;
use crate::model::{District, Event, Page, Policy, Station};
use crate::text::markdown::{self, Trust};
use crate::urls;

/// A link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Text.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
}

/// What differs from page to page in the frame around the content: `<head>` data and breadcrumbs.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    /// `<title>`.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Absolute canonical URL (None for the 404 page).
    pub canonical: Option<String>,
    /// Trail from the city home (the current page last, without URL semantics).
    pub breadcrumbs: Vec<Link>,
    /// The page in every language, this one included (`hreflang` alternates and the language switch).
    pub languages: Vec<LangLink>,
    /// Said at the top of the content when it is not in the page's language as written for it: machine
    /// converted (zh-HK), not translated (en), or vacancies as their employers wrote them.
    pub notice: Option<String>,
    /// ` lang="zh-CN"` when the content is in another language than the page, else empty: for the
    /// templates' content elements (titles, texts).
    pub content_lang: String,
}

/// The page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct LangLink {
    /// BCP 47 tag (`hreflang`, `lang`).
    pub code: String,
    /// The language's name in itself (简体中文, 繁體中文, English).
    pub name: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub absolute: String,
    /// This page's own language.
    pub current: bool,
}

/// What many pages share in the frame: language, stylesheet, navigation, footer. Built once per
/// district and highlighted section in each language, then reused (see `Local::chrome` in site.rs).
#[derive(Debug, Clone, Serialize)]
pub struct Chrome {
    /// Language of the document.
    pub lang: String,
    /// URL prefix of the document's language (`""`, `/zh-hk`, `/en`).
    pub prefix: String,
    /// City portal title.
    pub site_title: String,
    /// Stylesheet URL (content-hashed).
    pub css: String,
    /// Icon URL.
    pub icon: String,
    /// The saved jobs / read aloud script's URL (content-hashed), loaded by listing, vacancy and saved pages.
    pub citizen_js: String,
    /// The saved jobs and searches page ("我的收藏") in the page's language.
    pub saved: String,
    /// Districts for the top navigation.
    pub districts: Vec<NavItem>,
    /// City pages for the footer.
    pub city_pages: Vec<Link>,
    /// The district this page belongs to.
    pub district: Option<DistrictNav>,
    /// Atom feed URL to advertise.
    pub feed: Option<String>,
    /// Build date (`2026-11-20`).
    pub build_date: String,
}

/// A district in navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Name.
    pub name: String,
    /// URL.
    pub url: String,
    /// True on the district's own pages.
    pub current: bool,
}

/// The district a page belongs to, with its section links.
#[derive(Debug, Clone, Serialize)]
pub struct DistrictNav {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Accent colour.
    pub accent: String,
    /// Home URL.
    pub url: String,
    /// Section links (jobs, policies, stations, events, pages).
    pub sections: Vec<NavItem>,
}

/// A vacancy in a list.
#[derive(Debug, Clone, Serialize)]
pub struct JobSummary {
    /// Title.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Employer.
    pub employer: String,
    /// District name.
    pub district: String,
    /// Street or town.
    pub locality: Option<String>,
    /// Salary as text, e.g. `6,500–9,500 元/月`.
    pub salary: String,
    /// Work types as labels.
    pub types: Vec<String>,
    /// `2026-11-01`.
    pub date: String,
}

/// A vacancy page.
#[derive(Debug, Clone, Serialize)]
pub struct JobPage {
    /// The summary fields.
    pub summary: JobSummary,
    /// Identifier.
    pub identifier: String,
    /// Employer web site.
    pub employer_url: Option<String>,
    /// Full address.
    pub address: Option<String>,
    /// Coordinates as text.
    pub geo: Option<String>,
    /// Monthly equivalent of a non-monthly salary.
    pub salary_monthly: Option<String>,
    /// `validThrough` date.
    pub valid_through: Option<String>,
    /// Education label.
    pub education: Option<String>,
    /// Experience text.
    pub experience: Option<String>,
    /// Skills.
    pub skills: Vec<String>,
    /// Occupational category.
    pub occupation: Option<String>,
    /// Openings.
    pub openings: Option<u32>,
    /// Work hours.
    pub work_hours: Option<String>,
    /// Benefits.
    pub benefits: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Target groups with their listing URLs.
    pub target_groups: Vec<Link>,
    /// Contact.
    pub phone: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Application URL.
    pub apply_url: Option<String>,
    /// Whether the employer takes applications directly.
    pub direct_apply: bool,
    /// Sanitized description.
    pub description_html: String,
    /// JobPosting JSON-LD, escaped for a script block.
    pub jsonld: String,
}

/// Salary as display text.
pub fn salary_text(s: Option<&Salary>, t: &I18n) -> String {
    let Some(s) = s else { return t.get("salary_negotiable").to_owned() };
    let unit = if s.currency == "CNY" {
        t.get(&format!("unit_{}", s.unit.as_schema())).to_owned()
    } else {
        format!("{}/{}", s.currency, s.unit.as_schema().to_lowercase())
    };
    if s.min == s.max { format!("{} {unit}", group(s.min)) } else { format!("{}–{} {unit}", group(s.min), group(s.max)) }
}

/// `9500` → `9,500`; keeps up to two decimals for hourly pay.
pub fn group(n: f64) -> String {
    let whole = n.trunc() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    let frac = ((n - n.trunc()) * 100.0).round() as u64;
    if frac > 0 {
        out.push_str(format!(".{frac:02}").trim_end_matches('0'));
    }
    out
}

impl JobSummary {
    /// The list entry of a vacancy.
    pub fn new(v: &Vacancy, district_name: &str, t: &I18n) -> JobSummary {
        JobSummary {
            title: v.title.clone(),
            url: urls::job(&v.district, &v.identifier),
            employer: v.hiring_organization.name.clone(),
            district: district_name.to_owned(),
            locality: v.locality().map(str::to_owned),
            salary: salary_text(v.base_salary.as_ref(), t),
            types: v.employment_types.iter().map(|e| t.get(&format!("employment_{}", e.slug())).to_owned()).collect(),
            date: v.date_posted.china_date().to_string(),
        }
    }
}

impl JobPage {
    /// The page of a vacancy.
    pub fn new(v: &Vacancy, d: &District, site: &crate::model::SiteInfo, t: &I18n) -> JobPage {
        let name = d.config.name.get_ref().get(t.lang).to_owned();
        let description_html = markdown::render_html(&v.description, Trust::Untrusted);
        let place = v.locations.first();
        let address = place.and_then(|p| {
            let parts: Vec<&str> = [p.address_region.as_deref(), p.street_address.as_deref()].into_iter().flatten().collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        let salary_monthly = v.base_salary.as_ref().filter(|s| s.unit != engine::vacancy::SalaryUnit::Month && s.currency == "CNY").map(|s| {
            let (a, b) = s.monthly_range();
            let unit = t.get("unit_MONTH");
            if a == b {
                format!("{} {} {unit}", t.get("salary_monthly_equiv"), group(a.into()))
            } else {
                format!("{} {}–{} {unit}", t.get("salary_monthly_equiv"), group(a.into()), group(b.into()))
            }
        });
        let experience = v.experience_months.map(|m| match m {
            0 => t.get("experience_none").to_owned(),
            m if m % 12 == 0 => t.fmt("experience_years", &[&(m / 12).to_string()]),
            m => t.fmt("experience_months", &[&m.to_string()]),
        });
        let target_groups =
            v.target_groups.iter().map(|g| Link { title: site.group_name(g, t.lang).to_owned(), url: urls::jobs_group(&d.slug, g, 1) }).collect();
        let contact = v.application_contact.as_ref();
        JobPage {
            summary: JobSummary::new(v, &name, t),
            identifier: v.identifier.clone(),
            employer_url: v.hiring_organization.same_as.clone(),
            address,
            geo: v.geo().map(|(la, lo)| format!("{la:.5}, {lo:.5}")),
            salary_monthly,
            valid_through: v.valid_through.map(|d| d.china_date().to_string()),
            education: v.education.map(|e| t.get(&format!("education_{}", e.slug())).to_owned()),
            experience,
            skills: v.skills.clone(),
            occupation: v.occupational_category.clone(),
            openings: v.total_job_openings,
            work_hours: v.work_hours.clone(),
            benefits: v.job_benefits.clone(),
            industry: v.industry.clone(),
            target_groups,
            phone: contact.and_then(|c| c.telephone.clone()),
            email: contact.and_then(|c| c.email.clone()),
            apply_url: contact.and_then(|c| c.url.clone()),
            direct_apply: v.direct_apply.unwrap_or(false),
            jsonld: crate::formats::jsonld::job_posting(v, &description_html, site),
            description_html,
        }
    }
}

/// A page in a list (policies, pages).
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Description.
    pub description: String,
    /// Body.
    pub html: String,
    /// Its own text in the page's language (a translation, or the zh-CN page itself): never converted.
    pub translated: bool,
}

impl PageView {
    /// View of a markdown page at `url` (in zh-CN).
    pub fn new(p: &Page, url: String) -> PageView {
        PageView::in_lang(p, url, "zh-CN")
    }

    /// View of a markdown page at `url` in `lang`: its translation when it has one, else the zh-CN text.
    pub fn in_lang(p: &Page, url: String, lang: &str) -> PageView {
        match p.translations.get(lang) {
            Some(tr) => PageView { title: tr.title.clone(), url, description: tr.description.clone(), html: tr.html.clone(), translated: true },
            None => PageView { title: p.title.clone(), url, description: p.description.clone(), html: p.html.clone(), translated: lang == "zh-CN" },
        }
    }
}

/// A policy.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyView {
    /// The page.
    pub page: PageView,
    /// Issuer.
    pub issuer: String,
    /// Document number.
    pub document: Option<String>,
    /// Date.
    pub date: String,
    /// Source URL.
    pub source: Option<String>,
    /// Target groups (names).
    pub target_groups: Vec<String>,
    /// Summary line.
    pub summary: String,
    /// Who may apply, one condition a line (the target groups are shown apart).
    pub conditions: Vec<String>,
    /// What they get.
    pub benefits: Vec<BenefitView>,
}

/// A benefit of a policy, in words.
#[derive(Debug, Clone, Serialize)]
pub struct BenefitView {
    /// Kind (subsidy, training …), in words.
    pub kind: String,
    /// Name.
    pub name: String,
    /// "最高51.5万元", "1500元/月" — empty when not stated.
    pub amount: String,
    /// "36个月" — empty when not stated.
    pub duration: String,
    /// How to apply.
    pub apply: Option<String>,
}

impl PolicyView {
    /// View of a policy.
    pub fn new(p: &Policy, district: &str, site: &crate::model::SiteInfo, t: &I18n) -> PolicyView {
        PolicyView {
            page: PageView::new(&p.page, urls::policy(district, &p.page.slug)),
            issuer: p.issuer.clone(),
            document: p.document.clone(),
            date: p.date.to_string(),
            source: p.source.clone(),
            target_groups: p.target_groups.iter().map(|g| site.group_name(g, t.lang).to_owned()).collect(),
            summary: p.summary.clone().unwrap_or_else(|| p.page.description.clone()),
            conditions: condition_lines(&p.conditions, site, t),
            benefits: p.benefits.iter().map(|b| benefit_view(b, t)).collect(),
        }
    }
}

/// The conditions of a policy in words, one a line (target groups apart: the page shows them already).
fn condition_lines(c: &engine::eligibility::Conditions, site: &crate::model::SiteInfo, t: &I18n) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((lo, hi)) = c.age {
        out.push(t.fmt("policy_cond_age", &[&lo.to_string(), &hi.to_string()]));
    }
    if !c.residence.is_empty() {
        let names: Vec<String> = c.residence.iter().map(|r| t.get(&format!("residence_{}", r.key())).to_owned()).collect();
        out.push(t.fmt("policy_cond_residence", &[&names.join("、")]));
    }
    if !c.employment.is_empty() {
        let names: Vec<String> = c.employment.iter().map(|e| t.get(&format!("employment_status_{}", e.key())).to_owned()).collect();
        out.push(t.fmt("policy_cond_employment", &[&names.join("、")]));
    }
    match c.registered_unemployed {
        Some(true) => out.push(t.get("policy_cond_registered").to_owned()),
        Some(false) => out.push(t.get("policy_cond_not_registered").to_owned()),
        None => {}
    }
    if let Some(e) = c.education {
        out.push(t.fmt("policy_cond_education", &[t.get(&format!("education_{}", e.slug()))]));
    }
    if !c.districts.is_empty() {
        let names: Vec<&str> = c.districts.iter().map(|d| site.district_name(d)).collect();
        out.push(t.fmt("policy_cond_districts", &[&names.join("、")]));
    }
    out
}

fn benefit_view(b: &crate::model::policy::Benefit, t: &I18n) -> BenefitView {
    // Without a stated sum the period still says something ("一次性发放").
    let unstated = match b.per.as_str() {
        "once" => t.get("benefit_once_only"),
        "month" => t.get("benefit_monthly"),
        "year" => t.get("benefit_yearly"),
        _ => "",
    };
    let amount = b.amount.map_or_else(
        || unstated.to_owned(),
        |(n, cap)| {
            let sum = crate::model::policy::yuan(n);
            let per = match b.per.as_str() {
                "month" => t.get("benefit_per_month"),
                "year" => t.get("benefit_per_year"),
                "once" => t.get("benefit_once"),
                _ => "",
            };
            if cap { t.fmt("benefit_cap", &[&format!("{sum}{per}")]) } else { format!("{sum}{per}") }
        },
    );
    BenefitView {
        kind: t.get(&format!("benefit_kind_{}", b.kind)).to_owned(),
        name: b.name.clone(),
        amount,
        duration: b.months.map_or_else(String::new, |m| t.fmt("benefit_months", &[&m.to_string()])),
        apply: b.apply.clone(),
    }
}

/// A station.
#[derive(Debug, Clone, Serialize)]
pub struct StationView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// URL.
    pub url: String,
    /// Kind label.
    pub kind: String,
    /// Street.
    pub street: String,
    /// Address.
    pub address: String,
    /// Coordinates text.
    pub geo: String,
    /// Opening hours as (days, times) rows.
    pub hours: Vec<(String, String)>,
    /// schema.org openingHours strings.
    pub hours_schema: Vec<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Services.
    pub services: Vec<String>,
    /// Description.
    pub html: String,
    /// The vacancies of its street or town (the listing's widget, filtered).
    pub jobs_url: String,
}

impl StationView {
    /// View of a station.
    pub fn new(s: &Station, district: &str, t: &I18n) -> StationView {
        let day_names: Vec<&str> = t.get("days").split(',').collect();
        let hours = s
            .opening_hours
            .iter()
            .map(|(_, r)| {
                let days: Vec<String> = (0..7)
                    .filter(|&i| r.days[i])
                    .map(|i| format!("{}{}", t.get("weekday_prefix"), day_names.get(i).copied().unwrap_or("")))
                    .collect();
                (days.join("、"), r.times())
            })
            .collect();
        StationView {
            id: s.id.clone(),
            name: s.name.clone(),
            url: urls::station(district, &s.id),
            kind: t.get(&format!("station_{}", s.kind.key())).to_owned(),
            street: s.street.clone(),
            address: s.address.clone(),
            geo: format!("{:.5}, {:.5}", s.lat, s.lon),
            hours,
            hours_schema: s.opening_hours.iter().map(|(raw, _)| raw.clone()).collect(),
            phone: s.phone.clone(),
            services: s.services.clone(),
            html: s.html.clone(),
            jobs_url: urls::jobs_near(district, &s.street),
        }
    }
}

/// An event.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Kind label.
    pub kind: String,
    /// `2026-12-05 09:30–16:00`.
    pub when: String,
    /// ISO start (for `<time datetime>`).
    pub start_iso: String,
    /// Venue.
    pub venue: String,
    /// Address.
    pub address: Option<String>,
    /// Station link.
    pub station: Option<Link>,
    /// Online URL.
    pub online_url: Option<String>,
    /// Organizer.
    pub organizer: String,
    /// Employers.
    pub employers: Vec<String>,
    /// Description.
    pub html: String,
    /// Event JSON-LD.
    pub jsonld: String,
    /// Root-relative URL of the event's `.ics` file.
    pub ics_url: String,
}

impl EventView {
    /// View of an event.
    pub fn new(e: &Event, d: &District, site: &crate::model::SiteInfo, t: &I18n) -> EventView {
        // Shown in China time, as the calendar files have it, whatever offset the content used.
        let hm = |secs: u32| format!("{:02}:{:02}", secs / 3600, secs / 60 % 60);
        let ((start_date, start), (end_date, end)) = (e.start.china_time(), e.end.china_time());
        let when = if start_date == end_date {
            format!("{start_date} {}–{}", hm(start), hm(end))
        } else {
            format!("{start_date} {} – {end_date} {}", hm(start), hm(end))
        };
        let station = e
            .station
            .as_ref()
            .and_then(|id| d.stations.iter().find(|s| &s.id == id))
            .map(|s| Link { title: s.name.clone(), url: urls::station(&d.slug, &s.id) });
        EventView {
            id: e.id.clone(),
            title: e.title.clone(),
            url: urls::event(&d.slug, &e.id),
            kind: t.get(&format!("event_{}", e.kind.key())).to_owned(),
            when,
            start_iso: e.start.to_iso(),
            venue: e.venue.clone(),
            address: e.address.clone(),
            station,
            online_url: e.online_url.clone(),
            organizer: e.organizer.clone(),
            employers: e.employers.clone(),
            html: e.html.clone(),
            jsonld: crate::formats::jsonld::event(e, d, site),
            ics_url: urls::event_ics(&d.slug, &e.id),
        }
    }

    /// True when the event ended before `date`.
    pub fn is_past(e: &Event, date: Date) -> bool {
        e.end.china_date() < date
    }
}

/// An employer taking part in an event, with its open vacancies in the event's district.
#[derive(Debug, Clone, Serialize)]
pub struct EmployerJobs {
    /// Name, as the event and the vacancies write it.
    pub name: String,
    /// Its newest open vacancies (at most [`EmployerJobs::SHOWN`]).
    pub jobs: Vec<JobSummary>,
    /// How many open vacancies it has in all.
    pub total: usize,
    /// "N more" text, when not all are shown.
    pub more_text: Option<String>,
    /// The district's vacancy search for the employer's name (for the rest).
    pub search_url: String,
}

impl EmployerJobs {
    /// Vacancies shown per employer on an event page.
    pub const SHOWN: usize = 10;

    /// The employers an event names, in its order, each with its open vacancies in district `d` (matched
    /// on `hiringOrganization.name` exactly; `d.vacancies` are newest first).
    pub fn of(e: &Event, d: &District, t: &I18n) -> Vec<EmployerJobs> {
        let district = d.config.name.get_ref().get(t.lang);
        e.employers
            .iter()
            .map(|name| {
                let all: Vec<&Vacancy> = d.vacancies.iter().filter(|v| &v.hiring_organization.name == name).collect();
                let more = all.len().saturating_sub(Self::SHOWN);
                EmployerJobs {
                    name: name.clone(),
                    jobs: all.iter().take(Self::SHOWN).map(|v| JobSummary::new(v, district, t)).collect(),
                    total: all.len(),
                    more_text: (more > 0).then(|| t.fmt("event_employer_more", &[&more.to_string()])),
                    search_url: format!("{}?q={}", urls::jobs(&d.slug, 1), percent_encode(name)),
                }
            })
            .collect()
    }
}

pub use engine::text::percent_encode;

/// Pagination of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Current page (1-based).
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page URL.
    pub prev: Option<String>,
    /// Next page URL.
    pub next: Option<String>,
    /// Links to nearby pages (number, URL, current?). Gaps are `None` URLs with number 0.
    pub pages: Vec<PageLink>,
}

/// One numbered page link.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Page number; 0 for a gap ("…").
    pub n: usize,
    /// URL.
    pub url: String,
    /// True for the current page.
    pub current: bool,
}

impl Pagination {
    /// Pagination for page `current` of `total`, URLs from `url_of(n)`.
    pub fn new(current: usize, total: usize, url_of: impl Fn(usize) -> String) -> Pagination {
        let mut pages = Vec::new();
        let mut last = 0;
        for n in 1..=total {
            if n == 1 || n == total || n.abs_diff(current) <= 2 {
                if last != 0 && n != last + 1 {
                    pages.push(PageLink { n: 0, url: String::new(), current: false });
                }
                pages.push(PageLink { n, url: url_of(n), current: n == current });
                last = n;
            }
        }
        Pagination { current, total, prev: (current > 1).then(|| url_of(current - 1)), next: (current < total).then(|| url_of(current + 1)), pages }
    }
}

/// A facet link on listing pages.
#[derive(Debug, Clone, Serialize)]
pub struct FacetLink {
    /// Label.
    pub title: String,
    /// URL.
    pub url: String,
    /// Number of vacancies.
    pub count: usize,
    /// True when this is the listing shown.
    pub current: bool,
}

/// A chart with its data table: what `templates/parts/chart.html` shows (built in `crate::dashboard`).
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Unique on the page, `[a-z0-9-]`: the id of the chart's element (its SVG title is `<id>-t`).
    pub id: String,
    /// Heading.
    pub title: String,
    /// Unit of the values.
    pub unit: String,
    /// The `<svg>`, drawn by `crate::render::charts` (labels escaped there).
    pub svg_html: String,
    /// Caption of the data table.
    pub caption: String,
    /// Header of the label column (统计期, 用工形式, 区 …).
    pub key_header: String,
    /// Header of the value column, with the unit.
    pub value_header: String,
    /// Header of the note column, present when a row has a note.
    pub note_header: Option<String>,
    /// The table rows: the chart's labels and values, in its order, printed alike.
    pub rows: Vec<ChartRowView>,
    /// Remarks shown under the chart (how values are counted, the period of a breakdown).
    pub notes: Vec<String>,
    /// Where the values come from (none for statistics computed from the vacancies).
    pub sources: Vec<SourceView>,
}

/// One row of a chart's data table.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRowView {
    /// Label, as in the chart.
    pub label: String,
    /// Value, as in the chart (`9,040`, `98.09`).
    pub value: String,
    /// Remark on this value.
    pub note: Option<String>,
}

/// Where figures come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceView {
    /// Publisher or publication.
    pub name: String,
    /// Link.
    pub url: Option<String>,
    /// Remark (e.g. illustrative data, how a value was derived).
    pub note: Option<String>,
}

/// A key figure: a series of one value, shown as a number.
#[derive(Debug, Clone, Serialize)]
pub struct FigureTile {
    /// What is counted.
    pub title: String,
    /// The value, compact for large round numbers (`9.04`).
    pub value: String,
    /// The unit, with 万 when the value is given in ten-thousands (`万人`).
    pub unit: String,
    /// The period (`2024年至2025年9月`).
    pub period: String,
    /// Remark.
    pub note: Option<String>,
}

/// A district's figures: key figures, then a chart for each series of several values.
#[derive(Debug, Clone, Serialize)]
pub struct FiguresView {
    /// Series of one value.
    pub tiles: Vec<FigureTile>,
    /// The distinct sources of the key figures.
    pub tile_sources: Vec<SourceView>,
    /// Series of several values.
    pub charts: Vec<ChartView>,
}

/// Statistics of open vacancies, computed at build time.
#[derive(Debug, Clone, Serialize)]
pub struct StatsView {
    /// What was counted, and when.
    pub summary: String,
    /// By work type, by monthly salary band, top occupations (those with data).
    pub charts: Vec<ChartView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(group(9500.0), "9,500");
        assert_eq!(group(1_234_567.0), "1,234,567");
        assert_eq!(group(22.5), "22.5");
        assert_eq!(group(98.09), "98.09");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(percent_encode("示范 A&B"), "%E7%A4%BA%E8%8C%83%20A%26B");
        assert_eq!(percent_encode("a-b.c_d~"), "a-b.c_d~");
    }

    #[test]
    fn pagination_shows_ends_and_neighbours() {
        let p = Pagination::new(6, 12, |n| format!("/p/{n}/"));
        let ns: Vec<usize> = p.pages.iter().map(|l| l.n).collect();
        assert_eq!(ns, [1, 0, 4, 5, 6, 7, 8, 0, 12]);
        assert_eq!(p.prev.as_deref(), Some("/p/5/"));
        assert_eq!(Pagination::new(1, 1, |n| n.to_string()).next, None);
    }
}
