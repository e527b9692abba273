//! A small static file server for previewing a built site on 127.0.0.1, with rebuild on change.
//!
//! It serves like a static host/CDN does: `/dir/` → `dir/index.html`, `/page` → `page.html` when no such
//! file, missing files → `404.html` with status 404. Only GET and HEAD. Paths cannot escape the root.
//! A watcher polls the content folder's modification times once a second and calls the rebuild hook.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A rebuild hook: the content folder to watch and what to run when it changes.
pub type Watch = (PathBuf, Box<dyn Fn() + Send>);

/// The preview server could not start.
#[derive(Debug)]
pub struct ServeError {
    /// The address it tried.
    pub addr: String,
    /// Why.
    pub source: std::io::Error,
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot listen on {}: {}", self.addr, self.source)
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Serves `root` on `127.0.0.1:port` until the process ends.
pub fn serve(root: &Path, port: u16, watch: Option<Watch>) -> Result<(), ServeError> {
    let failed = |source| ServeError { addr: format!("127.0.0.1:{port}"), source };
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(failed)?;
    let addr = listener.local_addr().map_err(failed)?;
    eprintln!("serving {} at http://{addr}/ (Ctrl-C to stop)", root.display());
    if let Some((dir, hook)) = watch {
        std::thread::spawn(move || watch_loop(&dir, hook.as_ref()));
    }
    for stream in listener.incoming().flatten() {
        let root = root.to_owned();
        std::thread::spawn(move || {
            let _ = handle(stream, &root);
        });
    }
    Ok(())
}

fn watch_loop(dir: &Path, hook: &dyn Fn()) {
    let mut last = newest_mtime(dir);
    loop {
        std::thread::sleep(Duration::from_millis(1000));
        let now = newest_mtime(dir);
        if now != last {
            last = now;
            eprintln!("change detected in {}; rebuilding", dir.display());
            hook();
        }
    }
}

fn newest_mtime(dir: &Path) -> (SystemTime, usize) {
    let files = crate::load::source::list_files(dir);
    let newest = files.iter().filter_map(|f| std::fs::metadata(dir.join(f)).and_then(|m| m.modified()).ok()).max().unwrap_or(SystemTime::UNIX_EPOCH);
    (newest, files.len())
}

/// Maps a request path to a file under `root` (None: not found or not allowed).
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = root.join(rel);
    if full.is_dir() {
        let index = full.join("index.html");
        return index.is_file().then_some(index);
    }
    if full.is_file() {
        return Some(full);
    }
    let html = full.with_extension("html");
    html.is_file().then_some(html)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Drain headers.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, "405 Method Not Allowed", "text/plain; charset=utf-8", b"method not allowed\n", method == "HEAD");
    }
    match resolve(root, target) {
        Some(file) => {
            let body = std::fs::read(&file)?;
            respond(&mut stream, "200 OK", crate::formats::host_rules::content_type(&file.to_string_lossy()), &body, method == "HEAD")
        }
        None => {
            let body = std::fs::read(root.join("404.html")).unwrap_or_else(|_| b"not found\n".to_vec());
            respond(&mut stream, "404 Not Found", "text/html; charset=utf-8", &body, method == "HEAD")
        }
    }
}

fn respond(stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nAccess-Control-Allow-Origin: *\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn resolves_like_a_static_host_and_refuses_traversal() {
        let root = std::env::temp_dir().join(format!("quanyu-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        std::fs::write(root.join("b.html"), "b").unwrap();
        std::fs::write(root.join("404.html"), "missing").unwrap();
        assert_eq!(resolve(&root, "/a/"), Some(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/a"), Some(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/b?x=1"), Some(root.join("b.html")));
        assert_eq!(resolve(&root, "/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(&root, "/nope/"), None);

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let r2 = root.clone();
        std::thread::spawn(move || {
            for s in listener.incoming().take(2).flatten() {
                let _ = handle(s, &r2);
            }
        });
        let get = |path: &str| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            out
        };
        let ok = get("/a/");
        assert!(ok.starts_with("HTTP/1.1 200 OK") && ok.ends_with("\r\n\r\na"), "{ok}");
        // Partner pages on other origins load the widget and the index from here (docs/embedding.md).
        assert!(ok.contains("\r\nAccess-Control-Allow-Origin: *\r\n"), "{ok}");
        let missing = get("/zzz/");
        assert!(missing.starts_with("HTTP/1.1 404") && missing.ends_with("missing"), "{missing}");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
