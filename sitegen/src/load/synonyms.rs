//! `synonyms.toml`: other words for occupations, keyed by GB/T 6565 occupation codes (issue 14 §3). The
//! built-in vocabulary (`sitegen/data/vocabulary.toml`, English and Hong Kong words) and a district's own
//! `synonyms.toml` share this format (docs/content.md); each entry is checked with its position. The
//! words reach the search index as aliases of the vacancies whose `occupationalCategory` has the code
//! (`formats::aliases`), so `welder` finds 焊工 without any vacancy writing it.

use std::path::Path;

use engine::diag::Diagnostics;
use serde::Deserialize;
use toml::Spanned;

use super::source::{Source, parse_toml, read};
use crate::model::OccupationWords;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsFile {
    #[serde(default)]
    occupation: Vec<OccupationIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OccupationIn {
    code: Spanned<String>,
    name: Option<String>,
    words: Spanned<Vec<String>>,
}

/// The most words one entry may list, and the longest word.
const MAX_WORDS: usize = 64;
const MAX_WORD: usize = 60;

/// Whether `code` is a GB/T 6565 code of a major, middle, minor or detailed group: `6`, `6-18`,
/// `6-18-02`, `6-18-02-01`.
pub fn is_occupation_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().is_some_and(|p| p.len() == 1 && p.bytes().all(|b| b.is_ascii_digit()));
    let rest: Vec<&str> = parts.collect();
    first && rest.len() <= 3 && rest.iter().all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses one synonyms file's text; every problem goes to `diags` with its line and column.
pub(crate) fn parse(src: &Source, diags: &mut Diagnostics) -> Vec<OccupationWords> {
    let Some(file) = parse_toml::<SynonymsFile>(src, &src.text, 0, diags) else { return Vec::new() };
    let mut out = Vec::new();
    for o in file.occupation {
        let at = src.pos(o.code.span().start);
        if !is_occupation_code(o.code.get_ref()) {
            diags.error(
                &src.display,
                at,
                format!("`code` {:?} is not a GB/T 6565 occupation code", o.code.get_ref()),
                Some("write the code as occupationalCategory starts, e.g. \"6-18-02\"".into()),
            );
            continue;
        }
        let words_at = src.pos(o.words.span().start);
        let words = o.words.into_inner();
        let bad = words.iter().find(|w| w.trim().is_empty() || w.chars().count() > MAX_WORD || w.chars().any(char::is_control));
        if words.is_empty() || words.len() > MAX_WORDS || bad.is_some() {
            let what = bad.map_or(format!("{} words (1 to {MAX_WORDS} are allowed)", words.len()), |w| {
                format!("the word {:?} is empty, longer than {MAX_WORD} characters or has a control character", engine::diag::printable(w))
            });
            diags.error(&src.display, words_at, format!("occupation `{}`: `words`: {what}", o.code.get_ref()), None);
            continue;
        }
        out.push(OccupationWords { code: o.code.into_inner(), name: o.name, words });
    }
    out
}

/// A district's `synonyms.toml` (none when the file does not exist).
pub(super) fn load(root: &Path, path: &Path, diags: &mut Diagnostics) -> Vec<OccupationWords> {
    if !path.exists() {
        return Vec::new();
    }
    let Some(src) = read(root, path, diags) else { return Vec::new() };
    parse(&src, diags)
}

/// The built-in vocabulary (`sitegen/data/vocabulary.toml`, embedded in the binary).
pub fn builtin() -> Vec<OccupationWords> {
    let src = Source { display: "sitegen/data/vocabulary.toml".into(), text: include_str!("../../data/vocabulary.toml").into() };
    let mut diags = Diagnostics::default();
    let out = parse(&src, &mut diags);
    debug_assert!(diags.is_empty(), "the built-in vocabulary has problems: {diags:?}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Vec<OccupationWords>, Vec<String>) {
        let src = Source { display: "districts/huangpu/synonyms.toml".into(), text: text.into() };
        let mut diags = Diagnostics::default();
        let out = parse(&src, &mut diags);
        (out, diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn the_builtin_vocabulary_is_valid_and_covers_the_issue_s_words() {
        let src = Source { display: "sitegen/data/vocabulary.toml".into(), text: include_str!("../../data/vocabulary.toml").into() };
        let mut diags = Diagnostics::default();
        let v = parse(&src, &mut diags);
        assert!(diags.is_empty(), "{:?}", diags.iter().map(|d| d.to_string()).collect::<Vec<_>>());
        for (code, word) in [("6-18-02", "welder"), ("6-29-03", "forklift"), ("4-09-07", "cleaner"), ("2-06-03", "accountant"), ("4-02-02", "driver")]
        {
            assert!(v.iter().any(|o| o.code == code && o.words.iter().any(|w| w == word)), "{code} {word}");
        }
        assert!(v.iter().any(|o| o.words.iter().any(|w| w == "nurse")));
    }

    #[test]
    fn entries_are_checked_with_their_positions() {
        let (ok, errs) = parsed("[[occupation]]\ncode = \"6-18-02\"\nname = \"焊工\"\nwords = [\"welder\", \"燒焊\"]\n");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(ok, [OccupationWords { code: "6-18-02".into(), name: Some("焊工".into()), words: vec!["welder".into(), "燒焊".into()] }]);
        let (ok, errs) = parsed("[[occupation]]\ncode = \"welders\"\nwords = [\"welder\"]\n\n[[occupation]]\ncode = \"6-18\"\nwords = []\n");
        assert!(ok.is_empty());
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].starts_with("districts/huangpu/synonyms.toml:2:8: error: `code` \"welders\" is not a GB/T 6565"), "{}", errs[0]);
        assert!(errs[1].starts_with("districts/huangpu/synonyms.toml:7:9: error: occupation `6-18`: `words`: 0 words"), "{}", errs[1]);
        let (_, errs) = parsed("[[occupation]]\ncode = \"6-18-02\"\nword = [\"welder\"]\n");
        assert!(errs[0].contains(":3:1:") && errs[0].contains("did you mean `words`?"), "{errs:?}");
        assert!(is_occupation_code("6") && is_occupation_code("2-02-10-03") && !is_occupation_code("6-1") && !is_occupation_code("6-18-02-01-1"));
    }
}
