//! The index files for matching a citizen's profile in the browser (issue 4): what
//! [`crate::matching`] and [`crate::eligibility`] need, fetched only once a citizen fills a profile.
//!
//! - `profile-<gen>.qy` ([`ProfileData`]): the districts (in the order of the match files), the skill
//!   vocabulary (as first written, with how many vacancies list each: suggestions and rarity), the
//!   occupations and target groups the match files refer to, the streets and towns with the middle
//!   of their vacancies' coordinates (the places a citizen can pick), the stations (15-minute circle)
//!   and the policies with their conditions and benefits (政策找人).
//! - `match-<gen>-<n>.qy`: the [`JobFeatures`] of the vacancies of district `n` (one file per
//!   district, so a district's portal fetches only its own), by document number.
//!
//! Encoding (after the common header): a match file is a count, then per document its number's delta,
//! skills (count, vocabulary numbers), occupation (number + 1, 0 none), place (0 none, 1 exact, 2 the
//! middle of its street — see [`crate::matching::approximate_locations`] — then latitude and longitude as
//! zigzag varints of 1e-5 degrees), salary (0 none, else 1 + monthly min and max), education
//! (0 none, else its place in [`Education::ALL`] + 1), months of experience, work types (bits of
//! [`EmploymentType::ALL`]), groups (bits of [`ProfileData::groups`]) and the posting day (days since
//! 1970). Coordinates keep five decimals (about a metre).

use super::{FormatError, IndexFile, Reader, Writer};
use crate::eligibility::{Conditions, Employment, Residence};
use crate::matching::{GeoPoint, JobFeatures, SkillStats, Weights};
use crate::vacancy::{Education, EmploymentType};

pub(super) const KIND_PROFILE: u8 = 6;
pub(super) const KIND_MATCH: u8 = 7;

/// A street or town a citizen can say they are in.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// District slug.
    pub district: String,
    /// Street or town, as vacancies write it.
    pub locality: String,
    /// The middle of the coordinates of its vacancies (or stations).
    pub location: GeoPoint,
}

/// An employment station (15-minute circle).
#[derive(Debug, Clone, PartialEq)]
pub struct StationEntry {
    /// District slug.
    pub district: String,
    /// Name.
    pub name: String,
    /// Kind (`employment-station`, `gig-market`…).
    pub kind: String,
    /// Root-relative URL of its page.
    pub url: String,
    /// Street or town.
    pub street: String,
    /// Where it is.
    pub location: GeoPoint,
    /// `openingHours` rules as written (`Mo-Fr 09:00-17:30`), parsed by [`crate::hours::parse_rule`].
    pub hours: Vec<String>,
}

/// A benefit of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenefitEntry {
    /// Kind (`subsidy`, `reward`, `training`…).
    pub kind: String,
    /// What it is called.
    pub name: String,
    /// CNY and whether it is a cap ("up to").
    pub amount: Option<(u64, bool)>,
    /// What the amount is counted per (`total`, `once`, `month`, `year`).
    pub per: String,
    /// How many months it runs.
    pub months: Option<u32>,
}

/// A policy (政策找人).
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyEntry {
    /// District slug.
    pub district: String,
    /// Title.
    pub title: String,
    /// Root-relative URL of its page.
    pub url: String,
    /// Who may apply.
    pub conditions: Conditions,
    /// What they get.
    pub benefits: Vec<BenefitEntry>,
}

/// The contents of `profile-<gen>.qy` (see the module docs).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileData {
    /// District slugs; match file `n` holds district `n`'s vacancies.
    pub districts: Vec<String>,
    /// Skills as first written (newest vacancy first) and how many vacancies list them; most listed first.
    pub skills: Vec<(String, u32)>,
    /// Occupational categories the match files refer to.
    pub occupations: Vec<String>,
    /// Target groups the match files refer to (at most 32).
    pub groups: Vec<String>,
    /// Streets and towns, by district then name.
    pub places: Vec<Place>,
    /// Stations.
    pub stations: Vec<StationEntry>,
    /// Policies.
    pub policies: Vec<PolicyEntry>,
    /// Per district (as [`ProfileData::districts`]): its own matching weights, if it sets them
    /// (`district.toml` `[matching]`). Kept to thousandths.
    pub weights: Vec<Option<Weights>>,
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

impl Writer {
    fn point(&mut self, p: GeoPoint) {
        self.uint(zigzag((p.lat * 1e5).round() as i64));
        self.uint(zigzag((p.lon * 1e5).round() as i64));
    }
    fn strs(&mut self, v: &[String]) {
        self.uint(v.len() as u64);
        v.iter().for_each(|s| self.str(s));
    }
    fn opt(&mut self, v: Option<u64>) {
        self.uint(v.map_or(0, |x| x + 1));
    }
}

