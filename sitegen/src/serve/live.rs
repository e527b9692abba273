//! Live reload: the build status the dev server keeps, the script it adds to HTML pages, the event
//! stream that script listens to, and the page it shows when no site was ever built.
//!
//! - [`Live`] holds the [`Status`]: which site is being served (a token that changes with every
//!   successful build), how many builds finished, and the last build's diagnostics when it failed.
//!   Rebuilds publish into it; every event stream waits on it.
//! - [`inject`] puts `<script src="/__quanyu/live.js" data-site="TOKEN">` before `</body>` (or at the
//!   end) of HTML responses only, and only the dev server calls it: built sites never contain it (a test
//!   builds a site and looks for it in every file).
//! - `/__quanyu/events` is a Server-Sent Events stream ([`sse_event`]): one `status` event when it
//!   opens, one after every build, a comment every [`KEEPALIVE`] so a closed tab is noticed. The script
//!   (`live.js`) reloads the page when the status names another site than the one the page was served
//!   from (so a build that finished between the page and its stream is not missed), and otherwise shows
//!   or clears the failed build's diagnostics in an overlay (a shadow root, `role="alert"`). Only a
//!   visible page keeps its stream open (a browser allows six connections to one host).
//! - [`errors_page`]: what every path shows while the content has errors and there is no earlier
//!   output to serve; it reloads itself after the next build.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::text::escape::{escape_attr, escape_text};

/// Paths under this prefix belong to the dev server, not to the site.
pub const PREFIX: &str = "/__quanyu/";
/// The event stream.
pub const EVENTS_PATH: &str = "/__quanyu/events";
/// The script pages load.
pub const SCRIPT_PATH: &str = "/__quanyu/live.js";
/// The script itself.
pub const SCRIPT: &str = include_str!("live.js");
/// How often an idle event stream sends a comment (a write to a closed connection ends its thread).
pub const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the browser needs to know about the builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Names the site now served: the server's start time and the number of successful builds since.
    pub site: String,
    /// Builds finished since the server started (successful or not).
    pub build: u64,
    /// The last build's diagnostics (`path:line:col: error: …`) when it failed.
    pub errors: Option<Vec<String>>,
}

impl Status {
    /// The status as the JSON data of a `status` event.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "site": self.site, "build": self.build, "errors": self.errors }).to_string()
    }
}

/// The shared build status, with a way to wait for its next change.
#[derive(Debug)]
pub struct Live {
    id: String,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug)]
struct State {
    /// Successful builds.
    good: u64,
    status: Status,
}

impl Live {
    /// A status before any build; `id` tells this server's pages from another run's.
    pub fn new(id: impl Into<String>) -> Live {
        let id = id.into();
        let status = Status { site: format!("{id}-0"), build: 0, errors: None };
        Live { id, state: Mutex::new(State { good: 0, status }), changed: Condvar::new() }
    }

    /// The current status.
    pub fn status(&self) -> Status {
        self.lock().status.clone()
    }

    /// A build finished: `Ok` (the output folder now holds its site) or its diagnostics.
    pub fn finished(&self, outcome: Result<(), Vec<String>>) {
        let mut s = self.lock();
        s.status.build += 1;
        match outcome {
            Ok(()) => {
                s.good += 1;
                s.status.site = format!("{}-{}", self.id, s.good);
                s.status.errors = None;
            }
            Err(errors) => s.status.errors = Some(errors),
        }
        drop(s);
        self.changed.notify_all();
    }

    /// Waits up to `timeout` for a status other than `seen`; returns it, or `None` on timeout.
    pub fn wait_change(&self, seen: &Status, timeout: Duration) -> Option<Status> {
        let guard = self.lock();
        let (guard, _) = self.changed.wait_timeout_while(guard, timeout, |s| s.status == *seen).unwrap_or_else(|e| e.into_inner());
        (guard.status != *seen).then(|| guard.status.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The script element pages get: it names the site the page belongs to.
pub fn script_tag(status: &Status) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-site=\"{}\"></script>", escape_attr(&status.site))
}

/// `html` with `tag` inserted before its last `</body>` (any case), or at the end when it has none.
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    if at == html.len() {
        out.push(b'\n');
    }
    out.extend_from_slice(&html[at..]);
    out
}

/// One Server-Sent Event: `event: NAME`, one `data:` line per line of `data`, a blank line.
pub fn sse_event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// What an event stream starts with: how soon to reconnect after the server went away (ms).
pub const SSE_PREAMBLE: &str = "retry: 500\n\n";
/// What an idle stream sends (a comment, ignored by `EventSource`).
pub const SSE_KEEPALIVE: &str = ": keep-alive\n\n";

