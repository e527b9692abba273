//! The one table of rules for serving a built site: each file's `Content-Type` (by extension) and the
//! headers each path gets (CORS, caching, encoding). Everything that serves or publishes a site reads it
//! here — the `_headers` file and the nginx snippet the build writes ([`headers_file`],
//! [`nginx_snippet`]), `sitegen serve` ([`content_type`]) and `sitegen deploy` ([`object_headers`]) —
//! so no second copy of a rule exists to drift.
//!
//! | paths                                   | headers                                                   |
//! |-----------------------------------------|-----------------------------------------------------------|
//! | `/widget/*`, `/search/*`                | `Access-Control-Allow-Origin: *` (the partner embed fetches them from other origins) |
//! | `/widget/v/*`, `/search/*`, `/assets/*` | `Cache-Control: public, max-age=31536000, immutable` (content-hashed names) |
//! | `/widget/embed.js`, `sri.json`          | `Cache-Control: public, max-age=300` (stable names)      |
//! | `/widget/current.json`                  | `Cache-Control: no-cache` (names the index every listing page searches: [`REVALIDATE`]) |
//! | `/search/*` — object storage only       | `Content-Encoding: gzip` (the index files are stored gzipped) |
//! | anything else — object storage only     | `Cache-Control: public, max-age=300` (pages, feeds, sitemap) |
//! | `/*` — `_headers` and nginx only        | `Content-Security-Policy` ([`content_security_policy`])   |
//!
//! **The Content-Security-Policy** is the one header whose value depends on the build: scripts only
//! from the portal itself plus the wasm compiler (`'wasm-unsafe-eval'`) and the hash of each inline
//! script the pages really carry, styles likewise (inline `<style>` and `style` attributes by hash),
//! everything else from the portal only, no plugins, no `<base>`, forms to the portal, framed only by the
//! portal itself. The hashes come from the pages as written (`text::inline_code`), so the file is
//! written after them. It is sent on every path (`/*`; on scripts, wasm and index files it does
//! nothing): the partner embed is a custom element on the partner's page, never a frame, so no page needs
//! another `frame-ancestors`. Object storage cannot store it (a bucket keeps only a few standard
//! headers): a CDN in front adds it (docs/deploy.md).
//!
//! No path matches two rules that set the same header: hosts merge such rules differently (Netlify
//! joins the values), so a path's header never depends on the host.
//!
//! **Why some rules are for object storage only.** A host that reads `_headers` or an nginx server
//! already sends pages with a revalidating default and compresses on the fly; a bucket has no default
//! (a CDN in front then applies its own, often a day — an expired vacancy would stay visible that long),
//! and it serves an object's bytes with the `Content-Encoding` stored with it. So `sitegen deploy` gives
//! every object a `Cache-Control` and the gzipped index files `Content-Encoding: gzip` (the browser then
//! inflates them; the widget accepts both — `widget/src/fetch.rs`), while `_headers` and nginx leave both
//! to the host: a rule sending `Content-Encoding: gzip` on a host that also compresses would be wrong.
//! CORS is not object metadata: a bucket answers it from its own CORS configuration (`docs/deploy.md`).

use super::embed;
use super::search_index;
use crate::text::inline_code::InlineCode;

/// The `_headers` file the build writes (for hosts that read it; not published to object storage).
pub const HEADERS_FILE: &str = "_headers";
/// The nginx snippet the build writes (for the server's configuration; not published either).
pub const NGINX_FILE: &str = "nginx-quanyu.conf";

/// `Cache-Control` of content-hashed files: their names change whenever their bytes do.
pub const LONG_CACHE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of stable names (entry files, pages on object storage): five minutes.
pub const SHORT_CACHE: &str = "public, max-age=300";
/// `Cache-Control` of `widget/current.json`, which names the index the listing pages and the partner
/// embed search: revalidated on every use (a `304` while it is the same), so a page never searches an
/// index older than the newest — a host that replaces a site whole at a deploy (Netlify, Cloudflare
/// Pages) deletes the previous index at once, and a page revalidated a moment after a deploy would
/// otherwise search the index a five-minute-old `current.json` named.
pub const REVALIDATE: &str = "no-cache";

/// Who applies a header of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every host: `_headers`, nginx, and object storage (where CORS is the bucket's configuration).
    All,
    /// Object storage only (`sitegen deploy`): see the module docs.
    Objects,
}

/// Headers for one path pattern.
#[derive(Clone, Debug)]
pub struct Rule {
    /// `/prefix/*` (every path under it) or an exact path.
    pub path: String,
    /// `(name, value, scope)`, in the order written.
    pub headers: Vec<(&'static str, &'static str, Scope)>,
}

