//! Writing the site: into a staging folder beside the output, swapped in only when the build succeeded.
//!
//! A failed build (or a crash) leaves the previous output untouched: [`Staging`] writes to
//! `.<out>.tmp-<pid>` next to `<out>`, and [`Staging::commit`] renames it into place. Dropping an
//! uncommitted staging folder deletes it. The previous output is deleted after the swap, or left to the
//! caller ([`Staging::commit_keeping_old`]).
//!
//! An incremental build recycles an older output instead of starting empty ([`Staging::reusing`]: the
//! *spare*, `.<out>.spare`, the output two builds back, kept by [`keep_as_spare`]): a file whose bytes are
//! already there is left as it is, a carried-over file already linked to the same inode too, anything
//! else is unlinked and written anew (never written in place: files share inodes with the build cache),
//! and before the swap every file and folder this build did not put there is deleted. Creating and
//! deleting a whole tree of small files is most of what a rebuild costs on a slow disk; recycling one
//! makes that cost the number of files that changed. The result is the same tree, byte for byte.
//!
//! With a folder for records ([`Staging::recording_in`], the build cache's `trees/`), each build
//! records what its output holds ([`super::tree`]), and the build that recycles that output finds what
//! it did not write from the record, reading only the folders that changed since.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::tree::PathSet;
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
    dirs: Mutex<PathSet>,
    /// The inline code of every page written (their Content-Security-Policy hashes).
    inline: Mutex<InlineCode>,
    /// Whether the folder started as an older output ([`Staging::reusing`]); then `placed` holds every
    /// file this build put in place (relative; also with `records`), and the rest is swept out before
    /// the swap.
    recycled: bool,
    placed: Mutex<PathSet>,
    /// Whether a recycled folder has been swept ([`Staging::tidy`]).
    swept: std::sync::atomic::AtomicBool,
    /// Where a recycled folder goes back when the build fails (it is still a valid spare).
    spare: Option<PathBuf>,
    /// Where the records of output folders are ([`super::tree`]); then `placed` is kept in any case.
    records: Option<PathBuf>,
    /// The record of a recycled folder, read on a thread of its own while the build runs.
    previous: Mutex<Option<std::thread::JoinHandle<Option<super::tree::Record>>>>,
    /// How long before its record a folder's change must be for its stamp to be trusted.
    racy: std::time::Duration,
    /// The folders the sweep read, and those it cleared from their record without reading them.
    swept_folders: Mutex<(usize, usize)>,
}

impl Staging {
    /// Creates an empty staging folder for `target`.
    pub fn new(target: &Path) -> Result<Staging, Error> {
        Self::create(target).map_err(|source| Error::Output { path: target.to_owned(), action: "cannot create the staging folder", source })
    }

    /// A staging folder for `target` that starts as the older output `spare` (see the module docs), or
    /// empty when there is none. The spare is moved, not copied: it is gone until this staging folder
    /// is committed (and the output it replaces becomes the next spare, [`keep_as_spare`]) or dropped
    /// (then it goes back).
    pub fn reusing(target: &Path, spare: &Path) -> Result<Staging, Error> {
        Self::create_from(target, Some(spare)).map_err(|source| Error::Output {
            path: target.to_owned(),
            action: "cannot create the staging folder",
            source,
        })
    }

    fn create(target: &Path) -> io::Result<Staging> {
        Self::create_from(target, None)
    }

