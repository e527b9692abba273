//! Loading the content folder into memory, checking everything on the way.
//!
//! [`Content::load`] reads `site.toml`, every district's `district.toml`, markdown pages and policies,
//! stations, events, figures (in [`crate::figures`]) and vacancy files. It never stops at the first problem: each file is checked as far as
//! it can be and every problem lands in one [`Diagnostics`] list with `path:line:col`. The caller decides
//! what to do when there are errors (`build` writes nothing, `check` just reports).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use engine::date::{Date, DateTime};
use engine::diag::{Diagnostics, Pos};
use engine::hours;
use engine::text::{is_valid_id, suggest};
use engine::vacancy::Vacancy;
use engine::validate::{self, Rules};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::config::{self, DistrictConfig, SiteConfig};
use crate::markdown::{self, Trust};

/// Everything in a content folder, checked.
#[derive(Debug)]
pub struct Content {
    /// The folder.
    pub root: PathBuf,
    /// `site.toml`.
    pub site: SiteConfig,
    /// `index.md`: the city home text.
    pub home: Page,
    /// `pages/*.md`.
    pub pages: Vec<Page>,
    /// Districts in the order of `site.toml`.
    pub districts: Vec<District>,
    /// `templates/`, when the folder has one.
    pub templates_dir: Option<PathBuf>,
    /// Files under `static/`, relative to it, sorted.
    pub static_files: Vec<PathBuf>,
    /// The figure series compared across districts (`compare` in site.toml), checked.
    pub comparisons: Vec<crate::figures::Comparison>,
}

/// One district and everything in its folder.
#[derive(Debug)]
pub struct District {
    /// Folder name, used in URLs.
    pub slug: String,
    /// `district.toml`.
    pub config: DistrictConfig,
    /// `index.md`.
    pub home: Page,
    /// `pages/*.md`.
    pub pages: Vec<Page>,
    /// `policies/*.md`.
    pub policies: Vec<Policy>,
    /// `stations.toml`.
    pub stations: Vec<Station>,
    /// `events.toml`, sorted by start.
    pub events: Vec<Event>,
    /// `figures.toml`: series of dated values, in the order written.
    pub figures: Vec<crate::figures::Series>,
    /// Vacancies still open at the build date, newest first (then by identifier).
    pub vacancies: Vec<Vacancy>,
    /// Identifiers of vacancies left out because they expired.
    pub expired: Vec<String>,
}

/// A markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// File stem, used in the URL.
    pub slug: String,
    /// `title`.
    pub title: String,
    /// `description`, or the first paragraph's text.
    pub description: String,
    /// `weight` (order in navigation).
    pub weight: i64,
    /// Rendered, sanitized HTML.
    pub html: String,
    /// Translations by language (`zh-HK`, `en`), from `<name>.<lang>.md` beside the page (issue 6).
    pub translations: BTreeMap<String, PageText>,
}

/// A page's text in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    /// `title`.
    pub title: String,
    /// `description`, or the first paragraph's text.
    pub description: String,
    /// Rendered, sanitized HTML.
    pub html: String,
}

/// The languages a page may be translated into (`<name>.<lang>.md`); zh-CN is the page itself.
pub const TRANSLATIONS: [&str; 2] = ["zh-HK", "en"];

/// A policy page.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The page.
    pub page: Page,
    /// Issuing body.
    pub issuer: String,
    /// Document number.
    pub document: Option<String>,
    /// Date issued.
    pub date: Date,
    /// Link to the official text.
    pub source: Option<String>,
    /// Target-group ids (empty: everyone).
    pub target_groups: Vec<String>,
    /// One line on the benefit.
    pub summary: Option<String>,
    /// Who may apply (`[eligibility]` and `target_groups`), see [`crate::policy_terms`].
    pub conditions: engine::eligibility::Conditions,
    /// What they get (`[[benefits]]`).
    pub benefits: Vec<crate::policy_terms::Benefit>,
}

