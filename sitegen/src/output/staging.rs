//! Writing the site: into a staging folder beside the output, swapped in only when the build succeeded.
//!
//! A failed build (or a crash) leaves the previous output untouched: [`Staging`] writes to
//! `.<out>.tmp-<pid>` next to `<out>`, and [`Staging::commit`] renames it into place. Dropping an
//! uncommitted staging folder deletes it. The previous output is deleted after the swap, or left to the
//! caller ([`Staging::commit_keeping_old`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;
use crate::text::inline_code::{self, InlineCode};

/// A staging folder for one build.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// URLs written (for the sitemap), with their last-modified date.
    pages: Mutex<Vec<(String, Option<String>)>>,
    bytes: Mutex<(u64, u64)>,
    /// Folders known to exist (relative), so a page in a new folder costs one `mkdir`, not a walk.
    dirs: Mutex<std::collections::HashSet<PathBuf>>,
    /// The inline code of every page written (their Content-Security-Policy hashes).
    inline: Mutex<InlineCode>,
}

impl Staging {
    /// Creates an empty staging folder for `target`.
    pub fn new(target: &Path) -> Result<Staging, Error> {
        Self::create(target).map_err(|source| Error::Output { path: target.to_owned(), action: "cannot create the staging folder", source })
    }

    fn create(target: &Path) -> io::Result<Staging> {
        let name = target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_owned(),
            committed: false,
            pages: Mutex::new(Vec::new()),
            bytes: Mutex::new((0, 0)),
            dirs: Mutex::new(std::collections::HashSet::from([PathBuf::new()])),
            inline: Mutex::new(InlineCode::default()),
        })
    }

    /// Writes a file at `rel` (a path inside the site, `/` separated).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.dir.join(rel);
        if let Some(parent) = Path::new(rel).parent() {
            self.ensure_dir(parent)?;
        }
        write_new(&path, bytes).map_err(|source| Error::Write { path, source })?;
        self.count(bytes.len() as u64);
        Ok(())
    }

    fn count(&self, size: u64) {
        let mut b = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        b.0 += 1;
        b.1 += size;
    }

    /// Where file `rel` of the staging folder is.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Puts the file `src` (of `size` bytes, never written in place: see [`super::cache`]) at `rel`, as a
    /// hard link, or a copy where linking fails (another file system).
    pub fn link(&self, src: &Path, rel: &str, size: u64) -> Result<(), Error> {
        let path = self.dir.join(rel);
        if let Some(parent) = Path::new(rel).parent() {
            self.ensure_dir(parent)?;
        }
        if fs::hard_link(src, &path).is_err() {
            let _ = fs::remove_file(&path);
            fs::copy(src, &path).map_err(|source| Error::Write { path, source })?;
        }
        self.count(size);
        Ok(())
    }

    /// Records the page at root-relative `url`, whose file was put in place by [`Staging::link`], and
    /// its inline code, read back from the file (the Content-Security-Policy must list what a carried-over
    /// page carries exactly as if it had been rendered: an incremental build is a full build).
    pub fn linked_page(&self, url: &str, lastmod: Option<String>) -> Result<(), Error> {
        let path = self.dir.join(crate::urls::file_for(url));
        let html = fs::read(&path).map_err(|source| Error::Read { path, source })?;
        let found = inline_code::scan(&String::from_utf8_lossy(&html));
        self.inline.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).push((url.to_owned(), lastmod));
        Ok(())
    }

    /// Creates folder `rel` (and its parents) unless already known to exist.
    fn ensure_dir(&self, rel: &Path) -> Result<(), Error> {
        if self.dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(rel) {
            return Ok(());
        }
        if let Some(parent) = rel.parent() {
            self.ensure_dir(parent)?;
        }
        match fs::create_dir(self.dir.join(rel)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(source) => return Err(Error::Write { path: self.dir.join(rel), source }),
        }
        self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_owned());
        Ok(())
    }

    /// Writes an HTML page for root-relative `url` and records it for the sitemap, and its inline
    /// code for the Content-Security-Policy ([`Staging::inline_code`]).
    pub fn write_page(&self, url: &str, html: &[u8], lastmod: Option<String>) -> Result<(), Error> {
        self.write_html(&crate::urls::file_for(url), html)?;
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).push((url.to_owned(), lastmod));
        Ok(())
    }

    /// The pages written so far, sorted by URL.
    pub fn pages(&self) -> Vec<(String, Option<String>)> {
        let mut v = self.pages.lock().unwrap_or_else(|e| e.into_inner()).clone();
        v.sort();
        v
    }

    /// Writes an HTML page at `rel` that the sitemap leaves out (404), noting its inline code.
    pub fn write_html(&self, rel: &str, html: &[u8]) -> Result<(), Error> {
        self.write(rel, html)?;
        let found = inline_code::scan(&String::from_utf8_lossy(html));
        self.inline.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
        Ok(())
    }

    /// The inline scripts and styles of every page written so far, as CSP hash sources.
    pub fn inline_code(&self) -> InlineCode {
        self.inline.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// (files, bytes) written so far.
    pub fn totals(&self) -> (u64, u64) {
        *self.bytes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces the target folder with the staged one, deleting the previous output.
    pub fn commit(self) -> Result<(), Error> {
        if let Some(old) = self.commit_keeping_old()? {
            fs::remove_dir_all(&old).map_err(|source| Error::Output { path: old, action: "cannot delete the previous output", source })?;
        }
        Ok(())
    }

    /// Replaces the target folder with the staged one, leaving the previous output beside it under a
    /// name of its own (`.<out>.tmp-<pid>.old-<n>`), returned for the caller to delete. Deleting a tree
    /// of thousands of files takes seconds on some disks; the dev server does it on another thread, so a
    /// rebuild is served as soon as it is in place.
    pub fn commit_keeping_old(mut self) -> Result<Option<PathBuf>, Error> {
        let target = self.target.clone();
        self.swap().map_err(|source| Error::Output { path: target, action: "cannot replace the output folder", source })
    }

    fn swap(&mut self) -> io::Result<Option<PathBuf>> {
        static SWAPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SWAPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = self.dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let old = self.dir.with_file_name(format!("{name}.old-{n}"));
        let had_output = self.target.exists();
        if had_output {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            // Put the previous output back before reporting.
            if had_output {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        Ok(had_output.then_some(old))
    }
}

/// Writes `bytes` into a new file at `path`. A file already there is unlinked first, never truncated:
/// it may be a hard link to a file of the build cache or of the previous output.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let open = || fs::OpenOptions::new().write(true).create_new(true).open(path);
    let mut f = match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            open()?
        }
        other => other?,
    };
    f.write_all(bytes)
}

