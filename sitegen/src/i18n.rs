//! Interface strings: one TOML file per language under `sitegen/i18n/` (zh-CN, zh-HK, en), embedded in
//! the binary.
//!
//! Templates read them as `t.key`; Rust code uses [`I18n::get`] and [`I18n::fmt`] (`%s` placeholders filled
//! in order). A missing key is a bug, caught by tests: every template key and every enum label exists in
//! zh-CN, and every language has exactly zh-CN's keys with the same number of placeholders each.

use std::collections::BTreeMap;

/// The strings of one language.
#[derive(Debug, Clone)]
pub struct I18n {
    /// Language tag, e.g. `zh-CN`.
    pub lang: &'static str,
    strings: BTreeMap<String, String>,
}

/// The languages, zh-CN (the default) first.
pub const LANGUAGES: [&str; 3] = ["zh-CN", "zh-HK", "en"];

const FILES: &[(&str, &str)] =
    &[("zh-CN", include_str!("../i18n/zh-CN.toml")), ("zh-HK", include_str!("../i18n/zh-HK.toml")), ("en", include_str!("../i18n/en.toml"))];

impl I18n {
    /// The strings for `lang` (zh-CN for a language without a file).
    pub fn load(lang: &str) -> I18n {
        let (lang, text) = FILES.iter().find(|(l, _)| *l == lang).copied().unwrap_or(FILES[0]);
        let strings = toml::from_str(text).unwrap_or_else(|e| panic!("built-in i18n/{lang}.toml is broken: {e}"));
        I18n { lang, strings }
    }

    /// All strings, for templates.
    pub fn strings(&self) -> &BTreeMap<String, String> {
        &self.strings
    }

    /// The string for `key`; the key itself (visibly wrong) when missing.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        debug_assert!(self.strings.contains_key(key), "missing i18n key {key}");
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The string for `key` with each `%s` replaced by the next argument.
    pub fn fmt(&self, key: &str, args: &[&str]) -> String {
        let mut out = String::new();
        let mut args = args.iter();
        let mut parts = self.get(key).split("%s").peekable();
        while let Some(p) = parts.next() {
            out.push_str(p);
            if parts.peek().is_some() {
                out.push_str(args.next().copied().unwrap_or(""));
            }
        }
        out
    }

    /// True when `key` exists.
    pub fn has(&self, key: &str) -> bool {
        self.strings.contains_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind, StationKind};
    use engine::vacancy::{Education, EmploymentType, SalaryUnit};

    #[test]
    fn every_language_has_every_key_with_its_placeholders() {
        let zh = I18n::load("zh-CN");
        // Keys an English sentence does without (a counter word, a weekday prefix).
        let may_be_empty = ["open_jobs_unit", "openings_unit", "weekday_prefix"];
        for lang in LANGUAGES {
            let t = I18n::load(lang);
            assert_eq!(t.lang, lang, "{lang} has a file");
            let missing: Vec<&String> = zh.strings().keys().filter(|k| !t.has(k)).collect();
            let extra: Vec<&String> = t.strings().keys().filter(|k| !zh.has(k)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, not in zh-CN {extra:?}");
            for (k, v) in t.strings() {
                assert_eq!(v.matches("%s").count(), zh.get(k).matches("%s").count(), "{lang} `{k}`: placeholders differ from zh-CN");
                assert!(!v.is_empty() || may_be_empty.contains(&k.as_str()), "{lang} `{k}` is empty");
            }
        }
        assert_eq!(I18n::load("zh-HK").get("all_jobs"), "全部職位");
        assert_eq!(I18n::load("en").fmt("page_of", &["2", "5"]), "Page 2 of 5");
    }

    #[test]
    fn every_enum_label_exists() {
        let t = I18n::load("zh-CN");
        let mut keys: Vec<String> = Vec::new();
        keys.extend(EmploymentType::ALL.iter().map(|e| format!("employment_{}", e.slug())));
        keys.extend(Education::ALL.iter().map(|e| format!("education_{}", e.slug())));
        keys.extend(SalaryUnit::ALL.iter().map(|u| format!("unit_{}", u.as_schema())));
        use StationKind::*;
        keys.extend(
            [EmploymentStation, GigMarket, BuildingStation, CampusStation, YouthBase, SkillsStation].iter().map(|k| format!("station_{}", k.key())),
        );
        use EventKind::*;
        keys.extend([JobFair, CampusFair, Livestream, StreetFeature, Training].iter().map(|k| format!("event_{}", k.key())));
        keys.extend(engine::index::SALARY_BANDS.iter().map(|(_, k)| format!("salary_band_{k}")));
        let missing: Vec<&String> = keys.iter().filter(|k| !t.has(k)).collect();
        assert!(missing.is_empty(), "missing zh-CN keys: {missing:?}");
    }

    #[test]
    fn formats_placeholders_in_order() {
        let t = I18n::load("zh-CN");
        assert_eq!(t.fmt("page_of", &["2", "9"]), "第 2 页，共 9 页");
    }
}
