//! Matching a citizen's profile to vacancies (issue 4), explainably: hard filters, then a score that is a
//! weighted mean of parts, each in 0..=1, each with the short reason it gives. Computed in the browser
//! from the profile the citizen keeps there; nothing here sees anything but the profile and the vacancy.
//!
//! Hard filters: the work types the citizen accepts (none chosen: any), and how far they will travel
//! when both the vacancy and the citizen have a place (a vacancy without coordinates is kept: its
//! distance part is unknown).
//!
//! Parts ([`Part`]) and their default weights ([`Weights::default`]; a caller may set others with
//! [`Weights::with`], as a district does with `[matching]` in its `district.toml`):
//!
//! | part | value | unknown when |
//! |---|---|---|
//! | skills | the vacancy's skills the citizen has, each weighted by rarity (`ln(1 + N / (1 + df))`) and twice for required ones, over all of them | the vacancy lists no skill |
//! | occupation | 1 same occupation code (GB/T 6565 `6-31-01`), 0.6 same middle group (`6-31`), 0.3 same major group (`6`), else 0, best over the citizen's occupations | either side has none |
//! | text | the search's relevance, relative to the best result | nothing typed |
//! | distance | 1 at the door, falling linearly to 0 at the travel limit | no place on either side, or no limit (0 minutes) |
//! | salary | 1 when the vacancy's monthly maximum reaches the citizen's minimum, else maximum / minimum | no minimum, or no salary stated |
//! | education | 1 when the citizen's education meets the requirement, 0.5 one level short, else 0 (a professional certificate counts as high school's level) | the citizen said nothing |
//! | experience | 1 when the citizen's months meet the requirement, else months / required | the citizen said nothing |
//! | group | 1 when the vacancy welcomes one of the citizen's target groups, else 0.5 | the citizen belongs to none |
//! | freshness | halves every 30 days since posting | never |
//!
//! The score is the weighted mean over the known parts (an unknown part neither helps nor hurts), so
//! it stays in 0..=1. Age and sex are not inputs at all: they can never lower a score (age serves
//! policy eligibility only, see [`crate::eligibility`]).

use crate::date::Date;
use crate::tokenize;
use crate::vacancy::{Education, EmploymentType, Vacancy};

/// A place (WGS 84 degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    const EARTH_KM: f64 = 6371.0;
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let (dla, dlo) = ((b.lat - a.lat).to_radians(), (b.lon - a.lon).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().asin()
}

/// How the citizen travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// On foot, 4.8 km/h: the "15-minute employment service circle" is 1.2 km.
    #[default]
    Walk,
    /// By bicycle, 12 km/h.
    Cycle,
    /// By bus or metro, 18 km/h door to door.
    Transit,
}

impl Mode {
    /// Average speed in km/h (straight-line distance over door-to-door time).
    pub fn speed_kmh(self) -> f64 {
        match self {
            Mode::Walk => 4.8,
            Mode::Cycle => 12.0,
            Mode::Transit => 18.0,
        }
    }

    /// Minutes to cover `km`, rounded up (a walk of 7.5 minutes is "8 min"; the tolerance keeps an exact
    /// 15.0 from becoming 16 through rounding noise).
    pub fn minutes(self, km: f64) -> u32 {
        (km / self.speed_kmh() * 60.0 - 1e-6).ceil().max(0.0) as u32
    }

    /// The URL/storage spelling.
    pub fn key(self) -> &'static str {
        match self {
            Mode::Walk => "walk",
            Mode::Cycle => "cycle",
            Mode::Transit => "transit",
        }
    }

    /// Parses [`Mode::key`].
    pub fn parse(s: &str) -> Option<Mode> {
        [Mode::Walk, Mode::Cycle, Mode::Transit].into_iter().find(|m| m.key() == s)
    }
}

/// How far the citizen will travel: a mode and a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Travel {
    /// How.
    pub mode: Mode,
    /// At most this many minutes.
    pub minutes: u32,
}

impl Travel {
    /// The distance limit in km.
    pub fn max_km(self) -> f64 {
        self.mode.speed_kmh() * f64::from(self.minutes) / 60.0
    }
}

impl Default for Travel {
    /// The 15-minute circle on foot (1.2 km).
    fn default() -> Self {
        Travel { mode: Mode::Walk, minutes: 15 }
    }
}

/// What the citizen told the widget about themselves (only what matching uses; see
/// [`crate::eligibility::Facts`] for what policies need).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Skills, as written (compared folded: case, width, Traditional forms).
    pub skills: Vec<String>,
    /// Occupation codes they have worked in or want (GB/T 6565, `6-31-01`).
    pub occupations: Vec<String>,
    /// Where they are.
    pub location: Option<GeoPoint>,
    /// How far they will travel.
    pub travel: Travel,
    /// Lowest acceptable monthly pay (CNY).
    pub min_salary: Option<u32>,
    /// Highest education completed.
    pub education: Option<Education>,
    /// Months of work experience.
    pub experience_months: Option<u32>,
    /// Work types they accept (empty: any).
    pub work_types: Vec<EmploymentType>,
    /// Target groups (site.toml ids) they belong to.
    pub groups: Vec<String>,
}

