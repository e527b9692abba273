//! A district's vacancy listings: all, per work type and per target group, paginated, with the widget's
//! start-up data (the filters the page stands for, the index files to fetch first).
//!
//! A listing page names no file of the search index, whose names change with any vacancy: it preloads
//! `widget/current.json`, which names the index (the template's inline script and the widget's boot
//! module read it), and says only which of the index's files to fetch first, by kind and number
//! (`facet-0 docs-3`, see [`crate::formats::search_index::first_fetches`]). So an edit changes only the listing pages whose
//! own values changed. With the build cache, a listing page is named by a hash of its template
//! context's values (what the template sees): a rebuild renders only those pages and carries the rest
//! over.

use engine::vacancy::{EmploymentType, Vacancy};
use sha2::{Digest, Sha256};

use super::Local;
use super::frame::{context_of, link};
use super::widget::{SearchRefs, SearchView};
use crate::error::Error;
use crate::model::District;
use crate::output::Staging;
use crate::output::keys::hash_value;
use crate::render::views::{FacetLink, JobSummary, Pagination};
use crate::urls;

impl Local<'_> {
    pub(super) fn render_listings(&self, stage: &Staging, d: &District, search: &SearchRefs) -> Result<(), Error> {
        let name = self.district_name(d);
        let all: Vec<&Vacancy> = d.vacancies.iter().collect();
        // Each vacancy appears in several listings: its list entry is made once.
        let summaries: std::collections::HashMap<&str, JobSummary> =
            d.vacancies.iter().map(|v| (v.identifier.as_str(), JobSummary::new(v, &name, self.t))).collect();
        // With the cache, each list entry's value hashed once too (see [`Local::listing_name`]).
        let digests: Option<std::collections::HashMap<&str, [u8; 32]>> = self.cache.map(|_| {
            summaries
                .iter()
                .map(|(&id, s)| {
                    let mut h = Sha256::new();
                    hash_value(&mut h, &tera::Value::from_serializable(s));
                    (id, h.finalize().into())
                })
                .collect()
        });
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
            let mut first = search.first.clone();
            if let Some(chunks) = &search.first_chunks {
                first.extend(chunks.names(&d.slug, list.iter().map(|v| v.identifier.as_str())));
            }
            let first = first.join(" ");
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
                    SearchView { boot: search.boot.as_deref(), current: search.current.as_deref(), first: &first, defaults, embed_page: urls::EMBED };
                entries.push(("search", tera::Value::from_serializable(&view)));
                let ids = || list.iter().skip((n - 1) * size).take(size).map(|v| v.identifier.as_str());
                let jobs = Jobs {
                    value: &|| tera::Value::from_serializable(&ids().map(|id| &summaries[id]).collect::<Vec<_>>()),
                    digests: digests.as_ref().map(|ds| ids().map(|id| ds[id]).collect()),
                };
                self.listing_page(stage, &url, entries, jobs)?;
            }
        }
        Ok(())
    }

    /// Writes the listing page at `url` (default-language form) whose context is `entries` and `jobs`:
    /// carried over from the build cache when a page with the same values was kept, else rendered (and
    /// kept).
    fn listing_page(&self, stage: &Staging, url: &str, mut entries: Vec<(&'static str, tera::Value)>, jobs: Jobs<'_>) -> Result<(), Error> {
        const TEMPLATE: &str = "jobs.html";
        let name = jobs.digests.as_deref().map(|digests| self.listing_name(TEMPLATE, url, &entries, digests));
        let value = jobs.value;
        let context = move || {
            entries.push((JOBS, value()));
            context_of(entries)
        };
        let (Some(cache), Some(name)) = (self.cache, name) else {
            return self.page(stage, TEMPLATE, url, &context(), None);
        };
        let url_here = format!("{}{url}", self.lang.prefix);
        let rel = urls::file_for(&url_here);
        if let Some(code) = cache.carry_listing(&name, stage, &rel)? {
            stage.linked_page(&url_here, None, &code);
        } else {
            let (html, url_here) = self.rendered(TEMPLATE, url, &context())?;
            let code = stage.write_page(&url_here, &html, None)?;
            cache.keep_listing(&name, stage, &rel, html.len() as u64, code)?;
        }
        self.progress.page_written();
        Ok(())
    }

    /// A listing page's cache name: a SHA-256 of the site's fingerprint (the templates among it), the
    /// language, `template`, `url`, every entry of the page's context ([`hash_value`]) and its list
    /// entries' `jobs` (each entry's value's own hash: a hash of the list's values, as each is on
    /// several pages).
    fn listing_name(&self, template: &str, url: &str, entries: &[(&'static str, tera::Value)], jobs: &[[u8; 32]]) -> String {
        let mut h = Sha256::new();
        h.update(self.site.fingerprint);
        for text in [self.lang.code, &self.lang.prefix, template, url] {
            h.update((text.len() as u64).to_le_bytes());
            h.update(text.as_bytes());
        }
        for (name, value) in entries {
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
            hash_value(&mut h, value);
        }
        h.update((JOBS.len() as u64).to_le_bytes());
        h.update(JOBS.as_bytes());
        h.update((jobs.len() as u64).to_le_bytes());
        for job in jobs {
            h.update(job);
        }
        let mut name = String::with_capacity(69);
        for b in h.finalize() {
            name.push_str(&format!("{b:02x}"));
        }
        name.push_str("-list");
        name
    }
}

/// The context entry listing the page's vacancies.
const JOBS: &str = "jobs";

/// A listing page's list of vacancies: its context value, made only when the page is rendered, and,
/// with the cache, each entry's value's hash.
struct Jobs<'a> {
    value: &'a dyn Fn() -> tera::Value,
    digests: Option<Vec<[u8; 32]>>,
}
