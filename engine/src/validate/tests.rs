//! Tests of vacancy validation: a good vacancy, then one test per kind of bad input.

use super::*;
use crate::date::Date;
use crate::diag::Diagnostics;

fn rules() -> Rules {
    Rules { target_groups: ["graduate", "4050", "veteran"].into_iter().map(String::from).collect() }
}

const GOOD: &str = r#"{
  "@context": "https://schema.org",
  "@type": "JobPosting",
  "identifier": "hp-welder-1",
  "title": "焊工（二氧化碳保护焊）",
  "description": "**岗位职责**\n- 焊接车身部件",
  "datePosted": "2026-11-01",
  "validThrough": "2026-12-31T23:59:59+08:00",
  "employmentType": ["FULL_TIME", "full_time", "PER_DIEM"],
  "hiringOrganization": {"name": "广州某汽车零部件有限公司", "sameAs": "https://example.com"},
  "jobLocation": {"address": {"streetAddress": "开创大道 1 号", "addressLocality": "云埔街道", "addressRegion": "广东省广州市", "addressCountry": "CN"}, "geo": {"latitude": 23.17, "longitude": 113.50}},
  "baseSalary": {"currency": "CNY", "value": {"minValue": 6500, "maxValue": "9500", "unitText": "MONTH"}},
  "educationRequirements": {"credentialCategory": "high school"},
  "experienceRequirements": {"monthsOfExperience": 12},
  "skills": ["焊工证", "二氧化碳保护焊"],
  "occupationalCategory": "6-18-02 焊工",
  "totalJobOpenings": 5,
  "directApply": true,
  "applicationContact": {"telephone": "020-82000000", "email": "hr@example.cn"},
  "targetGroups": ["4050", "veteran"]
}"#;

fn run(text: &str) -> (Vec<Vacancy>, Vec<String>) {
    let mut d = Diagnostics::new();
    let v = parse_vacancy_file("v.json", text, "huangpu", &rules(), &mut d);
    (v, d.sorted().iter().map(|d| d.to_string()).collect())
}

/// `GOOD` with one property replaced (or removed, when `value` is None).
fn with(key: &str, value: Option<&str>) -> String {
    let mut out = Vec::new();
    let mut replaced = false;
    for line in GOOD.lines() {
        if line.trim_start().starts_with(&format!("\"{key}\":")) {
            replaced = true;
            if let Some(v) = value {
                out.push(format!("  \"{key}\": {v},"));
            }
        } else {
            out.push(line.to_owned());
        }
    }
    assert!(replaced, "{key} not in GOOD");
    let s = out.join("\n");
    s.replace(",\n}", "\n}")
}

#[test]
fn good_vacancy_is_read_completely() {
    let (v, errs) = run(GOOD);
    assert_eq!(errs, Vec::<String>::new());
    let v = &v[0];
    assert_eq!(v.identifier, "hp-welder-1");
    assert_eq!(v.district, "huangpu");
    assert_eq!(v.employment_types, [EmploymentType::FullTime, EmploymentType::PerDiem]);
    assert_eq!(v.locality(), Some("云埔街道"));
    assert_eq!(v.geo(), Some((23.17, 113.50)));
    let s = v.base_salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.unit), (6500.0, 9500.0, SalaryUnit::Month));
    assert_eq!(v.education, Some(Education::HighSchool));
    assert_eq!(v.experience_months, Some(12));
    assert_eq!(v.target_groups, ["4050", "veteran"]);
    assert_eq!(v.source.pos, Pos { line: 1, col: 1 });
    assert!(!v.is_expired(Date::parse("2026-12-31").unwrap()));
    assert!(v.is_expired(Date::parse("2027-01-01").unwrap()));
}

#[test]
fn an_array_of_objects_is_accepted_and_each_checked() {
    let text = format!("[{GOOD}, {}]", GOOD.replace("hp-welder-1", "hp-welder-2").replace("\"title\": \"焊工（二氧化碳保护焊）\",", ""));
    let (v, errs) = run(&text);
    assert_eq!(v.len(), 1, "the broken second object is left out");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].contains("missing required property `title`"), "{errs:?}");
    assert!(errs[0].starts_with("v.json:21:4:"), "position of the second object: {errs:?}");
}

#[test]
fn every_required_field_is_reported_at_once() {
    let (v, errs) = run("{\"identifier\": \"x\"}");
    assert!(v.is_empty());
    for f in ["title", "description", "datePosted", "hiringOrganization"] {
        assert!(errs.iter().any(|e| e.contains(&format!("missing required property `{f}`"))), "{f}: {errs:?}");
    }
    assert_eq!(errs.len(), 4);
}

#[test]
fn invalid_json_names_line_and_column() {
    let (_, errs) = run("{\n  \"title\": \"a\",\n  \"x\": tru\n}");
    assert_eq!(errs, ["v.json:3:8: error: invalid JSON: unexpected `t`, expected a value"]);
}

