//! JSON-LD for vacancy (JobPosting) and event (Event) pages, safe inside a `<script>` block.
//!
//! Text from vacancies is untrusted: `</script>` inside a title must not end the block. [`script_safe`]
//! escapes `<`, `>`, `&` and the JavaScript line separators as `\uXXXX`, which JSON parsers read back as
//! the same characters. The JobPosting carries what the page shows, so it matches Google's rules.

use engine::vacancy::Vacancy;
use serde_json::{Map, Value, json};

use crate::content::{District, Event, EventKind};
use crate::site::SiteInfo;

/// Serializes `v` for a `<script type="application/ld+json">` block.
pub fn script_safe(v: &Value) -> String {
    let s = serde_json::to_string(v).expect("JSON values always serialize");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Inserts `value` under `key` when it is `Some`.
fn put(m: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        m.insert(key.to_owned(), v);
    }
}

/// The JobPosting of a vacancy. `description_html` is the sanitized description shown on the page.
pub fn job_posting(v: &Vacancy, description_html: &str, site: &SiteInfo) -> String {
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!("JobPosting"));
    m.insert("title".into(), json!(v.title));
    m.insert("description".into(), json!(description_html));
    m.insert("identifier".into(), json!({"@type": "PropertyValue", "name": v.hiring_organization.name, "value": v.identifier}));
    m.insert("datePosted".into(), json!(v.date_posted.to_iso()));
    put(&mut m, "validThrough", v.valid_through.map(|d| json!(d.to_iso())));
    let types: Vec<&str> = v.employment_types.iter().map(|t| t.as_schema()).collect();
    if !types.is_empty() {
        m.insert("employmentType".into(), if types.len() == 1 { json!(types[0]) } else { json!(types) });
    }
    let mut org = Map::new();
    org.insert("@type".into(), json!("Organization"));
    org.insert("name".into(), json!(v.hiring_organization.name));
    put(&mut org, "sameAs", v.hiring_organization.same_as.as_ref().map(|s| json!(s)));
    put(&mut org, "logo", v.hiring_organization.logo.as_ref().map(|s| json!(s)));
    m.insert("hiringOrganization".into(), Value::Object(org));
    let places: Vec<Value> = v
        .locations
        .iter()
        .map(|p| {
            let mut a = Map::new();
            a.insert("@type".into(), json!("PostalAddress"));
            put(&mut a, "streetAddress", p.street_address.as_ref().map(|s| json!(s)));
            put(&mut a, "addressLocality", p.address_locality.as_ref().map(|s| json!(s)));
            put(&mut a, "addressRegion", p.address_region.as_ref().map(|s| json!(s)));
            put(&mut a, "postalCode", p.postal_code.as_ref().map(|s| json!(s)));
            a.insert("addressCountry".into(), json!(p.address_country.as_deref().unwrap_or("CN")));
            let mut place = Map::new();
            place.insert("@type".into(), json!("Place"));
            place.insert("address".into(), Value::Object(a));
            put(&mut place, "geo", p.geo.map(|(la, lo)| json!({"@type": "GeoCoordinates", "latitude": la, "longitude": lo})));
            Value::Object(place)
        })
        .collect();
    // Google requires a location; a vacancy without one is placed in its district (the portal's scope).
    let places = if places.is_empty() {
        vec![json!({"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": site.district_name(&v.district), "addressRegion": "广东省广州市", "addressCountry": "CN"}})]
    } else {
        places
    };
    m.insert("jobLocation".into(), if places.len() == 1 { places.into_iter().next().unwrap_or(Value::Null) } else { Value::Array(places) });
    if let Some(s) = &v.base_salary {
        let mut q = Map::new();
        q.insert("@type".into(), json!("QuantitativeValue"));
        if s.min == s.max {
            q.insert("value".into(), json!(s.min));
        } else {
            q.insert("minValue".into(), json!(s.min));
            q.insert("maxValue".into(), json!(s.max));
        }
        q.insert("unitText".into(), json!(s.unit.as_schema()));
        m.insert("baseSalary".into(), json!({"@type": "MonetaryAmount", "currency": s.currency, "value": Value::Object(q)}));
    }
    put(
        &mut m,
        "educationRequirements",
        v.education.map(|e| if e == engine::vacancy::Education::None { json!("no requirements") } else { json!({"@type": "EducationalOccupationalCredential", "credentialCategory": e.as_schema()}) }),
    );
    put(
        &mut m,
        "experienceRequirements",
        v.experience_months.map(|n| if n == 0 { json!("no requirements") } else { json!({"@type": "OccupationalExperienceRequirements", "monthsOfExperience": n}) }),
    );
    if !v.skills.is_empty() {
        m.insert("skills".into(), json!(v.skills.join(", ")));
    }
    put(&mut m, "occupationalCategory", v.occupational_category.as_ref().map(|s| json!(s)));
    put(&mut m, "totalJobOpenings", v.total_job_openings.map(|n| json!(n)));
    put(&mut m, "directApply", v.direct_apply.map(|b| json!(b)));
    put(&mut m, "workHours", v.work_hours.as_ref().map(|s| json!(s)));
    put(&mut m, "jobBenefits", v.job_benefits.as_ref().map(|s| json!(s)));
    put(&mut m, "industry", v.industry.as_ref().map(|s| json!(s)));
    m.insert("url".into(), json!(site.absolute(&crate::urls::job(&v.district, &v.identifier))));
    script_safe(&Value::Object(m))
}

/// The Event of an event page (a livestream is an online event).
pub fn event(e: &Event, d: &District, site: &SiteInfo) -> String {
    let online = e.kind == EventKind::Livestream;
    let location = if online {
        json!({"@type": "VirtualLocation", "url": e.online_url})
    } else {
        json!({"@type": "Place", "name": e.venue, "address": {"@type": "PostalAddress", "streetAddress": e.address.clone().unwrap_or_else(|| e.venue.clone()), "addressLocality": d.config.name.get_ref().get("zh-CN"), "addressRegion": "广东省广州市", "addressCountry": "CN"}})
    };
    let v = json!({
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
}
