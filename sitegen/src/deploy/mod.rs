//! `sitegen deploy`: publishes a built site to S3-compatible object storage (AWS S3, Alibaba OSS,
//! Tencent COS, Huawei OBS, Cloudflare R2, MinIO, Ceph, SeaweedFS), uploading only what differs, in an
//! order that never shows a visitor a page whose files are missing (`docs/deploy.md`).
//!
//! 1. Read the site's manifest (`quanyu-site.json`: base URL, languages, districts, host files) and hash
//!    every file ([`local`]).
//! 2. Find credentials ([`credentials`]), list the bucket under the prefix ([`client`]) and read the
//!    previous deploy's record ([`plan::RECORD_FILE`]).
//! 3. Compare by MD5 — the ETag, or the MD5 kept in metadata where the ETag is not one — and plan the
//!    uploads in phases and the deletions ([`plan`]). `--dry-run` stops here and lists the plan.
//! 4. Upload phase by phase, `--concurrency` requests at a time, each object with the headers of the
//!    build's own rules (`formats::host_rules::object_headers`). A failed upload stops the deploy before
//!    anything is deleted; a rerun uploads only what still differs.
//! 5. Delete what the build no longer has — unless more than `--max-deletes` pages and files would go,
//!    then nothing is deleted and the deploy fails with the count. Then write the record.
//! 6. Report counts, bytes and the vacancy URLs added, changed and removed ([`report`]), with
//!    `--changes FILE` as JSON.
//!
//! Not atomic: during a deploy the bucket holds a mix of old and new files (in the safe order above),
//! and a deploy that stops half-way leaves that mix until the next one.

pub mod client;
pub mod credentials;
pub mod local;
pub mod plan;
pub mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::formats::host_rules;
use crate::formats::site_manifest::{self, SiteManifest};
use client::{Client, Endpoint, RemoteError};
use plan::{Phase, Plan, Reason, Record, RemoteFile};
use report::{Changes, bytes};

/// `--max-deletes` when not given. Small on purpose: a deploy that would delete more pages than a day of
/// expiries in a district portal (a wrong `--out`, a build missing a district's vacancies, a wrong
/// prefix) stops before any page goes; a city whose routine deploys delete more sets it in its script.
pub const DEFAULT_MAX_DELETES: usize = 100;
/// `--concurrency` when not given: requests in flight (they wait on the network, not on cores).
pub const DEFAULT_CONCURRENCY: usize = 8;
/// Keys per DeleteObjects request (S3's limit).
const DELETE_BATCH: usize = 1000;

/// `s3://bucket/prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The bucket.
    pub bucket: String,
    /// The key prefix, empty or ending in `/`.
    pub prefix: String,
}

impl Target {
    /// Parses `s3://BUCKET[/PREFIX]`.
    pub fn parse(s: &str) -> Result<Target, String> {
        let rest = s.strip_prefix("s3://").ok_or_else(|| format!("--target {s}: expected s3://BUCKET[/PREFIX]"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() || !bucket.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)) {
            return Err(format!("--target {s}: `{bucket}` is not a bucket name"));
        }
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|p| p == "." || p == "..") || prefix.contains("//") {
            return Err(format!("--target {s}: the prefix may not hold `.`, `..` or empty segments"));
        }
        Ok(Target { bucket: bucket.to_owned(), prefix: if prefix.is_empty() { String::new() } else { format!("{prefix}/") } })
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

/// What `sitegen deploy` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// The built site.
    pub out: PathBuf,
    /// Where to.
    pub target: Target,
    /// `--endpoint` (else `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, else AWS's for the region).
    pub endpoint: Option<String>,
    /// `--region` (else `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-east-1`).
    pub region: Option<String>,
    /// `--path-style` (true) or `--virtual-hosted` (false); else path style only for an IP address or
    /// `localhost`.
    pub path_style: Option<bool>,
    /// List, change nothing.
    pub dry_run: bool,
    /// Most pages and files to delete.
    pub max_deletes: usize,
    /// Requests in flight.
    pub concurrency: usize,
    /// Where to write the vacancy changes as JSON.
    pub changes: Option<PathBuf>,
}

