//! The content as loaded and checked: what the rest of the pipeline reads.
//!
//! [`crate::load`] builds a [`Content`] from a content folder; rendering ([`crate::render`]) and the
//! machine-readable formats ([`crate::formats`]) read it. Types only, no I/O: the settings of `site.toml`
//! and `district.toml` ([`config`]), figures ([`figures`]), policy terms ([`policy`]) and what pages need to
//! know about the site as a whole ([`SiteInfo`]).

pub mod config;
pub mod figures;
pub mod policy;
mod site_info;

use std::collections::BTreeMap;
use std::path::PathBuf;

use engine::date::{Date, DateTime};
use engine::diag::Pos;
use engine::hours;
use engine::vacancy::Vacancy;
use serde::Deserialize;

pub use site_info::SiteInfo;

use config::{DistrictConfig, SiteConfig};

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
    pub comparisons: Vec<crate::model::figures::Comparison>,
    /// The built-in vocabulary of the search (`sitegen/data/vocabulary.toml`): words for occupations by
    /// GB/T 6565 code, for every district.
    pub vocabulary: Vec<OccupationWords>,
    /// Vacancy records taken from the build cache instead of parsed and checked (`load::records`).
    pub records_reused: usize,
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
    pub figures: Vec<crate::model::figures::Series>,
    /// `synonyms.toml`: the district's own words for occupations (the search's aliases).
    pub synonyms: Vec<OccupationWords>,
    /// Vacancies still open at the build date, newest first (then by identifier).
    pub vacancies: Vec<Vacancy>,
    /// Identifiers of vacancies left out because they expired.
    pub expired: Vec<String>,
}

/// Other words for the vacancies of one occupation (`synonyms.toml`, the built-in vocabulary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupationWords {
    /// GB/T 6565 code (`6-18-02`): a vacancy's `occupationalCategory` starts with it.
    pub code: String,
    /// The occupation's name after the code, when the code is shared (`4-10-01` 家政服务员 / 保育员).
    pub name: Option<String>,
    /// The words: English, Hong Kong Chinese, what workers say.
    pub words: Vec<String>,
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
    pub benefits: Vec<crate::model::policy::Benefit>,
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

impl Content {
    /// Number of open vacancies in the city.
    pub fn vacancy_count(&self) -> usize {
        self.districts.iter().map(|d| d.vacancies.len()).sum()
    }
}
