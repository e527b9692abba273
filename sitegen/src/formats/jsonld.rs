//! JSON-LD for vacancy (JobPosting) and event (Event) pages, safe inside a `<script>` block.
//!
//! Text from vacancies is untrusted: `</script>` inside a title must not end the block. [`script_safe`]
//! escapes `<`, `>`, `&` and the JavaScript line separators as `\uXXXX`, which JSON parsers read back as
//! the same characters. The JobPosting carries what the page shows, so it matches Google's rules.

use engine::vacancy::Vacancy;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::SiteInfo;
use crate::model::{District, Event, EventKind};

/// Serializes `v` for a `<script type="application/ld+json">` block.
pub fn script_safe(v: &Value) -> String {
    escape_for_script(&serde_json::to_string(v).expect("JSON values always serialize"))
}

/// Escapes `<`, `>`, `&`, U+2028 and U+2029 in serialized JSON as `\uXXXX`, and drops the characters
/// no output of ours carries (`text::escape::is_forbidden`: raw, as serde_json leaves DEL, the C1
/// controls and the non-characters, or as the `\b`, `\f` and `\u00XX` escapes it writes for C0
/// controls). Only string contents can hold any of these.
pub fn escape_for_script(json: &str) -> String {
    use crate::text::escape::{is_forbidden, may_start_forbidden};
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    let b = json.as_bytes();
    // Bytes that need no change are copied in runs: only a character that starts with a byte that
    // may need one is decoded (0xE2 starts U+2028 and U+2029).
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if !(matches!(b[i], b'<' | b'>' | b'&' | b'\\' | 0xE2) || may_start_forbidden(b[i])) {
            i += 1;
            continue;
        }
        out.push_str(&json[copied..i]);
        let mut chars = json[i..].chars();
        let Some(c) = chars.next() else { break };
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            '\\' => {
                let Some(e) = chars.next() else {
                    copied = b.len();
                    break;
                };
                match e {
                    'b' | 'f' => {}
                    'u' => {
                        let hex = json.get(i + 2..i + 6).unwrap_or("");
                        for _ in 0..4 {
                            chars.next();
                        }
                        let keep = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).is_none_or(|c| !is_forbidden(c));
                        if keep {
                            out.push_str("\\u");
                            out.push_str(hex);
                        }
                    }
                    e => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
        i = b.len() - chars.as_str().len();
        copied = i;
    }
    out.push_str(&json[copied..]);
    out
}

#[derive(Serialize)]
struct JobPosting<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    identifier: Identifier<'a>,
    #[serde(rename = "datePosted")]
    date_posted: String,
    #[serde(rename = "validThrough", skip_serializing_if = "Option::is_none")]
    valid_through: Option<String>,
    #[serde(rename = "employmentType", skip_serializing_if = "Option::is_none")]
    employment_type: Option<Value>,
    #[serde(rename = "hiringOrganization")]
    hiring_organization: Organization<'a>,
    #[serde(rename = "jobLocation")]
    job_location: Value,
    #[serde(rename = "baseSalary", skip_serializing_if = "Option::is_none")]
    base_salary: Option<Value>,
    #[serde(rename = "educationRequirements", skip_serializing_if = "Option::is_none")]
    education_requirements: Option<Value>,
    #[serde(rename = "experienceRequirements", skip_serializing_if = "Option::is_none")]
    experience_requirements: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skills: Option<String>,
    #[serde(rename = "occupationalCategory", skip_serializing_if = "Option::is_none")]
    occupational_category: Option<&'a str>,
    #[serde(rename = "totalJobOpenings", skip_serializing_if = "Option::is_none")]
    total_job_openings: Option<u32>,
    #[serde(rename = "directApply", skip_serializing_if = "Option::is_none")]
    direct_apply: Option<bool>,
    #[serde(rename = "workHours", skip_serializing_if = "Option::is_none")]
    work_hours: Option<&'a str>,
    #[serde(rename = "jobBenefits", skip_serializing_if = "Option::is_none")]
    job_benefits: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    industry: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Identifier<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<&'a str>,
}