/// What matching reads of a vacancy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobFeatures {
    /// Required skills.
    pub skills: Vec<String>,
    /// Preferred skills (count half).
    pub preferred: Vec<String>,
    /// Occupation code (GB/T 6565), if any.
    pub occupation: Option<String>,
    /// Where the work is.
    pub location: Option<GeoPoint>,
    /// `location` is the middle of the vacancy's street or town, not its own coordinates (see
    /// [`approximate_locations`]).
    pub location_approx: bool,
    /// District and street/town (`addressLocality`), for [`approximate_locations`].
    pub place: Option<(String, String)>,
    /// Monthly pay range (CNY), if stated.
    pub salary_monthly: Option<(u32, u32)>,
    /// Education required (`None`: no requirement).
    pub education: Option<Education>,
    /// Months of experience required.
    pub experience_months: u32,
    /// Work types.
    pub work_types: Vec<EmploymentType>,
    /// Target groups it welcomes.
    pub groups: Vec<String>,
    /// Days since it was posted.
    pub age_days: u32,
}

/// What matching reads of `v` on `today` (China time): its listed skills (all counted as required: the
/// vocabulary has no "preferred" marker), the first place with coordinates, the monthly pay range.
pub fn features(v: &Vacancy, today: Date) -> JobFeatures {
    JobFeatures {
        skills: v.skills.clone(),
        preferred: Vec::new(),
        occupation: v.occupational_category.clone(),
        location: v.locations.iter().find_map(|p| p.geo).map(|(lat, lon)| GeoPoint { lat, lon }),
        location_approx: false,
        place: v.locations.iter().find_map(|p| p.address_locality.clone()).map(|l| (v.district.clone(), l)),
        salary_monthly: v.base_salary.as_ref().map(|s| s.monthly_range()),
        education: v.education,
        experience_months: v.experience_months.unwrap_or(0),
        work_types: v.employment_types.clone(),
        groups: v.target_groups.clone(),
        age_days: (today.days_since_epoch() - v.date_posted.china_date().days_since_epoch()).max(0) as u32,
    }
}

/// Gives each vacancy without coordinates the middle of the coordinates of the vacancies in the same
/// district and street/town (`location_approx` set), so that a far-away vacancy without coordinates does
/// not slip past the travel limit. One without either stays without a place (distance unknown).
pub fn approximate_locations(jobs: &mut [JobFeatures]) {
    let mut sums: std::collections::HashMap<(String, String), (f64, f64, u32)> = std::collections::HashMap::new();
    for j in jobs.iter() {
        if let (Some(p), Some(g)) = (&j.place, j.location) {
            let e = sums.entry(p.clone()).or_default();
            *e = (e.0 + g.lat, e.1 + g.lon, e.2 + 1);
        }
    }
    for j in jobs.iter_mut().filter(|j| j.location.is_none()) {
        if let Some(&(lat, lon, n)) = j.place.as_ref().and_then(|p| sums.get(p)) {
            j.location = Some(GeoPoint { lat: lat / f64::from(n), lon: lon / f64::from(n) });
            j.location_approx = true;
        }
    }
}

/// How rare each skill is among the vacancies (for the skills part).
#[derive(Debug, Clone, Default)]
pub struct SkillStats {
    /// Number of vacancies.
    pub docs: u32,
    /// Folded skill → number of vacancies listing it.
    pub df: std::collections::HashMap<String, u32>,
}

impl SkillStats {
    /// Counts the skills of `jobs`.
    pub fn of<'a>(jobs: impl IntoIterator<Item = &'a JobFeatures>) -> SkillStats {
        let mut s = SkillStats::default();
        for j in jobs {
            s.docs += 1;
            let mut seen: Vec<String> = j.skills.iter().chain(&j.preferred).map(|k| fold(k)).collect();
            seen.sort();
            seen.dedup();
            for k in seen {
                *s.df.entry(k).or_default() += 1;
            }
        }
        s
    }

    /// Rarity weight of a folded skill: `ln(1 + N / (1 + df))`; an unknown skill counts as the rarest.
    pub fn weight(&self, folded: &str) -> f64 {
        let df = self.df.get(folded).copied().unwrap_or(0);
        (1.0 + f64::from(self.docs.max(1)) / (1.0 + f64::from(df))).ln()
    }
}

