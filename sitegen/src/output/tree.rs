//! What an output folder held when its build ended: the record that lets the build that recycles it
//! ([`super::Staging::reusing`], two builds later) clear it of what that build did not write without
//! reading every folder.
//!
//! Before its swap, a recycled staging folder must lose every file and folder the build did not put
//! there. Reading every folder to find them was most of a rebuild's system calls at 100,000 vacancies
//! (about 116,000 folders: an open, a stat, two directory reads and a close each). With a record, a
//! folder is read only when it may hold something the record does not say: the record keeps each
//! folder's files and the folder's *stamp* (inode and change time, which the kernel moves whenever an
//! entry is added to the folder or removed from it and which no program can set back). A folder whose
//! stamp is still the recorded one holds exactly the recorded entries: the files this build did not
//! place, and the recorded folders it did not make, are deleted by name; any other folder (changed by
//! this build, by hand, or not in the record) is read as before.
//!
//! A change time is only as fine as the file system's clock (a few milliseconds on Linux's, a second
//! or two on some others): an entry added in the same tick as the folder's last recorded change would
//! leave the stamp as it was. A folder changed less than [`RACY`] before its record was written is
//! therefore marked *racy* and always read (the idea of Git's "racily clean" index entries).
//!
//! Records live in the build cache's `trees/` folder (safe to delete: the next recycled folder is then
//! read whole), one per output folder, named by the device and inode of the folder's top, which stay
//! the same as the folder is renamed from staging folder to output to spare. The text format: a first
//! line [`HEADER`], then per folder a line `<inode> <ctime seconds> <ctime nanoseconds> <racy 0|1>
//! <path>` (`.` for the top) followed by one line `\t<name>` per file in it. Anything unexpected in a
//! record makes it unused.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Sets and maps of paths, hashed with FNV: hashing a path hashes each of its components, and a
/// rebuild at 100,000 vacancies looks up about half a million (SipHash, the default, was most of the
/// record's and the sweep's time). The paths are the build's own output paths.
pub(crate) type PathSet = std::collections::HashSet<PathBuf, Fnv>;
/// A set of borrowed paths, hashed the same way.
pub(super) type PathRefs<'a> = std::collections::HashSet<&'a Path, Fnv>;
type Fnv = std::hash::BuildHasherDefault<engine::index::FnvHasher>;

/// The record format's first line.
const HEADER: &str = "quanyu-sitegen-tree 1";

/// How long before its record is written a folder's change must be for its stamp to be trusted.
pub(super) const RACY: Duration = Duration::from_secs(2);

/// A folder's identity and last change: what moves when an entry is added to it or removed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    ino: u64,
    secs: i64,
    nanos: i64,
}

impl Stamp {
    /// The stamp of a folder's metadata (none where the platform gives no change time).
    pub(super) fn of(meta: &fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            Some(Stamp { ino: meta.ino(), secs: meta.ctime(), nanos: meta.ctime_nsec() })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// The stamp of the folder at `path`, if it is one.
    pub(super) fn at(path: &Path) -> Option<Stamp> {
        fs::symlink_metadata(path).ok().filter(fs::Metadata::is_dir).and_then(|m| Stamp::of(&m))
    }

    /// Whether the change is less than `window` before `now` (or after it).
    fn recent(&self, now: SystemTime, window: Duration) -> bool {
        let Ok(secs) = u64::try_from(self.secs) else { return true };
        let at = SystemTime::UNIX_EPOCH + Duration::new(secs, u32::try_from(self.nanos).unwrap_or(0));
        at + window > now
    }
}

/// The record of one output folder, as read: its text, parsed where it is used ([`Record::folders`]).
#[derive(Debug)]
pub(super) struct Record {
    text: String,
}

/// One recorded folder, borrowed from its record's text.
#[derive(Debug)]
pub(super) struct Folder<'a> {
    /// Relative to the top (the top itself `""`).
    pub path: &'a str,
    pub stamp: Stamp,
    /// Changed too shortly before the record was written for its stamp to be trusted.
    pub racy: bool,
    /// Its files' lines (`\t<name>\n` each).
    files: &'a str,
}

