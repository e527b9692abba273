//! The city's pages: the city home (district cards, newest vacancies, comparisons), the city pages, the
//! partner embed page (`/embed/`), the 404 page and the city feed.

use engine::vacancy::{EmploymentType, Vacancy};
use serde::Serialize;

use super::Local;
use super::frame::link;
use super::widget::{EmbedRefs, SearchRefs};
use crate::error::Error;
use crate::formats::feeds;
use crate::output::Staging;
use crate::render::views::{Frame, JobSummary, PageView};
use crate::render::{dashboard, templates};
use crate::urls;

impl Local<'_> {
    pub(super) fn render_city(&self, stage: &Staging) -> Result<(), Error> {
        #[derive(Serialize)]
        struct Card {
            name: String,
            url: String,
            jobs_url: String,
            tagline: String,
            accent: String,
            job_count: usize,
        }
        let c = &self.content;
        let cards: Vec<Card> = c
            .districts
            .iter()
            .map(|d| Card {
                name: self.district_name(d),
                url: urls::district(&d.slug),
                jobs_url: urls::jobs(&d.slug, 1),
                tagline: d.config.tagline.clone(),
                accent: d.config.accent.get_ref().clone(),
                job_count: d.vacancies.len(),
            })
            .collect();
        let newest = self.newest_city(8).into_iter().map(|v| JobSummary::new(v, self.info.district_name(&v.district), self.t)).collect::<Vec<_>>();
        let home = PageView::in_lang(&c.home, urls::home(), self.lang.code);
        let mut ctx = self.frame_ctx_in(&urls::home(), self.site_title(), c.site.description.get(self.lang.code), None, vec![], home.translated);
        ctx.insert("home", &home);
        ctx.insert("districts", &cards);
        ctx.insert("total_jobs", &c.vacancy_count());
        ctx.insert("newest", &newest);
        ctx.insert("comparison", &dashboard::city_comparison(c, self.t));
        let all: Vec<&Vacancy> = c.districts.iter().flat_map(|d| d.vacancies.iter()).collect();
        ctx.insert("stats", &dashboard::vacancy_stats(&all, dashboard::CITY_COLOUR, self.build_date, self.t));
        self.page(stage, "city_home.html", &urls::home(), &ctx, None)?;
        for p in &c.pages {
            let url = urls::city_page(&p.slug);
            let view = PageView::in_lang(p, url.clone(), self.lang.code);
            let mut ctx =
                self.frame_ctx_in(&url, &view.title, &view.description, None, vec![self.crumb_home(), link(&view.title, &url)], view.translated);
            ctx.insert("page", &view);
            self.page(stage, "page.html", &url, &ctx, None)?;
        }
        Ok(())
    }

    /// The embed page (`/embed/`): where partners build their snippet, with a live preview.
    pub(super) fn render_embed(&self, stage: &Staging, search: &SearchRefs) -> Result<(), Error> {
        #[derive(Serialize)]
        struct Choice {
            key: String,
            name: String,
        }
        #[derive(Serialize)]
        struct DistrictChoice {
            slug: String,
            name: String,
        }
        #[derive(Serialize)]
        struct Lang {
            tag: &'static str,
            name: &'static str,
        }
        #[derive(Serialize)]
        struct EmbedView<'a> {
            portal: &'a str,
            #[serde(flatten)]
            refs: &'a EmbedRefs,
        }
        let url = urls::EMBED;
        let title = self.t.get("embed_title");
        let mut ctx = self.frame_ctx(url, title, self.t.get("embed_intro"), None, vec![link(self.site_title(), "/"), link(title, url)]);
        ctx.insert(
            "districts",
            &self.content.districts.iter().map(|d| DistrictChoice { slug: d.slug.clone(), name: self.district_name(d) }).collect::<Vec<_>>(),
        );
        ctx.insert(
            "languages",
            &[Lang { tag: "zh-CN", name: "简体中文" }, Lang { tag: "zh-HK", name: "繁體中文（香港）" }, Lang { tag: "en", name: "English" }],
        );
        let work_types: Vec<Choice> = EmploymentType::ALL
            .iter()
            .map(|ty| Choice { key: ty.as_schema().to_owned(), name: self.t.get(&format!("employment_{}", ty.slug())).to_owned() })
            .collect();
        ctx.insert("work_types", &work_types);
        ctx.insert("groups", &self.info.groups().map(|(k, v)| Choice { key: k.to_owned(), name: v.get(self.t.lang).to_owned() }).collect::<Vec<_>>());
        if let Some(refs) = &search.embed {
            let portal = self.info.base_url.as_str();
            let element = format!("<quanyu-jobs district=\"all\" lang=\"{}\" limit=\"5\" layout=\"compact\"></quanyu-jobs>", self.t.lang);
            ctx.insert("embed", &EmbedView { portal, refs });
            ctx.insert(
                "snippet",
                &format!(
                    "<script type=\"module\" src=\"{portal}{}\" integrity=\"{}\" crossorigin=\"anonymous\"></script>\n{element}",
                    refs.pinned, refs.integrity
                ),
            );
            ctx.insert("snippet_latest", &format!("<script type=\"module\" src=\"{portal}{}\"></script>\n{element}", refs.entry));
        }
        self.page(stage, "embed.html", url, &ctx, None)
    }

    /// "我的收藏" (`/saved/`, issue 14 §2): an empty frame that `citizen.js` fills from this browser's
    /// storage — the saved jobs and searches never reach the server, so the page cannot hold them. With
    /// the widget, it names the index and the search build, which count each saved search's new vacancies.
    pub(super) fn render_saved(&self, stage: &Staging, search: &SearchRefs) -> Result<(), Error> {
        let url = urls::SAVED;
        let title = self.t.get("saved_title");
        let mut ctx = self.frame_ctx(url, title, self.t.get("saved_intro"), None, vec![link(self.site_title(), "/"), link(title, url)]);
        ctx.insert("manifest", &search.manifest);
        ctx.insert("search_build", &search.search_build);
        self.page(stage, "saved.html", url, &ctx, None)
    }

    pub(super) fn render_404(&self, stage: &Staging) -> Result<(), Error> {
        let mut ctx = self.frame_ctx("/404.html", self.t.get("not_found_title"), self.t.get("not_found_text"), None, vec![]);
        let mut frame: Frame = self.frame("/404.html", self.t.get("not_found_title"), self.t.get("not_found_text"), vec![]);
        // No canonical: the page answers for every missing URL. Hosts serve it with status 404, which
        // keeps it out of search indexes (a `noindex` meta would fail Lighthouse's crawlability audit).
        frame.canonical = None;
        frame.languages.clear();
        ctx.insert("frame", &frame);
        let html = self.tera.render("404.html", &ctx).map_err(|e| Error::Render {
            template: "404.html".into(),
            url: "/404.html".into(),
            cause: templates::flatten(&e),
        })?;
        stage.write_html("404.html", &html).map(drop)
    }

    pub(super) fn write_city_feed(&self, stage: &Staging) -> Result<(), Error> {
        let n = *self.content.site.feed_size.get_ref() as usize;
        let list = self.newest_city(n);
        let title = self.t.fmt("feed_title", &[self.site_title()]);
        let xml = feeds::atom(&self.info, &title, "/feed.xml", "/", &list, |v| self.feed_summary(v), &self.build_date_rfc3339());
        stage.write("feed.xml", xml.as_bytes())
    }
}