/// Why a deploy failed.
#[derive(Debug)]
pub enum DeployError {
    /// Options, the site folder, the manifest or credentials: nothing was sent.
    Setup(String),
    /// Listing or reading the bucket failed: nothing was changed.
    Remote(RemoteError),
    /// An upload failed: the deploy stopped before deleting anything.
    Upload {
        /// What failed.
        what: String,
        /// Uploaded before it.
        uploaded: usize,
        /// Planned in all.
        planned: usize,
    },
    /// More deletions than `--max-deletes`: every upload is in place, nothing was deleted.
    TooManyDeletes {
        /// Deletions planned (pages and files; superseded versioned files not counted).
        planned: usize,
        /// The limit.
        limit: usize,
    },
    /// A deletion request failed (uploads are in place; some deletions may be done).
    Delete {
        /// What failed.
        error: RemoteError,
        /// Deleted before it.
        deleted: usize,
    },
    /// Everything is published, but the deploy record could not be written.
    Record(RemoteError),
    /// The changes file could not be written.
    ChangesFile(String),
}

impl std::fmt::Display for DeployError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeployError::Setup(m) => f.write_str(m),
            DeployError::Remote(e) => write!(f, "{e}; nothing was changed"),
            DeployError::Upload { what, uploaded, planned } => {
                write!(f, "upload failed: {what}; {uploaded} of {planned} uploads done, nothing deleted — run deploy again to resume")
            }
            DeployError::TooManyDeletes { planned, limit } => write!(
                f,
                "{planned} files would be deleted, more than --max-deletes {limit}: nothing deleted (every upload is in place). \
                 Check the build and the target, then rerun with --max-deletes {planned} (--dry-run lists them)"
            ),
            DeployError::Delete { error, deleted } => write!(f, "delete failed: {error}; {deleted} deleted before it — run deploy again"),
            DeployError::Record(e) => write!(
                f,
                "everything is published, but the deploy record could not be written ({e}): run deploy again, or the next one may delete versioned files that cached pages still use"
            ),
            DeployError::ChangesFile(m) => write!(f, "changes file: {m}"),
        }
    }
}

impl From<RemoteError> for DeployError {
    fn from(e: RemoteError) -> DeployError {
        DeployError::Remote(e)
    }
}

/// What a deploy did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct Outcome {
    /// The plan.
    pub plan: Plan,
    /// Uploads done: (count, bytes).
    pub uploaded: (usize, u64),
    /// Pages and files deleted, and superseded versioned files deleted.
    pub deleted: (usize, usize),
    /// The vacancy pages published and removed.
    pub changes: Changes,
}

/// Runs a deploy. `env` reads environment variables; `log` gets progress lines, `out` the listing of a
/// dry run and the vacancy URLs.
pub fn run(
    opts: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    log: &mut dyn FnMut(&str),
    out: &mut dyn FnMut(&str),
) -> Result<Outcome, DeployError> {
    let site = read_manifest(&opts.out)?;
    let creds = credentials::find(env).map_err(DeployError::Setup)?;
    let endpoint = endpoint(opts, env)?;
    let client = Client::new(&endpoint, &creds).map_err(DeployError::Setup)?;
    let local = local::scan(&opts.out, &site.host_files).map_err(DeployError::Setup)?;
    let (n, size) = (local.len(), local.iter().map(|f| f.size).sum::<u64>());
    log(&format!(
        "deploy: {n} files ({}) from {} to {} at {} ({}, region {}), as {} from {}",
        bytes(size),
        opts.out.display(),
        opts.target,
        endpoint.url,
        if endpoint.path_style { "path style" } else { "virtual-hosted" },
        endpoint.region,
        creds.key_hint(),
        creds.source
    ));

    let record_key = format!("{}{}", opts.target.prefix, plan::RECORD_FILE);
    let listing = client.list(&opts.target.prefix)?;
    let mut remote: BTreeMap<String, RemoteFile> = listing
        .into_iter()
        .filter(|o| o.key != record_key && !o.key.ends_with('/'))
        .filter_map(|o| Some((o.key.strip_prefix(&opts.target.prefix)?.to_owned(), RemoteFile { etag: o.etag, meta_md5: None })))
        .collect();
    let previous = read_record(&client, &record_key, log)?;
    log(&format!("deploy: the bucket holds {} objects under {}", remote.len(), opts.target));
    verify_metadata(&client, opts, &local, &mut remote)?;
    let plan = plan::make(&local, &remote, previous.as_ref());
    log_plan(&plan, log);
    for rel in &plan.rewritten_versioned {
        log(&format!(
            "deploy: warning: {rel} is under a versioned folder but its bytes changed: caches that keep it for a year will serve the old one"
        ));
    }

    let mut outcome = Outcome { plan, ..Outcome::default() };
    if opts.dry_run {
        dry_run(&site, &outcome.plan, opts, &mut outcome.changes, out);
        write_changes(opts, &site, &outcome.changes, true)?;
        return Ok(outcome);
    }
    let result = execute(&client, opts, &site, &mut outcome, log);
    print_changes(&outcome.changes, opts, out);
    write_changes(opts, &site, &outcome.changes, result.is_ok())?;
    result?;
    // Everything is in place: remember which versioned files this deploy published.
    let versioned: Vec<&str> = local.iter().map(|f| f.rel.as_str()).filter(|r| plan::is_versioned(r)).collect();
    let record = format!("{}\n", serde_json::json!({ "format": 1, "versioned": versioned }));
    client
        .put(
            &record_key,
            record.as_bytes(),
            &[("Content-Type", "application/json"), ("Cache-Control", "no-store")],
            &local::md5_hex(record.as_bytes()),
        )
        .map_err(DeployError::Record)?;
    log(&format!(
        "deploy: done: uploaded {} files ({}), deleted {} (+ {} superseded versioned), {} unchanged; {} vacancy pages updated, {} deleted",
        outcome.uploaded.0,
        bytes(outcome.uploaded.1),
        outcome.deleted.0,
        outcome.deleted.1,
        outcome.plan.unchanged.0,
        outcome.changes.updated.len(),
        outcome.changes.deleted.len()
    ));
    Ok(outcome)
}