/// Kinds of stations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StationKind {
    /// 就业驿站
    EmploymentStation,
    /// 零工市场
    GigMarket,
    /// 楼宇驿站
    BuildingStation,
    /// 校园驿站
    CampusStation,
    /// 青年创业基地
    YouthBase,
    /// 技能驿站 / 羊城技能加油站
    SkillsStation,
}

impl StationKind {
    /// Translation-key suffix.
    pub fn key(self) -> &'static str {
        match self {
            StationKind::EmploymentStation => "employment-station",
            StationKind::GigMarket => "gig-market",
            StationKind::BuildingStation => "building-station",
            StationKind::CampusStation => "campus-station",
            StationKind::YouthBase => "youth-base",
            StationKind::SkillsStation => "skills-station",
        }
    }
}

/// An employment station.
#[derive(Debug, Clone)]
pub struct Station {
    /// Id, used in the URL.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: StationKind,
    /// Street or town.
    pub street: String,
    /// Address.
    pub address: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Opening hours rules, as written and parsed.
    pub opening_hours: Vec<(String, hours::Rule)>,
    /// Phone.
    pub phone: Option<String>,
    /// Services offered.
    pub services: Vec<String>,
    /// Rendered description.
    pub html: String,
}

/// Kinds of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// 招聘会
    JobFair,
    /// 校园招聘会
    CampusFair,
    /// 直播带岗
    Livestream,
    /// 一街一特色
    StreetFeature,
    /// 培训
    Training,
}

impl EventKind {
    /// Translation-key suffix.
    pub fn key(self) -> &'static str {
        match self {
            EventKind::JobFair => "job-fair",
            EventKind::CampusFair => "campus-fair",
            EventKind::Livestream => "livestream",
            EventKind::StreetFeature => "street-feature",
            EventKind::Training => "training",
        }
    }
}

/// An event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Id, used in the URL.
    pub id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: EventKind,
    /// Start.
    pub start: DateTime,
    /// End.
    pub end: DateTime,
    /// Venue (or channel).
    pub venue: String,
    /// Address.
    pub address: Option<String>,
    /// Station id of the same district.
    pub station: Option<String>,
    /// Online URL (livestreams).
    pub online_url: Option<String>,
    /// Organizer.
    pub organizer: String,
    /// Employers taking part, as their vacancies name them (`hiringOrganization.name`).
    pub employers: Vec<String>,
    /// Where each employer is named in `events.toml` (same order as `employers`).
    pub employer_pos: Vec<Option<Pos>>,
    /// `events.toml` as shown in messages.
    pub file: String,
    /// Rendered description.
    pub html: String,
    /// The description as plain text (for calendar files).
    pub text: String,
}

/// A file being read: its display path and text, to turn byte offsets into positions.
pub(crate) struct Source {
    pub(crate) display: String,
    pub(crate) text: String,
}

impl Source {
    pub(crate) fn pos(&self, offset: usize) -> Option<Pos> {
        Some(Pos::of_offset(&self.text, offset))
    }
}

/// Reads a file, recording a problem when it cannot be read.
pub(crate) fn read(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Source> {
    let display = display_path(root, path);
    match fs::read_to_string(path) {
        Ok(text) => Some(Source { display, text }),
        Err(e) => {
            diags.error(&display, None, format!("cannot read the file: {e}"), None);
            None
        }
    }
}

/// How a path is shown in messages: the content folder's name joined with the path inside it.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    root.join(rel).to_string_lossy().replace('\\', "/")
}

/// Parses TOML (at `offset` within `src`), reporting a syntax or type error with its position.
pub(crate) fn parse_toml<T: DeserializeOwned>(src: &Source, text: &str, offset: usize, diags: &mut Diagnostics) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let pos = e.span().and_then(|s| src.pos(offset + s.start));
            let msg = e.message().trim().replace('\n', " ");
            let hint = unknown_field_hint(&msg);
            diags.error(&src.display, pos, msg, hint);
            None
        }
    }
}

