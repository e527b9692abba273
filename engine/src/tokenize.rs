//! Chinese-aware tokenization for search, shared by the index writer (sitegen) and reader (widget).
//!
//! Text is normalized first: full-width ASCII becomes ASCII, ASCII is lower-cased, and Traditional and
//! Hong Kong variant characters are folded to Simplified (OpenCC's tables, generated into `fold_table.rs`), on
//! both the indexing and the query side, so 軟件工程師 finds 软件工程师. Then each run of Han characters
//! gives its characters (unigrams) and neighbouring pairs (bigrams), and each run of ASCII letters and
//! digits gives one lower-cased word. A query uses the bigrams of a Han run (all must match, so 工程师
//! needs 工程 and 程师 and finds 软件工程师 and 机械工程师, while 焊工 does not find 电工) and the
//! unigram only for a one-character run.

use crate::fold_table::{FROM, TO};

/// Folds one character: full-width ASCII to ASCII, ASCII to lower case, Traditional to Simplified.
pub fn fold_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let Ok(key) = u16::try_from(u32::from(c)) else { return c };
    match FROM.binary_search(&key) {
        Ok(i) => char::from_u32(u32::from(TO[i])).unwrap_or(c),
        Err(_) => c,
    }
}

/// The folded form of a whole text.
pub fn normalize(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// True for a Han (CJK ideograph) character.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A run of one kind of character.
enum Run {
    Han(Vec<char>),
    Word(String),
}

fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in text.chars().map(fold_char) {
        let (is_h, is_w) = (is_han(c), c.is_ascii_alphanumeric());
        // A run ends where a character of another kind (or a separator) starts.
        if !is_h && !han.is_empty() {
            out.push(Run::Han(std::mem::take(&mut han)));
        }
        if !is_w && !word.is_empty() {
            out.push(Run::Word(std::mem::take(&mut word)));
        }
        if is_h {
            han.push(c);
        } else if is_w {
            word.push(c);
        }
    }
    if !han.is_empty() {
        out.push(Run::Han(han));
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    out
}

/// An index term ([`for_each_index_term`]) by its parts, for a writer that keys terms without
/// spelling them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexTerm<'a> {
    /// One Han character.
    Han(char),
    /// Two neighbouring Han characters.
    Pair(char, char),
    /// A run of ASCII letters and digits, lower-cased.
    Word(&'a str),
}

impl IndexTerm<'_> {
    /// Appends the term's text to `out`.
    pub fn push_to(self, out: &mut String) {
        match self {
            IndexTerm::Han(c) => out.push(c),
            IndexTerm::Pair(a, b) => {
                out.push(a);
                out.push(b);
            }
            IndexTerm::Word(w) => out.push_str(w),
        }
    }
}

/// Calls `f` with every index term of a text: every Han character, every pair of neighbouring Han
/// characters, every ASCII word (repeats kept, for term frequencies). Allocates nothing per term: the
/// index writer calls it for every word of every vacancy.
pub fn for_each_index_term(text: &str, mut f: impl FnMut(&str)) {
    let mut term = String::new();
    for_each_index_term_part(text, |t| {
        term.clear();
        t.push_to(&mut term);
        f(&term);
    });
}

/// [`for_each_index_term`], each term given by its parts ([`IndexTerm`]), in the same order.
pub fn for_each_index_term_part(text: &str, mut f: impl FnMut(IndexTerm<'_>)) {
    let mut prev: Option<char> = None;
    let mut word = String::new();
    for c in text.chars().map(fold_char) {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            f(IndexTerm::Word(&word));
            word.clear();
        }
        if is_han(c) {
            if let Some(p) = prev {
                f(IndexTerm::Pair(p, c));
            }
            f(IndexTerm::Han(c));
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    if !word.is_empty() {
        f(IndexTerm::Word(&word));
    }
}

/// Index terms of a text (see [`for_each_index_term`]), collected.
pub fn index_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_index_term(text, |t| out.push(t.to_owned()));
    out
}

/// Query terms, all of which a document must contain: the bigrams of each Han run (its unigram when the
/// run is one character), each ASCII word. Duplicates removed, order kept.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    for run in runs(text) {
        match run {
            Run::Han(chars) if chars.len() == 1 => push(chars[0].to_string()),
            Run::Han(chars) => chars.windows(2).for_each(|w| push(w.iter().collect())),
            Run::Word(w) => push(w),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, doc: &str) -> bool {
        let terms = index_terms(doc);
        query_terms(query).iter().all(|q| terms.contains(q))
    }

    #[test]
    fn chinese_bigrams_find_compound_words() {
        assert_eq!(query_terms("工程师"), ["工程", "程师"]);
        assert!(matches("工程师", "软件工程师（Java后端）"));
        assert!(matches("工程师", "机械工程师"));
        assert!(!matches("工程师", "工程监理员"));
        assert!(matches("焊工", "焊工（二氧化碳保护焊）"));
        assert!(!matches("焊工", "电工"));
        assert!(matches("焊", "氩弧焊工"));
    }

    #[test]
    fn traditional_and_hong_kong_forms_fold_to_simplified() {
        assert_eq!(normalize("軟件工程師"), "软件工程师");
        assert!(matches("軟件工程師", "软件工程师"));
        assert!(matches("软件工程师", "軟件工程師"));
        assert_eq!(normalize("會計"), "会计");
        assert_eq!(fold_char('着'), '着');
    }

    #[test]
    fn ascii_words_are_lower_cased_and_split_from_han() {
        assert_eq!(index_terms("PLC编程"), ["plc", "编", "编程", "程"]);
        assert_eq!(index_terms("焊工A1 电工"), ["焊", "焊工", "工", "a1", "电", "电工", "工"]);
        assert_eq!(query_terms("Java 后端, Spring-Boot"), ["java", "后端", "spring", "boot"]);
        assert_eq!(query_terms("ＵＩ设计"), ["ui", "设计"]);
        assert!(matches("java", "软件工程师（JAVA后端）"));
        assert!(query_terms("  ，。 ").is_empty());
    }

    #[test]
    fn the_fold_table_is_sorted_and_simplifies() {
        assert!(FROM.windows(2).all(|w| w[0] < w[1]), "binary search needs a sorted table");
        assert_eq!(FROM.len(), TO.len());
        assert!(FROM.len() > 2500);
        for (t, s) in [('師', '师'), ('軟', '软'), ('電', '电'), ('銷', '销'), ('錶', '表')] {
            assert_eq!(fold_char(t), s);
        }
    }
}
