//! The S3 requests `sitegen deploy` makes — list, head, get, put, delete many — signed by `rusty-s3`
//! (SigV4, sans-IO: it only makes the signed URL) and sent by `ureq` (blocking, rustls). One [`Client`]
//! is shared by the request threads (`ureq::Agent` pools connections across them).
//!
//! Requests are signed in the query string (presigned URLs, fifteen minutes, made just before each
//! request), and every header sent with an upload — `Content-Type`, `Cache-Control`,
//! `Content-Encoding`, `Content-MD5`, `x-amz-meta-md5` — is signed with it. `Content-MD5` makes the
//! server refuse a body damaged on the way. A signed URL is a credential for its lifetime, so no URL
//! reaches a message: errors say the operation, the key and the server's code and message
//! ([`RemoteError`]), scrubbed of the secret as a last guard.
//!
//! Transient failures (connection errors, timeouts, HTTP 429 and 5xx) are retried twice, after 0.3 s and
//! 1 s; anything else fails the request at once.

use std::time::Duration;

use rusty_s3::actions::{ListObjectsV2, ObjectIdentifier, S3Action};
use rusty_s3::{Bucket, UrlStyle};

use super::credentials::Credentials;

/// The metadata key holding the hex MD5 of every object `sitegen deploy` uploads, so an object whose
/// ETag is not its MD5 (multipart uploads, some server-side encryption) still compares.
pub const MD5_META: &str = "x-amz-meta-md5";

/// How long a signed URL stays valid.
const SIGNED_FOR: Duration = Duration::from_secs(15 * 60);
/// Pauses before the second and third attempts of a request that failed transiently.
const RETRY_AFTER: [Duration; 2] = [Duration::from_millis(300), Duration::from_millis(1000)];

/// Where the bucket is and how to reach it.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:8333`.
    pub url: String,
    /// The region signed into requests.
    pub region: String,
    /// Path style (`endpoint/bucket/key`) rather than virtual-hosted (`bucket.endpoint/key`).
    pub path_style: bool,
    /// The bucket.
    pub bucket: String,
}

/// A signed connection to one bucket.
pub struct Client {
    bucket: Bucket,
    creds: rusty_s3::Credentials,
    scrub: Credentials,
    agent: ureq::Agent,
}

/// One object of a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteObject {
    /// Its key (with the prefix).
    pub key: String,
    /// Its ETag without quotes, lower case.
    pub etag: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was last written (ISO 8601, as the server says).
    pub last_modified: String,
}

/// A request that failed: which, on what, and why (never its URL).
#[derive(Debug)]
pub struct RemoteError {
    /// `PUT`, `LIST`, …
    pub op: &'static str,
    /// The key (or the prefix listed).
    pub key: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// The server's error code (`SignatureDoesNotMatch`) or what went wrong on the way.
    pub code: String,
    /// The server's message, or details.
    pub message: String,
}

impl std::fmt::Display for RemoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = self.status.map(|s| format!("HTTP {s} ")).unwrap_or_default();
        write!(f, "{} {}: {status}{}", self.op, self.key, self.code)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(hint) = hint(&self.code) {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// What to check for the server's common refusals.
fn hint(code: &str) -> Option<&'static str> {
    Some(match code {
        "SignatureDoesNotMatch" => "the secret access key does not match the access key ID: check AWS_SECRET_ACCESS_KEY",
        "InvalidAccessKeyId" => "the server does not know this access key ID: check AWS_ACCESS_KEY_ID",
        "AccessDenied" => "these credentials may not do this on this bucket",
        "NoSuchBucket" => "check the bucket name in --target and the --endpoint",
        "RequestTimeTooSkewed" => "this machine's clock is wrong",
        "AuthorizationHeaderMalformed" | "PermanentRedirect" | "IllegalLocationConstraintException" => "check --region and --endpoint",
        "ExpiredToken" | "InvalidToken" => "the session token has expired or is wrong: check AWS_SESSION_TOKEN",
        "connection failed" => "is --endpoint right, and is the server up?",
        _ => return None,
    })
}