/// A part of the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Skills overlap.
    Skills,
    /// Occupation similarity.
    Occupation,
    /// Relevance to what was typed.
    Text,
    /// Distance.
    Distance,
    /// Salary fit.
    Salary,
    /// Education fit.
    Education,
    /// Experience fit.
    Experience,
    /// Target-group fit.
    Group,
    /// Freshness.
    Freshness,
}

impl Part {
    /// Every part, in display order.
    pub const ALL: [Part; 9] =
        [Part::Skills, Part::Occupation, Part::Text, Part::Distance, Part::Salary, Part::Education, Part::Experience, Part::Group, Part::Freshness];

    /// The configuration spelling (`district.toml` `[matching]` keys).
    pub fn key(self) -> &'static str {
        match self {
            Part::Skills => "skills",
            Part::Occupation => "occupation",
            Part::Text => "text",
            Part::Distance => "distance",
            Part::Salary => "salary",
            Part::Education => "education",
            Part::Experience => "experience",
            Part::Group => "group",
            Part::Freshness => "freshness",
        }
    }
}

/// The weight of each part (any non-negative numbers; the score divides by the sum of the known parts').
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights(pub [f64; 9]);

impl Default for Weights {
    /// Skills 0.30, text 0.15, distance 0.15, occupation 0.10, salary 0.10, education, experience,
    /// group and freshness 0.05 each: what a person can do first, then what they asked for, then where
    /// and for how much.
    fn default() -> Self {
        Weights([0.30, 0.10, 0.15, 0.15, 0.10, 0.05, 0.05, 0.05, 0.05])
    }
}

impl Weights {
    /// The weight of `part`.
    pub fn get(&self, part: Part) -> f64 {
        self.0[part as usize]
    }

    /// With `part` set to `w` (negative or non-finite values become 0).
    pub fn with(mut self, part: Part, w: f64) -> Weights {
        self.0[part as usize] = if w.is_finite() && w > 0.0 { w } else { 0.0 };
        self
    }
}

/// Why a vacancy scored as it did, one short reason per known part (the widget words them).
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Some of the vacancy's skills ("3 of 4 skills").
    Skills {
        /// Skills the citizen has.
        have: usize,
        /// Skills the vacancy lists.
        of: usize,
    },
    /// A related occupation.
    Occupation {
        /// 1.0 the same, 0.6 close, 0.3 related.
        similarity: f64,
    },
    /// How far ("1.1 km · 14 min walk").
    Distance {
        /// Straight-line distance.
        meters: u32,
        /// Minutes by the citizen's mode.
        minutes: u32,
        /// The mode.
        mode: Mode,
    },
    /// Even the lowest pay is at or above the citizen's minimum.
    SalaryAbove,
    /// The top of the range reaches the minimum.
    SalaryMayReach,
    /// Below the minimum.
    SalaryBelow,
    /// The education asked for is met.
    EducationMet,
    /// The education asked for is higher.
    EducationShort,
    /// The experience asked for is met.
    ExperienceMet,
    /// More experience is asked for.
    ExperienceShort {
        /// Months asked for.
        months: u32,
    },
    /// The vacancy welcomes this target group of the citizen's.
    Welcomes(String),
    /// How recent.
    Posted {
        /// Days since posting.
        days: u32,
    },
}

/// One vacancy's match: the score, each known part and the reasons, and the skills the citizen lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Weighted mean of the known parts, 0..=1.
    pub score: f64,
    /// (part, value 0..=1) for every known part, in [`Part::ALL`] order.
    pub parts: Vec<(Part, f64)>,
    /// The reasons, in [`Part::ALL`] order.
    pub reasons: Vec<Reason>,
    /// Required and preferred skills the citizen does not list, as the vacancy writes them.
    pub missing_skills: Vec<String>,
}

/// Folds a skill for comparison (case, width, Traditional forms, surrounding space).
pub fn fold(skill: &str) -> String {
    tokenize::normalize(skill.trim())
}

/// A usable place: finite coordinates only (anything else counts as no place).
fn usable(p: Option<GeoPoint>) -> Option<GeoPoint> {
    p.filter(|g| g.lat.is_finite() && g.lon.is_finite())
}

/// The profile's distance limit in km, if it sets one (0 minutes sets none).
fn limit_km(profile: &Profile) -> Option<f64> {
    Some(profile.travel.max_km()).filter(|&km| km > 0.0)
}

/// Whether `job` passes the profile's hard filters (work type, travel limit).
pub fn passes(profile: &Profile, job: &JobFeatures) -> bool {
    let types_ok = profile.work_types.is_empty() || job.work_types.iter().any(|t| profile.work_types.contains(t));
    let near = match (usable(profile.location), usable(job.location), limit_km(profile)) {
        (Some(a), Some(b), Some(max)) => distance_km(a, b) <= max,
        _ => true,
    };
    types_ok && near
}

