//! A district's vacancy listings: all, per work type and per target group, paginated, with the widget's
//! start-up data (the filters the page stands for, the index files to preload).

use engine::vacancy::{EmploymentType, Vacancy};

use super::Local;
use super::frame::link;
use super::widget::{Preload, SearchRefs, SearchView};
use crate::error::Error;
use crate::model::District;
use crate::output::Staging;
use crate::render::views::{FacetLink, JobSummary, Pagination};
use crate::urls;

impl Local<'_> {
    pub(super) fn render_listings(&self, stage: &Staging, d: &District, search: &SearchRefs) -> Result<(), Error> {
        let name = self.district_name(d);
        let all: Vec<&Vacancy> = d.vacancies.iter().collect();
        // Each vacancy appears in several listings: its list entry is made once.
        let summaries: std::collections::HashMap<&str, JobSummary> =
            d.vacancies.iter().map(|v| (v.identifier.as_str(), JobSummary::new(v, &name, self.t))).collect();
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
                let mut ctx = self.frame_ctx(&url, &title, &description, Some(d), crumbs);
                ctx.insert("heading", &title);
                ctx.insert("count", &list.len());
                ctx.insert("count_text", &count_text);
                ctx.insert("jobs", &list.iter().skip((n - 1) * size).take(size).map(|v| &summaries[v.identifier.as_str()]).collect::<Vec<_>>());
                ctx.insert("pagination", &pagination);
                ctx.insert("type_facets", &tf);
                ctx.insert("group_facets", &gf);
                let mut defaults = format!("district={}", d.slug);
                match which {
                    Which::All => {}
                    Which::Type(ty) => defaults.push_str(&format!("&work_type={}", ty.as_schema())),
                    Which::Group(g) => defaults.push_str(&format!("&group={g}")),
                }
                ctx.insert(
                    "search",
                    &SearchView { manifest: &search.manifest, boot: search.boot.as_deref(), preload: &preload, defaults, embed_page: urls::EMBED },
                );
                self.page(stage, "jobs.html", &url, &ctx, None)?;
            }
        }
        Ok(())
    }
}