#[test]
fn dates_that_are_not_dates() {
    let (_, errs) = run(&with("datePosted", Some("\"2026-02-30\"")));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("v.json:7:17: error: `datePosted`: `2026-02-30` is not a day of the calendar"), "{errs:?}");
    let (_, errs) = run(&with("datePosted", Some("\"下周一\"")));
    assert!(errs[0].contains("not an ISO 8601 date"), "{errs:?}");
    let (_, errs) = run(&with("validThrough", Some("20261231")));
    assert!(errs[0].contains("must be an ISO 8601 date string, found a number"), "{errs:?}");
    let (_, errs) = run(&with("validThrough", Some("\"2026-10-01\"")));
    assert!(errs[0].contains("is before `datePosted`"), "{errs:?}");
}

#[test]
fn wrong_types() {
    let cases = [
        ("title", "42", "`title` must be a string, found a number"),
        ("totalJobOpenings", "\"many\"", "`totalJobOpenings` must be a number, found the string \"many\""),
        ("totalJobOpenings", "2.5", "must be a whole number"),
        ("directApply", "\"yes\"", "`directApply` must be true or false"),
        ("skills", "{}", "`skills` must be an array of strings, found an object"),
        ("hiringOrganization", "\"某公司\"", "must be an object, found the string `某公司`"),
        ("employmentType", "\"GIG\"", "unknown `employmentType` `GIG`"),
        ("educationRequirements", "{\"credentialCategory\": \"PhD\"}", "unknown `credentialCategory` `PhD`"),
        ("baseSalary", "{\"currency\": \"CNY\", \"value\": {\"minValue\": 9000, \"maxValue\": 6000, \"unitText\": \"MONTH\"}}", "is not a range"),
        ("baseSalary", "{\"currency\": \"rmb\", \"value\": {\"value\": 200, \"unitText\": \"FORTNIGHT\"}}", "unknown `unitText` `FORTNIGHT`"),
        ("identifier", "\"HP_Welder 1\"", "is not of the form [a-z0-9-]{1,64} (e.g. `hp-welder-1`)"),
        ("jobLocation", "{\"geo\": {\"latitude\": 113.5, \"longitude\": 23.1}}", "out of range (latitude first"),
    ];
    for (key, value, expect) in cases {
        let (v, errs) = run(&with(key, Some(value)));
        assert!(v.is_empty(), "{key}: a vacancy with errors is left out");
        assert!(errs.iter().any(|e| e.contains(expect)), "{key}={value}: expected `{expect}` in {errs:?}");
    }
    let (_, errs) = run(&with("baseSalary", Some("{\"currency\": \"rmb\", \"value\": {\"value\": 200, \"unitText\": \"DAY\"}}")));
    assert!(errs[0].contains("ISO 4217"), "{errs:?}");
}

#[test]
fn unknown_target_groups_get_a_hint() {
    let (_, errs) = run(&with("targetGroups", Some("[\"veterans\", \"students\"]")));
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[1].contains("unknown target group `veterans` (did you mean `veteran`?)"), "{errs:?}");
    assert!(errs[0].contains("unknown target group `students` (target groups are defined in site.toml: 4050, graduate, veteran)"), "{errs:?}");
}

#[test]
fn unknown_properties_are_errors_with_hints() {
    let text = GOOD.replacen("\"title\"", "\"titel\"", 1).replacen("\"skills\"", "\"salary\": 1, \"skills\"", 1);
    let (v, errs) = run(&text);
    assert!(v.is_empty());
    assert!(errs.iter().any(|e| e.contains("unknown property `titel` in a JobPosting (did you mean `title`?)")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("unknown property `salary` in a JobPosting (schema.org calls this `baseSalary`)")), "{errs:?}");
    let (_, errs) = run(&GOOD.replace("\"addressRegion\"", "\"region\""));
    assert!(errs[0].contains("unknown property `region` in `jobLocation.address`"), "{errs:?}");
}

#[test]
fn duplicate_keys_and_identifiers() {
    let (_, errs) = run(&GOOD.replacen("\"skills\"", "\"title\": \"again\", \"skills\"", 1));
    assert!(errs[0].contains("duplicate property `title`"), "{errs:?}");
}

