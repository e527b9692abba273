//! Policy eligibility (政策找人, issue 4): a policy's machine-readable conditions, the facts a citizen
//! chose to tell, and the verdict — eligible, may be eligible (and which facts would decide it), or not
//! eligible (and which condition fails). Computed in the browser; nothing leaves it.
//!
//! Every condition is judged on its own: *met*, *not met*, or *unknown* when the citizen has not said
//! (or said only an age band that straddles the limit). A policy is eligible when every condition is
//! met, not eligible when any is not met, and otherwise "may be eligible" with the unknown facts listed.
//! A policy without conditions is open to everyone.

use crate::vacancy::Education;

/// What the citizen is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Employment {
    /// In work.
    Employed,
    /// Looking for work.
    Unemployed,
    /// Running a business.
    SelfEmployed,
    /// In school or university.
    Student,
}

impl Employment {
    /// Every value.
    pub const ALL: [Employment; 4] = [Employment::Employed, Employment::Unemployed, Employment::SelfEmployed, Employment::Student];

    /// The front-matter spelling.
    pub fn key(self) -> &'static str {
        match self {
            Employment::Employed => "employed",
            Employment::Unemployed => "unemployed",
            Employment::SelfEmployed => "self-employed",
            Employment::Student => "student",
        }
    }

    /// Parses [`Employment::key`].
    pub fn parse(s: &str) -> Option<Employment> {
        Employment::ALL.into_iter().find(|e| e.key() == s)
    }
}

/// Where the citizen's residence (户籍 or permit) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Residence {
    /// Guangzhou household registration.
    Guangzhou,
    /// Elsewhere on the mainland.
    Mainland,
    /// Hong Kong resident.
    HongKong,
    /// Macau resident.
    Macau,
    /// Taiwan resident.
    Taiwan,
    /// Foreign national.
    Foreign,
}

impl Residence {
    /// Every value.
    pub const ALL: [Residence; 6] =
        [Residence::Guangzhou, Residence::Mainland, Residence::HongKong, Residence::Macau, Residence::Taiwan, Residence::Foreign];

    /// The front-matter spelling.
    pub fn key(self) -> &'static str {
        match self {
            Residence::Guangzhou => "guangzhou",
            Residence::Mainland => "mainland",
            Residence::HongKong => "hong-kong",
            Residence::Macau => "macau",
            Residence::Taiwan => "taiwan",
            Residence::Foreign => "foreign",
        }
    }

    /// Parses [`Residence::key`].
    pub fn parse(s: &str) -> Option<Residence> {
        Residence::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// A policy's conditions; an empty field sets no condition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions {
    /// The citizen belongs to at least one of these target groups (site.toml ids).
    pub groups: Vec<String>,
    /// Age in years, inclusive (min, max).
    pub age: Option<(u8, u8)>,
    /// Residence is one of these.
    pub residence: Vec<Residence>,
    /// Registered as unemployed (登记失业) — `Some(true)` required, `Some(false)` excluded.
    pub registered_unemployed: Option<bool>,
    /// At least this education.
    pub education: Option<Education>,
    /// Employment status is one of these.
    pub employment: Vec<Employment>,
    /// Lives or works in one of these districts (slugs).
    pub districts: Vec<String>,
}

/// What the citizen told (each `None`/empty: not said).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Target groups they belong to. `None`: not said (empty: said none).
    pub groups: Option<Vec<String>>,
    /// Age band in years, inclusive.
    pub age_band: Option<(u8, u8)>,
    /// Residence.
    pub residence: Option<Residence>,
    /// Registered as unemployed.
    pub registered_unemployed: Option<bool>,
    /// Highest education.
    pub education: Option<Education>,
    /// Employment status.
    pub employment: Option<Employment>,
    /// District where they live or work.
    pub district: Option<String>,
}

/// A fact a condition asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fact {
    /// Target group.
    Group,
    /// Age.
    Age,
    /// Residence.
    Residence,
    /// Unemployment registration.
    Registration,
    /// Education.
    Education,
    /// Employment status.
    Employment,
    /// District.
    District,
}

/// The verdict for one policy.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Every condition is met.
    Eligible,
    /// None fails, but these facts are missing (or, for age, not precise enough).
    MayBe(Vec<Fact>),
    /// These conditions are not met.
    NotEligible(Vec<Fact>),
}

