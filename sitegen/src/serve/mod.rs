//! The dev server of `sitegen serve`: serves the output folder as a static host would, rebuilds when the
//! content changes, and reloads the pages open in a browser.
//!
//! - HTTP/1.1 on `std::net` ([`http`]: request heads bounded in size and in time, keep-alive, whole
//!   responses); [`respond`] decides every answer as a plain function of the request, the output folder
//!   and the build status, so its rules are tested without sockets. Paths resolve as on a static host ([`files`]), the site's `_headers` file is
//!   applied ([`headers`]), HTML responses get the live-reload script ([`live`]). GET and HEAD only.
//! - The one long-lived response, the event stream (`/__quanyu/events`), is written straight to the
//!   connection ([`Server`]), each event flushed as it happens; the connection closes when it ends.
//! - File-system events ([`watch`]) feed a debouncer; each rebuild calls the build function the caller
//!   gives ([`serve`]: the CLI passes one that runs `Site::load` and `Site::build` in this process) and
//!   publishes its outcome to the pages. A failed rebuild leaves the output folder as it was (the build
//!   swaps its output in only on success), so the last good site keeps being served.
//!
//! The server listens on 127.0.0.1 unless told otherwise; it is a preview for the person at this machine.

pub mod files;
pub mod headers;
pub mod http;
pub mod live;
pub mod watch;

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use files::Target;
use headers::HeaderRules;
use live::{Live, Status};

/// The preview server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address cannot be listened on.
    Listen {
        /// The address tried.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The content folder cannot be watched.
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: notify::Error,
    },
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Listen { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            ServeError::Watch { path, source } => {
                write!(f, "cannot watch {} for changes: {source}", path.display())?;
                if matches!(source.kind, notify::ErrorKind::MaxFilesWatch) {
                    write!(f, " (raise the limit: sysctl fs.inotify.max_user_watches)")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Listen { source, .. } => Some(source),
            ServeError::Watch { source, .. } => Some(source),
        }
    }
}

/// What to serve and watch, and where.
#[derive(Debug, Clone)]
pub struct Config {
    /// The content folder (watched).
    pub content: PathBuf,
    /// The output folder (served; never watched).
    pub out: PathBuf,
    /// The build cache's folder, if the builds use one (never watched).
    pub cache: Option<PathBuf>,
    /// Where to listen (`127.0.0.1:8000` unless told otherwise; port 0 picks a free one).
    pub addr: SocketAddr,
}

/// A build: `Ok` when the output folder holds the new site, else the diagnostics to show, one line each
/// (`path:line:col: error: …`).
pub type BuildOutcome = Result<(), Vec<String>>;

/// Builds, serves `config.out` on `config.addr`, and rebuilds with `build` when the content changes,
/// until the process ends.
///
/// The first build runs before the first request is answered. If it fails, the server still starts: it
/// serves the output of an earlier run when there is one (with the diagnostics over every page), else a
/// page listing them; either reloads once the content builds.
pub fn serve(config: &Config, mut build: impl FnMut() -> BuildOutcome + Send + 'static) -> Result<(), ServeError> {
    let id = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let live = Arc::new(Live::new(format!("{id:x}")));
    let server = Server::bind(config.addr, &config.out, live.clone())?;
    let (tx, rx) = mpsc::channel();
    // Watching starts before the first build, so that a save during it is not lost.
    let watcher = watch::ContentWatcher::start(&config.content, &config.out, config.cache.as_deref(), tx)
        .map_err(|source| ServeError::Watch { path: config.content.clone(), source })?;
    live.finished(guarded(&mut build));
    let status = live.status();
    let addr = server.addr();
    if status.errors.is_some() {
        if config.out.join("index.html").is_file() {
            eprintln!("sitegen serve: the content has errors; serving the previous output in {} until they are fixed", config.out.display());
        } else {
            eprintln!("sitegen serve: the content has errors and there is no previous output; every page shows them until they are fixed");
        }
    }
    if !addr.ip().is_loopback() {
        eprintln!("sitegen serve: listening on {}: other machines can reach this preview", addr.ip());
    }
    eprintln!("serving {} at http://{addr}/ with live reload; watching {} (Ctrl-C to stop)", config.out.display(), config.content.display());
    let l = live.clone();
    std::thread::spawn(move || {
        watch::rebuild_loop(&rx, Some(watcher), watch::Debounce::new(watch::QUIET, watch::MAX_WAIT), || {
            eprintln!("sitegen serve: change detected; rebuilding");
            l.finished(guarded(&mut build));
        })
    });
    server.run();
    Ok(())
}

