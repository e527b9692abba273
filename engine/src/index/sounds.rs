//! The homophone file (issue 14 §3): `sounds-<gen>.qy` ([`Sounds`]), what the full widget fetches once
//! when a Chinese query finds nothing, to suggest a word of the index that sounds the same — a pinyin
//! keyboard's slip, `汉工` for `焊工` ("您要找的是不是：焊工"), never replacing the query itself.
//!
//! It holds two lists, both made by sitegen from the `pinyin` crate's readings (the widget carries no
//! table):
//! - **syllables**: every toneless syllable (`ü` as `v`) with the characters read so, for the characters
//!   of the index's titles, skills and occupations and the 3,755 common characters (GB2312 level 1) —
//!   so the characters a citizen types, found or not, can be turned into pinyin;
//! - **words**: every stretch of [`WORD_CHARS`] characters at most of those texts, by its pinyin (every
//!   reading of its characters, at most [`SPELLINGS`] spellings), with how many vacancies write it.
//!
//! [`Sounds::suggest`] spells the query every way its characters read (at most [`SPELLINGS`]) and
//! offers the most frequent word with one of those spellings that is not the query.
//!
//! Encoding (after the common header): the syllables (count, then each front-coded after the previous
//! one and its characters as a string), then the words (count, then each pinyin front-coded, the word as
//! a string and its vacancy count).

use super::{FormatError, IndexFile, Reader, Writer, common_prefix};
use crate::tokenize::{fold_char, is_han};

pub(super) const KIND_SOUNDS: u8 = 8;

/// The longest word (in characters) the file lists, and so the longest query it helps.
pub const WORD_CHARS: usize = 4;
/// The most spellings of one word (or query) tried: the product of its characters' readings, cut.
pub const SPELLINGS: usize = 8;
/// Readings of one character used (the `pinyin` crate's first ones).
pub const READINGS: usize = 3;

/// The homophone file's lists, see the module's documentation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sounds {
    /// (syllable, the characters read so), syllables in byte order.
    pub syllables: Vec<(String, String)>,
    /// (pinyin, word, vacancies writing it), in byte order of pinyin then word.
    pub words: Vec<(String, String, u32)>,
}

/// The characters of `text` when it is one run of 2 to [`WORD_CHARS`] Han characters (folded as the
/// index folds text: Traditional to Simplified), else `None`: the queries a homophone may help.
pub fn homophone_query(text: &str) -> Option<Vec<char>> {
    let chars: Vec<char> = text.trim().chars().map(fold_char).collect();
    ((2..=WORD_CHARS).contains(&chars.len()) && chars.iter().all(|&c| is_han(c))).then_some(chars)
}

/// Every spelling of a word whose characters read as `readings` (each character's readings in order),
/// the first readings first, at most [`SPELLINGS`]; none if a character has no reading.
pub fn spellings<S: AsRef<str>>(readings: &[Vec<S>]) -> Vec<String> {
    let mut out = vec![String::new()];
    for r in readings {
        out = out.iter().flat_map(|s| r.iter().take(READINGS).map(move |p| format!("{s}{}", p.as_ref()))).take(SPELLINGS).collect();
    }
    out
}

impl Sounds {
    pub(super) fn encode(&self, name: String) -> IndexFile {
        let mut w = Writer::new(KIND_SOUNDS);
        w.uint(self.syllables.len() as u64);
        let mut prev = "";
        for (s, chars) in &self.syllables {
            let shared = common_prefix(prev, s);
            w.uint(shared as u64);
            w.str(&s[shared..]);
            w.str(chars);
            prev = s;
        }
        w.uint(self.words.len() as u64);
        let mut prev = "";
        for (p, word, n) in &self.words {
            let shared = common_prefix(prev, p);
            w.uint(shared as u64);
            w.str(&p[shared..]);
            w.str(word);
            w.uint(u64::from(*n));
            prev = p;
        }
        w.finish(name)
    }

    /// Decodes a homophone file.
    pub fn decode(bytes: &[u8]) -> Result<Sounds, FormatError> {
        let mut r = Reader::open(bytes, KIND_SOUNDS)?;
        let n = r.len()?;
        let mut syllables: Vec<(String, String)> = Vec::with_capacity(n);
        for _ in 0..n {
            let s = r.term(syllables.last().map_or("", |p| p.0.as_str()))?;
            syllables.push((s, r.str()?));
        }
        let n = r.len()?;
        let mut words: Vec<(String, String, u32)> = Vec::with_capacity(n);
        for _ in 0..n {
            let p = r.term(words.last().map_or("", |w| w.0.as_str()))?;
            let word = r.str()?;
            words.push((p, word, r.u32()?));
        }
        r.end()?;
        // The lookups search both lists by halves: out of order is damage.
        let sorted = syllables.windows(2).all(|w| w[0].0 < w[1].0) && words.windows(2).all(|w| (&w[0].0, &w[0].1) < (&w[1].0, &w[1].1));
        if !sorted {
            return Err(FormatError("homophone lists out of order".into()));
        }
        Ok(Sounds { syllables, words })
    }