/// The JobPosting of a vacancy. `description_html` is the sanitized description shown on the page.
pub fn job_posting(v: &Vacancy, description_html: &str, site: &SiteInfo) -> String {
    let types: Vec<&str> = v.employment_types.iter().map(|t| t.as_schema()).collect();
    let places: Vec<Value> = v
        .locations
        .iter()
        .map(|p| {
            let mut a = Map::new();
            a.insert("@type".into(), json!("PostalAddress"));
            let mut put = |k: &str, x: &Option<String>| {
                if let Some(x) = x {
                    a.insert(k.into(), json!(x));
                }
            };
            put("streetAddress", &p.street_address);
            put("addressLocality", &p.address_locality);
            put("addressRegion", &p.address_region);
            put("postalCode", &p.postal_code);
            a.insert("addressCountry".into(), json!(p.address_country.as_deref().unwrap_or("CN")));
            let mut place = json!({"@type": "Place", "address": Value::Object(a)});
            if let Some((la, lo)) = p.geo {
                place["geo"] = json!({"@type": "GeoCoordinates", "latitude": la, "longitude": lo});
            }
            place
        })
        .collect();
    // Google requires a location; a vacancy without one is placed in its district (the portal's scope).
    let job_location = match places.len() {
        0 => {
            json!({"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": site.district_name(&v.district), "addressRegion": "广东省广州市", "addressCountry": "CN"}})
        }
        1 => places.into_iter().next().unwrap_or(Value::Null),
        _ => Value::Array(places),
    };
    let base_salary = v.base_salary.as_ref().map(|s| {
        let q = if s.min == s.max {
            json!({"@type": "QuantitativeValue", "value": s.min, "unitText": s.unit.as_schema()})
        } else {
            json!({"@type": "QuantitativeValue", "minValue": s.min, "maxValue": s.max, "unitText": s.unit.as_schema()})
        };
        json!({"@type": "MonetaryAmount", "currency": s.currency, "value": q})
    });
    let posting = JobPosting {
        context: "https://schema.org",
        kind: "JobPosting",
        title: &v.title,
        description: description_html,
        identifier: Identifier { kind: "PropertyValue", name: &v.hiring_organization.name, value: &v.identifier },
        date_posted: v.date_posted.to_iso(),
        valid_through: v.valid_through.map(|d| d.to_iso()),
        employment_type: match types.len() {
            0 => None,
            1 => Some(json!(types[0])),
            _ => Some(json!(types)),
        },
        hiring_organization: Organization {
            kind: "Organization",
            name: &v.hiring_organization.name,
            same_as: v.hiring_organization.same_as.as_deref(),
            logo: v.hiring_organization.logo.as_deref(),
        },
        job_location,
        base_salary,
        education_requirements: v.education.map(|e| {
            if e == engine::vacancy::Education::None {
                json!("no requirements")
            } else {
                json!({"@type": "EducationalOccupationalCredential", "credentialCategory": e.as_schema()})
            }
        }),
        experience_requirements: v
            .experience_months
            .map(|n| if n == 0 { json!("no requirements") } else { json!({"@type": "OccupationalExperienceRequirements", "monthsOfExperience": n}) }),
        skills: (!v.skills.is_empty()).then(|| v.skills.join(", ")),
        occupational_category: v.occupational_category.as_deref(),
        total_job_openings: v.total_job_openings,
        direct_apply: v.direct_apply,
        work_hours: v.work_hours.as_deref(),
        job_benefits: v.job_benefits.as_deref(),
        industry: v.industry.as_deref(),
        url: site.absolute(&crate::urls::job(&v.district, &v.identifier)),
    };
    escape_for_script(&serde_json::to_string(&posting).expect("JobPosting always serializes"))
}

