//! What a deploy will do: the local files against the remote listing, compared by MD5, and the order.
//!
//! **Compare.** A remote object is unchanged when its ETag is the local file's MD5 (single-part
//! uploads on S3, OSS, COS, OBS, R2, MinIO, SeaweedFS), or — when the ETag is something else (multipart,
//! some server-side encryption) — when the MD5 `sitegen deploy` keeps in its metadata is
//! (`client::MD5_META`, read by a HEAD request only for those objects).
//!
//! **Order** ([`Phase`]): no visitor may get a page whose files are missing, so uploads go
//! 1. versioned files (`widget/v/`, `search/`, `assets/`: content-hashed names no current page uses yet),
//! 2. other files pages link to (event calendars, images of the content's `static/`),
//! 3. pages (`*.html`),
//! 4. entry files read by stable name from outside, which point at the pages and versioned files:
//!    `widget/embed.js`, `widget/current.json`, `widget/sri.json`, feeds, district calendars, sitemap parts,
//! 5. `sitemap.xml` and `robots.txt` (they point at the parts),
//!
//! and deletions come last, once everything new is in place.
//!
//! **Deletions.** Files gone from the build are deleted, with one grace: a superseded *versioned* file
//! that the previous deploy published (the [`Record`]) is kept until the next deploy, because pages
//! cached for their five minutes — in a CDN or an open tab — still load the previous index, widget and
//! stylesheet. Only deletions of other files (pages, feeds…: what people and crawlers address by
//! name) count against `--max-deletes`; superseded versioned files are routine (every content change
//! renames the whole search index) and nothing current points at them.

use std::collections::{BTreeMap, BTreeSet};

use super::local::LocalFile;
use crate::formats::embed;
use crate::formats::host_rules;

/// When a file is uploaded, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Content-hashed files (`widget/v/`, `search/`, `assets/`).
    Versioned,
    /// Other files pages link to.
    Files,
    /// HTML pages.
    Pages,
    /// Stable entry files pointing at pages and versioned files.
    Entries,
    /// `sitemap.xml`, `robots.txt`.
    Roots,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 5] = [Phase::Versioned, Phase::Files, Phase::Pages, Phase::Entries, Phase::Roots];

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Versioned => "versioned files",
            Phase::Files => "linked files",
            Phase::Pages => "pages",
            Phase::Entries => "entry files",
            Phase::Roots => "sitemap and robots.txt",
        }
    }

    /// The phase of the file at `rel`.
    pub fn of(rel: &str) -> Phase {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if is_versioned(rel) {
            Phase::Versioned
        } else if rel == "sitemap.xml" || rel == "robots.txt" {
            Phase::Roots
        } else if [embed::ENTRY, embed::CURRENT, embed::SRI].contains(&rel)
            || name == "feed.xml"
            || name == "calendar.ics"
            || (!rel.contains('/') && name.starts_with("sitemap-") && name.ends_with(".xml"))
        {
            Phase::Entries
        } else if name.ends_with(".html") {
            Phase::Pages
        } else {
            Phase::Files
        }
    }
}

/// Whether `rel` is under a versioned folder (content-hashed names, cached forever).
pub fn is_versioned(rel: &str) -> bool {
    host_rules::versioned_dirs().iter().any(|d| rel.starts_with(d.as_str()))
}

/// Why a file is uploaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Not in the bucket.
    New,
    /// In the bucket with other bytes.
    Changed,
}

impl Reason {
    /// `new` or `changed`.
    pub fn name(self) -> &'static str {
        match self {
            Reason::New => "new",
            Reason::Changed => "changed",
        }
    }
}

/// A file to upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// Its path inside the site.
    pub rel: String,
    /// Its size.
    pub size: u64,
    /// Its MD5 (hex).
    pub md5: String,
    /// New or changed.
    pub reason: Reason,
    /// When.
    pub phase: Phase,
}

/// What the bucket holds at a path, as far as comparing goes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemoteFile {
    /// Its ETag (lower case, no quotes).
    pub etag: String,
    /// The MD5 from its metadata, when it was read (only for objects whose ETag is not the local MD5).
    pub meta_md5: Option<String>,
}

impl RemoteFile {
    /// Whether it holds the bytes whose MD5 is `md5`.
    pub fn holds(&self, md5: &str) -> bool {
        self.etag == md5 || self.meta_md5.as_deref() == Some(md5)
    }
}

/// The versioned files the previous complete deploy published (kept in the bucket beside the site,
/// [`RECORD_FILE`]).
pub type Record = BTreeSet<String>;

/// The record's name under the target prefix. Never uploaded from nor deleted as part of the site.
pub const RECORD_FILE: &str = ".quanyu-deploy.json";

/// The plan of a deploy.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Files to upload, in phase order, then by path.
    pub uploads: Vec<Upload>,
    /// Paths to delete that count against `--max-deletes` (not versioned), sorted.
    pub deletions: Vec<String>,
    /// Superseded versioned paths to delete (older than the previous deploy), sorted.
    pub superseded: Vec<String>,
    /// Superseded versioned paths kept one more deploy (the previous deploy published them).
    pub kept: Vec<String>,
    /// Files already in the bucket as they are here: (count, bytes).
    pub unchanged: (usize, u64),
    /// Versioned paths whose bytes changed (a versioned name must never change meaning).
    pub rewritten_versioned: Vec<String>,
}

