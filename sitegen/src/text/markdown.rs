//! Markdown to safe HTML: pulldown-cmark (tables, footnotes, strikethrough) plus our own sanitizer.
//!
//! Raw HTML inside markdown keeps only a small allowlist of formatting tags without attributes (`a` keeps
//! a safe `href`, `abbr` a `title`); `<script>`, `<style>`, `<iframe>` and the like are removed with their
//! contents; everything else is escaped as text. Link targets must be http(s), mailto, tel, relative or
//! fragment URLs. Headings are shifted so the body's highest level is `h2` (the template's title is `h1`).
//! Vacancy descriptions ([`Trust::Untrusted`]) also lose images (no requests to third parties) and
//! headings become bold paragraphs' level `h3`+.

use super::escape::{escape_attr, escape_text};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// How far the text's author is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// District web teams: relative images allowed.
    Author,
    /// Vacancy descriptions from HR systems: no images, headings from h3.
    Untrusted,
}

/// The result of rendering.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// Plain text of the first paragraph (for descriptions and summaries).
    pub first_paragraph: String,
    /// What the sanitizer removed, for warnings.
    pub removed: Vec<String>,
}

const ALLOWED: &[&str] = &[
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
    "a",
    "abbr",
    "sub",
    "sup",
    "hr",
    "del",
    "s",
    "u",
    "small",
    "dl",
    "dt",
    "dd",
];
const VOID: &[&str] = &["br", "hr"];
/// Elements removed together with their contents.
const DROP_WITH_CONTENT: &[&str] =
    &["script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea", "select", "title"];

/// Renders markdown to sanitized HTML.
pub fn render(text: &str, trust: Trust) -> Rendered {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event> = Parser::new_ext(text, opts).collect();
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let base = if trust == Trust::Untrusted { 3 } else { 2 };
    let shift = |level: HeadingLevel| -> HeadingLevel {
        let l = (level as usize + base).saturating_sub(top).clamp(base, 6);
        HeadingLevel::try_from(l).unwrap_or(HeadingLevel::H6)
    };

    let mut out = Rendered::default();
    let mut san = HtmlSanitizer::default();
    let mut skip_link_ends = Vec::new();
    let mut images: Vec<bool> = Vec::new();
    let mut first_para: Option<String> = None;
    let mut first_para_done = false;
    let mut para_depth = 0usize;
    let mut safe: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        match e {
            Event::Html(s) | Event::InlineHtml(s) => {
                let cleaned = san.clean(&s, &mut out.removed);
                if !cleaned.is_empty() {
                    safe.push(Event::InlineHtml(CowStr::from(cleaned)));
                }
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                safe.push(Event::Start(Tag::Heading { level: shift(level), id, classes, attrs }))
            }
            Event::End(TagEnd::Heading(level)) => safe.push(Event::End(TagEnd::Heading(shift(level)))),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let ok = safe_url(&dest_url);
                if !ok {
                    out.removed.push(format!("a link to `{dest_url}`"));
                }
                skip_link_ends.push(!ok);
                if ok {
                    safe.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) => {
                if !skip_link_ends.pop().unwrap_or(false) {
                    safe.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                // Images are written by hand so the alt text survives when the image is refused.
                let ok = trust == Trust::Author && safe_url(&dest_url) && !dest_url.contains("://") && !dest_url.starts_with("//");
                if !ok {
                    out.removed.push(format!("an image from `{dest_url}`"));
                }
                images.push(ok);
                safe.push(Event::InlineHtml(CowStr::from(if ok {
                    format!("<img src=\"{}\" alt=\"", escape_attr(&dest_url))
                } else {
                    "<span>".to_owned()
                })));
            }
            Event::End(TagEnd::Image) => {
                let ok = images.pop().unwrap_or(false);
                safe.push(Event::InlineHtml(CowStr::from(if ok { "\" loading=\"lazy\">" } else { "</span>" })));
            }
            Event::Text(t) if !images.is_empty() => {
                let esc = if images.last() == Some(&true) { escape_attr(&t) } else { escape_text(&t) };
                safe.push(Event::InlineHtml(CowStr::from(esc)));
            }
            Event::Start(Tag::Paragraph) => {
                para_depth += 1;
                first_para.get_or_insert_with(String::new);
                safe.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                para_depth = para_depth.saturating_sub(1);
                first_para_done |= first_para.as_ref().is_some_and(|p| !p.is_empty());
                safe.push(Event::End(TagEnd::Paragraph));
            }
            Event::Text(t) | Event::Code(t) => {
                if para_depth > 0
                    && let Some(fp) = first_para.as_mut()
                    && !san.skipping()
                    && !first_para_done
                    && fp.len() < 1200
                {
                    fp.push_str(&t);
                }
                if !san.skipping() {
                    safe.push(Event::Text(t));
                }
            }
            other => {
                if !san.skipping() {
                    safe.push(other);
                }
            }
        }
    }
    html::push_html(&mut out.html, safe.into_iter());
    out.first_paragraph = first_para.unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
    out
}

