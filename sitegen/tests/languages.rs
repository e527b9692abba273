//! The three languages (issue 6) on the good fixture: every page in zh-CN (at the root), zh-HK
//! (`/zh-hk/`) and en (`/en/`), `lang` on the document, `hreflang` alternates and a language switch that
//! lead to pages that exist, internal links kept within the language, translations used where they
//! exist, zh-HK content converted by machine and marked so, en content shown in Chinese with a notice
//! and `lang="zh-CN"`, vacancy text as written in every language, the JobPosting JSON-LD only once.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use engine::date::Date;
use sitegen::site::{Options, Site};

fn build(name: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!("quanyu-languages-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    let (site, _) =
        Site::load(&Options { content, base_url: None, build_date: Date::parse("2026-11-20").unwrap(), strict: false }).expect("good fixture loads");
    site.build(&out).unwrap();
    out
}

fn html_pages(dir: &Path, rel: &str, out: &mut Vec<String>) {
    for e in fs::read_dir(dir.join(rel)).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let r = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        if e.path().is_dir() {
            html_pages(dir, &r, out);
        } else if name.ends_with(".html") {
            out.push(r);
        }
    }
}

/// Every value of `attr` in tags matching `tag_start` (e.g. `<a `).
fn attrs(html: &str, tag_start: &str, attr: &str) -> Vec<String> {
    let mut v = Vec::new();
    for tag in html.split(tag_start).skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(i) = tag.find(&format!(" {attr}=\"")).or_else(|| tag.starts_with(&format!("{attr}=\"")).then_some(0)) {
            let rest = &tag[i..];
            let start = rest.find('"').unwrap() + 1;
            let end = start + rest[start..].find('"').unwrap();
            v.push(rest[start..end].to_owned());
        }
    }
    v
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The file a root-relative URL is served from.
fn file_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("").trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() }
}

