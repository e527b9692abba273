//! The frame every page is rendered in: its title and description, canonical URL, breadcrumbs, language
//! alternates and notice, the shared navigation ([`Local::chrome`], cached), and [`Local::page`], which
//! renders a template into the staging folder in this language (converted and with its links localized).

use engine::vacancy::Vacancy;
use tera::Context;

use super::Local;
use crate::error::Error;
use crate::model::District;
use crate::output::{Staging, assets};
use crate::render::localize::{as_is_regions, localize_links};
use crate::render::templates;
use crate::render::views::{self, Chrome, DistrictNav, Frame, Link, NavItem};
use crate::text::inline_code::InlineCode;
use crate::urls;

impl Local<'_> {
    /// Renders `template` as the page at `url` (root-relative, as in the default language) in this
    /// language: under its prefix, with its internal links moved there too (see [`localize_links`]).
    pub(super) fn page(&self, stage: &Staging, template: &str, url: &str, ctx: &Context, lastmod: Option<String>) -> Result<(), Error> {
        self.page_written(stage, template, url, ctx, lastmod).map(drop)
    }

    /// [`Local::page`], returning the page's size and inline code (for the build cache).
    pub(super) fn page_written(
        &self,
        stage: &Staging,
        template: &str,
        url: &str,
        ctx: &Context,
        lastmod: Option<String>,
    ) -> Result<(u64, InlineCode), Error> {
        let (html, url) = self.rendered(template, url, ctx)?;
        let code = stage.write_page(&url, &html, lastmod)?;
        self.progress.page_written();
        Ok((html.len() as u64, code))
    }

    /// `template` rendered as the page at `url` in this language: its text and URL (under the
    /// language's prefix), not yet written ([`Local::page_written`] writes it).
    pub(super) fn rendered(&self, template: &str, url: &str, ctx: &Context) -> Result<(String, String), Error> {
        // Rendered straight into bytes: `Tera::render` would check the whole page is UTF-8 again.
        let mut html = Vec::with_capacity(8 * 1024);
        self.tera.render_to(template, ctx, &mut html).map_err(|e| Error::Render {
            template: template.into(),
            url: url.into(),
            cause: templates::flatten(&e),
        })?;
        // Checked once here; everything after works on text. (Templates and values are strings: a
        // page that is not UTF-8 would be a bug, shown with U+FFFD rather than lost.)
        let html = String::from_utf8(html).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        // zh-HK: the content (written in zh-CN) converted, except vacancy text (their pages, listings, and
        // the `AS_IS` regions of other pages).
        let convert = self.lang.code == "zh-HK" && !url.contains("/jobs/");
        let html = as_is_regions(html, convert);
        let (html, url) = if self.lang.prefix.is_empty() {
            (html, url.to_owned())
        } else {
            (localize_links(&html, &self.lang.prefix), format!("{}{url}", &self.lang.prefix))
        };
        Ok((html, url))
    }

    /// What the content of the page at `url` is written in, and the notice that says so: vacancies (their
    /// pages and listings) as their employers wrote them; other content converted to zh-HK by machine, or
    /// in zh-CN on an en page — unless `translated` (the page has its own text in this language). The
    /// embed page is interface only.
    /// Returns the notice and the content's `lang` attribute (empty when it is the page's language).
    pub(super) fn content_language(&self, url: &str, translated: bool) -> (Option<String>, String) {
        let (notice, content) = if self.lang.prefix.is_empty() || translated || url == urls::EMBED {
            (None, self.lang.code)
        } else if url.contains("/jobs/") {
            (Some("notice_as_written"), "zh-CN")
        } else if self.lang.code == "zh-HK" {
            (Some("notice_converted"), "zh-HK")
        } else {
            (Some("notice_untranslated"), "zh-CN")
        };
        let attr = if content == self.lang.code { String::new() } else { format!(" lang=\"{content}\"") };
        (notice.map(|k| self.t.get(k).to_owned()), attr)
    }

    /// The page at `url` (default-language form) in every language.
    pub(super) fn languages(&self, url: &str) -> Vec<views::LangLink> {
        self.site
            .langs
            .iter()
            .map(|l| {
                let u = format!("{}{url}", l.prefix);
                views::LangLink {
                    code: l.code.to_owned(),
                    name: l.t.get("lang_name").to_owned(),
                    absolute: self.info.absolute(&u),
                    url: u,
                    current: l.code == self.lang.code,
                }
            })
            .collect()
    }

    pub(super) fn district_name(&self, d: &District) -> String {
        d.config.name.get_ref().get(self.t.lang).to_owned()
    }

    pub(super) fn newest_city(&self, n: usize) -> Vec<&Vacancy> {
        let mut all: Vec<&Vacancy> = self.content.districts.iter().flat_map(|d| d.vacancies.iter().take(n)).collect();
        all.sort_by(|a, b| b.date_posted.unix().cmp(&a.date_posted.unix()).then_with(|| a.identifier.cmp(&b.identifier)));
        all.truncate(n);
        all
    }

    pub(super) fn feed_summary(&self, v: &Vacancy) -> String {
        let place = v.locality().map(|l| format!(" · {l}")).unwrap_or_default();
        format!("{}{place} · {}", self.info.district_name(&v.district), views::salary_text(v.base_salary.as_ref(), self.t))
    }

    /// The portal's title in this language.
    pub(super) fn site_title(&self) -> &str {
        self.content.site.title.get(self.lang.code)
    }

    pub(super) fn build_date_rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.build_date)
    }

    pub(super) fn crumb_home(&self) -> Link {
        link(self.t.get("city_home"), &urls::home())
    }

    pub(super) fn crumbs(&self, d: &District, rest: &[(&str, &str)]) -> Vec<Link> {
        let mut v = vec![self.crumb_home(), link(&self.district_name(d), &urls::district(&d.slug))];
        v.extend(rest.iter().map(|(t, u)| link(t, u)));
        v
    }

    pub(super) fn frame(&self, url: &str, title: &str, description: &str, breadcrumbs: Vec<Link>) -> Frame {
        let full_title = if url == "/" { title.to_owned() } else { format!("{title} - {}", self.site_title()) };
        let (notice, content_lang) = self.content_language(url, false);
        Frame {
            title: full_title,
            description: crate::text::markdown::truncate(description, 160),
            canonical: Some(self.info.absolute(&format!("{}{url}", &self.lang.prefix))),
            breadcrumbs,
            languages: if self.langs.len() > 1 { self.languages(url) } else { Vec::new() },
            notice,
            content_lang,
        }
    }

    /// The shared frame of a page at `url` in district `d`, as a template value. Which section link is
    /// highlighted is the only part that depends on the URL, so values are cached by district and
    /// highlighted section: the 100,000th vacancy page reuses the first one's.
    pub(super) fn chrome(&self, url: &str, d: Option<&District>) -> tera::Value {
        let sections: Vec<(String, String)> = d.map_or_else(Vec::new, |d| self.sections(d));
        let current = |u: &str| -> bool { d.is_some_and(|d| url == u || (u != urls::district(&d.slug) && url.starts_with(u))) };
        let highlighted = sections.iter().position(|(_, u)| current(u));
        let key = (d.map(|d| d.slug.clone()), highlighted);
        if let Some(v) = self.lang.chrome_cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return v.clone();
        }
        let c = &self.content;
        let district = d.map(|d| DistrictNav {
            slug: d.slug.clone(),
            name: self.district_name(d),
            accent: d.config.accent.get_ref().clone(),
            url: urls::district(&d.slug),
            sections: sections
                .iter()
                .enumerate()
                .map(|(i, (name, u))| NavItem { current: Some(i) == highlighted, name: name.clone(), url: u.clone() })
                .collect(),
        });
        let chrome = Chrome {
            lang: self.t.lang.to_owned(),
            prefix: self.lang.prefix.to_owned(),
            site_title: self.site_title().to_owned(),
            css: self.css_url.clone(),
            icon: format!("/{}", assets::icon_path()),
            citizen_js: format!("/{}", assets::citizen_js_path()),
            saved: urls::SAVED.to_owned(),
            districts: c
                .districts
                .iter()
                .map(|x| NavItem { name: self.district_name(x), url: urls::district(&x.slug), current: d.is_some_and(|d| d.slug == x.slug) })
                .collect(),
            city_pages: c.pages.iter().map(|p| link(&p.title, &urls::city_page(&p.slug))).collect(),
            district,
            feed: Some(d.map_or_else(|| "/feed.xml".to_owned(), |d| urls::feed(&d.slug))),
            build_date: self.build_date.to_string(),
        };
        let v = tera::Value::from_serializable(&chrome);
        self.lang.chrome_cache.lock().unwrap_or_else(|e| e.into_inner()).insert(key, v.clone());
        v
    }

    /// A district's section links: (label, URL).
    pub(super) fn sections(&self, d: &District) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = [
            ("home", urls::district(&d.slug)),
            ("nav_jobs", urls::jobs(&d.slug, 1)),
            ("nav_policies", urls::policies(&d.slug)),
            ("nav_stations", urls::stations(&d.slug)),
            ("nav_events", urls::events(&d.slug)),
        ]
        .into_iter()
        .map(|(k, u)| (self.t.get(k).to_owned(), u))
        .collect();
        v.extend(d.pages.iter().map(|p| (p.title.clone(), urls::district_page(&d.slug, &p.slug))));
        v
    }

    pub(super) fn frame_ctx(&self, url: &str, title: &str, description: &str, d: Option<&District>, breadcrumbs: Vec<Link>) -> Context {
        self.frame_ctx_in(url, title, description, d, breadcrumbs, false)
    }

    /// [`Local::frame_ctx`] for a page whose content may be `translated` into this language (no notice).
    pub(super) fn frame_ctx_in(
        &self,
        url: &str,
        title: &str,
        description: &str,
        d: Option<&District>,
        breadcrumbs: Vec<Link>,
        translated: bool,
    ) -> Context {
        let mut frame = self.frame(url, title, description, breadcrumbs);
        if translated {
            (frame.notice, frame.content_lang) = self.content_language(url, true);
        }
        context_of(self.frame_entries(&frame, url, d))
    }

    /// What [`Local::frame_ctx_in`] puts in a context for `frame` (of the page at `url`, in district
    /// `d`), as (name, value) entries: a page whose cache name hashes its context's values adds its own
    /// to these, hashes them, then makes the context ([`context_of`]), so what is hashed is what the
    /// template sees.
    pub(super) fn frame_entries(&self, frame: &Frame, url: &str, d: Option<&District>) -> Vec<(&'static str, tera::Value)> {
        vec![("frame", tera::Value::from_serializable(frame)), ("chrome", self.chrome(url, d))]
    }
}

/// The template context of `entries` (a later entry of the same name wins).
pub(super) fn context_of(entries: Vec<(&'static str, tera::Value)>) -> Context {
    let mut ctx = Context::new();
    for (name, value) in entries {
        ctx.insert_value(name, value);
    }
    ctx
}

pub(super) fn link(title: &str, url: &str) -> Link {
    Link { title: title.to_owned(), url: url.to_owned() }
}