impl Rule {
    /// Whether the rule applies to root-relative `path` (`/widget/embed.js`).
    pub fn matches(&self, path: &str) -> bool {
        self.path.strip_suffix('*').map_or(self.path == path, |prefix| path.starts_with(prefix))
    }
}

/// The rules, in the order `_headers` lists them.
pub fn rules() -> Vec<Rule> {
    use Scope::{All, Objects};
    const CORS: &str = "Access-Control-Allow-Origin";
    const CACHE: &str = "Cache-Control";
    let stable = |file: &str| Rule { path: format!("/{file}"), headers: vec![(CACHE, SHORT_CACHE, All)] };
    vec![
        Rule { path: "/widget/*".into(), headers: vec![(CORS, "*", All)] },
        stable(embed::ENTRY),
        Rule { path: format!("/{}", embed::CURRENT), headers: vec![(CACHE, REVALIDATE, All)] },
        stable(embed::SRI),
        Rule { path: format!("/{}/*", embed::VERSIONED_DIR), headers: vec![(CACHE, LONG_CACHE, All)] },
        Rule {
            path: format!("/{}/*", search_index::DIR),
            headers: vec![(CORS, "*", All), (CACHE, LONG_CACHE, All), ("Content-Encoding", "gzip", Objects)],
        },
        Rule { path: format!("/{}/*", crate::output::assets::DIR), headers: vec![(CACHE, LONG_CACHE, All)] },
    ]
}

/// The folders whose files are content-hashed (cached forever, never overwritten with other bytes):
/// `widget/v/`, `search/`, `assets/` — the prefix rules with the long cache.
pub fn versioned_dirs() -> Vec<String> {
    rules()
        .into_iter()
        .filter(|r| r.headers.iter().any(|(_, v, _)| *v == LONG_CACHE))
        .filter_map(|r| r.path.strip_suffix("/*").map(|p| format!("{}/", p.trim_start_matches('/'))))
        .collect()
}