/// The Event of an event page (a livestream is an online event).
pub fn event(e: &Event, d: &District, site: &SiteInfo) -> String {
    let online = e.kind == EventKind::Livestream;
    let station = e.station.as_ref().and_then(|id| d.stations.iter().find(|s| &s.id == id));
    let location = if online {
        json!({"@type": "VirtualLocation", "url": e.online_url})
    } else {
        let street = e.address.clone().or_else(|| station.map(|s| s.address.clone())).unwrap_or_else(|| e.venue.clone());
        let mut place = json!({"@type": "Place", "name": e.venue, "address": {"@type": "PostalAddress", "streetAddress": street, "addressLocality": d.config.name.get_ref().get("zh-CN"), "addressRegion": "广东省广州市", "addressCountry": "CN"}});
        if let Some(s) = station {
            place["geo"] = json!({"@type": "GeoCoordinates", "latitude": s.lat, "longitude": s.lon});
        }
        place
    };
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "startDate": e.start.to_iso(),
        "endDate": e.end.to_iso(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": if online { "https://schema.org/OnlineEventAttendanceMode" } else { "https://schema.org/OfflineEventAttendanceMode" },
        "location": location,
        "organizer": {"@type": "Organization", "name": e.organizer},
        "isAccessibleForFree": true,
        "url": site.absolute(&crate::urls::event(&d.slug, &e.id)),
    });
    if !e.text.is_empty() {
        v["description"] = json!(e.text);
    }
    script_safe(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_breakouts_are_escaped_and_round_trip() {
        let v = json!({"title": "</script><script>alert(1)</script> & \u{2028}"});
        let s = script_safe(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn characters_no_output_carries_are_dropped_raw_or_escaped() {
        let v = json!({"title": "a\u{0}b\u{8}c\u{c}d\u{1b}e\u{7f}f\u{85}g\u{fffe}h\\bi\\u0000j\tk\nl\"m😀"});
        let s = script_safe(&v);
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["title"], "abcdefgh\\bi\\u0000j\tk\nl\"m😀", "{s}");
    }

    #[test]
    fn the_run_copying_escape_equals_escaping_each_character() {
        // Each character by itself, the way the function read JSON before it copied runs.
        fn each(v: &Value) -> String {
            let mut out = String::new();
            let json = serde_json::to_string(v).unwrap();
            let mut chars = json.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                match c {
                    '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
                    '\\' => match chars.next().map(|(_, e)| e) {
                        None => break,
                        Some('b' | 'f') => {}
                        Some('u') => {
                            let hex = &json[i + 2..i + 6];
                            for _ in 0..4 {
                                chars.next();
                            }
                            if !char::from_u32(u32::from_str_radix(hex, 16).unwrap()).is_some_and(crate::text::escape::is_forbidden) {
                                out.push_str("\\u");
                                out.push_str(hex);
                            }
                        }
                        Some(e) => {
                            out.push('\\');
                            out.push(e);
                        }
                    },
                    c if crate::text::escape::is_forbidden(c) => {}
                    c => out.push(c),
                }
            }
            out
        }
        let pool = [
            'a',
            '"',
            '\\',
            '/',
            '<',
            '>',
            '&',
            '\u{0}',
            '\u{8}',
            '\t',
            '\n',
            '\u{c}',
            '\u{1f}',
            '\u{7f}',
            '\u{80}',
            '\u{85}',
            '\u{9f}',
            '\u{a0}',
            'é',
            '—',
            '…',
            '\u{2028}',
            '\u{2029}',
            '焊',
            '工',
            '，',
            '（',
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffd}',
            '\u{fffe}',
            '\u{ffff}',
            '😀',
            '\u{1fffe}',
            '\u{10ffff}',
        ];
        for text in crate::text::escape::tests::strings_of(&pool, 3000) {
            let v = json!({ "title": text });
            assert_eq!(script_safe(&v), each(&v), "{text:?}");
        }
    }
}