#[test]
fn one_record_at_a_time() {
    let node = json::parse(GOOD).unwrap();
    assert_eq!(identifier_as_written(&node).as_deref(), Some("hp-welder-1"));
    let mut d = Diagnostics::new();
    assert!(check_vacancy(&node, "v.json", "huangpu", &rules(), Unknown::Error, &mut d).is_some());
    assert!(d.is_empty());
    let pv = json::parse(r#"{"identifier": {"@type": "PropertyValue", "name": "x", "value": " JOB-7 "}}"#).unwrap();
    assert_eq!(identifier_as_written(&pv).as_deref(), Some("JOB-7"));
    // A career page may use any schema.org property: those a vacancy file may not use are warnings there.
    let page = json::parse(&GOOD.replacen("\"skills\"", "\"url\": \"https://x\", \"skills\"", 1)).unwrap();
    let v = check_vacancy(&page, "p.html", "huangpu", &rules(), Unknown::Ignore, &mut d);
    assert!(v.is_some() && !d.has_errors());
    assert_eq!(d.sorted()[0].to_string(), "p.html:15:3: warning: property `url` of a JobPosting is not read");
    assert!(check_vacancy(&page, "p.json", "huangpu", &rules(), Unknown::Error, &mut Diagnostics::new()).is_none());
    let mut d = Diagnostics::new();
    assert!(check_vacancy(&json::parse("[1]").unwrap(), "v.json", "huangpu", &rules(), Unknown::Error, &mut d).is_none());
    assert!(d.sorted()[0].message.contains("expected a JobPosting object, found an array"));
}

#[test]
fn script_in_descriptions_is_an_error() {
    for (desc, what) in [
        (r#"好岗位<script>alert(1)</script>"#, "a <script> element"),
        (r#"<img src=x onerror=alert(1)>"#, "an event-handler attribute `onerror`"),
        (r#"[申请](javascript:alert(1))"#, "a `javascript:` URL"),
        (r#"<IFRAME src=//evil>"#, "a <iframe> element"),
        (r#"<svg/onload=alert(1)>"#, "a <svg> element"),
    ] {
        let (v, errs) = run(&with("description", Some(&serde_like(desc))));
        assert!(v.is_empty());
        assert!(errs.iter().any(|e| e.contains(what) && e.contains("`description` contains")), "{desc}: {errs:?}");
    }
    assert!(unsafe_markup("只是文字 on=1, online: 是, <p>正常</p> <a href=\"https://x\">链接</a>").is_empty());
}

fn serde_like(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn no_requirements_forms() {
    let text = GOOD
        .replace("{\"credentialCategory\": \"high school\"}", "\"no requirements\"")
        .replace("{\"monthsOfExperience\": 12}", "\"no requirements\"");
    let (v, errs) = run(&text);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(v[0].education, Some(Education::None));
    assert_eq!(v[0].experience_months, Some(0));
}

#[test]
fn encoded_schemes_in_descriptions_are_errors() {
    // The documented rule holds on the decoded, parsed form (issue 15 §4).
    for (desc, what) in [
        (r#"[申请](javascript&colon;alert(1))"#, "a `javascript:` URL"),
        (r#"[申请](&#106;avascript:alert(1))"#, "a `javascript:` URL"),
        (r#"[申请](&#x6A;avascript:alert(1))"#, "a `javascript:` URL"),
        ("[申请](java\tscript:alert(1))", "a `javascript:` URL"),
        ("[申请](java\0script:alert(1))", "a `javascript:` URL"),
        (r#"<a href="jav&#x09;ascript:alert(1)">申请</a>"#, "a `javascript:` URL"),
        ("<script\0>alert(1)</script>", "a <script> element"),
    ] {
        let json = format!("\"{}\"", desc.replace('\\', "\\\\").replace('"', "\\\"").replace('\t', "\\t").replace('\0', "\\u0000"));
        let (v, errs) = run(&with("description", Some(&json)));
        assert!(v.is_empty());
        assert!(errs.iter().any(|e| e.contains(what) && e.contains("`description` contains")), "{desc:?}: {errs:?}");
        assert!(errs.iter().all(|e| !e.chars().any(char::is_control)), "messages are printable: {errs:?}");
    }
}

#[test]
fn text_fields_have_lengths() {
    let long_title = format!("\"{}\"", "焊".repeat(MAX_TITLE_CHARS + 1));
    let (v, errs) = run(&with("title", Some(&long_title)));
    assert!(v.is_empty());
    assert!(errs.iter().any(|e| e.starts_with("v.json:5:12: error: `title` is 201 characters long, more than 200")), "{errs:?}");
    let ok_title = format!("\"{}\"", "焊".repeat(MAX_TITLE_CHARS));
    assert!(run(&with("title", Some(&ok_title))).1.is_empty());
    let long = format!("\"{}\"", "a".repeat(MAX_DESCRIPTION_BYTES + 1));
    assert!(run(&with("description", Some(&long))).1.iter().any(|e| e.contains("`description` is 100001 bytes long, more than 100000")));
    let name = format!("{{\"name\": \"{}\"}}", "公".repeat(MAX_TITLE_CHARS + 1));
    assert!(run(&with("hiringOrganization", Some(&name))).1.iter().any(|e| e.contains("`hiringOrganization.name` is 201 characters")));
    let skills = format!("[\"{}\"]", "技".repeat(MAX_FIELD_CHARS + 1));
    assert!(run(&with("skills", Some(&skills))).1.iter().any(|e| e.contains("`skills` is 1001 characters long")));
}
