//! Templates: the built-in tera templates embedded in the binary, overridable file by file.
//!
//! A district web team copies any file of `sitegen/templates/` into `content/templates/` and edits it;
//! files there replace the built-in ones of the same name, the rest stay built in (mdBook's theme model).

use std::path::Path;

use sha2::{Digest, Sha256};

use engine::diag::Diagnostics;
use tera::Tera;

/// The built-in templates: (name, source).
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("parts/job_list.html", include_str!("../../templates/parts/job_list.html")),
    ("parts/pagination.html", include_str!("../../templates/parts/pagination.html")),
    ("parts/chart.html", include_str!("../../templates/parts/chart.html")),
    ("parts/source.html", include_str!("../../templates/parts/source.html")),
    ("parts/display.js", include_str!("../../templates/parts/display.js")),
    ("city_home.html", include_str!("../../templates/city_home.html")),
    ("district_home.html", include_str!("../../templates/district_home.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("policies.html", include_str!("../../templates/policies.html")),
    ("policy.html", include_str!("../../templates/policy.html")),
    ("stations.html", include_str!("../../templates/stations.html")),
    ("station.html", include_str!("../../templates/station.html")),
    ("events.html", include_str!("../../templates/events.html")),
    ("event.html", include_str!("../../templates/event.html")),
    ("jobs.html", include_str!("../../templates/jobs.html")),
    ("saved.html", include_str!("../../templates/saved.html")),
    ("parts/citizen.html", include_str!("../../templates/parts/citizen.html")),
    ("job.html", include_str!("../../templates/job.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("embed.html", include_str!("../../templates/embed.html")),
];

/// Builds the template set: built-ins, then overrides from `dir` (when given), with a hash of every
/// template's name and text (what the build cache keys pages by). Problems go to `diags`.
pub fn load(dir: Option<&Path>, root: &Path, diags: &mut Diagnostics) -> Option<(Tera, [u8; 32])> {
    let mut sources: Vec<(String, String, String)> =
        BUILTIN.iter().map(|(n, s)| ((*n).to_owned(), (*s).to_owned(), format!("<built-in>/{n}"))).collect();
    if let Some(dir) = dir {
        for rel in crate::load::source::content_files(root, dir, None, true, diags) {
            let name = rel.to_string_lossy().replace('\\', "/");
            let display = crate::load::source::display_path(root, &dir.join(&rel));
            let Some(text) = crate::load::source::read_text(root, &dir.join(&rel), diags) else { continue };
            match sources.iter_mut().find(|(n, _, _)| *n == name) {
                Some(slot) => *slot = (name, text, display),
                None if name.ends_with(".html") => sources.push((name, text, display)),
                None => diags.warning(
                    &display,
                    None,
                    "ignored: not a template name the site uses",
                    Some(format!("built-in templates: {}", BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))),
                ),
            }
        }
    }
    let mut tera = Tera::new();
    tera.set_escape_fn(crate::text::escape::tera_escape);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str()))) {
        let msg = flatten(&e);
        // Name the file the error is about (tera names the template in its message).
        let display = sources
            .iter()
            .filter(|(n, _, _)| msg.contains(&format!("'{n}'")) || msg.contains(n.as_str()))
            .map(|(_, _, d)| d.as_str())
            .next()
            .unwrap_or("templates");
        diags.error(display, None, format!("template error: {msg}"), None);
        return None;
    }
    let mut hash = Sha256::new();
    for (name, text, _) in &sources {
        for part in [name, text] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
    }
    Some((tera, hash.finalize().into()))
}

/// A tera error with its causes on one line.
pub fn flatten(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    #[test]
    fn every_template_key_exists() {
        let t = I18n::load("zh-CN");
        let mut missing = Vec::new();
        for (name, src) in BUILTIN {
            for (i, _) in src.match_indices("t.") {
                let before = src[..i].chars().last();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = src[i + 2..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !key.is_empty() && !t.has(&key) {
                    missing.push(format!("{name}: t.{key}"));
                }
            }
        }
        assert!(missing.is_empty(), "template keys missing from i18n/zh-CN.toml: {missing:?}");
    }
}
