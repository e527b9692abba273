//! The build pipeline: [`Site::load`] checks the content, [`Site::build`] writes the portals.
//!
//! `build` reads as the list of what a portal is made of: assets and the widget ([`widget`]), the search
//! index (on its own thread, beside the pages), then in each language ([`Local`]) the city pages
//! ([`city`]), each district's home, pages, policies, stations and events ([`district`]), its vacancy
//! listings ([`listings`]) and vacancy pages ([`vacancies`]), feeds; finally the 404 page, `robots.txt`
//! and the sitemap. Every page goes through one frame ([`frame`]: title, breadcrumbs, navigation,
//! language alternates). Everything is written into a staging folder that replaces the output only when
//! every step succeeded. Output depends only on the content and the build date: lists are sorted, no
//! clock or hash-map order is consulted, so the same input gives the same bytes.

mod city;
mod district;
mod frame;
mod listings;
mod progress;
mod vacancies;
mod widget;

use std::path::{Path, PathBuf};

use engine::date::Date;
use engine::diag::Diagnostics;
use engine::vacancy::EmploymentType;
use sha2::{Digest, Sha256};
use tera::Tera;

use crate::error::Error;
use crate::formats::site_manifest::{self, SiteManifest};
use crate::formats::{feeds, host_rules, search_index};
use crate::i18n::I18n;
use crate::load::LoadOptions;
use crate::model::{Content, SiteInfo};
use crate::output::cache::{self, Cache, CacheStats};
use crate::output::keys::FieldDigest;
use crate::output::{Staging, assets};
use crate::parallel;
use crate::render::localize::lang_prefix;
use crate::render::templates;
use vacancies::Task;
use widget::SearchRefs;

pub use progress::Progress;

/// Options of a build or check.
#[derive(Debug, Clone)]
pub struct Options {
    /// Content folder.
    pub content: PathBuf,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
    /// The build date (expiry, "upcoming" events).
    pub build_date: Date,
    /// `--strict`: a vacancy record with errors fails the build, instead of being set aside.
    pub strict: bool,
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
    /// A hash of everything a vacancy page is rendered from except the vacancy: see [`Site::fingerprint`].
    fingerprint: [u8; 32],
    /// The build cache's folder (`None`: every page is rendered).
    cache_dir: Option<PathBuf>,
}

/// Which shared frame a page uses: its district (none for city pages) and highlighted section.
type ChromeKey = (Option<String>, Option<usize>);

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

/// [`Site`] in one language: what every page is rendered through.
struct Local<'a> {
    site: &'a Site,
    lang: &'a Lang,
    t: &'a I18n,
    tera: &'a Tera,
    progress: &'a Progress,
    cache: Option<&'a Cache>,
    /// With `cache`: every vacancy's [`FieldDigest`], by district and position.
    digests: Option<&'a [Vec<FieldDigest>]>,
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
    /// Pages carried over from the build cache, and cacheable pages rendered.
    pub cache: Option<CacheStats>,
}

impl Site {
    /// Loads and checks everything. `Err` carries the problems when there is at least one error;
    /// `Ok` carries the warnings and the vacancy records set aside (`Severity::Rejected`; with
    /// `strict`, those are errors).
    pub fn load(opts: &Options) -> Result<(Site, Diagnostics), Diagnostics> {
        Self::load_with_cache(opts, None)
    }

