//! Small text helpers shared by the site generator and the widget: identifier rules and "did you mean"
//! suggestions for misspelt keys.

/// True for a valid identifier or slug: 1–64 characters of `a-z`, `0-9` and `-`.
pub fn is_valid_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Percent-encodes a URL query value: everything but RFC 3986's unreserved characters, as UTF-8 bytes.
/// Shared by the pages sitegen writes and the URLs the widget keeps, so both spell a query alike.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// The candidate closest to `word` (case-insensitive edit distance), if it is close enough to be a likely
/// typo: at most a third of the word's length, and at most 3 edits.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let limit = (w.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&w, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Edit distance over characters where a swap of two neighbours counts as one edit (optimal string
/// alignment), so `titel` is one edit from `title`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let mut v = (d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1])).min(d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("huangpu-000001"));
        assert!(is_valid_id(&"a".repeat(64)));
        for bad in ["", "Huangpu", "a_b", "a b", "黄埔", &"a".repeat(65)] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        let keys = ["title", "validThrough", "datePosted", "skills"];
        assert_eq!(suggest("titel", keys), Some("title"));
        assert_eq!(suggest("validthrough", keys), Some("validThrough"));
        assert_eq!(suggest("date_posted", keys), Some("datePosted"));
        assert_eq!(suggest("salary", keys), None);
        assert_eq!(edit_distance("焊工", "电工"), 1);
    }
}
