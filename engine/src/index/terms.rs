//! Each document's terms, kept between builds by a caller (sitegen's build cache) so that a rebuild
//! does not alias and tokenize every unchanged document again ([`super::IndexInput::kept_terms`]; the
//! document itself is still made for the columns and result chunks, which is cheap).
//!
//! The writer tokenizes a document into its distinct terms, each with its term frequency (title
//! occurrences weighted), and its length (written words only). This module encodes exactly that, and
//! reads it back: a document read from its kept terms adds the same postings and length to its part as
//! tokenizing it, so the index is byte for byte what it would be without them (the tests build both).
//!
//! Encoding (LEB128 varints): the length; the count of single Han characters, then each one's code
//! point as the difference from the one before (strictly ascending) and its frequency; the count of
//! Han pairs, then each one as its two characters' places among the singles (every character of a
//! written pair is also a single term of its document) — the first's as the difference from the pair
//! before's, in strictly ascending order of the two places — and its frequency; the count of other
//! terms (words and alias terms), then each one's UTF-8 bytes (a varint byte length first), in
//! strictly ascending byte order, and its frequency. Nothing may follow. About 1.1 KB a vacancy of
//! the sample generator (113 MB at 100,000). Kept terms are the caller's files, which a disk or a
//! person may damage: [`Decoded::read`] checks all of this — and that the length is what the written
//! terms' frequencies add up to, as tokenizing makes it — and refuses anything else, and the writer
//! then tokenizes the document as if nothing were kept. A change that leaves a valid list (another
//! character, another frequency with the length changed to match) cannot be seen here: the caller
//! checks its entries' bytes (sitegen keeps a checksum with each).
//!
//! Its own file on purpose: the search build's wasm embeds `mod.rs`'s panic locations (see `plan.rs`).

/// What keeps documents' terms between builds ([`super::IndexInput::kept_terms`]). A document's key
/// must cover everything its terms are made from (its title and texts, its aliases and what they are
/// made with, the writer's code), as sitegen's build cache does.
pub trait KeptTerms: Send + Sync {
    /// The terms an earlier build gave [`KeptTerms::made`] for each document at `positions`
    /// ([`super::IndexInput::doc`]), appended to `bytes`: for each position, the range of `bytes` its
    /// terms are in, if kept. The writer asks once for each part of its documents (a few thousand), so
    /// a caller need not hold every document's terms at once.
    fn kept(&self, positions: &[u32], bytes: &mut Vec<u8>) -> Vec<Option<std::ops::Range<usize>>>;

    /// The terms of the document at `position`, made by this build (none were kept, or they were
    /// damaged): for the caller to keep. Called once for each such document, from the writer's
    /// threads.
    fn made(&self, position: usize, terms: &[u8]);

    /// Every document's terms have been read or made: no more calls to [`KeptTerms::kept`] or
    /// [`KeptTerms::made`] follow (the writer goes on merging and writing the postings). Called once,
    /// when the tokenizing is done; a caller may keep the made terms from then on.
    fn collected(&self) {}
}

/// [`KeptTerms`] in an [`super::IndexInput`] (`Debug` for the input's sake).
#[derive(Clone)]
pub struct TermStore<'a>(pub std::sync::Arc<dyn KeptTerms + 'a>);

impl std::fmt::Debug for TermStore<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TermStore(..)")
    }
}

/// A key of the Han terms' map: [`super::PartTerms::han_key`].
const PAIR_SHIFT: u32 = 21;

/// Whether `c` is a Han character's code point: what a single's key is.
fn han_ok(c: u64) -> bool {
    u32::try_from(c).ok().and_then(char::from_u32).is_some_and(crate::tokenize::is_han)
}

/// Whether `t` may be a word or an alias term: an alias term is marked, and a word has no Han character
/// (a damaged entry's text spelled like a Han term would be the same term twice in the index).
fn text_ok(t: &str) -> bool {
    !t.is_empty() && (t.starts_with(super::ALIAS_MARK) || !t.chars().any(crate::tokenize::is_han))
}

fn push_uint(out: &mut Vec<u8>, v: u64) {
    super::push_uint(out, v);
}

