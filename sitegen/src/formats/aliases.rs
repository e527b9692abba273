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
//!
//! And the homophone file's lists ([`sounds`], `engine::index::Sounds`): the readings of the
//! characters of those texts and of the 3,755 common characters (GB2312 level 1, listed by decoding
//! its code points with `encoding_rs`), and the texts' words by pinyin, so the widget can suggest
//! `焊工` for `汉工` without a table of its own.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use engine::index::Sounds;
use engine::index::sounds::{READINGS, WORD_CHARS, spellings};
use engine::tokenize::{fold_char, is_han};
use engine::vacancy::Vacancy;
use pinyin::{ToPinyin, ToPinyinMulti};

use crate::model::OccupationWords;

/// The longest stretch of characters whose pinyin is one alias.
pub const MAX_SPAN: usize = 6;
/// Readings of one character used in the pairs.
pub const MAX_READINGS: usize = 3;

/// A character's reading without tones, in ASCII (`ü` → `v`): the crate's own text unless it has a `ü`.
fn ascii(p: pinyin::Pinyin) -> Cow<'static, str> {
    let plain = p.plain();
    if plain.contains('ü') { Cow::Owned(plain.replace('ü', "v")) } else { Cow::Borrowed(plain) }
}

/// Aliases as they are made, spelled one after another into one buffer (no allocation per alias:
/// the indexer makes a few hundred a vacancy, many of them more than once), read sorted, each once.
#[derive(Debug, Default)]
pub struct Spelled {
    /// The aliases' text, one after another.
    text: String,
    /// Each alias's first eight bytes (big-endian, zeros after a shorter one: ordered as the texts
    /// are, unless equal), start and end in `text`.
    spans: Vec<(u64, usize, usize)>,
}

impl Spelled {
    /// Forgets every alias (keeping the room they took).
    pub fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }

    /// Adds the alias spelled by `parts`, one after another.
    pub fn add<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>) {
        let start = self.text.len();
        parts.into_iter().for_each(|p| self.text.push_str(p));
        let mut head = [0u8; 8];
        let bytes = &self.text.as_bytes()[start..];
        let n = bytes.len().min(8);
        head[..n].copy_from_slice(&bytes[..n]);
        self.spans.push((u64::from_be_bytes(head), start, self.text.len()));
    }

    /// Every alias added, in byte order, each once.
    pub fn sorted(&mut self) -> impl Iterator<Item = &str> {
        let Spelled { text, spans } = self;
        let text = text.as_str();
        // Most pairs differ in their first eight bytes: the texts are compared only when those are equal.
        spans.sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| text[x.1..x.2].cmp(&text[y.1..y.2])));
        spans.dedup_by(|x, y| x.0 == y.0 && text[x.1..x.2] == text[y.1..y.2]);
        spans.iter().map(move |&(_, a, b)| &text[a..b])
    }
}

