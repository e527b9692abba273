//! Vacancy pages (one per vacancy, with its JobPosting JSON-LD), and how the district phase's work is cut
//! into tasks for the cores ([`Task`]).

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use engine::vacancy::{Contact, Organization, Place, Salary, Vacancy};
use sha2::{Digest, Sha256};

use super::Local;
use crate::error::Error;
use crate::model::District;
use crate::output::Staging;
use crate::render::views::JobPage;
use crate::urls;

impl Local<'_> {
    /// The work of the district phase. Vacancy chunks are taken in turn from each district, so the
    /// threads mostly write into different folders (creating entries in one folder serializes on its
    /// lock in the kernel).
    pub(super) fn district_tasks(&self) -> Vec<Task<'_>> {
        const CHUNK: usize = 64;
        let ds = &self.content.districts;
        let mut tasks: Vec<Task> = ds.iter().map(Task::Listings).chain(ds.iter().map(Task::Pages)).collect();
        let chunks_max = ds.iter().map(|d| d.vacancies.len().div_ceil(CHUNK)).max().unwrap_or(0);
        tasks.extend(
            (0..chunks_max).flat_map(|c| ds.iter().filter_map(move |d| d.vacancies.chunks(CHUNK).nth(c).map(|part| Task::Vacancies(d, part)))),
        );
        tasks
    }

    /// A vacancy page, carried over from the build cache when one rendered from the same inputs is there
    /// (its name: a hash of the site's [`super::Site::fingerprint`], the district and every field of
    /// the vacancy but its source position, and the language).
    pub(super) fn render_vacancy(&self, stage: &Staging, d: &District, v: &Vacancy) -> Result<(), Error> {
        let Some(cache) = self.cache else { return self.render_vacancy_page(stage, d, v) };
        let mut hash = Sha256Hasher(Sha256::new());
        hash.0.update(self.site.fingerprint);
        d.slug.hash(&mut hash);
        hash_fields(v, &mut hash);
        let mut name = String::with_capacity(80);
        for b in hash.0.finalize() {
            let _ = write!(name, "{b:02x}");
        }
        let _ = write!(name, "-{}", self.lang.code.to_ascii_lowercase());
        let url = format!("{}{}", self.lang.prefix, urls::job(&v.district, &v.identifier));
        let rel = urls::file_for(&url);
        let lastmod = Some(v.date_posted.china_date().to_string());
        if let Some(code) = cache.carry(&name, stage, &rel)? {
            stage.linked_page(&url, lastmod, &code);
            self.progress.page_written();
            return Ok(());
        }
        self.render_vacancy_page(stage, d, v)?;
        // Read back for the cache: its size, and its inline code (kept with it, so a build that carries it
        // over need not read it).
        let path = stage.path(&rel);
        let html = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
        let code = crate::text::inline_code::scan(&String::from_utf8_lossy(&html));
        cache.keep(&name, stage, &rel, html.len() as u64, code)
    }

    fn render_vacancy_page(&self, stage: &Staging, d: &District, v: &Vacancy) -> Result<(), Error> {
        let name = self.district_name(d);
        let jobs_url = urls::jobs(&d.slug, 1);
        let heading = self.t.fmt("jobs_in", &[&name]);
        let job = JobPage::new(v, d, &self.info, self.t);
        let url = job.summary.url.clone();
        let description = views_description(&job);
        let title = format!("{} · {}", job.summary.title, job.summary.employer);
        let mut ctx = self.frame_ctx(&url, &title, &description, Some(d), self.crumbs(d, &[(&heading, &jobs_url), (&job.summary.title, &url)]));
        ctx.insert("job", &job);
        ctx.insert("stations_url", &urls::stations(&d.slug));
        self.page(stage, "job.html", &url, &ctx, Some(v.date_posted.china_date().to_string()))
    }
}

/// Every field of `v` but where it was read from (which no page shows: a vacancy moved to another file,
/// or a file reformatted, keeps its pages), fed to `h` as it is — no copy, no `Debug` text (whose
/// escaping of every character of the description was most of a rebuild's CPU). Each value through
/// its `Hash` (strings end with a marker, lists start with their length, options with their variant),
/// floats by their bits. Every struct is taken apart whole, so a field added to one fails to compile
/// here until it is hashed.
fn hash_fields(v: &Vacancy, h: &mut impl Hasher) {
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
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        u64::from_le_bytes(digest[..8].try_into().expect("a SHA-256 has 32 bytes"))
    }
}

/// A unit of work of the district phase.
pub(super) enum Task<'a> {
    /// All vacancy listings of a district.
    Listings(&'a District),
    /// A district's home, pages, policies, stations, events and feed.
    Pages(&'a District),
    /// Some vacancy pages of a district.
    Vacancies(&'a District, &'a [Vacancy]),
}

fn views_description(job: &JobPage) -> String {
    let s = &job.summary;
    let place = s.locality.as_deref().map(|l| format!("{} · {l}", s.district)).unwrap_or_else(|| s.district.clone());
    format!("{}招聘{}，{}，{}。{}", s.employer, s.title, place, s.salary, job.skills.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::date::{Date, DateTime};
    use engine::vacancy::{Education, EmploymentType, SalaryUnit, Source};

    fn key(v: &Vacancy) -> [u8; 32] {
        let mut h = Sha256Hasher(Sha256::new());
        hash_fields(v, &mut h);
        h.0.finalize().into()
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
}
