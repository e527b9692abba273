//! What a profile makes of the index's profile files (issue 4): the search's results ranked for the
//! citizen with reasons, the policies with a verdict each (政策找人), and the nearest stations (the
//! 15-minute circle). Plain Rust over [`engine::matching`] and [`engine::eligibility`], tested natively;
//! the browser half only fetches the files into it.

use std::collections::HashMap;

use engine::eligibility::{self, Verdict};
use engine::index::ProfileData;
use engine::matching::{self, JobFeatures, Match, Near, SkillStats, StationPlace, Weights};
use engine::search::Outcome;

use crate::profile::ProfileForm;
use crate::state::SearchState;

/// Stations listed.
pub const STATIONS_SHOWN: usize = 3;

/// The loaded profile file and match files.
#[derive(Debug)]
pub struct MatchData {
    /// The profile file.
    pub data: ProfileData,
    features: HashMap<u32, JobFeatures>,
    loaded: Vec<bool>,
    stats: SkillStats,
    stations: Vec<StationPlace>,
}

/// The results ranked for a profile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranked {
    /// The search's results that pass the profile's hard filters, best first.
    pub docs: Vec<u32>,
    /// Each one's match (score, reasons, missing skills).
    pub matches: HashMap<u32, Match>,
}

/// A policy and its verdict for the profile.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyVerdict {
    /// Its place in [`ProfileData::policies`].
    pub policy: usize,
    /// The verdict.
    pub verdict: Verdict,
}

impl MatchData {
    /// Over a decoded profile file, for an index of `docs` documents; no match file loaded yet.
    pub fn new(data: ProfileData, docs: u32) -> MatchData {
        let stations = data
            .stations
            .iter()
            .map(|s| StationPlace { location: s.location, hours: s.hours.iter().filter_map(|h| engine::hours::parse_rule(h).ok()).collect() })
            .collect();
        MatchData { stats: data.skill_stats(docs), loaded: vec![false; data.districts.len()], features: HashMap::new(), stations, data }
    }

    /// The match files (district numbers) a state's results need and that are not loaded: the
    /// districts it filters on, or every district.
    pub fn missing(&self, state: &SearchState) -> Vec<usize> {
        let selected = state.selected("district");
        (0..self.data.districts.len()).filter(|&n| !self.loaded[n] && (selected.is_empty() || selected.contains(&self.data.districts[n]))).collect()
    }

    /// Adds match file `n`.
    pub fn add(&mut self, n: usize, features: Vec<(u32, JobFeatures)>) {
        if let Some(slot) = self.loaded.get_mut(n) {
            *slot = true;
            self.features.extend(features);
        }
    }

    /// The search's results ranked for `form` (see [`engine::matching::rank`]); results whose features
    /// are not loaded are left out. Text relevance is each result's relative to the best.
    pub fn rank(&self, form: &ProfileForm, outcome: &Outcome, weights: &Weights) -> Ranked {
        let profile = form.matching(&self.data);
        let best = outcome.relevance.iter().copied().max().unwrap_or(0);
        let mut scored: Vec<(usize, u32, Match)> = outcome
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, &d)| {
                let job = self.features.get(&d)?;
                let text = outcome.relevance.get(i).filter(|_| best > 0).map(|&r| f64::from(r) / f64::from(best));
                matching::score(&profile, job, text, &self.stats, weights).map(|m| (i, d, m))
            })
            .collect();
        // Best first; ties keep the search's order.
        scored.sort_by(|a, b| b.2.score.total_cmp(&a.2.score).then(a.0.cmp(&b.0)));
        Ranked { docs: scored.iter().map(|s| s.1).collect(), matches: scored.into_iter().map(|(_, d, m)| (d, m)).collect() }
    }

    /// Every policy with its verdict: eligible first, then "may be" (fewest facts missing first),
    /// then not eligible; within each, the citizen's district first, then as the content lists them.
    pub fn policies(&self, form: &ProfileForm) -> Vec<PolicyVerdict> {
        let facts = form.facts(&self.data);
        let mut out: Vec<PolicyVerdict> = self
            .data
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| PolicyVerdict { policy: i, verdict: eligibility::judge(&p.conditions, &facts) })
            .collect();
        let rank = |v: &Verdict| match v {
            Verdict::Eligible => 0,
            Verdict::MayBe(missing) => 1 + missing.len(),
            Verdict::NotEligible(_) => 100,
        };
        let home = |i: usize| facts.district.as_deref() != Some(self.data.policies[i].district.as_str());
        out.sort_by_key(|v| (rank(&v.verdict), home(v.policy), v.policy));
        out
    }

    /// The stations nearest the citizen's place, with distance, minutes and "open now" at `weekday`
    /// (0 = Monday) and `minute` (China time); none without a place.
    pub fn stations(&self, form: &ProfileForm, weekday: usize, minute: u16) -> Vec<Near> {
        match form.location(&self.data) {
            Some(from) => matching::nearest_stations(from, form.travel, &self.stations, weekday, minute, STATIONS_SHOWN),
            None => Vec::new(),
        }
    }

    /// The weights for a state: the district's own when it filters on exactly one district that has
    /// them, else the defaults.
    pub fn weights(&self, state: &SearchState) -> Weights {
        match state.selected("district") {
            [one] => self.data.districts.iter().position(|d| d == one).and_then(|n| self.data.weights.get(n).copied().flatten()).unwrap_or_default(),
            _ => Weights::default(),
        }
    }
}