    fn create_from(target: &Path, spare: Option<&Path>) -> io::Result<Staging> {
        let name = target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        let recycled = match spare {
            Some(spare) if fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir()) => match fs::rename(spare, &dir) {
                Ok(()) => true,
                Err(e) if e.kind() == io::ErrorKind::NotFound => false,
                Err(e) => return Err(e),
            },
            _ => false,
        };
        if !recycled {
            fs::create_dir_all(&dir)?;
        }
        Ok(Staging {
            dir,
            target: target.to_owned(),
            committed: false,
            pages: Mutex::new(Vec::new()),
            bytes: Mutex::new((0, 0)),
            dirs: Mutex::new([PathBuf::new()].into_iter().collect()),
            inline: Mutex::new(InlineCode::default()),
            recycled,
            placed: Mutex::new(PathSet::default()),
            swept: Default::default(),
            spare: spare.map(Path::to_owned),
            records: None,
            previous: Mutex::new(None),
            racy: super::tree::RACY,
            swept_folders: Mutex::new((0, 0)),
        })
    }

    /// Records what this folder holds once the build is done in the folder `records` (one record per
    /// output folder; the others but the current output's are deleted), and, when this folder is a
    /// recycled one, clears it with the record its own build left there (see [`super::tree`]).
    pub fn recording_in(mut self, records: PathBuf) -> Staging {
        if self.recycled {
            // Read meanwhile (about 8 MB at 100,000 vacancies): the sweep is one of a build's last steps.
            let (records, top) = (records.clone(), self.dir.clone());
            *self.previous.get_mut().unwrap_or_else(|e| e.into_inner()) =
                std::thread::Builder::new().name("tree record".into()).spawn(move || super::tree::Record::read(&records, &top)).ok();
        }
        self.records = Some(records);
        self
    }

    #[cfg(test)]
    fn racy_within(mut self, window: std::time::Duration) -> Staging {
        self.racy = window;
        self
    }

    /// The folders the sweep of a recycled folder read, and those it cleared from their record alone.
    pub fn swept_folders(&self) -> (usize, usize) {
        *self.swept_folders.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether this staging folder started as an older output.
    pub fn is_recycled(&self) -> bool {
        self.recycled
    }

    /// Notes that this build put file `rel` in place (kept by a recycled folder, for its sweep, and by one
    /// that records what it holds).
    fn placed(&self, rel: &str) {
        if self.recycled || self.records.is_some() {
            self.placed.lock().unwrap_or_else(|e| e.into_inner()).insert(PathBuf::from(rel));
        }
    }

    /// Writes a file at `rel` (a path inside the site, `/` separated).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.dir.join(rel);
        if let Some(parent) = Path::new(rel).parent() {
            self.ensure_dir(parent)?;
        }
        if !(self.recycled && same_bytes(&path, bytes)) {
            write_new(&path, bytes).map_err(|source| Error::Write { path, source })?;
        }
        self.placed(rel);
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
    /// hard link, or a copy where linking fails (another file system). `meta`: `src`'s metadata when the
    /// caller has read it (a recycled folder mostly has the very file there already: then one look at
    /// `rel` is all it costs, neither its folder nor `src` is looked at again).
    pub fn link(&self, src: &Path, meta: Option<&fs::Metadata>, rel: &str, size: u64) -> Result<(), Error> {
        let path = self.dir.join(rel);
        // In a recycled folder, one look at `rel`: the very file (most of a rebuild's), another one to
        // replace, or nothing. A new folder has nothing there.
        let there = if self.recycled { fs::symlink_metadata(&path).ok() } else { None };
        let very_file = there.as_ref().is_some_and(|there| match meta {
            Some(m) => same_inode(there, m),
            None => fs::metadata(src).is_ok_and(|m| same_inode(there, &m)),
        });
        if very_file {
            // Its folders are there (the sweep keeps the folders a build made or found).
            if let Some(parent) = Path::new(rel).parent() {
                self.found_dir(parent);
            }
            self.placed(rel);
            self.count(size);
            return Ok(());
        }
        if let Some(parent) = Path::new(rel).parent() {
            self.ensure_dir(parent)?;
        }
        if let Some(there) = there {
            let removed = if there.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
            removed.map_err(|source| Error::Write { path: path.clone(), source })?;
        }
        let linked = match fs::hard_link(src, &path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => remove_any(&path).and_then(|()| fs::hard_link(src, &path)),
            other => other,
        };
        if linked.is_err() {
            let _ = remove_any(&path);
            fs::copy(src, &path).map_err(|source| Error::Write { path, source })?;
        }
        self.placed(rel);
        self.count(size);
        Ok(())
    }

    /// Records the page at root-relative `url`, whose file was put in place by [`Staging::link`], and
    /// its inline code `code` (what [`inline_code::scan`] found in it when it was rendered, kept by the
    /// build cache: the Content-Security-Policy must list what a carried-over page carries exactly as if
    /// it had been rendered — an incremental build is a full build).
    pub fn linked_page(&self, url: &str, lastmod: Option<String>, code: &InlineCode) {
        self.inline.lock().unwrap_or_else(|e| e.into_inner()).extend_from(code);
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).push((url.to_owned(), lastmod));
    }

    /// Notes that folder `rel` and those above it are there.
    fn found_dir(&self, rel: &Path) {
        let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        let mut at = Some(rel);
        while let Some(dir) = at.filter(|d| !dirs.contains(*d)) {
            dirs.insert(dir.to_owned());
            at = dir.parent();
        }
    }

    /// Creates folder `rel` (and its parents) unless already known to exist.
    fn ensure_dir(&self, rel: &Path) -> Result<(), Error> {
        if self.dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(rel) {
            return Ok(());
        }
        if let Some(parent) = rel.parent() {
            self.ensure_dir(parent)?;
        }
        let path = self.dir.join(rel);
        match fs::create_dir(&path) {
            Ok(()) => {}
            // A recycled folder may have a file where this build wants a folder.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && !fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) => {
                fs::remove_file(&path).and_then(|()| fs::create_dir(&path)).map_err(|source| Error::Write { path: path.clone(), source })?;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(source) => return Err(Error::Write { path, source }),
        }
        self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_owned());
        Ok(())
    }

    /// Writes an HTML page for root-relative `url` and records it for the sitemap, and its inline
    /// code for the Content-Security-Policy ([`Staging::inline_code`]); returns that inline code (the
    /// build cache keeps it with the page).
    pub fn write_page(&self, url: &str, html: &str, lastmod: Option<String>) -> Result<InlineCode, Error> {
        let code = self.write_html(&crate::urls::file_for(url), html)?;
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).push((url.to_owned(), lastmod));
        Ok(code)
    }

    /// The pages written so far, sorted by URL.
    pub fn pages(&self) -> Vec<(String, Option<String>)> {
        let mut v = self.pages.lock().unwrap_or_else(|e| e.into_inner()).clone();
        v.sort();
        v
    }

    /// Writes an HTML page at `rel` that the sitemap leaves out (404), noting its inline code, which it
    /// returns.
    pub fn write_html(&self, rel: &str, html: &str) -> Result<InlineCode, Error> {
        self.write(rel, html.as_bytes())?;
        let found = inline_code::scan(html);
        self.inline.lock().unwrap_or_else(|e| e.into_inner()).extend_from(&found);
        Ok(found)
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

    /// Deletes what a recycled folder holds that this build did not put there ([`Staging::sweep`]) and
    /// records what it holds then ([`Staging::recording_in`]), once; the swap does it when this was not
    /// called. Called when every file is written (a file written after would be swept out, or missing
    /// from the record), it lets the caller do other last steps meanwhile.
    pub fn tidy(&self) -> Result<(), Error> {
        self.clear().map_err(|source| Error::Output {
            path: self.dir.clone(),
            action: "cannot clear the recycled output folder of what this build did not write",
            source,
        })
    }

    fn clear(&self) -> io::Result<()> {
        if self.swept.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return Ok(());
        }
        let folders = if self.recycled {
            let reading = self.previous.lock().unwrap_or_else(|e| e.into_inner()).take();
            let previous = reading.and_then(|r| r.join().ok().flatten());
            self.sweep(previous.as_ref())?
        } else if self.records.is_some() {
            let dirs: Vec<PathBuf> = self.dirs.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect();
            let stamps = crate::parallel::map(&dirs, |rel| super::tree::Stamp::at(&self.dir.join(rel)));
            dirs.into_iter().zip(stamps).collect()
        } else {
            return Ok(());
        };
        if let Some(records) = &self.records {
            let placed = self.placed.lock().unwrap_or_else(|e| e.into_inner());
            // A record is an optimisation: one that cannot be written costs the next recycling a read
            // of every folder, not the build.
            let _ = super::tree::write(records, &self.dir, &self.target, &folders, &placed, self.racy);
        }
        Ok(())
    }

    fn swap(&mut self) -> io::Result<Option<PathBuf>> {
        self.clear()?;
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

impl Staging {
    /// Deletes what a recycled folder holds that this build did not put there: files not placed, folders
    /// not made. A folder of `previous` (the record of this folder's last build) whose stamp is the
    /// recorded one is cleared by the names recorded, without being read (see [`super::tree`]); the
    /// others, and the folders the record does not have, are read. Every folder on every core (a
    /// vacancy page is a folder of its own: at 100,000 vacancies, 116,000 folders). Gives each folder
    /// left with its stamp as its own task left it (a folder whose recorded subfolder another task
    /// deleted after that has a stamp the next build finds moved: it is read then, never trusted).
    fn sweep(&self, previous: Option<&super::tree::Record>) -> io::Result<Vec<(PathBuf, Option<super::tree::Stamp>)>> {
        use super::tree::{PathRefs, Stamp, gone};
        let dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        let placed = self.placed.lock().unwrap_or_else(|e| e.into_inner());
        let recorded = previous.and_then(super::tree::Record::folders).unwrap_or_default();
        let known: PathRefs<'_> = recorded.iter().map(|f| Path::new(f.path)).collect();
        // Reads folder `rel` (kept) and deletes what this build did not put there, but the recorded
        // folders it did not make: the recorded folders are each deleted by one task, the topmost
        // of them only (below).
        let read = |rel: &Path| -> io::Result<Option<Stamp>> {
            let path = self.dir.join(rel);
            let entries = match fs::read_dir(&path) {
                // A file this build wrote where it had made a folder: nothing to read (and no stamp,
                // so no record: see `tree::encode`).
                Err(e) if e.kind() == io::ErrorKind::NotADirectory => return Ok(None),
                other => other?,
            };
            for e in entries {
                let e = e?;
                let r = rel.join(e.file_name());
                if e.file_type()?.is_dir() {
                    if !dirs.contains(&r) && !known.contains(r.as_path()) {
                        fs::remove_dir_all(e.path())?;
                    }
                } else if !placed.contains(&r) {
                    fs::remove_file(e.path())?;
                }
            }
            Ok(Stamp::at(&path))
        };
        // The folder kept (if it is), its stamp, whether it was read.
        let from_record = |f: &super::tree::Folder<'_>| -> io::Result<Option<(PathBuf, Option<Stamp>, bool)>> {
            let rel = Path::new(f.path);
            if f.path.is_empty() {
                return Ok(None);
            }
            if !dirs.contains(rel) {
                // Not part of this build: deleted whole, by the task of its topmost folder. (Something
                // else there now — a file this build wrote where the folder was — changed the folder
                // above, which is read.)
                let path = self.dir.join(rel);
                if rel.parent().is_some_and(|p| dirs.contains(p)) && fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                    gone(fs::remove_dir_all(&path))?;
                }
                return Ok(None);
            }
            let path = self.dir.join(rel);
            let stamp = Stamp::at(&path);
            if f.racy || stamp != Some(f.stamp) {
                return Ok(Some((rel.to_owned(), read(rel)?, true)));
            }
            let mut changed = false;
            for name in f.files() {
                if !placed.contains(&rel.join(name)) {
                    match gone(fs::remove_file(path.join(name))) {
                        Ok(()) => changed = true,
                        // Not a file after all (a folder this build made where the record has a
                        // file): the folder is read instead.
                        Err(_) => return Ok(Some((rel.to_owned(), read(rel)?, true))),
                    }
                }
            }
            Ok(Some((rel.to_owned(), if changed { Stamp::at(&path) } else { stamp }, false)))
        };
        let mut done: Vec<(PathBuf, Option<Stamp>, bool)> = Vec::with_capacity(dirs.len());
        for kept in crate::parallel::map(&recorded, from_record) {
            done.extend(kept?);
        }
        // The top (renamed at every swap, so its stamp moves) and the folders the record does not have.
        let others: Vec<&PathBuf> = dirs.iter().filter(|d| d.as_os_str().is_empty() || !known.contains(d.as_path())).collect();
        for (rel, stamp) in others.iter().zip(crate::parallel::map(&others, |rel| read(rel))) {
            done.push(((*rel).clone(), stamp?, true));
        }
        let was_read = done.iter().filter(|d| d.2).count();
        *self.swept_folders.lock().unwrap_or_else(|e| e.into_inner()) = (was_read, done.len() - was_read);
        Ok(done.into_iter().map(|(rel, stamp, _)| (rel, stamp)).collect())
    }
}