/// Judges `facts` against `conditions` (see the module docs).
pub fn judge(conditions: &Conditions, facts: &Facts) -> Verdict {
    // Each condition: Some(true) met, Some(false) not met, None unknown.
    let mut checks: Vec<(Fact, Option<bool>)> = Vec::new();
    if !conditions.groups.is_empty() {
        checks.push((Fact::Group, facts.groups.as_ref().map(|g| g.iter().any(|x| conditions.groups.contains(x)))));
    }
    if let Some((lo, hi)) = conditions.age {
        checks.push((
            Fact::Age,
            facts.age_band.and_then(|(a, b)| {
                if a >= lo && b <= hi {
                    Some(true)
                } else if b < lo || a > hi {
                    Some(false)
                } else {
                    None // the band straddles a limit: the exact age decides
                }
            }),
        ));
    }
    if !conditions.residence.is_empty() {
        checks.push((Fact::Residence, facts.residence.map(|r| conditions.residence.contains(&r))));
    }
    if let Some(want) = conditions.registered_unemployed {
        checks.push((Fact::Registration, facts.registered_unemployed.map(|r| r == want)));
    }
    if let Some(min) = conditions.education {
        checks.push((Fact::Education, facts.education.map(|e| e >= min)));
    }
    if !conditions.employment.is_empty() {
        checks.push((Fact::Employment, facts.employment.map(|e| conditions.employment.contains(&e))));
    }
    if !conditions.districts.is_empty() {
        checks.push((Fact::District, facts.district.as_ref().map(|d| conditions.districts.contains(d))));
    }
    let failed: Vec<Fact> = checks.iter().filter(|c| c.1 == Some(false)).map(|c| c.0).collect();
    if !failed.is_empty() {
        return Verdict::NotEligible(failed);
    }
    let unknown: Vec<Fact> = checks.iter().filter(|c| c.1.is_none()).map(|c| c.0).collect();
    if unknown.is_empty() { Verdict::Eligible } else { Verdict::MayBe(unknown) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 南沙's HK/Macau youth employment support: HK or Macau residents, 18–45, employed in Nansha.
    fn hk_youth() -> Conditions {
        Conditions {
            groups: vec!["hk-macau-youth".into()],
            age: Some((18, 45)),
            residence: vec![Residence::HongKong, Residence::Macau],
            employment: vec![Employment::Employed],
            districts: vec!["nansha".into()],
            ..Conditions::default()
        }
    }

    fn youth() -> Facts {
        Facts {
            groups: Some(vec!["hk-macau-youth".into()]),
            age_band: Some((25, 34)),
            residence: Some(Residence::HongKong),
            employment: Some(Employment::Employed),
            district: Some("nansha".into()),
            ..Facts::default()
        }
    }

    #[test]
    fn every_condition_met_is_eligible_and_one_failing_is_not() {
        assert_eq!(judge(&hk_youth(), &youth()), Verdict::Eligible);
        let mainland = Facts { residence: Some(Residence::Guangzhou), groups: Some(vec![]), ..youth() };
        assert_eq!(judge(&hk_youth(), &mainland), Verdict::NotEligible(vec![Fact::Group, Fact::Residence]));
        let tianhe = Facts { district: Some("tianhe".into()), ..youth() };
        assert_eq!(judge(&hk_youth(), &tianhe), Verdict::NotEligible(vec![Fact::District]));
    }

    #[test]
    fn missing_facts_and_straddling_age_bands_make_it_may_be() {
        assert_eq!(
            judge(&hk_youth(), &Facts::default()),
            Verdict::MayBe(vec![Fact::Group, Fact::Age, Fact::Residence, Fact::Employment, Fact::District])
        );
        let band = Facts { age_band: Some((40, 49)), ..youth() };
        assert_eq!(judge(&hk_youth(), &band), Verdict::MayBe(vec![Fact::Age]), "40–49 straddles 45");
        let old = Facts { age_band: Some((50, 59)), ..youth() };
        assert_eq!(judge(&hk_youth(), &old), Verdict::NotEligible(vec![Fact::Age]));
        assert_eq!(judge(&Conditions::default(), &Facts::default()), Verdict::Eligible, "no conditions: open to all");
    }

    #[test]
    fn registration_education_and_employment() {
        // A social-insurance subsidy for registered unemployed 4050 workers (women 40+, men 50+: the
        // group carries the age rule, so the policy need not — and age never lowers a vacancy score).
        let subsidy = Conditions {
            groups: vec!["4050".into(), "employment-difficulty".into()],
            registered_unemployed: Some(true),
            employment: vec![Employment::Unemployed, Employment::Employed],
            ..Conditions::default()
        };
        let worker = Facts {
            groups: Some(vec!["4050".into()]),
            registered_unemployed: Some(true),
            employment: Some(Employment::Unemployed),
            ..Facts::default()
        };
        assert_eq!(judge(&subsidy, &worker), Verdict::Eligible);
        let unregistered = Facts { registered_unemployed: Some(false), ..worker.clone() };
        assert_eq!(judge(&subsidy, &unregistered), Verdict::NotEligible(vec![Fact::Registration]));
        let graduate_subsidy = Conditions { education: Some(Education::Associate), ..Conditions::default() };
        assert_eq!(judge(&graduate_subsidy, &Facts { education: Some(Education::Bachelor), ..Facts::default() }), Verdict::Eligible);
        assert_eq!(
            judge(&graduate_subsidy, &Facts { education: Some(Education::HighSchool), ..Facts::default() }),
            Verdict::NotEligible(vec![Fact::Education])
        );
        assert_eq!(Employment::parse("self-employed"), Some(Employment::SelfEmployed));
        assert_eq!(Residence::parse("macau"), Some(Residence::Macau));
    }
}