/// The plain text of markdown, for formats that are not HTML (iCalendar descriptions): paragraphs and
/// headings separated by blank lines, list items on lines of their own (`• `), a link's http(s) target in
/// parentheses after its text; raw HTML and images are left out.
pub fn plain_text(text: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::new();
    let mut links: Vec<Option<String>> = Vec::new();
    let mut in_image = 0usize;
    // Raw HTML is dropped, but the sanitizer still tracks it so that the text inside a `<script>` or
    // `<style>` element is dropped too.
    let mut san = HtmlSanitizer::default();
    for e in Parser::new_ext(text, opts) {
        match e {
            Event::Html(s) | Event::InlineHtml(s) => {
                san.clean(&s, &mut Vec::new());
            }
            Event::Text(t) | Event::Code(t) if in_image == 0 && !san.skipping() => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let shown = (dest_url.starts_with("https://") || dest_url.starts_with("http://")).then(|| dest_url.to_string());
                links.push(shown);
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(url)) = links.pop()
                    && !out.ends_with(url.as_str())
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::Start(Tag::Item) => out.push_str("• "),
            Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::List(_) | TagEnd::Table | TagEnd::BlockQuote(_)) => {
                out.push_str("\n\n")
            }
            _ => {}
        }
    }
    // Trailing spaces off every line, at most one blank line in a row, none at the ends.
    let mut text = String::with_capacity(out.len());
    let mut blank = false;
    for line in out.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if blank {
            text.push('\n');
            blank = false;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line);
    }
    text
}

/// Cuts `text` to at most `max` characters at a character boundary, adding "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// True for URLs that cannot run script: http(s), mailto, tel, relative paths and fragments.
pub fn safe_url(url: &str) -> bool {
    let u: String = url.trim().chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    match u.find(':') {
        None => true,
        Some(colon) => {
            // A colon after the first `/`, `?` or `#` is not a scheme separator.
            if u[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&u[..colon], "http" | "https" | "mailto" | "tel")
        }
    }
}

/// Sanitizes raw HTML chunks; keeps state across chunks (an element to drop may span several).
#[derive(Default)]
struct HtmlSanitizer {
    /// While inside an element dropped with its content: its name and nesting depth.
    dropping: Option<(String, usize)>,
}

impl HtmlSanitizer {
    fn skipping(&self) -> bool {
        self.dropping.is_some()
    }

    fn clean(&mut self, raw: &str, removed: &mut Vec<String>) -> String {
        let mut out = String::new();
        let mut rest = raw;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                if !self.skipping() {
                    out.push_str(&escape_text(rest));
                }
                break;
            };
            if !self.skipping() {
                out.push_str(&escape_text(&rest[..lt]));
            }
            rest = &rest[lt..];
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |i| &after[i + 3..]);
                continue;
            }
            let Some(gt) = find_tag_end(rest) else {
                if !self.skipping() {
                    out.push_str(&escape_text(rest));
                }
                break;
            };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            let closing = tag.starts_with('/');
            let body = tag.trim_start_matches('/');
            let name: String = body.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
            if name.is_empty() {
                if !self.skipping() {
                    out.push_str(&escape_text(&format!("<{tag}>")));
                }
                continue;
            }
            if let Some((dropping, depth)) = &mut self.dropping {
                if *dropping == name {
                    if closing {
                        *depth -= 1;
                        if *depth == 0 {
                            self.dropping = None;
                        }
                    } else {
                        *depth += 1;
                    }
                }
                continue;
            }
            if DROP_WITH_CONTENT.contains(&name.as_str()) {
                if !closing {
                    removed.push(format!("a <{name}> element"));
                    if !body.trim_end().ends_with('/') {
                        self.dropping = Some((name, 1));
                    }
                }
                continue;
            }
            if !ALLOWED.contains(&name.as_str()) {
                if !closing {
                    removed.push(format!("a <{name}> tag"));
                }
                continue;
            }
            if closing {
                if !VOID.contains(&name.as_str()) {
                    out.push_str(&format!("</{name}>"));
                }
                continue;
            }
            let attrs = &body[name.len()..];
            out.push('<');
            out.push_str(&name);
            match name.as_str() {
                "a" => match attr_value(attrs, "href") {
                    Some(h) if safe_url(&h) => {
                        out.push_str(&format!(" href=\"{}\"", escape_attr(&h)));
                        if h.contains("://") {
                            out.push_str(" rel=\"nofollow noopener\"");
                        }
                    }
                    Some(h) => removed.push(format!("a link to `{h}`")),
                    None => {}
                },
                "abbr" => {
                    if let Some(t) = attr_value(attrs, "title") {
                        out.push_str(&format!(" title=\"{}\"", escape_attr(&t)));
                    }
                }
                _ => {}
            }
            if attrs.to_ascii_lowercase().contains("on") && has_event_handler(attrs) {
                removed.push(format!("an event handler on <{name}>"));
            }
            out.push('>');
        }
        out
    }
}

