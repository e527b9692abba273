//! `quanyu-site.json`: what a tool needs to know about a built site without its content folder — the
//! base URL its canonical URLs start with, its languages and their URL prefixes, its districts, and which
//! of its files are for the host rather than for visitors. `sitegen deploy` reads it to turn the vacancy
//! pages it uploads or deletes into the canonical URLs search engines are told about.
//!
//! A file the build writes, rather than something parsed back out of `sitemap.xml` or `robots.txt`:
//! those are formats for crawlers (a sitemap becomes an index of parts past 50,000 URLs; a content
//! folder may ship its own `robots.txt`), while this one says exactly what the build knew, with a version.
//! It holds nothing that the published pages do not already show.

use serde::{Deserialize, Serialize};

/// The manifest's name inside the site.
pub const FILE: &str = "quanyu-site.json";
/// The version of its format; a reader refuses another.
pub const FORMAT: u32 = 1;

/// The manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteManifest {
    /// [`FORMAT`].
    pub format: u32,
    /// What every canonical URL starts with (no trailing slash): `https://jobs.example.gov.cn`.
    pub base_url: String,
    /// The languages, the default first (its prefix is empty).
    pub languages: Vec<Language>,
    /// District slugs (the first segment of their pages' paths), sorted.
    pub districts: Vec<String>,
    /// Files of the build that are for the host's configuration, not for visitors (`_headers`, the
    /// nginx snippet, this file): object storage does not publish them.
    pub host_files: Vec<String>,
}

/// One language of the site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 tag: `zh-CN`.
    pub lang: String,
    /// URL prefix of its pages: `""` for the default language, `/en`, `/zh-hk`.
    pub prefix: String,
}

impl SiteManifest {
    /// The manifest as written (pretty JSON, newline-terminated).
    pub fn to_json(&self) -> String {
        format!("{}\n", serde_json::to_string_pretty(self).unwrap_or_default())
    }

    /// Parses a manifest, refusing another format version.
    pub fn parse(text: &str) -> Result<SiteManifest, String> {
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        let v: Version = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if v.format != FORMAT {
            return Err(format!("format {} (this sitegen reads format {FORMAT}: rebuild the site with it)", v.format));
        }
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_version() {
        let m = SiteManifest {
            format: FORMAT,
            base_url: "https://jobs.example".into(),
            languages: vec![Language { lang: "zh-CN".into(), prefix: String::new() }, Language { lang: "en".into(), prefix: "/en".into() }],
            districts: vec!["liwan".into()],
            host_files: vec![FILE.into()],
        };
        assert_eq!(SiteManifest::parse(&m.to_json()).unwrap(), m);
        assert!(SiteManifest::parse(&m.to_json().replace("\"format\": 1", "\"format\": 2")).unwrap_err().contains("format 2"));
    }
}
