//! Markdown to safe HTML: pulldown-cmark (tables, footnotes, strikethrough), then ammonia, a maintained
//! html5ever-based sanitizer, on the whole result — raw HTML and our own markup alike. One exception:
//! untrusted text with no HTML of its own (most vacancy descriptions) is written so that it is already
//! what ammonia would keep, and skips it ([`needs_no_sanitizer`]; checked by the tests and the fuzz
//! target `markdown` with [`check_unsanitized`]).
//!
//! The allowlist (`builder`): formatting tags (`p`, lists, `strong`/`em`/`b`/`i`/`u`/`s`/`del`,
//! `h2`–`h6`, `blockquote`, tables, `code`/`pre`, `a`, `abbr`, `sub`/`sup`, `small`, `hr`/`br`, `dl`);
//! attributes only `a` `href`/`title`, `abbr` `title`, `ol` `start`, a table cell's `text-align` style
//! and the footnotes' own classes and `fn-` ids; link targets http(s), mailto, tel, relative or
//! fragment. `<script>`, `<style>`, `<iframe>`, `<svg>`, `<math>` and the like go with their content
//! ([`DROP_WITH_CONTENT`]); other tags go, their text stays; comments go. Headings are shifted so the
//! body's highest level is `h2` (the template's title is the `h1`). District teams ([`Trust::Author`])
//! may show images with a relative address ([`relative_image`]); vacancy descriptions
//! ([`Trust::Untrusted`]) show none (no requests to third parties): their alt text stays, and every
//! link gets `rel="nofollow noopener"`.
//!
//! What was removed is reported so a team can fix its text ([`Rendered::removed`]). Ammonia does not say
//! what it removed, so the report compares what was given to ammonia with what it returned, both parsed
//! by html5ever as a browser would ([`super::html_tree`]): each element and each attribute (name and
//! value) of the input that the output no longer has is one entry. The comparison counts, so it cannot
//! miss a removal, and it cannot report markup that was kept (the input is our own pulldown-cmark
//! output, which the allowlist keeps whole). Markdown links and images that are refused are decided
//! here, before ammonia, and reported by their address.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::escape::{drop_forbidden, escape_attr};
use super::html_tree::{Data, NodeId, Tree};

/// How far the text's author is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// District web teams: relative images allowed.
    Author,
    /// Vacancy descriptions from HR systems: no images, headings from h3, links `nofollow`.
    Untrusted,
}

/// The result of rendering.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// Plain text of the first paragraph (for descriptions and summaries).
    pub first_paragraph: String,
    /// What the sanitizer removed, for warnings ("a <script> element", "a link to `javascript:…`").
    pub removed: Vec<String>,
}

/// Tags kept (their attributes by [`builder`]).
const TAGS: &[&str] = &[
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
    // A footnote definition; a refused image's alt text.
    "div",
    "span",
];

/// Elements removed together with their contents (script, styles, embedded documents, foreign content,
/// form controls whose text is not prose).
pub const DROP_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "svg",
    "math",
    "textarea",
    "select",
    "title",
    "xmp",
    "plaintext",
];

/// URL schemes links may use; anything else but a relative or fragment URL is removed.
pub const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Where a footnote's id starts (every `id` is given it, so content cannot take a page's own ids).
const FOOTNOTE_ID: &str = "fn-";

