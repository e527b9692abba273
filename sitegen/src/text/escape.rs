//! Escaping for HTML and XML: the one place content text is made safe to put between tags or in an
//! attribute (templates escape through tera, with [`tera_escape`]; the rest is for what sitegen writes
//! itself: sanitized markdown, feeds, sitemaps, SVG charts).
//!
//! Every escape here also drops the characters XML 1.0 forbids or discourages ([`is_forbidden`]: C0
//! controls but tab, line feed and carriage return; DEL and the C1 controls; U+FFFE, U+FFFF and the other
//! non-characters), so one stray byte in a title cannot make a feed or sitemap unparsable, and HTML
//! gets the same text as the feeds (a NUL never reaches a `<title>`).

use std::borrow::Cow;
use std::io::{self, Write};

/// True for characters no output format of ours carries: C0 controls except tab, LF and CR; DEL and
/// the C1 controls (U+007F–U+009F); the non-characters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane.
pub fn is_forbidden(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || (0x7f..=0x9f).contains(&u) || (0xfdd0..=0xfdef).contains(&u) || u & 0xfffe == 0xfffe
}

/// Whether byte `b` of UTF-8 text may be, or start, an [`is_forbidden`] character: a C0 control,
/// DEL, or the first byte of a C1 control (0xC2), of U+FDD0–U+FDEF and U+FFFE/U+FFFF (0xEF) or of a
/// character beyond the Basic Multilingual Plane (0xF0–0xF4). Never a continuation byte, so always
/// where a character starts; Chinese text's other characters start with 0xE3–0xE9.
pub fn may_start_forbidden(b: u8) -> bool {
    b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xef || b >= 0xf0
}

/// Whether `s` holds an [`is_forbidden`] character; only the characters that start with a byte
/// [`may_start_forbidden`] are decoded (every page's every value is checked).
pub fn has_forbidden(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if may_start_forbidden(b[i]) {
            let Some(c) = s[i..].chars().next() else { break };
            if is_forbidden(c) {
                return true;
            }
            i += c.len_utf8();
        } else {
            i += 1;
        }
    }
    false
}

/// `s` without the [`is_forbidden`] characters (borrowed when it has none).
pub fn drop_forbidden(s: &str) -> Cow<'_, str> {
    if has_forbidden(s) { Cow::Owned(s.chars().filter(|&c| !is_forbidden(c)).collect()) } else { Cow::Borrowed(s) }
}

/// tera's escape function for every template: the [`is_forbidden`] characters dropped, then tera's own
/// HTML escaping (`&`, `<`, `>`, `"`, `'`).
pub fn tera_escape(input: &str, out: &mut dyn Write) -> io::Result<()> {
    tera::escape_html(&drop_forbidden(input), out)
}

/// Escapes text for HTML element content.
pub fn escape_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            c if is_forbidden(c) => {}
            _ => o.push(c),
        }
    }
    o
}

/// Escapes text for a double-quoted attribute value.
pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;").replace('\'', "&#39;")
}

/// Escapes text for XML (element content and attribute values), dropping the characters XML 1.0
/// forbids ([`is_forbidden`]).
pub fn xml_escape(s: &str) -> String {
    escape_attr(s)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Strings from `pool`'s characters, each of 0 to 40 of them (a fixed linear congruential
    /// sequence: the same strings every run).
    pub(crate) fn strings_of(pool: &[char], count: usize) -> Vec<String> {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as usize
        };
        (0..count).map(|_| (0..next() % 41).map(|_| pool[next() % pool.len()]).collect()).collect()
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn characters_xml_forbids_are_dropped_everywhere() {
        let bad = "a\u{0}b\u{1b}c\u{7f}d\u{85}e\u{fffe}f\u{ffff}g\u{fdd0}h\u{1fffe}i\u{10ffff}j";
        for out in [xml_escape(bad), escape_text(bad), escape_attr(bad), drop_forbidden(bad).into_owned()] {
            assert_eq!(out, "abcdefghij");
        }
        assert_eq!(xml_escape("tab\tline\ncr\r 中文 \u{fffd} \u{fdcf} \u{fdf0}"), "tab\tline\ncr\r 中文 \u{fffd} \u{fdcf} \u{fdf0}");
        assert!(matches!(drop_forbidden("clean"), Cow::Borrowed(_)));
        let mut out = Vec::new();
        tera_escape("<t\u{0}>\"", &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "&lt;t&gt;&quot;");
        // Every character XML 1.0 allows (Char production) is kept unless it is a discouraged one.
        for u in (0..0x11_0000u32).filter_map(char::from_u32) {
            let allowed = matches!(u as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF);
            if !allowed {
                assert!(is_forbidden(u), "{:x}", u as u32);
            }
        }
    }

    #[test]
    fn forbidden_characters_are_found_as_reading_each_character_finds_them() {
        let pool = [
            'a',
            '\u{0}',
            '\t',
            '\n',
            '\r',
            '\u{1f}',
            ' ',
            '\u{7e}',
            '\u{7f}',
            '\u{80}',
            '\u{9f}',
            '\u{a0}',
            '¢',
            '焊',
            '，',
            '\u{fdcf}',
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fdf0}',
            '\u{fffd}',
            '\u{fffe}',
            '\u{ffff}',
            '😀',
            '\u{1fffe}',
            '\u{2ffff}',
            '\u{10fffd}',
            '\u{10ffff}',
        ];
        for text in strings_of(&pool, 3000) {
            assert_eq!(has_forbidden(&text), text.chars().any(is_forbidden), "{text:?}");
            assert_eq!(drop_forbidden(&text), text.chars().filter(|&c| !is_forbidden(c)).collect::<String>());
        }
    }
}
