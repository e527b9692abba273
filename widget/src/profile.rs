//! The citizen's profile (issue 4): what they tell the widget about themselves, the edits the panel
//! makes to it, and its storage form. Plain Rust, tested natively.
//!
//! Privacy: the profile lives in the widget's memory; it is written to this browser's `localStorage`
//! (key [`STORAGE_KEY`]) only while the citizen has ticked "remember on this device", and removed when
//! they untick it or clear the profile. It is never put in a URL, and the files matching needs have
//! fixed names (the same for everyone), so no request carries anything of it.

use engine::eligibility::{Employment, Facts, Residence};
use engine::index::ProfileData;
use engine::matching::{GeoPoint, Mode, Profile, Travel};
use engine::vacancy::{Education, EmploymentType};

use crate::state::{encode, pairs};

/// The `localStorage` key of a remembered profile.
pub const STORAGE_KEY: &str = "qy-profile";

/// Age bands offered (inclusive years): policies' limits fall on their edges (16, 18, 25, 30, 35, 40,
/// 45, 50, 60), so a band straddles few of them.
pub const AGE_BANDS: [(u8, u8); 10] = [(16, 17), (18, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49), (50, 54), (55, 59), (60, 99)];

/// Travel times offered, in minutes (0: no limit).
pub const TRAVEL_MINUTES: [u32; 5] = [15, 30, 45, 60, 0];

/// Experience offered, in months.
pub const EXPERIENCE_MONTHS: [u32; 7] = [0, 6, 12, 24, 36, 60, 120];

/// Work types offered.
pub const WORK_TYPES: [EmploymentType; 4] = [EmploymentType::FullTime, EmploymentType::PartTime, EmploymentType::PerDiem, EmploymentType::Intern];

/// At most this many skills (a profile is a person, not a vocabulary).
pub const MAX_SKILLS: usize = 30;

/// What the citizen told. Every field may stay empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileForm {
    /// Skills, as typed or picked.
    pub skills: Vec<String>,
    /// A street or town: `<district>/<locality>` (see [`place_key`]).
    pub place: Option<String>,
    /// Where the browser's geolocation put them (with their consent); wins over `place`.
    pub geo: Option<GeoPoint>,
    /// How far they will travel.
    pub travel: Travel,
    /// Lowest acceptable monthly pay (CNY).
    pub min_salary: Option<u32>,
    /// Highest education.
    pub education: Option<Education>,
    /// Months of experience.
    pub experience: Option<u32>,
    /// Work types they accept (none: any).
    pub work_types: Vec<EmploymentType>,
    /// Target groups (site.toml ids).
    pub groups: Vec<String>,
    /// Age band, for policies only.
    pub age: Option<(u8, u8)>,
    /// Residence, for policies only.
    pub residence: Option<Residence>,
    /// Employment status, for policies only.
    pub employment: Option<Employment>,
    /// Registered as unemployed, for policies only.
    pub registered: Option<bool>,
}

/// One change the panel makes. Choices arrive as the strings the form's controls hold (empty: not said).
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add skills (a comma-, 、- or ；-separated list).
    AddSkills(String),
    /// Remove the skill at this position.
    RemoveSkill(usize),
    /// A place key, or empty.
    Place(String),
    /// The browser's position (or none: forget it).
    Geo(Option<GeoPoint>),
    /// `walk`, `cycle` or `transit`.
    Mode(String),
    /// Minutes (0: no limit).
    Minutes(String),
    /// Minimum monthly salary.
    MinSalary(String),
    /// Education slug.
    Education(String),
    /// Months.
    Experience(String),
    /// Tick or untick a work type.
    WorkType(EmploymentType),
    /// Tick or untick a target group.
    Group(String),
    /// `lo-hi`.
    Age(String),
    /// Residence key.
    Residence(String),
    /// Employment key.
    Employment(String),
    /// `yes`, `no` or empty.
    Registered(String),
    /// Forget everything.
    Clear,
}

/// The key of a place: `<district>/<locality>`.
pub fn place_key(district: &str, locality: &str) -> String {
    format!("{district}/{locality}")
}

fn toggle<T: PartialEq>(v: &mut Vec<T>, x: T) {
    match v.iter().position(|y| *y == x) {
        Some(i) => {
            v.remove(i);
        }
        None => v.push(x),
    }
}

fn number(s: &str) -> Option<u32> {
    let digits: String = s.trim().chars().map(engine::tokenize::fold_char).filter(|c| !matches!(c, ',' | ' ')).collect();
    digits.parse().ok()
}