/// Writes `bytes` into a new file at `path`. A file already there is unlinked first, never truncated:
/// it may be a hard link to a file of the build cache or of the previous output.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let open = || fs::OpenOptions::new().write(true).create_new(true).open(path);
    let mut f = match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            remove_any(path)?;
            open()?
        }
        other => other?,
    };
    f.write_all(bytes)
}

/// Removes what is at `path`: a file, or (in a recycled folder) a folder where this build wants a file.
fn remove_any(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) { fs::remove_dir_all(path) } else { fs::remove_file(path) }
}

/// Whether `path` is a plain file holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read as _;
    let Ok(mut f) = fs::File::open(path) else { return false };
    if !f.metadata().is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) {
        return false;
    }
    // Compared a block at a time, stopping at the first that differs; the first block is small: a
    // listing page that names a new index generation (most of what a rebuild writes again) differs in
    // its first 2 KB.
    let mut block = vec![0u8; bytes.len().clamp(1, 64 * 1024)];
    let mut first = 4 * 1024;
    let mut rest = bytes;
    loop {
        // At least one byte, even when none is left: a file that grew since its size was read is not
        // the same.
        let want = rest.len().clamp(1, block.len().min(first));
        first = usize::MAX;
        match f.read(&mut block[..want]) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && block[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Whether `a` (a plain file) and `b` are the metadata of one inode (hard links to one file).
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        a.is_file() && a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// The spare of output folder `target`: `.<out>.spare` beside it, an older output that the next
/// incremental build recycles ([`Staging::reusing`]). Safe to delete at any time but during a build.
pub fn spare_dir(target: &Path) -> PathBuf {
    let name = target.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parent.join(format!(".{name}.spare"))
}

/// Keeps `old` (a previous output, as [`Staging::commit_keeping_old`] left it) as the spare of `target`
/// for the next incremental build. `Some(old)` when it could not (a spare already there): the caller
/// deletes it.
pub fn keep_as_spare(target: &Path, old: PathBuf) -> Option<PathBuf> {
    let spare = spare_dir(target);
    if fs::symlink_metadata(&spare).is_ok() {
        return Some(old);
    }
    match fs::rename(&old, &spare) {
        Ok(()) => None,
        Err(_) => Some(old),
    }
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
            // A recycled folder goes back as the spare (whatever it now holds, the next build compares
            // every file it writes); an empty one, or one that cannot go back, is deleted.
            let back = self.recycled && self.spare.as_ref().is_some_and(|s| fs::symlink_metadata(s).is_err() && fs::rename(&self.dir, s).is_ok());
            if !back {
                let _ = fs::remove_dir_all(&self.dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_compares_every_block() {
        let dir = std::env::temp_dir().join(format!("quanyu-same-bytes-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        // Three blocks and a bit: differences at the start, in a later block, at the last byte.
        let big: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        fs::write(&path, &big).unwrap();
        assert!(same_bytes(&path, &big));
        for at in [0, 70_000, 199_999] {
            let mut other = big.clone();
            other[at] ^= 1;
            assert!(!same_bytes(&path, &other), "a difference at byte {at}");
        }
        assert!(!same_bytes(&path, &big[..199_999]), "shorter");
        fs::write(&path, b"").unwrap();
        assert!(same_bytes(&path, b"") && !same_bytes(&path, b"x"));
        assert!(!same_bytes(&dir, b""), "a folder is not a file");
        assert!(!same_bytes(&dir.join("missing"), b""));
        fs::remove_dir_all(&dir).unwrap();
    }

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
        s.write_page("/a/", "<p>a</p>", None).unwrap();
        s.commit().unwrap();
        assert!(target.join("a/index.html").exists() && !target.join("old.html").exists());
        assert_eq!(fs::read_dir(&base).unwrap().count(), 1);
        // Keeping the previous output for the caller: a name of its own each time, found as a leftover.
        let mut kept = Vec::new();
        for page in ["/b/", "/c/"] {
            let s = Staging::new(&target).unwrap();
            s.write_page(page, "x", None).unwrap();
            kept.push(s.commit_keeping_old().unwrap().expect("there was an output"));
        }
        assert!(target.join("c/index.html").exists());
        assert!(kept[0] != kept[1] && kept[0].join("a/index.html").exists() && kept[1].join("b/index.html").exists());
        assert_eq!(leftover_old_outputs(&target), kept);
        let s = Staging::new(&base.join("new")).unwrap();
        assert_eq!(s.commit_keeping_old().unwrap(), None, "no previous output");
        fs::remove_dir_all(&base).unwrap();
    }

    /// Every file under `dir`: relative path → bytes.
    fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        let mut out = std::collections::BTreeMap::new();
        let mut stack = vec![dir.to_owned()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                if e.file_type().unwrap().is_dir() {
                    stack.push(e.path());
                } else {
                    out.insert(e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), fs::read(e.path()).unwrap());
                }
            }
        }
        out
    }

    #[test]
    fn a_recycled_spare_becomes_exactly_what_was_written() {
        use std::os::unix::fs::MetadataExt as _;
        let base = std::env::temp_dir().join(format!("quanyu-recycle-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let (target, spare) = (base.join("dist"), spare_dir(&base.join("dist")));
        assert_eq!(spare, base.join(".dist.spare"));
        // A spare with a file that stays, one that changes (same size), one to remove, a folder to remove,
        // a file where a folder goes, a folder where a file goes, and a file linked from elsewhere.
        for (rel, bytes) in [
            ("same.html", "same"),
            ("changed.html", "old!"),
            ("gone.html", "x"),
            ("olddir/a.html", "a"),
            ("was-file", "f"),
            ("was-dir/inner.html", "i"),
            ("keep/linked.html", "cached"),
            ("keep/stale.html", "stale!"),
            ("only/deep/linked.html", "cached"),
        ] {
            fs::create_dir_all(spare.join(rel).parent().unwrap()).unwrap();
            fs::write(spare.join(rel), bytes).unwrap();
        }
        let cached = base.join("cached.html");
        fs::write(&cached, "cached").unwrap();
        for rel in ["keep/linked.html", "only/deep/linked.html"] {
            fs::remove_file(spare.join(rel)).unwrap();
            fs::hard_link(&cached, spare.join(rel)).unwrap();
        }
        let ino = |p: &Path| fs::metadata(p).unwrap().ino();
        let same_before = ino(&spare.join("same.html"));
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("live.html"), "live").unwrap();

        // A failed build gives the spare back (and the live output is untouched).
        {
            let s = Staging::reusing(&target, &spare).unwrap();
            assert!(s.is_recycled() && !spare.exists());
            s.write("changed.html", b"new!").unwrap();
        }
        assert!(spare.join("same.html").exists() && tree(&target).len() == 1, "the spare is back, the output as it was");

        let s = Staging::reusing(&target, &spare).unwrap();
        s.write("same.html", b"same").unwrap();
        s.write("changed.html", b"new!").unwrap();
        s.write("was-file/now.html", b"n").unwrap();
        s.write("was-dir", b"d").unwrap();
        // Told the source's metadata, a link already there costs one look; a file of the same size that is
        // not the source is replaced, and a new folder is made, as without.
        let meta = fs::metadata(&cached).unwrap();
        s.link(&cached, Some(&meta), "keep/linked.html", 6).unwrap();
        // (A folder that holds only such links is kept too.)
        s.link(&cached, Some(&meta), "only/deep/linked.html", 6).unwrap();
        s.link(&cached, Some(&meta), "keep/stale.html", 6).unwrap();
        s.link(&cached, Some(&meta), "made/linked.html", 6).unwrap();
        s.link(&cached, None, "made/copy.html", 6).unwrap();
        s.write("fresh/new.html", b"fresh").unwrap();
        let staged = s.path("same.html");
        // Swept when the build asks, before the swap (while it does its other last steps): the swap
        // then finds the folder as it should be.
        s.tidy().unwrap();
        let tidied = tree(&s.path(""));
        let old = s.commit_keeping_old().unwrap().expect("there was an output");
        let want: Vec<(&str, &[u8])> = vec![
            ("changed.html", b"new!"),
            ("fresh/new.html", b"fresh"),
            ("keep/linked.html", b"cached"),
            ("keep/stale.html", b"cached"),
            ("made/copy.html", b"cached"),
            ("made/linked.html", b"cached"),
            ("only/deep/linked.html", b"cached"),
            ("same.html", b"same"),
            ("was-dir", b"d"),
            ("was-file/now.html", b"n"),
        ];
        let got = tree(&target);
        assert_eq!(got.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect::<Vec<_>>(), want);
        assert_eq!(tidied, got, "the tidied folder is what was swapped in");
        assert!(!staged.exists(), "the staging folder was renamed into place");
        assert_eq!(ino(&target.join("same.html")), same_before, "an unchanged file is left as it was");
        for rel in ["keep/linked.html", "keep/stale.html", "made/linked.html", "made/copy.html", "only/deep/linked.html"] {
            assert_eq!(ino(&target.join(rel)), ino(&cached), "{rel} is a link to the cached file");
        }
        assert!(!target.join("olddir").exists(), "folders this build did not make are gone");
        // The previous output becomes the next spare; with one already there, the caller deletes it.
        assert_eq!(keep_as_spare(&target, old), None);
        assert!(spare.join("live.html").exists());
        let other = base.join("other");
        fs::create_dir_all(&other).unwrap();
        assert_eq!(keep_as_spare(&target, other.clone()), Some(other));
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_recorded_spare_is_cleared_by_name_and_its_changed_folders_are_read() {
        let base = std::env::temp_dir().join(format!("quanyu-record-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let (target, spare, records) = (base.join("dist"), spare_dir(&base.join("dist")), base.join("trees"));
        let pause = || std::thread::sleep(std::time::Duration::from_millis(30));
        // A build that writes `rels` (each file's bytes its path) and is tidied.
        let stage = |rels: &[&str]| {
            let s = Staging::reusing(&target, &spare).unwrap().recording_in(records.clone()).racy_within(std::time::Duration::ZERO);
            for rel in rels {
                s.write(rel, rel.as_bytes()).unwrap();
            }
            s.tidy().unwrap();
            s
        };
        // Two builds: the first output becomes the spare, with its record.
        for _ in 0..2 {
            let s = stage(&["index.html", "a/x.html", "a/y.html", "b/c/z.html", "d/e.html"]);
            assert!(!s.is_recycled());
            if let Some(old) = s.commit_keeping_old().unwrap() {
                assert_eq!(keep_as_spare(&target, old), None);
            }
        }
        // By hand, after the record: a file put into a folder, and a folder into another.
        pause();
        fs::write(spare.join("b/c/stray.html"), "stray").unwrap();
        fs::create_dir_all(spare.join("a/x.html.d/deeper")).unwrap();
        pause();
        let s = stage(&["index.html", "a/x.html", "b/c/z.html", "b/new.html"]);
        assert!(s.is_recycled());
        // The top is always read, `b` changed (a new file) and so did `b/c` and `a` (by hand): nothing was
        // trusted here but what no one touched.
        let (read, from_record) = s.swept_folders();
        assert_eq!((read, from_record), (4, 0));
        let got: Vec<String> = tree(&s.path("")).into_keys().collect();
        assert_eq!(got, ["a/x.html", "b/c/z.html", "b/new.html", "index.html"]);
        let old = s.commit_keeping_old().unwrap().unwrap();
        assert_eq!(keep_as_spare(&target, old), None);
        // The next recycling: the spare (the second build's output) has its record; what this build does
        // not write again goes by name, folders untouched since are not read.
        pause();
        let s = stage(&["index.html", "a/x.html", "b/c/z.html"]);
        assert_eq!(s.swept_folders(), (1, 3), "the top read (`d` goes); `a` (`a/y.html` goes), `b` and `b/c` from the record");
        let got: Vec<String> = tree(&s.path("")).into_keys().collect();
        assert_eq!(got, ["a/x.html", "b/c/z.html", "index.html"]);
        let old = s.commit_keeping_old().unwrap().unwrap();
        assert_eq!(keep_as_spare(&target, old), None);
        // A file where a recorded folder was (`b/c`): the folder above is read, the file kept.
        pause();
        let s = stage(&["index.html", "a/x.html", "b/c"]);
        let got: Vec<String> = tree(&s.path("")).into_keys().collect();
        assert_eq!(got, ["a/x.html", "b/c", "index.html"]);
        assert_eq!(s.swept_folders(), (2, 1), "the top and `b` read, `a` from the record");
        let old = s.commit_keeping_old().unwrap().unwrap();
        assert_eq!(keep_as_spare(&target, old), None);
        // A build that makes a folder and then writes a file in its place: the sweep does not fail (and
        // no record is written, the path being both).
        let s = stage(&["index.html", "x/y.html", "x"]);
        let got: Vec<String> = tree(&s.path("")).into_keys().collect();
        assert_eq!(got, ["index.html", "x"]);
        s.commit().unwrap();
        assert!(fs::read_dir(&records).unwrap().count() <= 2, "records of the output and the spare only");
        fs::remove_dir_all(&base).unwrap();
    }
}
