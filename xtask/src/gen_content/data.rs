//! The sample generator's tables: districts and their streets, employers, occupations and stock phrases, read
//! from the TOML files in `xtask/data/`.
//!
//! | file | holds |
//! |---|---|
//! | `districts.toml` | each district's streets and towns (coordinates, postal code, roads, kinds of place), wage level, share of flexible work, place names |
//! | `employers.toml` | the fictional brands, mailboxes and sectors (industry, name endings) employers are made of |
//! | `occupations.toml` | occupations with their GB/T 6565 codes, titles, pay ranges, skills, duties, requirements and weight per district |
//! | `phrases.toml` | education lines, benefits, work hours and target-group notes |
//!
//! The files are embedded in the xtask binary with `include_str!`, not read at run time: the generator and its
//! tests need no working directory, and cargo rebuilds the xtask when a file changes. They are parsed once, on
//! first use ([`load`]). [`Data::parse`] resolves the names the files use for each other (district slugs, sector
//! ids, target groups) and checks every entry, so a mistake in a file is reported with the file and the entry
//! instead of turning into odd sample content or a panic. Each file's header says what it holds and how to
//! extend it.
//!
//! The order of every list matters: the generator draws from them by position, so the same files and options
//! give the same vacancies byte for byte.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

use super::{DISTRICTS, TARGET_GROUPS};

/// Kinds of place, as bits (a locality has one or more, an occupation prefers one or more): factories and
/// industrial parks.
pub const IND: u8 = 1;
/// Offices, R&D parks, CBD.
pub const OFF: u8 = 2;
/// Residential and shopping streets.
pub const COM: u8 = 4;
/// Villages, farms, orchards.
pub const RUR: u8 = 8;
/// Ports and logistics.
pub const PORT: u8 = 16;

/// The texts of the four files, by name.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// `districts.toml`.
    pub districts: &'a str,
    /// `employers.toml`.
    pub employers: &'a str,
    /// `occupations.toml`.
    pub occupations: &'a str,
    /// `phrases.toml`.
    pub phrases: &'a str,
}

/// The files built into the xtask.
pub const EMBEDDED: Sources<'static> = Sources {
    districts: include_str!("../../data/districts.toml"),
    employers: include_str!("../../data/employers.toml"),
    occupations: include_str!("../../data/occupations.toml"),
    phrases: include_str!("../../data/phrases.toml"),
};

/// The embedded tables, parsed and checked on first use.
pub fn load() -> Result<&'static Data, String> {
    static DATA: OnceLock<Result<Data, String>> = OnceLock::new();
    DATA.get_or_init(|| Data::parse(EMBEDDED)).as_ref().map_err(Clone::clone)
}

/// Everything the generator draws from.
pub struct Data {
    /// In the order of [`DISTRICTS`].
    pub districts: Vec<District>,
    /// Local parts of employers' e-mail addresses.
    pub mailboxes: Vec<String>,
    /// Fictional brand names.
    pub brands: Vec<Brand>,
    /// The trades employers are in; occupations refer to them by position.
    pub sectors: Vec<Sector>,
    /// In file order.
    pub occupations: Vec<Occupation>,
    /// Texts of the description and the benefit and work-hour fields.
    pub phrases: Phrases,
}

/// A district of the sample site.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// One of [`DISTRICTS`].
    pub slug: String,
    /// Short code for e-mail domains.
    pub code: String,
    /// Place names employers are named after.
    pub places: Vec<String>,
    /// Wage level in percent of the city-wide pay ranges.
    pub pay_percent: u32,
    /// Percent of vacancies that take a part-time or per-diem form when the occupation has one.
    pub flexible_percent: u64,
    /// Coordinates jitter, degrees.
    pub jitter: f64,
    /// Its streets and towns.
    pub localities: Vec<Locality>,
}

