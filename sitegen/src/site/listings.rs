//! A district's vacancy listings: all, per work type and per target group, paginated, with the widget's
//! start-up data (the filters the page stands for, the index files to preload).
//!
//! With the build cache, a listing page is named by a hash of its template context's values (what the
//! template sees) but the search index's generation, which every listing page names and any vacancy
//! edit changes: a rebuild renders only the pages whose own values changed and puts the new
//! generation into the others' kept text ([`crate::output::cache::Cache::listing`]).

use engine::vacancy::{EmploymentType, Vacancy};
use sha2::{Digest, Sha256};

use super::Local;
use super::frame::{context_of, link};
use super::widget::{Preload, SearchRefs, SearchView};
use crate::error::Error;
use crate::model::District;
use crate::output::Staging;
use crate::output::cache::Listing;
use crate::output::keys::hash_value;
use crate::render::views::{FacetLink, JobSummary, Pagination};
use crate::urls;
use memchr::memmem::Finder;

impl Local<'_> {
    pub(super) fn render_listings(&self, stage: &Staging, d: &District, search: &SearchRefs) -> Result<(), Error> {
        let name = self.district_name(d);
        let all: Vec<&Vacancy> = d.vacancies.iter().collect();
        // Each vacancy appears in several listings: its list entry is made once.
        let summaries: std::collections::HashMap<&str, JobSummary> =
            d.vacancies.iter().map(|v| (v.identifier.as_str(), JobSummary::new(v, &name, self.t))).collect();
        let generation = memchr::memmem::Finder::new(search.generation.as_bytes());
        // With the cache, each list entry's value hashed once too (see [`Local::listing_name`]).
        let digests: Option<std::collections::HashMap<&str, Digested>> =
            self.cache.map(|_| summaries.iter().map(|(&id, s)| (id, Digested::of(&tera::Value::from_serializable(s), &generation))).collect());
        let types: Vec<(EmploymentType, Vec<&Vacancy>)> = EmploymentType::ALL
            .iter()
            .map(|&ty| (ty, all.iter().copied().filter(|v| v.employment_types.contains(&ty)).collect::<Vec<_>>()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let groups: Vec<(&str, Vec<&Vacancy>)> = self
            .content
            .site
            .target_groups
            .iter()
            .map(|g| {
                (g.id.get_ref().as_str(), all.iter().copied().filter(|v| v.target_groups.iter().any(|x| x == g.id.get_ref())).collect::<Vec<_>>())
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        #[derive(Clone, Copy, PartialEq)]
        enum Which<'a> {
            All,
            Type(EmploymentType),
            Group(&'a str),
        }
        let type_facets = |cur: Which| -> Vec<FacetLink> {
            let mut v = vec![FacetLink {
                title: self.t.get("all_types").to_owned(),
                url: urls::jobs(&d.slug, 1),
                count: all.len(),
                current: cur == Which::All,
            }];
            v.extend(types.iter().map(|(ty, list)| FacetLink {
                title: self.t.get(&format!("employment_{}", ty.slug())).to_owned(),
                url: urls::jobs_type(&d.slug, ty.slug(), 1),
                count: list.len(),
                current: cur == Which::Type(*ty),
            }));
            v
        };
        let group_facets = |cur: Which| -> Vec<FacetLink> {
            groups
                .iter()
                .map(|(g, list)| FacetLink {
                    title: self.info.group_name(g, self.t.lang).to_owned(),
                    url: urls::jobs_group(&d.slug, g, 1),
                    count: list.len(),
                    current: cur == Which::Group(g),
                })
                .collect()
        };
        let mut lists: Vec<(Which, String, Vec<&Vacancy>)> = vec![(Which::All, self.t.fmt("jobs_in", &[&name]), all.clone())];
        lists.extend(
            types
                .iter()
                .map(|(ty, l)| (Which::Type(*ty), self.t.fmt("jobs_of_type", &[&name, self.t.get(&format!("employment_{}", ty.slug()))]), l.clone())),
        );
        lists.extend(
            groups.iter().map(|(g, l)| (Which::Group(g), self.t.fmt("jobs_for_group", &[&name, self.info.group_name(g, self.t.lang)]), l.clone())),
        );
        let size = *self.content.site.page_size.get_ref() as usize;
        let jobs_url = urls::jobs(&d.slug, 1);
        let all_heading = self.t.fmt("jobs_in", &[&name]);
        for (which, heading, list) in &lists {
            let url_of = |n: usize| match which {
                Which::All => urls::jobs(&d.slug, n),
                Which::Type(ty) => urls::jobs_type(&d.slug, ty.slug(), n),
                Which::Group(g) => urls::jobs_group(&d.slug, g, n),
            };
            let total = list.len().div_ceil(size).max(1);
            let (tf, gf) = (type_facets(*which), group_facets(*which));
            // Every page of a listing starts the widget on the listing's first results (its defaults).
            let mut preload = search.preload.clone();
            if let Some(first) = &search.first_chunks {
                let chunks = first.urls(&d.slug, list.iter().map(|v| v.identifier.as_str()));
                preload.extend(chunks.into_iter().map(|href| Preload { rel: "preload", href, fetch: true }));
            }
            for n in 1..=total {
                let url = url_of(n);
                let pagination = Pagination::new(n, total, url_of);
                let mut count_text = self.t.fmt("job_count", &[&list.len().to_string()]);
                if total > 1 {
                    count_text.push_str(" · ");
                    count_text.push_str(&self.t.fmt("page_of", &[&n.to_string(), &total.to_string()]));
                }
                let title = if n > 1 { format!("{heading}（{}）", self.t.fmt("page_n", &[&n.to_string()])) } else { heading.clone() };
                let mut trail: Vec<(&str, &str)> = vec![(&all_heading, &jobs_url)];
                if *which != Which::All {
                    trail.push((heading, &url));
                }
                let mut crumbs = self.crumbs(d, &trail);
                if n > 1 {
                    crumbs.push(link(&self.t.fmt("page_n", &[&n.to_string()]), &url));
                }
                let description = format!("{}。{}", heading, count_text);
                let mut entries = self.frame_entries(&self.frame(&url, &title, &description, crumbs), &url, Some(d));
                entries.extend([
                    ("heading", tera::Value::from_serializable(&title)),
                    ("count", tera::Value::from_serializable(&list.len())),
                    ("count_text", tera::Value::from_serializable(&count_text)),
                    ("pagination", tera::Value::from_serializable(&pagination)),
                    ("type_facets", tera::Value::from_serializable(&tf)),
                    ("group_facets", tera::Value::from_serializable(&gf)),
                ]);
                let mut defaults = format!("district={}", d.slug);
                match which {
                    Which::All => {}
                    Which::Type(ty) => defaults.push_str(&format!("&work_type={}", ty.as_schema())),
                    Which::Group(g) => defaults.push_str(&format!("&group={g}")),
                }
                let view =
                    SearchView { manifest: &search.manifest, boot: search.boot.as_deref(), preload: &preload, defaults, embed_page: urls::EMBED };
                entries.push((SEARCH, tera::Value::from_serializable(&view)));
                let ids = || list.iter().skip((n - 1) * size).take(size).map(|v| v.identifier.as_str());
                // The same start-up data naming another generation: what a kept page is checked with.
                let stand_in_view = || {
                    let other = stand_in(&search.generation);
                    let preload: Vec<Preload> =
                        preload.iter().map(|p| Preload { href: p.href.replace(&search.generation, &other), ..p.clone() }).collect();
                    let manifest = search.manifest.replace(&search.generation, &other);
                    tera::Value::from_serializable(&SearchView { manifest: &manifest, preload: &preload, ..view.clone() })
                };
                let jobs = Jobs {
                    value: &|| tera::Value::from_serializable(&ids().map(|id| &summaries[id]).collect::<Vec<_>>()),
                    digests: digests.as_ref().map(|ds| ids().map(|id| ds[id]).collect()),
                    stand_in_view: &stand_in_view,
                };
                self.listing_page(stage, &url, entries, jobs, &generation)?;
            }
        }
        Ok(())
    }

    /// Writes the listing page at `url` (default-language form) whose context is `entries` and `jobs`,
    /// naming the search-index generation `finder` finds (16 hex digits): from the build cache when a
    /// page with the same values but that generation was kept (see the module docs), else rendered (and
    /// kept).
    fn listing_page(
        &self,
        stage: &Staging,
        url: &str,
        mut entries: Vec<(&'static str, tera::Value)>,
        jobs: Jobs<'_>,
        finder: &Finder<'_>,
    ) -> Result<(), Error> {
        const TEMPLATE: &str = "jobs.html";
        let generation = std::str::from_utf8(finder.needle()).unwrap_or_default();
        let name = jobs.digests.as_deref().and_then(|digests| self.listing_name(TEMPLATE, url, &entries, digests, finder));
        let value = jobs.value;
        let context = move || {
            entries.push((JOBS, value()));
            context_of(entries)
        };
        let (Some(cache), Some(name)) = (self.cache, name) else {
            if let Some(cache) = self.cache {
                cache.listing_not_kept();
            }
            return self.page(stage, TEMPLATE, url, &context(), None);
        };
        let url_here = format!("{}{url}", self.lang.prefix);
        let rel = urls::file_for(&url_here);
        match cache.listing(&name, generation, stage, &rel)? {
            Listing::Carried(code) => stage.linked_page(&url_here, None, &code),
            Listing::Text(text, code) => {
                stage.write_page_with_code(&url_here, &text, &code)?;
                cache.keep_listing_text(&name, stage, &rel, text.len() as u64, code, generation)?;
            }
            Listing::Missing => {
                let mut ctx = context();
                let (html, url_here) = self.rendered(TEMPLATE, url, &ctx)?;
                let code = stage.write_page(&url_here, &html, None)?;
                // Kept only when rendering with another generation gives this text with the other
                // generation in its place: a template that transforms or tests the index's file names
                // (`upper`, `truncate`, a branch on them) keeps its pages out of the cache.
                ctx.insert_value(SEARCH, (jobs.stand_in_view)());
                let (other, _) = self.rendered(TEMPLATE, url, &ctx)?;
                cache.keep_listing(&name, stage, &rel, (&html, generation), (&other, &stand_in(generation)), code)?;
            }
        }
        self.progress.page_written();
        Ok(())
    }

    /// A listing page's cache name: a SHA-256 of the site's fingerprint (the templates among it), the
    /// language, `template`, `url` and every entry of the page's context ([`hash_value`]), the search
    /// view's with the generation `generation` finds masked, and its list entries' `jobs` (each entry's
    /// value's own hash: a hash of the list's values, as each is on several pages); `None` (render it,
    /// keep nothing) when another entry holds the generation's digits, which the kept text would then
    /// hold where no file name is printed.
    fn listing_name(
        &self,
        template: &str,
        url: &str,
        entries: &[(&'static str, tera::Value)],
        jobs: &[Digested],
        generation: &Finder<'_>,
    ) -> Option<String> {
        let mut h = Sha256::new();
        h.update(self.site.fingerprint);
        for text in [self.lang.code, &self.lang.prefix, template, url] {
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        for (name, value) in entries {
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
            if hash_value(&mut h, value, generation) > 0 && *name != SEARCH {
                return None;
            }
        }
        h.update((JOBS.len() as u64).to_le_bytes());
        h.update(JOBS.as_bytes());
        h.update((jobs.len() as u64).to_le_bytes());
        for job in jobs {
            if job.masked > 0 {
                return None;
            }
            h.update(job.hash);
        }
        let mut name = String::with_capacity(69);
        for b in h.finalize() {
            name.push_str(&format!("{b:02x}"));
        }
        name.push_str("-list");
        Some(name)
    }
}

/// The context entry holding the widget's start-up data, the only one that names the search index.
const SEARCH: &str = "search";
/// The context entry listing the page's vacancies.
const JOBS: &str = "jobs";

/// A listing page's list of vacancies: its context value, made only when the page is rendered, and,
/// with the cache, each entry's [`Digested`]; and the page's search view naming [`stand_in`]'s
/// generation instead of the build's (made only when a rendered page is to be kept).
struct Jobs<'a> {
    value: &'a dyn Fn() -> tera::Value,
    digests: Option<Vec<Digested>>,
    stand_in_view: &'a dyn Fn() -> tera::Value,
}

/// A generation that differs from `generation` (16 hex digits) in every digit: each digit d becomes
/// 15 − d, so a template that cuts, tests or changes the index's file names renders differently.
fn stand_in(generation: &str) -> String {
    generation.chars().map(|c| c.to_digit(16).and_then(|d| char::from_digit(15 - d, 16)).unwrap_or('x')).collect()
}

/// A list entry's value hashed ([`hash_value`]) and how many times it holds the search index's
/// generation.
#[derive(Clone, Copy)]
struct Digested {
    hash: [u8; 32],
    masked: usize,
}

impl Digested {
    fn of(value: &tera::Value, generation: &Finder<'_>) -> Digested {
        let mut h = Sha256::new();
        let masked = hash_value(&mut h, value, generation);
        Digested { hash: h.finalize().into(), masked }
    }
}