impl<'a> Folder<'a> {
    /// Its files' names.
    pub(super) fn files(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.files.split_terminator('\n').map(|l| &l[1..])
    }
}

impl Record {
    /// The record in `records` of the folder `top`, if there is one of this format.
    pub(super) fn read(records: &Path, top: &Path) -> Option<Record> {
        let text = fs::read_to_string(records.join(key(top)?)).ok()?;
        text.starts_with(HEADER).then_some(Record { text })
    }

    /// Its folders in the order written (their paths strictly increasing), or `None` when anything in
    /// it is unexpected.
    pub(super) fn folders(&self) -> Option<Vec<Folder<'_>>> {
        let body = self.text.strip_prefix(HEADER)?.strip_prefix('\n')?;
        let mut folders: Vec<Folder<'_>> = Vec::new();
        let mut at = 0;
        while at < body.len() {
            let end = body[at..].find('\n').map_or(body.len(), |n| at + n);
            let line = &body[at..end];
            let mut f = line.splitn(5, ' ');
            let mut num = || f.next()?.parse::<i64>().ok();
            let (ino, secs, nanos, racy) = (num()?, num()?, num()?, num()?);
            let path = f.next()?;
            let path = if path == "." { "" } else { path };
            if racy > 1 || path.starts_with('\t') || folders.last().is_some_and(|last| last.path >= path) {
                return None;
            }
            // The file lines that follow, up to the next folder line.
            let files_at = (end + 1).min(body.len());
            let mut files_end = files_at;
            while body[files_end..].starts_with('\t') {
                let line_end = body[files_end..].find('\n').map(|n| files_end + n)?;
                let name = &body[files_end + 1..line_end];
                if name.is_empty() || name.contains('/') {
                    return None;
                }
                files_end = line_end + 1;
            }
            let stamp = Stamp { ino: u64::try_from(ino).ok()?, secs, nanos };
            folders.push(Folder { path, stamp, racy: racy == 1, files: &body[files_at..files_end] });
            at = files_end;
        }
        folders.first().is_some_and(|f| f.path.is_empty()).then_some(folders)
    }
}

