//! What a deploy tells: the vacancy pages it published or removed as canonical URLs (what a team sends
//! to search engines — Google's Indexing API takes `URL_UPDATED` and `URL_DELETED` for job postings),
//! printed and, with `--changes FILE`, written as JSON; and the counts and bytes.
//!
//! Vacancy pages are `/<district>/jobs/<identifier>/` in **every language** (`/en/…`, `/zh-hk/…`): each
//! is its own canonical URL with its own JobPosting JSON-LD, which search engines index separately.
//! Each entry names its language, so a team with a small Indexing API quota (200 URLs a day by
//! default) can send the default language's only. URLs are absolute, from the base URL the site was
//! built with (`quanyu-site.json`).
//!
//! The changes file:
//!
//! ```json
//! { "base_url": "https://jobs.example.gov.cn", "dry_run": false, "complete": true,
//!   "updated": [ { "url": "https://…/huangpu/jobs/huangpu-000001/", "lang": "zh-CN", "reason": "changed" } ],
//!   "deleted": [ { "url": "https://…/en/huangpu/jobs/huangpu-000007/", "lang": "en" } ] }
//! ```
//!
//! `updated` lists the pages actually uploaded and `deleted` those actually deleted (with `--dry-run`,
//! what would be); `complete` is false when the deploy stopped early (a failed upload, too many
//! deletions), so a rerun's file lists the rest.

use crate::formats::site_manifest::SiteManifest;

use super::plan::Reason;

/// A vacancy page as search engines know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VacancyUrl {
    /// Absolute canonical URL.
    pub url: String,
    /// Its language (BCP 47).
    pub lang: String,
}

/// The canonical URL of the file at `rel` when it is a vacancy page (`en/huangpu/jobs/x/index.html`).
pub fn vacancy_url(site: &SiteManifest, rel: &str) -> Option<VacancyUrl> {
    let page = format!("/{}", rel.strip_suffix("index.html")?);
    // Longest prefix first: the default language's is empty.
    let mut langs: Vec<_> = site.languages.iter().collect();
    langs.sort_by_key(|l| std::cmp::Reverse(l.prefix.len()));
    for lang in langs {
        let Some(rest) = page.strip_prefix(lang.prefix.as_str()).filter(|r| r.starts_with('/')) else { continue };
        if let Some((district, _)) = crate::urls::parse_job(rest)
            && site.districts.iter().any(|d| d == district)
        {
            return Some(VacancyUrl { url: format!("{}{page}", site.base_url), lang: lang.lang.clone() });
        }
    }
    None
}

/// The vacancy pages a deploy published and removed.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// Uploaded: new or changed.
    pub updated: Vec<(VacancyUrl, Reason)>,
    /// Deleted.
    pub deleted: Vec<VacancyUrl>,
}

impl Changes {
    /// The changes file (see the module docs).
    pub fn to_json(&self, base_url: &str, dry_run: bool, complete: bool) -> String {
        let updated: Vec<serde_json::Value> =
            self.updated.iter().map(|(v, r)| serde_json::json!({ "url": v.url, "lang": v.lang, "reason": r.name() })).collect();
        let deleted: Vec<serde_json::Value> = self.deleted.iter().map(|v| serde_json::json!({ "url": v.url, "lang": v.lang })).collect();
        let v = serde_json::json!({ "base_url": base_url, "dry_run": dry_run, "complete": complete, "updated": updated, "deleted": deleted });
        format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
    }

    /// One line per URL for the terminal: `updated <url> (changed)`, `deleted <url>`.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.updated.iter().map(|(v, r)| format!("vacancy updated ({}): {}", r.name(), v.url)).collect();
        out.extend(self.deleted.iter().map(|v| format!("vacancy deleted: {}", v.url)));
        out
    }
}

/// `1234567` bytes as `1.2 MB` (decimal units, like the build's report).
pub fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::site_manifest::{FORMAT, Language};

    #[test]
    fn vacancy_pages_in_every_language_and_nothing_else() {
        let site = SiteManifest {
            format: FORMAT,
            base_url: "https://jobs.example".into(),
            languages: vec![
                Language { lang: "zh-CN".into(), prefix: String::new() },
                Language { lang: "zh-HK".into(), prefix: "/zh-hk".into() },
                Language { lang: "en".into(), prefix: "/en".into() },
            ],
            districts: vec!["huangpu".into(), "en".into()],
            host_files: vec![],
        };
        let url = |rel: &str| vacancy_url(&site, rel).map(|v| format!("{} {}", v.lang, v.url));
        assert_eq!(url("huangpu/jobs/hp-1/index.html").as_deref(), Some("zh-CN https://jobs.example/huangpu/jobs/hp-1/"));
        assert_eq!(url("zh-hk/huangpu/jobs/hp-1/index.html").as_deref(), Some("zh-HK https://jobs.example/zh-hk/huangpu/jobs/hp-1/"));
        assert_eq!(url("en/huangpu/jobs/hp-1/index.html").as_deref(), Some("en https://jobs.example/en/huangpu/jobs/hp-1/"));
        assert_eq!(url("en/en/jobs/x/index.html").as_deref(), Some("en https://jobs.example/en/en/jobs/x/"), "a district named like a prefix");
        assert_eq!(url("en/jobs/x/index.html").as_deref(), Some("zh-CN https://jobs.example/en/jobs/x/"));
        for other in [
            "huangpu/jobs/index.html",
            "huangpu/jobs/page/2/index.html",
            "en/huangpu/jobs/type/intern/index.html",
            "tianhe/jobs/x/index.html",
            "huangpu/jobs/hp-1/other.html",
            "huangpu/events/e/index.html",
            "fr/huangpu/jobs/x/index.html",
        ] {
            assert_eq!(url(other), None, "{other}");
        }
        let mut c = Changes::default();
        c.updated.push((vacancy_url(&site, "huangpu/jobs/hp-1/index.html").unwrap(), Reason::New));
        c.deleted.push(vacancy_url(&site, "en/huangpu/jobs/hp-2/index.html").unwrap());
        let v: serde_json::Value = serde_json::from_str(&c.to_json(&site.base_url, false, true)).unwrap();
        assert_eq!(v["updated"][0]["reason"], "new");
        assert_eq!(v["deleted"][0]["lang"], "en");
        assert_eq!(bytes(1_234_567), "1.2 MB");
    }
}
