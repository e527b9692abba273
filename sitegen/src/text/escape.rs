//! Escaping for HTML and XML: the one place content text is made safe to put between tags or in an
//! attribute (templates escape through tera; these are for what sitegen writes itself: sanitized markdown,
//! feeds, sitemaps, SVG charts).

/// Escapes text for HTML element content.
pub fn escape_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            _ => o.push(c),
        }
    }
    o
}

/// Escapes text for a double-quoted attribute value.
pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;").replace('\'', "&#39;")
}

/// Escapes text for XML (element content and attribute values), dropping the control characters XML
/// 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let cleaned: String = s.chars().filter(|&c| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r')).collect();
    escape_attr(&cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&#39;");
    }
}
