//! What the build cache names a vacancy's products by: every field of the vacancy hashed as it is
//! ([`hash_fields`]) into a SHA-256 ([`Sha256Hasher`]), once per build ([`field_digests`]) — what a
//! vacancy page's cache name (`site/vacancies.rs`) and the key its search-index document's hash is
//! kept under (`formats/search_index.rs`, [`super::cache::Cache::doc_hash`]) are both made from; and
//! a template context's values hashed as the template sees them ([`hash_value`]), what a listing
//! page's cache name is made from (`site/listings.rs`).

use std::hash::{Hash, Hasher};

use engine::vacancy::{Contact, Organization, Place, Salary, Vacancy};
use sha2::{Digest, Sha256};

/// A SHA-256 of every field of a vacancy ([`hash_fields`]).
pub type FieldDigest = [u8; 32];

/// The [`FieldDigest`] of every vacancy, by district and position (the content's order), worked out on
/// every core. A vacancy's fields are hashed once a build: its pages' names in each language and its
/// document's key are hashes of this digest.
pub fn field_digests(content: &crate::model::Content) -> Vec<Vec<FieldDigest>> {
    const RUN: usize = 512;
    let runs: Vec<(usize, &[Vacancy])> =
        content.districts.iter().enumerate().flat_map(|(i, d)| d.vacancies.chunks(RUN).map(move |part| (i, part))).collect();
    let hashed = crate::parallel::map(&runs, |&(_, part)| part.iter().map(field_digest).collect::<Vec<_>>());
    let mut out: Vec<Vec<FieldDigest>> = content.districts.iter().map(|d| Vec::with_capacity(d.vacancies.len())).collect();
    for (&(i, _), digests) in runs.iter().zip(hashed) {
        out[i].extend(digests);
    }
    out
}

/// The [`FieldDigest`] of `v`.
pub fn field_digest(v: &Vacancy) -> FieldDigest {
    let mut h = Sha256Hasher(Sha256::new());
    hash_fields(v, &mut h);
    h.0.finalize().into()
}

/// Every field of `v` but where it was read from (which no page shows: a vacancy moved to another file,
/// or a file reformatted, keeps its pages), fed to `h` as it is — no copy, no `Debug` text (whose
/// escaping of every character of the description was most of a rebuild's CPU). Each value through
/// its `Hash` (strings end with a marker, lists start with their length, options with their variant),
/// floats by their bits. Every struct is taken apart whole, so a field added to one fails to compile
/// here until it is hashed.
pub fn hash_fields(v: &Vacancy, h: &mut impl Hasher) {
    let Vacancy {
        identifier,
        district,
        title,
        description,
        date_posted,
        valid_through,
        employment_types,
        hiring_organization,
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
        source: _,
    } = v;
    (identifier, district, title, description, date_posted, valid_through, employment_types).hash(h);
    let Organization { name, same_as, logo } = hiring_organization;
    (name, same_as, logo).hash(h);
    locations.len().hash(h);
    for Place { street_address, address_locality, address_region, postal_code, address_country, geo } in locations {
        (street_address, address_locality, address_region, postal_code, address_country).hash(h);
        geo.map(|(lat, lon)| (lat.to_bits(), lon.to_bits())).hash(h);
    }
    base_salary.as_ref().map(|Salary { currency, min, max, unit }| (currency, min.to_bits(), max.to_bits(), unit)).hash(h);
    (education, experience_months, skills, occupational_category, total_job_openings, direct_apply).hash(h);
    application_contact.as_ref().map(|Contact { telephone, email, url }| (telephone, email, url)).hash(h);
    (work_hours, job_benefits, industry, target_groups).hash(h);
}

/// A [`Hasher`] writing into a SHA-256 (read with `.0.finalize()`; `finish` is not used).
pub struct Sha256Hasher(pub Sha256);

impl Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        u64::from_le_bytes(digest[..8].try_into().expect("a SHA-256 has 32 bytes"))
    }
}

