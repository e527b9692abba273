//! The search's aliases of a vacancy (issue 14 §3): the other words that should find it, made at build
//! time so the widget only matches (`engine::index::DocInput::aliases`; a query word uses them only when
//! no vacancy writes it, `engine::search`).
//!
//! - **Pinyin** of the Chinese in its title, skills and occupation name, from the `pinyin` crate (its
//!   table is generated from the maintained pinyin-data, itself from Unicode's Unihan readings): for each
//!   run of Han characters, the pinyin of every stretch from each character to the run's end (at most
//!   [`MAX_SPAN`] characters: `dianhangong`, `hangong`), so a word typed from any character on is found,
//!   also while typed (a prefix); and every pair of neighbours in *every* reading of both characters
//!   (`会计` → `huiji` and `kuaiji`): the crate gives readings per character, not per word, so a
//!   polyphonic character's other readings are indexed rather than guessed, at most [`MAX_READINGS`] per
//!   character. `ü` is written `v`, as pinyin keyboards type it.
//! - **Words for its occupation**: the built-in vocabulary and the district's `synonyms.toml`, by the
//!   GB/T 6565 code its `occupationalCategory` starts with (`load::synonyms`).

use std::collections::BTreeSet;

use engine::tokenize::{fold_char, is_han};
use engine::vacancy::Vacancy;
use pinyin::{ToPinyin, ToPinyinMulti};

use crate::model::OccupationWords;

/// The longest stretch of characters whose pinyin is one alias.
pub const MAX_SPAN: usize = 6;
/// Readings of one character used in the pairs.
pub const MAX_READINGS: usize = 3;

/// A character's reading without tones, in ASCII (`ü` → `v`).
fn ascii(p: pinyin::Pinyin) -> String {
    p.plain().replace('ü', "v")
}

/// Adds the pinyin aliases of `text` to `out`.
pub fn pinyin_of(text: &str, out: &mut BTreeSet<String>) {
    let folded: Vec<char> = text.chars().map(fold_char).collect();
    for run in folded.split(|c| !is_han(*c)).filter(|r| r.len() >= 2) {
        let main: Vec<Option<String>> = run.iter().map(|c| c.to_pinyin().map(ascii)).collect();
        for i in 0..run.len() - 1 {
            let span: Option<String> = main[i..(i + MAX_SPAN).min(run.len())].iter().map(|p| p.as_deref()).collect();
            if let Some(s) = span {
                out.insert(s);
            }
            let readings =
                |c: char| -> Vec<String> { c.to_pinyin_multi().map(|m| m.into_iter().take(MAX_READINGS).map(ascii).collect()).unwrap_or_default() };
            for a in readings(run[i]) {
                for b in readings(run[i + 1]) {
                    out.insert(format!("{a}{b}"));
                }
            }
        }
    }
}

/// Whether `words` are for the occupation `category` (`"6-18-02 焊工"`): its code is the category's
/// code or a group above it, and its name, if any, is the category's name.
pub fn applies(words: &OccupationWords, category: &str) -> bool {
    let (code, name) = category.trim().split_once(' ').map_or((category.trim(), ""), |(c, n)| (c, n.trim()));
    let in_group = code == words.code || code.strip_prefix(words.code.as_str()).is_some_and(|rest| rest.starts_with('-'));
    in_group && words.name.as_deref().is_none_or(|n| n == name)
}

/// Every alias of `v`, sorted: the pinyin of its title, skills and occupation name, and the words of
/// `vocabularies` (the built-in one, the district's) for its occupation.
pub fn aliases(v: &Vacancy, vocabularies: &[&[OccupationWords]]) -> Vec<String> {
    let mut out = BTreeSet::new();
    pinyin_of(&v.title, &mut out);
    v.skills.iter().for_each(|s| pinyin_of(s, &mut out));
    if let Some(category) = v.occupational_category.as_deref() {
        pinyin_of(category, &mut out);
        for w in vocabularies.iter().flat_map(|v| v.iter()).filter(|w| applies(w, category)) {
            out.extend(w.words.iter().cloned());
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pinyin(text: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        pinyin_of(text, &mut out);
        out.into_iter().collect()
    }

    #[test]
    fn every_stretch_to_the_end_and_every_reading_of_each_pair() {
        let p = pinyin("电焊工（持证）");
        for w in ["dianhangong", "hangong", "dianhan", "chizheng"] {
            assert!(p.contains(&w.to_owned()), "{w} in {p:?}");
        }
        let p = pinyin("总账会计");
        assert!(p.contains(&"kuaiji".to_owned()) && p.contains(&"huiji".to_owned()), "会's two readings: {p:?}");
        assert!(p.contains(&"zongzhanghuiji".to_owned()), "the crate's first reading for the long stretch");
        assert!(pinyin("焊").is_empty(), "one character: no alias (its pinyin finds every word it is in)");
        assert!(pinyin("Java开发").contains(&"kaifa".to_owned()));
        assert!(pinyin("绿化").contains(&"lvhua".to_owned()), "ü as v");
        assert!(pinyin("軟件").contains(&"ruanjian".to_owned()), "Traditional folded first");
    }

    #[test]
    fn words_apply_by_code_and_name() {
        let w = |code: &str, name: Option<&str>| OccupationWords { code: code.into(), name: name.map(Into::into), words: vec!["x".into()] };
        assert!(applies(&w("6-18-02", None), "6-18-02 焊工"));
        assert!(applies(&w("6-18", None), "6-18-02 焊工"), "a group above");
        assert!(!applies(&w("6-18-0", None), "6-18-02 焊工"), "not a group: a piece of a code");
        assert!(!applies(&w("6-18-02", None), "6-18-03 焊工"));
        assert!(applies(&w("4-10-01", Some("保育员")), "4-10-01 保育员") && !applies(&w("4-10-01", Some("保育员")), "4-10-01 家政服务员"));
    }
}