fn read_manifest(out: &Path) -> Result<SiteManifest, DeployError> {
    let path = out.join(site_manifest::FILE);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| DeployError::Setup(format!("{}: {e} (deploy publishes a folder `sitegen build` wrote: check --out)", path.display())))?;
    SiteManifest::parse(&text).map_err(|e| DeployError::Setup(format!("{}: {e}", path.display())))
}

/// The endpoint, region and URL style from the options and the environment.
fn endpoint(opts: &Options, env: &dyn Fn(&str) -> Option<String>) -> Result<Endpoint, DeployError> {
    let get = |name: &str| env(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let region = opts.region.clone().or_else(|| get("AWS_REGION")).or_else(|| get("AWS_DEFAULT_REGION")).unwrap_or_else(|| "us-east-1".into());
    let url = opts
        .endpoint
        .clone()
        .or_else(|| get("AWS_ENDPOINT_URL_S3"))
        .or_else(|| get("AWS_ENDPOINT_URL"))
        .unwrap_or_else(|| format!("https://s3.{region}.amazonaws.com"));
    let host = url.split("://").nth(1).unwrap_or("").split(['/', ':']).next().unwrap_or("");
    let ip_or_local = host == "localhost" || host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let path_style = opts.path_style.unwrap_or(ip_or_local);
    if !path_style && ip_or_local {
        return Err(DeployError::Setup(format!("--virtual-hosted needs a host name, not {host}: use --path-style")));
    }
    Ok(Endpoint { url: url.trim_end_matches('/').to_owned(), region, path_style, bucket: opts.target.bucket.clone() })
}

/// The previous deploy's versioned files, from the record; `None` when there is none (or it cannot be
/// read: then nothing versioned is deleted this time).
fn read_record(client: &Client, key: &str, log: &mut dyn FnMut(&str)) -> Result<Option<Record>, DeployError> {
    let Some(bytes) = client.get(key)? else { return Ok(None) };
    let parsed: Option<Record> = serde_json::from_slice::<serde_json::Value>(&bytes).ok().and_then(|v| {
        (v["format"] == 1).then(|| v["versioned"].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect()))?
    });
    if parsed.is_none() {
        log(&format!("deploy: warning: {key} is unreadable: superseded versioned files are kept this time"));
    }
    Ok(parsed)
}

/// Reads the metadata MD5 of the objects whose ETag is not the local MD5 (multipart, encryption, or
/// really changed), `--concurrency` at a time.
fn verify_metadata(
    client: &Client,
    opts: &Options,
    local: &[local::LocalFile],
    remote: &mut BTreeMap<String, RemoteFile>,
) -> Result<(), DeployError> {
    let rels: Vec<&str> = plan::to_verify(local, remote);
    let found: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    crate::parallel::each_until_error(&rels, opts.concurrency, |rel| {
        if let Some(md5) = client.md5_metadata(&format!("{}{rel}", opts.target.prefix))? {
            found.lock().unwrap_or_else(|e| e.into_inner()).push(((*rel).to_owned(), md5));
        }
        Ok::<(), RemoteError>(())
    })?;
    for (rel, md5) in found.into_inner().unwrap_or_else(|e| e.into_inner()) {
        if let Some(r) = remote.get_mut(&rel) {
            r.meta_md5 = Some(md5);
        }
    }
    Ok(())
}