    /// [`Site::load`], taking the JSON vacancy records an earlier build checked from the build cache in
    /// folder `cache_dir` and keeping there those checked now (`load::records`; pass the folder later
    /// given to [`Site::set_cache`]).
    pub fn load_with_cache(opts: &Options, cache_dir: Option<&Path>) -> Result<(Site, Diagnostics), Diagnostics> {
        let load = LoadOptions { build_date: opts.build_date, cache_dir: cache_dir.map(Path::to_path_buf) };
        let (content, mut diags) = Content::load(&opts.content, load);
        let tera = templates::load(content.as_ref().and_then(|c| c.templates_dir.as_deref()), &opts.content, &mut diags);
        if opts.strict {
            diags.reject_as_errors();
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let (Some(content), Some((tera, templates_hash))) = (content, tera) else { return Err(diags) };
        let base_url = opts.base_url.clone().unwrap_or_else(|| content.site.base_url.get_ref().clone()).trim_end_matches('/').to_owned();
        let info = SiteInfo::new(&content, base_url);
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
        let mut site = Site {
            content,
            info,
            langs,
            build_date: opts.build_date,
            css_url: format!("/{}", assets::css_path()),
            fingerprint: [0; 32],
            cache_dir: None,
        };
        site.fingerprint = site.fingerprint(&templates_hash);
        Ok((site, diags))
    }

    /// Builds with the build cache in folder `dir` (see [`crate::output::cache`]): pages whose inputs are
    /// unchanged since the last build with this cache are carried over instead of rendered, and the
    /// output two builds back (`.<out>.spare`, [`crate::output::spare_dir`]) is recycled as the staging
    /// folder, so only files that changed are written and the previous output is kept as the next spare
    /// rather than deleted. `None` (the default): every page is rendered into an empty folder.
    pub fn set_cache(&mut self, dir: Option<PathBuf>) {
        self.cache_dir = dir;
    }

    /// A hash of everything a vacancy page is rendered from except the vacancy itself: the site's and
    /// every district's settings, the static files' names and the city's comparisons (more than a vacancy
    /// page reads, on purpose: a missed input would be a wrong page), the templates, the languages, the
    /// base URL, the build date and the stylesheet's name. Markdown pages (and homes) count by what the
    /// navigation shows of them — slug, title, order, translations' titles —, not by their text, which is
    /// on no other page; a district's policies, stations, events and figures not at all (a vacancy page's
    /// context is its frame, the navigation, the vacancy and the stations list's URL): editing any of them
    /// in `sitegen serve` must not render 100,000 vacancy pages again (the incremental tests edit each
    /// and compare every file with a full build). The strings and the code are the binary's (the cache's
    /// stamp).
    fn fingerprint(&self, templates_hash: &[u8; 32]) -> [u8; 32] {
        use std::fmt::Write as _;
        let c = &self.content;
        let mut text = String::new();
        // A page as the navigation shows it.
        let nav = |p: &crate::model::Page| {
            let translated: Vec<(&String, &String)> = p.translations.iter().map(|(lang, t)| (lang, &t.title)).collect();
            format!("{:?}", (&p.slug, &p.title, p.weight, translated))
        };
        let navs = |pages: &[crate::model::Page]| pages.iter().map(nav).collect::<Vec<_>>();
        let _ = write!(
            text,
            "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
            c.root,
            nav(&c.home),
            navs(&c.pages),
            c.site,
            c.templates_dir,
            c.static_files,
            c.comparisons,
            self.info,
            self.build_date,
            self.css_url
        );
        for l in &self.langs {
            let _ = write!(text, "|{}:{}", l.code, l.prefix);
        }
        for d in &c.districts {
            // Not the district's policies, stations, events or figures: a vacancy page shows none of them
            // (its frame links to their lists by fixed URLs), and a team edits them daily.
            let _ = write!(text, "|{:?}|{:?}|{}|{:?}", d.slug, d.config, nav(&d.home), navs(&d.pages));
        }
        let mut hash = Sha256::new();
        hash.update(templates_hash);
        hash.update(text.as_bytes());
        hash.finalize().into()
    }

    /// Builds the portals into `out` (replacing it only on success).
    pub fn build(&self, out: &Path) -> Result<Report, Error> {
        self.build_with(out, &Progress::default())
    }

    /// [`Site::build`], telling `progress` how far it is.
    pub fn build_with(&self, out: &Path, progress: &Progress) -> Result<Report, Error> {
        let (report, old) = self.build_keeping_old(out, progress)?;
        if let Some(old) = old {
            std::fs::remove_dir_all(&old).map_err(|source| Error::Output { path: old, action: "cannot delete the previous output", source })?;
        }
        Ok(report)
    }

    /// [`Site::build_with`], but the previous output is left beside the new one, its path returned for the
    /// caller to delete (`sitegen serve` does so on another thread: the rebuilt site is served sooner).
    pub fn build_keeping_old(&self, out: &Path, progress: &Progress) -> Result<(Report, Option<PathBuf>), Error> {
        progress.start(self.page_count());
        progress.set_phase("assets and widget");
        let opened = self.cache_dir.as_deref().map(|dir| Cache::open(dir, &cache::binary_stamp())).transpose()?;
        let cache = opened.as_ref();
        // With the cache, the output two builds back is recycled: only the files that changed are written
        // (see `output::staging`).
        let stage = match cache {
            Some(cache) => Staging::reusing(out, &crate::output::spare_dir(out))?.recording_in(cache.trees_dir()),
            None => Staging::new(out)?,
        };
        self.write_assets(&stage)?;
        // The search index is written on its own thread while the pages render: its manifest's name
        // (which `widget/current.json` and the saved-jobs page carry) is known before it is built.
        let mut index_input = search_index::input(&self.content);
        // The index's generation (a hash of every document and its aliases, which names every index
        // file) from the documents' hashes — kept in the cache by earlier builds or hashed now on every
        // core, and handed to the writer, which needs them for the same generation — beside the
        // documents' numbering (which numbers each listing's first result chunks), on this thread.
        // With the cache, every vacancy's fields hashed once, for its pages' and its document's keys.
        let digests = cache.map(|_| crate::output::keys::field_digests(&self.content));
        let keyed = cache.zip(digests.as_deref());
        let (hashes, numbers) = std::thread::scope(|scope| {
            let hashes = scope.spawn(|| search_index::doc_hashes(&self.content, &index_input, keyed));
            let made: Vec<_> = search_index::made_vacancies(&self.content).collect();
            let numbers = search_index::FirstChunks::numbers(&index_input, &made);
            (hashes.join().map_err(|_| Error::Panicked("the search index's document hashes")), numbers)
        });
        let hashes = hashes?;
        index_input.doc_hashes = Some(hashes.hashes);
        let doc_keys = hashes.doc_keys;
        let generation = engine::index::generation(&index_input);
        let index_key = hashes.keys.map(|keys| search_index::index_key(&index_input, &keys));
        let mut search = SearchRefs {
            manifest: search_index::manifest_url(generation),
            generation: format!("{generation:016x}"),
            boot: None,
            current: None,
            first: Vec::new(),
            first_chunks: None,
            embed: None,
            search_build: None,
        };
        if let Some(widget) = self.write_widget(&stage, &search.manifest, &search.generation)? {
            // The index files the widget fetches first, announced (by the boot module, once
            // `current.json` names the index) so they come in parallel with the widget's code rather
            // than after it. (Preloading the wasm too made it compile during page load: Lighthouse's
            // mobile total blocking time tripled.)
            search.current = Some(format!("/{}", crate::formats::embed::CURRENT));
            search.first = search_index::first_fetches(&index_input);
            search.first_chunks = Some(search_index::FirstChunks::new(numbers));
            search.boot = Some(widget.boot);
            search.embed = Some(widget.embed);
            search.search_build = Some(widget.search_build);
        }
        std::thread::scope(|scope| {
            let index = scope.spawn(|| search_index::write(index_input, &stage, cache, index_key.as_deref(), doc_keys));
            progress.set_phase("pages");
            let pages = self.langs.iter().try_for_each(|lang| self.local(lang, progress, keyed).render_pages(&stage, &search)).and_then(|()| {
                let default = self.local(&self.langs[0], progress, None);
                default.render_404(&stage)?;
                default.write_city_feed(&stage)?;
                self.write_robots_and_sitemap(&stage)
            });
            progress.set_phase("search index");
            let index = index.join().unwrap_or(Err(Error::Panicked("the search index thread")));
            pages.and(index)
        })?;
        self.write_host_rules(&stage)?;
        let pages = stage.pages().len();
        let (files, bytes) = stage.totals();
        // The cache's files are its own names (whole files, never changed in place): its manifest may be
        // written before the swap, which then is the last step that can fail. Meanwhile, a recycled
        // staging folder is cleared of what this build did not write (the two touch different folders).
        let (cache, tidied) = std::thread::scope(|scope| {
            let tidied = scope.spawn(|| stage.tidy());
            let cache = opened.map(Cache::finish).transpose();
            (cache, tidied.join().unwrap_or(Err(Error::Panicked("clearing the recycled output folder"))))
        });
        tidied?;
        let (folders_read, folders_from_record) = stage.swept_folders();
        let cache = cache?.map(|c| CacheStats { records_reused: self.content.records_reused, folders_read, folders_from_record, ..c });
        progress.set_phase("replacing the output folder");
        let old = stage.commit_keeping_old()?;
        // With the cache, the previous output is kept as the next build's spare instead of deleted.
        let old = if cache.is_some() { old.and_then(|old| crate::output::keep_as_spare(out, old)) } else { old };
        let report = Report {
            pages,
            files,
            bytes,
            vacancies: self.content.vacancy_count(),
            expired: self.content.districts.iter().map(|d| d.expired.len()).sum(),
            cache,
        };
        Ok((report, old))
    }

    fn write_assets(&self, stage: &Staging) -> Result<(), Error> {
        for (path, bytes) in assets::files() {
            stage.write(&path, &bytes)?;
        }
        stage.write(site_manifest::FILE, self.manifest().to_json().as_bytes())?;
        for rel in &self.content.static_files {
            let path = self.content.root.join("static").join(rel);
            let bytes = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
            stage.write(&rel.to_string_lossy().replace('\\', "/"), &bytes)?;
        }
        Ok(())
    }

    /// CORS, cache rules and the pages' Content-Security-Policy for hosts and CDNs — written after the
    /// pages, whose inline code the policy allows by hash; a team's own file in `static/` is kept.
    fn write_host_rules(&self, stage: &Staging) -> Result<(), Error> {
        let csp = host_rules::content_security_policy(&stage.inline_code());
        let own = |name: &str| self.content.static_files.iter().any(|f| f.as_os_str() == name);
        if !own(host_rules::HEADERS_FILE) {
            stage.write(host_rules::HEADERS_FILE, host_rules::headers_file(&csp).as_bytes())?;
        }
        if !own(host_rules::NGINX_FILE) {
            stage.write(host_rules::NGINX_FILE, host_rules::nginx_snippet(&csp).as_bytes())?;
        }
        Ok(())
    }

    /// What tools need to know of this build (`formats::site_manifest`).
    fn manifest(&self) -> SiteManifest {
        let mut districts: Vec<String> = self.content.districts.iter().map(|d| d.slug.clone()).collect();
        districts.sort();
        SiteManifest {
            format: site_manifest::FORMAT,
            base_url: self.info.base_url.clone(),
            languages: self.langs.iter().map(|l| site_manifest::Language { lang: l.code.to_owned(), prefix: l.prefix.clone() }).collect(),
            districts,
            host_files: vec![host_rules::HEADERS_FILE.into(), host_rules::NGINX_FILE.into(), site_manifest::FILE.into()],
        }
    }

    fn write_robots_and_sitemap(&self, stage: &Staging) -> Result<(), Error> {
        stage.write("robots.txt", feeds::robots(&self.info).as_bytes())?;
        for (name, xml) in feeds::sitemaps(&self.info, &stage.pages()) {
            stage.write(&name, xml.as_bytes())?;
        }
        Ok(())
    }

    /// The site in language `lang` (one of [`Site::languages`]).
    /// The pages in `lang`; `cache`: the build cache and every vacancy's [`FieldDigest`] (by district and
    /// position), which name its pages there.
    fn local<'a>(&'a self, lang: &'a Lang, progress: &'a Progress, cache: Option<(&'a Cache, &'a [Vec<FieldDigest>])>) -> Local<'a> {
        Local { site: self, lang, t: &lang.t, tera: &lang.tera, progress, cache: cache.map(|c| c.0), digests: cache.map(|c| c.1) }
    }

    /// How many pages [`Site::build`] writes (its [`Report::pages`]): in each language, the city's home,
    /// pages, embed page and saved page, and each district's home, pages, policies, stations and events with their
    /// lists, listing pages and vacancy pages.
    pub fn page_count(&self) -> usize {
        let c = &self.content;
        let size = *c.site.page_size.get_ref() as usize;
        let pages_of = |n: usize| n.div_ceil(size).max(1);
        let district = |d: &crate::model::District| {
            let types = EmploymentType::ALL.iter().map(|ty| d.vacancies.iter().filter(|v| v.employment_types.contains(ty)).count());
            let groups = c.site.target_groups.iter().map(|g| d.vacancies.iter().filter(|v| v.target_groups.contains(g.id.get_ref())).count());
            let listings = pages_of(d.vacancies.len()) + types.chain(groups).filter(|&n| n > 0).map(pages_of).sum::<usize>();
            1 + d.pages.len() + 1 + d.policies.len() + 1 + d.stations.len() + 1 + d.events.len() + listings + d.vacancies.len()
        };
        let per_language = 1 + c.pages.len() + 2 + c.districts.iter().map(district).sum::<usize>();
        per_language * self.langs.len()
    }
}

impl Local<'_> {
    /// Every page in this language: the city's, the districts' (in parallel), the embed and saved pages; the
    /// default language also writes the feeds (vacancy text is in Chinese as written: one feed each).
    fn render_pages(&self, stage: &Staging, search: &SearchRefs) -> Result<(), Error> {
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
            Task::Vacancies(d, part, digests) => {
                part.iter().enumerate().try_for_each(|(i, v)| self.render_vacancy(stage, d, v, digests.map(|ds| &ds[i])))
            }
        })?;
        self.render_embed(stage, search)?;
        self.render_saved(stage, search)
    }
}
