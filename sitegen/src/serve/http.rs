//! HTTP/1.1 for the dev server, on `std::net` (heads parsed by `httparse`), with bounds a preview server needs and
//! `tiny_http` (used before) lacks: it read request heads of any length into memory and had no
//! timeouts, so one client could exhaust memory or hold a thread forever (a "slowloris").
//!
//! - A request's head (request line and headers) must arrive whole within [`HEAD_TIMEOUT`] of the first
//!   read for it (a keep-alive connection's wait for its next request included): a connection that sends
//!   nothing, or a partial head, is then closed. Writes give up after [`WRITE_TIMEOUT`].
//! - Request target longer than [`MAX_TARGET`] bytes: 414. Head longer than [`MAX_HEAD`]: 431. A body
//!   (`Content-Length` above 0, any `Transfer-Encoding`): 413 — the preview only reads files. A line
//!   that is not HTTP: 400. Each of these answers closes the connection.
//! - At most [`MAX_CONNECTIONS`] connections at once; more are closed as soon as they are accepted.
//! - Keep-alive as HTTP/1.1 has it (`Connection: close` ends it; HTTP/1.0 closes unless asked to keep
//!   it), requests answered one after another, leftover bytes (a pipelined request) kept for the next.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// How long a request's head may take to arrive whole.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one write to a client may block.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest request target (path and query) accepted.
pub const MAX_TARGET: usize = 4096;
/// The longest request head (request line and headers) accepted.
pub const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 128;

/// A request's head, as far as the dev server needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ….
    pub method: String,
    /// The target as sent (percent-encoded, maybe with a query).
    pub target: String,
    /// HTTP/1.1 (else 1.0).
    pub http11: bool,
    /// The connection ends after the answer.
    pub close: bool,
}

/// What reading the next request gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// A request to answer.
    Request(Request),
    /// Refused with this status (the answer is sent, then the connection closed).
    Refused(u16),
    /// The connection is over: closed by the client, idle or too slow, or broken.
    Done,
}

/// Reads requests from one connection (keeping bytes past a head for the next one).
pub struct Reader {
    buf: Vec<u8>,
}

impl Default for Reader {
    fn default() -> Self {
        Reader { buf: Vec::with_capacity(1024) }
    }
}

impl Reader {
    /// The next request on `stream`, waiting at most [`HEAD_TIMEOUT`] for all of its head.
    pub fn next(&mut self, stream: &mut TcpStream) -> Next {
        self.next_within(stream, HEAD_TIMEOUT)
    }

    fn next_within(&mut self, stream: &mut TcpStream, timeout: Duration) -> Next {
        let deadline = Instant::now() + timeout;
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                if end + 4 > MAX_HEAD {
                    return Next::Refused(431);
                }
                let head = self.buf[..end].to_vec();
                self.buf.drain(..end + 4);
                return parse(&head);
            }
            // The request line alone already too long: 414 without waiting for the rest.
            let line = find(&self.buf, b"\r\n").unwrap_or(self.buf.len());
            if line > MAX_TARGET + 32 {
                return Next::Refused(414);
            }
            if self.buf.len() > MAX_HEAD {
                return Next::Refused(431);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
                return Next::Done;
            }
            match stream.read(&mut chunk) {
                Ok(0) => return Next::Done,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Next::Done,
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Headers read from one request head; more is refused as 431.
const MAX_HEADERS: usize = 64;

/// A request head (without its final blank line) → the request, or the status refusing it. The head is
/// parsed by `httparse` (hyper's parser, already in the build through `ureq`); what is ours is the
/// policy: methods in capitals, a target starting with `/` and at most [`MAX_TARGET`] bytes of UTF-8, no
/// body, keep-alive as HTTP/1.x has it.
fn parse(head: &[u8]) -> Next {
    let mut framed = Vec::with_capacity(head.len() + 4);
    framed.extend_from_slice(head);
    framed.extend_from_slice(b"\r\n\r\n");
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(&framed) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => return Next::Refused(431),
        Ok(httparse::Status::Partial) | Err(_) => return Next::Refused(400),
    }
    let (Some(method), Some(target), Some(version)) = (parsed.method, parsed.path, parsed.version) else {
        return Next::Refused(400);
    };
    let http11 = version == 1;
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) || !target.starts_with('/') {
        return Next::Refused(400);
    }
    if target.len() > MAX_TARGET {
        return Next::Refused(414);
    }
    let mut close = !http11;
    for header in parsed.headers.iter() {
        let Ok(value) = std::str::from_utf8(header.value) else { return Next::Refused(400) };
        let value = value.trim();
        if header.name.eq_ignore_ascii_case("content-length") {
            match value.parse::<u64>() {
                Ok(0) => {}
                Ok(_) => return Next::Refused(413),
                Err(_) => return Next::Refused(400),
            }
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            return Next::Refused(413);
        } else if header.name.eq_ignore_ascii_case("connection") {
            let value = value.to_ascii_lowercase();
            if value.contains("close") {
                close = true;
            } else if value.contains("keep-alive") {
                close = false;
            }
        }
    }
    Next::Request(Request { method: method.to_owned(), target: target.to_owned(), http11, close })
}