/// The education ladder for matching: a professional certificate stands beside high school, not
/// between it and a degree (so a high-school graduate is one step, not two, short of 大专).
fn level(e: Education) -> i32 {
    match e {
        Education::None => 0,
        Education::HighSchool | Education::ProfessionalCertificate => 1,
        Education::Associate => 2,
        Education::Bachelor => 3,
        Education::Postgraduate => 4,
    }
}

/// Scores `job` for `profile`, or `None` when a hard filter excludes it. `text` is the search's relevance
/// of the vacancy relative to the best result (`None`: nothing typed).
pub fn score(profile: &Profile, job: &JobFeatures, text: Option<f64>, stats: &SkillStats, weights: &Weights) -> Option<Match> {
    if !passes(profile, job) {
        return None;
    }
    let mut parts: Vec<(Part, f64)> = Vec::new();
    let mut reasons: Vec<Reason> = Vec::new();

    // Skills.
    let have: Vec<String> = profile.skills.iter().map(|s| fold(s)).collect();
    let mut missing_skills = Vec::new();
    let all_skills: Vec<(&String, f64)> = job.skills.iter().map(|s| (s, 2.0)).chain(job.preferred.iter().map(|s| (s, 1.0))).collect();
    if !all_skills.is_empty() {
        let (mut got, mut total, mut n_have) = (0.0, 0.0, 0);
        for (s, kind) in &all_skills {
            let f = fold(s);
            let w = kind * stats.weight(&f);
            total += w;
            if have.contains(&f) {
                got += w;
                n_have += 1;
            } else {
                missing_skills.push((*s).clone());
            }
        }
        parts.push((Part::Skills, if total > 0.0 { got / total } else { 0.0 }));
        reasons.push(Reason::Skills { have: n_have, of: all_skills.len() });
    }

    // Occupation.
    if let Some(code) = job.occupation.as_deref().map(occupation_code).filter(|c| !c.is_empty())
        && !profile.occupations.is_empty()
    {
        let sim = profile.occupations.iter().map(|o| occupation_similarity(occupation_code(o), code)).fold(0.0, f64::max);
        parts.push((Part::Occupation, sim));
        if sim > 0.0 {
            reasons.push(Reason::Occupation { similarity: sim });
        }
    }

    // Text (a relevance that is not a number is no relevance).
    if let Some(t) = text.filter(|t| t.is_finite()) {
        parts.push((Part::Text, t.clamp(0.0, 1.0)));
    }

    // Distance: scored against the limit; without a limit it is only told.
    if let (Some(a), Some(b)) = (usable(profile.location), usable(job.location)) {
        let km = distance_km(a, b);
        if let Some(max) = limit_km(profile) {
            parts.push((Part::Distance, (1.0 - km / max).clamp(0.0, 1.0)));
        }
        reasons.push(Reason::Distance { meters: (km * 1000.0).round() as u32, minutes: profile.travel.mode.minutes(km), mode: profile.travel.mode });
    }

    // Salary.
    if let (Some(min), Some((lo, hi))) = (profile.min_salary.filter(|&m| m > 0), job.salary_monthly) {
        let (v, r) = if lo >= min {
            (1.0, Reason::SalaryAbove)
        } else if hi >= min {
            (1.0, Reason::SalaryMayReach)
        } else {
            (f64::from(hi) / f64::from(min), Reason::SalaryBelow)
        };
        parts.push((Part::Salary, v));
        reasons.push(r);
    }

    // Education.
    if let Some(mine) = profile.education {
        let need = job.education.unwrap_or(Education::None);
        let short = level(need) - level(mine);
        let v = match short {
            ..=0 => 1.0,
            1 => 0.5,
            _ => 0.0,
        };
        parts.push((Part::Education, v));
        reasons.push(if short <= 0 { Reason::EducationMet } else { Reason::EducationShort });
    }

    // Experience.
    if let Some(mine) = profile.experience_months {
        let need = job.experience_months;
        let v = if mine >= need { 1.0 } else { f64::from(mine) / f64::from(need) };
        parts.push((Part::Experience, v));
        reasons.push(if mine >= need { Reason::ExperienceMet } else { Reason::ExperienceShort { months: need } });
    }

    // Target groups.
    if !profile.groups.is_empty() {
        let welcomed = profile.groups.iter().find(|g| job.groups.contains(g));
        parts.push((Part::Group, if welcomed.is_some() { 1.0 } else { 0.5 }));
        if let Some(g) = welcomed {
            reasons.push(Reason::Welcomes(g.clone()));
        }
    }

    // Freshness.
    parts.push((Part::Freshness, 0.5f64.powf(f64::from(job.age_days) / 30.0)));
    reasons.push(Reason::Posted { days: job.age_days });

    let (sum, wsum) = parts.iter().fold((0.0, 0.0), |(s, w), &(p, v)| (s + weights.get(p) * v, w + weights.get(p)));
    let score = if wsum > 0.0 { sum / wsum } else { 0.0 };
    Some(Match { score, parts, reasons, missing_skills })
}