impl Reader<'_> {
    fn point(&mut self) -> Result<GeoPoint, FormatError> {
        let lat = unzigzag(self.uint()?) as f64 / 1e5;
        let lon = unzigzag(self.uint()?) as f64 / 1e5;
        Ok(GeoPoint { lat, lon })
    }
    fn strs(&mut self) -> Result<Vec<String>, FormatError> {
        (0..self.len()?).map(|_| self.str()).collect()
    }
    fn opt(&mut self) -> Result<Option<u64>, FormatError> {
        Ok(self.uint()?.checked_sub(1))
    }
    fn keyed<T>(&mut self, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, FormatError> {
        self.strs()?.iter().map(|s| parse(s).ok_or_else(|| FormatError(format!("unknown value `{s}`")))).collect()
    }
}

fn education_code(e: Option<Education>) -> u64 {
    e.and_then(|e| Education::ALL.iter().position(|&x| x == e)).map_or(0, |i| i as u64 + 1)
}

fn education_of(code: u64) -> Result<Option<Education>, FormatError> {
    match code {
        0 => Ok(None),
        c => Education::ALL.get(c as usize - 1).copied().map(Some).ok_or_else(|| FormatError(format!("unknown education {c}"))),
    }
}

impl ProfileData {
    /// Encodes `profile-<gen>.qy`.
    pub fn encode(&self, name: String) -> IndexFile {
        let mut w = Writer::new(KIND_PROFILE);
        w.strs(&self.districts);
        w.uint(self.skills.len() as u64);
        for (s, df) in &self.skills {
            w.str(s);
            w.uint(u64::from(*df));
        }
        w.strs(&self.occupations);
        w.strs(&self.groups);
        w.uint(self.places.len() as u64);
        for p in &self.places {
            w.str(&p.district);
            w.str(&p.locality);
            w.point(p.location);
        }
        w.uint(self.stations.len() as u64);
        for s in &self.stations {
            for t in [&s.district, &s.name, &s.kind, &s.url, &s.street] {
                w.str(t);
            }
            w.point(s.location);
            w.strs(&s.hours);
        }
        w.uint(self.policies.len() as u64);
        for p in &self.policies {
            for t in [&p.district, &p.title, &p.url] {
                w.str(t);
            }
            let c = &p.conditions;
            w.strs(&c.groups);
            match c.age {
                None => w.uint(0),
                Some((lo, hi)) => {
                    w.uint(1);
                    w.uint(u64::from(lo));
                    w.uint(u64::from(hi));
                }
            }
            w.strs(&c.residence.iter().map(|r| r.key().to_owned()).collect::<Vec<_>>());
            w.uint(match c.registered_unemployed {
                None => 0,
                Some(false) => 1,
                Some(true) => 2,
            });
            w.uint(education_code(c.education));
            w.strs(&c.employment.iter().map(|e| e.key().to_owned()).collect::<Vec<_>>());
            w.strs(&c.districts);
            w.uint(p.benefits.len() as u64);
            for b in &p.benefits {
                w.str(&b.kind);
                w.str(&b.name);
                match b.amount {
                    None => w.uint(0),
                    Some((a, cap)) => {
                        w.uint(1 + u64::from(cap));
                        w.uint(a);
                    }
                }
                w.str(&b.per);
                w.opt(b.months.map(u64::from));
            }
        }
        w.uint(self.weights.len() as u64);
        for wt in &self.weights {
            match wt {
                None => w.uint(0),
                Some(wt) => {
                    w.uint(1);
                    wt.0.iter().for_each(|&x| w.uint((x.max(0.0) * 1000.0).round() as u64));
                }
            }
        }
        w.finish(name)
    }

