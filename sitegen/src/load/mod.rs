//! Loading the content folder into memory ([`crate::model`]), checking everything on the way.
//!
//! [`Content::load`] reads `site.toml`, every district's `district.toml`, markdown pages ([`pages`]) and
//! policies ([`policies`], with their terms in [`policy_terms`]), stations ([`stations`]), events
//! ([`events`]), figures ([`figures`]) and vacancy files ([`vacancies`]: JSON, and through [`import`]
//! spreadsheets, CSV and career pages). It never stops at the first problem: each file is checked as far
//! as it can be and every problem lands in one [`Diagnostics`] list with `path:line:col` (a cell in a
//! sheet). A vacancy record with errors is set aside (rejected) rather than an error. The caller decides
//! what to do when there are errors (`build` writes nothing, `check` just reports) and whether rejected
//! records are errors (`--strict`). [`builddate`] decides the date a build is for; [`source`] holds what
//! every loader shares (reading a file, TOML with positions, listing a folder).

pub mod builddate;
mod events;
pub mod figures;
pub(crate) mod import;
mod pages;
mod policies;
pub mod policy_terms;
pub(crate) mod records;
pub mod source;
mod stations;
pub mod synonyms;
pub(crate) mod vacancies;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use engine::date::Date;
use engine::diag::Diagnostics;
use engine::text::is_valid_id;
use engine::validate::Rules;

use crate::model::config::{self, DistrictConfig, SiteConfig};
use crate::model::{Content, District};
use source::{Source, parse_toml, read};

/// What loading needs besides the folder.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Vacancies whose `validThrough` is before this date are left out.
    pub build_date: Date,
    /// The build cache's folder, if any: JSON vacancy records checked by an earlier build are taken from
    /// it, and the records checked now are kept there ([`records`]).
    pub cache_dir: Option<PathBuf>,
}

impl Content {
    /// Loads and checks the whole folder. Returns the content (as far as it could be read) and every
    /// problem found; `None` when not even `site.toml` could be read.
    pub fn load(root: &Path, opts: LoadOptions) -> (Option<Content>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let content = Self::load_inner(root, opts, &mut diags);
        (content, diags)
    }

