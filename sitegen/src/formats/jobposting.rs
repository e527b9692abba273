//! Vacancies as a vacancy file's JobPosting JSON (docs/content.md, "Vacancies"): what `sitegen import`
//! writes. Reading what it writes gives back the same vacancies (a test holds it to that), so a team can
//! turn a spreadsheet into JSON and keep that instead. This is the input vocabulary — `targetGroups`, no
//! page URL, no location made up — not the JSON-LD of the vacancy pages ([`super::jsonld`]).

use engine::vacancy::{Education, Vacancy};
use serde_json::{Map, Value, json};

/// The vacancies as a JSON array of JobPosting objects.
pub fn vacancy_file(vacancies: &[Vacancy]) -> Value {
    Value::Array(vacancies.iter().map(job_posting).collect())
}

/// One vacancy as a JobPosting object.
pub fn job_posting(v: &Vacancy) -> Value {
    let mut o = Map::new();
    let mut put = |k: &str, x: Value| {
        o.insert(k.to_owned(), x);
    };
    put("@context", json!("https://schema.org"));
    put("@type", json!("JobPosting"));
    put("identifier", json!(v.identifier));
    put("title", json!(v.title));
    put("description", json!(v.description));
    put("datePosted", json!(v.date_posted.to_iso()));
    if let Some(t) = v.valid_through {
        put("validThrough", json!(t.to_iso()));
    }
    if !v.employment_types.is_empty() {
        put("employmentType", json!(v.employment_types.iter().map(|t| t.as_schema()).collect::<Vec<_>>()));
    }
    let org = &v.hiring_organization;
    let mut h = Map::new();
    h.insert("name".into(), json!(org.name));
    optional(&mut h, "sameAs", &org.same_as);
    optional(&mut h, "logo", &org.logo);
    put("hiringOrganization", Value::Object(h));
    let places: Vec<Value> = v
        .locations
        .iter()
        .map(|p| {
            let mut a = Map::new();
            optional(&mut a, "streetAddress", &p.street_address);
            optional(&mut a, "addressLocality", &p.address_locality);
            optional(&mut a, "addressRegion", &p.address_region);
            optional(&mut a, "postalCode", &p.postal_code);
            optional(&mut a, "addressCountry", &p.address_country);
            let mut place = Map::new();
            if !a.is_empty() {
                place.insert("address".into(), Value::Object(a));
            }
            if let Some((la, lo)) = p.geo {
                place.insert("geo".into(), json!({"latitude": la, "longitude": lo}));
            }
            Value::Object(place)
        })
        .collect();
    match places.len() {
        0 => {}
        1 => put("jobLocation", places.into_iter().next().unwrap_or_default()),
        _ => put("jobLocation", Value::Array(places)),
    }
    if let Some(s) = &v.base_salary {
        let value = if s.min == s.max {
            json!({"value": s.min, "unitText": s.unit.as_schema()})
        } else {
            json!({"minValue": s.min, "maxValue": s.max, "unitText": s.unit.as_schema()})
        };
        put("baseSalary", json!({"currency": s.currency, "value": value}));
    }
    match v.education {
        Some(Education::None) => put("educationRequirements", json!("no requirements")),
        Some(e) => put("educationRequirements", json!({"credentialCategory": e.as_schema()})),
        None => {}
    }
    match v.experience_months {
        Some(0) => put("experienceRequirements", json!("no requirements")),
        Some(n) => put("experienceRequirements", json!({"monthsOfExperience": n})),
        None => {}
    }
    if !v.skills.is_empty() {
        put("skills", json!(v.skills));
    }
    for (k, x) in [
        ("occupationalCategory", &v.occupational_category),
        ("workHours", &v.work_hours),
        ("jobBenefits", &v.job_benefits),
        ("industry", &v.industry),
    ] {
        if let Some(x) = x {
            put(k, json!(x));
        }
    }
    if let Some(n) = v.total_job_openings {
        put("totalJobOpenings", json!(n));
    }
    if let Some(b) = v.direct_apply {
        put("directApply", json!(b));
    }
    if let Some(c) = &v.application_contact {
        let mut m = Map::new();
        optional(&mut m, "telephone", &c.telephone);
        optional(&mut m, "email", &c.email);
        optional(&mut m, "url", &c.url);
        put("applicationContact", Value::Object(m));
    }
    if !v.target_groups.is_empty() {
        put("targetGroups", json!(v.target_groups));
    }
    Value::Object(o)
}

fn optional(m: &mut Map<String, Value>, key: &str, v: &Option<String>) {
    if let Some(v) = v {
        m.insert(key.into(), json!(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::diag::Diagnostics;
    use engine::validate::{Rules, parse_vacancy_file};

    /// Every property a vacancy file may have, two places, a range and a single salary.
    const FULL: &str = r#"[{
      "identifier": "hp-1", "title": "焊工", "description": "**焊接**", "datePosted": "2026-11-01T08:30:00+08:00",
      "validThrough": "2026-12-31", "employmentType": ["FULL_TIME", "PER_DIEM"],
      "hiringOrganization": {"name": "某厂", "sameAs": "https://a.example", "logo": "https://a.example/l.png"},
      "jobLocation": [{"address": {"streetAddress": "开创大道1号", "addressLocality": "云埔街道", "addressRegion": "广东省广州市", "postalCode": "510530", "addressCountry": "CN"}, "geo": {"latitude": 23.17, "longitude": 113.5}}, {"geo": {"latitude": 23.1, "longitude": 113.4}}],
      "baseSalary": {"currency": "CNY", "value": {"minValue": 6500, "maxValue": 9500.5, "unitText": "MONTH"}},
      "educationRequirements": {"credentialCategory": "high school"}, "experienceRequirements": {"monthsOfExperience": 24},
      "skills": ["焊工证", "读图"], "occupationalCategory": "6-18-02 焊工", "totalJobOpenings": 5, "directApply": true,
      "applicationContact": {"telephone": "020-1", "email": "a@b.cn", "url": "https://a.example/apply"},
      "workHours": "8:00-17:00", "jobBenefits": "五险一金", "industry": "制造业", "targetGroups": ["graduate"]
    }, {
      "identifier": "hp-2", "title": "保洁", "description": "d", "datePosted": "2026-11-01", "hiringOrganization": {"name": "n"},
      "jobLocation": {"address": {"addressLocality": "夏港街道"}}, "baseSalary": {"currency": "CNY", "value": {"value": 150, "unitText": "DAY"}},
      "educationRequirements": "no requirements", "experienceRequirements": "no requirements"
    }]"#;

    #[test]
    fn what_is_written_reads_back_as_the_same_vacancies() {
        let rules = Rules { target_groups: ["graduate".to_owned()].into() };
        let mut d = Diagnostics::new();
        let before = parse_vacancy_file("a.json", FULL, "huangpu", &rules, &mut d);
        assert!(d.is_empty() && before.len() == 2, "{:?}", d.sorted());
        let text = serde_json::to_string_pretty(&vacancy_file(&before)).unwrap();
        let after = parse_vacancy_file("b.json", &text, "huangpu", &rules, &mut d);
        assert!(d.is_empty(), "{:?}", d.sorted());
        let without_source = |v: &[Vacancy]| v.iter().map(|v| Vacancy { source: Default::default(), ..v.clone() }).collect::<Vec<_>>();
        assert_eq!(without_source(&before), without_source(&after));
    }
}