/// A street (街道) or town (镇) of a district.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locality {
    /// Written as `addressLocality`.
    pub name: String,
    /// Latitude of its centre.
    pub lat: f64,
    /// Longitude of its centre.
    pub lon: f64,
    /// Kinds of place ([`IND`], [`OFF`], …), as bits.
    #[serde(deserialize_with = "zone_bits")]
    pub zones: u8,
    /// Postal code.
    pub postal: String,
    /// Roads addresses are put on.
    pub roads: Vec<String>,
}

/// A fictional brand name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// In Chinese characters.
    pub name: String,
    /// Its pinyin, used in e-mail domains.
    pub pinyin: String,
}

/// The trade an employer is in: gives its name ending and `industry` (国民经济行业分类).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sector {
    /// The name occupations use for it.
    pub id: String,
    /// Written as `industry`.
    pub industry: String,
    /// Employer name endings.
    pub endings: Vec<String>,
}

/// The kind of work an occupation is.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Factory, warehouse, building or repair work.
    Manual,
    /// Shops, restaurants, care and community services.
    Service,
    /// Office work.
    Office,
    /// Engineering and research.
    Tech,
    /// Farms and orchards.
    Agriculture,
}

/// The education an occupation asks for.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Edu {
    /// No requirement.
    #[serde(rename = "none")]
    None,
    /// High school or secondary vocational school.
    #[serde(rename = "high school")]
    HighSchool,
    /// Associate degree (大专).
    #[serde(rename = "associate degree")]
    Associate,
    /// Bachelor degree.
    #[serde(rename = "bachelor degree")]
    Bachelor,
    /// Master's degree or higher.
    #[serde(rename = "postgraduate degree")]
    Postgrad,
}

/// A schema.org employment type.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Emp {
    /// `FULL_TIME`.
    FullTime,
    /// `PART_TIME`.
    PartTime,
    /// `PER_DIEM`.
    PerDiem,
    /// `INTERN`.
    Intern,
    /// `TEMPORARY`.
    Temporary,
    /// `CONTRACTOR`.
    Contractor,
}

impl Emp {
    /// The schema.org value.
    pub fn as_str(self) -> &'static str {
        match self {
            Emp::FullTime => "FULL_TIME",
            Emp::PartTime => "PART_TIME",
            Emp::PerDiem => "PER_DIEM",
            Emp::Intern => "INTERN",
            Emp::Temporary => "TEMPORARY",
            Emp::Contractor => "CONTRACTOR",
        }
    }
}

/// A range `min..=max`.
#[derive(Deserialize, Clone, Copy, Debug)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// Lowest.
    pub min: u32,
    /// Highest.
    pub max: u32,
}

/// A group of similar jobs.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Occupation {
    /// Job titles.
    pub titles: Vec<String>,
    /// GB/T 6565 (职业分类大典) code and name.
    pub category: String,
    /// Typical monthly pay in Guangzhou, CNY.
    pub pay: Span,
    /// Skills, 2–5 of which a vacancy lists.
    pub skills: Vec<String>,
    /// Education asked for; a repeated entry is likelier.
    pub education: Vec<Edu>,
    /// Months of experience asked for, lowest and highest.
    pub experience_months: Span,
    /// Employment types; the first is the usual one.
    pub employment: Vec<Emp>,
    /// Target groups the job suits.
    pub groups: Vec<String>,
    /// The kind of work.
    pub kind: Kind,
    /// Kinds of place (bits) the job is usually in.
    #[serde(deserialize_with = "zone_bits")]
    pub zones: u8,
    /// Sector ids, as written.
    pub sectors: Vec<String>,
    /// The sectors, as positions in [`Data::sectors`].
    #[serde(skip)]
    pub sector_indices: Vec<usize>,
    /// Relative frequency by district slug, as written.
    pub weights: BTreeMap<String, u32>,
    /// Relative frequency in each district of [`DISTRICTS`], in that order.
    #[serde(skip)]
    pub district_weights: Vec<u32>,
    /// Listed under 岗位职责.
    pub duties: Vec<String>,
    /// Listed under 任职要求.
    pub requirements: Vec<String>,
}