/// The reason phrase of the statuses the dev server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Writes a whole answer: status line, `headers`, `Content-Length` (of `body`, also for HEAD, whose
/// body is not sent), `Connection: close` when `close`.
pub fn write_reply(
    stream: &mut TcpStream,
    http11: bool,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    send_body: bool,
    close: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.{} {status} {}\r\n", u8::from(http11), reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    if close {
        head.push_str("Connection: close\r\n");
    } else if !http11 {
        head.push_str("Connection: keep-alive\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if send_body {
        out.extend_from_slice(body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

/// The plain-text answer refusing a request with `status`, then the connection closed. What the client
/// still sends is read and dropped for a moment first (at most [`MAX_HEAD`] × 4 bytes, one second):
/// closing with unread bytes would reset the connection and could lose the answer on its way.
pub fn refuse(stream: &mut TcpStream, status: u16) {
    let headers = [("Content-Type".to_owned(), "text/plain; charset=utf-8".to_owned())];
    if write_reply(stream, true, status, &headers, format!("{}\n", reason(status).to_ascii_lowercase()).as_bytes(), true, true).is_err() {
        return;
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let until = Instant::now() + Duration::from_secs(1);
    let (mut chunk, mut left) = ([0u8; 4096], MAX_HEAD * 4);
    while left > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, target: &str, http11: bool, close: bool) -> Next {
        Next::Request(Request { method: method.into(), target: target.into(), http11, close })
    }

    #[test]
    fn parses_heads_and_refuses_what_it_does_not_serve() {
        assert_eq!(parse(b"GET /a?b HTTP/1.1\r\nHost: x"), req("GET", "/a?b", true, false));
        assert_eq!(parse(b"HEAD / HTTP/1.1\r\nconnection: Close"), req("HEAD", "/", true, true));
        assert_eq!(parse(b"GET / HTTP/1.0"), req("GET", "/", false, true), "HTTP/1.0 closes…");
        assert_eq!(parse(b"GET / HTTP/1.0\r\nConnection: keep-alive"), req("GET", "/", false, false), "…unless asked not to");
        assert_eq!(parse(b"POST / HTTP/1.1\r\nContent-Length: 0"), req("POST", "/", true, false), "no body: answered (405 later)");
        assert_eq!(parse(b"POST / HTTP/1.1\r\nContent-Length: 5"), Next::Refused(413));
        assert_eq!(parse(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked"), Next::Refused(413));
        assert_eq!(parse(b"GET / HTTP/1.1\r\nContent-Length: x"), Next::Refused(400));
        assert_eq!(parse(format!("GET /{} HTTP/1.1", "a".repeat(MAX_TARGET)).as_bytes()), Next::Refused(414));
        let many = format!("GET / HTTP/1.1{}", "\r\nX-A: b".repeat(MAX_HEADERS + 1));
        assert_eq!(parse(many.as_bytes()), Next::Refused(431));
        for bad in [
            &b"GET / HTTP/2"[..],
            b"GET /",
            b"GET  / HTTP/1.1",
            b"get / HTTP/1.1",
            b"GET x HTTP/1.1",
            b"GET / HTTP/1.1\r\nno colon",
            b"GET /\xff HTTP/1.1",
            b"GET / HTTP/1.1\r\nBad Name: x",
        ] {
            assert_eq!(parse(bad), Next::Refused(400), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn reasons_name_every_status_sent() {
        for status in [200, 301, 400, 404, 405, 413, 414, 431, 503] {
            assert_ne!(reason(status), "Unknown", "{status}");
        }
    }
}
