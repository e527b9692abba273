//! The inline code a page really carries, as Content-Security-Policy hash sources: every inline
//! `<script>` that runs (no `src`, a JavaScript type — not a data block such as
//! `application/ld+json`), every `<style>` element and every `style="…"` attribute, each as
//! `'sha256-<base64>'` of its exact text (attribute values with their character references decoded, as
//! the browser hashes them).
//!
//! The build scans each page as it is written (`output::Staging::write_page`), so the policy in
//! `_headers` allows exactly what the built pages contain — a team's template override included — and
//! nothing else (`formats::host_rules::content_security_policy`).
//!
//! The scanner walks tags as HTML's tokenizer does for what we write: comments are skipped, the text of
//! `<script>` and `<style>` runs to their end tag, attribute values may be quoted either way or bare.
//! Text outside tags is never read: escaped content cannot contain a `<` that starts a tag.

use std::collections::BTreeSet;

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Hash sources of a site's inline code, sorted (the policy's bytes do not depend on page order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineCode {
    /// Inline scripts that run.
    pub scripts: BTreeSet<String>,
    /// `<style>` elements.
    pub styles: BTreeSet<String>,
    /// `style` attributes (allowed by hash only with `'unsafe-hashes'`).
    pub style_attrs: BTreeSet<String>,
}

impl InlineCode {
    /// Adds what `other` holds, copying only the sources not already here.
    pub fn extend_from(&mut self, other: &InlineCode) {
        for (mine, theirs) in [(&mut self.scripts, &other.scripts), (&mut self.styles, &other.styles), (&mut self.style_attrs, &other.style_attrs)] {
            for source in theirs {
                if !mine.contains(source) {
                    mine.insert(source.clone());
                }
            }
        }
    }
}

/// `'sha256-<base64>'`: a CSP hash source of `text`'s UTF-8 bytes.
pub fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// The inline code of one HTML page. Every page of a build is scanned as it is written, so the walk
/// allocates nothing per tag, and each distinct text is hashed once.
pub fn scan(html: &str) -> InlineCode {
    // The texts found, by kind; hashed once each at the end.
    let (mut scripts, mut styles, mut style_attrs) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        let rest = &html[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            i = memchr::memmem::find(comment.as_bytes(), b"-->").map_or(html.len(), |e| at + 4 + e + 3);
            continue;
        }
        if !rest.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        let tag = Tag::parse(html, at + 1);
        if let Some(style) = tag.style {
            style_attrs.insert(style);
        }
        i = tag.end;
        let (script, style) = (tag.name.eq_ignore_ascii_case("script"), tag.name.eq_ignore_ascii_case("style"));
        if script || style {
            let close = end_tag(html, tag.end, if script { "script" } else { "style" }).unwrap_or(html.len());
            let text = &html[tag.end..close];
            if style {
                styles.insert(text);
            } else if tag.src.is_none() && runs(tag.kind) {
                scripts.insert(text);
            }
            i = close;
        }
    }
    InlineCode {
        scripts: scripts.into_iter().map(hash_source).collect(),
        styles: styles.into_iter().map(hash_source).collect(),
        style_attrs: style_attrs.into_iter().map(|v| hash_source(&decode_references(v))).collect(),
    }
}

/// Whether a `<script type=…>` is executed as JavaScript (otherwise it is a data block).
fn runs(kind: Option<&str>) -> bool {
    let Some(kind) = kind.map(|k| k.trim().to_ascii_lowercase()) else { return true };
    kind.is_empty() || kind == "module" || kind.contains("javascript") || kind.contains("ecmascript") || kind.contains("jscript")
}

/// A start tag: its name as written, the attributes the scan reads (each as first written, as the
/// browser keeps it), and the offset after its `>`.
struct Tag<'a> {
    name: &'a str,
    style: Option<&'a str>,
    src: Option<&'a str>,
    kind: Option<&'a str>,
    end: usize,
}

impl<'a> Tag<'a> {
    /// Parses the tag whose name starts at `start` (just after `<`).
    fn parse(html: &'a str, start: usize) -> Tag<'a> {
        let b = html.as_bytes();
        let mut i = start;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let mut tag = Tag { name: &html[start..i], style: None, src: None, kind: None, end: b.len() };
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                tag.end = (i + 1).min(b.len());
                return tag;
            }
            let n = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr = &html[n..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let v = i + 1;
                    let e = memchr::memchr(b[i], &b[v..]).map_or(b.len(), |e| v + e);
                    value = &html[v..e];
                    i = (e + 1).min(b.len());
                } else {
                    let v = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = &html[v..i];
                }
            }
            let slot = if attr.eq_ignore_ascii_case("style") {
                &mut tag.style
            } else if attr.eq_ignore_ascii_case("src") {
                &mut tag.src
            } else if attr.eq_ignore_ascii_case("type") {
                &mut tag.kind
            } else {
                continue;
            };
            slot.get_or_insert(value);
        }
    }
}

/// Where the end tag `</name` (`name` ASCII, lower case; in any ASCII case) first starts in `html`
/// from `from` on.
fn end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let b = html.as_bytes();
    memchr::memmem::find_iter(&b[from..], b"</")
        .map(|at| from + at)
        .find(|&at| b.get(at + 2..at + 2 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes())))
}

/// An attribute value with its character references decoded (the named ones our escaping writes,
/// and numeric ones): what the browser compares a hash against.
fn decode_references(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix('#')
                    .and_then(|n| match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    })
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_in_base64() {
        // Known answer: SHA-256 of "abc" (FIPS 180-2, appendix B.1), base64-encoded.
        assert_eq!(hash_source("abc"), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
    }

    #[test]
    fn finds_running_scripts_styles_and_style_attributes() {
        let page = "<!doctype html><html><head><script>var a=1;</script>\
            <script type=\"module\" src=\"/b.js\"></script>\
            <script type=\"application/ld+json\">{\"@type\":\"JobPosting\"}</script>\
            <SCRIPT type=module>go()</SCRIPT >\
            <!-- <script>not()</script> -->\
            <noscript><style>.x { display: none; }</style></noscript></head>\
            <body style=\"--accent: #0a5&amp;\"><p title='a>b' style=c>text with style=\"no\" and <b>bold</b></p></body></html>";
        let found = scan(page);
        assert_eq!(found.scripts, BTreeSet::from([hash_source("var a=1;"), hash_source("go()")]));
        assert_eq!(found.styles, BTreeSet::from([hash_source(".x { display: none; }")]));
        assert_eq!(found.style_attrs, BTreeSet::from([hash_source("--accent: #0a5&"), hash_source("c")]));
    }

    #[test]
    fn decodes_references_as_the_browser_does() {
        assert_eq!(decode_references("a&amp;b&#x27;c&#39;d&quot;&lt;&gt;&unknown; & e"), "a&b'c'd\"<>&unknown; & e");
    }

    #[test]
    fn unterminated_markup_ends_the_scan() {
        assert_eq!(scan("<script>never closed").scripts, BTreeSet::from([hash_source("never closed")]));
        assert_eq!(scan("<p style=\"open").style_attrs, BTreeSet::from([hash_source("open")]));
        for page in ["<!-- <script>x</script>", "<a", "<", "<style"] {
            assert!(scan(page).scripts.is_empty(), "{page}");
        }
    }
}