/// Encodes a document's terms (see the module docs): `length`, its Han terms (`han`: key, frequency)
/// and its other terms (`text`: text, frequency). Both lists are sorted here; each term appears once.
/// `false` (and nothing to keep) when a pair's character is not among the singles, which a document
/// the writer tokenized never has.
pub fn encode(length: u32, han: &mut [(u64, u32)], text: &mut [(&str, u32)], out: &mut Vec<u8>) -> bool {
    out.clear();
    han.sort_unstable_by_key(|h| h.0);
    text.sort_unstable_by(|a, b| a.0.cmp(b.0));
    push_uint(out, u64::from(length));
    // Singles' keys are below 2^21, pairs' above: sorted, the singles come first.
    let singles = han.partition_point(|h| h.0 >> PAIR_SHIFT == 0);
    let (singles, pairs) = han.split_at(singles);
    push_uint(out, singles.len() as u64);
    let mut last = 0;
    for &(key, tf) in singles {
        push_uint(out, key - last);
        push_uint(out, u64::from(tf));
        last = key;
    }
    push_uint(out, pairs.len() as u64);
    let place = |c: u64| singles.binary_search_by_key(&c, |h| h.0).ok();
    let mut last = 0;
    for &(key, tf) in pairs {
        let (Some(a), Some(b)) = (place(key >> PAIR_SHIFT), place(key & ((1 << PAIR_SHIFT) - 1))) else { return false };
        // Pairs sorted by key are sorted by their first character, then their second: by places too.
        push_uint(out, (a - last) as u64);
        push_uint(out, b as u64);
        push_uint(out, u64::from(tf));
        last = a;
    }
    push_uint(out, text.len() as u64);
    for &(t, tf) in text.iter() {
        push_uint(out, t.len() as u64);
        out.extend_from_slice(t.as_bytes());
        push_uint(out, u64::from(tf));
    }
    true
}

/// A document's kept terms, read and checked ([`Decoded::read`]); reused from one document to the next.
#[derive(Debug, Default)]
pub struct Decoded<'b> {
    /// The document's length.
    pub length: u32,
    /// Han terms: key ([`super::PartTerms`]: a character's code point, a pair's two side by side) and
    /// frequency, keys ascending.
    pub han: Vec<(u64, u32)>,
    /// Other terms: text and frequency, in ascending byte order.
    pub text: Vec<(&'b str, u32)>,
}

/// A varint of `bytes` at `pos`, moving `pos` past it; `None` past the end or above 64 bits.
fn uint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return (shift < 63 || b <= 1).then_some(v);
        }
    }
    None
}

impl<'b> Decoded<'b> {
    /// Reads `bytes` ([`encode`]d terms) into `self`; `false`, leaving `self` unusable, when they are not
    /// exactly what [`encode`] makes of some document: a truncated or damaged list, keys or texts out of
    /// order or repeated, a single that is no Han character, a word with one, a frequency of 0, a length
    /// that is not the written terms' frequencies added up (or 1 when there are none).
    pub fn read(&mut self, bytes: &'b [u8]) -> bool {
        self.han.clear();
        self.text.clear();
        self.read_all(bytes).is_some()
    }

