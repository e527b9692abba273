//! Markdown pages: `+++` TOML front matter, the body rendered and sanitized ([`crate::text::markdown`]),
//! translations beside a page (`about.en.md`), file names that must work in URLs.

use std::collections::BTreeMap;
use std::path::Path;

use engine::diag::Diagnostics;
use engine::text::is_valid_id;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::source::{Source, display_path, files_with_ext, parse_toml, read};
use crate::model::{Page, PageText, TRANSLATIONS};
use crate::text::markdown::{self, Trust};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PageMeta {
    pub(super) title: String,
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) weight: i64,
}

/// Splits `+++\nTOML\n+++\nbody` into (front matter, its byte offset, body).
fn split_front_matter(text: &str) -> Option<(&str, usize, &str)> {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skip = text.len() - t.len();
    let first_nl = t.find('\n')?;
    if t[..first_nl].trim_end() != "+++" {
        return None;
    }
    let fm_start = first_nl + 1;
    let mut at = fm_start;
    for line in t[fm_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((&t[fm_start..at], skip + fm_start, &t[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// Reads a markdown file with front matter of type `M`.
pub(super) fn read_markdown<M: DeserializeOwned>(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<(Source, M, String)> {
    let src = read(root, path, diags)?;
    let Some((fm, offset, body)) = split_front_matter(&src.text) else {
        diags.error(
            &src.display,
            src.pos(0),
            "missing front matter",
            Some("start the file with a `+++` line, TOML such as `title = \"…\"`, and another `+++` line".into()),
        );
        return None;
    };
    let meta = parse_toml::<M>(&src, fm, offset, diags)?;
    let body = body.to_owned();
    Some((src, meta, body))
}

/// A page from its parsed file; with `root`, its translations beside it are read too (pages, not policies).
pub(super) fn page_from(root: Option<&Path>, src: &Source, path: &Path, meta: PageMeta, body: &str, diags: &mut Diagnostics) -> Page {
    let PageMeta { title, description, weight } = meta;
    if let Some(m) = super::source::too_long(&title) {
        diags.error(&src.display, None, format!("`title` {m}"), Some("search engines show about the first 60 to 100".into()));
    }
    let rendered = markdown::render(body, Trust::Author);
    for problem in rendered.removed {
        diags.warning(&src.display, None, format!("removed unsafe markup from the page: {problem}"), None);
    }
    let slug = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let description = description.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| markdown::truncate(&rendered.first_paragraph, 120));
    let translations = root.map(|root| translations_of(root, path, diags)).unwrap_or_default();
    Page { slug, title, description, weight, html: rendered.html, translations }
}

/// The translations beside the page at `path` (`about.md` → `about.zh-HK.md`, `about.en.md`).
fn translations_of(root: &Path, path: &Path, diags: &mut Diagnostics) -> BTreeMap<String, PageText> {
    let mut out = BTreeMap::new();
    let (Some(dir), Some(stem)) = (path.parent(), path.file_stem().map(|s| s.to_string_lossy().into_owned())) else { return out };
    for lang in TRANSLATIONS {
        let p = dir.join(format!("{stem}.{lang}.md"));
        if !p.is_file() {
            continue;
        }
        if let Some((tsrc, m, body)) = read_markdown::<PageMeta>(root, &p, diags) {
            let rendered = markdown::render(&body, Trust::Author);
            for problem in rendered.removed {
                diags.warning(&tsrc.display, None, format!("removed unsafe markup from the page: {problem}"), None);
            }
            let description = m.description.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| markdown::truncate(&rendered.first_paragraph, 120));
            out.insert(lang.to_owned(), PageText { title: m.title, description, html: rendered.html });
        }
    }
    out
}

pub(super) fn load_pages(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<Page> {
    let files = files_with_ext(dir, "md");
    // `<name>.<lang>.md` is a translation of `<name>.md` (read with it); anything else with a dot is a mistake.
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    for p in files.iter().filter(|p| stem(p).contains('.')) {
        let s = stem(p);
        let (base, lang) = s.rsplit_once('.').unwrap_or((&s, ""));
        let display = display_path(root, p);
        if !TRANSLATIONS.contains(&lang) {
            diags.error(
                &display,
                None,
                format!("`{lang}` is not a language a page can be translated into"),
                Some(format!("name translations <page>.zh-HK.md or <page>.en.md (found {s}.md)")),
            );
        } else if !files.iter().any(|f| stem(f) == base) {
            diags.error(
                &display,
                None,
                format!("a translation of `{base}.md`, which does not exist"),
                Some("a translation sits beside the zh-CN page it translates".into()),
            );
        }
    }
    let mut pages: Vec<Page> = files
        .into_iter()
        .filter(|p| !stem(p).contains('.'))
        .filter_map(|p| {
            let (src, m, body) = read_markdown::<PageMeta>(root, &p, diags)?;
            check_slug(&src, &p, diags);
            Some(page_from(Some(root), &src, &p, m, &body, diags))
        })
        .collect();
    pages.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    pages
}

pub(super) fn check_slug(src: &Source, path: &Path, diags: &mut Diagnostics) {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if !is_valid_id(&stem) {
        diags.error(&src.display, None, format!("the file name `{stem}` cannot be used in a URL"), Some("name files with a-z, 0-9 and -".into()));
    }
}

pub(super) fn front_offset(text: &str) -> usize {
    split_front_matter(text).map_or(0, |(_, o, _)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_offsets() {
        let text = "+++\ntitle = \"x\"\n+++\n正文\n";
        let (fm, off, body) = split_front_matter(text).unwrap();
        assert_eq!((fm, off, body), ("title = \"x\"\n", 4, "正文\n"));
        assert!(split_front_matter("title = \"x\"\n").is_none());
        assert!(split_front_matter("+++\ntitle = \"x\"\n").is_none());
    }
}