/// The weekday (0 = Monday) and minute of the day in China (UTC+8, no daylight saving) at `unix_ms`.
pub fn china_time(unix_ms: f64) -> (usize, u16) {
    let minutes = (unix_ms / 60_000.0).floor() as i64 + 8 * 60;
    let day = minutes.div_euclid(24 * 60);
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    ((day + 3).rem_euclid(7) as usize, minutes.rem_euclid(24 * 60) as u16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Edit;
    use engine::eligibility::{Conditions, Fact, Residence};
    use engine::index::{Place, PolicyEntry, StationEntry};
    use engine::matching::{GeoPoint, Reason};
    use engine::vacancy::EmploymentType;

    const HOME: GeoPoint = GeoPoint { lat: 22.8, lon: 113.5 };

    fn north(km: f64) -> GeoPoint {
        GeoPoint { lat: HOME.lat + km / 111.195, lon: HOME.lon }
    }

    fn data() -> MatchData {
        let station = |name: &str, at: GeoPoint, hours: &str| StationEntry {
            district: "nansha".into(),
            name: name.into(),
            kind: "youth-base".into(),
            url: format!("/nansha/stations/{name}/"),
            street: "南沙街道".into(),
            location: at,
            hours: vec![hours.into()],
        };
        let policy = |title: &str, district: &str, conditions: Conditions| PolicyEntry {
            district: district.into(),
            title: title.into(),
            url: String::new(),
            conditions,
            benefits: Vec::new(),
        };
        let hk = Conditions { residence: vec![Residence::HongKong, Residence::Macau], districts: vec!["nansha".into()], ..Conditions::default() };
        let data = ProfileData {
            districts: vec!["nansha".into(), "liwan".into()],
            skills: vec![("Java".into(), 1), ("焊工证".into(), 2)],
            places: vec![Place { district: "nansha".into(), locality: "南沙街道".into(), location: HOME }],
            stations: vec![station("far", north(3.0), "Mo-Su 00:00-23:59"), station("near", north(0.5), "Mo-Fr 09:00-17:30")],
            policies: vec![
                policy("open", "liwan", Conditions::default()),
                policy("hk", "nansha", hk),
                policy("graduates", "nansha", Conditions { groups: vec!["graduate".into()], ..Conditions::default() }),
            ],
            ..ProfileData::default()
        };
        let mut m = MatchData::new(data, 3);
        let job = |skills: &[&str], km: f64, types: &[EmploymentType]| JobFeatures {
            skills: skills.iter().map(|s| s.to_string()).collect(),
            location: Some(north(km)),
            work_types: types.to_vec(),
            ..JobFeatures::default()
        };
        m.add(
            0,
            vec![
                (0, job(&["焊工证"], 0.2, &[EmploymentType::FullTime])),
                (1, job(&["Java"], 1.0, &[EmploymentType::FullTime])),
                (2, job(&["Java"], 5.0, &[EmploymentType::PartTime])),
            ],
        );
        m
    }

    fn outcome(docs: &[u32], relevance: &[u32]) -> Outcome {
        Outcome { docs: docs.to_vec(), relevance: relevance.to_vec(), ..Outcome::default() }
    }

    #[test]
    fn results_are_ranked_for_the_profile_and_hard_filters_leave_some_out() {
        let m = data();
        let state = SearchState::default();
        assert_eq!(m.missing(&state), [1], "liwan's file is not loaded; nansha's is");
        let d = SearchState::from_query("district=nansha");
        assert!(m.missing(&d).is_empty());
        let java = ProfileForm::default().apply(Edit::AddSkills("java".into())).apply(Edit::Place("nansha/南沙街道".into()));
        let r = m.rank(&java, &outcome(&[0, 1, 2], &[]), &Weights::default());
        assert_eq!(r.docs, [1, 0], "the Java job first; the one 5 km away is past the 15-minute walk");
        assert!(r.matches[&1].reasons.contains(&Reason::Skills { have: 1, of: 1 }));
        assert_eq!(r.matches[&0].missing_skills, ["焊工证"]);
        let cycling = java.apply(Edit::Mode("cycle".into())).apply(Edit::Minutes("30".into()));
        assert_eq!(m.rank(&cycling, &outcome(&[0, 1, 2], &[]), &Weights::default()).docs.len(), 3);
        let full_time = cycling.apply(Edit::WorkType(EmploymentType::FullTime));
        assert_eq!(m.rank(&full_time, &outcome(&[0, 1, 2], &[]), &Weights::default()).docs, [1, 0]);
        // Text relevance counts: a result the search ranks far higher can overtake.
        let welder = ProfileForm::default().apply(Edit::Place("nansha/南沙街道".into()));
        let by_text = m.rank(&welder, &outcome(&[1, 0], &[200, 10]), &Weights::default());
        assert_eq!(by_text.docs[0], 1);
        assert_eq!(m.rank(&welder, &outcome(&[5], &[]), &Weights::default()).docs, Vec::<u32>::new(), "no features, no rank");
    }

    #[test]
    fn policies_come_eligible_first_then_may_be_then_not() {
        let m = data();
        let order = |f: &ProfileForm| m.policies(f).iter().map(|v| (m.data.policies[v.policy].title.clone(), v.verdict.clone())).collect::<Vec<_>>();
        let hk = ProfileForm::default().apply(Edit::Place("nansha/南沙街道".into())).apply(Edit::Residence("hong-kong".into()));
        assert_eq!(
            order(&hk),
            [
                ("hk".to_owned(), Verdict::Eligible),
                ("open".to_owned(), Verdict::Eligible),
                ("graduates".to_owned(), Verdict::MayBe(vec![Fact::Group])),
            ]
        );
        let mainland = hk.apply(Edit::Residence("guangzhou".into())).apply(Edit::Group("graduate".into()));
        assert_eq!(order(&mainland)[2], ("hk".to_owned(), Verdict::NotEligible(vec![Fact::Residence])));
        assert_eq!(order(&mainland)[0].0, "graduates", "eligible, and in the citizen's district: before the open one");
        // Nothing told: the open one is eligible, the others may be, the citizen's district unknown.
        assert_eq!(order(&ProfileForm::default())[0], ("open".to_owned(), Verdict::Eligible));
    }

    #[test]
    fn nearest_stations_with_minutes_and_open_now() {
        let m = data();
        assert!(m.stations(&ProfileForm::default(), 0, 600).is_empty(), "no place, no stations");
        let here = ProfileForm::default().apply(Edit::Place("nansha/南沙街道".into()));
        // Saturday 10:00: the near one (weekdays) is closed, the far one open.
        let s = m.stations(&here, 5, 600);
        assert_eq!(s.iter().map(|n| (n.station, n.minutes, n.within, n.open_now)).collect::<Vec<_>>(), [(1, 7, true, false), (0, 38, false, true)]);
        assert!(m.stations(&here, 0, 600)[0].open_now, "Monday 10:00 it is open");
    }

    #[test]
    fn china_time_is_utc_plus_eight() {
        // 2026-11-20 00:00 China time = 2026-11-19 16:00 UTC (SOURCE_DATE_EPOCH 1795104000), a Friday.
        assert_eq!(china_time(1_795_104_000_000.0), (4, 0));
        assert_eq!(china_time(1_795_104_000_000.0 + 9.5 * 3_600_000.0), (4, 570));
        assert_eq!(china_time(0.0), (3, 480), "1970-01-01 08:00 in China was a Thursday");
    }
}
