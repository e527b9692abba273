//! Which file answers a request path, by the rules of a static host or CDN, and its Content-Type.
//!
//! - `/dir/` → `dir/index.html`; `/dir` (a folder, no slash) → a 301 redirect to `/dir/` (as Netlify,
//!   Cloudflare Pages and nginx do, so that relative links resolve from inside the folder);
//! - `/page` → `page`, else `page.html`;
//! - anything else → not found (the caller answers with `404.html` and status 404);
//! - the site's `_headers` file is not served (the hosts that read it do not serve it).
//!
//! A path never leaves the root: it is percent-decoded once, and refused when the decoded path holds a
//! `..` or `.` segment (`%2e%2e` too), a backslash, a NUL or any other control character, or is not
//! UTF-8; a file reached through a symbolic link must also lie inside the root. Tests in
//! `sitegen/tests/serve.rs` and below hold these rules; `tests/browser/static-files.mjs` is the same
//! host for the browser tests.

use std::path::{Component, Path, PathBuf};

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// This file (inside the root).
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect here (path and query).
    Redirect(String),
    /// Nothing (or not allowed).
    NotFound,
}

/// The path part of a request target: without the query or fragment, and without the scheme and host
/// of an absolute-form target (`http://host/path`). `None` when it does not start with `/`.
pub fn request_path(target: &str) -> Option<&str> {
    let target = match target.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            rest.find('/').map_or("/", |i| &rest[i..])
        }
        _ => target,
    };
    let path = target.split(['?', '#']).next().unwrap_or("");
    path.starts_with('/').then_some(path)
}

/// Maps a request target (as sent: percent-encoded, maybe with a query) to a file under `root`.
pub fn resolve(root: &Path, target: &str) -> Target {
    let Some(path) = request_path(target) else { return Target::NotFound };
    let Some(rel) = safe_relative(path) else { return Target::NotFound };
    if rel == Path::new("_headers") {
        return Target::NotFound;
    }
    let full = root.join(&rel);
    if full.is_dir() {
        if !path.ends_with('/') {
            // Leading slashes collapsed: `//host` would be a protocol-relative URL in a Location.
            let query = target.find('?').map_or("", |i| &target[i..]);
            let query = query.split('#').next().unwrap_or("");
            return Target::Redirect(format!("/{}/{query}", path.trim_start_matches('/')));
        }
        return inside(root, full.join("index.html"));
    }
    if path.ends_with('/') {
        return Target::NotFound;
    }
    if full.is_file() {
        return inside(root, full);
    }
    let mut html = full.into_os_string();
    html.push(".html");
    inside(root, PathBuf::from(html))
}

/// `file` when it is a file whose real path (symbolic links followed) lies under `root`'s.
fn inside(root: &Path, file: PathBuf) -> Target {
    match (root.canonicalize(), file.canonicalize()) {
        (Ok(r), Ok(f)) if f.starts_with(&r) && f.is_file() => Target::File(file),
        _ => Target::NotFound,
    }
}

/// The decoded path as a relative path of plain segments, or `None` when it is malformed or could
/// leave the root.
pub fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return None;
    }
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    // `Path::components` drops `.` segments inside a path; refuse them as a host would normalize them.
    if decoded.split('/').any(|s| s == "." || s == "..") {
        return None;
    }
    Some(rel.to_owned())
}

/// Percent-decodes once; `None` for a malformed escape or a result that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type a static host sends for a file name: the one table of `formats::host_rules`, which
/// `sitegen deploy` stores with each object too.
pub fn content_type(path: &Path) -> &'static str {
    crate::formats::host_rules::content_type(&path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
}

/// Whether a Content-Type is HTML (the only responses the live-reload script goes into).
pub fn is_html(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths() {
        assert_eq!(request_path("/a/b?x=1#f"), Some("/a/b"));
        assert_eq!(request_path("http://127.0.0.1:8000/a/"), Some("/a/"));
        assert_eq!(request_path("HTTP://host"), Some("/"));
        assert_eq!(request_path("*"), None);
        assert_eq!(request_path("a/b"), None);
    }

    #[test]
    fn decoded_paths_stay_inside() {
        assert_eq!(safe_relative("/a/b.html"), Some(PathBuf::from("a/b.html")));
        assert_eq!(safe_relative("/%E5%B7%A5%E4%BD%9C/"), Some(PathBuf::from("工作")));
        assert_eq!(safe_relative("//etc/passwd"), Some(PathBuf::from("etc/passwd")), "a second slash is still inside");
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/.%2e/x",
            "/a/%2e/b",
            "/./a",
            "/..%2fetc",
            "/%2e%2e%2fetc%2fpasswd",
            "/..%5c..%5cetc",
            "/a\\..\\b",
            "/a%00.html",
            "/a%0a",
            "/%zz",
            "/%2",
            "/%ff",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("w/x.WASM")), "application/wasm");
        assert_eq!(content_type(Path::new("search/index-1.qy")), "application/octet-stream");
        assert!(is_html("text/html; charset=utf-8") && is_html("TEXT/HTML") && !is_html("text/plain"));
    }
}