/// The sanitizer for one level of trust.
fn builder(trust: Trust) -> Builder<'static> {
    let mut b = Builder::empty();
    let mut tags: Vec<&str> = TAGS.to_vec();
    if trust == Trust::Author {
        tags.push("img");
    }
    let attrs: HashMap<&str, std::collections::HashSet<&str>> = [
        ("a", &["href", "title"][..]),
        ("abbr", &["title"]),
        ("img", &["src", "alt", "title"]),
        ("ol", &["start"]),
        ("th", &["style"]),
        ("td", &["style"]),
        ("div", &["id"]),
    ]
    .into_iter()
    .map(|(t, a)| (t, a.iter().copied().collect()))
    .collect();
    let classes: HashMap<&str, std::collections::HashSet<&str>> =
        [("div", ["footnote-definition"].into_iter().collect()), ("sup", ["footnote-reference", "footnote-definition-label"].into_iter().collect())]
            .into_iter()
            .collect();
    b.tags(tags.into_iter().collect())
        .clean_content_tags(DROP_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(Default::default())
        .tag_attributes(attrs)
        .allowed_classes(classes)
        .filter_style_properties(["text-align"].into_iter().collect())
        .url_schemes(SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .id_prefix(Some(FOOTNOTE_ID))
        .strip_comments(true)
        .link_rel(if trust == Trust::Untrusted { Some("nofollow noopener") } else { None })
        .set_tag_attribute_value("img", "loading", "lazy")
        // Images load only from the site itself.
        .attribute_filter(|element, attr, value| match (element, attr) {
            ("img", "src") if !relative_image(value) => None,
            _ => Some(value.into()),
        });
    b
}

static AUTHOR: LazyLock<Builder<'static>> = LazyLock::new(|| builder(Trust::Author));
static UNTRUSTED: LazyLock<Builder<'static>> = LazyLock::new(|| builder(Trust::Untrusted));

fn sanitizer(trust: Trust) -> &'static Builder<'static> {
    match trust {
        Trust::Author => &AUTHOR,
        Trust::Untrusted => &UNTRUSTED,
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Markdown rendered by [`to_html`], before sanitizing.
struct Raw {
    /// The HTML.
    html: String,
    /// Whether the text had HTML of its own (raw blocks or inline tags, comments): only our own markup
    /// is in `html` otherwise.
    markup: bool,
    /// Whether a link's address, allowed by [`safe_url`], is one ammonia would still take off (an
    /// absolute URL the `url` crate cannot parse, such as a host that is not a valid name).
    odd_link: bool,
    /// How deep the markdown's elements nest (its start and end events).
    depth: usize,
}

/// Markdown → HTML before sanitizing, with the refusals decided at the markdown level (links with a
/// scheme we do not allow, images that are not allowed) pushed to `removed`. Untrusted text's links
/// are written here with their `rel` (as ammonia would set it), and every table cell with its alignment
/// as ammonia writes a kept `style` — so that, for text with no HTML of its own, this is already what
/// ammonia would keep ([`render_html`]).
fn to_html(text: &str, trust: Trust, images: bool, removed: &mut Vec<String>) -> Raw {
    let text = drop_forbidden(text);
    let events: Vec<Event> = Parser::new_ext(&text, options()).collect();
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
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut number = |label: &str| -> usize {
        let next = footnotes.len() + 1;
        *footnotes.entry(label.to_owned()).or_insert(next)
    };
    let mut skip_link_ends = Vec::new();
    // Per open image: kept (rendered by pulldown-cmark), shown as alt text in a span, or left out.
    #[derive(PartialEq)]
    enum Img {
        Keep,
        Alt,
        Drop,
    }
    let mut open_images: Vec<Img> = Vec::new();
    let mut safe: Vec<Event> = Vec::with_capacity(events.len());
    let (mut markup, mut odd_link, mut depth, mut deepest) = (false, false, 0usize, 0usize);
    // The open table's column alignments, whether in its head row, and the next cell's column.
    let (mut aligns, mut head, mut column) = (Vec::new(), false, 0usize);
    for e in events {
        match &e {
            Event::Start(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => markup = true,
            _ => {}
        }
        if open_images.last() == Some(&Img::Drop) && !matches!(e, Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)) {
            continue;
        }
        match e {
            Event::Start(Tag::Table(a)) => {
                aligns = a.clone();
                safe.push(Event::Start(Tag::Table(a)));
            }
            Event::Start(Tag::TableHead) => {
                head = true;
                column = 0;
                safe.push(Event::Start(Tag::TableHead));
            }
            Event::End(TagEnd::TableHead) => {
                head = false;
                safe.push(Event::End(TagEnd::TableHead));
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                safe.push(Event::Start(Tag::TableRow));
            }
            Event::Start(Tag::TableCell) => {
                let align = match aligns.get(column) {
                    Some(Alignment::Left) => " style=\"text-align:left\"",
                    Some(Alignment::Center) => " style=\"text-align:center\"",
                    Some(Alignment::Right) => " style=\"text-align:right\"",
                    _ => "",
                };
                safe.push(Event::InlineHtml(format!("<{}{align}>", if head { "th" } else { "td" }).into()));
            }
            Event::End(TagEnd::TableCell) => {
                column += 1;
                safe.push(Event::InlineHtml(if head { "</th>" } else { "</td>" }.into()));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                safe.push(Event::Start(Tag::Heading { level: shift(level), id, classes, attrs }))
            }
            Event::End(TagEnd::Heading(level)) => safe.push(Event::End(TagEnd::Heading(shift(level)))),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let ok = safe_url(&dest_url);
                if !ok {
                    removed.push(format!("a link to `{dest_url}`"));
                }
                skip_link_ends.push(!ok);
                if ok && trust == Trust::Untrusted {
                    let (tag, href) = link_start(link_type, &dest_url, &title);
                    odd_link |= !ammonia_keeps_href(&href);
                    safe.push(Event::InlineHtml(tag.into()));
                } else if ok {
                    safe.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) => {
                if !skip_link_ends.pop().unwrap_or(false) {
                    safe.push(if trust == Trust::Untrusted { Event::InlineHtml("</a>".into()) } else { Event::End(TagEnd::Link) });
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let how = if !images {
                    Img::Drop
                } else if trust == Trust::Author && relative_image(&dest_url) {
                    Img::Keep
                } else {
                    removed.push(format!("an image from `{dest_url}`"));
                    Img::Alt
                };
                match how {
                    Img::Keep => safe.push(Event::Start(Tag::Image { link_type, dest_url, title, id })),
                    Img::Alt => safe.push(Event::InlineHtml("<span>".into())),
                    Img::Drop => {}
                }
                open_images.push(how);
            }
            Event::End(TagEnd::Image) => match open_images.pop() {
                Some(Img::Keep) => safe.push(Event::End(TagEnd::Image)),
                Some(Img::Alt) => safe.push(Event::InlineHtml("</span>".into())),
                _ => {}
            },
            // Code blocks lose their language class (nothing highlights them).
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => safe.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))),
            // Footnotes are written here so their ids carry the prefix every id gets.
            Event::FootnoteReference(label) => {
                let n = number(&label);
                let rel = if trust == Trust::Untrusted { UNTRUSTED_REL } else { "" };
                safe.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{FOOTNOTE_ID}{}\"{rel}>{n}</a></sup>",
                    escape_attr(&label)
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = number(&label);
                safe.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{FOOTNOTE_ID}{}\"><sup class=\"footnote-definition-label\">{n}</sup>\n",
                    escape_attr(&label)
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => safe.push(Event::Html("</div>\n".into())),
            other => safe.push(other),
        }
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    html::push_html(&mut out, safe.into_iter());
    Raw { html: out, markup, odd_link, depth: deepest }
}

/// Whether ammonia keeps `href` (an `href` attribute's value as written, escaped as pulldown-cmark
/// escapes it) on a link, deciding as it does: parsed by the `url` crate, an absolute URL with an
/// allowed scheme or a relative one.
fn ammonia_keeps_href(href: &str) -> bool {
    // pulldown-cmark's only character references in an address, read back once as the parser reads
    // them (`&#x27;` first: `&amp;#x27;` is `&#x27;` as text).
    let href = href.replace("&#x27;", "'").replace("&amp;", "&");
    match url::Url::parse(&href) {
        Ok(u) => SCHEMES.contains(&u.scheme()),
        Err(e) => e == url::ParseError::RelativeUrlWithoutBase,
    }
}

/// The `rel` every link in untrusted text gets (ammonia's `link_rel` sets the same).
const UNTRUSTED_REL: &str = " rel=\"nofollow noopener\"";

/// The start tag of a link in untrusted text, escaped as pulldown-cmark escapes it, with [`UNTRUSTED_REL`];
/// and its `href` as written.
fn link_start(link_type: LinkType, dest_url: &str, title: &str) -> (String, String) {
    let mut href = String::with_capacity(dest_url.len() + 8);
    if link_type == LinkType::Email {
        href.push_str("mailto:");
    }
    let _ = escape_href(&mut href, dest_url);
    let mut out = String::with_capacity(href.len() + title.len() + 48);
    out.push_str("<a href=\"");
    out.push_str(&href);
    if !title.is_empty() {
        out.push_str("\" title=\"");
        let _ = escape_html(&mut out, title);
    }
    out.push('"');
    out.push_str(UNTRUSTED_REL);
    out.push('>');
    (out, href)
}

/// The deepest nesting of elements the sanitizer parses. html5ever's time grows with the square of the
/// depth (a 100 KB description of `<div>`s took seconds), and no text needs more than a few dozen
/// levels; deeper text is shown as plain text.
pub const MAX_DEPTH: usize = 256;

/// Why markup was not rendered as HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkupError {
    /// Elements nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

/// `raw` (our markdown output) through ammonia, with its parse when it had to be checked for depth.
fn sanitize(raw: &str, trust: Trust) -> Result<(String, Option<Tree>), MarkupError> {
    // Each start tag adds at most one level: only text with many may nest too deep, and only then is
    // it parsed once more, by pieces, to find out.
    let start_tags = raw.as_bytes().windows(2).filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic()).count();
    let parsed = if start_tags > MAX_DEPTH { Some(Tree::fragment_within(raw, MAX_DEPTH).ok_or(MarkupError::TooDeep)?) } else { None };
    Ok((sanitizer(trust).clean(raw).to_string(), parsed))
}

/// Text shown as it was written, in one paragraph (for markup that could not be rendered).
fn as_plain_paragraph(text: &str) -> String {
    format!("<p>{}</p>\n", super::escape::escape_text(text.trim()).replace('\n', "<br>\n"))
}

/// Whether `raw` is safe as it is: untrusted text with no HTML of its own (raw HTML goes to ammonia,
/// whatever it is), no link ammonia would take apart and no deep nesting. Then [`to_html`] wrote every
/// element itself — pulldown-cmark's fixed set of tags, all in the allowlist, with every text and
/// attribute value escaped by pulldown-cmark, links refused by scheme before they were written, `rel` and cell alignments as
/// ammonia would set them — and ammonia would remove nothing: [`check_unsanitized`] sanitizes such
/// output again and compares (unit tests, the fuzz target `markdown`; `tests/xss.rs` checks every
/// vector's HTML against the allowlist either way). Most vacancy descriptions are such text, and
/// ammonia (html5ever's parse, a tree, its serializing) was a sixth of a full build's CPU. The bytes
/// may differ from ammonia's where the parse does not (`<br />` for `<br>`, `&quot;` in text).
fn needs_no_sanitizer(raw: &Raw, trust: Trust) -> bool {
    trust == Trust::Untrusted && !raw.markup && !raw.odd_link && raw.depth <= MAX_DEPTH / 4
}

/// Renders markdown to sanitized HTML, with the first paragraph and what was removed.
pub fn render(text: &str, trust: Trust) -> Rendered {
    let mut removed = Vec::new();
    let raw = to_html(text, trust, true, &mut removed);
    if needs_no_sanitizer(&raw, trust) {
        let tree = Tree::fragment(&raw.html);
        return Rendered { first_paragraph: first_paragraph(&tree), removed: tally(removed), html: raw.html };
    }
    let raw = raw.html;
    let (html, input) = match sanitize(&raw, trust) {
        Ok(done) => done,
        Err(MarkupError::TooDeep) => {
            let html = as_plain_paragraph(text);
            let removed = vec![format!("markup nested deeper than {MAX_DEPTH} levels: the text is shown as written, without formatting")];
            return Rendered { first_paragraph: first_paragraph(&Tree::fragment(&html)), removed, html };
        }
    };
    let cleaned = Tree::fragment(&html);
    removed.extend(removals(&input.unwrap_or_else(|| Tree::fragment(&raw)), &cleaned));
    Rendered { first_paragraph: first_paragraph(&cleaned), removed: tally(removed), html }
}

/// Renders markdown to sanitized HTML only (vacancy pages: no report, no first paragraph).
pub fn render_html(text: &str, trust: Trust) -> String {
    let raw = to_html(text, trust, true, &mut Vec::new());
    if needs_no_sanitizer(&raw, trust) {
        return raw.html;
    }
    match sanitize(&raw.html, trust) {
        Ok((html, _)) => html,
        Err(MarkupError::TooDeep) => as_plain_paragraph(text),
    }
}

/// Whether untrusted `text` renders without ammonia (`Ok(true)`) or through it (`Ok(false)`), and, when
/// without, that ammonia would keep that HTML as it is: `Err` says what it would change. The unit tests
/// and the fuzz target `markdown` check [`needs_no_sanitizer`]'s claim with it.
#[doc(hidden)]
pub fn check_unsanitized(text: &str) -> Result<bool, String> {
    let raw = to_html(text, Trust::Untrusted, true, &mut Vec::new());
    if !needs_no_sanitizer(&raw, Trust::Untrusted) {
        return Ok(false);
    }
    let cleaned = sanitizer(Trust::Untrusted).clean(&raw.html).to_string();
    let (given, kept) = (Tree::fragment(&raw.html), Tree::fragment(&cleaned));
    let removed = removals(&given, &kept);
    if !removed.is_empty() {
        return Err(format!("{text:?}: ammonia removes {removed:?} from {:?}", raw.html));
    }
    if comparable_tree(&given) != comparable_tree(&kept) {
        return Err(format!("{text:?}: ammonia changes {:?} into {cleaned:?}", raw.html));
    }
    // The page goes on after the description: nothing may be left open to take in what follows (an end
    // tag the parser ignores is harmless; a start tag never closed is not).
    const AFTER: &str = "<b id=\"after\"></b>";
    let depth = |html: &str| {
        let tree = Tree::fragment(html);
        tree.walk().into_iter().find(|&(id, _)| tree.attr(id, "id") == Some("after")).map(|(_, depth)| depth)
    };
    let (alone, after) = (depth(AFTER), depth(&format!("{}{AFTER}", raw.html)));
    if after != alone {
        return Err(format!("{text:?}: {:?} leaves elements open (what follows it is at depth {after:?}, not {alone:?})", raw.html));
    }
    Ok(true)
}

/// `tree` as comparable lines: each node with its depth, elements with their attributes sorted (ammonia
/// may write them in another order; `style` as [`comparable`] reads it).
fn comparable_tree(tree: &Tree) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (id, depth) in tree.walk() {
        match &tree.nodes[id].data {
            Data::Element { name, attrs } => {
                let mut a: Vec<String> = attrs.iter().map(|(k, v)| format!("{k}={}", comparable(k, v))).collect();
                a.sort();
                out.push(format!("{depth} <{}> {}", &*name.local, a.join(" ")));
            }
            Data::Text(t) => out.push(format!("{depth} {t:?}")),
            Data::Comment(c) => out.push(format!("{depth} <!--{c}-->")),
            Data::Document | Data::Other => {}
        }
    }
    out
}

/// What `input` has and `output` lacks, in the input's document order: elements (a dropped element's
/// content is not listed again) and attributes (name and value).
fn removals(input: &Tree, output: &Tree) -> Vec<String> {
    let mut elements: HashMap<&str, usize> = HashMap::new();
    let mut attrs: HashMap<(&str, &str, Cow<str>), usize> = HashMap::new();
    for (id, _) in output.walk() {
        if let Data::Element { name, attrs: a } = &output.nodes[id].data {
            *elements.entry(&name.local).or_default() += 1;
            for (k, v) in a {
                *attrs.entry((&name.local, k, comparable(k, v))).or_default() += 1;
            }
        }
    }
    let mut out = Vec::new();
    let mut stack: Vec<NodeId> = vec![0];
    while let Some(id) = stack.pop() {
        let node = &input.nodes[id];
        if let Data::Element { name, attrs: a } = &node.data {
            let tag: &str = &name.local;
            match elements.get_mut(tag) {
                Some(n) if *n > 0 => *n -= 1,
                _ if DROP_WITH_CONTENT.contains(&tag) => {
                    out.push(format!("a <{tag}> element"));
                    continue;
                }
                _ => out.push(format!("a <{tag}> tag")),
            }
            for (k, v) in a {
                match attrs.get_mut(&(tag, k.as_str(), comparable(k, v))) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => out.push(describe_attr(tag, k, v)),
                }
            }
        }
        stack.extend(node.children.iter().rev());
    }
    out
}

