//! Vacancy validation: JSON text in, [`Vacancy`] values and diagnostics out.
//!
//! A vacancy file holds one JobPosting object or an array of them. Every object is checked field by field
//! and every problem is recorded with its line and column; an object with errors yields no vacancy, the
//! others still do, so one run lists all problems of all files. [`check_vacancy`] checks one object (a
//! record), whatever it was read from: a vacancy file, a sheet's row turned into a JobPosting tree, a
//! career page's JSON-LD. Identifiers unique in the city are the loader's to check (it decides which of
//! two records keeps one). Descriptions are untrusted: [`unsafe_markup`] finds script, event handlers and
//! `javascript:` URLs on the decoded form, which are errors (the renderer also strips them). Text fields
//! have lengths ([`MAX_TITLE_CHARS`], [`MAX_DESCRIPTION_BYTES`], [`MAX_FIELD_CHARS`]): a page repeats its
//! vacancy's text in every language and listing, so a 50 MB title once made 1.26 GB of output.

use std::collections::BTreeSet;

use crate::date::DateTime;
use crate::diag::{Diagnostics, Pos};
use crate::json::{self, Member, Node, Value};
use crate::text::{is_valid_id, suggest};
use crate::vacancy::{Contact, Education, EmploymentType, Organization, Place, Salary, SalaryUnit, Source, Vacancy};

/// The longest `title` and `hiringOrganization.name`, in characters: more than search engines show
/// (about 60 to 100), and every listing repeats them.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest `description`, in bytes of UTF-8 (100 KB; a long description is 5 KB).
pub const MAX_DESCRIPTION_BYTES: usize = 100_000;
/// The longest other text field (an address, a skill, working hours, benefits), in characters.
pub const MAX_FIELD_CHARS: usize = 1000;

/// What a vacancy may refer to, from site.toml.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Known target-group ids.
    pub target_groups: BTreeSet<String>,
}

/// Every JobPosting property a vacancy file may use (`@context`/`@type` included).
pub const KNOWN_PROPERTIES: &[&str] = &[
    "@context",
    "@type",
    "identifier",
    "title",
    "description",
    "datePosted",
    "validThrough",
    "employmentType",
    "hiringOrganization",
    "jobLocation",
    "baseSalary",
    "educationRequirements",
    "experienceRequirements",
    "skills",
    "occupationalCategory",
    "totalJobOpenings",
    "directApply",
    "applicationContact",
    "workHours",
    "jobBenefits",
    "industry",
    "targetGroups",
];

/// Common names for fields that are spelt differently in schema.org.
const ALIASES: &[(&str, &str)] = &[
    ("salary", "baseSalary"),
    ("company", "hiringOrganization"),
    ("employer", "hiringOrganization"),
    ("location", "jobLocation"),
    ("address", "jobLocation.address"),
    ("expires", "validThrough"),
    ("deadline", "validThrough"),
    ("id", "identifier"),
    ("date", "datePosted"),
    ("education", "educationRequirements"),
    ("experience", "experienceRequirements"),
    ("contact", "applicationContact"),
    ("benefits", "jobBenefits"),
    ("target_groups", "targetGroups"),
    ("openings", "totalJobOpenings"),
    ("category", "occupationalCategory"),
];

/// What becomes of a property a JobPosting of a vacancy file may not use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// An error (vacancy files and sheets: a misspelt property would be lost silently).
    Error,
    /// A warning, and the property is not read (an employer's career page, which may use anything of
    /// schema.org).
    Ignore,
}

/// Parses and checks one vacancy file of district `district`. `path` is only used in messages.
pub fn parse_vacancy_file(path: &str, text: &str, district: &str, rules: &Rules, diags: &mut Diagnostics) -> Vec<Vacancy> {
    let mut out = Vec::new();
    // Objects are checked one by one as the parser reaches them: a file of 20,000 vacancies never exists
    // as one JSON tree in memory.
    let parsed = json::parse_each(text, |node| out.extend(check_vacancy(&node, path, district, rules, Unknown::Error, diags)));
    if let Err(e) = parsed {
        diags.error(path, Some(e.pos), format!("invalid JSON: {}", e.message), None);
    }
    out
}