/// Feeds the template value `v` to `h` as a template sees it: every kind, number, string (and whether it
/// is marked safe, i.e. not escaped), list and map (entries sorted by key: a map's own order is a hash
/// map's), each with a tag and lengths, so two different values never feed the same bytes.
pub fn hash_value(h: &mut Sha256, v: &tera::Value) {
    use tera::value::ValueKind;
    match v.kind() {
        ValueKind::Undefined => h.update([0]),
        ValueKind::None => h.update([1]),
        ValueKind::Bool => h.update([2, u8::from(v.as_bool() == Some(true))]),
        kind @ (ValueKind::U64 | ValueKind::I64 | ValueKind::U128 | ValueKind::I128) => {
            h.update([match kind {
                ValueKind::U64 => 3,
                ValueKind::I64 => 11,
                ValueKind::U128 => 12,
                _ => 13,
            }]);
            h.update(v.as_i128().map_or_else(|| v.as_u128().unwrap_or(0).to_le_bytes(), |n| n.to_le_bytes()));
        }
        ValueKind::F64 => {
            h.update([4]);
            h.update(v.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes());
        }
        ValueKind::String => hash_str(h, if v.is_safe() { 6 } else { 5 }, v.as_str().unwrap_or_default()),
        ValueKind::Array => {
            let items = v.as_array().unwrap_or_default();
            h.update([7]);
            h.update((items.len() as u64).to_le_bytes());
            for item in items {
                hash_value(h, item);
            }
        }
        ValueKind::Map => {
            let mut entries: Vec<_> = v.as_map().map(|m| m.iter().collect()).unwrap_or_default();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            h.update([8]);
            h.update((entries.len() as u64).to_le_bytes());
            for (k, v) in entries {
                match k.as_str() {
                    Some(k) => hash_str(h, 14, k),
                    None => hash_value(h, &k.as_value()),
                }
                hash_value(h, v);
            }
        }
        ValueKind::Bytes => {
            let bytes = v.as_bytes().unwrap_or_default();
            h.update([9]);
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        // A kind added to tera later: its `Debug` form, tagged apart.
        _ => {
            let text = format!("{v:?}");
            h.update([10]);
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
    }
}

/// [`hash_value`] of a string: `tag`, its length, its bytes.
fn hash_str(h: &mut Sha256, tag: u8, s: &str) {
    h.update([tag]);
    h.update((s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::date::{Date, DateTime};
    use engine::vacancy::{Education, EmploymentType, SalaryUnit, Source};

    fn key(v: &Vacancy) -> FieldDigest {
        field_digest(v)
    }

    fn vacancy() -> Vacancy {
        let day = |d| DateTime { date: Date::new(2026, 11, d).unwrap(), seconds: 0, offset_minutes: 480, date_only: true };
        let s = |t: &str| Some(t.to_owned());
        Vacancy {
            identifier: "hg-001".into(),
            district: "tianhe".into(),
            title: "焊工".into(),
            description: "负责焊接".into(),
            date_posted: day(1),
            valid_through: Some(day(30)),
            employment_types: vec![EmploymentType::FullTime],
            hiring_organization: Organization { name: "示例公司".into(), same_as: s("https://a.example/"), logo: s("https://a.example/l.png") },
            locations: vec![Place {
                street_address: s("天河路1号"),
                address_locality: s("冼村街道"),
                address_region: s("广州市"),
                postal_code: s("510000"),
                address_country: s("CN"),
                geo: Some((23.12, 113.33)),
            }],
            base_salary: Some(Salary { currency: "CNY".into(), min: 5000.0, max: 6000.0, unit: SalaryUnit::Month }),
            education: Some(Education::HighSchool),
            experience_months: Some(12),
            skills: vec!["焊工证".into()],
            occupational_category: s("6-18-02 焊工"),
            total_job_openings: Some(2),
            direct_apply: Some(true),
            application_contact: Some(Contact { telephone: s("020-1234"), email: s("hr@a.example"), url: s("https://a.example/jobs") }),
            work_hours: s("Mo-Fr 09:00-17:30"),
            job_benefits: s("五险一金"),
            industry: s("制造业"),
            target_groups: vec!["4050".into()],
            source: Source { path: "districts/tianhe/vacancies/a.json".into(), sheet: None, pos: Default::default() },
        }
    }

    #[test]
    fn every_field_but_the_source_changes_the_cache_key() {
        let v = vacancy();
        assert_eq!(key(&v), key(&v.clone()), "the same fields, the same key");
        let mut moved = v.clone();
        moved.source =
            Source { path: "districts/tianhe/vacancies/b.json".into(), sheet: Some("Sheet1".into()), pos: engine::diag::Pos { line: 9, col: 3 } };
        assert_eq!(key(&moved), key(&v), "where it was read from is no input of its page");
        type Edit = fn(&mut Vacancy);
        let edits: Vec<(&str, Edit)> = vec![
            ("identifier", |v| v.identifier.push('x')),
            ("district", |v| v.district = "liwan".into()),
            ("title", |v| v.title.push('x')),
            ("description", |v| v.description.push('x')),
            ("date_posted", |v| v.date_posted.seconds = 1),
            ("valid_through", |v| v.valid_through = None),
            ("employment_types", |v| v.employment_types.push(EmploymentType::PartTime)),
            ("organization name", |v| v.hiring_organization.name.push('x')),
            ("organization same_as", |v| v.hiring_organization.same_as = None),
            ("organization logo", |v| v.hiring_organization.logo = None),
            ("a second place", |v| v.locations.push(v.locations[0].clone())),
            ("street", |v| v.locations[0].street_address = None),
            ("locality", |v| v.locations[0].address_locality = None),
            ("region", |v| v.locations[0].address_region = None),
            ("postal code", |v| v.locations[0].postal_code = None),
            ("country", |v| v.locations[0].address_country = None),
            ("geo", |v| v.locations[0].geo = Some((23.12, 113.330001))),
            ("currency", |v| v.base_salary.as_mut().unwrap().currency = "HKD".into()),
            ("salary min", |v| v.base_salary.as_mut().unwrap().min = 5000.5),
            ("salary max", |v| v.base_salary.as_mut().unwrap().max = 7000.0),
            ("salary unit", |v| v.base_salary.as_mut().unwrap().unit = SalaryUnit::Day),
            ("education", |v| v.education = Some(Education::Associate)),
            ("experience", |v| v.experience_months = None),
            ("skills", |v| v.skills.push("电焊".into())),
            ("occupation", |v| v.occupational_category = None),
            ("openings", |v| v.total_job_openings = Some(3)),
            ("direct apply", |v| v.direct_apply = Some(false)),
            ("telephone", |v| v.application_contact.as_mut().unwrap().telephone = None),
            ("email", |v| v.application_contact.as_mut().unwrap().email = None),
            ("contact url", |v| v.application_contact.as_mut().unwrap().url = None),
            ("work hours", |v| v.work_hours = None),
            ("benefits", |v| v.job_benefits = None),
            ("industry", |v| v.industry = None),
            ("target groups", |v| v.target_groups.clear()),
        ];
        let mut keys = vec![key(&v)];
        for (field, edit) in edits {
            let mut changed = v.clone();
            edit(&mut changed);
            let k = key(&changed);
            assert!(!keys.contains(&k), "{field}: a new key");
            keys.push(k);
        }
        // Text moved from one field to its neighbour is another vacancy.
        let mut shifted = v.clone();
        shifted.title = "焊工负责焊接".into();
        shifted.description = String::new();
        assert_ne!(key(&shifted), key(&v));
    }

    /// [`hash_value`] of `v`.
    fn value_hash(v: &tera::Value) -> [u8; 32] {
        let mut h = Sha256::new();
        hash_value(&mut h, v);
        h.finalize().into()
    }

    #[test]
    fn template_values_hash_apart_unless_equal() {
        let v = |j: serde_json::Value| tera::Value::from_serializable(&j);
        let g = "0123456789abcdef";
        // Values a template tells apart, each hashing apart from every other.
        let values = [
            v(serde_json::json!(null)),
            v(serde_json::json!(false)),
            v(serde_json::json!(true)),
            v(serde_json::json!(0)),
            v(serde_json::json!(-1)),
            v(serde_json::json!(1.5)),
            v(serde_json::json!("")),
            v(serde_json::json!("0")),
            v(serde_json::json!("ab")),
            v(serde_json::json!(["a", "b"])),
            v(serde_json::json!(["ab"])),
            v(serde_json::json!([["a"], "b"])),
            v(serde_json::json!({"a": "b"})),
            v(serde_json::json!({"ab": ""})),
            v(serde_json::json!({"a": "b", "c": "d"})),
            v(serde_json::json!({"a": {"c": "d"}})),
            tera::Value::safe_string("<b>"),
            v(serde_json::json!("<b>")),
            tera::Value::undefined(),
            v(serde_json::json!(format!("/search/index-{g}.qy"))),
            v(serde_json::json!("/search/index-fedcba9876543210.qy")),
        ];
        let hashes: Vec<[u8; 32]> = values.iter().map(value_hash).collect();
        for (i, a) in hashes.iter().enumerate() {
            for (j, b) in hashes.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{:?} and {:?} hash the same", values[i], values[j]);
            }
        }
        // A map's order does not count (a hash map's own order is not the template's).
        let m = |pairs: &[(&str, &str)]| {
            let mut map = tera::value::Map::default();
            for (k, x) in pairs {
                map.insert(tera::value::Key::from(k.to_string()), tera::Value::from(*x));
            }
            tera::Value::from(map)
        };
        assert_eq!(value_hash(&m(&[("a", "1"), ("b", "2")])), value_hash(&m(&[("b", "2"), ("a", "1")])));
    }
}