#[test]
fn every_page_in_three_languages_with_alternates_switch_and_links_that_stay_in_the_language() {
    let out = build("pages");
    let mut zh = Vec::new();
    html_pages(&out, "", &mut zh);
    let zh: Vec<String> = zh.into_iter().filter(|p| !p.starts_with("zh-hk/") && !p.starts_with("en/") && p != "404.html").collect();
    assert!(zh.len() > 20, "{} pages", zh.len());
    for page in &zh {
        for (prefix, lang) in [("", "zh-CN"), ("zh-hk/", "zh-HK"), ("en/", "en")] {
            let rel = format!("{prefix}{page}");
            let html = read(&out, &rel);
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{rel}: not <html lang=\"{lang}\">");
            // Alternates: one per language and x-default, absolute, each naming an existing page.
            let alternates: Vec<String> = attrs(&html, "<link rel=\"alternate\" hreflang=", "href");
            assert_eq!(alternates.len(), 4, "{rel}: alternates {alternates:?}");
            for a in &alternates {
                let path = a.strip_prefix("https://jobs.test.example").unwrap_or_else(|| panic!("{rel}: alternate {a} is not absolute on the site"));
                assert!(out.join(file_of(path)).is_file(), "{rel}: alternate {a} does not exist");
            }
            // The switch: three links, the current one marked.
            let switch: Vec<String> = attrs(&html, "<a hreflang=", "href");
            assert_eq!(switch.len(), 3, "{rel}: switch {switch:?}");
            assert!(switch.iter().all(|u| out.join(file_of(u)).is_file()), "{rel}: switch {switch:?}");
            assert!(
                html.contains(&format!(
                    "<a hreflang=\"{lang}\" lang=\"{lang}\" href=\"/{}\" aria-current=\"true\">",
                    file_of(&format!("/{rel}")).trim_end_matches("index.html")
                )) || rel.ends_with(".html") && !rel.ends_with("index.html"),
                "{rel}: the current language is not marked"
            );
            // Internal page links stay in the language; shared files (assets, index, widget, feeds, calendars) do not move.
            if !prefix.is_empty() {
                for href in attrs(&html, "<a ", "href").into_iter().filter(|h| h.starts_with('/')) {
                    let shared =
                        ["/assets/", "/search/", "/widget/"].iter().any(|p| href.starts_with(p)) || href.ends_with(".xml") || href.ends_with(".ics");
                    let switch_link = switch.contains(&href);
                    assert!(shared || switch_link || href.starts_with(&format!("/{prefix}")), "{rel}: link {href} leaves the language");
                }
            }
        }
    }
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn translations_conversion_notices_and_vacancy_text_as_written() {
    let out = build("texts");
    // en: the translated page in English without a notice; an untranslated one in Chinese, said and marked.
    let about = read(&out, "en/pages/about/index.html");
    assert!(about.contains("<h1>About</h1>") && about.contains("This site is for tests.") && !about.contains("lang-notice"), "en about page");
    let guide = read(&out, "en/demo/pages/guide/index.html");
    assert!(
        guide.contains("<p class=\"lang-notice\">This page has no English version yet") && guide.contains("<article lang=\"zh-CN\">"),
        "en guide page"
    );
    assert!(read(&out, "en/index.html").contains("<title>Test City Employment Portal</title>"), "the site title in English");
    // zh-HK: converted by machine (and said so), except a page translated by hand.
    let policy = read(&out, "zh-hk/demo/policies/subsidy/index.html");
    assert!(policy.contains("本頁內容由簡體中文自動轉換"), "zh-HK policy notice");
    let zh_policy = read(&out, "demo/policies/subsidy/index.html");
    let h1 = |h: &str| h[h.find("<h1").unwrap()..h.find("</h1>").unwrap()].to_owned();
    assert_eq!(h1(&policy), sitegen::text::hant::to_hk(&h1(&zh_policy)), "the zh-HK title is the converted zh-CN one");
    let hand = read(&out, "zh-hk/demo/pages/guide/index.html");
    assert!(
        hand.contains("這是人手撰寫的香港繁體版本") && hand.contains("求職指南（人手翻譯）") && !hand.contains("lang-notice"),
        "the hand-made zh-HK page"
    );
    // Vacancies: shown as written (not converted) in every language, with their JSON-LD only once.
    let zh_job = read(&out, "demo/jobs/demo-welder/index.html");
    let hk_job = read(&out, "zh-hk/demo/jobs/demo-welder/index.html");
    let en_job = read(&out, "en/demo/jobs/demo-welder/index.html");
    let title = |h: &str| h[h.find("<h1").unwrap()..h.find("</h1>").unwrap()].split('>').nth(1).unwrap_or("").to_owned();
    assert_eq!(title(&hk_job), title(&zh_job), "the vacancy title is not converted");
    assert_eq!(title(&en_job), title(&zh_job));
    assert!(en_job.contains("Vacancies are shown as their employers wrote them") && en_job.contains("<h1 lang=\"zh-CN\">"), "en vacancy page");
    assert_eq!([&zh_job, &hk_job, &en_job].map(|h| h.matches("application/ld+json").count()), [1, 0, 0], "JobPosting JSON-LD on the zh-CN page only");
    // The listing's widget speaks the page's language and links results within it.
    let listing = read(&out, "en/demo/jobs/index.html");
    assert!(listing.contains("data-lang=\"en\" data-origin=\"/en\"") && listing.contains("data-embed-page=\"/en/embed/\""), "en listing widget");
    // The sitemap lists every language's pages.
    let sitemap = read(&out, "sitemap.xml");
    let urls: BTreeSet<&str> = sitemap.split("<loc>").skip(1).map(|s| &s[..s.find("</loc>").unwrap()]).collect();
    for u in ["https://jobs.test.example/pages/about/", "https://jobs.test.example/zh-hk/pages/about/", "https://jobs.test.example/en/pages/about/"] {
        assert!(urls.contains(u), "sitemap lacks {u}");
    }
    let _ = fs::remove_dir_all(&out);
}
