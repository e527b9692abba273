//! What every loader shares: reading a file into a [`Source`] (its display path and text, to turn byte
//! offsets into `line:col`), parsing TOML with positions and "did you mean" hints, listing a folder, and
//! the identifier check of stations, events and series.

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

/// Reads a file, recording a problem when it cannot be read.
pub(crate) fn read(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Source> {
    let display = display_path(root, path);
    match fs::read_to_string(path) {
        Ok(text) => Some(Source { display, text }),
        Err(e) => {
            diags.error(&display, None, format!("cannot read the file: {e}"), None);
            None
        }
    }
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