/// The paths present on both sides whose ETag is not the local MD5: the ones a HEAD may still find
/// unchanged (their metadata MD5).
pub fn to_verify<'a>(local: &'a [LocalFile], remote: &BTreeMap<String, RemoteFile>) -> Vec<&'a str> {
    local.iter().filter(|f| remote.get(&f.rel).is_some_and(|r| r.etag != f.md5)).map(|f| f.rel.as_str()).collect()
}

/// Plans a deploy of `local` over `remote` (paths inside the site; the record file left out), given
/// what the previous deploy published (`None` when there is no record: then no superseded versioned
/// file is deleted this time).
pub fn make(local: &[LocalFile], remote: &BTreeMap<String, RemoteFile>, previous: Option<&Record>) -> Plan {
    let mut plan = Plan::default();
    for f in local {
        let reason = match remote.get(&f.rel) {
            None => Reason::New,
            Some(r) if r.holds(&f.md5) => {
                plan.unchanged.0 += 1;
                plan.unchanged.1 += f.size;
                continue;
            }
            Some(_) => Reason::Changed,
        };
        let phase = Phase::of(&f.rel);
        if phase == Phase::Versioned && reason == Reason::Changed {
            plan.rewritten_versioned.push(f.rel.clone());
        }
        plan.uploads.push(Upload { rel: f.rel.clone(), size: f.size, md5: f.md5.clone(), reason, phase });
    }
    plan.uploads.sort_by(|a, b| (a.phase, &a.rel).cmp(&(b.phase, &b.rel)));
    let here: BTreeSet<&str> = local.iter().map(|f| f.rel.as_str()).collect();
    for rel in remote.keys().filter(|k| !here.contains(k.as_str())) {
        if !is_versioned(rel) {
            plan.deletions.push(rel.clone());
        } else if previous.is_none_or(|p| p.contains(rel)) {
            plan.kept.push(rel.clone());
        } else {
            plan.superseded.push(rel.clone());
        }
    }
    plan
}

impl Plan {
    /// (count, bytes) of the uploads.
    pub fn upload_totals(&self) -> (usize, u64) {
        (self.uploads.len(), self.uploads.iter().map(|u| u.size).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, md5: &str) -> LocalFile {
        LocalFile { rel: rel.into(), size: 10, md5: md5.into() }
    }

    fn remote(pairs: &[(&str, &str)]) -> BTreeMap<String, RemoteFile> {
        pairs.iter().map(|(k, e)| (k.to_string(), RemoteFile { etag: e.to_string(), meta_md5: None })).collect()
    }

    #[test]
    fn phases() {
        for (rel, phase) in [
            ("search/index-0a.qy", Phase::Versioned),
            ("widget/v/embed.0a.js", Phase::Versioned),
            ("assets/style.0a.css", Phase::Versioned),
            ("huangpu/events/e1/event.ics", Phase::Files),
            ("images/map.png", Phase::Files),
            ("index.html", Phase::Pages),
            ("en/huangpu/jobs/x/index.html", Phase::Pages),
            ("404.html", Phase::Pages),
            ("widget/embed.js", Phase::Entries),
            ("widget/current.json", Phase::Entries),
            ("widget/sri.json", Phase::Entries),
            ("feed.xml", Phase::Entries),
            ("huangpu/feed.xml", Phase::Entries),
            ("huangpu/events/calendar.ics", Phase::Entries),
            ("sitemap-2.xml", Phase::Entries),
            ("sitemap.xml", Phase::Roots),
            ("robots.txt", Phase::Roots),
        ] {
            assert_eq!(Phase::of(rel), phase, "{rel}");
        }
    }

    #[test]
    fn diff_order_and_deletions() {
        let local = [
            file("index.html", "aa"),
            file("search/index-02.qy", "bb"),
            file("widget/current.json", "cc"),
            file("a/index.html", "dd"),
            file("assets/favicon.svg", "ee"),
        ];
        let mut r = remote(&[
            ("index.html", "00"),
            ("a/index.html", "dd"),
            ("search/index-01.qy", "x"),
            ("search/index-00.qy", "y"),
            ("old/index.html", "z"),
            ("widget/current.json", "multipart-2"),
            ("assets/favicon.svg", "e0"),
        ]);
        r.get_mut("widget/current.json").unwrap().meta_md5 = Some("cc".into());
        let previous: Record = ["search/index-01.qy".to_owned()].into();
        let plan = make(&local, &r, Some(&previous));
        let order: Vec<(&str, Reason)> = plan.uploads.iter().map(|u| (u.rel.as_str(), u.reason)).collect();
        assert_eq!(order, [("assets/favicon.svg", Reason::Changed), ("search/index-02.qy", Reason::New), ("index.html", Reason::Changed)]);
        assert_eq!(plan.unchanged, (2, 20), "same ETag, or the metadata MD5 where the ETag is not one");
        assert_eq!(plan.deletions, ["old/index.html"]);
        assert_eq!(plan.superseded, ["search/index-00.qy"]);
        assert_eq!(plan.kept, ["search/index-01.qy"], "the previous deploy's index stays one more deploy");
        assert_eq!(plan.rewritten_versioned, ["assets/favicon.svg"]);
        assert_eq!(to_verify(&local, &r), ["index.html", "widget/current.json", "assets/favicon.svg"]);
        let no_record = make(&local, &r, None);
        assert!(no_record.superseded.is_empty() && no_record.kept.len() == 2, "without a record nothing versioned is deleted");
    }
}
