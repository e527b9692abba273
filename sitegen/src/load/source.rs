//! What every loader shares: reading a file into a [`Source`] (its display path and text, to turn byte
//! offsets into `line:col`), parsing TOML with positions and "did you mean" hints, listing a folder, and
//! the identifier check of stations, events and series.
//!
//! Reading is where the content folder's bounds are kept (issue 15): a file reached through a link
//! that leads outside the content folder is an error naming it, and is never read ([`inside`]); a file
//! larger than its kind may be ([`MAX_VACANCY_FILE`], [`MAX_TEXT_FILE`]) is an error before it is read;
//! invalid UTF-8 is an error at its line and column. `content_files` lists a folder the same way,
//! reporting links that leave the folder or lead nowhere instead of skipping them.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use engine::diag::{Diagnostics, Pos};
use engine::text::{is_valid_id, suggest};
use serde::de::DeserializeOwned;
use toml::Spanned;

/// A file being read: its display path and text, to turn byte offsets into positions.
pub(crate) struct Source {
    pub(crate) display: String,
    pub(crate) text: String,
}

impl Source {
    pub(crate) fn pos(&self, offset: usize) -> Option<Pos> {
        Some(Pos::of_offset(&self.text, offset))
    }
}

/// The largest vacancy file (`*.json`) read: 256 MiB, a million vacancies of a typical size. Parsing
/// takes about 1 s and 2.5 times the file's size in memory per 100 MB (docs/content.md).
pub const MAX_VACANCY_FILE: u64 = 256 << 20;
/// The largest TOML, markdown or template file read: 2 MiB (TOML takes about a hundred times its size
/// in memory while parsed; a district's whole stations.toml is a few kilobytes).
pub const MAX_TEXT_FILE: u64 = 2 << 20;

/// Whether `path` (under the content folder `root`) really lies inside it once every link on the way is
/// followed: `Ok(false)` when it leads outside, with where it leads.
pub fn inside(root: &Path, path: &Path) -> std::io::Result<Result<(), PathBuf>> {
    let real_root = fs::canonicalize(root)?;
    let real = fs::canonicalize(path)?;
    Ok(if real.starts_with(&real_root) { Ok(()) } else { Err(real) })
}

/// Reads a file, recording a problem when it cannot be read, leads outside the content folder, is too
/// large or is not UTF-8.
pub(crate) fn read(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Source> {
    let display = display_path(root, path);
    let fail = |diags: &mut Diagnostics, pos: Option<Pos>, msg: String, hint: Option<String>| {
        diags.error(&display, pos, msg, hint);
        None
    };
    match inside(root, path) {
        Err(e) => return fail(diags, None, format!("cannot read the file: {e}"), None),
        Ok(Err(to)) => {
            return fail(
                diags,
                None,
                format!("links outside the content folder (to {}); not read", to.display()),
                Some("copy the file into the content folder".into()),
            );
        }
        Ok(Ok(())) => {}
    }
    let limit = if path.extension().is_some_and(|e| e == "json") { MAX_VACANCY_FILE } else { MAX_TEXT_FILE };
    let bytes = match read_bounded(path, limit) {
        Ok(b) => b,
        Err(Unreadable { message, hint }) => return fail(diags, None, message, hint),
    };
    match utf8(bytes) {
        Ok(text) => Some(Source { display, text }),
        Err((pos, message, hint)) => fail(diags, Some(pos), message, Some(hint)),
    }
}

/// Why a file was not read: the message and a hint.
pub(crate) struct Unreadable {
    /// What is wrong.
    pub(crate) message: String,
    /// What to do.
    pub(crate) hint: Option<String>,
}

/// A file's bytes, unless it is larger than `limit` (checked before reading: nothing of it is read).
pub(crate) fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let unreadable = |e: std::io::Error| Unreadable { message: format!("cannot read the file: {e}"), hint: None };
    let m = fs::metadata(path).map_err(unreadable)?;
    if m.len() > limit {
        let mb = |n: u64| format!("{:.1} MB", n as f64 / f64::from(1 << 20));
        return Err(Unreadable {
            message: format!("the file is {}, more than the {} a file of this kind may be", mb(m.len()), mb(limit)),
            hint: Some("split it into several files".into()),
        });
    }
    fs::read(path).map_err(unreadable)
}