    fn read_all(&mut self, bytes: &'b [u8]) -> Option<()> {
        let pos = &mut 0;
        let u32_of = |v: u64| u32::try_from(v).ok();
        self.length = u32_of(uint(bytes, pos)?)?;
        let tf = |pos: &mut usize| u32_of(uint(bytes, pos)?).filter(|&tf| tf > 0);
        // Each entry takes at least two bytes: a count above that is damage, not a reason to allocate.
        let count = |pos: &mut usize| usize::try_from(uint(bytes, pos)?).ok().filter(|&n| n <= bytes.len() / 2);
        let n = count(pos)?;
        let mut key = 0u64;
        for i in 0..n {
            let delta = uint(bytes, pos)?;
            if i > 0 && delta == 0 {
                return None;
            }
            key = key.checked_add(delta)?;
            if !han_ok(key) {
                return None;
            }
            self.han.push((key, tf(pos)?));
        }
        let singles = n;
        let n = count(pos)?;
        let mut last = None;
        for _ in 0..n {
            let a = usize::try_from(uint(bytes, pos)?).ok()?.checked_add(last.map_or(0, |(a, _)| a))?;
            let b = usize::try_from(uint(bytes, pos)?).ok()?;
            if a >= singles || b >= singles || last.is_some_and(|l| l >= (a, b)) {
                return None;
            }
            last = Some((a, b));
            self.han.push(((self.han[a].0 << PAIR_SHIFT) | self.han[b].0, tf(pos)?));
        }
        let n = count(pos)?;
        for _ in 0..n {
            let len = usize::try_from(uint(bytes, pos)?).ok()?;
            let end = pos.checked_add(len).filter(|&e| e <= bytes.len())?;
            let t = std::str::from_utf8(&bytes[*pos..end]).ok()?;
            *pos = end;
            if !text_ok(t) || self.text.last().is_some_and(|&(last, _)| last >= t) {
                return None;
            }
            self.text.push((t, tf(pos)?));
        }
        // The length counts the written terms (not the alias terms), as tokenizing does, and is never 0.
        let written: u64 = self
            .han
            .iter()
            .map(|h| u64::from(h.1))
            .chain(self.text.iter().filter(|t| !t.0.starts_with(super::ALIAS_MARK)).map(|t| u64::from(t.1)))
            .sum();
        (*pos == bytes.len() && u64::from(self.length) == written.max(1)).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DocInput, DocView, IndexInput, MadeAliases};
    use super::*;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    /// Kept terms by position (`kept`), and those a build made.
    struct Store {
        kept: HashMap<usize, Vec<u8>>,
        made: Mutex<HashMap<usize, Vec<u8>>>,
    }

    impl KeptTerms for Store {
        fn kept(&self, positions: &[u32], bytes: &mut Vec<u8>) -> Vec<Option<std::ops::Range<usize>>> {
            let mut one = |terms: &Vec<u8>| {
                bytes.extend_from_slice(terms);
                bytes.len() - terms.len()..bytes.len()
            };
            positions.iter().map(|&p| self.kept.get(&(p as usize)).map(&mut one)).collect()
        }

        fn made(&self, position: usize, terms: &[u8]) {
            let old = self.made.lock().unwrap().insert(position, terms.to_vec());
            assert!(old.is_none(), "document {position} made twice");
        }
    }

    #[test]
    fn kept_terms_build_the_index_tokenizing_builds() {
        // Han, words and alias terms (listed and made, some Han), a title repeated in the body, a
        // document with no text at all (length 1), ties in the posting days.
        let words = ["焊工", "电工 java", "excel 普工 普工", "软件工程师", "食宿 spring boot", "", "plc 焊工"];
        let base = super::super::tests::sample().docs[0].clone();
        let ids: Vec<String> = (0..1500).map(|i| format!("v{:04}", (i * 37) % 1500)).collect();
        let docs: Vec<DocInput<'_>> = (0..1500)
            .map(|i| DocInput {
                view: DocView { id: ids[i].clone(), ..base.view.clone() },
                title: words[i % 7],
                body: if i % 7 == 5 { Vec::new() } else { vec![words[(i * 3) % 7], words[(i / 300) % 7], ids[i].as_str()] },
                posted_days: 20_000 + (i as i64 * 13) % 17,
                aliases: vec![format!("pin{}", i % 13), "焊 工".to_owned()],
                ..base.clone()
            })
            .collect();
        let input = IndexInput {
            threads: 3,
            docs,
            made_aliases: Some(MadeAliases(Arc::new(|i, out: &mut dyn FnMut(&str)| out(&format!("hangong{} 电焊", i % 5))))),
            ..super::super::tests::sample()
        };
        let built = super::super::tests::files_in_parts;
        let with = |kept: HashMap<usize, Vec<u8>>| {
            let store = Arc::new(Store { kept, made: Mutex::default() });
            (IndexInput { kept_terms: Some(TermStore(store.clone())), ..input.clone() }, store)
        };
        let plain = built(input.clone(), super::super::PART_DOCS);
        assert!(plain.len() > 10);

        // Nothing kept: every document's terms are made, the index unchanged.
        let (first, made) = with(HashMap::new());
        assert!(built(first, 64) == plain, "nothing kept: every file, byte for byte");
        let made = std::mem::take(&mut *made.made.lock().unwrap());
        assert_eq!(made.len(), 1500, "every document's terms made once");
        let mut d = Decoded::default();
        assert!(made.values().all(|t| d.read(t)), "what is made reads back");

        // Most kept, a third made again, some kept ones damaged (made again too), on other parts.
        let mut kept = made.clone();
        let mut again: Vec<usize> = (0..1500).filter(|p| p % 3 == 1).collect();
        for p in &again {
            kept.remove(p);
        }
        for p in [0, 5, 998] {
            let t = kept.get_mut(&p).unwrap();
            t.truncate(t.len() - 1);
            again.push(p);
        }
        kept.get_mut(&2).unwrap().push(0);
        again.push(2);
        for part_docs in [1, 100, super::super::PART_DOCS] {
            let (next, store) = with(kept.clone());
            assert!(built(next, part_docs) == plain, "kept terms, parts of {part_docs}: every file, byte for byte");
            let remade = std::mem::take(&mut *store.made.lock().unwrap());
            let mut positions: Vec<usize> = remade.keys().copied().collect();
            positions.sort_unstable();
            again.sort_unstable();
            assert_eq!(positions, again, "only the documents not kept, or kept damaged, are tokenized");
            assert!(remade.iter().all(|(p, t)| made[p] == *t), "made again, the same terms");
        }
    }