    fn load_inner(root: &Path, opts: LoadOptions, diags: &mut Diagnostics) -> Option<Content> {
        if !root.is_dir() {
            diags.error(&root.to_string_lossy(), None, "the content folder does not exist", Some("pass --content DIR".into()));
            return None;
        }
        let site_src = read(root, &root.join("site.toml"), diags)?;
        let site: SiteConfig = parse_toml(&site_src, &site_src.text, 0, diags)?;
        check_site(&site_src, &site, diags);
        let rules = Rules { target_groups: site.target_groups.iter().map(|g| g.id.get_ref().clone()).collect() };

        let home = pages::read_markdown::<pages::PageMeta>(root, &root.join("index.md"), diags)
            .map(|(src, m, body)| pages::page_from(Some(root), &src, &root.join("index.md"), m, &body, diags));
        let pages = pages::load_pages(root, &root.join("pages"), diags);

        // Every folder under districts/ must be listed in site.toml, and every listed one must exist.
        let districts_dir = root.join("districts");
        let mut on_disk: BTreeSet<String> = BTreeSet::new();
        for e in fs::read_dir(&districts_dir).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                on_disk.insert(e.file_name().to_string_lossy().into_owned());
            }
        }
        for slug in &on_disk {
            if !site.districts.get_ref().contains(slug) {
                diags.error(
                    &site_src.display,
                    site_src.pos(site.districts.span().start),
                    format!("the folder districts/{slug} is not listed in `districts`"),
                    Some("add it, or remove the folder".into()),
                );
            }
        }
        let mut districts = Vec::new();
        let mut vacancy_files: Vec<(String, PathBuf)> = Vec::new();
        for slug in site.districts.get_ref() {
            if !on_disk.contains(slug) {
                diags.error(
                    &site_src.display,
                    site_src.pos(site.districts.span().start),
                    format!("district `{slug}` is listed but districts/{slug}/ does not exist"),
                    None,
                );
                continue;
            }
            let dir = districts_dir.join(slug);
            let vacancies_dir = dir.join("vacancies");
            let found = source::content_files(root, &vacancies_dir, None, false, diags);
            let found = found.into_iter().map(|f| vacancies_dir.join(f)).filter(|p| vacancies::is_vacancy_file(p));
            vacancy_files.extend(found.map(|f| (slug.clone(), f)));
            if let Some(d) = load_district(root, &dir, slug, &rules, site.districts.get_ref(), opts.build_date, diags) {
                districts.push(d);
            }
        }
        // Vacancies of every district are read in parallel, then taken in file path order (then position in
        // the file), the order in which the first record of an identifier is the one kept. Those of a
        // district that failed to load are still checked (and count for the identifiers).
        vacancy_files.sort_by(|a, b| a.1.cmp(&b.1));
        let groups = target_group_names(&site);
        let settings: BTreeMap<String, import::Settings> =
            districts.iter().map(|d| (d.slug.clone(), import::Settings::from_config(d.config.import.as_ref().map(|i| i.get_ref())))).collect();
        let records = opts.cache_dir.as_deref().map(|dir| records::RecordCache::new(dir, &crate::output::cache::binary_stamp()));
        let loaded = vacancies::load_vacancies(root, &vacancy_files, &rules, &groups, &settings, records.as_ref(), diags);
        // Each vector made once at its size: grown by pushing, 100,000 vacancies were copied again at
        // every doubling, each time into memory the kernel had to clear first.
        let mut open = Vec::with_capacity(loaded.iter().map(|(_, v)| v.len()).sum());
        for (_, vacancies) in loaded {
            for v in vacancies {
                if v.is_expired(opts.build_date) {
                    let through = v.valid_through.map(|t| t.china_date().to_string()).unwrap_or_default();
                    v.source.warning(diags, format!("vacancy `{}` expired on {through}; left out of the build", v.identifier), None);
                    if let Some(d) = districts.iter_mut().find(|d| d.slug == v.district) {
                        d.expired.push(v.identifier);
                    }
                } else {
                    open.push(v);
                }
            }
        }
        let open = vacancies::keep_first(open, diags);
        for d in &mut districts {
            d.vacancies.reserve_exact(open.iter().filter(|v| v.district == d.slug).count());
        }
        for v in open {
            if let Some(d) = districts.iter_mut().find(|d| d.slug == v.district) {
                d.vacancies.push(v);
            }
        }
        for d in &mut districts {
            d.vacancies.sort_by(|a, b| b.date_posted.unix().cmp(&a.date_posted.unix()).then_with(|| a.identifier.cmp(&b.identifier)));
            // Held through the build: without the room pushing left (up to half of it), 38 MB less at
            // 100,000 vacancies.
            d.vacancies.shrink_to_fit();
            events::check_event_employers(d, diags);
        }
        let comparisons = figures::comparisons(&site_src, &site.compare, &districts, diags);

        let templates_dir = Some(root.join("templates")).filter(|p| p.is_dir());
        let static_files = source::content_files(root, &root.join("static"), None, true, diags);
        let vocabulary = synonyms::builtin();
        let records_reused = records.as_ref().map_or(0, records::RecordCache::hits);
        Some(Content {
            root: root.to_owned(),
            site,
            home: home?,
            pages,
            districts,
            templates_dir,
            static_files,
            comparisons,
            vocabulary,
            records_reused,
        })
    }
}

/// Target groups by id and by name in each language (`graduate`, `高校毕业生`, `Graduates` → `graduate`):
/// how spreadsheets may name them (重点群体).
pub(crate) fn target_group_names(site: &SiteConfig) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for g in &site.target_groups {
        let id = g.id.get_ref();
        names.insert(id.clone(), id.clone());
        for lang in config::LANGUAGES {
            names.entry(g.name.get_ref().get(lang).trim().to_owned()).or_insert_with(|| id.clone());
        }
    }
    names.remove("");
    names
}