fn age_band(s: &str) -> Option<(u8, u8)> {
    let (lo, hi) = s.split_once('-')?;
    let band = (lo.parse().ok()?, hi.parse().ok()?);
    AGE_BANDS.contains(&band).then_some(band)
}

impl ProfileForm {
    /// The form after `edit`.
    pub fn apply(&self, edit: Edit) -> ProfileForm {
        let mut p = self.clone();
        match edit {
            Edit::AddSkills(text) => {
                for s in text.split([',', '，', '、', ';', '；']).map(str::trim).filter(|s| !s.is_empty()) {
                    let folded = engine::matching::fold(s);
                    if p.skills.len() < MAX_SKILLS && !p.skills.iter().any(|x| engine::matching::fold(x) == folded) {
                        p.skills.push(s.chars().take(40).collect());
                    }
                }
            }
            Edit::RemoveSkill(i) => {
                if i < p.skills.len() {
                    p.skills.remove(i);
                }
            }
            Edit::Place(k) => {
                p.place = Some(k).filter(|k| !k.is_empty());
                p.geo = None;
            }
            Edit::Geo(g) => p.geo = g.filter(|g| g.lat.is_finite() && g.lon.is_finite()),
            Edit::Mode(m) => p.travel.mode = Mode::parse(&m).unwrap_or_default(),
            Edit::Minutes(m) => p.travel.minutes = number(&m).filter(|m| TRAVEL_MINUTES.contains(m)).unwrap_or(15),
            Edit::MinSalary(s) => p.min_salary = number(&s).filter(|&n| n > 0).map(|n| n.min(1_000_000)),
            Edit::Education(e) => p.education = Education::ALL.into_iter().find(|x| x.slug() == e),
            Edit::Experience(m) => p.experience = number(&m).filter(|m| EXPERIENCE_MONTHS.contains(m)),
            Edit::WorkType(t) => toggle(&mut p.work_types, t),
            Edit::Group(g) => toggle(&mut p.groups, g),
            Edit::Age(a) => p.age = age_band(&a),
            Edit::Residence(r) => p.residence = Residence::parse(&r),
            Edit::Employment(e) => p.employment = Employment::parse(&e),
            Edit::Registered(r) => {
                p.registered = match r.as_str() {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                }
            }
            Edit::Clear => p = ProfileForm::default(),
        }
        p
    }

    /// Whether nothing at all was told.
    pub fn is_empty(&self) -> bool {
        *self == ProfileForm::default()
    }

    /// Whether anything that ranks vacancies was told (the rest serves policies only).
    pub fn ranks(&self) -> bool {
        !self.skills.is_empty()
            || self.place.is_some()
            || self.geo.is_some()
            || self.min_salary.is_some()
            || self.education.is_some()
            || self.experience.is_some()
            || !self.work_types.is_empty()
            || !self.groups.is_empty()
    }

    /// Where they are: their position, else the middle of their street or town.
    pub fn location(&self, data: &ProfileData) -> Option<GeoPoint> {
        self.geo
            .or_else(|| self.place.as_ref().and_then(|k| data.places.iter().find(|p| place_key(&p.district, &p.locality) == *k)).map(|p| p.location))
    }

    /// The district they are in: their place's, else the district of the place nearest their position.
    pub fn district(&self, data: &ProfileData) -> Option<String> {
        if let Some(g) = self.geo {
            return data
                .places
                .iter()
                .min_by(|a, b| engine::matching::distance_km(g, a.location).total_cmp(&engine::matching::distance_km(g, b.location)))
                .map(|p| p.district.clone());
        }
        self.place.as_ref().and_then(|k| k.split_once('/')).map(|(d, _)| d.to_owned())
    }

    /// What matching reads.
    pub fn matching(&self, data: &ProfileData) -> Profile {
        Profile {
            skills: self.skills.clone(),
            occupations: Vec::new(),
            location: self.location(data),
            travel: self.travel,
            min_salary: self.min_salary,
            education: self.education,
            experience_months: self.experience,
            work_types: self.work_types.clone(),
            groups: self.groups.clone(),
        }
    }

    /// What policy eligibility reads (target groups count as told once any is ticked).
    pub fn facts(&self, data: &ProfileData) -> Facts {
        Facts {
            groups: Some(self.groups.clone()).filter(|g| !g.is_empty()),
            age_band: self.age,
            residence: self.residence,
            registered_unemployed: self.registered,
            education: self.education,
            employment: self.employment,
            district: self.district(data),
        }
    }