/// The stock phrases (`phrases.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    /// The requirement line for each education level.
    pub education: ByEducation,
    /// Benefits by kind of work.
    pub benefits: ByKind<Vec<String>>,
    /// A benefit that comes first for some employment types.
    pub benefits_by_type: ByType<String>,
    /// Work hours by kind of work.
    pub work_hours: ByKind<Vec<String>>,
    /// Work hours that some employment types use whatever the kind of work.
    pub work_hours_by_type: ByType<Vec<String>>,
    /// The requirement line for a target group, by its id.
    pub group_notes: BTreeMap<String, String>,
}

/// One text per education level.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByEducation {
    none: String,
    #[serde(rename = "high school")]
    high_school: String,
    #[serde(rename = "associate degree")]
    associate: String,
    #[serde(rename = "bachelor degree")]
    bachelor: String,
    #[serde(rename = "postgraduate degree")]
    postgrad: String,
}

impl ByEducation {
    /// The text for `edu`.
    pub fn get(&self, edu: Edu) -> &str {
        match edu {
            Edu::None => &self.none,
            Edu::HighSchool => &self.high_school,
            Edu::Associate => &self.associate,
            Edu::Bachelor => &self.bachelor,
            Edu::Postgrad => &self.postgrad,
        }
    }
}

/// One value per kind of work.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByKind<T> {
    manual: T,
    service: T,
    office: T,
    tech: T,
    agriculture: T,
}

impl<T> ByKind<T> {
    /// The value for `kind`.
    pub fn get(&self, kind: Kind) -> &T {
        match kind {
            Kind::Manual => &self.manual,
            Kind::Service => &self.service,
            Kind::Office => &self.office,
            Kind::Tech => &self.tech,
            Kind::Agriculture => &self.agriculture,
        }
    }

    fn all(&self) -> [(&'static str, &T); 5] {
        [("manual", &self.manual), ("service", &self.service), ("office", &self.office), ("tech", &self.tech), ("agriculture", &self.agriculture)]
    }
}

/// A value for some employment types.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "SCREAMING_SNAKE_CASE")]
pub struct ByType<T> {
    full_time: Option<T>,
    part_time: Option<T>,
    per_diem: Option<T>,
    intern: Option<T>,
    temporary: Option<T>,
    contractor: Option<T>,
}

impl<T> ByType<T> {
    /// The value for `emp`, if it has one.
    pub fn get(&self, emp: Emp) -> Option<&T> {
        match emp {
            Emp::FullTime => self.full_time.as_ref(),
            Emp::PartTime => self.part_time.as_ref(),
            Emp::PerDiem => self.per_diem.as_ref(),
            Emp::Intern => self.intern.as_ref(),
            Emp::Temporary => self.temporary.as_ref(),
            Emp::Contractor => self.contractor.as_ref(),
        }
    }

    fn all(&self) -> impl Iterator<Item = (&'static str, &T)> {
        [Emp::FullTime, Emp::PartTime, Emp::PerDiem, Emp::Intern, Emp::Temporary, Emp::Contractor]
            .into_iter()
            .filter_map(|e| self.get(e).map(|v| (e.as_str(), v)))
    }
}

/// A kind of place, as written in the files.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Zone {
    Industrial,
    Office,
    Commercial,
    Rural,
    Port,
}