fn check_site(src: &Source, site: &SiteConfig, diags: &mut Diagnostics) {
    let url = site.base_url.get_ref();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(' ') {
        diags.error(&src.display, src.pos(site.base_url.span().start), format!("`base_url` must be an absolute http(s) URL, found `{url}`"), None);
    }
    for (key, text) in [("title", &site.title), ("description", &site.description)] {
        for p in text.problems() {
            diags.error(&src.display, None, format!("`{key}`: {p}"), None);
        }
    }
    for lang in site.languages.get_ref() {
        if !config::LANGUAGES.contains(&lang.as_str()) {
            diags.error(
                &src.display,
                src.pos(site.languages.span().start),
                format!("unknown language `{lang}`"),
                Some("use zh-CN, zh-HK or en".into()),
            );
        }
    }
    if !site.languages.get_ref().contains(site.default_language.get_ref()) {
        diags.error(
            &src.display,
            src.pos(site.default_language.span().start),
            format!("`default_language` `{}` is not in `languages`", site.default_language.get_ref()),
            None,
        );
    }
    if !(1..=200).contains(site.page_size.get_ref()) {
        diags.error(&src.display, src.pos(site.page_size.span().start), "`page_size` must be between 1 and 200", None);
    }
    if !(1..=500).contains(site.feed_size.get_ref()) {
        diags.error(&src.display, src.pos(site.feed_size.span().start), "`feed_size` must be between 1 and 500", None);
    }
    let mut seen = BTreeSet::new();
    for slug in site.districts.get_ref() {
        if !is_valid_id(slug) {
            diags.error(
                &src.display,
                src.pos(site.districts.span().start),
                format!("district slug `{slug}` is not of the form [a-z0-9-]{{1,64}}"),
                None,
            );
        }
        if !seen.insert(slug) {
            diags.error(&src.display, src.pos(site.districts.span().start), format!("district `{slug}` is listed twice"), None);
        }
    }
    let mut ids = BTreeSet::new();
    for g in &site.target_groups {
        if !is_valid_id(g.id.get_ref()) {
            diags.error(
                &src.display,
                src.pos(g.id.span().start),
                format!("target group id `{}` is not of the form [a-z0-9-]{{1,64}}", g.id.get_ref()),
                None,
            );
        }
        if !ids.insert(g.id.get_ref()) {
            diags.error(&src.display, src.pos(g.id.span().start), format!("target group `{}` is defined twice", g.id.get_ref()), None);
        }
        for p in g.name.get_ref().problems() {
            diags.error(&src.display, src.pos(g.name.span().start), format!("target group `{}` name: {p}", g.id.get_ref()), None);
        }
    }
}

