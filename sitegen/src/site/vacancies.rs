//! Vacancy pages (one per vacancy, with its JobPosting JSON-LD), and how the district phase's work is cut
//! into tasks for the cores ([`Task`]).

use std::fmt::Write as _;
use std::hash::Hash;

use engine::vacancy::Vacancy;
use sha2::{Digest, Sha256};

use super::Local;
use crate::error::Error;
use crate::model::District;
use crate::output::Staging;
use crate::output::keys::{FieldDigest, Sha256Hasher};
use crate::render::views::JobPage;
use crate::text::inline_code::InlineCode;
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
        let digests = self.digests;
        tasks.extend((0..chunks_max).flat_map(|c| {
            ds.iter().enumerate().filter_map(move |(i, d)| {
                let part = d.vacancies.chunks(CHUNK).nth(c)?;
                Some(Task::Vacancies(d, part, digests.map(|all| &all[i][c * CHUNK..c * CHUNK + part.len()])))
            })
        }));
        tasks
    }

    /// A vacancy page, carried over from the build cache when one rendered from the same inputs is there
    /// (its name: a hash of the site's [`super::Site::fingerprint`], the district and every field of
    /// the vacancy but its source position, and the language).
    /// `digest`: the vacancy's [`FieldDigest`], given with the cache.
    pub(super) fn render_vacancy(&self, stage: &Staging, d: &District, v: &Vacancy, digest: Option<&FieldDigest>) -> Result<(), Error> {
        let (Some(cache), Some(digest)) = (self.cache, digest) else { return self.render_vacancy_page(stage, d, v).map(drop) };
        let mut hash = Sha256Hasher(Sha256::new());
        hash.0.update(self.site.fingerprint);
        d.slug.hash(&mut hash);
        hash.0.update(digest);
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
        let (size, code) = self.render_vacancy_page(stage, d, v)?;
        cache.keep(&name, stage, &rel, size, code)
    }

    /// Renders the page of `v`; returns its size and inline code.
    fn render_vacancy_page(&self, stage: &Staging, d: &District, v: &Vacancy) -> Result<(u64, InlineCode), Error> {
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
        self.page_written(stage, "job.html", &url, &ctx, Some(v.date_posted.china_date().to_string()))
    }
}

/// A unit of work of the district phase.
pub(super) enum Task<'a> {
    /// All vacancy listings of a district.
    Listings(&'a District),
    /// A district's home, pages, policies, stations, events and feed.
    Pages(&'a District),
    /// Some vacancy pages of a district, with their [`FieldDigest`]s when the cache names them.
    Vacancies(&'a District, &'a [Vacancy], Option<&'a [FieldDigest]>),
}

fn views_description(job: &JobPage) -> String {
    let s = &job.summary;
    let place = s.locality.as_deref().map(|l| format!("{} · {l}", s.district)).unwrap_or_else(|| s.district.clone());
    format!("{}招聘{}，{}，{}。{}", s.employer, s.title, place, s.salary, job.skills.join("、"))
}