/// Reads a list of zone names as bits.
fn zone_bits<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let zones = Vec::<Zone>::deserialize(deserializer)?;
    Ok(zones.into_iter().fold(0, |bits, z| {
        bits | match z {
            Zone::Industrial => IND,
            Zone::Office => OFF,
            Zone::Commercial => COM,
            Zone::Rural => RUR,
            Zone::Port => PORT,
        }
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DistrictsFile {
    district: Vec<District>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmployersFile {
    mailboxes: Vec<String>,
    brands: Vec<Brand>,
    sector: Vec<Sector>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OccupationsFile {
    occupation: Vec<Occupation>,
}

/// Parses one file, naming it in the error.
fn parse_file<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<T, String> {
    toml::from_str(text).map_err(|e| format!("xtask/data/{name}: {e}"))
}

/// Fails with `message` about `what` unless `ok`.
fn ensure(ok: bool, what: impl FnOnce() -> String, message: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(format!("{}: {message}", what())) }
}

/// Whether `s` is a GB/T 6565 group code and name: `<major>-<middle>-<minor> <name>`, e.g. `6-18-02 焊工`.
pub fn is_occupation_code(s: &str) -> bool {
    let Some((code, name)) = s.split_once(' ') else {
        return false;
    };
    let parts: Vec<&str> = code.split('-').collect();
    parts.len() == 3
        && matches!(parts[0].as_bytes(), [b'1'..=b'8'])
        && parts[1..].iter().all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
        && !name.trim().is_empty()
        && name.trim() == name
}

/// Whether `s` is a non-empty run of `a`–`z`.
fn is_lower_ascii(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// Whether no two items of `items` are equal.
fn distinct<T: Ord>(items: impl IntoIterator<Item = T>) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    items.into_iter().all(|x| seen.insert(x))
}

/// Whether every text is non-empty and the list is too.
fn texts(list: &[String]) -> bool {
    !list.is_empty() && list.iter().all(|s| !s.trim().is_empty())
}

/// Months of experience a vacancy may ask for (see `occupations.toml`).
pub const EXPERIENCE_STEPS: [u32; 6] = [0, 6, 12, 24, 36, 60];

impl Data {
    /// Parses the four files, resolves their names for each other and checks every entry.
    pub fn parse(sources: Sources<'_>) -> Result<Data, String> {
        let DistrictsFile { district: districts } = parse_file("districts.toml", sources.districts)?;
        let EmployersFile { mailboxes, brands, sector: sectors } = parse_file("employers.toml", sources.employers)?;
        let OccupationsFile { occupation: mut occupations } = parse_file("occupations.toml", sources.occupations)?;
        let phrases: Phrases = parse_file("phrases.toml", sources.phrases)?;

        check_districts(&districts)?;
        check_employers(&mailboxes, &brands, &sectors)?;
        for (i, o) in occupations.iter_mut().enumerate() {
            resolve_occupation(i, o, &sectors)?;
        }
        for (d, slug) in DISTRICTS.iter().enumerate() {
            ensure(
                occupations.iter().any(|o| o.district_weights[d] > 0),
                || format!("xtask/data/occupations.toml: district {slug}"),
                "no occupation has a weight above 0 for it",
            )?;
        }
        check_phrases(&phrases)?;
        Ok(Data { districts, mailboxes, brands, sectors, occupations, phrases })
    }
}

fn check_districts(districts: &[District]) -> Result<(), String> {
    let slugs: Vec<&str> = districts.iter().map(|d| d.slug.as_str()).collect();
    ensure(
        slugs == DISTRICTS,
        || "xtask/data/districts.toml".into(),
        &format!("the districts must be {DISTRICTS:?}, in that order (found {slugs:?})"),
    )?;
    for d in districts {
        let at = || format!("xtask/data/districts.toml: district {}", d.slug);
        ensure(is_lower_ascii(&d.code), at, "code must be lowercase a-z")?;
        ensure(texts(&d.places), at, "places must be a non-empty list of names")?;
        ensure((50..=200).contains(&d.pay_percent), at, "pay_percent must be between 50 and 200")?;
        ensure(d.flexible_percent <= 100, at, "flexible_percent must be at most 100")?;
        ensure((0.0..=0.05).contains(&d.jitter), at, "jitter must be between 0 and 0.05 degrees")?;
        ensure(!d.localities.is_empty(), at, "a district needs at least one locality")?;
        ensure(distinct(d.localities.iter().map(|l| &l.name)), at, "two localities have the same name")?;
        for l in &d.localities {
            let at = || format!("xtask/data/districts.toml: district {}, locality {}", d.slug, l.name);
            ensure(l.name.ends_with("街道") || l.name.ends_with('镇'), at, "the name of a street ends in 街道, of a town in 镇")?;
            // Guangzhou lies within about 22°26′–23°56′ N, 112°57′–114°03′ E.
            ensure((22.4..=24.0).contains(&l.lat) && (112.9..=114.1).contains(&l.lon), at, "lat, lon must lie in Guangzhou")?;
            ensure(l.zones != 0, at, "a locality needs at least one zone")?;
            ensure(l.postal.len() == 6 && l.postal.bytes().all(|b| b.is_ascii_digit()), at, "postal must be six digits")?;
            ensure(texts(&l.roads), at, "roads must be a non-empty list of names")?;
        }
    }
    Ok(())
}

fn check_employers(mailboxes: &[String], brands: &[Brand], sectors: &[Sector]) -> Result<(), String> {
    let at = || "xtask/data/employers.toml".to_string();
    ensure(!mailboxes.is_empty() && mailboxes.iter().all(|m| is_lower_ascii(m)), at, "mailboxes must be a non-empty list of lowercase a-z names")?;
    ensure(!brands.is_empty(), at, "brands must not be empty")?;
    ensure(distinct(brands.iter().map(|b| &b.name)), at, "two brands have the same name")?;
    ensure(distinct(brands.iter().map(|b| &b.pinyin)), at, "two brands have the same pinyin")?;
    for b in brands {
        ensure(
            !b.name.trim().is_empty() && is_lower_ascii(&b.pinyin),
            || format!("xtask/data/employers.toml: brand {:?}", b.name),
            "needs a name and a lowercase a-z pinyin",
        )?;
    }
    ensure(distinct(sectors.iter().map(|s| &s.id)), at, "two sectors have the same id")?;
    for s in sectors {
        let at = || format!("xtask/data/employers.toml: sector {:?}", s.id);
        ensure(!s.id.is_empty() && !s.industry.trim().is_empty(), at, "needs an id and an industry")?;
        ensure(texts(&s.endings), at, "endings must be a non-empty list")?;
    }
    Ok(())
}

/// Checks occupation `i` and fills in its sector indices and weights.
fn resolve_occupation(i: usize, o: &mut Occupation, sectors: &[Sector]) -> Result<(), String> {
    let title = o.titles.first().cloned().unwrap_or_default();
    let at = || format!("xtask/data/occupations.toml: occupation {} ({title})", i + 1);
    ensure(texts(&o.titles), at, "titles must be a non-empty list")?;
    ensure(is_occupation_code(&o.category), at, "category must be a GB/T 6565 code and name, like \"6-18-02 焊工\"")?;
    ensure(0 < o.pay.min && o.pay.min < o.pay.max, at, &format!("pay: min {} must be above 0 and below max {}", o.pay.min, o.pay.max))?;
    ensure(o.pay.max <= 100_000, at, "pay is monthly: max must be at most 100000")?;
    ensure(o.skills.len() >= 2 && texts(&o.skills) && distinct(&o.skills), at, "skills must be at least 2 different ones")?;
    ensure(!o.education.is_empty(), at, "education must not be empty")?;
    let exp = o.experience_months;
    ensure(exp.min <= exp.max, at, "experience_months: min must not be above max")?;
    ensure(EXPERIENCE_STEPS.iter().any(|m| (exp.min..=exp.max).contains(m)), at, "experience_months must hold one of 0, 6, 12, 24, 36, 60")?;
    ensure(!o.employment.is_empty(), at, "employment must not be empty")?;
    for g in &o.groups {
        ensure(TARGET_GROUPS.contains(&g.as_str()), at, &format!("unknown target group {g:?} (known: {TARGET_GROUPS:?})"))?;
    }
    ensure(o.zones != 0, at, "zones must not be empty")?;
    ensure(!o.sectors.is_empty() && distinct(&o.sectors), at, "sectors must be a non-empty list without repeats")?;
    o.sector_indices = o
        .sectors
        .iter()
        .map(|id| sectors.iter().position(|s| s.id == *id).ok_or_else(|| format!("{}: unknown sector {id:?} (not in employers.toml)", at())))
        .collect::<Result<_, _>>()?;
    for slug in o.weights.keys() {
        ensure(DISTRICTS.contains(&slug.as_str()), at, &format!("weights: unknown district {slug:?}"))?;
    }
    o.district_weights = DISTRICTS.iter().map(|d| o.weights.get(*d).copied().unwrap_or(0)).collect();
    ensure(o.district_weights.iter().any(|&w| w > 0), at, "weights: at least one district needs a weight above 0")?;
    ensure(o.district_weights.iter().all(|&w| w <= 1000), at, "weights must be at most 1000")?;
    ensure(o.duties.len() >= 3 && texts(&o.duties), at, "duties must be at least 3")?;
    ensure(o.requirements.len() >= 2 && texts(&o.requirements), at, "requirements must be at least 2")?;
    Ok(())
}

fn check_phrases(p: &Phrases) -> Result<(), String> {
    fn at<'a>(table: &'a str, key: &'a str) -> impl Fn() -> String + 'a {
        move || format!("xtask/data/phrases.toml: [{table}] {key}")
    }
    let levels = [("none", Edu::None), ("high school", Edu::HighSchool), ("associate degree", Edu::Associate)];
    let levels = levels.into_iter().chain([("bachelor degree", Edu::Bachelor), ("postgraduate degree", Edu::Postgrad)]);
    for (name, edu) in levels {
        ensure(!p.education.get(edu).trim().is_empty(), at("education", name), "must not be empty")?;
    }
    for (table, by_kind) in [("benefits", &p.benefits), ("work_hours", &p.work_hours)] {
        for (kind, list) in by_kind.all() {
            ensure(texts(list), at(table, kind), "must be a non-empty list")?;
        }
    }
    for (emp, text) in p.benefits_by_type.all() {
        ensure(!text.trim().is_empty(), at("benefits_by_type", emp), "must not be empty")?;
    }
    for (emp, list) in p.work_hours_by_type.all() {
        ensure(texts(list), at("work_hours_by_type", emp), "must be a non-empty list")?;
    }
    for (group, note) in &p.group_notes {
        ensure(TARGET_GROUPS.contains(&group.as_str()), at("group_notes", group), "not a target group of site.toml")?;
        ensure(!note.trim().is_empty(), at("group_notes", group), "must not be empty")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::tests::DISTRICT_BOUNDS;

    #[test]
    fn the_data_files_load_and_are_consistent() {
        let data = load().unwrap_or_else(|e| panic!("{e}"));

        // Districts: the site's, in stream order, each with streets or towns inside it, with roads and zones.
        assert_eq!(data.districts.iter().map(|d| d.slug.as_str()).collect::<Vec<_>>(), DISTRICTS);
        assert!(distinct(data.districts.iter().map(|d| &d.code)), "district codes make distinct e-mail domains");
        for (d, (slug, (lat_lo, lat_hi), (lon_lo, lon_hi))) in data.districts.iter().zip(DISTRICT_BOUNDS) {
            assert_eq!(d.slug, slug);
            assert!(d.localities.len() >= 5, "{slug}: {} localities", d.localities.len());
            assert!(!d.places.is_empty() && d.pay_percent > 0);
            for l in &d.localities {
                let lat = (l.lat - d.jitter, l.lat + d.jitter);
                let lon = (l.lon - d.jitter, l.lon + d.jitter);
                assert!(lat_lo <= lat.0 && lat.1 <= lat_hi && lon_lo <= lon.0 && lon.1 <= lon_hi, "{slug}: {} at {}, {}", l.name, l.lat, l.lon);
                assert!(!l.roads.is_empty() && l.roads.iter().all(|r| !r.is_empty() && !l.name.contains(r.as_str())), "{}: {:?}", l.name, l.roads);
                assert!(l.zones != 0 && l.zones < 32);
                assert!(l.postal.starts_with("51"), "{}: Guangzhou postal codes start with 51, not {}", l.name, l.postal);
            }
        }

        // Employers: enough brands for every district's employers, distinct e-mail domains, sectors all used.
        assert!(data.brands.len() >= 30);
        assert!(distinct(data.brands.iter().map(|b| &b.pinyin)));
        for (s, sector) in data.sectors.iter().enumerate() {
            assert!(data.occupations.iter().any(|o| o.sector_indices.contains(&s)), "sector {} is used by no occupation", sector.id);
            assert!(!sector.endings.is_empty());
        }

        // Occupations: well-formed codes, salary ranges, experience spans, groups and sectors.
        assert!(data.occupations.len() >= 50);
        for o in &data.occupations {
            let what = &o.titles[0];
            assert!(is_occupation_code(&o.category), "{what}: {}", o.category);
            // Monthly CNY, within what gen_content's tests hold generated salaries to (3,000–45,000 a month).
            assert!(o.pay.min <= o.pay.max && (3_000..=40_000).contains(&o.pay.min) && o.pay.max <= 40_000, "{what}: {:?}", o.pay);
            assert!(o.experience_months.min <= o.experience_months.max);
            assert!(EXPERIENCE_STEPS.iter().any(|m| (o.experience_months.min..=o.experience_months.max).contains(m)), "{what}");
            assert!((2..).contains(&o.skills.len()) && o.duties.len() >= 3 && o.requirements.len() >= 2, "{what}");
            assert!(o.groups.iter().all(|g| TARGET_GROUPS.contains(&g.as_str())), "{what}");
            assert_eq!(o.sector_indices.len(), o.sectors.len());
            for (&s, id) in o.sector_indices.iter().zip(&o.sectors) {
                assert_eq!(&data.sectors[s].id, id);
            }
            assert_eq!(o.district_weights.len(), DISTRICTS.len());
            assert_eq!(o.district_weights.iter().sum::<u32>(), o.weights.values().sum::<u32>(), "{what}: a weight for an unknown district");
        }
        // Every district draws from a good number of occupations.
        for (d, slug) in DISTRICTS.iter().enumerate() {
            let here = data.occupations.iter().filter(|o| o.district_weights[d] > 0).count();
            assert!(here >= 10, "{slug}: {here} occupations");
        }

        // Phrases: every pool drawn from has entries; the group notes are for site.toml's groups.
        for kind in [Kind::Manual, Kind::Service, Kind::Office, Kind::Tech, Kind::Agriculture] {
            assert!(data.phrases.benefits.get(kind).len() >= 4, "{kind:?}: a vacancy draws up to 4 distinct benefits");
            assert!(!data.phrases.work_hours.get(kind).is_empty());
        }
        assert!(data.phrases.group_notes.keys().all(|g| TARGET_GROUPS.contains(&g.as_str())));
        assert!(data.phrases.work_hours_by_type.get(Emp::PartTime).is_some());
    }

    #[test]
    fn codes_are_checked() {
        for good in ["6-18-02 焊工", "2-02-38 人工智能工程技术人员", "4-01-06 互联网营销师"] {
            assert!(is_occupation_code(good), "{good}");
        }
        for bad in ["6-18-2 焊工", "618-02 焊工", "9-18-02 焊工", "6-18-02", "6-18-02 ", "6-18-02焊工", "6–18–02 焊工", "6-1a-02 焊工"]
        {
            assert!(!is_occupation_code(bad), "{bad}");
        }
    }

    /// [`EMBEDDED`] with the first `from` in one file replaced by `to`, parsed.
    fn edited(file: &str, from: &str, to: &str) -> Result<Data, String> {
        let original = match file {
            "districts" => EMBEDDED.districts,
            "employers" => EMBEDDED.employers,
            "occupations" => EMBEDDED.occupations,
            _ => EMBEDDED.phrases,
        };
        assert!(original.contains(from), "{file}: {from:?} not found");
        let text = original.replacen(from, to, 1);
        let sources = match file {
            "districts" => Sources { districts: &text, ..EMBEDDED },
            "employers" => Sources { employers: &text, ..EMBEDDED },
            "occupations" => Sources { occupations: &text, ..EMBEDDED },
            _ => Sources { phrases: &text, ..EMBEDDED },
        };
        Data::parse(sources)
    }

    #[test]
    fn mistakes_in_the_files_are_reported_with_the_file_and_entry() {
        // (file, text in it, replacement, what the error must say)
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, &[&str])] = &[
            ("occupations", "pay = { min = 6500, max = 9500 }", "pay = { min = 9500, max = 6500 }", &["occupations.toml", "occupation 1 (焊工（二氧化碳保护焊）)", "min 9500"]),
            ("occupations", "category = \"6-18-02 焊工\"", "category = \"618-02 焊工\"", &["occupation 1", "GB/T 6565"]),
            ("occupations", "sectors = [\"auto\", \"machinery\"]", "sectors = [\"auto\", \"machinry\"]", &["unknown sector \"machinry\""]),
            ("occupations", "groups = [\"veteran\", \"rural-labour\"]", "groups = [\"veterans\"]", &["unknown target group \"veterans\""]),
            ("occupations", "weights = { huangpu = 8, nansha = 2, zengcheng = 5 }", "weights = { huangpu = 8, nanhsa = 2 }", &["unknown district \"nanhsa\""]),
            ("occupations", "weights = { huangpu = 8, nansha = 2, zengcheng = 5 }", "weights = {}", &["at least one district"]),
            ("occupations", "experience_months = { min = 6, max = 36 }", "experience_months = { min = 7, max = 11 }", &["one of 0, 6, 12"]),
            ("occupations", "skills = [\"二氧化碳保护焊\", \"氩弧焊\", \"焊工证\", \"识图\", \"安全生产\"]", "skils = [\"焊工证\"]", &["occupations.toml", "skils"]),
            ("occupations", "kind = \"manual\"", "kind = \"manul\"", &["occupations.toml", "manul"]),
            ("districts", "postal = \"510700\"", "postal = \"51070\"", &["district huangpu, locality 黄埔街道", "six digits"]),
            ("districts", "zones = [\"port\", \"commercial\"]", "zones = []", &["locality 黄埔街道", "at least one zone"]),
            ("districts", "zones = [\"port\", \"commercial\"]", "zones = [\"harbour\"]", &["districts.toml", "harbour"]),
            ("districts", "lat = 23.103, lon = 113.437", "lat = 113.437, lon = 23.103", &["locality 黄埔街道", "Guangzhou"]),
            ("districts", "slug = \"liwan\"", "slug = \"lwan\"", &["in that order"]),
            ("employers", "{ name = \"恒拓\", pinyin = \"hengtuo\" }", "{ name = \"恒拓\", pinyin = \"ruichi\" }", &["same pinyin"]),
            ("employers", "endings = [\"律师事务所\"", "endings = [\" \"", &["sector \"legal\"", "non-empty list"]),
            ("phrases", "agriculture = [\"包吃住\"", "agriculture = [] #", &["[benefits] agriculture"]),
            ("phrases", "rural-labour = ", "rural-labor = ", &["[group_notes] rural-labor"]),
        ];
        for &(file, from, to, expected) in cases {
            let Err(e) = edited(file, from, to) else { panic!("{file}: {from:?} → {to:?} was accepted") };
            for part in expected {
                assert!(e.contains(part), "{file}: {from:?} → {to:?}: {e:?} lacks {part:?}");
            }
        }
        assert!(Data::parse(EMBEDDED).is_ok(), "the files as they are load");
    }
}