/// Content types by extension: what `sitegen serve` sends and `sitegen deploy` stores. Text types say
/// `charset=utf-8`; JSON is UTF-8 by definition (RFC 8259 defines no charset parameter).
const TYPES: &[(&str, &str)] = &[
    ("html", "text/html; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("mjs", "text/javascript; charset=utf-8"),
    ("json", "application/json"),
    ("webmanifest", "application/manifest+json"),
    ("wasm", "application/wasm"),
    ("xml", "application/xml; charset=utf-8"),
    ("txt", "text/plain; charset=utf-8"),
    ("ics", "text/calendar; charset=utf-8"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("webp", "image/webp"),
    ("ico", "image/x-icon"),
    ("woff2", "font/woff2"),
    ("pdf", "application/pdf"),
];

/// The Content-Security-Policy of the portal's pages, given the inline code they carry (see the module
/// docs): one line, sources sorted, so the same pages give the same bytes.
pub fn content_security_policy(inline: &InlineCode) -> String {
    let mut script = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    script.extend(inline.scripts.iter().cloned());
    let mut style = vec!["'self'".to_owned()];
    if !inline.style_attrs.is_empty() {
        style.push("'unsafe-hashes'".to_owned());
    }
    style.extend(inline.styles.union(&inline.style_attrs).cloned());
    format!(
        "default-src 'self'; script-src {}; style-src {}; img-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'self'",
        script.join(" "),
        style.join(" ")
    )
}

/// The `Content-Type` of a file by its name (`application/octet-stream` when unknown: the index's `.qy`).
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    TYPES.iter().find(|(e, _)| *e == ext).map_or("application/octet-stream", |(_, t)| t)
}

/// The headers object storage keeps with the file at `rel` (`search/index-0a.qy`, a path inside the
/// site): `Content-Type`, `Cache-Control` (the short one where no rule gives one) and, where a rule says
/// so, `Content-Encoding`. CORS is left out: a bucket answers it from its CORS configuration.
pub fn object_headers(rel: &str) -> Vec<(&'static str, &'static str)> {
    let path = format!("/{rel}");
    let mut out = vec![("Content-Type", content_type(rel))];
    for rule in rules().iter().filter(|r| r.matches(&path)) {
        out.extend(rule.headers.iter().filter(|(name, _, _)| *name != "Access-Control-Allow-Origin").map(|(n, v, _)| (*n, *v)));
    }
    if !out.iter().any(|(n, _)| *n == "Cache-Control") {
        out.push(("Cache-Control", SHORT_CACHE));
    }
    out
}

/// The rules for hosts that read a `_headers` file (Netlify, Cloudflare Pages and others), with `csp`
/// ([`content_security_policy`]) on every path.
pub fn headers_file(csp: &str) -> String {
    let mut o = String::from(
        "# Quanyu: response headers for hosts that read `_headers` (Netlify, Cloudflare Pages, ...).\n\
         # The Content-Security-Policy allows the inline code the pages carry by hash: rebuild, don't edit.\n\
         # The partner embed fetches /widget/ and /search/ from other origins: they need CORS.\n\
         # Versioned files (/widget/v/, /search/, /assets/) change name when they change: cache forever.\n\
         # Stable names (/widget/*.js|json) are short-lived. No path matches two rules with the same header.\n",
    );
    o.push_str(&format!("/*\n  Content-Security-Policy: {csp}\n"));
    for rule in rules() {
        let headers: Vec<_> = rule.headers.iter().filter(|h| h.2 == Scope::All).collect();
        if headers.is_empty() {
            continue;
        }
        o.push_str(&rule.path);
        o.push('\n');
        for (name, value, _) in headers {
            o.push_str(&format!("  {name}: {value}\n"));
        }
    }
    o
}

/// The same rules for nginx (`include` it in the portal's `server` block). nginx applies one `location`
/// per request, so each location carries the headers of every rule that covers all its paths; `csp` is
/// added at the server level, which every location without `add_header` of its own inherits (the
/// snippet's own locations hold scripts, wasm and index files, where it would do nothing).
pub fn nginx_snippet(csp: &str) -> String {
    let mut o = String::from(
        "# Quanyu: include in the portal's nginx `server { ... }` block (see docs/embedding.md).\n\
         # CORS for what partner sites fetch; versioned files cached forever, stable names briefly.\n\
         # Content types come from nginx's mime.types (it maps .wasm to application/wasm since 1.21; .qy files\n\
         # are served as the default application/octet-stream). Note that an add_header here replaces the\n\
         # server block's own add_header lines for these locations: repeat any you need (HSTS ...).\n\
         # The pages' Content-Security-Policy (server level: a location of yours with its own add_header\n\
         # must repeat it). It allows the pages' inline code by hash: rebuild, don't edit.\n",
    );
    o.push_str(&format!("add_header Content-Security-Policy \"{csp}\" always;\n"));
    let rules = rules();
    // Prefix locations first (nginx picks the longest matching prefix), then the exact ones.
    let mut locations: Vec<&Rule> = rules.iter().filter(|r| r.path.ends_with('*')).collect();
    locations.extend(rules.iter().filter(|r| !r.path.ends_with('*')));
    for loc in locations {
        let (matcher, sample) = match loc.path.strip_suffix('*') {
            Some(prefix) => (prefix.to_owned(), format!("{prefix}*")),
            None => (format!("= {}", loc.path), loc.path.clone()),
        };
        // A rule covers the location when it matches every path the location matches.
        let covers = |r: &Rule| r.path.strip_suffix('*').map_or(r.path == sample, |p| sample.starts_with(p));
        let headers: Vec<(&str, &str)> =
            rules.iter().filter(|r| covers(r)).flat_map(|r| r.headers.iter().filter(|h| h.2 == Scope::All).map(|h| (h.0, h.1))).collect();
        if headers.is_empty() {
            continue;
        }
        o.push_str(&format!("location {matcher} {{\n"));
        for (name, value) in headers {
            o.push_str(&format!("    add_header {name} \"{value}\" always;\n"));
        }
        o.push_str("}\n");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paths of every kind a built site has.
    const PATHS: &[&str] = &[
        "/widget/embed.js",
        "/widget/current.json",
        "/widget/sri.json",
        "/widget/v/embed.0a.js",
        "/widget/v/quanyu_bg.0a.wasm",
        "/search/index-0a.qy",
        "/assets/style.0a.css",
        "/index.html",
        "/huangpu/jobs/huangpu-000001/index.html",
        "/sitemap.xml",
    ];

    #[test]
    fn no_path_gets_one_header_from_two_rules() {
        let rules = rules();
        for path in PATHS {
            let mut names: Vec<&str> = rules.iter().filter(|r| r.matches(path)).flat_map(|r| r.headers.iter().map(|h| h.0)).collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n, "{path}");
        }
    }

    #[test]
    fn the_headers_file_gives_the_embed_cors_and_caching() {
        // Parse `_headers` as a host would and check every path the embed serves gets each header once.
        let text = headers_file(&content_security_policy(&InlineCode::default()));
        let mut rules: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            if let Some(h) = line.strip_prefix("  ") {
                rules.last_mut().unwrap().1.push(h.split(':').next().unwrap().to_owned());
            } else {
                rules.push((line.to_owned(), Vec::new()));
            }
        }
        let matches = |rule: &str, path: &str| rule.strip_suffix('*').map_or(rule == path, |prefix| path.starts_with(prefix));
        for path in PATHS {
            let headers: Vec<&String> = rules.iter().filter(|(r, _)| matches(r, path)).flat_map(|(_, h)| h).collect();
            assert_eq!(headers.iter().filter(|h| **h == "Content-Security-Policy").count(), 1, "{path}: the policy once");
        }
        for path in &PATHS[..7] {
            let headers: Vec<&String> = rules.iter().filter(|(r, _)| matches(r, path)).flat_map(|(_, h)| h).collect();
            let mut unique = headers.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), headers.len(), "{path}: {headers:?}");
            assert!(headers.iter().any(|h| *h == "Cache-Control"), "{path} has a cache rule");
            assert!(!headers.iter().any(|h| *h == "Content-Encoding"), "{path}: encoding is for object storage only");
            if !path.starts_with("/assets/") {
                assert!(headers.iter().any(|h| *h == "Access-Control-Allow-Origin"), "{path} allows other origins");
            }
        }
    }

    #[test]
    fn nginx_locations_carry_every_covering_rule() {
        let conf = nginx_snippet("default-src 'self'");
        let server_level = conf.find("add_header Content-Security-Policy \"default-src 'self'\" always;\n").expect("the policy");
        assert!(server_level < conf.find("\nlocation ").unwrap(), "at the server level, before any location");
        let block = |loc: &str| {
            let start = conf.find(&format!("location {loc} {{")).unwrap_or_else(|| panic!("no location {loc}:\n{conf}"));
            conf[start..start + conf[start..].find('}').unwrap()].to_owned()
        };
        let entry = block("= /widget/embed.js");
        assert!(entry.contains("Access-Control-Allow-Origin \"*\"") && entry.contains(SHORT_CACHE), "{entry}");
        let versioned = block("/widget/v/");
        assert!(versioned.contains("Access-Control-Allow-Origin") && versioned.contains(LONG_CACHE), "{versioned}");
        assert!(!block("/widget/").contains("Cache-Control"), "other /widget/ files keep the host's default");
        assert!(block("/assets/").contains(LONG_CACHE) && !block("/assets/").contains("Access-Control"));
        assert!(!conf.contains("Content-Encoding"));
    }

    #[test]
    fn the_policy_allows_exactly_the_pages_inline_code() {
        use crate::text::inline_code::{hash_source, scan};
        let bare = content_security_policy(&InlineCode::default());
        assert_eq!(
            bare,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
        );
        let page = "<script>boot()</script><script type=\"application/ld+json\">{}</script><body style=\"--accent: #c00\">";
        let csp = content_security_policy(&scan(page));
        let directive = |name: &str| csp.split("; ").find(|d| d.starts_with(name)).unwrap().to_owned();
        assert_eq!(directive("script-src "), format!("script-src 'self' 'wasm-unsafe-eval' {}", hash_source("boot()")));
        assert_eq!(directive("style-src "), format!("style-src 'self' 'unsafe-hashes' {}", hash_source("--accent: #c00")));
        assert!(!csp.contains("unsafe-inline") && !csp.contains(&hash_source("{}")), "{csp}");
    }

    #[test]
    fn objects_get_type_cache_and_encoding() {
        let h = |rel: &str| object_headers(rel).into_iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>().join("\n");
        assert_eq!(h("search/docs-0a-1.qy"), format!("Content-Type: application/octet-stream\nCache-Control: {LONG_CACHE}\nContent-Encoding: gzip"));
        assert_eq!(h("huangpu/jobs/x/index.html"), format!("Content-Type: text/html; charset=utf-8\nCache-Control: {SHORT_CACHE}"));
        assert_eq!(h("widget/current.json"), format!("Content-Type: application/json\nCache-Control: {REVALIDATE}"));
        assert_eq!(h("widget/v/a.0a.wasm"), format!("Content-Type: application/wasm\nCache-Control: {LONG_CACHE}"));
        assert_eq!(h("assets/style.0a.CSS"), format!("Content-Type: text/css; charset=utf-8\nCache-Control: {LONG_CACHE}"));
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(versioned_dirs(), ["widget/v/", "search/", "assets/"]);
    }
}