/// Previous outputs of `target` left beside it by builds that ended before deleting them
/// (`.<out>.tmp-<pid>.old-<n>`, see [`Staging::commit_keeping_old`]).
pub fn leftover_old_outputs(target: &Path) -> Vec<PathBuf> {
    let name = target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let prefix = format!(".{name}.tmp-");
    let mut out: Vec<PathBuf> = fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().map(|n| n.to_string_lossy()).is_some_and(|n| n.starts_with(&prefix) && n.contains(".old-")))
        .collect();
    out.sort();
    out
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_swaps_and_drop_discards() {
        let base = std::env::temp_dir().join(format!("quanyu-output-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let target = base.join("dist");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            s.write("new.html", b"new").unwrap();
            // dropped without commit: the old output stays
        }
        assert!(target.join("old.html").exists() && !target.join("new.html").exists());
        assert_eq!(fs::read_dir(&base).unwrap().count(), 1, "no staging folder left behind");
        let s = Staging::new(&target).unwrap();
        s.write_page("/a/", b"<p>a</p>", None).unwrap();
        s.commit().unwrap();
        assert!(target.join("a/index.html").exists() && !target.join("old.html").exists());
        assert_eq!(fs::read_dir(&base).unwrap().count(), 1);
        // Keeping the previous output for the caller: a name of its own each time, found as a leftover.
        let mut kept = Vec::new();
        for page in ["/b/", "/c/"] {
            let s = Staging::new(&target).unwrap();
            s.write_page(page, b"x", None).unwrap();
            kept.push(s.commit_keeping_old().unwrap().expect("there was an output"));
        }
        assert!(target.join("c/index.html").exists());
        assert!(kept[0] != kept[1] && kept[0].join("a/index.html").exists() && kept[1].join("b/index.html").exists());
        assert_eq!(leftover_old_outputs(&target), kept);
        let s = Staging::new(&base.join("new")).unwrap();
        assert_eq!(s.commit_keeping_old().unwrap(), None, "no previous output");
        fs::remove_dir_all(&base).unwrap();
    }
}