/// Checks one JobPosting object (a record: an element of a vacancy file, a row of a sheet turned into a
/// JobPosting tree, an object of a career page). Every problem goes to `diags`; any error yields `None`.
pub fn check_vacancy(node: &Node, path: &str, district: &str, rules: &Rules, unknown: Unknown, diags: &mut Diagnostics) -> Option<Vacancy> {
    if !matches!(node.value, Value::Object(_)) {
        diags.error(
            path,
            Some(node.pos),
            format!("expected a JobPosting object, found {}", node.value.kind()),
            Some("a vacancy file holds one object or an array of objects".into()),
        );
        return None;
    }
    let mut cx = Cx { path, diags, errors: 0, unknown };
    let v = cx.vacancy(node, district, rules)?;
    (cx.errors == 0).then_some(v)
}

/// The identifier of a JobPosting object as written (a string, or a `PropertyValue`'s `value`), checked
/// or not: what a report can name a rejected record by.
pub fn identifier_as_written(node: &Node) -> Option<String> {
    let Value::Object(members) = &node.value else { return None };
    let id = &members.iter().find(|m| m.key == "identifier")?.value;
    let id = match &id.value {
        Value::Object(pv) => &pv.iter().find(|m| m.key == "value")?.value,
        _ => id,
    };
    match &id.value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.clone()),
        _ => None,
    }
}

pub use crate::markup::unsafe_markup;

struct Cx<'a> {
    path: &'a str,
    diags: &'a mut Diagnostics,
    errors: usize,
    unknown: Unknown,
}

/// An object being read: remembers which keys were used, to report the others.
struct Obj<'n> {
    members: &'n [Member],
    used: BTreeSet<&'n str>,
}

impl<'n> Obj<'n> {
    fn get(&mut self, key: &'n str) -> Option<&'n Node> {
        let m = self.members.iter().find(|m| m.key == key)?;
        self.used.insert(key);
        Some(&m.value)
    }
}

impl Cx<'_> {
    fn err(&mut self, pos: Pos, message: impl Into<String>, hint: Option<String>) {
        self.errors += 1;
        self.diags.error(self.path, Some(pos), message, hint);
    }