/// `bytes` as text, or where the first invalid UTF-8 is: (position, message, hint).
pub(crate) fn utf8(bytes: Vec<u8>) -> Result<String, (Pos, String, String)> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let shown: Vec<String> = bytes[at..].iter().take(e.utf8_error().error_len().unwrap_or(1)).map(|b| format!("{b:#04x}")).collect();
        (Pos::of_offset(valid, at), format!("invalid UTF-8 (byte {})", shown.join(" ")), "save the file as UTF-8".to_owned())
    })
}

/// The longest title or name a team may give a page, event, station, district or the site, in
/// characters: search engines show about 60 to 100, and every navigation and listing repeats them (the
/// same limit as a vacancy's title, `engine::validate::MAX_TITLE_CHARS`).
pub const MAX_TITLE_CHARS: usize = engine::validate::MAX_TITLE_CHARS;

/// "is N characters long, more than 200" when `text` is longer than [`MAX_TITLE_CHARS`].
pub fn too_long(text: &str) -> Option<String> {
    let n = text.chars().count();
    (n > MAX_TITLE_CHARS).then(|| format!("is {n} characters long, more than {MAX_TITLE_CHARS}"))
}

/// [`read`]'s text only (templates).
pub(crate) fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    read(root, path, diags).map(|s| s.text)
}

/// How a path is shown in messages: the content folder's name joined with the path inside it.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    root.join(rel).to_string_lossy().replace('\\', "/")
}

/// Parses TOML (at `offset` within `src`), reporting a syntax or type error with its position.
pub(crate) fn parse_toml<T: DeserializeOwned>(src: &Source, text: &str, offset: usize, diags: &mut Diagnostics) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let pos = e.span().and_then(|s| src.pos(offset + s.start));
            let msg = e.message().trim().replace('\n', " ");
            let hint = unknown_field_hint(&msg);
            diags.error(&src.display, pos, msg, hint);
            None
        }
    }
}

/// Turns serde's "unknown field `x`, expected one of `a`, `b`" into a "did you mean" hint.
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    suggest(field, names.iter().copied()).map(|s| format!("did you mean `{s}`?"))
}

/// Sorted `*.ext` files directly in `dir` (none when it does not exist).
pub(crate) fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

pub(crate) fn check_id(src: &Source, id: &Spanned<String>, seen: &mut BTreeSet<String>, what: &str, diags: &mut Diagnostics) -> bool {
    let pos = src.pos(id.span().start);
    if !is_valid_id(id.get_ref()) {
        diags.error(&src.display, pos, format!("{what} id `{}` is not of the form [a-z0-9-]{{1,64}}", id.get_ref()), None);
        return false;
    }
    if !seen.insert(id.get_ref().clone()) {
        diags.error(&src.display, pos, format!("duplicate {what} id `{}`", id.get_ref()), None);
        return false;
    }
    true
}

/// The files of a content folder's `dir` (all levels when `deep`, else only `*.ext` directly in it),
/// relative to `dir`, sorted. A link that leads outside the content folder or to nothing is an error
/// naming it, and left out; a folder (not `deep`) is a warning; a folder reached through a link is not
/// entered.
pub(crate) fn content_files(root: &Path, dir: &Path, ext: Option<&str>, deep: bool, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            let display = display_path(root, &p);
            let is_link = e.file_type().is_ok_and(|t| t.is_symlink());
            if is_link {
                match inside(root, &p) {
                    Err(_) => {
                        diags.error(&display, None, "a link to a file that does not exist", None);
                        continue;
                    }
                    Ok(Err(to)) => {
                        diags.error(&display, None, format!("links outside the content folder (to {}); not read", to.display()), None);
                        continue;
                    }
                    Ok(Ok(())) => {}
                }
            }
            if p.is_dir() {
                if deep && !is_link {
                    stack.push(p);
                } else if !deep {
                    let hint = format!("put the *.{} files directly in {}", ext.unwrap_or("*"), display_path(root, dir));
                    diags.warning(&display, None, "a folder here is not read", Some(hint));
                }
                continue;
            }
            if ext.is_none_or(|x| p.extension().is_some_and(|e| e == x))
                && let Ok(rel) = p.strip_prefix(dir)
            {
                out.push(rel.to_owned());
            }
        }
    }
    out.sort();
    out
}

/// Every file under `dir`, relative to it, sorted; empty when `dir` does not exist.
pub fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_owned());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_hints() {
        assert_eq!(unknown_field_hint("unknown field `titel`, expected one of `title`, `description`").as_deref(), Some("did you mean `title`?"));
        assert_eq!(unknown_field_hint("invalid type"), None);
    }
}
