//! [`SiteInfo`]: what pages and machine-readable files need to know about the site as a whole (its
//! title, base URL, the names of target groups and districts). Every layer may use it.

use std::collections::BTreeMap;

use super::Content;
use super::config::Localized;

/// What pages need to know about the site as a whole.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    /// City portal title.
    pub title: String,
    /// Base URL without a trailing slash.
    pub base_url: String,
    groups: BTreeMap<String, Localized>,
    district_names: BTreeMap<String, String>,
}

impl SiteInfo {
    /// What pages need to know of `content`, linked from `base_url` (without a trailing slash).
    pub fn new(content: &Content, base_url: String) -> SiteInfo {
        SiteInfo {
            title: content.site.title.get("zh-CN").to_owned(),
            base_url,
            groups: content.site.target_groups.iter().map(|g| (g.id.get_ref().clone(), g.name.get_ref().clone())).collect(),
            district_names: content.districts.iter().map(|d| (d.slug.clone(), d.config.name.get_ref().get("zh-CN").to_owned())).collect(),
        }
    }

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

    /// The target groups (id, name in every language), by id.
    pub fn groups(&self) -> impl Iterator<Item = (&str, &Localized)> {
        self.groups.iter().map(|(k, v)| (k.as_str(), v))
    }
}