    /// The syllables `c` is read as, in the file's order.
    pub fn readings(&self, c: char) -> Vec<&str> {
        self.syllables.iter().filter(|(_, chars)| chars.contains(c)).map(|(s, _)| s.as_str()).collect()
    }

    /// The word to suggest for a query that found nothing: of the words spelt as the query may be read
    /// ([`spellings`]), the one most vacancies write (then the first in byte order), never the query
    /// itself. `None` when the query is not 2 to [`WORD_CHARS`] Han characters or no word sounds like it.
    pub fn suggest(&self, query: &str) -> Option<&str> {
        let chars = homophone_query(query)?;
        let typed: String = chars.iter().collect();
        let readings: Vec<Vec<&str>> = chars.iter().map(|&c| self.readings(c)).collect();
        let mut best: Option<(u32, &str)> = None;
        for spelling in spellings(&readings) {
            let start = self.words.partition_point(|(p, _, _)| p.as_str() < spelling.as_str());
            for (_, word, n) in self.words[start..].iter().take_while(|(p, _, _)| *p == spelling) {
                if *word != typed && best.is_none_or(|(bn, bw)| *n > bn || (*n == bn && word.as_str() < bw)) {
                    best = Some((*n, word.as_str()));
                }
            }
        }
        best.map(|(_, w)| w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sounds() -> Sounds {
        let syl = |s: &str, c: &str| (s.to_owned(), c.to_owned());
        let word = |p: &str, w: &str, n: u32| (p.to_owned(), w.to_owned(), n);
        Sounds {
            syllables: vec![syl("gong", "工公"), syl("han", "汉焊韩"), syl("hui", "会汇"), syl("ji", "计记"), syl("kuai", "会快")],
            words: vec![
                word("gonghui", "工会", 1),
                word("hangong", "焊工", 3),
                word("hangong", "韩工", 1),
                word("huiji", "会计", 4),
                word("kuaiji", "会计", 4),
                word("kuaiji", "快记", 5),
            ],
        }
    }

    #[test]
    fn a_same_pinyin_word_is_suggested_the_most_frequent_never_the_query() {
        let s = sounds();
        assert_eq!(s.suggest("汉工"), Some("焊工"), "hangong: 焊工 (3) before 韩工 (1)");
        assert_eq!(s.suggest(" 漢工 "), Some("焊工"), "Traditional folded, spaces trimmed");
        assert_eq!(s.suggest("焊工"), Some("韩工"), "the query itself is never its suggestion");
        assert_eq!(s.suggest("汇计"), Some("会计"));
        assert_eq!(s.suggest("会计"), Some("快记"), "会 read kuai too (polyphone): kuaiji's 快记 is written more");
        assert_eq!(s.suggest("汉"), None, "one character: no suggestion");
        assert_eq!(s.suggest("汉工 java"), None, "Han characters only");
        assert_eq!(s.suggest("汉汉工"), None, "no word spelt hanhangong");
        assert_eq!(s.suggest("汉鬼"), None, "a character without reading in the file");
        assert_eq!(s.readings('会'), ["hui", "kuai"]);
    }

    #[test]
    fn spellings_are_every_reading_bounded() {
        assert_eq!(spellings(&[vec!["hui", "kuai"], vec!["ji"]]), ["huiji", "kuaiji"]);
        let many = vec![vec!["a", "b", "c", "d", "e"]; 4];
        let all = spellings(&many);
        assert_eq!(all.len(), SPELLINGS, "bounded");
        assert_eq!(all[0], "aaaa", "first readings first");
        assert!(all.iter().all(|s| s.chars().all(|c| "abc".contains(c))), "at most {READINGS} readings a character: {all:?}");
        assert!(spellings(&[vec!["han"], Vec::<&str>::new()]).is_empty(), "a character without reading");
    }

    #[test]
    fn round_trips_and_refuses_disorder() {
        let s = sounds();
        let bytes = s.encode("sounds".into()).bytes;
        assert_eq!(Sounds::decode(&bytes).unwrap(), s);
        let mut swapped = s.clone();
        swapped.words.swap(0, 1);
        assert!(Sounds::decode(&swapped.encode("x".into()).bytes).is_err());
        assert_eq!(Sounds::decode(&Sounds::default().encode("e".into()).bytes).unwrap(), Sounds::default());
    }
}