/// Runs `build`, turning a panic into a failed build (the server goes on serving the last good site).
fn guarded(build: &mut impl FnMut() -> BuildOutcome) -> BuildOutcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        let what = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default();
        Err(vec![format!("the build panicked: {what}")])
    })
}

/// The HTTP side: the listening socket, the output folder and the build status.
pub struct Server {
    listener: TcpListener,
    root: PathBuf,
    live: Arc<Live>,
    /// The last `_headers` problem printed (printed once, not per request).
    warned: Mutex<Option<String>>,
    /// Connections open now ([`http::MAX_CONNECTIONS`] at most).
    open: AtomicUsize,
    stopping: AtomicBool,
}

impl Server {
    /// Listens on `addr`, serving `root`.
    pub fn bind(addr: SocketAddr, root: &Path, live: Arc<Live>) -> Result<Arc<Server>, ServeError> {
        let listener = TcpListener::bind(addr).map_err(|source| ServeError::Listen { addr, source })?;
        Ok(Arc::new(Server {
            listener,
            root: root.to_owned(),
            live,
            warned: Mutex::new(None),
            open: AtomicUsize::new(0),
            stopping: AtomicBool::new(false),
        }))
    }

    /// The address listened on (with the port chosen when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Serves connections, each on a thread of its own, until [`Server::stop`].
    pub fn run(self: &Arc<Self>) {
        for stream in self.listener.incoming() {
            if self.stopping.load(Ordering::SeqCst) {
                return;
            }
            let Ok(stream) = stream else { continue };
            if self.open.fetch_add(1, Ordering::SeqCst) >= http::MAX_CONNECTIONS {
                // Too many at once: this one is closed as it came (dropped).
                self.open.fetch_sub(1, Ordering::SeqCst);
                continue;
            }
            let server = self.clone();
            std::thread::spawn(move || {
                server.connection(stream);
                server.open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    }

    /// Makes [`Server::run`] return (connections being served finish on their own).
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop with a connection of our own.
        let _ = TcpStream::connect(self.addr());
    }

    /// Answers the requests of one connection, one after another (HTTP/1.1 keep-alive).
    fn connection(&self, mut stream: TcpStream) {
        if stream.set_write_timeout(Some(http::WRITE_TIMEOUT)).is_err() {
            return;
        }
        let mut reader = http::Reader::default();
        loop {
            match reader.next(&mut stream) {
                http::Next::Request(request) => {
                    if !self.answer(&mut stream, &request) || request.close {
                        return;
                    }
                }
                http::Next::Refused(status) => return http::refuse(&mut stream, status),
                http::Next::Done => return,
            }
        }
    }

    /// Answers one request; whether the connection may carry another.
    fn answer(&self, stream: &mut TcpStream, request: &http::Request) -> bool {
        let rules = self.rules();
        let reply = respond(&self.root, &self.live.status(), &rules, &request.method, &request.target);
        match reply.body {
            Body::Events => {
                self.stream_events(stream, request.http11);
                false
            }
            Body::Bytes(body) => {
                http::write_reply(stream, request.http11, reply.status, &reply.headers, &body, request.method != "HEAD", request.close).is_ok()
            }
        }
    }

    /// The site's `_headers` rules (none when it has no such file; a malformed file is reported once and
    /// not applied).
    fn rules(&self) -> HeaderRules {
        let Ok(text) = std::fs::read_to_string(self.root.join("_headers")) else { return HeaderRules::default() };
        match HeaderRules::parse(&text) {
            Ok(rules) => rules,
            Err(e) => {
                let message = format!("{}: {e} (not applied)", self.root.display());
                let mut warned = self.warned.lock().unwrap_or_else(|e| e.into_inner());
                if warned.as_deref() != Some(&message) {
                    eprintln!("sitegen serve: {message}");
                    *warned = Some(message);
                }
                HeaderRules::default()
            }
        }
    }

    /// Writes the event stream until the browser goes away: the status now, then at every change.
    fn stream_events(&self, w: &mut TcpStream, http11: bool) {
        let status_line = if http11 { "HTTP/1.1 200 OK" } else { "HTTP/1.0 200 OK" };
        let head = format!(
            "{status_line}\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n{}",
            live::SSE_PREAMBLE
        );
        let mut status = self.live.status();
        let mut send = |text: &str| w.write_all(text.as_bytes()).and_then(|()| w.flush());
        if send(&head).and_then(|()| send(&live::sse_event("status", &status.to_json()))).is_err() {
            return;
        }
        loop {
            let sent = match self.live.wait_change(&status, live::KEEPALIVE) {
                Some(next) => {
                    status = next;
                    send(&live::sse_event("status", &status.to_json()))
                }
                None => send(live::SSE_KEEPALIVE),
            };
            if sent.is_err() {
                return;
            }
        }
    }
}

/// An answer, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Headers (Content-Length is the body's).
    pub headers: Vec<(String, String)>,
    /// What follows them.
    pub body: Body,
}

/// The body of a [`Reply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// These bytes (not sent for HEAD, but counted in Content-Length).
    Bytes(Vec<u8>),
    /// The event stream (GET `/__quanyu/events`).
    Events,
}