    /// Decodes `profile-<gen>.qy`.
    pub fn decode(bytes: &[u8]) -> Result<ProfileData, FormatError> {
        let mut r = Reader::open(bytes, KIND_PROFILE)?;
        let districts = r.strs()?;
        let skills = (0..r.len()?).map(|_| Ok((r.str()?, r.u32()?))).collect::<Result<_, FormatError>>()?;
        let occupations = r.strs()?;
        let groups = r.strs()?;
        let places =
            (0..r.len()?).map(|_| Ok(Place { district: r.str()?, locality: r.str()?, location: r.point()? })).collect::<Result<_, FormatError>>()?;
        let mut stations = Vec::new();
        for _ in 0..r.len()? {
            let (district, name, kind, url, street) = (r.str()?, r.str()?, r.str()?, r.str()?, r.str()?);
            stations.push(StationEntry { district, name, kind, url, street, location: r.point()?, hours: r.strs()? });
        }
        let mut policies = Vec::new();
        for _ in 0..r.len()? {
            let (district, title, url) = (r.str()?, r.str()?, r.str()?);
            let groups = r.strs()?;
            let age = match r.uint()? {
                0 => None,
                _ => Some((r.u32()?.min(255) as u8, r.u32()?.min(255) as u8)),
            };
            let residence = r.keyed(Residence::parse)?;
            let registered_unemployed = match r.uint()? {
                0 => None,
                1 => Some(false),
                _ => Some(true),
            };
            let education = education_of(r.uint()?)?;
            let employment = r.keyed(Employment::parse)?;
            let districts = r.strs()?;
            let mut benefits = Vec::new();
            for _ in 0..r.len()? {
                let (kind, name) = (r.str()?, r.str()?);
                let amount = match r.uint()? {
                    0 => None,
                    k => Some((r.uint()?, k == 2)),
                };
                let per = r.str()?;
                let months = r.opt()?.map(|m| m.min(u64::from(u32::MAX)) as u32);
                benefits.push(BenefitEntry { kind, name, amount, per, months });
            }
            let conditions = Conditions { groups, age, residence, registered_unemployed, education, employment, districts };
            policies.push(PolicyEntry { district, title, url, conditions, benefits });
        }
        let mut weights = Vec::new();
        for _ in 0..r.len()? {
            weights.push(match r.uint()? {
                0 => None,
                _ => {
                    let mut w = [0.0; 9];
                    for x in &mut w {
                        *x = f64::from(r.u32()?) / 1000.0;
                    }
                    Some(Weights(w))
                }
            });
        }
        r.end()?;
        Ok(ProfileData { districts, skills, occupations, groups, places, stations, policies, weights })
    }

    /// The skills' rarity over `docs` vacancies (for [`crate::matching::score`]).
    pub fn skill_stats(&self, docs: u32) -> SkillStats {
        SkillStats { docs, df: self.skills.iter().map(|(s, df)| (crate::matching::fold(s), *df)).collect() }
    }
}

/// Encodes match file `name`: `docs` are (document number, features) in document order; the features'
/// skills, occupation and groups must be in `profile`'s vocabularies (the writer makes them so).
pub(super) fn encode_match(docs: &[(u32, &JobFeatures, i64)], profile: &ProfileData, name: String) -> IndexFile {
    let find = |list: &[String], s: &str| list.iter().position(|x| x == s);
    let skill_ids: std::collections::HashMap<String, usize> =
        profile.skills.iter().enumerate().map(|(i, (s, _))| (crate::matching::fold(s), i)).collect();
    let mut w = Writer::new(KIND_MATCH);
    w.uint(docs.len() as u64);
    let mut last = 0u32;
    for (i, &(doc, f, posted)) in docs.iter().enumerate() {
        w.uint(u64::from(if i == 0 { doc } else { doc - last }));
        last = doc;
        let mut ids: Vec<usize> = f.skills.iter().filter_map(|s| skill_ids.get(&crate::matching::fold(s)).copied()).collect();
        ids.dedup();
        w.uint(ids.len() as u64);
        ids.iter().for_each(|&id| w.uint(id as u64));
        w.opt(f.occupation.as_deref().and_then(|o| find(&profile.occupations, o)).map(|i| i as u64));
        match f.location {
            None => w.uint(0),
            Some(p) => {
                w.uint(if f.location_approx { 2 } else { 1 });
                w.point(p);
            }
        }
        match f.salary_monthly {
            None => w.uint(0),
            Some((lo, hi)) => {
                w.uint(1);
                w.uint(u64::from(lo));
                w.uint(u64::from(hi));
            }
        }
        w.uint(education_code(f.education));
        w.uint(u64::from(f.experience_months));
        w.uint(f.work_types.iter().filter_map(|t| EmploymentType::ALL.iter().position(|x| x == t)).fold(0u64, |m, i| m | 1 << i));
        w.uint(f.groups.iter().filter_map(|g| find(&profile.groups, g)).filter(|&i| i < 32).fold(0u64, |m, i| m | 1 << i));
        w.uint(posted.max(0) as u64);
    }
    w.finish(name)
}