/// An attribute's value as compared: ammonia writes the declarations of a kept `style` without spaces.
fn comparable<'v>(attr: &str, value: &'v str) -> Cow<'v, str> {
    if attr == "style" { Cow::Owned(value.chars().filter(|c| !c.is_whitespace()).collect()) } else { Cow::Borrowed(value) }
}

fn describe_attr(tag: &str, attr: &str, value: &str) -> String {
    match attr {
        a if a.len() > 2 && a[..2].eq_ignore_ascii_case("on") => format!("an event handler on <{tag}>"),
        "href" | "xlink:href" | "action" | "formaction" => format!("a link to `{value}`"),
        "src" if tag == "img" => format!("an image from `{value}`"),
        _ => format!("a `{attr}` attribute on <{tag}>"),
    }
}

/// Each message once, in first-seen order, with how often it occurred when more than once.
fn tally(items: Vec<String>) -> Vec<String> {
    let mut order: Vec<(String, usize)> = Vec::new();
    for i in items {
        match order.iter_mut().find(|(m, _)| *m == i) {
            Some((_, n)) => *n += 1,
            None => order.push((i, 1)),
        }
    }
    order.into_iter().map(|(m, n)| if n == 1 { m } else { format!("{m} ({n} times)") }).collect()
}

fn is_footnote_mark(tree: &Tree, id: NodeId) -> bool {
    tree.name(id) == Some("sup") && tree.attr(id, "class").is_some_and(|c| c.starts_with("footnote-"))
}

