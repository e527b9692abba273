//! The build pipeline: [`Site::load`] checks the content, [`Site::build`] writes the portals.
//!
//! `build` reads as the list of what a portal is made of: assets and the widget, the search index (on its
//! own thread, beside the pages), the city pages, then for each district its home, pages, policies,
//! stations, events (with their calendar files), vacancy listings and vacancy pages, feeds; finally the 404 page, `robots.txt` and the
//! sitemap. Everything is written into a staging folder that replaces the
//! output only when every step succeeded. Output depends only on the content and the build date:
//! lists are sorted, no clock or hash-map order is consulted, so the same input gives the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use engine::date::Date;
use engine::diag::Diagnostics;
use engine::vacancy::{EmploymentType, Vacancy};
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::{Content, District, LoadOptions};
use crate::embed;
use crate::i18n::I18n;
use crate::output::Staging;
use crate::views::{
    self, Chrome, DistrictNav, EmployerJobs, EventView, FacetLink, Frame, JobPage, JobSummary, Link, NavItem, PageView, Pagination, PolicyView,
    StationView,
};
use crate::{assets, dashboard, feeds, ics, parallel, search_index, templates, urls};

/// Options of a build or check.
#[derive(Debug, Clone)]
pub struct Options {
    /// Content folder.
    pub content: PathBuf,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
    /// The build date (expiry, "upcoming" events).
    pub build_date: Date,
}

/// What pages need to know about the site as a whole.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    /// City portal title.
    pub title: String,
    /// Base URL without a trailing slash.
    pub base_url: String,
    groups: BTreeMap<String, crate::config::Localized>,
    district_names: BTreeMap<String, String>,
}

impl SiteInfo {
    /// A minimal site for unit tests.
    #[cfg(test)]
    pub fn for_tests(base_url: &str) -> SiteInfo {
        SiteInfo { title: "test".into(), base_url: base_url.into(), groups: BTreeMap::new(), district_names: BTreeMap::new() }
    }

    /// The absolute URL of a root-relative path.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Name of a target group in `lang`.
    pub fn group_name<'a>(&'a self, id: &'a str, lang: &str) -> &'a str {
        self.groups.get(id).map_or(id, |l| l.get(lang))
    }

    /// zh-CN name of a district.
    pub fn district_name<'a>(&'a self, slug: &'a str) -> &'a str {
        self.district_names.get(slug).map_or(slug, String::as_str)
    }
}

/// A loaded, checked site, ready to build.
pub struct Site {
    /// The content.
    pub content: Content,
    /// Site-wide info for views.
    pub info: SiteInfo,
    /// The languages, the default (zh-CN, at the root) first.
    langs: Vec<Lang>,
    build_date: Date,
    css_url: String,
}

/// One language of the portals (issue 6): zh-CN at the root, zh-HK under `/zh-hk/`, en under `/en/`.
struct Lang {
    /// BCP 47 tag.
    code: &'static str,
    /// URL prefix of its pages (`""` for the default language).
    prefix: String,
    /// Its interface strings.
    t: I18n,
    /// The templates, with `t` as their global `t`.
    tera: Tera,
    /// Shared frames by (district, highlighted section); see [`Local::chrome`].
    chrome_cache: std::sync::Mutex<std::collections::HashMap<ChromeKey, tera::Value>>,
}

/// The URL prefix of a language's pages: none for the site's default language, else its tag in lower
/// case (`/zh-hk`, `/en`).
pub fn lang_prefix(code: &str, default: &str) -> String {
    if code == default { String::new() } else { format!("/{}", code.to_ascii_lowercase()) }
}

/// [`Site`] in one language: what every page is rendered through.
struct Local<'a> {
    site: &'a Site,
    lang: &'a Lang,
    t: &'a I18n,
    tera: &'a Tera,
}

impl std::ops::Deref for Local<'_> {
    type Target = Site;
    fn deref(&self) -> &Site {
        self.site
    }
}

/// Numbers from a build, for the summary line and benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Report {
    /// HTML pages written.
    pub pages: usize,
    /// Files written.
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Open vacancies.
    pub vacancies: usize,
    /// Vacancies left out as expired.
    pub expired: usize,
}