/// The code part of an occupational category (`6-31-01 机械设备修理人员` → `6-31-01`).
pub fn occupation_code(category: &str) -> &str {
    category.split_whitespace().next().filter(|c| c.chars().next().is_some_and(|ch| ch.is_ascii_digit())).unwrap_or("")
}

/// Similarity of two GB/T 6565 codes: 1 equal, 0.6 same first two levels, 0.3 same major group, else 0.
pub fn occupation_similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let levels = |c: &str| c.split('-').map(str::to_owned).collect::<Vec<_>>();
    let (la, lb) = (levels(a), levels(b));
    if la.len() >= 2 && lb.len() >= 2 && la[..2] == lb[..2] {
        0.6
    } else if la[0] == lb[0] {
        0.3
    } else {
        0.0
    }
}

/// Ranks `jobs` for `profile`: those passing the hard filters, best score first (ties: the order given,
/// which callers keep newest first). `text(i)` is job `i`'s relative text relevance, if anything was typed.
pub fn rank(
    profile: &Profile,
    jobs: &[JobFeatures],
    text: impl Fn(usize) -> Option<f64>,
    stats: &SkillStats,
    weights: &Weights,
) -> Vec<(usize, Match)> {
    let mut out: Vec<(usize, Match)> =
        jobs.iter().enumerate().filter_map(|(i, j)| score(profile, j, text(i), stats, weights).map(|m| (i, m))).collect();
    out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
    out
}

/// A station as the 15-minute circle needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StationPlace {
    /// Where it is.
    pub location: GeoPoint,
    /// Its `openingHours` rules.
    pub hours: Vec<crate::hours::Rule>,
}

/// A station near the citizen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    /// Index into the stations given.
    pub station: usize,
    /// Straight-line distance in metres.
    pub meters: u32,
    /// Minutes by the citizen's mode.
    pub minutes: u32,
    /// Whether it is within the travel limit.
    pub within: bool,
    /// Open at the time asked (weekday 0 = Monday, minute of the day, China time).
    pub open_now: bool,
}

/// The `n` stations nearest to `from`, nearest first (ties: the order given), each with its distance,
/// minutes by `travel`'s mode, whether it is within the limit and whether it is open at `weekday`
/// (0 = Monday) and `minute` past midnight.
pub fn nearest_stations(from: GeoPoint, travel: Travel, stations: &[StationPlace], weekday: usize, minute: u16, n: usize) -> Vec<Near> {
    let mut out: Vec<Near> = stations
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let km = distance_km(from, s.location);
            Near {
                station: i,
                meters: (km * 1000.0).round() as u32,
                minutes: travel.mode.minutes(km),
                within: km <= travel.max_km(),
                open_now: s.hours.iter().any(|r| r.is_open(weekday, minute)),
            }
        })
        .collect();
    out.sort_by(|a, b| a.meters.cmp(&b.meters).then(a.station.cmp(&b.station)));
    out.truncate(n);
    out
}