/// The text of the first paragraph that has any, whitespace collapsed (a line break between two Chinese
/// characters joins them, as the paragraph shows them), at most about 1,200 bytes.
fn first_paragraph(tree: &Tree) -> String {
    for (id, _) in tree.walk() {
        if tree.name(id) != Some("p") {
            continue;
        }
        let mut text = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if text.len() >= 1200 {
                break;
            }
            match &tree.nodes[n].data {
                Data::Text(t) => text.push_str(t),
                Data::Element { .. } if is_footnote_mark(tree, n) => continue,
                _ => {}
            }
            stack.extend(tree.nodes[n].children.iter().rev());
        }
        let text = collapse_whitespace(&text);
        if !text.is_empty() {
            return text;
        }
    }
    String::new()
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run: Option<bool> = None; // Some(had a newline) while in a run of whitespace
    for c in s.trim().chars() {
        if c.is_whitespace() {
            let nl = run.unwrap_or(false) || c == '\n';
            run = Some(nl);
            continue;
        }
        if let Some(nl) = run.take() {
            let prev_wide = out.chars().last().is_some_and(|p: char| !p.is_ascii());
            if !(nl && (prev_wide || !c.is_ascii())) {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

/// The plain text of markdown, for formats that are not HTML (iCalendar descriptions): paragraphs and
/// headings separated by blank lines, list items on lines of their own (`• `), a link's http(s) target in
/// parentheses after its text; raw HTML and images are left out. Read from the sanitized HTML, so what
/// a page does not show (a `<script>`'s text) is not in it either.
pub fn plain_text(text: &str) -> String {
    let raw = to_html(text, Trust::Author, false, &mut Vec::new());
    let tree = Tree::fragment(&sanitizer(Trust::Author).clean(&raw.html).to_string());
    let mut out = String::new();
    // (node, entering); leaving an element writes what ends it.
    let mut stack: Vec<(NodeId, bool)> = vec![(0, true)];
    let mut pre = 0usize;
    while let Some((id, entering)) = stack.pop() {
        let name = tree.name(id);
        if !entering {
            match name {
                Some("pre") => {
                    pre -= 1;
                    out.push_str("\n\n");
                }
                Some("a") => {
                    if let Some(url) = tree.attr(id, "href").filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                        && !out.ends_with(url)
                    {
                        out.push_str(&format!(" ({url})"));
                    }
                }
                Some("li" | "tr") => out.push('\n'),
                Some("td" | "th") => out.push(' '),
                Some("p" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table" | "blockquote") => out.push_str("\n\n"),
                _ => {}
            }
            continue;
        }
        match (&tree.nodes[id].data, name) {
            (Data::Text(t), _) if pre > 0 => out.push_str(t),
            // The line breaks between blocks.
            (Data::Text(t), _) if t.trim().is_empty() && t.contains('\n') => {}
            (Data::Text(t), _) => out.push_str(&t.replace('\n', " ")),
            (_, Some("br")) => out.push('\n'),
            (_, Some("li")) => out.push_str("• "),
            (_, Some("pre")) => pre += 1,
            _ => {}
        }
        if is_footnote_mark(&tree, id) {
            continue;
        }
        stack.push((id, false));
        stack.extend(tree.nodes[id].children.iter().rev().map(|&c| (c, true)));
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

/// `url` as a browser reads it before looking at the scheme: leading and trailing spaces and controls
/// off, tabs and newlines (and, to be safe, every other control) removed, lower case.
fn url_as_read(url: &str) -> String {
    url.trim_matches(|c: char| c.is_control() || c.is_whitespace())
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// True for URLs that cannot run script: http(s), mailto, tel, relative paths and fragments.
pub fn safe_url(url: &str) -> bool {
    let u = url_as_read(url);
    match u.find(':') {
        None => true,
        Some(colon) => {
            // A colon after the first `/`, `\`, `?` or `#` is not a scheme separator.
            if u[..colon].contains(['/', '\\', '?', '#']) {
                return true;
            }
            SCHEMES.contains(&&u[..colon])
        }
    }
}

/// True for an image address on the site itself: no scheme, and not protocol-relative — browsers read
/// `\` as `/`, so `//host`, `/\host`, `\\host` and `\/host` all load from another host.
pub fn relative_image(url: &str) -> bool {
    let u = url_as_read(url);
    let scheme = u.find(':').is_some_and(|colon| !u[..colon].contains(['/', '\\', '?', '#']));
    let mut start = u.chars().take(2);
    let other_host = matches!((start.next(), start.next()), (Some('/' | '\\'), Some('/' | '\\')));
    !scheme && !other_host
}

#[cfg(test)]
mod tests;