fn log_plan(plan: &Plan, log: &mut dyn FnMut(&str)) {
    let (n, size) = plan.upload_totals();
    let new = plan.uploads.iter().filter(|u| u.reason == Reason::New).count();
    log(&format!(
        "deploy: plan: upload {n} ({}; {new} new, {} changed), {} unchanged; delete {} (+ {} superseded versioned); keep {} superseded versioned files of the previous deploy",
        bytes(size),
        n - new,
        plan.unchanged.0,
        plan.deletions.len(),
        plan.superseded.len(),
        plan.kept.len()
    ));
}

fn dry_run(site: &SiteManifest, plan: &Plan, opts: &Options, changes: &mut Changes, out: &mut dyn FnMut(&str)) {
    for u in &plan.uploads {
        out(&format!("would upload ({}): {} [{}]", u.reason.name(), u.rel, u.phase.name()));
        if let Some(v) = report::vacancy_url(site, &u.rel) {
            changes.updated.push((v, u.reason));
        }
    }
    for rel in &plan.deletions {
        out(&format!("would delete: {rel}"));
    }
    for rel in &plan.superseded {
        out(&format!("would delete (superseded versioned): {rel}"));
    }
    for rel in &plan.kept {
        out(&format!("would keep until the next deploy (the previous deploy's): {rel}"));
    }
    if plan.deletions.len() > opts.max_deletes {
        out(&format!("would stop before deleting: {} deletions exceed --max-deletes {}", plan.deletions.len(), opts.max_deletes));
    } else {
        changes.deleted.extend(plan.deletions.iter().filter_map(|rel| report::vacancy_url(site, rel)));
    }
    print_changes(changes, opts, out);
    out(&format!(
        "dry run: {} uploads ({}), {} deletions (+ {} superseded versioned), nothing changed",
        plan.uploads.len(),
        bytes(plan.upload_totals().1),
        plan.deletions.len(),
        plan.superseded.len()
    ));
}

/// Uploads phase by phase, then deletes (filling `outcome` as it goes).
fn execute(client: &Client, opts: &Options, site: &SiteManifest, outcome: &mut Outcome, log: &mut dyn FnMut(&str)) -> Result<(), DeployError> {
    let planned = outcome.plan.uploads.len();
    let count = AtomicUsize::new(0);
    let size = AtomicU64::new(0);
    let done: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    let mut failure = None;
    for phase in Phase::ALL {
        let items: Vec<(usize, &plan::Upload)> = outcome.plan.uploads.iter().enumerate().filter(|(_, u)| u.phase == phase).collect();
        if items.is_empty() {
            continue;
        }
        log(&format!("deploy: uploading {}: {} files ({})", phase.name(), items.len(), bytes(items.iter().map(|(_, u)| u.size).sum())));
        let r = crate::parallel::each_until_error(&items, opts.concurrency, |(i, u)| {
            upload(client, opts, u)?;
            count.fetch_add(1, Ordering::Relaxed);
            size.fetch_add(u.size, Ordering::Relaxed);
            done.lock().unwrap_or_else(|e| e.into_inner()).push(*i);
            Ok::<(), String>(())
        });
        if let Err(what) = r {
            failure = Some(what);
            break;
        }
    }
    outcome.uploaded = (count.into_inner(), size.into_inner());
    log(&format!("deploy: uploaded {} files ({})", outcome.uploaded.0, bytes(outcome.uploaded.1)));
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable();
    for i in done {
        let u = &outcome.plan.uploads[i];
        if let Some(v) = report::vacancy_url(site, &u.rel) {
            outcome.changes.updated.push((v, u.reason));
        }
    }
    if let Some(what) = failure {
        return Err(DeployError::Upload { what, uploaded: outcome.uploaded.0, planned });
    }
    if outcome.plan.deletions.len() > opts.max_deletes {
        return Err(DeployError::TooManyDeletes { planned: outcome.plan.deletions.len(), limit: opts.max_deletes });
    }
    let all: Vec<(&String, bool)> =
        outcome.plan.deletions.iter().map(|r| (r, true)).chain(outcome.plan.superseded.iter().map(|r| (r, false))).collect();
    if !all.is_empty() {
        log(&format!("deploy: deleting {} files and {} superseded versioned files", outcome.plan.deletions.len(), outcome.plan.superseded.len()));
    }
    for batch in all.chunks(DELETE_BATCH) {
        let keys: Vec<String> = batch.iter().map(|(r, _)| format!("{}{r}", opts.target.prefix)).collect();
        client.delete(&keys).map_err(|error| DeployError::Delete { error, deleted: outcome.deleted.0 + outcome.deleted.1 })?;
        for (rel, counted) in batch {
            if *counted {
                outcome.deleted.0 += 1;
                outcome.changes.deleted.extend(report::vacancy_url(site, rel));
            } else {
                outcome.deleted.1 += 1;
            }
        }
    }
    Ok(())
}