/// Adds the pinyin aliases of `text` to `out`, spelled from the crate's static readings.
pub fn pinyin_of(text: &str, out: &mut Spelled) {
    let folded: Vec<char> = text.chars().map(fold_char).collect();
    for run in folded.split(|c| !is_han(*c)).filter(|r| r.len() >= 2) {
        let main: Vec<Option<Cow<'static, str>>> = run.iter().map(|c| c.to_pinyin().map(ascii)).collect();
        // Each character's readings, once (every pair of neighbours reads them): character i's are
        // `readings[ends[i]..ends[i + 1]]`.
        let mut readings: Vec<Cow<'static, str>> = Vec::with_capacity(run.len() * 2);
        let mut ends = Vec::with_capacity(run.len() + 1);
        ends.push(0);
        for c in run {
            readings.extend(c.to_pinyin_multi().into_iter().flat_map(|m| m.into_iter().take(MAX_READINGS)).map(ascii));
            ends.push(readings.len());
        }
        let of = |i: usize| &readings[ends[i]..ends[i + 1]];
        for i in 0..run.len() - 1 {
            let span = &main[i..(i + MAX_SPAN).min(run.len())];
            if span.iter().all(Option::is_some) {
                out.add(span.iter().flatten().map(|p| &**p));
            }
            for a in of(i) {
                for b in of(i + 1) {
                    out.add([&**a, &**b]);
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

/// Every alias of `v`, sorted, each once: the pinyin of its title, skills and occupation name, and
/// the words of `vocabularies` (the built-in one, the district's) for its occupation. Made in `out`
/// (cleared first), whose room a caller keeps from one vacancy to the next.
pub fn aliases<'a>(v: &Vacancy, vocabularies: &[&[OccupationWords]], out: &'a mut Spelled) -> impl Iterator<Item = &'a str> {
    out.clear();
    pinyin_of(&v.title, out);
    v.skills.iter().for_each(|s| pinyin_of(s, out));
    if let Some(category) = v.occupational_category.as_deref() {
        pinyin_of(category, out);
        for w in vocabularies.iter().flat_map(|v| v.iter()).filter(|w| applies(w, category)) {
            w.words.iter().for_each(|word| out.add([word.as_str()]));
        }
    }
    out.sorted()
}

/// The readings of `c` for the homophone file: toneless, each once, at most
/// [`READINGS`], in byte order (the order the widget reads them from the file).
fn sound_readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in c.to_pinyin_multi().into_iter().flatten().map(|p| ascii(p).into_owned()) {
        if !out.contains(&r) && out.len() < READINGS {
            out.push(r);
        }
    }
    out.sort();
    out
}

/// The 3,755 characters of GB2312 level 1 (rows 16 to 55, the commonest characters), from the
/// encoding's table.
pub fn gb2312_level1() -> Vec<char> {
    let mut out = Vec::new();
    for row in 0xB0u8..=0xD7 {
        let last = if row == 0xD7 { 0xF9 } else { 0xFE };
        for cell in 0xA1u8..=last {
            let pair = [row, cell];
            let (text, _, bad) = encoding_rs::GBK.decode(&pair);
            let mut chars = text.chars();
            if let (false, Some(c), None) = (bad, chars.next(), chars.next()) {
                out.push(c);
            }
        }
    }
    out
}

/// The texts of `v` the homophone file reads: its title, skills and occupation.
pub fn sound_texts(v: &Vacancy) -> Vec<&str> {
    std::iter::once(v.title.as_str()).chain(v.skills.iter().map(String::as_str)).chain(v.occupational_category.as_deref()).collect()
}

/// The homophone file's lists for vacancies given by their texts ([`sound_texts`]; see the module's
/// documentation): the syllables of their characters and of GB2312 level 1, and every stretch of 2 to
/// [`WORD_CHARS`] characters of those texts by each of its spellings, with how many vacancies write it.
/// The words are counted on every core (a part of the vacancies each), then spelled once each.
pub fn sounds(vacancies: &[Vec<&str>]) -> Sounds {
    let mut chars: BTreeSet<char> = gb2312_level1().into_iter().map(fold_char).filter(|&c| is_han(c)).collect();
    let threads = crate::parallel::worker_threads().clamp(1, 64);
    let parts: Vec<&[Vec<&str>]> = vacancies.chunks(vacancies.len().div_ceil(threads).max(1)).collect();
    let mut vacancies_of: WordCounts = HashMap::default();
    for (part_chars, counts) in crate::parallel::map(&parts, |part| count_words(part)) {
        chars.extend(part_chars);
        if vacancies_of.is_empty() {
            vacancies_of = counts;
            continue;
        }
        for (word, n) in counts {
            *vacancies_of.entry(word).or_default() += n;
        }
    }
    let mut readings: BTreeMap<char, Vec<String>> = BTreeMap::new();
    let mut counts: BTreeMap<(String, String), u32> = BTreeMap::new();
    for (word, n) in vacancies_of {
        let r: Vec<Vec<String>> = word.iter().map(|&c| readings.entry(c).or_insert_with(|| sound_readings(c)).clone()).collect();
        let text: String = word.iter().collect();
        for spelling in spellings(&r) {
            *counts.entry((spelling, text.clone())).or_default() += n;
        }
    }
    let mut syllables: BTreeMap<String, String> = BTreeMap::new();
    for c in chars {
        for r in readings.get(&c).cloned().unwrap_or_else(|| sound_readings(c)) {
            syllables.entry(r).or_default().push(c);
        }
    }
    Sounds { syllables: syllables.into_iter().collect(), words: counts.into_iter().map(|((p, w), n)| (p, w, n)).collect() }
}

/// How many vacancies write each word (a run of 2 to [`WORD_CHARS`] Han characters); FNV-1a: a few
/// characters a key, hashed some ten million times a build at 100,000 vacancies (the lists made from
/// the map are sorted: its order does not count).
type WordCounts = HashMap<Vec<char>, u32, std::hash::BuildHasherDefault<engine::index::FnvHasher>>;

/// The Han characters `vacancies` write, and how many of them write each word: each distinct word is
/// kept once (a word's spellings count once per vacancy that writes it; at 100,000 vacancies there are
/// some fifty times fewer distinct words than (vacancy, word) pairs).
fn count_words(vacancies: &[Vec<&str>]) -> (HashSet<char>, WordCounts) {
    let mut chars = HashSet::new();
    let mut counts = WordCounts::default();
    for texts in vacancies {
        let folded: Vec<Vec<char>> = texts.iter().map(|text| text.chars().map(fold_char).collect()).collect();
        let mut words: Vec<&[char]> = Vec::new();
        for text in &folded {
            for run in text.split(|c| !is_han(*c)) {
                chars.extend(run.iter().copied());
                for i in 0..run.len() {
                    for n in 2..=WORD_CHARS.min(run.len() - i) {
                        words.push(&run[i..i + n]);
                    }
                }
            }
        }
        words.sort_unstable();
        words.dedup();
        for word in words {
            match counts.get_mut(word) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(word.to_vec(), 1);
                }
            }
        }
    }
    (chars, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pinyin(text: &str) -> Vec<String> {
        let mut out = Spelled::default();
        pinyin_of(text, &mut out);
        out.sorted().map(str::to_owned).collect()
    }

    #[test]
    fn spelled_aliases_come_out_in_byte_order_each_once() {
        let words = ["zhongzhanghuiji", "zhongzhang", "zhongzhanghuijia", "hui", "ab", "ab\u{0}", "a", "", "zhongzhanghuiji", "焊工", "ab", "hui"];
        let mut spelled = Spelled::default();
        for w in words {
            // Spelled in two parts, as the pairs are.
            let cut = w.char_indices().nth(1).map_or(w.len(), |(i, _)| i);
            spelled.add([&w[..cut], &w[cut..]]);
        }
        let mut expected: Vec<&str> = words.to_vec();
        expected.sort();
        expected.dedup();
        assert_eq!(spelled.sorted().collect::<Vec<_>>(), expected);
        spelled.clear();
        assert_eq!(spelled.sorted().count(), 0);
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
    fn sounds_turn_a_homophone_slip_into_the_written_word() {
        assert_eq!(gb2312_level1().len(), 3755, "GB2312 level 1");
        let vs = [vec!["电焊工", "焊接"], vec!["焊工（持证）"], vec!["总账会计", "6-20-01 会计"]];
        let s = sounds(&vs);
        assert_eq!(s.suggest("汉工"), Some("焊工"), "汉 is not in the vacancies: GB2312 gives its reading");
        assert_eq!(s.suggest("电汉工"), Some("电焊工"));
        assert_eq!(s.suggest("快记"), Some("会计"), "会 read kuai too");
        assert!(s.words.contains(&("hangong".into(), "焊工".into(), 2)), "two vacancies write 焊工");
        for spelling in ["huiji", "kuaiji"] {
            assert!(s.words.contains(&(spelling.into(), "会计".into(), 1)), "one vacancy writes 会计, twice: counted once");
        }
        assert!(s.words.iter().all(|(_, w, _)| (2..=WORD_CHARS).contains(&w.chars().count())));
        assert_eq!(s.suggest("焊工"), None, "no other word sounds like 焊工 here");
        assert_eq!(sound_readings('会'), ["hui", "kuai"], "toneless, each once");
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