    fn sample() -> Vec<u8> {
        let mut han = vec![(u64::from('焊'), 3), ((u64::from('焊') << PAIR_SHIFT) | u64::from('工'), 3), (u64::from('工'), 4)];
        let mut text = vec![("~hangong", 3), ("3d", 1), ("~焊工", 3)];
        let mut out = Vec::new();
        assert!(encode(11, &mut han, &mut text, &mut out));
        out
    }

    #[test]
    fn encoded_terms_read_back_sorted() {
        let bytes = sample();
        let mut d = Decoded::default();
        assert!(d.read(&bytes));
        assert_eq!(d.length, 11, "3 + 4 + 3 + 1: the written terms' frequencies, not the aliases'");
        assert_eq!(d.han, vec![(u64::from('工'), 4), (u64::from('焊'), 3), ((u64::from('焊') << PAIR_SHIFT) | u64::from('工'), 3)]);
        assert_eq!(d.text, vec![("3d", 1), ("~hangong", 3), ("~焊工", 3)]);
        let mut empty = Vec::new();
        assert!(encode(1, &mut [], &mut [], &mut empty));
        let lone_pair = (u64::from('焊') << PAIR_SHIFT) | u64::from('工');
        assert!(!encode(1, &mut [(lone_pair, 1), (u64::from('焊'), 1)], &mut [], &mut Vec::new()), "a pair whose character is no single");
        assert!(d.read(&empty) && d.han.is_empty() && d.text.is_empty() && d.length == 1);
    }

    fn reads(bytes: &[u8]) -> bool {
        Decoded::default().read(bytes)
    }