impl Client {
    /// A client for `endpoint`'s bucket.
    pub fn new(endpoint: &Endpoint, creds: &Credentials) -> Result<Client, String> {
        let url: url::Url = endpoint.url.parse().map_err(|e| format!("--endpoint {}: {e}", endpoint.url))?;
        let host = url.host().map(|h| h.to_owned());
        let style = if endpoint.path_style { UrlStyle::Path } else { UrlStyle::VirtualHost };
        let bucket = Bucket::new(url, style, endpoint.bucket.clone(), endpoint.region.clone()).map_err(|e| {
            let why = match e {
                rusty_s3::BucketError::UnsupportedScheme => "the endpoint must start with http:// or https://".to_owned(),
                rusty_s3::BucketError::MissingHost => "the endpoint has no host".to_owned(),
                rusty_s3::BucketError::ParseError(e) => {
                    format!("{e} (a virtual-hosted bucket needs a host name: use --path-style for an IP address or a bucket name with dots)")
                }
            };
            format!("bucket {} at {}: {why}", endpoint.bucket, endpoint.url)
        })?;
        let creds_s3 = match &creds.token {
            Some(t) => rusty_s3::Credentials::new_with_token(creds.key.clone(), creds.secret.clone(), t.clone()),
            None => rusty_s3::Credentials::new(creds.key.clone(), creds.secret.clone()),
        };
        // Proxies come from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY, as for other tools, except
        // for a server on this machine.
        let loopback = match host {
            Some(url::Host::Domain(ref d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        let mut config = ureq::Agent::config_builder();
        if loopback {
            config = config.proxy(None);
        }
        let agent = config
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .max_idle_connections_per_host(64)
            .user_agent(concat!("quanyu-sitegen/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(Client { bucket, creds: creds_s3, scrub: creds.clone(), agent })
    }

    /// Every object under `prefix`, in key order.
    pub fn list(&self, prefix: &str) -> Result<Vec<RemoteObject>, RemoteError> {
        let what = format!("s3://{}/{prefix}", self.bucket.name());
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        // Bounded: a million keys at a thousand a page, and then some.
        for _ in 0..100_000 {
            let mut action = ListObjectsV2::new(&self.bucket, Some(&self.creds));
            action.with_prefix(prefix);
            if let Some(t) = &token {
                action.with_continuation_token(t.clone());
            }
            let url = action.sign(SIGNED_FOR);
            let (status, body) = self.send("LIST", &what, || self.agent.get(url.as_str()).call())?;
            if !(200..300).contains(&status) {
                return Err(self.refusal("LIST", &what, status, &body));
            }
            let page = ListObjectsV2::parse_response(&String::from_utf8_lossy(&body))
                .map_err(|e| self.error("LIST", &what, Some(status), "unreadable listing", &e.to_string()))?;
            out.extend(page.contents.into_iter().map(|o| RemoteObject {
                key: o.key,
                etag: o.etag.unwrap_or_default().trim_matches('"').to_ascii_lowercase(),
                size: o.size.unwrap_or(0),
                last_modified: o.last_modified.unwrap_or_default(),
            }));
            match page.next_continuation_token {
                Some(t) => token = Some(t),
                None => {
                    out.sort_by(|a, b| a.key.cmp(&b.key));
                    return Ok(out);
                }
            }
        }
        Err(self.error("LIST", &what, None, "listing never ended", "more than 100,000 pages"))
    }

    /// An object's response headers (lower-case names), or `None` when it does not exist.
    pub fn head(&self, key: &str) -> Result<Option<Vec<(String, String)>>, RemoteError> {
        let url = self.bucket.head_object(Some(&self.creds), key).sign(SIGNED_FOR);
        let mut headers = Vec::new();
        let (status, body) = self.send("HEAD", key, || {
            let r = self.agent.head(url.as_str()).call()?;
            headers = r.headers().iter().map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect();
            Ok(r)
        })?;
        match status {
            404 => Ok(None),
            200..300 => Ok(Some(headers)),
            _ => Err(self.refusal("HEAD", key, status, &body)),
        }
    }

    /// The hex MD5 kept in an object's metadata ([`MD5_META`]), if any.
    pub fn md5_metadata(&self, key: &str) -> Result<Option<String>, RemoteError> {
        Ok(self.head(key)?.and_then(|h| h.into_iter().find(|(k, _)| k == MD5_META).map(|(_, v)| v.trim().to_ascii_lowercase())))
    }

    /// An object's bytes, or `None` when it does not exist.
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, RemoteError> {
        let url = self.bucket.get_object(Some(&self.creds), key).sign(SIGNED_FOR);
        let (status, body) = self.send("GET", key, || self.agent.get(url.as_str()).call())?;
        match status {
            404 => Ok(None),
            200..300 => Ok(Some(body)),
            _ => Err(self.refusal("GET", key, status, &body)),
        }
    }

    /// Writes `bytes` at `key` with `headers` (`Content-Type` and the like) and the MD5 (hex) of the bytes,
    /// sent as `Content-MD5` (checked by the server) and kept as [`MD5_META`].
    pub fn put(&self, key: &str, bytes: &[u8], headers: &[(&str, &str)], md5_hex: &str) -> Result<(), RemoteError> {
        let content_md5 = {
            use base64::Engine as _;
            let raw: Vec<u8> = (0..md5_hex.len() / 2).filter_map(|i| u8::from_str_radix(&md5_hex[2 * i..2 * i + 2], 16).ok()).collect();
            base64::engine::general_purpose::STANDARD.encode(raw)
        };
        let mut all: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), (*v).to_owned())).collect();
        all.push(("content-md5".into(), content_md5));
        all.push((MD5_META.into(), md5_hex.to_owned()));
        let mut action = self.bucket.put_object(Some(&self.creds), key);
        for (k, v) in &all {
            action.headers_mut().insert(k.as_str(), v.as_str());
        }
        let url = action.sign(SIGNED_FOR);
        let (status, body) = self.send("PUT", key, || {
            let mut req = self.agent.put(url.as_str());
            for (k, v) in &all {
                req = req.header(k.as_str(), v.as_str());
            }
            req.send(bytes)
        })?;
        if (200..300).contains(&status) { Ok(()) } else { Err(self.refusal("PUT", key, status, &body)) }
    }

    /// Deletes `keys` (at most 1,000: one DeleteObjects request); fails if the server could not delete any.
    pub fn delete(&self, keys: &[String]) -> Result<(), RemoteError> {
        let first = keys.first().cloned().unwrap_or_default();
        let ids: Vec<ObjectIdentifier> = keys.iter().map(|k| ObjectIdentifier::new(k.clone())).collect();
        let mut action = self.bucket.delete_objects(Some(&self.creds), ids.iter());
        action.set_quiet(true);
        let url = action.sign(SIGNED_FOR);
        let (body, md5) = action.body_with_md5();
        let (status, answer) =
            self.send("DELETE", &first, || self.agent.post(url.as_str()).header("content-md5", md5.as_str()).send(body.as_bytes()))?;
        if !(200..300).contains(&status) {
            return Err(self.refusal("DELETE", &first, status, &answer));
        }
        let parsed = rusty_s3::actions::DeleteObjectsResponse::parse(&String::from_utf8_lossy(&answer))
            .map_err(|e| self.error("DELETE", &first, Some(status), "unreadable answer", &e.to_string()))?;
        match parsed.errors.first() {
            None => Ok(()),
            Some(e) => {
                let more = if parsed.errors.len() > 1 { format!(" (and {} more)", parsed.errors.len() - 1) } else { String::new() };
                Err(self.error("DELETE", &e.key, Some(status), &e.code, &format!("{}{more}", e.message)))
            }
        }
    }

    /// Sends a request (retrying transient failures) and reads its status and body.
    fn send(
        &self,
        op: &'static str,
        key: &str,
        mut request: impl FnMut() -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, Vec<u8>), RemoteError> {
        let mut attempt = 0;
        loop {
            let outcome = request().and_then(|mut r| {
                let status = r.status().as_u16();
                let body = r.body_mut().with_config().limit(64 * 1024 * 1024).read_to_vec()?;
                Ok((status, body))
            });
            let transient = match &outcome {
                Ok((status, _)) => *status == 429 || *status >= 500,
                Err(e) => !matches!(e, ureq::Error::BadUri(_) | ureq::Error::Http(_) | ureq::Error::InvalidProxyUrl),
            };
            if !transient || attempt == RETRY_AFTER.len() {
                return outcome.map_err(|e| self.transport(op, key, &e));
            }
            std::thread::sleep(RETRY_AFTER[attempt]);
            attempt += 1;
        }
    }

    fn transport(&self, op: &'static str, key: &str, e: &ureq::Error) -> RemoteError {
        let code = match e {
            ureq::Error::Timeout(_) => "timed out",
            ureq::Error::HostNotFound => "host not found",
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => "connection failed",
            ureq::Error::ConnectionFailed => "connection failed",
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) => "TLS failed",
            _ => "request failed",
        };
        // ureq's messages may quote the URL, whose query carries the signature: cut every query off.
        let message = e.to_string().split_whitespace().map(|w| w.split_once('?').map_or(w, |(u, _)| u)).collect::<Vec<_>>().join(" ");
        self.error(op, key, None, code, &message)
    }

    /// The server's refusal: its `<Code>` and `<Message>` (S3's XML error body), or the status alone.
    fn refusal(&self, op: &'static str, key: &str, status: u16, body: &[u8]) -> RemoteError {
        let text = String::from_utf8_lossy(body);
        let tag = |name: &str| {
            let start = text.find(&format!("<{name}>"))? + name.len() + 2;
            let end = text[start..].find(&format!("</{name}>"))? + start;
            Some(text[start..end].trim().to_owned())
        };
        let code = tag("Code").unwrap_or_else(|| match status {
            403 => "AccessDenied".into(),
            404 => "NotFound".into(),
            _ => "error".into(),
        });
        self.error(op, key, Some(status), &code, &tag("Message").unwrap_or_default())
    }

    fn error(&self, op: &'static str, key: &str, status: Option<u16>, code: &str, message: &str) -> RemoteError {
        RemoteError { op, key: key.to_owned(), status, code: self.scrub.scrub(code), message: self.scrub.scrub(message) }
    }
}

/// Whether an ETag is a plain MD5 (32 hex digits): single-part uploads on most servers. Multipart ETags
/// end in `-<parts>`.
pub fn etag_is_md5(etag: &str) -> bool {
    etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_and_errors() {
        assert!(etag_is_md5("9e107d9d372bb6826bd81d3542a419d6"));
        assert!(!etag_is_md5("9e107d9d372bb6826bd81d3542a419d6-2"));
        let e = RemoteError {
            op: "LIST",
            key: "s3://jobs/portal/".into(),
            status: Some(403),
            code: "SignatureDoesNotMatch".into(),
            message: "The request signature we calculated does not match".into(),
        };
        let creds = Credentials { key: "AKIAEXAMPLE00000".into(), secret: "s".into(), token: None, source: "test".into() };
        let endpoint = |url: &str, path_style: bool| Endpoint { url: url.into(), region: "r".into(), path_style, bucket: "jobs".into() };
        assert!(Client::new(&endpoint("https://oss-cn-hangzhou.aliyuncs.com", false), &creds).is_ok(), "ASCII host names, virtual-hosted");
        assert!(Client::new(&endpoint("http://127.0.0.1:9000", true), &creds).is_ok());
        assert!(Client::new(&endpoint("ftp://x.example", true), &creds).err().is_some_and(|e| e.contains("http:// or https://")));
        let shown = e.to_string();
        assert!(
            shown.starts_with("LIST s3://jobs/portal/: HTTP 403 SignatureDoesNotMatch: The request") && shown.contains("AWS_SECRET_ACCESS_KEY"),
            "{shown}"
        );
    }
}