/// Turns serde's "unknown field `x`, expected one of `a`, `b`" into a "did you mean" hint.
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    suggest(field, names.iter().copied()).map(|s| format!("did you mean `{s}`?"))
}

/// Sorted `*.ext` files directly in `dir` (none when it does not exist).
fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageMeta {
    title: String,
    description: Option<String>,
    #[serde(default)]
    weight: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyMeta {
    title: String,
    description: Option<String>,
    #[serde(default)]
    weight: i64,
    issuer: String,
    document: Option<String>,
    date: Spanned<String>,
    source: Option<Spanned<String>>,
    #[serde(default = "empty_spanned_list")]
    target_groups: Spanned<Vec<String>>,
    summary: Option<String>,
    eligibility: Option<crate::policy_terms::EligibilityMeta>,
    #[serde(default)]
    benefits: Vec<crate::policy_terms::BenefitMeta>,
}

fn empty_spanned_list() -> Spanned<Vec<String>> {
    Spanned::new(0..0, Vec::new())
}

/// Splits `+++\nTOML\n+++\nbody` into (front matter, its byte offset, body).
fn split_front_matter(text: &str) -> Option<(&str, usize, &str)> {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skip = text.len() - t.len();
    let first_nl = t.find('\n')?;
    if t[..first_nl].trim_end() != "+++" {
        return None;
    }
    let fm_start = first_nl + 1;
    let mut at = fm_start;
    for line in t[fm_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((&t[fm_start..at], skip + fm_start, &t[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// Reads a markdown file with front matter of type `M`.
fn read_markdown<M: DeserializeOwned>(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<(Source, M, String)> {
    let src = read(root, path, diags)?;
    let Some((fm, offset, body)) = split_front_matter(&src.text) else {
        diags.error(
            &src.display,
            src.pos(0),
            "missing front matter",
            Some("start the file with a `+++` line, TOML such as `title = \"…\"`, and another `+++` line".into()),
        );
        return None;
    };
    let meta = parse_toml::<M>(&src, fm, offset, diags)?;
    let body = body.to_owned();
    Some((src, meta, body))
}

/// A page from its parsed file; with `root`, its translations beside it are read too (pages, not policies).
fn page_from(root: Option<&Path>, src: &Source, path: &Path, meta: PageMeta, body: &str, diags: &mut Diagnostics) -> Page {
    let PageMeta { title, description, weight } = meta;
    let rendered = markdown::render(body, Trust::Author);
    for problem in rendered.removed {
        diags.warning(&src.display, None, format!("removed unsafe markup from the page: {problem}"), None);
    }
    let slug = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let description = description.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| markdown::truncate(&rendered.first_paragraph, 120));
    let translations = root.map(|root| translations_of(root, path, diags)).unwrap_or_default();
    Page { slug, title, description, weight, html: rendered.html, translations }
}

/// The translations beside the page at `path` (`about.md` → `about.zh-HK.md`, `about.en.md`).
fn translations_of(root: &Path, path: &Path, diags: &mut Diagnostics) -> BTreeMap<String, PageText> {
    let mut out = BTreeMap::new();
    let (Some(dir), Some(stem)) = (path.parent(), path.file_stem().map(|s| s.to_string_lossy().into_owned())) else { return out };
    for lang in TRANSLATIONS {
        let p = dir.join(format!("{stem}.{lang}.md"));
        if !p.is_file() {
            continue;
        }
        if let Some((tsrc, m, body)) = read_markdown::<PageMeta>(root, &p, diags) {
            let rendered = markdown::render(&body, Trust::Author);
            for problem in rendered.removed {
                diags.warning(&tsrc.display, None, format!("removed unsafe markup from the page: {problem}"), None);
            }
            let description = m.description.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| markdown::truncate(&rendered.first_paragraph, 120));
            out.insert(lang.to_owned(), PageText { title: m.title, description, html: rendered.html });
        }
    }
    out
}

/// What loading needs besides the folder.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Vacancies whose `validThrough` is before this date are left out.
    pub build_date: Date,
}

impl Content {
    /// Loads and checks the whole folder. Returns the content (as far as it could be read) and every
    /// problem found; `None` when not even `site.toml` could be read.
    pub fn load(root: &Path, opts: LoadOptions) -> (Option<Content>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let content = Self::load_inner(root, opts, &mut diags);
        (content, diags)
    }

    fn load_inner(root: &Path, opts: LoadOptions, diags: &mut Diagnostics) -> Option<Content> {
        if !root.is_dir() {
            diags.error(&root.to_string_lossy(), None, "the content folder does not exist", Some("pass --content DIR".into()));
            return None;
        }
        let site_src = read(root, &root.join("site.toml"), diags)?;
        let site: SiteConfig = parse_toml(&site_src, &site_src.text, 0, diags)?;
        check_site(&site_src, &site, diags);
        let rules = Rules { target_groups: site.target_groups.iter().map(|g| g.id.get_ref().clone()).collect() };

        let home = read_markdown::<PageMeta>(root, &root.join("index.md"), diags)
            .map(|(src, m, body)| page_from(Some(root), &src, &root.join("index.md"), m, &body, diags));
        let pages = load_pages(root, &root.join("pages"), diags);

        // Every folder under districts/ must be listed in site.toml, and every listed one must exist.
        let districts_dir = root.join("districts");
        let mut on_disk: BTreeSet<String> = BTreeSet::new();
        for e in fs::read_dir(&districts_dir).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                on_disk.insert(e.file_name().to_string_lossy().into_owned());
            }
        }
        for slug in &on_disk {
            if !site.districts.get_ref().contains(slug) {
                diags.error(
                    &site_src.display,
                    site_src.pos(site.districts.span().start),
                    format!("the folder districts/{slug} is not listed in `districts`"),
                    Some("add it, or remove the folder".into()),
                );
            }
        }
        let mut districts = Vec::new();
        let mut vacancy_files: Vec<(String, PathBuf)> = Vec::new();
        for slug in site.districts.get_ref() {
            if !on_disk.contains(slug) {
                diags.error(
                    &site_src.display,
                    site_src.pos(site.districts.span().start),
                    format!("district `{slug}` is listed but districts/{slug}/ does not exist"),
                    None,
                );
                continue;
            }
            let dir = districts_dir.join(slug);
            vacancy_files.extend(files_with_ext(&dir.join("vacancies"), "json").into_iter().map(|f| (slug.clone(), f)));
            if let Some(d) = load_district(root, &dir, slug, &rules, site.districts.get_ref(), opts.build_date, diags) {
                districts.push(d);
            }
        }
        // Vacancies of every district are parsed in parallel; those of a district that failed to load
        // are still checked (and count for the city-wide uniqueness check).
        let mut orphans: Vec<Vacancy> = Vec::new();
        for (slug, vacancies) in load_vacancies(root, &vacancy_files, &rules, diags) {
            match districts.iter_mut().find(|d| d.slug == slug) {
                Some(d) => d.vacancies.extend(vacancies),
                None => orphans.extend(vacancies),
            }
        }
        for d in &mut districts {
            let (expired, mut open): (Vec<Vacancy>, Vec<Vacancy>) =
                std::mem::take(&mut d.vacancies).into_iter().partition(|v| v.is_expired(opts.build_date));
            for v in &expired {
                let through = v.valid_through.map(|t| t.china_date().to_string()).unwrap_or_default();
                diags.warning(
                    &v.source.path,
                    Some(v.source.pos),
                    format!("vacancy `{}` expired on {through}; left out of the build", v.identifier),
                    None,
                );
            }
            open.sort_by(|a, b| b.date_posted.unix().cmp(&a.date_posted.unix()).then_with(|| a.identifier.cmp(&b.identifier)));
            d.vacancies = open;
            d.expired = expired.into_iter().map(|v| v.identifier).collect();
            check_event_employers(d, diags);
        }
        validate::check_unique_identifiers(districts.iter().flat_map(|d| d.vacancies.iter()).chain(orphans.iter()), diags);
        let comparisons = crate::figures::comparisons(&site_src, &site.compare, &districts, diags);

        let templates_dir = Some(root.join("templates")).filter(|p| p.is_dir());
        let static_files = list_files(&root.join("static"));
        Some(Content { root: root.to_owned(), site, home: home?, pages, districts, templates_dir, static_files, comparisons })
    }

    /// Number of open vacancies in the city.
    pub fn vacancy_count(&self) -> usize {
        self.districts.iter().map(|d| d.vacancies.len()).sum()
    }
}

/// Warns about employers an event names that have no open vacancy in its district: the event page links
/// to the vacancies of each employer by exact name, so a typo (or every vacancy having expired) leaves
/// that employer without links.
fn check_event_employers(d: &District, diags: &mut Diagnostics) {
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

fn check_site(src: &Source, site: &SiteConfig, diags: &mut Diagnostics) {
    let url = site.base_url.get_ref();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(' ') {
        diags.error(&src.display, src.pos(site.base_url.span().start), format!("`base_url` must be an absolute http(s) URL, found `{url}`"), None);
    }
    for (key, text) in [("title", &site.title), ("description", &site.description)] {
        for p in text.problems() {
            diags.error(&src.display, None, format!("`{key}`: {p}"), None);
        }
    }
    for lang in site.languages.get_ref() {
        if !config::LANGUAGES.contains(&lang.as_str()) {
            diags.error(
                &src.display,
                src.pos(site.languages.span().start),
                format!("unknown language `{lang}`"),
                Some("use zh-CN, zh-HK or en".into()),
            );
        }
    }
    if !site.languages.get_ref().contains(site.default_language.get_ref()) {
        diags.error(
            &src.display,
            src.pos(site.default_language.span().start),
            format!("`default_language` `{}` is not in `languages`", site.default_language.get_ref()),
            None,
        );
    }
    if !(1..=200).contains(site.page_size.get_ref()) {
        diags.error(&src.display, src.pos(site.page_size.span().start), "`page_size` must be between 1 and 200", None);
    }
    if !(1..=500).contains(site.feed_size.get_ref()) {
        diags.error(&src.display, src.pos(site.feed_size.span().start), "`feed_size` must be between 1 and 500", None);
    }
    let mut seen = BTreeSet::new();
    for slug in site.districts.get_ref() {
        if !is_valid_id(slug) {
            diags.error(
                &src.display,
                src.pos(site.districts.span().start),
                format!("district slug `{slug}` is not of the form [a-z0-9-]{{1,64}}"),
                None,
            );
        }
        if !seen.insert(slug) {
            diags.error(&src.display, src.pos(site.districts.span().start), format!("district `{slug}` is listed twice"), None);
        }
    }
    let mut ids = BTreeSet::new();
    for g in &site.target_groups {
        if !is_valid_id(g.id.get_ref()) {
            diags.error(
                &src.display,
                src.pos(g.id.span().start),
                format!("target group id `{}` is not of the form [a-z0-9-]{{1,64}}", g.id.get_ref()),
                None,
            );
        }
        if !ids.insert(g.id.get_ref()) {
            diags.error(&src.display, src.pos(g.id.span().start), format!("target group `{}` is defined twice", g.id.get_ref()), None);
        }
        for p in g.name.get_ref().problems() {
            diags.error(&src.display, src.pos(g.name.span().start), format!("target group `{}` name: {p}", g.id.get_ref()), None);
        }
    }
}

fn load_pages(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Page> {
    let files = files_with_ext(dir, "md");
    // `<name>.<lang>.md` is a translation of `<name>.md` (read with it); anything else with a dot is a mistake.
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    for p in files.iter().filter(|p| stem(p).contains('.')) {
        let s = stem(p);
        let (base, lang) = s.rsplit_once('.').unwrap_or((&s, ""));
        let display = display_path(root, p);
        if !TRANSLATIONS.contains(&lang) {
            diags.error(
                &display,
                None,
                format!("`{lang}` is not a language a page can be translated into"),
                Some(format!("name translations <page>.zh-HK.md or <page>.en.md (found {s}.md)")),
            );
        } else if !files.iter().any(|f| stem(f) == base) {
            diags.error(
                &display,
                None,
                format!("a translation of `{base}.md`, which does not exist"),
                Some("a translation sits beside the zh-CN page it translates".into()),
            );
        }
    }
    let mut pages: Vec<Page> = files
        .into_iter()
        .filter(|p| !stem(p).contains('.'))
        .filter_map(|p| {
            let (src, m, body) = read_markdown::<PageMeta>(root, &p, diags)?;
            check_slug(&src, &p, diags);
            Some(page_from(Some(root), &src, &p, m, &body, diags))
        })
        .collect();
    pages.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    pages
}

fn check_slug(src: &Source, path: &Path, diags: &mut Diagnostics) {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if !is_valid_id(&stem) {
        diags.error(&src.display, None, format!("the file name `{stem}` cannot be used in a URL"), Some("name files with a-z, 0-9 and -".into()));
    }
}

/// Loads one district, except its vacancies (loaded for all districts at once, in parallel).
fn load_district(
    root: &Path,
    dir: &Path,
    slug: &str,
    rules: &Rules,
    districts: &[String],
    build_date: Date,
    diags: &mut Diagnostics,
) -> Option<District> {
    let config = read(root, &dir.join("district.toml"), diags).and_then(|src| {
        let c: DistrictConfig = parse_toml(&src, &src.text, 0, diags)?;
        for p in c.name.get_ref().problems() {
            diags.error(&src.display, src.pos(c.name.span().start), format!("`name`: {p}"), None);
        }
        match config::parse_hex_colour(c.accent.get_ref()) {
            None => diags.error(
                &src.display,
                src.pos(c.accent.span().start),
                format!("`accent` must be a colour like #1d4f91, found `{}`", c.accent.get_ref()),
                None,
            ),
            Some(rgb) if config::contrast_on_white(rgb) < 4.5 => diags.error(
                &src.display,
                src.pos(c.accent.span().start),
                format!(
                    "`accent` {} has contrast {:.2}:1 on white, below the 4.5:1 that WCAG AA needs for text",
                    c.accent.get_ref(),
                    config::contrast_on_white(rgb)
                ),
                Some("choose a darker colour".into()),
            ),
            Some(_) => {}
        }
        if let Some(f) = &c.figures {
            diags.error(
                &src.display,
                src.pos(f.span().start),
                "`figures` are no longer read from district.toml: they live in figures.toml, as dated series with sources",
                Some("move each figure to a [[series]] of figures.toml beside district.toml (see docs/content.md)".into()),
            );
        }
        if let Some(m) = &c.matching
            && let Err(bad) = m.get_ref().weights()
        {
            diags.error(
                &src.display,
                src.pos(m.span().start),
                format!("`[matching]`: {} must be a number of 0 or more (not all 0)", bad.join(", ")),
                Some("a weight is relative to the others: 0.3 and 0.1 weigh as 3 and 1".into()),
            );
        }
        let ll = c.center.get_ref();
        if !((-90.0..=90.0).contains(&ll.lat) && (-180.0..=180.0).contains(&ll.lon)) {
            diags.error(&src.display, src.pos(c.center.span().start), "`center` is out of range", Some("lat first, then lon".into()));
        }
        Some(c)
    });
    let home = read_markdown::<PageMeta>(root, &dir.join("index.md"), diags)
        .map(|(src, m, body)| page_from(Some(root), &src, &dir.join("index.md"), m, &body, diags));
    let pages = load_pages(root, &dir.join("pages"), diags);
    let policies = load_policies(root, &dir.join("policies"), rules, districts, diags);
    let stations = load_stations(root, &dir.join("stations.toml"), diags);
    let events = load_events(root, &dir.join("events.toml"), &stations, diags);
    let figures = crate::figures::load(root, &dir.join("figures.toml"), build_date, diags);
    Some(District {
        slug: slug.to_owned(),
        config: config?,
        home: home?,
        pages,
        policies,
        stations,
        events,
        figures,
        vacancies: Vec::new(),
        expired: Vec::new(),
    })
}

fn load_policies(root: &Path, dir: &Path, rules: &Rules, districts: &[String], diags: &mut Diagnostics) -> Vec<Policy> {
    let mut out: Vec<Policy> = files_with_ext(dir, "md")
        .into_iter()
        .filter_map(|p| {
            let (src, m, body) = read_markdown::<PolicyMeta>(root, &p, diags)?;
            check_slug(&src, &p, diags);
            let date = match Date::parse(m.date.get_ref()) {
                Ok(d) => Some(d),
                Err(e) => {
                    diags.error(&src.display, src.pos(front_offset(&src.text) + m.date.span().start), format!("`date`: {e}"), None);
                    None
                }
            };
            if let Some(s) = &m.source
                && !s.get_ref().starts_with("https://")
                && !s.get_ref().starts_with("http://")
            {
                diags.error(
                    &src.display,
                    src.pos(front_offset(&src.text) + s.span().start),
                    format!("`source` must be an http(s) URL, found `{}`", s.get_ref()),
                    None,
                );
            }
            for g in m.target_groups.get_ref() {
                if !rules.target_groups.contains(g) {
                    let hint = suggest(g, rules.target_groups.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"));
                    diags.error(
                        &src.display,
                        src.pos(front_offset(&src.text) + m.target_groups.span().start),
                        format!("unknown target group `{g}`"),
                        hint,
                    );
                }
            }
            let pos = |offset: usize| src.pos(offset);
            let at = crate::policy_terms::At { display: &src.display, offset: front_offset(&src.text), pos: &pos };
            let conditions = crate::policy_terms::conditions(&m.eligibility.unwrap_or_default(), m.target_groups.get_ref(), districts, &at, diags);
            let benefits = crate::policy_terms::benefits(&m.benefits, &at, diags);
            let page = page_from(None, &src, &p, PageMeta { title: m.title, description: m.description, weight: m.weight }, &body, diags);
            Some(Policy {
                page,
                issuer: m.issuer,
                document: m.document,
                date: date?,
                source: m.source.map(Spanned::into_inner),
                target_groups: m.target_groups.into_inner(),
                summary: m.summary,
                conditions: conditions?,
                benefits,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.page.weight, std::cmp::Reverse(a.date), &a.page.slug).cmp(&(b.page.weight, std::cmp::Reverse(b.date), &b.page.slug)));
    out
}

fn front_offset(text: &str) -> usize {
    split_front_matter(text).map_or(0, |(_, o, _)| o)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StationsFile {
    #[serde(default)]
    stations: Vec<StationIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StationIn {
    id: Spanned<String>,
    name: String,
    kind: StationKind,
    street: String,
    address: String,
    lat: Spanned<f64>,
    lon: f64,
    opening_hours: Spanned<Vec<String>>,
    phone: Option<String>,
    #[serde(default)]
    services: Vec<String>,
    #[serde(default)]
    description: String,
}

fn load_stations(root: &Path, path: &Path, diags: &mut Diagnostics) -> Vec<Station> {
    if !path.exists() {
        return Vec::new();
    }
    let Some(src) = read(root, path, diags) else { return Vec::new() };
    let Some(file) = parse_toml::<StationsFile>(&src, &src.text, 0, diags) else { return Vec::new() };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in file.stations {
        let id_pos = src.pos(s.id.span().start);
        let mut ok = check_id(&src, &s.id, &mut seen, "station", diags);
        if !((-90.0..=90.0).contains(s.lat.get_ref()) && (-180.0..=180.0).contains(&s.lon)) {
            diags.error(
                &src.display,
                src.pos(s.lat.span().start),
                format!("station `{}`: coordinates are out of range", s.id.get_ref()),
                Some("lat is the latitude (about 23 in Guangzhou), lon the longitude (about 113)".into()),
            );
            ok = false;
        }
        let mut rules = Vec::new();
        for h in s.opening_hours.get_ref() {
            match hours::parse_rule(h) {
                Ok(r) => rules.push((h.clone(), r)),
                Err(e) => {
                    diags.error(
                        &src.display,
                        src.pos(s.opening_hours.span().start),
                        format!("station `{}`: `opening_hours`: {e}", s.id.get_ref()),
                        Some("write rules like \"Mo-Fr 09:00-12:00,14:00-17:30\"".into()),
                    );
                    ok = false;
                }
            }
        }
        let rendered = markdown::render(&s.description, Trust::Author);
        for problem in rendered.removed {
            diags.warning(&src.display, id_pos, format!("station `{}`: removed unsafe markup from the description: {problem}", s.id.get_ref()), None);
        }
        if ok {
            out.push(Station {
                id: s.id.into_inner(),
                name: s.name,
                kind: s.kind,
                street: s.street,
                address: s.address,
                lat: s.lat.into_inner(),
                lon: s.lon,
                opening_hours: rules,
                phone: s.phone,
                services: s.services,
                html: rendered.html,
            });
        }
    }
    out
}

pub(crate) fn check_id(src: &Source, id: &Spanned<String>, seen: &mut BTreeSet<String>, what: &str, diags: &mut Diagnostics) -> bool {
    let pos = src.pos(id.span().start);
    if !is_valid_id(id.get_ref()) {
        diags.error(&src.display, pos, format!("{what} id `{}` is not of the form [a-z0-9-]{{1,64}}", id.get_ref()), None);
        return false;
    }
    if !seen.insert(id.get_ref().clone()) {
        diags.error(&src.display, pos, format!("duplicate {what} id `{}`", id.get_ref()), None);
        return false;
    }
    true
}

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

fn load_events(root: &Path, path: &Path, stations: &[Station], diags: &mut Diagnostics) -> Vec<Event> {
    if !path.exists() {
        return Vec::new();
    }
    let Some(src) = read(root, path, diags) else { return Vec::new() };
    let Some(file) = parse_toml::<EventsFile>(&src, &src.text, 0, diags) else { return Vec::new() };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in file.events {
        let mut ok = check_id(&src, &e.id, &mut seen, "event", diags);
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

/// Parses vacancy files (district slug, path) on one thread per core, largest files first; returns the
/// vacancies of each file, in the order given.
fn load_vacancies(root: &Path, files: &[(String, PathBuf)], rules: &Rules, diags: &mut Diagnostics) -> Vec<(String, Vec<Vacancy>)> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(fs::metadata(&files[i].1).map_or(0, |m| m.len())));
    let mut results = crate::parallel::map(&order, |&i| {
        let (slug, path) = &files[i];
        let mut d = Diagnostics::new();
        let v = read(root, path, &mut d).map(|src| validate::parse_vacancy_file(&src.display, &src.text, slug, rules, &mut d)).unwrap_or_default();
        (i, v, d)
    });
    results.sort_by_key(|(i, _, _)| *i);
    results
        .into_iter()
        .map(|(i, v, d)| {
            diags.extend(d);
            (files[i].0.clone(), v)
        })
        .collect()
}

/// Every file under `dir`, relative to it, sorted; empty when `dir` does not exist.
pub fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_owned());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_offsets() {
        let text = "+++\ntitle = \"x\"\n+++\n正文\n";
        let (fm, off, body) = split_front_matter(text).unwrap();
        assert_eq!((fm, off, body), ("title = \"x\"\n", 4, "正文\n"));
        assert!(split_front_matter("title = \"x\"\n").is_none());
        assert!(split_front_matter("+++\ntitle = \"x\"\n").is_none());
    }

    #[test]
    fn unknown_field_hints() {
        assert_eq!(unknown_field_hint("unknown field `titel`, expected one of `title`, `description`").as_deref(), Some("did you mean `title`?"));
        assert_eq!(unknown_field_hint("invalid type"), None);
    }
}