/// The headers every file gets before the site's `_headers` rules apply: previews are never cached.
fn default_headers(content_type: &str) -> Vec<(String, String)> {
    vec![
        ("Content-Type".into(), content_type.into()),
        ("Cache-Control".into(), "no-cache".into()),
        ("X-Content-Type-Options".into(), "nosniff".into()),
    ]
}

/// `headers` as a preview sends them: a file the site's rules let a host cache for a while under a stable
/// name (`widget/current.json`, which names the index: `public, max-age=300`) is revalidated every time
/// instead, as every page is, since a rebuild may change it at any moment; content-hashed files keep
/// their long cache (a changed file gets a new name).
fn preview_cache(mut headers: Vec<(String, String)>) -> Vec<(String, String)> {
    for (name, value) in &mut headers {
        if name.eq_ignore_ascii_case("Cache-Control") && !value.contains("immutable") {
            *value = "no-cache".into();
        }
    }
    headers
}

fn text_reply(status: u16, text: &str) -> Reply {
    Reply { status, headers: default_headers("text/plain; charset=utf-8"), body: Body::Bytes(text.as_bytes().to_vec()) }
}

/// The answer to `method target` (target as sent: percent-encoded, maybe with a query), serving the site
/// in `root` with the build `status` and the site's header `rules`.
pub fn respond(root: &Path, status: &Status, rules: &HeaderRules, method: &str, target: &str) -> Reply {
    if method != "GET" && method != "HEAD" {
        let mut r = text_reply(405, "method not allowed\n");
        r.headers.push(("Allow".into(), "GET, HEAD".into()));
        return r;
    }
    let Some(path) = files::request_path(target) else { return text_reply(400, "bad request\n") };
    if path.starts_with(live::PREFIX) {
        return match path {
            live::EVENTS_PATH => Reply {
                status: 200,
                headers: vec![("Content-Type".into(), "text/event-stream; charset=utf-8".into()), ("Cache-Control".into(), "no-store".into())],
                body: if method == "GET" { Body::Events } else { Body::Bytes(Vec::new()) },
            },
            live::SCRIPT_PATH => {
                Reply { status: 200, headers: default_headers("text/javascript; charset=utf-8"), body: Body::Bytes(live::SCRIPT.as_bytes().to_vec()) }
            }
            _ => text_reply(404, "not found\n"),
        };
    }
    if status.errors.is_some() && !root.join("index.html").is_file() {
        return Reply {
            status: 503,
            headers: default_headers("text/html; charset=utf-8"),
            body: Body::Bytes(live::errors_page(status).into_bytes()),
        };
    }
    respond_site(root, status, rules, path, target)
}

fn respond_site(root: &Path, status: &Status, rules: &HeaderRules, path: &str, target: &str) -> Reply {
    let tag = live::script_tag(status);
    let file = |code: u16, file: &Path| -> Option<Reply> {
        let bytes = std::fs::read(file).ok()?;
        let ctype = files::content_type(file);
        let body = if files::is_html(ctype) { live::inject(&bytes, &tag) } else { bytes };
        Some(Reply { status: code, headers: preview_cache(headers::merge(default_headers(ctype), rules.for_path(path))), body: Body::Bytes(body) })
    };
    let not_found = || {
        file(404, &root.join("404.html")).unwrap_or_else(|| {
            let mut r = text_reply(404, "not found\n");
            r.headers = headers::merge(r.headers, rules.for_path(path));
            r
        })
    };
    match files::resolve(root, target) {
        // A file that vanished since it was resolved (a rebuild swapping the output in): not found.
        Target::File(f) => file(200, &f).unwrap_or_else(not_found),
        Target::Redirect(location) => {
            let mut r = text_reply(301, "moved permanently\n");
            r.headers.push(("Location".into(), location));
            r
        }
        Target::NotFound => not_found(),
    }
}