    #[test]
    fn damaged_terms_are_refused() {
        let bytes = sample();
        for cut in 0..bytes.len() {
            assert!(!reads(&bytes[..cut]), "cut at {cut}");
        }
        assert!(!reads(&[bytes.as_slice(), &[0]].concat()), "a byte after the end");
        // Every single-byte change is refused or reads as some other valid list (never a panic, never
        // a repeated term or a frequency of 0).
        for at in 0..bytes.len() {
            for b in [0u8, 1, 0x7f, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] = b;
                let mut d = Decoded::default();
                if d.read(&damaged) {
                    assert!(d.han.windows(2).all(|w| w[0].0 < w[1].0) && d.text.windows(2).all(|w| w[0].0 < w[1].0));
                    assert!(d.han.iter().map(|h| h.1).chain(d.text.iter().map(|t| t.1)).all(|tf| tf > 0));
                }
            }
        }
        // Out of order, repeated, no character, a place past the singles, a frequency of 0, a count
        // no bytes could hold. `list` writes the fields as given: singles' deltas, pairs' places.
        let list_of_length = |length: Option<u64>, singles: &[(u64, u64)], pairs: &[(u64, u64, u64)], text: &[(&str, u64)]| {
            let written =
                singles.iter().map(|s| s.1).chain(pairs.iter().map(|p| p.2)).chain(text.iter().filter(|t| !t.0.starts_with('~')).map(|t| t.1));
            let mut out = Vec::new();
            push_uint(&mut out, length.unwrap_or_else(|| written.sum::<u64>().max(1)));
            push_uint(&mut out, singles.len() as u64);
            singles.iter().for_each(|&(k, tf)| [k, tf].into_iter().for_each(|v| push_uint(&mut out, v)));
            push_uint(&mut out, pairs.len() as u64);
            pairs.iter().for_each(|&(a, b, tf)| [a, b, tf].into_iter().for_each(|v| push_uint(&mut out, v)));
            push_uint(&mut out, text.len() as u64);
            for &(t, tf) in text {
                push_uint(&mut out, t.len() as u64);
                out.extend_from_slice(t.as_bytes());
                push_uint(&mut out, tf);
            }
            out
        };
        let list = |singles: &[(u64, u64)], pairs: &[(u64, u64, u64)], text: &[(&str, u64)]| list_of_length(None, singles, pairs, text);
        let mut d = Decoded::default();
        let fine = list(&[(0x5de5, 1), (1, 2)], &[(0, 0, 1), (0, 1, 3), (1, 0, 1)], &[("a", 1), ("b", 1)]);
        assert!(d.read(&fine), "the lists as written are fine");
        let (gong, next) = (0x5de5u64, 0x5de6u64);
        let pair = |a: u64, b: u64| (a << PAIR_SHIFT) | b;
        assert_eq!(d.han, [(gong, 1), (next, 2), (pair(gong, gong), 1), (pair(gong, next), 3), (pair(next, gong), 1)]);
        assert!(reads(&list_of_length(Some(2), &[(0x5de5, 2)], &[], &[("~a", 5)])), "the length leaves the alias terms out");
        assert!(!reads(&list_of_length(Some(3), &[(0x5de5, 2)], &[], &[])), "a length the frequencies do not add up to");
        assert!(!reads(&list_of_length(Some(0), &[], &[], &[])), "a length of 0");
        assert!(reads(&list_of_length(Some(1), &[], &[], &[("~a", 3)])), "no written term: length 1");
        assert!(!reads(&list(&[(0x5de5, 1), (0, 2)], &[], &[])), "a single repeated");
        assert!(!reads(&list(&[(0xD800, 1)], &[], &[])), "a surrogate is no character");
        assert!(!reads(&list(&[(u64::from('a'), 1)], &[], &[])), "a single that is no Han character");
        assert!(!reads(&list(&[], &[], &[("a", 1), ("焊", 1)])), "a word spelled like a Han term");
        assert!(reads(&list(&[], &[], &[("a", 1), ("~焊", 1)])), "an alias term may hold Han characters");
        assert!(!reads(&list(&[(0, 1)], &[], &[])), "0 is no single");
        assert!(!reads(&list(&[(0x5de5, 1)], &[(0, 1, 1)], &[])), "a place past the singles");
        assert!(!reads(&list(&[(0x5de5, 1), (1, 2)], &[(1, 0, 1), (0, 0, 1)], &[])), "pairs out of order");
        assert!(!reads(&list(&[(0x5de5, 1)], &[(0, 0, 1), (0, 0, 1)], &[])), "a pair repeated");
        assert!(!reads(&list(&[(0x5de5, 0)], &[], &[])), "a frequency of 0");
        assert!(!reads(&list(&[(0x5de5, 1)], &[(0, 0, 0)], &[])), "a pair's frequency of 0");
        assert!(!reads(&list(&[], &[], &[("b", 1), ("a", 1)])), "words out of order");
        assert!(!reads(&list(&[], &[], &[("a", 1), ("a", 1)])), "a word repeated");
        assert!(!reads(&list(&[], &[], &[("", 1)])), "an empty word");
        let mut huge = Vec::new();
        push_uint(&mut huge, 5);
        push_uint(&mut huge, u64::MAX);
        assert!(!reads(&huge));
        let mut not_utf8 = list(&[], &[], &[("ab", 1)]);
        let at = not_utf8.len() - 3;
        not_utf8[at] = 0xff;
        assert!(!reads(&not_utf8));
    }
}