/// Index of the `>` closing the tag that starts at `s[0] == '<'`, skipping quoted attribute values.
fn find_tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

fn attr_value(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[at + name.len()..].trim_start();
        if before_ok && let Some(v) = rest.strip_prefix('=') {
            let v = v.trim_start();
            return Some(match v.chars().next() {
                Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or("").to_owned(),
                _ => v.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_owned(),
            });
        }
        from = at + name.len();
    }
    None
}

fn has_event_handler(attrs: &str) -> bool {
    let lower = attrs.to_ascii_lowercase();
    lower.split(|c: char| c.is_whitespace() || c == '/' || c == '"' || c == '\'').any(|w| {
        w.starts_with("on")
            && w.len() > 2
            && w[2..].split('=').next().is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphabetic()))
            && w.contains('=')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(s: &str) -> String {
        render(s, Trust::Untrusted).html
    }

    #[test]
    fn formats_markdown_with_tables_and_footnotes() {
        let r = render("## 标题\n\n第一段[^1]。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: 注释\n", Trust::Author);
        assert!(r.html.contains("<h2>标题</h2>"), "{}", r.html);
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("footnote-definition"), "{}", r.html);
        assert_eq!(r.first_paragraph, "第一段。");
    }

    #[test]
    fn headings_are_shifted_below_the_page_title() {
        assert!(render("# 一\n\n## 二", Trust::Author).html.contains("<h2>一</h2>\n<h3>二</h3>"));
        assert!(html("# 职责").contains("<h3>职责</h3>"));
    }

    #[test]
    fn script_and_handlers_never_survive() {
        let attacks = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "<iframe src=//evil></iframe>",
            "<p onclick=alert(1)>x</p>",
            "<style>body{display:none}</style>",
            "<svg><script>alert(1)</script></svg>",
            "![x](https://tracker.example/p.gif)",
            "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
            "<div><p>ok</p></div><scr<script>ipt>alert(1)</script>",
        ];
        for a in attacks {
            let out = html(a).to_ascii_lowercase();
            for bad in ["<script", "onerror=", "onclick=", "javascript:", "<iframe", "<style", "<img", "<svg", "data:text"] {
                assert!(!out.contains(bad), "{a:?} gave {out:?}");
            }
        }
    }

    #[test]
    fn allowed_formatting_is_kept() {
        let out =
            html("<p>第一行<br>第二行</p>\n\n<ul><li><strong>五险一金</strong></li></ul>\n\n<a href=\"https://example.com\" target=_blank>官网</a>");
        assert!(out.contains("<br>"), "{out}");
        assert!(out.contains("<li><strong>五险一金</strong></li>"), "{out}");
        assert!(out.contains("<a href=\"https://example.com\" rel=\"nofollow noopener\">官网</a>"), "{out}");
        let r = render("<p>见 <abbr title=\"就业困难人员\">困难</abbr></p>", Trust::Author);
        assert!(r.html.contains("<abbr title=\"就业困难人员\">困难</abbr>"), "{}", r.html);
    }

    #[test]
    fn removed_markup_is_reported() {
        let r = render("<script>x</script><marquee>hi</marquee>", Trust::Untrusted);
        assert_eq!(r.removed, ["a <script> element", "a <marquee> tag"]);
        assert!(r.html.contains("hi"));
    }

    #[test]
    fn images() {
        let r = render("![工位](/images/a.png)", Trust::Author);
        assert!(r.html.contains("<img src=\"/images/a.png\" alt=\"工位\" loading=\"lazy\">"), "{}", r.html);
        let r = render("![工位](/images/a.png)", Trust::Untrusted);
        assert!(r.html.contains("<span>工位</span>"), "{}", r.html);
    }

    #[test]
    fn plain_text_keeps_words_and_structure_only() {
        let md = "第一段，有**重点**和[链接](https://a.example/x)。\n第二行\n\n## 标题\n\n- 甲\n- 乙\n\n<script>alert(1)</script>\n\n尾 <style>p{}</style>![图](/i.png)";
        assert_eq!(plain_text(md), "第一段，有重点和链接 (https://a.example/x)。 第二行\n\n标题\n\n• 甲\n• 乙\n\n尾");
        assert_eq!(plain_text(""), "");
        assert_eq!(plain_text("<https://a.example/>"), "https://a.example/");
    }

    #[test]
    fn urls() {
        for ok in ["https://a.cn", "/x", "#f", "mailto:a@b.cn", "tel:12333", "a/b:c", "?q=a:b"] {
            assert!(safe_url(ok), "{ok}");
        }
        for bad in ["javascript:x", " JavaScript:x", "vbscript:x", "data:text/html,x", "file:///etc"] {
            assert!(!safe_url(bad), "{bad}");
        }
    }
}