/// Decodes a match file: (document number, features), with each vacancy's age in days on `today` (days
/// since 1970, China time). `profile` is the same index's profile file.
pub fn decode_match(bytes: &[u8], profile: &ProfileData, today: i64) -> Result<Vec<(u32, JobFeatures)>, FormatError> {
    let mut r = Reader::open(bytes, KIND_MATCH)?;
    let n = r.len()?;
    let mut out = Vec::with_capacity(n);
    let mut doc = 0u32;
    let bad = |what: &str| FormatError(format!("{what} out of range"));
    for i in 0..n {
        let d = r.u32()?;
        doc = if i == 0 { d } else { doc.checked_add(d).ok_or_else(|| bad("document number"))? };
        let mut skills = Vec::new();
        for _ in 0..r.len()? {
            let id = r.uint()?;
            let s = &profile.skills.get(id as usize).ok_or_else(|| bad("skill"))?.0;
            r.spend(s.len())?;
            skills.push(s.clone());
        }
        let occupation = match r.opt()? {
            None => None,
            Some(i) => {
                let o = profile.occupations.get(i as usize).ok_or_else(|| bad("occupation"))?;
                r.spend(o.len())?;
                Some(o.clone())
            }
        };
        let (location, location_approx) = match r.uint()? {
            0 => (None, false),
            k => (Some(r.point()?), k == 2),
        };
        let salary_monthly = match r.uint()? {
            0 => None,
            _ => Some((r.u32()?, r.u32()?)),
        };
        let education = education_of(r.uint()?)?;
        let experience_months = r.u32()?;
        let types = r.uint()?;
        let work_types = EmploymentType::ALL.iter().enumerate().filter(|(i, _)| types >> i & 1 == 1).map(|(_, &t)| t).collect();
        let gbits = r.uint()?;
        let mut groups = Vec::new();
        for (_, g) in profile.groups.iter().take(32).enumerate().filter(|(i, _)| gbits >> i & 1 == 1) {
            r.spend(g.len())?;
            groups.push(g.clone());
        }
        let posted = i64::try_from(r.uint()?).map_err(|_| bad("posting day"))?;
        let features = JobFeatures {
            skills,
            preferred: Vec::new(),
            occupation,
            location,
            location_approx,
            place: None,
            salary_monthly,
            education,
            experience_months,
            work_types,
            groups,
            age_days: today.saturating_sub(posted).clamp(0, i64::from(u32::MAX)) as u32,
        };
        out.push((doc, features));
    }
    r.end()?;
    Ok(out)
}

/// Builds the profile file's vocabularies and places from the documents' features (the stations and
/// policies are the caller's): skills in order of how many vacancies list them (then first seen, newest
/// first), occupations and groups in byte order, places as the middle of their vacancies' exact
/// coordinates — a place none of whose vacancies has coordinates takes the middle of its district's
/// stations in that street, else it is left out.
pub(super) fn vocabularies(docs: &[(&str, &JobFeatures)], districts: &[String], stations: &[StationEntry]) -> ProfileData {
    let mut skills: Vec<(String, String, u32, usize)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut occupations = std::collections::BTreeSet::new();
    let mut groups = std::collections::BTreeSet::new();
    let mut sums: std::collections::BTreeMap<(String, String), (f64, f64, u32)> = std::collections::BTreeMap::new();
    for (n, (district, f)) in docs.iter().enumerate() {
        let mut seen: Vec<String> = Vec::new();
        for key in f.skills.iter().chain(&f.preferred).map(|s| crate::matching::fold(s)) {
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            match at.get(&key) {
                Some(&i) => skills[i].2 += 1,
                None => {
                    let shown =
                        f.skills.iter().chain(&f.preferred).find(|s| crate::matching::fold(s) == key).map_or(key.clone(), |s| s.trim().to_owned());
                    at.insert(key.clone(), skills.len());
                    skills.push((key, shown, 1, n));
                }
            }
        }
        occupations.extend(f.occupation.iter().cloned());
        groups.extend(f.groups.iter().cloned());
        if let Some((_, locality)) = &f.place {
            let e = sums.entry((district.to_string(), locality.clone())).or_default();
            if let (Some(p), false) = (f.location, f.location_approx) {
                *e = (e.0 + p.lat, e.1 + p.lon, e.2 + 1);
            }
        }
    }
    for s in stations {
        sums.entry((s.district.clone(), s.street.clone())).or_default();
    }
    skills.sort_by(|a, b| b.2.cmp(&a.2).then(a.3.cmp(&b.3)));
    let places = sums
        .into_iter()
        .filter_map(|((district, locality), (lat, lon, n))| {
            let location = if n > 0 {
                GeoPoint { lat: lat / f64::from(n), lon: lon / f64::from(n) }
            } else {
                let near: Vec<&StationEntry> = stations.iter().filter(|s| s.district == district && s.street == locality).collect();
                if near.is_empty() {
                    return None;
                }
                let k = near.len() as f64;
                GeoPoint { lat: near.iter().map(|s| s.location.lat).sum::<f64>() / k, lon: near.iter().map(|s| s.location.lon).sum::<f64>() / k }
            };
            // Five decimals, as stored.
            let round = |x: f64| (x * 1e5).round() / 1e5;
            Some(Place { district, locality, location: GeoPoint { lat: round(location.lat), lon: round(location.lon) } })
        })
        .collect();
    ProfileData {
        districts: districts.to_vec(),
        skills: skills.into_iter().map(|(_, shown, df, _)| (shown, df)).collect(),
        occupations: occupations.into_iter().collect(),
        groups: groups.into_iter().collect(),
        places,
        stations: Vec::new(),
        policies: Vec::new(),
        weights: Vec::new(),
    }
}
