//! `site.toml` and `district.toml`: strict settings with documented defaults (see docs/content.md).
//!
//! Every struct denies unknown keys, so a misspelt key is an error rather than a silently ignored
//! setting. These are the *input* types; templates never see them (they get [`crate::views`]).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// Languages a portal can be published in.
pub const LANGUAGES: [&str; 3] = ["zh-CN", "zh-HK", "en"];

/// `content/site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// City portal title (a localized text: a string, or one per language).
    pub title: Localized,
    /// Meta description of the city home (a localized text).
    pub description: Localized,
    /// Absolute URL the portals are published under.
    pub base_url: Spanned<String>,
    /// Default language; default `zh-CN`.
    #[serde(default = "default_language")]
    pub default_language: Spanned<String>,
    /// Languages; default `["zh-CN"]`.
    #[serde(default = "default_languages")]
    pub languages: Spanned<Vec<String>>,
    /// District slugs in display order.
    pub districts: Spanned<Vec<String>>,
    /// Vacancies per listing page; default 20.
    #[serde(default = "default_page_size")]
    pub page_size: Spanned<u32>,
    /// Entries per Atom feed; default 50.
    #[serde(default = "default_feed_size")]
    pub feed_size: Spanned<u32>,
    /// Target groups vacancies and policies may name.
    pub target_groups: Vec<TargetGroup>,
    /// Ids of figure series the city home compares across districts; default none.
    #[serde(default)]
    pub compare: Vec<Spanned<String>>,
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "zh-CN".into())
}
fn default_languages() -> Spanned<Vec<String>> {
    Spanned::new(0..0, vec!["zh-CN".into()])
}
fn default_page_size() -> Spanned<u32> {
    Spanned::new(0..0, 20)
}
fn default_feed_size() -> Spanned<u32> {
    Spanned::new(0..0, 50)
}

/// One `[[target_groups]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    /// `[a-z0-9-]` id used in vacancies and policies.
    pub id: Spanned<String>,
    /// Display name.
    pub name: Spanned<Localized>,
}

/// A text in one or more languages: a plain string (zh-CN) or `{ zh-CN = …, zh-HK = …, en = … }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Localized {
    /// zh-CN only.
    Plain(String),
    /// Per language.
    Map(BTreeMap<String, String>),
}

impl Localized {
    /// The text in `lang`, falling back to zh-CN.
    pub fn get(&self, lang: &str) -> &str {
        match self {
            Localized::Plain(s) => s,
            Localized::Map(m) => m.get(lang).or_else(|| m.get("zh-CN")).map_or("", String::as_str),
        }
    }

    /// Problems with the languages given: unknown language keys, missing zh-CN, a text longer than
    /// [`MAX_TEXT_CHARS`].
    pub fn problems(&self) -> Vec<String> {
        let long = |s: &String| {
            let n = s.chars().count();
            (n > MAX_TEXT_CHARS).then(|| format!("the text is {n} characters long, more than {MAX_TEXT_CHARS}"))
        };
        match self {
            Localized::Plain(s) if s.trim().is_empty() => vec!["the text is empty".into()],
            Localized::Plain(s) => long(s).into_iter().collect(),
            Localized::Map(m) => {
                let mut p: Vec<String> = m
                    .keys()
                    .filter(|k| !LANGUAGES.contains(&k.as_str()))
                    .map(|k| format!("unknown language `{k}` (use zh-CN, zh-HK or en)"))
                    .collect();
                if m.get("zh-CN").is_none_or(|s| s.trim().is_empty()) {
                    p.push("the zh-CN text is required".into());
                }
                p.extend(m.values().filter_map(long));
                p
            }
        }
    }
}

/// The longest name or one-line text in site.toml and district.toml (the site's title and description,
/// district and target-group names), in characters: search engines show about 60 to 100 of a title and
/// 160 of a description, and every page repeats them.
pub const MAX_TEXT_CHARS: usize = 200;