/// Uploads one file with its headers, checking it still has the bytes the plan hashed.
fn upload(client: &Client, opts: &Options, u: &plan::Upload) -> Result<(), String> {
    let path = opts.out.join(&u.rel);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if local::md5_hex(&bytes) != u.md5 {
        return Err(format!("{} changed during the deploy (a build writing into {}?)", u.rel, opts.out.display()));
    }
    client.put(&format!("{}{}", opts.target.prefix, u.rel), &bytes, &host_rules::object_headers(&u.rel), &u.md5).map_err(|e| e.to_string())
}

/// Vacancy URLs printed at most; the changes file has them all.
const PRINTED_URLS: usize = 50;

fn print_changes(changes: &Changes, opts: &Options, out: &mut dyn FnMut(&str)) {
    let lines = changes.lines();
    for line in lines.iter().take(PRINTED_URLS) {
        out(line);
    }
    if lines.len() > PRINTED_URLS {
        let whole = if opts.changes.is_some() { "the changes file has them all" } else { "--changes FILE writes them all" };
        out(&format!("… and {} more vacancy URLs ({whole})", lines.len() - PRINTED_URLS));
    }
}

fn write_changes(opts: &Options, site: &SiteManifest, changes: &Changes, complete: bool) -> Result<(), DeployError> {
    let Some(path) = &opts.changes else { return Ok(()) };
    std::fs::write(path, changes.to_json(&site.base_url, opts.dry_run, complete))
        .map_err(|e| DeployError::ChangesFile(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(Target::parse("s3://portal").unwrap(), Target { bucket: "portal".into(), prefix: String::new() });
        assert_eq!(Target::parse("s3://portal/a/b/").unwrap().prefix, "a/b/");
        assert_eq!(Target::parse("s3://portal/a").unwrap().to_string(), "s3://portal/a/");
        for bad in ["portal", "s3://", "s3://a b", "s3://p/../x", "s3://p/a//b"] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoints_and_styles() {
        let opts = |endpoint: Option<&str>, path_style: Option<bool>| Options {
            out: PathBuf::new(),
            target: Target::parse("s3://b").unwrap(),
            endpoint: endpoint.map(str::to_owned),
            region: None,
            path_style,
            dry_run: false,
            max_deletes: DEFAULT_MAX_DELETES,
            concurrency: 1,
            changes: None,
        };
        let none = |_: &str| None;
        let e = endpoint(&opts(None, None), &none).unwrap();
        assert_eq!((e.url.as_str(), e.region.as_str(), e.path_style), ("https://s3.us-east-1.amazonaws.com", "us-east-1", false));
        let region = |k: &str| (k == "AWS_REGION").then(|| "cn-north-1".to_owned());
        assert_eq!(endpoint(&opts(None, None), &region).unwrap().url, "https://s3.cn-north-1.amazonaws.com");
        assert!(endpoint(&opts(Some("http://127.0.0.1:8333/"), None), &none).unwrap().path_style);
        assert!(endpoint(&opts(Some("http://localhost:9000"), None), &none).unwrap().path_style);
        assert!(!endpoint(&opts(Some("https://oss-cn-hangzhou.aliyuncs.com"), None), &none).unwrap().path_style);
        assert!(endpoint(&opts(Some("https://minio.gov.example"), Some(true)), &none).unwrap().path_style);
        assert!(endpoint(&opts(Some("http://127.0.0.1:8333"), Some(false)), &none).is_err());
    }
}