/// A record's name: the device and inode of the folder's top.
fn key(top: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let m = fs::symlink_metadata(top).ok().filter(fs::Metadata::is_dir)?;
        Some(format!("{}-{}", m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = top;
        None
    }
}

/// Writes the record of the folder `top`, whose folders are `folders` (with their stamps as they are
/// now) and whose files are `placed` (relative), into `records`; deletes the other records there but
/// `also`'s (the output this one replaces, whose record its next build uses). Nothing is written when
/// a stamp is missing, a name cannot be written in the format, or a file's folder is not among
/// `folders`: the build that recycles `top` then reads every folder.
pub(super) fn write(
    records: &Path,
    top: &Path,
    also: &Path,
    folders: &[(PathBuf, Option<Stamp>)],
    placed: &PathSet,
    window: Duration,
) -> io::Result<()> {
    let Some(name) = key(top) else { return Ok(()) };
    fs::create_dir_all(records)?;
    let keep = [Some(name.clone()), key(also)];
    for e in fs::read_dir(records)?.flatten() {
        if !keep.iter().flatten().any(|k| e.file_name().to_str() == Some(k.as_str())) {
            let _ = fs::remove_file(e.path());
        }
    }
    let Some(text) = encode(folders, placed, SystemTime::now(), window) else { return Ok(()) };
    let tmp = records.join(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, records.join(&name))).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

fn encode(folders: &[(PathBuf, Option<Stamp>)], placed: &PathSet, now: SystemTime, window: Duration) -> Option<String> {
    // Folders and files (by folder, then name) in the order of their paths' text: merged in one pass.
    let mut dirs: Vec<(&str, Stamp)> = Vec::with_capacity(folders.len());
    for (rel, stamp) in folders {
        dirs.push((rel.to_str()?, (*stamp)?));
    }
    dirs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut files: Vec<(&str, &str)> = Vec::with_capacity(placed.len());
    for p in placed {
        files.push((p.parent().unwrap_or(Path::new("")).to_str()?, p.file_name()?.to_str()?));
    }
    files.sort_unstable();
    let mut out = String::with_capacity(40 * (dirs.len() + files.len()) + HEADER.len() + 1);
    out.push_str(HEADER);
    out.push('\n');
    let mut next = files.iter().peekable();
    for (i, &(path, stamp)) in dirs.iter().enumerate() {
        if path.contains(['\n', '\r', '\\']) || path.starts_with('\t') || path == "." || (i > 0 && dirs[i - 1].0 == path) {
            return None;
        }
        let racy = u8::from(stamp.recent(now, window));
        let shown = if path.is_empty() { "." } else { path };
        out.push_str(&format!("{} {} {} {racy} {shown}\n", stamp.ino, stamp.secs, stamp.nanos));
        while let Some(&&(folder, name)) = next.peek() {
            match folder.cmp(path) {
                std::cmp::Ordering::Less => return None,
                std::cmp::Ordering::Greater => break,
                std::cmp::Ordering::Equal => {
                    if name.contains(['\n', '\r']) {
                        return None;
                    }
                    out.push('\t');
                    out.push_str(name);
                    out.push('\n');
                    next.next();
                }
            }
        }
    }
    // A file whose folder is not listed.
    next.peek().is_none().then_some(out)
}

/// Removing something that is already gone is done.
pub(super) fn gone(r: io::Result<()>) -> io::Result<()> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written_and_recent_folders_are_racy() {
        let stamp = |ino, secs| Some(Stamp { ino, secs, nanos: 5 });
        let folders = vec![
            (PathBuf::from("a/b c"), stamp(3, 1_000)),
            (PathBuf::new(), stamp(1, 100)),
            (PathBuf::from("a"), stamp(2, 100)),
            (PathBuf::from("a-z"), stamp(4, 100)),
        ];
        let placed: PathSet = ["index.html", "a/x.html", "a/b c/y z.html", "a/b c/w.html", "a/y.html"].into_iter().map(PathBuf::from).collect();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_001);
        let record = Record { text: encode(&folders, &placed, now, RACY).unwrap() };
        let read = record.folders().unwrap();
        let got: Vec<(&str, u64, bool, Vec<&str>)> = read.iter().map(|f| (f.path, f.stamp.ino, f.racy, f.files().collect())).collect();
        assert_eq!(
            got,
            [
                ("", 1, false, vec!["index.html"]),
                ("a", 2, false, vec!["x.html", "y.html"]),
                // In the order of the paths' bytes ('-' before '/').
                ("a-z", 4, false, vec![]),
                // Changed a second before the record: racy.
                ("a/b c", 3, true, vec!["w.html", "y z.html"]),
            ]
        );
        // What cannot be recorded is not: a file whose folder is not listed, a folder without a stamp.
        let stray: PathSet = [PathBuf::from("nowhere/x.html")].into_iter().collect();
        assert!(encode(&folders, &stray, now, RACY).is_none());
        assert!(encode(&[(PathBuf::new(), None)], &PathSet::default(), now, RACY).is_none());
        // Anything unexpected makes a record unused.
        let text = &record.text;
        for bad in [
            text.replacen("\tx.html", "\tx/y.html", 1),
            text.replacen("\tx.html", "\t", 1),
            text.replacen("2 100 5 0 a\n", "2 100 five 0 a\n", 1),
            text.replacen("2 100 5 0 a\n", "2 100 5 2 a\n", 1),
            text.replacen("1 100 5 0 .\n\tindex.html\n", "", 1),
            text.replacen("4 100 5 0 a-z", "4 100 5 0 a", 1),
            format!("{text}\n"),
        ] {
            assert!(Record { text: bad.clone() }.folders().is_none(), "{bad}");
        }
        assert!(Record { text: text.replacen(HEADER, "quanyu-sitegen-tree 0", 1) }.folders().is_none());
    }
}
