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

/// `s` without the [`is_forbidden`] characters (borrowed when it has none).
pub fn drop_forbidden(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_forbidden) { Cow::Owned(s.chars().filter(|&c| !is_forbidden(c)).collect()) } else { Cow::Borrowed(s) }
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
mod tests {
    use super::*;

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
}