/// Normalized discounted cumulative gain of a ranking at `k`: `gains` are the graded relevance labels of
/// the ranked items in order (unlabelled: 0), `ideal` every label there is. 1 is a perfect order.
pub fn ndcg_at(k: usize, gains: &[u32], ideal: &[u32]) -> f64 {
    let dcg = |g: &[u32]| g.iter().take(k).enumerate().map(|(i, &r)| (2f64.powi(r as i32) - 1.0) / ((i + 2) as f64).log2()).sum::<f64>();
    let mut best = ideal.to_vec();
    best.sort_unstable_by(|a, b| b.cmp(a));
    let ideal_dcg = dcg(&best);
    if ideal_dcg == 0.0 { 0.0 } else { dcg(gains) / ideal_dcg }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: GeoPoint = GeoPoint { lat: 23.1291, lon: 113.2644 };

    /// A point `km` north of `p`.
    fn north(p: GeoPoint, km: f64) -> GeoPoint {
        GeoPoint { lat: p.lat + km / 111.195, lon: p.lon }
    }

    fn job() -> JobFeatures {
        JobFeatures {
            skills: vec!["PLC".into(), "电工证".into()],
            preferred: vec![],
            occupation: Some("6-31-01 机械设备修理人员".into()),
            location: Some(north(HOME, 1.1)),
            location_approx: false,
            place: None,
            salary_monthly: Some((6000, 8000)),
            education: Some(Education::HighSchool),
            experience_months: 12,
            work_types: vec![EmploymentType::FullTime],
            groups: vec!["veteran".into()],
            age_days: 0,
        }
    }

    fn stats() -> SkillStats {
        let mut s = SkillStats { docs: 100, df: Default::default() };
        s.df.insert("plc".into(), 10);
        s.df.insert("电工证".into(), 40);
        s
    }

    fn part(m: &Match, p: Part) -> Option<f64> {
        m.parts.iter().find(|(q, _)| *q == p).map(|x| x.1)
    }

    #[test]
    fn distances_and_walking_minutes() {
        let d = distance_km(HOME, north(HOME, 1.1));
        assert!((d - 1.1).abs() < 0.001, "{d}");
        assert_eq!(Mode::Walk.minutes(1.1), 14, "1.1 km · 14 min walk");
        assert_eq!((Mode::Walk.minutes(1.2), Mode::Walk.minutes(0.0), Mode::Cycle.minutes(3.0)), (15, 0, 15));
        assert!((Travel::default().max_km() - 1.2).abs() < 1e-9, "the 15-minute circle is 1.2 km");
        assert!((Travel { mode: Mode::Cycle, minutes: 30 }.max_km() - 6.0).abs() < 1e-9);
        assert_eq!(Mode::parse("transit"), Some(Mode::Transit));
    }

    #[test]
    fn hard_filters_work_type_and_travel_limit_only_where_known() {
        let p = Profile { location: Some(HOME), ..Profile::default() };
        assert!(score(&p, &job(), None, &stats(), &Weights::default()).is_some(), "1.1 km is inside the 1.2 km circle");
        let far = JobFeatures { location: Some(north(HOME, 1.3)), ..job() };
        assert!(score(&p, &far, None, &stats(), &Weights::default()).is_none(), "1.3 km is outside it");
        let cycling = Profile { travel: Travel { mode: Mode::Cycle, minutes: 15 }, ..p.clone() };
        assert!(score(&cycling, &far, None, &stats(), &Weights::default()).is_some());
        let nowhere = JobFeatures { location: None, ..far };
        let m = score(&p, &nowhere, None, &stats(), &Weights::default()).expect("no coordinates: kept");
        assert_eq!(part(&m, Part::Distance), None, "and its distance is unknown");
        let part_time = Profile { work_types: vec![EmploymentType::PartTime], ..p };
        assert!(score(&part_time, &job(), None, &stats(), &Weights::default()).is_none());
    }

    #[test]
    fn skills_weigh_rarity_and_required_over_preferred_and_list_what_is_missing() {
        let s = stats();
        let p = |skills: &[&str]| Profile { skills: skills.iter().map(|x| x.to_string()).collect(), ..Profile::default() };
        let m = score(&p(&["plc"]), &job(), None, &s, &Weights::default()).unwrap();
        let rare = part(&m, Part::Skills).unwrap();
        let m2 = score(&p(&["電工證"]), &job(), None, &s, &Weights::default()).unwrap();
        let common = part(&m2, Part::Skills).unwrap();
        assert!(rare > common && rare < 1.0, "PLC (10 of 100) weighs more than 电工证 (40 of 100): {rare} vs {common}");
        assert_eq!(m2.missing_skills, ["PLC"], "Traditional 電工證 matches 电工证");
        assert_eq!(m.reasons[0], Reason::Skills { have: 1, of: 2 });
        let both = score(&p(&["PLC", "电工证"]), &job(), None, &s, &Weights::default()).unwrap();
        assert_eq!((part(&both, Part::Skills), both.missing_skills.len()), (Some(1.0), 0));
        // A preferred skill counts half of a required one of the same rarity.
        let j = JobFeatures { skills: vec!["plc".into()], preferred: vec!["cad".into()], ..job() };
        let mut s2 = s.clone();
        s2.df.insert("cad".into(), 10);
        let only_pref = part(&score(&p(&["cad"]), &j, None, &s2, &Weights::default()).unwrap(), Part::Skills).unwrap();
        assert!((only_pref - 1.0 / 3.0).abs() < 1e-9, "{only_pref}");
        // Unknown skills of the citizen do nothing; a vacancy without skills leaves the part unknown.
        let none = JobFeatures { skills: vec![], ..job() };
        assert_eq!(part(&score(&p(&["焊接"]), &none, None, &s, &Weights::default()).unwrap(), Part::Skills), None);
    }

    #[test]
    fn a_vacancy_without_coordinates_takes_the_middle_of_its_street() {
        let at =
            |lat: f64, place: &str| JobFeatures { location: Some(GeoPoint { lat, lon: 113.0 }), place: Some(("d".into(), place.into())), ..job() };
        let mut jobs = vec![
            at(23.0, "a"),
            at(23.2, "a"),
            at(22.0, "b"),
            JobFeatures { location: None, ..at(0.0, "a") },
            JobFeatures { location: None, place: None, ..job() },
        ];
        approximate_locations(&mut jobs);
        let g = jobs[3].location.unwrap();
        assert!((g.lat - 23.1).abs() < 1e-9 && jobs[3].location_approx && !jobs[0].location_approx);
        assert_eq!(jobs[4].location, None, "no street: no place");
    }

    #[test]
    fn bad_inputs_neither_poison_nor_filter_everything() {
        let s = stats();
        let nan = score(&Profile::default(), &job(), Some(f64::NAN), &s, &Weights::default()).unwrap();
        assert!(nan.score.is_finite() && part(&nan, Part::Text).is_none(), "a NaN relevance is no relevance");
        let nowhere = Profile { location: Some(GeoPoint { lat: f64::NAN, lon: 113.0 }), ..Profile::default() };
        let m = score(&nowhere, &job(), None, &s, &Weights::default()).expect("an unusable place filters nothing");
        assert_eq!(part(&m, Part::Distance), None);
        let no_limit = Profile { location: Some(HOME), travel: Travel { mode: Mode::Walk, minutes: 0 }, ..Profile::default() };
        let far = JobFeatures { location: Some(north(HOME, 50.0)), ..job() };
        let m = score(&no_limit, &far, None, &s, &Weights::default()).expect("0 minutes sets no limit");
        assert!(part(&m, Part::Distance).is_none() && matches!(m.reasons[1], Reason::Distance { meters: 50_000, .. }));
        // A high-school graduate is one step short of 大专, whether or not they hold a certificate.
        let hs = Profile { education: Some(Education::HighSchool), ..Profile::default() };
        let associate = JobFeatures { education: Some(Education::Associate), ..job() };
        assert_eq!(part(&score(&hs, &associate, None, &s, &Weights::default()).unwrap(), Part::Education), Some(0.5));
        let cert = JobFeatures { education: Some(Education::ProfessionalCertificate), ..job() };
        assert_eq!(part(&score(&hs, &cert, None, &s, &Weights::default()).unwrap(), Part::Education), Some(1.0));
    }

    #[test]
    fn the_nearest_stations_with_walking_minutes_and_open_now() {
        let rule = |s: &str| crate::hours::parse_rule(s).unwrap();
        let stations = vec![
            StationPlace { location: north(HOME, 2.0), hours: vec![rule("Mo-Fr 09:00-17:30")] },
            StationPlace { location: north(HOME, 0.6), hours: vec![rule("Mo-Fr 09:00-12:00,14:00-17:30"), rule("Sa 09:00-12:00")] },
            StationPlace { location: north(HOME, 1.0), hours: vec![] },
        ];
        // Saturday 10:30.
        let near = nearest_stations(HOME, Travel::default(), &stations, 5, 10 * 60 + 30, 2);
        assert_eq!(
            near.iter().map(|n| (n.station, n.meters, n.minutes, n.within, n.open_now)).collect::<Vec<_>>(),
            [(1, 600, 8, true, true), (2, 1000, 13, true, false)]
        );
        // Monday 12:30: the lunch break.
        assert!(!nearest_stations(HOME, Travel::default(), &stations, 0, 12 * 60 + 30, 1)[0].open_now);
        let all = nearest_stations(HOME, Travel::default(), &stations, 0, 600, 10);
        assert_eq!((all.len(), all[2].within, all[2].open_now), (3, false, true), "2 km is outside the 15-minute circle");
    }

    #[test]
    fn occupation_codes_are_compared_by_level() {
        assert_eq!(occupation_code("6-31-01 机械设备修理人员"), "6-31-01");
        assert_eq!(occupation_code("机械设备修理人员"), "");
        assert_eq!(occupation_similarity("6-31-01", "6-31-01"), 1.0);
        assert_eq!(occupation_similarity("6-31-02", "6-31-01"), 0.6);
        assert_eq!(occupation_similarity("6-20-01", "6-31-01"), 0.3);
        assert_eq!(occupation_similarity("2-02-10", "6-31-01"), 0.0);
        let p = Profile { occupations: vec!["6-31-02".into()], ..Profile::default() };
        let m = score(&p, &job(), None, &stats(), &Weights::default()).unwrap();
        assert_eq!((part(&m, Part::Occupation), m.reasons.contains(&Reason::Occupation { similarity: 0.6 })), (Some(0.6), true));
    }

    #[test]
    fn salary_is_compared_monthly_and_hourly_pay_counts_once_normalized() {
        let p = Profile { min_salary: Some(7000), ..Profile::default() };
        let m = score(&p, &job(), None, &stats(), &Weights::default()).unwrap();
        assert_eq!((part(&m, Part::Salary), m.reasons.contains(&Reason::SalaryMayReach)), (Some(1.0), true));
        let low = JobFeatures { salary_monthly: Some((3500, 5600)), ..job() };
        let m = score(&p, &low, None, &stats(), &Weights::default()).unwrap();
        assert_eq!((part(&m, Part::Salary), m.reasons.contains(&Reason::SalaryBelow)), (Some(0.8), true));
        // Hourly pay arrives normalized by `Salary::monthly_range` (25 元/h × 8 × 21.75 = 4350 a month).
        let per_hour = crate::vacancy::Salary { currency: "CNY".into(), min: 25.0, max: 25.0, unit: crate::vacancy::SalaryUnit::Hour };
        assert_eq!(per_hour.monthly_range(), (4350, 4350));
        let hourly = JobFeatures { salary_monthly: Some(per_hour.monthly_range()), ..job() };
        let p4 = Profile { min_salary: Some(4000), ..Profile::default() };
        assert!(score(&p4, &hourly, None, &stats(), &Weights::default()).unwrap().reasons.contains(&Reason::SalaryAbove));
        let unstated = JobFeatures { salary_monthly: None, ..job() };
        assert_eq!(part(&score(&p, &unstated, None, &stats(), &Weights::default()).unwrap(), Part::Salary), None);
    }

    #[test]
    fn education_experience_groups_and_freshness() {
        let p = Profile {
            education: Some(Education::None),
            experience_months: Some(6),
            groups: vec!["veteran".into(), "4050".into()],
            ..Profile::default()
        };
        let m = score(&p, &job(), None, &stats(), &Weights::default()).unwrap();
        assert_eq!(part(&m, Part::Education), Some(0.5), "one level short");
        assert_eq!(part(&m, Part::Experience), Some(0.5), "6 of 12 months");
        assert!(m.reasons.contains(&Reason::ExperienceShort { months: 12 }));
        assert_eq!(part(&m, Part::Group), Some(1.0));
        assert!(m.reasons.contains(&Reason::Welcomes("veteran".into())), "welcomes veterans");
        assert_eq!(part(&m, Part::Freshness), Some(1.0));
        let old = JobFeatures { age_days: 30, groups: vec![], ..job() };
        let m = score(&p, &old, None, &stats(), &Weights::default()).unwrap();
        assert_eq!((part(&m, Part::Freshness), part(&m, Part::Group)), (Some(0.5), Some(0.5)));
        let graduate = Profile { education: Some(Education::Bachelor), experience_months: Some(0), ..Profile::default() };
        let none_needed = JobFeatures { education: None, experience_months: 0, ..job() };
        let m = score(&graduate, &none_needed, None, &stats(), &Weights::default()).unwrap();
        assert_eq!((part(&m, Part::Education), part(&m, Part::Experience)), (Some(1.0), Some(1.0)));
    }

    #[test]
    fn the_score_is_the_weighted_mean_of_known_parts() {
        let p = Profile { skills: vec!["PLC".into(), "电工证".into()], location: Some(HOME), ..Profile::default() };
        let w = Weights::default();
        let m = score(&p, &job(), Some(0.5), &stats(), &w).unwrap();
        let expect = m.parts.iter().map(|&(q, v)| w.get(q) * v).sum::<f64>() / m.parts.iter().map(|&(q, _)| w.get(q)).sum::<f64>();
        assert!((m.score - expect).abs() < 1e-12 && (0.0..=1.0).contains(&m.score));
        assert_eq!(m.parts.iter().map(|p| p.0).collect::<Vec<_>>(), [Part::Skills, Part::Text, Part::Distance, Part::Freshness]);
        // A district may weigh distance alone.
        let only = Part::ALL.iter().fold(Weights([0.0; 9]), |w, &q| w.with(q, if q == Part::Distance { 1.0 } else { 0.0 }));
        let d = score(&p, &job(), Some(0.5), &stats(), &only).unwrap();
        assert!((d.score - part(&d, Part::Distance).unwrap()).abs() < 1e-12);
        assert_eq!(Weights::default().with(Part::Text, -1.0).get(Part::Text), 0.0);
    }

    #[test]
    fn ranking_orders_by_score_and_ndcg_measures_it() {
        let p =
            Profile { skills: vec!["PLC".into()], location: Some(HOME), travel: Travel { mode: Mode::Transit, minutes: 60 }, ..Profile::default() };
        let jobs = vec![
            JobFeatures { skills: vec!["焊接".into()], ..job() },
            job(),
            JobFeatures { location: Some(north(HOME, 30.0)), ..job() },
            JobFeatures { work_types: vec![], ..job() },
        ];
        let ranked = rank(&p, &jobs, |_| None, &SkillStats::of(&jobs), &Weights::default());
        let order: Vec<usize> = ranked.iter().map(|r| r.0).collect();
        assert_eq!(order, [1, 3, 0], "30 km is beyond an hour by transit; equal scores keep the given order");
        assert!((ndcg_at(10, &[3, 2, 0], &[3, 2]) - 1.0).abs() < 1e-12);
        assert!(ndcg_at(10, &[0, 2, 3], &[3, 2]) < 0.7);
        assert_eq!(ndcg_at(10, &[0, 0], &[]), 0.0);
    }
}