/// `content/districts/<slug>/district.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictConfig {
    /// Names in each language.
    pub name: Spanned<Localized>,
    /// One line on the programme.
    pub tagline: String,
    /// What the district concentrates on.
    pub focus: String,
    /// `#rrggbb` accent colour.
    pub accent: Spanned<String>,
    /// Centre of the district.
    pub center: Spanned<LatLon>,
    /// No longer read: figures live in `figures.toml` (dated series with sources). Kept only to say so
    /// where an old `district.toml` still has them.
    #[serde(default)]
    pub figures: Option<Spanned<serde::de::IgnoredAny>>,
    /// How the widget weighs the parts of a profile match on this district's portal (`[matching]`);
    /// default: `engine::matching::Weights::default` for every part not given.
    #[serde(default)]
    pub matching: Option<Spanned<MatchingWeights>>,
    /// How this district's spreadsheets and CSV files of vacancies are read (`[import]`); default: the
    /// built-in headings, the encoding detected.
    #[serde(default)]
    pub import: Option<Spanned<ImportConfig>>,
}

/// `[import]` of `district.toml` (docs/content.md, "Vacancies from spreadsheets").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportConfig {
    /// The encoding of CSV files (`utf-8`, `gb18030`; `gbk` reads as gb18030); default: detected.
    pub encoding: Option<Spanned<String>>,
    /// The district's own headings, each mapped to a built-in one (`"单位名称" = "招聘单位"`).
    #[serde(default)]
    pub headings: BTreeMap<String, Spanned<String>>,
}

/// `[matching]` of `district.toml`: a weight (a number ≥ 0, relative to the others) for any of the parts
/// of `engine::matching::Part`; a part not given keeps its default weight, 0 turns it off.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchingWeights {
    /// Skills overlap (default 0.30).
    pub skills: Option<f64>,
    /// Occupation similarity (0.10).
    pub occupation: Option<f64>,
    /// Relevance to what was typed (0.15).
    pub text: Option<f64>,
    /// Distance (0.15).
    pub distance: Option<f64>,
    /// Salary fit (0.10).
    pub salary: Option<f64>,
    /// Education fit (0.05).
    pub education: Option<f64>,
    /// Experience fit (0.05).
    pub experience: Option<f64>,
    /// Target-group fit (0.05).
    pub group: Option<f64>,
    /// Freshness (0.05).
    pub freshness: Option<f64>,
}

impl MatchingWeights {
    /// The weights, or the names of the parts given a negative or non-finite number.
    pub fn weights(&self) -> Result<engine::matching::Weights, Vec<&'static str>> {
        use engine::matching::Part;
        let given = [
            (Part::Skills, self.skills),
            (Part::Occupation, self.occupation),
            (Part::Text, self.text),
            (Part::Distance, self.distance),
            (Part::Salary, self.salary),
            (Part::Education, self.education),
            (Part::Experience, self.experience),
            (Part::Group, self.group),
            (Part::Freshness, self.freshness),
        ];
        let bad: Vec<&'static str> = given.iter().filter(|(_, w)| w.is_some_and(|w| !w.is_finite() || w < 0.0)).map(|(p, _)| p.key()).collect();
        if !bad.is_empty() {
            return Err(bad);
        }
        let w = given.iter().fold(engine::matching::Weights::default(), |w, &(p, x)| x.map_or(w, |x| w.with(p, x)));
        if w.0.iter().all(|&x| x == 0.0) { Err(vec!["every part"]) } else { Ok(w) }
    }
}

/// A WGS 84 coordinate.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatLon {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Parses `#rrggbb` into RGB.
pub fn parse_hex_colour(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((c(0)?, c(2)?, c(4)?))
}

/// WCAG 2.1 contrast ratio of a colour against white.
pub fn contrast_on_white((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert_eq!(parse_hex_colour("#1d4f91"), Some((0x1d, 0x4f, 0x91)));
        assert_eq!(parse_hex_colour("1d4f91"), None);
        assert_eq!(parse_hex_colour("#12345g"), None);
        assert!((contrast_on_white((0, 0, 0)) - 21.0).abs() < 1e-9);
        assert!(contrast_on_white((0x76, 0x76, 0x76)) > 4.5);
        assert!(contrast_on_white((0x77, 0x77, 0x77)) < 4.5);
    }

    #[test]
    fn localized_text() {
        let l: Localized =
            toml::from_str::<BTreeMap<String, Localized>>("n = { zh-CN = \"黄埔区\", en = \"Huangpu\" }").unwrap().remove("n").unwrap();
        assert_eq!(l.get("en"), "Huangpu");
        assert_eq!(l.get("zh-HK"), "黄埔区");
        assert!(l.problems().is_empty());
        let bad = Localized::Map([("fr".to_string(), "x".to_string())].into());
        assert_eq!(bad.problems().len(), 2);
    }
}