/// The page every path shows when the content has errors and no site was built yet: the diagnostics
/// as text, and the script (which reloads it after the next build).
pub fn errors_page(status: &Status) -> String {
    let errors = status.errors.as_deref().unwrap_or_default();
    let items: String = errors.iter().map(|e| format!("<li>{}</li>\n", escape_text(e))).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>构建失败 · Build failed</title>\n<style>\n\
         body {{ margin: 0; padding: 24px; background: #fff; color: #1a1a1a; font: 16px/1.5 system-ui, sans-serif; }}\n\
         h1 {{ margin: 0 0 8px; font-size: 24px; color: #a4000f; }}\n\
         li {{ margin: 0 0 6px; font: 14px/1.45 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }}\n\
         </style>\n</head>\n<body>\n<main>\n<h1>构建失败 · Build failed</h1>\n\
         <p>内容有错误，尚无可预览的站点。修正以下 {n} 个问题并保存后，此页会自动刷新。<br>\n\
         The content has errors and no site has been built yet. Fix the {n} problem(s) below and save: this page reloads.</p>\n\
         <ol role=\"alert\">\n{items}</ol>\n</main>\n\
         <script src=\"{SCRIPT_PATH}\" data-build=\"{build}\"></script>\n</body>\n</html>\n",
        n = errors.len(),
        build = status.build,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end_or_at_the_end() {
        let tag = "<script></script>";
        assert_eq!(inject(b"<html><body><p>a</p></body></html>", tag), b"<html><body><p>a</p><script></script></body></html>");
        assert_eq!(inject(b"<body>x</BODY>\n", tag), b"<body>x<script></script></BODY>\n", "any case");
        assert_eq!(
            inject(b"<body><pre>&lt;/body&gt;</body></body>", tag),
            b"<body><pre>&lt;/body&gt;</body><script></script></body>",
            "the last one"
        );
        assert_eq!(inject(b"<p>fragment", tag), b"<p>fragment<script></script>\n");
        assert_eq!(inject(b"", tag), b"<script></script>\n");
    }

    #[test]
    fn the_tag_names_the_site() {
        let live = Live::new("t");
        assert_eq!(script_tag(&live.status()), "<script src=\"/__quanyu/live.js\" data-site=\"t-0\"></script>");
    }

    #[test]
    fn status_follows_builds() {
        let live = Live::new("s");
        let first = live.status();
        assert_eq!(first, Status { site: "s-0".into(), build: 0, errors: None });
        live.finished(Err(vec!["a.md:1:2: error: x".into()]));
        let failed = live.status();
        assert_eq!(failed.site, "s-0", "a failed build serves the same site");
        assert_eq!(failed.errors.as_deref(), Some(&["a.md:1:2: error: x".to_owned()][..]));
        live.finished(Ok(()));
        assert_eq!(live.status(), Status { site: "s-1".into(), build: 2, errors: None });
        assert_eq!(live.status().to_json(), r#"{"build":2,"errors":null,"site":"s-1"}"#);
        assert_eq!(failed.to_json(), r#"{"build":1,"errors":["a.md:1:2: error: x"],"site":"s-0"}"#);
    }

    #[test]
    fn waiting_sees_a_change_or_times_out() {
        let live = std::sync::Arc::new(Live::new("w"));
        let seen = live.status();
        assert_eq!(live.wait_change(&seen, Duration::from_millis(1)), None);
        let l = live.clone();
        let t = std::thread::spawn(move || l.finished(Ok(())));
        let next = live.wait_change(&seen, Duration::from_secs(10)).expect("the build's status");
        assert_eq!(next.site, "w-1");
        t.join().unwrap();
    }

    #[test]
    fn sse_events_are_framed_line_by_line() {
        assert_eq!(sse_event("status", r#"{"a":1}"#), "event: status\ndata: {\"a\":1}\n\n");
        assert_eq!(sse_event("x", "one\ntwo\r\nthree"), "event: x\ndata: one\ndata: two\ndata: three\n\n");
        // JSON never carries a raw newline: diagnostics with one stay one data line.
        let s = Status { site: "a".into(), build: 1, errors: Some(vec!["a\nb".into()]) };
        assert_eq!(sse_event("status", &s.to_json()).lines().filter(|l| l.starts_with("data:")).count(), 1);
    }

    #[test]
    fn the_errors_page_shows_every_diagnostic_as_text() {
        let s = Status { site: "x-0".into(), build: 3, errors: Some(vec!["a.md:1:1: error: <script>".into(), "b.toml:2:5: error: y".into()]) };
        let page = errors_page(&s);
        assert!(page.contains("<li>a.md:1:1: error: &lt;script&gt;</li>"), "{page}");
        assert!(page.contains("<li>b.toml:2:5: error: y</li>"));
        assert!(page.contains("data-build=\"3\""));
        assert!(!page.contains("<script>"));
    }
}