/// Loads one district, except its vacancies (loaded for all districts at once, in parallel).
fn load_district(
    root: &Path,
    dir: &Path,
    slug: &str,
    rules: &Rules,
    districts: &[String],
    build_date: Date,
    diags: &mut Diagnostics,
) -> Option<District> {
    let config = read(root, &dir.join("district.toml"), diags).and_then(|src| {
        let c: DistrictConfig = parse_toml(&src, &src.text, 0, diags)?;
        for p in c.name.get_ref().problems() {
            diags.error(&src.display, src.pos(c.name.span().start), format!("`name`: {p}"), None);
        }
        match config::parse_hex_colour(c.accent.get_ref()) {
            None => diags.error(
                &src.display,
                src.pos(c.accent.span().start),
                format!("`accent` must be a colour like #1d4f91, found `{}`", c.accent.get_ref()),
                None,
            ),
            Some(rgb) if config::contrast_on_white(rgb) < 4.5 => diags.error(
                &src.display,
                src.pos(c.accent.span().start),
                format!(
                    "`accent` {} has contrast {:.2}:1 on white, below the 4.5:1 that WCAG AA needs for text",
                    c.accent.get_ref(),
                    config::contrast_on_white(rgb)
                ),
                Some("choose a darker colour".into()),
            ),
            Some(_) => {}
        }
        if let Some(f) = &c.figures {
            diags.error(
                &src.display,
                src.pos(f.span().start),
                "`figures` are no longer read from district.toml: they live in figures.toml, as dated series with sources",
                Some("move each figure to a [[series]] of figures.toml beside district.toml (see docs/content.md)".into()),
            );
        }
        if let Some(m) = &c.matching
            && let Err(bad) = m.get_ref().weights()
        {
            diags.error(
                &src.display,
                src.pos(m.span().start),
                format!("`[matching]`: {} must be a number of 0 or more (not all 0)", bad.join(", ")),
                Some("a weight is relative to the others: 0.3 and 0.1 weigh as 3 and 1".into()),
            );
        }
        if let Some(i) = &c.import {
            import::check_config(&src, i, diags);
        }
        let ll = c.center.get_ref();
        if !((-90.0..=90.0).contains(&ll.lat) && (-180.0..=180.0).contains(&ll.lon)) {
            diags.error(&src.display, src.pos(c.center.span().start), "`center` is out of range", Some("lat first, then lon".into()));
        }
        Some(c)
    });
    let home = pages::read_markdown::<pages::PageMeta>(root, &dir.join("index.md"), diags)
        .map(|(src, m, body)| pages::page_from(Some(root), &src, &dir.join("index.md"), m, &body, diags));
    let pages = pages::load_pages(root, &dir.join("pages"), diags);
    let policies = policies::load_policies(root, &dir.join("policies"), rules, districts, diags);
    let stations = stations::load_stations(root, &dir.join("stations.toml"), diags);
    let events = events::load_events(root, &dir.join("events.toml"), &stations, diags);
    let figures = figures::load(root, &dir.join("figures.toml"), build_date, diags);
    let synonyms = synonyms::load(root, &dir.join("synonyms.toml"), diags);
    Some(District {
        slug: slug.to_owned(),
        config: config?,
        home: home?,
        pages,
        policies,
        stations,
        events,
        figures,
        synonyms,
        vacancies: Vec::new(),
        expired: Vec::new(),
    })
}

/// `sitegen import`: the vacancies of one vacancy file (any kind: JSON, spreadsheet, CSV, career page),
/// read for district `district` of the content folder `root` exactly as a build reads them — its
/// `[import]`, site.toml's target groups —, a record whose identifier an earlier one has set aside. Only
/// site.toml and the district's district.toml are read besides the file. `Err` when those have errors or
/// the district does not exist; the diagnostics hold the file's rejected records and warnings.
pub fn import_file(root: &Path, district: &str, file: &Path) -> Result<(Vec<engine::vacancy::Vacancy>, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let Some(site_src) = read(root, &root.join("site.toml"), &mut diags) else { return Err(diags) };
    let Some(site) = parse_toml::<SiteConfig>(&site_src, &site_src.text, 0, &mut diags) else { return Err(diags) };
    check_site(&site_src, &site, &mut diags);
    if !site.districts.get_ref().iter().any(|d| d == district) {
        let hint = engine::text::suggest(district, site.districts.get_ref().iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"));
        diags.error(&site_src.display, site_src.pos(site.districts.span().start), format!("no district `{district}` in `districts`"), hint);
        return Err(diags);
    }
    let config = read(root, &root.join("districts").join(district).join("district.toml"), &mut diags).and_then(|src| {
        let c: DistrictConfig = parse_toml(&src, &src.text, 0, &mut diags)?;
        if let Some(i) = &c.import {
            import::check_config(&src, i, &mut diags);
        }
        Some(c)
    });
    if diags.has_errors() {
        return Err(diags);
    }
    let rules = Rules { target_groups: site.target_groups.iter().map(|g| g.id.get_ref().clone()).collect() };
    let groups = target_group_names(&site);
    let settings = import::Settings::from_config(config.as_ref().and_then(|c| c.import.as_ref()).map(|i| i.get_ref()));
    let cx = import::Context { district, rules: &rules, groups: &groups, settings: &settings };
    let vacancies = vacancies::load_file(&file.to_string_lossy(), file, &cx, None, &mut diags);
    let vacancies = vacancies::keep_first(vacancies, &mut diags);
    Ok((vacancies, diags))
}
