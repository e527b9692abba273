//! A page in another language: its URL prefix ([`lang_prefix`]), its internal links moved under it
//! ([`localize_links`]) and, for zh-HK, its content converted except the regions shown as written
//! ([`as_is_regions`]).

/// The URL prefix of a language's pages: none for the site's default language, else its tag in lower
/// case (`/zh-hk`, `/en`).
pub fn lang_prefix(code: &str, default: &str) -> String {
    if code == default { String::new() } else { format!("/{}", code.to_ascii_lowercase()) }
}

/// Marks text shown as written in every language (vacancy text on pages that are otherwise converted):
/// `<!--qy:as-is-->…<!--/qy:as-is-->` in templates.
pub const AS_IS: (&str, &str) = ("<!--qy:as-is-->", "<!--/qy:as-is-->");

/// `html` without the [`AS_IS`] markers, and converted to zh-HK outside them when `convert`.
pub fn as_is_regions(html: &[u8], convert: bool) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(html) else { return html.to_vec() };
    if !convert && !text.contains(AS_IS.0) {
        return html.to_vec();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    loop {
        let (before, after) = match rest.find(AS_IS.0) {
            Some(i) => (&rest[..i], Some(&rest[i + AS_IS.0.len()..])),
            None => (rest, None),
        };
        out.push_str(&if convert { crate::text::hant::to_hk(before) } else { before.to_owned() });
        let Some(after) = after else { break };
        let end = after.find(AS_IS.1).unwrap_or(after.len());
        out.push_str(&after[..end]);
        rest = after.get(end + AS_IS.1.len()..).unwrap_or("");
    }
    out.into_bytes()
}

/// Paths that are the same in every language: files, not pages.
const SHARED_PATHS: [&str; 3] = ["/assets/", "/search/", "/widget/"];

/// `html` with its root-relative page links (`href="/…"`, and the widget's `data-embed-page`) moved under
/// `prefix`. Left as they are: links to files shared by every language ([`SHARED_PATHS`], feeds and
/// calendars), protocol-relative ones, and links in a tag that names its language with `hreflang` (the
/// language switch and the alternates, which point at each language themselves).
pub fn localize_links(html: &[u8], prefix: &str) -> Vec<u8> {
    const ATTRS: [&[u8]; 2] = [b" href=\"/", b" data-embed-page=\"/"];
    let mut out = Vec::with_capacity(html.len() + 1024);
    let mut i = 0;
    while i < html.len() {
        let hit = ATTRS.iter().find(|a| html[i..].starts_with(a));
        let Some(attr) = hit else {
            out.push(html[i]);
            i += 1;
            continue;
        };
        let path_start = i + attr.len() - 1;
        let path_end = html[path_start..].iter().position(|&b| b == b'"').map_or(html.len(), |p| path_start + p);
        let path = &html[path_start..path_end];
        let tag_start = html[..i].iter().rposition(|&b| b == b'<').unwrap_or(0);
        let tag = &html[tag_start..i];
        let shared = path.starts_with(b"//")
            || SHARED_PATHS.iter().any(|p| path.starts_with(p.as_bytes()))
            || path.ends_with(b".xml")
            || path.ends_with(b".ics")
            || tag.windows(9).any(|w| w == b"hreflang=");
        out.extend_from_slice(&attr[..attr.len() - 1]);
        if !shared {
            out.extend_from_slice(prefix.as_bytes());
        }
        out.extend_from_slice(path);
        i = path_end;
    }
    out
}