    fn object<'n>(&mut self, node: &'n Node, what: &str) -> Option<Obj<'n>> {
        match &node.value {
            Value::Object(members) => {
                let mut seen = BTreeSet::new();
                for m in members {
                    if !seen.insert(m.key.as_str()) {
                        self.err(m.key_pos, format!("duplicate property `{}` in {what}", m.key), Some("each property may appear once".into()));
                    }
                }
                Some(Obj { members, used: BTreeSet::new() })
            }
            other => {
                self.err(node.pos, format!("{what} must be an object, found {}", other.kind()), None);
                None
            }
        }
    }

    /// Reports keys of `obj` that were not read, with a hint from `known`.
    fn unknown(&mut self, obj: &Obj<'_>, what: &str, known: &[&str]) {
        for m in obj.members {
            if obj.used.contains(m.key.as_str()) || m.key.starts_with('@') {
                continue;
            }
            let hint = ALIASES
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(&m.key))
                .map(|(_, to)| format!("schema.org calls this `{to}`"))
                .or_else(|| suggest(&m.key, known.iter().copied()).map(|s| format!("did you mean `{s}`?")))
                .or_else(|| {
                    Some(format!(
                        "known properties of {what}: {}",
                        known.iter().filter(|k| !k.starts_with('@')).copied().collect::<Vec<_>>().join(", ")
                    ))
                });
            match self.unknown {
                Unknown::Error => self.err(m.key_pos, format!("unknown property `{}` in {what}", m.key), hint),
                Unknown::Ignore => self.diags.warning(self.path, Some(m.key_pos), format!("property `{}` of {what} is not read", m.key), None),
            }
        }
    }

    fn string(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::String(s) if s.trim().is_empty() => {
                self.err(node.pos, format!("`{field}` is empty"), None);
                None
            }
            Value::String(s) => {
                let s = s.trim();
                let (size, max, unit, hint) = match field {
                    "description" => (s.len(), MAX_DESCRIPTION_BYTES, "bytes", "a description is shown whole on the vacancy's page"),
                    "title" | "hiringOrganization.name" => {
                        (s.chars().count(), MAX_TITLE_CHARS, "characters", "search engines show about the first 60 to 100")
                    }
                    _ => (s.chars().count(), MAX_FIELD_CHARS, "characters", "it is shown on the vacancy's page and in listings"),
                };
                if size > max {
                    self.err(node.pos, format!("`{field}` is {size} {unit} long, more than {max}"), Some(hint.into()));
                    return None;
                }
                Some(s.to_owned())
            }
            other => {
                self.err(node.pos, format!("`{field}` must be a string, found {}", other.kind()), None);
                None
            }
        }
    }

    fn opt_string(&mut self, obj: &mut Obj<'_>, key: &'static str) -> Option<String> {
        let node = obj.get(key)?;
        self.string(node, key)
    }

    fn number(&mut self, node: &Node, field: &str) -> Option<f64> {
        let parsed = match &node.value {
            Value::Number(n) => n.parse::<f64>().ok().filter(|f| f.is_finite()),
            // HR exports often quote numbers; accept "6000" but not "面议".
            Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        };
        if parsed.is_none() {
            self.err(node.pos, format!("`{field}` must be a number, found {}", describe(&node.value)), None);
        }
        parsed
    }

    fn count(&mut self, node: &Node, field: &str, min: f64) -> Option<u32> {
        let n = self.number(node, field)?;
        if n.fract() != 0.0 || n < min || n > f64::from(u32::MAX) {
            self.err(node.pos, format!("`{field}` must be a whole number ≥ {min}, found {n}"), None);
            return None;
        }
        Some(n as u32)
    }

    fn date(&mut self, node: &Node, field: &str) -> Option<DateTime> {
        let s = match &node.value {
            Value::String(s) => s,
            other => {
                self.err(node.pos, format!("`{field}` must be an ISO 8601 date string, found {}", other.kind()), None);
                return None;
            }
        };
        match DateTime::parse(s) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(node.pos, format!("`{field}`: {e}"), Some("write dates as 2026-11-20 or 2026-11-20T09:30:00+08:00".into()));
                None
            }
        }
    }

    fn url(&mut self, node: &Node, field: &str) -> Option<String> {
        let s = self.string(node, field)?;
        if s.starts_with("https://") || s.starts_with("http://") {
            Some(s)
        } else {
            self.err(node.pos, format!("`{field}` must be an http(s) URL, found `{s}`"), None);
            None
        }
    }

    fn string_list(&mut self, node: &Node, field: &str) -> Vec<String> {
        let items: Vec<&Node> = match &node.value {
            Value::Array(items) => items.iter().collect(),
            Value::String(_) => vec![node],
            other => {
                self.err(node.pos, format!("`{field}` must be an array of strings, found {}", other.kind()), None);
                return Vec::new();
            }
        };
        let mut out: Vec<String> = Vec::new();
        for item in items {
            if let Some(s) = self.string(item, field)
                && !out.contains(&s)
            {
                out.push(s);
            }
        }
        out
    }

    fn vacancy(&mut self, node: &Node, district: &str, rules: &Rules) -> Option<Vacancy> {
        let mut o = self.object(node, "a JobPosting")?;
        if let Some(t) = o.get("@type")
            && !matches!(&t.value, Value::String(s) if s == "JobPosting")
        {
            self.err(t.pos, format!("`@type` must be \"JobPosting\", found {}", describe(&t.value)), None);
        }
        if let Some(c) = o.get("@context")
            && !matches!(&c.value, Value::String(s) if s.trim_end_matches('/').ends_with("schema.org"))
        {
            self.err(c.pos, format!("`@context` must be \"https://schema.org\", found {}", describe(&c.value)), None);
        }
        let identifier = self.required(&mut o, node, "identifier").and_then(|n| self.identifier(n));
        let title = self.required(&mut o, node, "title").and_then(|n| self.string(n, "title"));
        let description = self.required(&mut o, node, "description").and_then(|n| self.string(n, "description"));
        if let (Some(d), Some(n)) = (&description, o.get("description")) {
            for (offset, what) in unsafe_markup(d) {
                let at = d[..offset].chars().count() + 1;
                self.err(
                    n.pos,
                    format!("`description` contains {what} (at character {at} of the description)"),
                    Some("descriptions are shown as text and formatting only; remove the script".into()),
                );
            }
        }
        let date_posted = self.required(&mut o, node, "datePosted").and_then(|n| self.date(n, "datePosted"));
        let valid_through = o.get("validThrough").and_then(|n| self.date(n, "validThrough"));
        if let (Some(p), Some(v), Some(n)) = (date_posted, valid_through, o.get("validThrough"))
            && v.china_date() < p.china_date()
        {
            self.err(n.pos, format!("`validThrough` {} is before `datePosted` {}", v.to_iso(), p.to_iso()), None);
        }
        let employment_types = o.get("employmentType").map(|n| self.employment_types(n)).unwrap_or_default();
        let hiring_organization = self.required(&mut o, node, "hiringOrganization").and_then(|n| self.organization(n));
        let locations = o.get("jobLocation").map(|n| self.places(n)).unwrap_or_default();
        let base_salary = o.get("baseSalary").and_then(|n| self.salary(n));
        let education = o.get("educationRequirements").and_then(|n| self.education(n));
        let experience_months = o.get("experienceRequirements").and_then(|n| self.experience(n));
        let skills = o.get("skills").map(|n| self.string_list(n, "skills")).unwrap_or_default();
        let occupational_category = self.opt_string(&mut o, "occupationalCategory");
        let total_job_openings = o.get("totalJobOpenings").and_then(|n| self.count(n, "totalJobOpenings", 1.0));
        let direct_apply = o.get("directApply").and_then(|n| match n.value {
            Value::Bool(b) => Some(b),
            ref other => {
                self.err(n.pos, format!("`directApply` must be true or false, found {}", other.kind()), None);
                None
            }
        });
        let application_contact = o.get("applicationContact").and_then(|n| self.contact(n));
        let work_hours = self.opt_string(&mut o, "workHours");
        let job_benefits = self.opt_string(&mut o, "jobBenefits");
        let industry = self.opt_string(&mut o, "industry");
        let target_groups = o.get("targetGroups").map(|n| self.target_groups(n, rules)).unwrap_or_default();
        self.unknown(&o, "a JobPosting", KNOWN_PROPERTIES);
        Some(Vacancy {
            identifier: identifier?,
            district: district.to_owned(),
            title: title?,
            description: description?,
            date_posted: date_posted?,
            valid_through,
            employment_types,
            hiring_organization: hiring_organization?,
            locations,
            base_salary,
            education,
            experience_months,
            skills,
            occupational_category,
            total_job_openings,
            direct_apply,
            application_contact,
            work_hours,
            job_benefits,
            industry,
            target_groups,
            source: Source { path: self.path.to_owned(), sheet: None, pos: node.pos },
        })
    }

    fn required<'n>(&mut self, o: &mut Obj<'n>, parent: &Node, key: &'static str) -> Option<&'n Node> {
        let n = o.get(key);
        if n.is_none() {
            self.err(parent.pos, format!("missing required property `{key}`"), None);
        }
        n
    }

    fn identifier(&mut self, node: &Node) -> Option<String> {
        // A schema.org PropertyValue {"name": …, "value": …} is accepted: Google's examples use it.
        let (s, pos) = match &node.value {
            Value::Object(members) => match members.iter().find(|m| m.key == "value") {
                Some(m) => (self.string(&m.value, "identifier.value")?, m.value.pos),
                None => {
                    self.err(node.pos, "`identifier` object has no `value`", None);
                    return None;
                }
            },
            _ => (self.string(node, "identifier")?, node.pos),
        };
        if is_valid_id(&s) {
            Some(s)
        } else {
            let suggestion: String = s.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
            let hint = if is_valid_id(&suggestion) { format!("e.g. `{suggestion}`") } else { "use 1-64 characters of a-z, 0-9 and -".into() };
            self.err(pos, format!("`identifier` `{s}` is not of the form [a-z0-9-]{{1,64}}"), Some(hint));
            None
        }
    }

    fn employment_types(&mut self, node: &Node) -> Vec<EmploymentType> {
        let mut out = Vec::new();
        for s in self.string_list(node, "employmentType") {
            match EmploymentType::parse(&s) {
                Some(t) if !out.contains(&t) => out.push(t),
                Some(_) => {}
                None => {
                    let known: Vec<&str> = EmploymentType::ALL.iter().map(|t| t.as_schema()).collect();
                    let hint = suggest(&s, known.iter().copied())
                        .map(|k| format!("did you mean `{k}`?"))
                        .unwrap_or_else(|| format!("one of {}; 零工 is PER_DIEM, 实习 is INTERN", known.join(", ")));
                    self.err(node.pos, format!("unknown `employmentType` `{s}`"), Some(hint));
                }
            }
        }
        out
    }

    fn organization(&mut self, node: &Node) -> Option<Organization> {
        if let Value::String(s) = &node.value {
            self.err(
                node.pos,
                format!("`hiringOrganization` must be an object, found the string `{s}`"),
                Some(format!("write {{\"name\": \"{s}\"}}")),
            );
            return None;
        }
        let mut o = self.object(node, "`hiringOrganization`")?;
        let name = self.required(&mut o, node, "name").and_then(|n| self.string(n, "hiringOrganization.name"));
        let same_as = o.get("sameAs").and_then(|n| self.url(n, "hiringOrganization.sameAs"));
        let logo = o.get("logo").and_then(|n| self.url(n, "hiringOrganization.logo"));
        self.unknown(&o, "`hiringOrganization`", &["name", "sameAs", "logo"]);
        Some(Organization { name: name?, same_as, logo })
    }

    fn places(&mut self, node: &Node) -> Vec<Place> {
        match &node.value {
            Value::Array(items) => items.iter().filter_map(|n| self.place(n)).collect(),
            _ => self.place(node).into_iter().collect(),
        }
    }

    fn place(&mut self, node: &Node) -> Option<Place> {
        let mut o = self.object(node, "`jobLocation`")?;
        let mut place = Place::default();
        if let Some(a) = o.get("address") {
            if let Value::String(s) = &a.value {
                place.street_address = Some(s.clone());
            } else if let Some(mut ao) = self.object(a, "`jobLocation.address`") {
                place.street_address = self.opt_string(&mut ao, "streetAddress");
                place.address_locality = self.opt_string(&mut ao, "addressLocality");
                place.address_region = self.opt_string(&mut ao, "addressRegion");
                place.postal_code = self.opt_string(&mut ao, "postalCode");
                place.address_country = self.opt_string(&mut ao, "addressCountry");
                if let (Some(c), Some(n)) = (&place.address_country, ao.get("addressCountry"))
                    && !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
                {
                    self.err(n.pos, format!("`addressCountry` must be an ISO 3166-1 code such as \"CN\", found `{c}`"), None);
                }
                self.unknown(&ao, "`jobLocation.address`", &["streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry"]);
            }
        }
        if let Some(g) = o.get("geo")
            && let Some(mut go) = self.object(g, "`jobLocation.geo`")
        {
            let lat = self.required(&mut go, g, "latitude").and_then(|n| self.number(n, "latitude"));
            let lon = self.required(&mut go, g, "longitude").and_then(|n| self.number(n, "longitude"));
            self.unknown(&go, "`jobLocation.geo`", &["latitude", "longitude"]);
            match (lat, lon) {
                (Some(la), Some(lo)) if (-90.0..=90.0).contains(&la) && (-180.0..=180.0).contains(&lo) => place.geo = Some((la, lo)),
                (Some(la), Some(lo)) => {
                    self.err(g.pos, format!("coordinates ({la}, {lo}) are out of range"), Some("latitude first, then longitude".into()))
                }
                _ => {}
            }
        }
        self.unknown(&o, "`jobLocation`", &["address", "geo"]);
        Some(place)
    }

    fn salary(&mut self, node: &Node) -> Option<Salary> {
        let mut o = self.object(node, "`baseSalary`")?;
        let currency = self.required(&mut o, node, "currency").and_then(|n| self.string(n, "baseSalary.currency"));
        if let (Some(c), Some(n)) = (&currency, o.get("currency"))
            && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            self.err(n.pos, format!("`currency` must be an ISO 4217 code such as \"CNY\", found `{c}`"), None);
        }
        let value = self.required(&mut o, node, "value");
        self.unknown(&o, "`baseSalary`", &["currency", "value"]);
        let value = value?;
        let mut vo = self.object(value, "`baseSalary.value`")?;
        let single = vo.get("value").and_then(|n| self.number(n, "baseSalary.value.value"));
        let min = vo.get("minValue").and_then(|n| self.number(n, "minValue"));
        let max = vo.get("maxValue").and_then(|n| self.number(n, "maxValue"));
        let unit = self.required(&mut vo, value, "unitText").and_then(|n| {
            let s = self.string(n, "unitText")?;
            let unit = SalaryUnit::ALL.into_iter().find(|u| u.as_schema().eq_ignore_ascii_case(&s));
            if unit.is_none() {
                self.err(n.pos, format!("unknown `unitText` `{s}`"), Some("one of HOUR, DAY, WEEK, MONTH, YEAR".into()));
            }
            unit
        });
        self.unknown(&vo, "`baseSalary.value`", &["value", "minValue", "maxValue", "unitText"]);
        let (min, max) = match (single, min, max) {
            (Some(v), None, None) => (v, v),
            (None, Some(a), Some(b)) => (a, b),
            (None, Some(a), None) => (a, a),
            (None, None, Some(b)) => (b, b),
            (None, None, None) => {
                self.err(value.pos, "`baseSalary.value` needs `value`, or `minValue` and `maxValue`", None);
                return None;
            }
            _ => {
                self.err(value.pos, "`baseSalary.value` has both `value` and `minValue`/`maxValue`", Some("use one or the other".into()));
                return None;
            }
        };
        if min < 0.0 || max < min {
            self.err(value.pos, format!("salary range {min}–{max} is not a range (0 ≤ minValue ≤ maxValue)"), None);
            return None;
        }
        Some(Salary { currency: currency?, min, max, unit: unit? })
    }

    fn education(&mut self, node: &Node) -> Option<Education> {
        let (s, pos) = match &node.value {
            Value::String(s) => (s.clone(), node.pos),
            Value::Object(_) => {
                let mut o = self.object(node, "`educationRequirements`")?;
                let c = self.required(&mut o, node, "credentialCategory");
                self.unknown(&o, "`educationRequirements`", &["credentialCategory"]);
                let c = c?;
                (self.string(c, "credentialCategory")?, c.pos)
            }
            other => {
                self.err(node.pos, format!("`educationRequirements` must be an object or \"no requirements\", found {}", other.kind()), None);
                return None;
            }
        };
        let e = Education::parse(&s);
        if e.is_none() {
            let known: Vec<&str> = Education::ALL.iter().map(|e| e.as_schema()).collect();
            self.err(pos, format!("unknown `credentialCategory` `{s}`"), Some(format!("one of: {}", known.join(", "))));
        }
        e
    }

    fn experience(&mut self, node: &Node) -> Option<u32> {
        match &node.value {
            Value::String(s) if s.trim().eq_ignore_ascii_case("no requirements") => Some(0),
            Value::Object(_) => {
                let mut o = self.object(node, "`experienceRequirements`")?;
                let m = self.required(&mut o, node, "monthsOfExperience").and_then(|n| self.count(n, "monthsOfExperience", 0.0));
                self.unknown(&o, "`experienceRequirements`", &["monthsOfExperience"]);
                m
            }
            other => {
                self.err(
                    node.pos,
                    format!("`experienceRequirements` must be an object with `monthsOfExperience` or \"no requirements\", found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    fn contact(&mut self, node: &Node) -> Option<Contact> {
        let mut o = self.object(node, "`applicationContact`")?;
        let telephone = self.opt_string(&mut o, "telephone");
        let email = self.opt_string(&mut o, "email");
        if let (Some(e), Some(n)) = (&email, o.get("email"))
            && !e.contains('@')
        {
            self.err(n.pos, format!("`email` `{e}` is not an e-mail address"), None);
        }
        let url = o.get("url").and_then(|n| self.url(n, "applicationContact.url"));
        self.unknown(&o, "`applicationContact`", &["telephone", "email", "url"]);
        Some(Contact { telephone, email, url })
    }

    fn target_groups(&mut self, node: &Node, rules: &Rules) -> Vec<String> {
        let groups = self.string_list(node, "targetGroups");
        for g in &groups {
            if !rules.target_groups.contains(g) {
                let hint = suggest(g, rules.target_groups.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?")).unwrap_or_else(|| {
                    format!("target groups are defined in site.toml: {}", rules.target_groups.iter().cloned().collect::<Vec<_>>().join(", "))
                });
                self.err(node.pos, format!("unknown target group `{g}`"), Some(hint));
            }
        }
        groups
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string \"{s}\""),
        Value::Number(n) => format!("the number {n}"),
        other => other.kind().to_owned(),
    }
}

#[cfg(test)]
mod tests;