    /// The storage form: a query string (`skill=焊工&place=liwan%2F…&mode=walk&min=15…`).
    pub fn to_storage(&self) -> String {
        let mut parts: Vec<(&str, String)> = self.skills.iter().map(|s| ("skill", s.clone())).collect();
        parts.extend(self.place.iter().map(|p| ("place", p.clone())));
        // In 1e-5 degrees (about a metre), as integers: no float formatting in the wasm.
        parts.extend(self.geo.iter().map(|g| ("geo", format!("{},{}", (g.lat * 1e5).round() as i64, (g.lon * 1e5).round() as i64))));
        parts.push(("mode", self.travel.mode.key().to_owned()));
        parts.push(("minutes", self.travel.minutes.to_string()));
        parts.extend(self.min_salary.map(|s| ("salary", s.to_string())));
        parts.extend(self.education.map(|e| ("education", e.slug().to_owned())));
        parts.extend(self.experience.map(|m| ("experience", m.to_string())));
        parts.extend(self.work_types.iter().map(|t| ("type", t.as_schema().to_owned())));
        parts.extend(self.groups.iter().map(|g| ("group", g.clone())));
        parts.extend(self.age.map(|(lo, hi)| ("age", format!("{lo}-{hi}"))));
        parts.extend(self.residence.map(|r| ("residence", r.key().to_owned())));
        parts.extend(self.employment.map(|e| ("employment", e.key().to_owned())));
        parts.extend(self.registered.map(|r| ("registered", if r { "yes" } else { "no" }.to_owned())));
        parts.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    }