impl Site {
    /// Loads and checks everything. `Err` carries the problems when there is at least one error;
    /// `Ok` carries the warnings.
    pub fn load(opts: &Options) -> Result<(Site, Diagnostics), Diagnostics> {
        let (content, mut diags) = Content::load(&opts.content, LoadOptions { build_date: opts.build_date });
        let tera = templates::load(content.as_ref().and_then(|c| c.templates_dir.as_deref()), &opts.content, &mut diags);
        if let Some(c) = &content {
            for d in &c.districts {
                for v in &d.vacancies {
                    if urls::RESERVED_IDENTIFIERS.contains(&v.identifier.as_str()) {
                        diags.error(
                            &v.source.path,
                            Some(v.source.pos),
                            format!("identifier `{}` is reserved (it is a path of the listings)", v.identifier),
                            Some("choose another identifier".into()),
                        );
                    }
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let (Some(content), Some(tera)) = (content, tera) else { return Err(diags) };
        let base_url = opts.base_url.clone().unwrap_or_else(|| content.site.base_url.get_ref().clone()).trim_end_matches('/').to_owned();
        let info = SiteInfo {
            title: content.site.title.get("zh-CN").to_owned(),
            base_url,
            groups: content.site.target_groups.iter().map(|g| (g.id.get_ref().clone(), g.name.get_ref().clone())).collect(),
            district_names: content.districts.iter().map(|d| (d.slug.clone(), d.config.name.get_ref().get("zh-CN").to_owned())).collect(),
        };
        // The languages site.toml names, the default first (checked against `i18n::LANGUAGES`).
        let wanted = content.site.languages.get_ref();
        let default = content.site.default_language.get_ref().as_str();
        let mut codes: Vec<&'static str> = crate::i18n::LANGUAGES.iter().copied().filter(|&code| wanted.iter().any(|w| w == code)).collect();
        codes.sort_by_key(|&c| c != default);
        let langs = codes
            .into_iter()
            .map(|code| {
                let t = I18n::load(code);
                let mut tera = tera.clone();
                tera.global_context().insert("t", t.strings());
                Lang { code, prefix: lang_prefix(code, default), t, tera, chrome_cache: Default::default() }
            })
            .collect();
        let site = Site { content, info, langs, build_date: opts.build_date, css_url: format!("/{}", assets::css_path()) };
        Ok((site, diags))
    }

    /// Builds the portals into `out` (replacing it only on success).
    pub fn build(&self, out: &Path) -> Result<Report, String> {
        let stage = Staging::new(out).map_err(|e| format!("{}: cannot create the staging folder: {e}", out.display()))?;
        self.write_assets(&stage)?;
        // The search index is written on its own thread while the pages render: its manifest's name
        // (which listing pages carry) is known before it is built.
        let index_input = search_index::input(&self.content);
        let mut search =
            SearchRefs { manifest: search_index::manifest_url(&index_input), boot: None, preload: Vec::new(), first_chunks: None, embed: None };
        if let Some(widget) = self.write_widget(&stage, &search.manifest)? {
            // The index files the widget fetches first, announced in the page so they come in parallel
            // with the widget's code rather than after it. (Preloading the wasm too made it compile
            // during page load: Lighthouse's mobile total blocking time tripled.)
            search.preload =
                search_index::first_fetches(&index_input).into_iter().map(|href| Preload { rel: "preload", href, fetch: true }).collect();
            search.first_chunks = Some(search_index::FirstChunks::new(&index_input));
            search.boot = Some(widget.boot);
            search.embed = Some(widget.embed);
        }
        std::thread::scope(|scope| {
            let index = scope.spawn(|| search_index::write(index_input, &stage));
            let pages = self.langs.iter().try_for_each(|lang| self.local(lang).render_pages(&stage, &search)).and_then(|()| {
                let default = self.local(&self.langs[0]);
                default.render_404(&stage)?;
                default.write_city_feed(&stage)?;
                self.write_robots_and_sitemap(&stage)
            });
            let index = index.join().unwrap_or_else(|_| Err("the search index thread panicked".into()));
            pages.and(index)
        })?;
        let pages = stage.pages().len();
        let (files, bytes) = stage.totals();
        stage.commit().map_err(|e| format!("{}: cannot replace the output folder: {e}", out.display()))?;
        Ok(Report {
            pages,
            files,
            bytes,
            vacancies: self.content.vacancy_count(),
            expired: self.content.districts.iter().map(|d| d.expired.len()).sum(),
        })
    }

    fn write_assets(&self, stage: &Staging) -> Result<(), String> {
        for (path, bytes) in assets::files() {
            stage.write(&path, &bytes).map_err(|e| e.to_string())?;
        }
        // CORS and cache rules for hosts and CDNs (the partner embed fetches from other origins).
        stage.write("_headers", embed::headers_file().as_bytes()).map_err(|e| e.to_string())?;
        stage.write("nginx-quanyu.conf", embed::nginx_snippet().as_bytes()).map_err(|e| e.to_string())?;
        for rel in &self.content.static_files {
            let bytes = std::fs::read(self.content.root.join("static").join(rel)).map_err(|e| format!("{}: {e}", rel.display()))?;
            stage.write(&rel.to_string_lossy().replace('\\', "/"), &bytes).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// The widget (when the binary embeds one): its versioned files under `widget/v/` (the module and
    /// wasm, the listing pages' boot module, the partner embed's loader and the embed page's script) and
    /// the embed's stable files (see [`crate::embed`]).
    fn write_widget(&self, stage: &Staging, manifest: &str) -> Result<Option<WidgetRefs>, String> {
        let Some(w) = crate::widget_assets::WIDGET else { return Ok(None) };
        let versioned = |stem: &str, ext: &str, bytes: &[u8]| format!("{}/{stem}.{:016x}.{ext}", embed::VERSIONED_DIR, engine::index::fnv1a(bytes));
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
        // V8's explicit compile hint: the glue's functions all run at start-up, so they are compiled
        // eagerly off the main thread rather than lazily on it (one long task less on a phone; ignored
        // by other engines).
        let glue = format!("//# allFunctionsCalledOnLoad\n{}", std::str::from_utf8(w.js).map_err(|e| format!("the embedded widget.js: {e}"))?);
        let (js, wasm) = (versioned("quanyu", "js", glue.as_bytes()), versioned("quanyu_bg", "wasm", w.wasm));
        // The build with the profile (issue 4), loaded on demand: its glue names its own wasm file.
        let full_glue = std::str::from_utf8(w.full_js).map_err(|e| format!("the embedded widget_full.js: {e}"))?;
        let (full_js, full_wasm) = (versioned("quanyu_full", "js", full_glue.as_bytes()), versioned("quanyu_full_bg", "wasm", w.full_wasm));
        let boot = boot_script(&name(&js), &name(&wasm), &name(&full_js), &name(&full_wasm));
        let boot_path = versioned("boot", "js", boot.as_bytes());
        let loader = embed::loader_module(&glue, &name(&wasm), w.wasm)?;
        let loader_path = versioned("embed", "js", loader.as_bytes());
        let page_script_path = versioned("embed-page", "js", embed::PAGE_SCRIPT.as_bytes());
        let files: Vec<(String, &[u8])> = vec![
            (js, glue.as_bytes()),
            (wasm, w.wasm),
            (full_js, full_glue.as_bytes()),
            (full_wasm, w.full_wasm),
            (boot_path.clone(), boot.as_bytes()),
            (loader_path.clone(), loader.as_bytes()),
            (page_script_path.clone(), embed::PAGE_SCRIPT.as_bytes()),
        ];
        for (path, bytes) in &files {
            stage.write(path, bytes).map_err(|e| e.to_string())?;
        }
        let listings: Vec<(String, String)> = self.content.districts.iter().map(|d| (d.slug.clone(), urls::jobs(&d.slug, 1))).collect();
        let stable = [
            (embed::ENTRY, embed::entry_module(&name(&loader_path))),
            (embed::CURRENT, embed::current_json(manifest, self.langs[0].t.lang, &listings)),
            (embed::SRI, embed::sri_json(&files)),
        ];
        for (path, text) in &stable {
            stage.write(path, text.as_bytes()).map_err(|e| e.to_string())?;
        }
        Ok(Some(WidgetRefs {
            boot: format!("/{boot_path}"),
            embed: EmbedRefs {
                entry: format!("/{}", embed::ENTRY),
                pinned: format!("/{loader_path}"),
                integrity: embed::integrity(loader.as_bytes()),
                page_script: format!("/{page_script_path}"),
            },
        }))
    }

    fn write_robots_and_sitemap(&self, stage: &Staging) -> Result<(), String> {
        stage.write("robots.txt", feeds::robots(&self.info).as_bytes()).map_err(|e| e.to_string())?;
        for (name, xml) in feeds::sitemaps(&self.info, &stage.pages()) {
            stage.write(&name, xml.as_bytes()).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// The site in language `lang` (one of [`Site::languages`]).
    fn local<'a>(&'a self, lang: &'a Lang) -> Local<'a> {
        Local { site: self, lang, t: &lang.t, tera: &lang.tera }
    }
}

/// The portals in one language: [`Site`] with that language's strings, templates and URL prefix. Every
/// page is rendered through one (see [`Site::build`]).
impl Local<'_> {
    /// Every page in this language: the city's, the districts' (in parallel), the embed page; the
    /// default language also writes the feeds (vacancy text is in Chinese as written: one feed each).
    fn render_pages(&self, stage: &Staging, search: &SearchRefs) -> Result<(), String> {
        self.render_city(stage)?;
        // The districts' pages, one work queue for all cores: the listings (the largest tasks) first,
        // then each district's other pages, then vacancy pages in small chunks, so no core idles
        // while another finishes a big district.
        parallel::each(&self.district_tasks(), |task| match *task {
            Task::Listings(d) => self.render_listings(stage, d, search),
            Task::Pages(d) => {
                self.render_district_home(stage, d)?;
                self.render_district_pages(stage, d)?;
                self.render_policies(stage, d)?;
                self.render_stations(stage, d)?;
                self.render_events(stage, d)?;
                if self.lang.prefix.is_empty() { self.write_district_feed(stage, d) } else { Ok(()) }
            }
            Task::Vacancies(d, part) => part.iter().try_for_each(|v| self.render_vacancy(stage, d, v)),
        })?;
        self.render_embed(stage, search)
    }

    // ---- steps ----

    /// The embed page (`/embed/`): where partners build their snippet, with a live preview.
    fn render_embed(&self, stage: &Staging, search: &SearchRefs) -> Result<(), String> {
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
        ctx.insert(
            "groups",
            &self.info.groups.iter().map(|(k, v)| Choice { key: k.clone(), name: v.get(self.t.lang).to_owned() }).collect::<Vec<_>>(),
        );
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

    fn render_city(&self, stage: &Staging) -> Result<(), String> {
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

    fn render_district_home(&self, stage: &Staging, d: &District) -> Result<(), String> {
        let url = urls::district(&d.slug);
        let name = self.district_name(d);
        let upcoming: Vec<EventView> =
            d.events.iter().filter(|e| !EventView::is_past(e, self.build_date)).take(4).map(|e| EventView::new(e, d, &self.info, self.t)).collect();
        let home = PageView::in_lang(&d.home, url.clone(), self.lang.code);
        let mut ctx = self.frame_ctx_in(&url, &home.title, &d.config.focus, Some(d), vec![self.crumb_home(), link(&name, &url)], home.translated);
        ctx.insert("home", &home);
        #[derive(Serialize)]
        struct Info<'a> {
            tagline: &'a str,
            focus: &'a str,
        }
        ctx.insert("district", &Info { tagline: &d.config.tagline, focus: &d.config.focus });
        ctx.insert("figures", &dashboard::district_figures(d, self.t));
        let open: Vec<&Vacancy> = d.vacancies.iter().collect();
        ctx.insert("stats", &dashboard::vacancy_stats(&open, d.config.accent.get_ref(), self.build_date, self.t));
        ctx.insert("newest", &d.vacancies.iter().take(6).map(|v| JobSummary::new(v, &name, self.t)).collect::<Vec<_>>());
        ctx.insert("job_count", &d.vacancies.len());
        ctx.insert("jobs_url", &urls::jobs(&d.slug, 1));
        ctx.insert("stations", &d.stations.iter().map(|s| StationView::new(s, &d.slug, self.t)).collect::<Vec<_>>());
        ctx.insert("stations_url", &urls::stations(&d.slug));
        ctx.insert("events", &upcoming);
        ctx.insert("events_url", &urls::events(&d.slug));
        ctx.insert("policies", &d.policies.iter().map(|p| PolicyView::new(p, &d.slug, &self.info, self.t)).collect::<Vec<_>>());
        ctx.insert("policies_url", &urls::policies(&d.slug));
        self.page(stage, "district_home.html", &url, &ctx, None)
    }

    fn render_district_pages(&self, stage: &Staging, d: &District) -> Result<(), String> {
        for p in &d.pages {
            let url = urls::district_page(&d.slug, &p.slug);
            let view = PageView::in_lang(p, url.clone(), self.lang.code);
            let mut ctx = self.frame_ctx_in(&url, &view.title, &view.description, Some(d), self.crumbs(d, &[(&view.title, &url)]), view.translated);
            ctx.insert("page", &view);
            self.page(stage, "page.html", &url, &ctx, None)?;
        }
        Ok(())
    }

    fn render_policies(&self, stage: &Staging, d: &District) -> Result<(), String> {
        let list_url = urls::policies(&d.slug);
        let heading = self.t.fmt("policies_in", &[&self.district_name(d)]);
        let views: Vec<PolicyView> = d.policies.iter().map(|p| PolicyView::new(p, &d.slug, &self.info, self.t)).collect();
        let mut ctx = self.frame_ctx(&list_url, &heading, &heading, Some(d), self.crumbs(d, &[(&heading, &list_url)]));
        ctx.insert("heading", &heading);
        ctx.insert("policies", &views);
        self.page(stage, "policies.html", &list_url, &ctx, None)?;
        for (p, v) in d.policies.iter().zip(&views) {
            let url = &v.page.url;
            let mut ctx =
                self.frame_ctx(url, &p.page.title, &p.page.description, Some(d), self.crumbs(d, &[(&heading, &list_url), (&p.page.title, url)]));
            ctx.insert("policy", v);
            self.page(stage, "policy.html", url, &ctx, Some(p.date.to_string()))?;
        }
        Ok(())
    }

    fn render_stations(&self, stage: &Staging, d: &District) -> Result<(), String> {
        let list_url = urls::stations(&d.slug);
        let heading = self.t.fmt("stations_in", &[&self.district_name(d)]);
        let views: Vec<StationView> = d.stations.iter().map(|s| StationView::new(s, &d.slug, self.t)).collect();
        let mut ctx = self.frame_ctx(&list_url, &heading, &heading, Some(d), self.crumbs(d, &[(&heading, &list_url)]));
        ctx.insert("heading", &heading);
        ctx.insert("stations", &views);
        self.page(stage, "stations.html", &list_url, &ctx, None)?;
        for s in &views {
            let events: Vec<EventView> =
                d.events.iter().filter(|e| e.station.as_deref() == Some(&s.id)).map(|e| EventView::new(e, d, &self.info, self.t)).collect();
            let description = format!("{} · {} · {}", s.name, s.kind, s.address);
            let mut ctx = self.frame_ctx(&s.url, &s.name, &description, Some(d), self.crumbs(d, &[(&heading, &list_url), (&s.name, &s.url)]));
            ctx.insert("station", s);
            ctx.insert("events", &events);
            self.page(stage, "station.html", &s.url, &ctx, None)?;
        }
        Ok(())
    }

    /// The events listing (upcoming soonest first, then past ones, most recent first: judged against the
    /// build date), the district calendar, and each event's page and `.ics` file.
    fn render_events(&self, stage: &Staging, d: &District) -> Result<(), String> {
        let list_url = urls::events(&d.slug);
        let name = self.district_name(d);
        let heading = self.t.fmt("events_in", &[&name]);
        let (past, upcoming): (Vec<_>, Vec<_>) = d.events.iter().partition(|e| EventView::is_past(e, self.build_date));
        let view = |e: &&crate::content::Event| EventView::new(e, d, &self.info, self.t);
        let calendar_url = urls::events_calendar(&d.slug);
        let mut ctx = self.frame_ctx(&list_url, &heading, &heading, Some(d), self.crumbs(d, &[(&heading, &list_url)]));
        ctx.insert("heading", &heading);
        ctx.insert("upcoming", &upcoming.iter().map(view).collect::<Vec<_>>());
        ctx.insert("past", &past.iter().rev().map(view).collect::<Vec<_>>());
        ctx.insert("calendar_url", &self.info.absolute(&calendar_url));
        self.page(stage, "events.html", &list_url, &ctx, None)?;
        // Calendar files are written once, in the default language (the pages of every language link them).
        let calendars = self.lang.prefix.is_empty();
        if calendars {
            let calendar = ics::district_calendar(d, &name, &self.info, self.t, self.build_date);
            stage.write(&urls::file_for(&calendar_url), calendar.as_bytes()).map_err(|e| e.to_string())?;
        }
        for e in &d.events {
            let v = EventView::new(e, d, &self.info, self.t);
            let description = format!("{} · {} · {}", v.kind, v.when, v.venue);
            let mut ctx = self.frame_ctx(&v.url, &v.title, &description, Some(d), self.crumbs(d, &[(&heading, &list_url), (&v.title, &v.url)]));
            ctx.insert("event", &v);
            ctx.insert("employer_jobs", &EmployerJobs::of(e, d, self.t));
            self.page(stage, "event.html", &v.url, &ctx, None)?;
            if calendars {
                let file = ics::event_file(e, d, &self.info, self.t, self.build_date);
                stage.write(&urls::file_for(&v.ics_url), file.as_bytes()).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }

    fn render_listings(&self, stage: &Staging, d: &District, search: &SearchRefs) -> Result<(), String> {
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

    /// The work of the district phase. Vacancy chunks are taken in turn from each district, so the
    /// threads mostly write into different folders (creating entries in one folder serializes on its
    /// lock in the kernel).
    fn district_tasks(&self) -> Vec<Task<'_>> {
        const CHUNK: usize = 64;
        let ds = &self.content.districts;
        let mut tasks: Vec<Task> = ds.iter().map(Task::Listings).chain(ds.iter().map(Task::Pages)).collect();
        let chunks_max = ds.iter().map(|d| d.vacancies.len().div_ceil(CHUNK)).max().unwrap_or(0);
        tasks.extend(
            (0..chunks_max).flat_map(|c| ds.iter().filter_map(move |d| d.vacancies.chunks(CHUNK).nth(c).map(|part| Task::Vacancies(d, part)))),
        );
        tasks
    }

    fn render_vacancy(&self, stage: &Staging, d: &District, v: &Vacancy) -> Result<(), String> {
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

    fn write_district_feed(&self, stage: &Staging, d: &District) -> Result<(), String> {
        let n = *self.content.site.feed_size.get_ref() as usize;
        let list: Vec<&Vacancy> = d.vacancies.iter().take(n).collect();
        let title = self.t.fmt("feed_title", &[&self.district_name(d)]);
        let xml = feeds::atom(
            &self.info,
            &title,
            &urls::feed(&d.slug),
            &urls::district(&d.slug),
            &list,
            |v| self.feed_summary(v),
            &self.build_date_rfc3339(),
        );
        stage.write(&urls::file_for(&urls::feed(&d.slug)), xml.as_bytes()).map_err(|e| e.to_string())
    }

    fn write_city_feed(&self, stage: &Staging) -> Result<(), String> {
        let n = *self.content.site.feed_size.get_ref() as usize;
        let list = self.newest_city(n);
        let title = self.t.fmt("feed_title", &[self.site_title()]);
        let xml = feeds::atom(&self.info, &title, "/feed.xml", "/", &list, |v| self.feed_summary(v), &self.build_date_rfc3339());
        stage.write("feed.xml", xml.as_bytes()).map_err(|e| e.to_string())
    }

    fn render_404(&self, stage: &Staging) -> Result<(), String> {
        let mut ctx = self.frame_ctx("/404.html", self.t.get("not_found_title"), self.t.get("not_found_text"), None, vec![]);
        let mut frame: Frame = self.frame("/404.html", self.t.get("not_found_title"), self.t.get("not_found_text"), vec![]);
        // No canonical: the page answers for every missing URL. Hosts serve it with status 404, which
        // keeps it out of search indexes (a `noindex` meta would fail Lighthouse's crawlability audit).
        frame.canonical = None;
        frame.languages.clear();
        ctx.insert("frame", &frame);
        let html = self.tera.render("404.html", &ctx).map_err(|e| format!("404.html: {}", templates::flatten(&e)))?;
        stage.write("404.html", html.as_bytes()).map_err(|e| e.to_string())
    }

    /// Renders `template` as the page at `url` (root-relative, as in the default language) in this
    /// language: under its prefix, with its internal links moved there too (see [`localize_links`]).
    fn page(&self, stage: &Staging, template: &str, url: &str, ctx: &Context, lastmod: Option<String>) -> Result<(), String> {
        // Rendered straight into bytes: `Tera::render` would check the whole page is UTF-8 again.
        let mut html = Vec::with_capacity(8 * 1024);
        self.tera.render_to(template, ctx, &mut html).map_err(|e| format!("{template} for {url}: {}", templates::flatten(&e)))?;
        // zh-HK: the content (written in zh-CN) converted, except vacancy text (their pages, listings, and
        // the `AS_IS` regions of other pages).
        let convert = self.lang.code == "zh-HK" && !url.contains("/jobs/");
        let html = as_is_regions(&html, convert);
        if self.lang.prefix.is_empty() {
            return stage.write_page(url, &html, lastmod).map_err(|e| e.to_string());
        }
        let html = localize_links(&html, &self.lang.prefix);
        stage.write_page(&format!("{}{url}", &self.lang.prefix), &html, lastmod).map_err(|e| e.to_string())
    }

    /// What the content of the page at `url` is written in, and the notice that says so: vacancies (their
    /// pages and listings) as their employers wrote them; other content converted to zh-HK by machine, or
    /// in zh-CN on an en page — unless `translated` (the page has its own text in this language). The
    /// embed page is interface only.
    /// Returns the notice and the content's `lang` attribute (empty when it is the page's language).
    fn content_language(&self, url: &str, translated: bool) -> (Option<String>, String) {
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
    fn languages(&self, url: &str) -> Vec<views::LangLink> {
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

    fn district_name(&self, d: &District) -> String {
        d.config.name.get_ref().get(self.t.lang).to_owned()
    }

    fn newest_city(&self, n: usize) -> Vec<&Vacancy> {
        let mut all: Vec<&Vacancy> = self.content.districts.iter().flat_map(|d| d.vacancies.iter().take(n)).collect();
        all.sort_by(|a, b| b.date_posted.unix().cmp(&a.date_posted.unix()).then_with(|| a.identifier.cmp(&b.identifier)));
        all.truncate(n);
        all
    }

    fn feed_summary(&self, v: &Vacancy) -> String {
        let place = v.locality().map(|l| format!(" · {l}")).unwrap_or_default();
        format!("{}{place} · {}", self.info.district_name(&v.district), views::salary_text(v.base_salary.as_ref(), self.t))
    }

    /// The portal's title in this language.
    fn site_title(&self) -> &str {
        self.content.site.title.get(self.lang.code)
    }

    fn build_date_rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.build_date)
    }

    fn crumb_home(&self) -> Link {
        link(self.t.get("city_home"), &urls::home())
    }

    fn crumbs(&self, d: &District, rest: &[(&str, &str)]) -> Vec<Link> {
        let mut v = vec![self.crumb_home(), link(&self.district_name(d), &urls::district(&d.slug))];
        v.extend(rest.iter().map(|(t, u)| link(t, u)));
        v
    }

    fn frame(&self, url: &str, title: &str, description: &str, breadcrumbs: Vec<Link>) -> Frame {
        let full_title = if url == "/" { title.to_owned() } else { format!("{title} - {}", self.site_title()) };
        let (notice, content_lang) = self.content_language(url, false);
        Frame {
            title: full_title,
            description: crate::markdown::truncate(description, 160),
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
    fn chrome(&self, url: &str, d: Option<&District>) -> tera::Value {
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
            icon: format!("/{}", assets::ICON_PATH),
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
    fn sections(&self, d: &District) -> Vec<(String, String)> {
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

    fn frame_ctx(&self, url: &str, title: &str, description: &str, d: Option<&District>, breadcrumbs: Vec<Link>) -> Context {
        self.frame_ctx_in(url, title, description, d, breadcrumbs, false)
    }

    /// [`Local::frame_ctx`] for a page whose content may be `translated` into this language (no notice).
    fn frame_ctx_in(&self, url: &str, title: &str, description: &str, d: Option<&District>, breadcrumbs: Vec<Link>, translated: bool) -> Context {
        let mut ctx = Context::new();
        let mut frame = self.frame(url, title, description, breadcrumbs);
        if translated {
            (frame.notice, frame.content_lang) = self.content_language(url, true);
        }
        ctx.insert("frame", &frame);
        ctx.insert_value("chrome", self.chrome(url, d));
        ctx
    }
}

/// Which shared frame a page uses: its district (none for city pages) and highlighted section.
type ChromeKey = (Option<String>, Option<usize>);

/// A unit of work of the district phase.
enum Task<'a> {
    /// All vacancy listings of a district.
    Listings(&'a District),
    /// A district's home, pages, policies, stations, events and feed.
    Pages(&'a District),
    /// Some vacancy pages of a district.
    Vacancies(&'a District, &'a [Vacancy]),
}

/// Where the search index and the widget were written.
struct SearchRefs {
    /// Root-relative URL of the index manifest.
    manifest: String,
    /// Root-relative URL of the widget's boot module, when the binary embeds the widget.
    boot: Option<String>,
    /// What the widget loads first on every listing: the manifest, the open facets' columns.
    preload: Vec<Preload>,
    /// The result chunks of each listing's first results (when the binary embeds the widget).
    first_chunks: Option<search_index::FirstChunks>,
    /// The partner embed's files, when the binary embeds the widget.
    embed: Option<EmbedRefs>,
}

/// What [`Site::write_widget`] wrote.
struct WidgetRefs {
    /// Root-relative URL of the listing pages' boot module.
    boot: String,
    /// The partner embed.
    embed: EmbedRefs,
}

/// The partner embed's URLs (root-relative) and the pinned loader's integrity hash.
#[derive(Serialize)]
struct EmbedRefs {
    /// The stable entry point (`/widget/embed.js`).
    entry: String,
    /// The versioned loader a snippet with `integrity` names.
    pinned: String,
    /// Its Subresource Integrity hash.
    integrity: String,
    /// The `/embed/` page's script.
    page_script: String,
}

/// A `<link rel=preload|modulepreload>` of a listing page.
#[derive(Serialize, Clone)]
struct Preload {
    rel: &'static str,
    href: String,
    /// Fetched with `fetch()` (`as="fetch" crossorigin`).
    fetch: bool,
}

/// What a listing page needs to start the widget.
#[derive(Serialize)]
struct SearchView<'a> {
    manifest: &'a str,
    boot: Option<&'a str>,
    preload: &'a [Preload],
    /// The filters the page stands for (a query string), applied when the URL has none.
    defaults: String,
    /// The partner embed page, offered with the widget's current search (it exists in every build; without
    /// the widget it says the embed is unavailable).
    embed_page: &'static str,
}

/// The module a listing page loads: it loads the widget and mounts it on each `[data-quanyu-search]`.
/// Should the widget fail to load, the page keeps its static list.
///
/// Two builds (issue 4): the search widget (`js`, `wasm`), and the widget with the citizen's profile
/// (`full_js`, `full_wasm`), which is bigger and loaded only when needed: at once when this browser
/// remembers a profile (`localStorage` key `qy-profile`), else when the citizen opens the profile panel
/// (the search widget's `quanyu-profile` event), on which the full widget takes the search widget's place
/// with the panel open (the search is in the URL, the index files in the HTTP cache).
fn boot_script(js: &str, wasm: &str, full_js: &str, full_wasm: &str) -> String {
    format!(
        "import init, {{ mount }} from \"./{js}\";\n\
         const roots = document.querySelectorAll(\"[data-quanyu-search]\");\n\
         let full = null;\n\
         const loadFull = () => (full ??= import(\"./{full_js}\").then(async (m) => {{\n\
         \x20 await m.default({{ module_or_path: new URL(\"./{full_wasm}\", import.meta.url) }});\n\
         \x20 return m.mount;\n\
         }}));\n\
         const remembered = () => {{ try {{ return localStorage.getItem(\"qy-profile\") !== null; }} catch {{ return false; }} }};\n\
         if (roots.length > 0) {{\n\
         \x20 (remembered() ? loadFull() : init({{ module_or_path: new URL(\"./{wasm}\", import.meta.url) }}).then(() => mount))\n\
         \x20   .then((start) => new Promise((next) => setTimeout(() => next(start), 0)))\n\
         \x20   .then((start) => roots.forEach((el) => {{\n\
         \x20     let app = start(el);\n\
         \x20     if (start !== mount) return;\n\
         \x20     el.addEventListener(\"quanyu-profile\", () => loadFull().then((startFull) => {{\n\
         \x20       app.destroy();\n\
         \x20       el.replaceChildren();\n\
         \x20       el.dataset.profileOpen = \"\";\n\
         \x20       app = startFull(el);\n\
         \x20     }}).catch((e) => console.warn(\"quanyu: the profile could not load\", e)), {{ once: true }});\n\
         \x20   }}))\n\
         \x20   .catch((e) => console.warn(\"quanyu: the search widget could not start; the list stays as it is\", e));\n\
         }}\n"
    )
}

/// Marks text shown as written in every language (vacancy text on pages that are otherwise converted):
/// `<!--qy:as-is-->…<!--/qy:as-is-->` in templates.
const AS_IS: (&str, &str) = ("<!--qy:as-is-->", "<!--/qy:as-is-->");

/// `html` without the [`AS_IS`] markers, and converted to zh-HK outside them when `convert`.
fn as_is_regions(html: &[u8], convert: bool) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(html) else { return html.to_vec() };
    if !convert && !text.contains(AS_IS.0) {
        return html.to_vec();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    loop {
        let (before, after) = match rest.find(AS_IS.0) {
            Some(i) => (&rest[..i], Some(&rest[i + AS_IS.0.len()..])),
            None => (rest, None),
        };
        out.push_str(&if convert { crate::hant::to_hk(before) } else { before.to_owned() });
        let Some(after) = after else { break };
        let end = after.find(AS_IS.1).unwrap_or(after.len());
        out.push_str(&after[..end]);
        rest = after.get(end + AS_IS.1.len()..).unwrap_or("");
    }
    out.into_bytes()
}

/// Paths that are the same in every language: files, not pages.
const SHARED_PATHS: [&str; 3] = ["/assets/", "/search/", "/widget/"];

/// `html` with its root-relative page links (`href="/…"`, and the widget's `data-embed-page`) moved under
/// `prefix`. Left as they are: links to files shared by every language ([`SHARED_PATHS`], feeds and
/// calendars), protocol-relative ones, and links in a tag that names its language with `hreflang` (the
/// language switch and the alternates, which point at each language themselves).
pub fn localize_links(html: &[u8], prefix: &str) -> Vec<u8> {
    const ATTRS: [&[u8]; 2] = [b" href=\"/", b" data-embed-page=\"/"];
    let mut out = Vec::with_capacity(html.len() + 1024);
    let mut i = 0;
    while i < html.len() {
        let hit = ATTRS.iter().find(|a| html[i..].starts_with(a));
        let Some(attr) = hit else {
            out.push(html[i]);
            i += 1;
            continue;
        };
        let path_start = i + attr.len() - 1;
        let path_end = html[path_start..].iter().position(|&b| b == b'"').map_or(html.len(), |p| path_start + p);
        let path = &html[path_start..path_end];
        let tag_start = html[..i].iter().rposition(|&b| b == b'<').unwrap_or(0);
        let tag = &html[tag_start..i];
        let shared = path.starts_with(b"//")
            || SHARED_PATHS.iter().any(|p| path.starts_with(p.as_bytes()))
            || path.ends_with(b".xml")
            || path.ends_with(b".ics")
            || tag.windows(9).any(|w| w == b"hreflang=");
        out.extend_from_slice(&attr[..attr.len() - 1]);
        if !shared {
            out.extend_from_slice(prefix.as_bytes());
        }
        out.extend_from_slice(path);
        i = path_end;
    }
    out
}

fn link(title: &str, url: &str) -> Link {
    Link { title: title.to_owned(), url: url.to_owned() }
}

fn views_description(job: &JobPage) -> String {
    let s = &job.summary;
    let place = s.locality.as_deref().map(|l| format!("{} · {l}", s.district)).unwrap_or_else(|| s.district.clone());
    format!("{}招聘{}，{}，{}。{}", s.employer, s.title, place, s.salary, job.skills.join("、"))
}
