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

/// `html` without the [`AS_IS`] markers, and converted to zh-HK outside them when `convert` (returned
/// as it was when there is nothing to do).
pub fn as_is_regions(html: String, convert: bool) -> String {
    if !convert && !html.contains(AS_IS.0) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html.as_str();
    loop {
        let (before, after) = match rest.find(AS_IS.0) {
            Some(i) => (&rest[..i], Some(&rest[i + AS_IS.0.len()..])),
            None => (rest, None),
        };
        if convert {
            out.push_str(&crate::text::hant::to_hk(before));
        } else {
            out.push_str(before);
        }
        let Some(after) = after else { break };
        let end = after.find(AS_IS.1).unwrap_or(after.len());
        out.push_str(&after[..end]);
        rest = after.get(end + AS_IS.1.len()..).unwrap_or("");
    }
    out
}

/// Paths that are the same in every language: files, not pages.
const SHARED_PATHS: [&str; 3] = ["/assets/", "/search/", "/widget/"];

/// `html` with its root-relative page links (`href="/…"`, and the widget's `data-embed-page`) moved under
/// `prefix`. Left as they are: links to files shared by every language ([`SHARED_PATHS`], feeds and
/// calendars), protocol-relative ones, and links in a tag that names its language with `hreflang` (the
/// language switch and the alternates, which point at each language themselves).
pub fn localize_links(html: &str, prefix: &str) -> String {
    const ATTRS: [&str; 2] = [" href=\"/", " data-embed-page=\"/"];
    let mut out = String::with_capacity(html.len() + 1024);
    let mut i = 0;
    // Every split is at an ASCII byte (a match's start, the path's `/` or its closing quote), so each
    // slice is whole characters.
    while let Some((at, attr)) = ATTRS.iter().filter_map(|a| html[i..].find(a).map(|p| (i + p, *a))).min() {
        let path_start = at + attr.len() - 1;
        let path_end = html[path_start..].find('"').map_or(html.len(), |p| path_start + p);
        let path = &html[path_start..path_end];
        let tag_start = html[..at].rfind('<').unwrap_or(0);
        let tag = &html[tag_start..at];
        let shared = path.starts_with("//")
            || SHARED_PATHS.iter().any(|p| path.starts_with(p))
            || path.ends_with(".xml")
            || path.ends_with(".ics")
            || tag.contains("hreflang=");
        out.push_str(&html[i..at + attr.len() - 1]);
        if !shared {
            out.push_str(prefix);
        }
        out.push_str(path);
        i = path_end;
    }
    out.push_str(&html[i..]);
    out
}