    /// Reads [`ProfileForm::to_storage`]; anything unknown or invalid is left out.
    pub fn from_storage(s: &str) -> ProfileForm {
        let mut p = ProfileForm::default();
        for (k, v) in pairs(s) {
            p = p.apply(match k.as_str() {
                "skill" => Edit::AddSkills(v.replace([',', '，', '、', ';', '；'], " ")),
                "place" => Edit::Place(v),
                "geo" => {
                    let deg = |x: &str| x.parse::<i64>().ok().map(|n| n as f64 / 1e5);
                    let g = v.split_once(',').and_then(|(a, b)| Some(GeoPoint { lat: deg(a)?, lon: deg(b)? }));
                    Edit::Geo(g.filter(|g| g.lat.abs() <= 90.0 && g.lon.abs() <= 180.0))
                }
                "mode" => Edit::Mode(v),
                "minutes" => Edit::Minutes(v),
                "salary" => Edit::MinSalary(v),
                "education" => Edit::Education(v),
                "experience" => Edit::Experience(v),
                "type" => match EmploymentType::parse(&v).filter(|t| WORK_TYPES.contains(t) && !p.work_types.contains(t)) {
                    Some(t) => Edit::WorkType(t),
                    None => continue,
                },
                "group" if !p.groups.contains(&v) && !v.is_empty() => Edit::Group(v),
                "age" => Edit::Age(v),
                "residence" => Edit::Residence(v),
                "employment" => Edit::Employment(v),
                "registered" => Edit::Registered(v),
                _ => continue,
            });
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::index::Place;

    fn data() -> ProfileData {
        let place = |d: &str, l: &str, lat: f64, lon: f64| Place { district: d.into(), locality: l.into(), location: GeoPoint { lat, lon } };
        ProfileData {
            places: vec![place("liwan", "沙面街道", 23.107, 113.243), place("nansha", "南沙街道", 22.799, 113.535)],
            ..ProfileData::default()
        }
    }

    #[test]
    fn edits_build_a_profile_and_bad_input_is_left_out() {
        let p = ProfileForm::default()
            .apply(Edit::AddSkills("焊工证、 PLC，焊工證".into()))
            .apply(Edit::Place("liwan/沙面街道".into()))
            .apply(Edit::Mode("cycle".into()))
            .apply(Edit::Minutes("30".into()))
            .apply(Edit::MinSalary("６，０００".into()))
            .apply(Edit::WorkType(EmploymentType::FullTime))
            .apply(Edit::WorkType(EmploymentType::PerDiem))
            .apply(Edit::WorkType(EmploymentType::FullTime))
            .apply(Edit::Age("40-44".into()))
            .apply(Edit::Registered("yes".into()));
        assert_eq!(p.skills, ["焊工证", "PLC"], "Traditional 焊工證 is the same skill");
        assert_eq!(
            (p.travel, p.min_salary, p.work_types.as_slice()),
            (Travel { mode: Mode::Cycle, minutes: 30 }, Some(6000), &[EmploymentType::PerDiem][..])
        );
        assert_eq!((p.age, p.registered), (Some((40, 44)), Some(true)));
        assert!(p.ranks());
        let bad = p
            .clone()
            .apply(Edit::Age("41-44".into()))
            .apply(Edit::Minutes("17".into()))
            .apply(Edit::MinSalary("很多".into()))
            .apply(Edit::Education("phd".into()));
        assert_eq!((bad.age, bad.travel.minutes, bad.min_salary, bad.education), (None, 15, None, None));
        assert_eq!(p.apply(Edit::RemoveSkill(0)).skills, ["PLC"]);
        assert!(p.apply(Edit::Clear).is_empty());
        let many = ProfileForm::default().apply(Edit::AddSkills((0..50).map(|i| format!("s{i}")).collect::<Vec<_>>().join(",")));
        assert_eq!(many.skills.len(), MAX_SKILLS);
    }

    #[test]
    fn place_or_position_gives_location_and_district() {
        let d = data();
        let p = ProfileForm::default().apply(Edit::Place("nansha/南沙街道".into()));
        assert_eq!((p.location(&d), p.district(&d).as_deref()), (Some(GeoPoint { lat: 22.799, lon: 113.535 }), Some("nansha")));
        let near_shamian = GeoPoint { lat: 23.11, lon: 113.25 };
        let g = p.apply(Edit::Geo(Some(near_shamian)));
        assert_eq!((g.location(&d), g.district(&d).as_deref()), (Some(near_shamian), Some("liwan")), "the position wins");
        assert_eq!(g.apply(Edit::Place(String::new())).location(&d), None, "picking no place forgets the position too");
        assert_eq!(ProfileForm::default().apply(Edit::Place("tianhe/nowhere".into())).location(&d), None);
    }

    #[test]
    fn facts_and_matching_read_what_was_told() {
        let d = data();
        let p = ProfileForm::default()
            .apply(Edit::Place("nansha/南沙街道".into()))
            .apply(Edit::Group("hk-macau-youth".into()))
            .apply(Edit::Residence("hong-kong".into()))
            .apply(Edit::Age("25-29".into()))
            .apply(Edit::Education("bachelor".into()));
        let f = p.facts(&d);
        assert_eq!(f.groups, Some(vec!["hk-macau-youth".to_owned()]));
        assert_eq!(
            (f.residence, f.age_band, f.district.as_deref(), f.education),
            (Some(Residence::HongKong), Some((25, 29)), Some("nansha"), Some(Education::Bachelor))
        );
        assert_eq!(ProfileForm::default().facts(&d), Facts::default(), "nothing told, nothing assumed");
        let m = p.matching(&d);
        assert_eq!((m.location, m.groups.len(), m.education), (Some(GeoPoint { lat: 22.799, lon: 113.535 }), 1, Some(Education::Bachelor)));
        let policy_only = ProfileForm::default().apply(Edit::Age("25-29".into()));
        assert!(!policy_only.ranks() && !policy_only.is_empty());
    }

    #[test]
    fn storage_round_trips_and_ignores_what_it_does_not_know() {
        let p = ProfileForm::default()
            .apply(Edit::AddSkills("C++, 焊工&电工=证".into()))
            .apply(Edit::Geo(Some(GeoPoint { lat: 23.12345, lon: 113.54321 })))
            .apply(Edit::Minutes("0".into()))
            .apply(Edit::Experience("24".into()))
            .apply(Edit::WorkType(EmploymentType::Intern))
            .apply(Edit::Group("graduate".into()))
            .apply(Edit::Employment("student".into()))
            .apply(Edit::Registered("no".into()));
        let s = p.to_storage();
        assert_eq!(ProfileForm::from_storage(&s), p);
        assert!(!s.contains('+') && !s.contains("&电工=证"), "values are escaped: {s}");
        assert_eq!(ProfileForm::from_storage("type=VOLUNTEER&geo=9999999,1&minutes=7&x=1&education=phd"), ProfileForm::default());
        assert!(s.contains("geo=2312345%2C11354321"), "{s}");
        assert_eq!(ProfileForm::from_storage(&ProfileForm::default().to_storage()), ProfileForm::default());
    }
}
