//! What an output folder held when its build ended: the record that lets the build that recycles it
//! ([`super::Staging::reusing`], two builds later) clear it of what that build did not write without
//! reading every folder.
//!
//! Before its swap, a recycled staging folder must lose every file and folder the build did not put
//! there. Reading every folder to find them was most of a rebuild's system calls at 100,000 vacancies
//! (about 116,000 folders: an open, a stat, two directory reads and a close each). With a record, a
//! folder is read only when it may hold something the record does not say: the record keeps each
//! folder's files and the folder's *stamp* — its inode and its change time, which the kernel sets to
//! the clock's time whenever an entry is added to the folder, removed or renamed, and which no call can
//! set to anything else. A folder whose stamp is still the recorded one holds exactly the recorded
//! entries: the files this build did not place, and the recorded folders it did not make, are deleted
//! by name; any other folder (changed by this build, by hand, or not in the record) is read as before.
//!
//! A change time is only as fine as the file system's clock (a few milliseconds on Linux's, a second
//! or two on some others): an entry added in the same tick as the folder's last recorded change would
//! leave the stamp as it was. A folder changed less than [`RACY`] before its record was written is
//! therefore marked *racy* and always read (the idea of Git's "racily clean" index entries). What the
//! scheme assumes: folders' change times that move as above (true of Linux's local file systems; not of
//! FAT, whose folders keep no change time, nor of every network or FUSE file system), and a clock that
//! is not set back by more than the window between a build and the one that recycles its output.
//!
//! Records live in the build cache's `trees/` folder (safe to delete: the next recycled folder is then
//! read whole), one per output folder, named by the device and inode of the folder's top, which stay
//! the same as the folder is renamed from staging folder to output to spare. The text format: a first
//! line [`HEADER`]; then per folder, in the byte order of the paths (each after its parent), a line
//! `<inode> <ctime seconds> <ctime nanoseconds> <racy 0|1> <path>` (`.` for the top) followed by one line
//! `\t<name>` per file in it; then `end <folders> <files> <check>`, the check an FNV-1a hash (hex) of the
//! lines between. Anything unexpected in a record — a record cut short by a crash included — makes it
//! unused.

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
const HEADER: &str = "quanyu-sitegen-tree 2";

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

    /// Its folders in the order written (their paths strictly increasing, each after its parent), or
    /// `None` when anything in it is unexpected: a line or a name that is not one, a record cut short
    /// or changed (its last line counts its folders and files and holds a hash of what is above it).
    pub(super) fn folders(&self) -> Option<Vec<Folder<'_>>> {
        let rest = self.text.strip_prefix(HEADER)?.strip_prefix('\n')?;
        let lines = rest.strip_suffix('\n')?;
        // The body with its last newline, and the trailer.
        let (body, trailer) = match lines.rfind('\n') {
            Some(i) => (&rest[..=i], &lines[i + 1..]),
            None => ("", lines),
        };
        let mut t = trailer.strip_prefix("end ")?.split(' ');
        let (n_folders, n_files, hash) = (t.next()?.parse::<usize>().ok()?, t.next()?.parse::<usize>().ok()?, t.next()?);
        if t.next().is_some() || hash != format!("{:016x}", fnv(body.as_bytes())) {
            return None;
        }
        let mut folders: Vec<Folder<'_>> = Vec::new();
        let mut seen: std::collections::HashSet<&str, Fnv> = Default::default();
        let mut files = 0;
        let mut at = 0;
        while at < body.len() {
            let end = body[at..].find('\n').map(|n| at + n)?;
            let line = &body[at..end];
            let mut f = line.splitn(5, ' ');
            let mut num = || f.next()?.parse::<i64>().ok();
            let (ino, secs, nanos, racy) = (num()?, num()?, num()?, num()?);
            let path = f.next()?;
            let path = if path == "." && folders.is_empty() { "" } else { path };
            let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
            let placed_well = if path.is_empty() { folders.is_empty() } else { path.split('/').all(normal) && seen.contains(parent) };
            if !(0..=1).contains(&racy) || !placed_well || folders.last().is_some_and(|last| last.path >= path) {
                return None;
            }
            seen.insert(path);
            // The file lines that follow, up to the next folder line.
            let files_at = end + 1;
            let mut files_end = files_at;
            while body[files_end..].starts_with('\t') {
                let line_end = body[files_end..].find('\n').map(|n| files_end + n)?;
                if !normal(&body[files_end + 1..line_end]) {
                    return None;
                }
                files += 1;
                files_end = line_end + 1;
            }
            let stamp = Stamp { ino: u64::try_from(ino).ok()?, secs, nanos };
            folders.push(Folder { path, stamp, racy: racy == 1, files: &body[files_at..files_end] });
            at = files_end;
        }
        (folders.len() == n_folders && files == n_files && folders.first().is_some_and(|f| f.path.is_empty())).then_some(folders)
    }
}

/// Whether `name` is a plain name in a folder: not empty, not `.` or `..`, no separator.
fn normal(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\n', '\r', '\0']) && !name.starts_with('\t')
}

/// FNV-1a of `bytes` (the record's check: it finds a record cut short or changed, not a forgery — the
/// cache is the build's own folder).
fn fnv(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut h = engine::index::FnvHasher::default();
    h.write(bytes);
    h.finish()
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
    let mut body = String::with_capacity(40 * (dirs.len() + files.len()));
    let mut next = files.iter().peekable();
    for (i, &(path, stamp)) in dirs.iter().enumerate() {
        // Names the format cannot hold, a folder twice, the top not first: no record.
        if (i == 0) != path.is_empty() || (i > 0 && (!path.split('/').all(normal) || dirs[i - 1].0 == path)) {
            return None;
        }
        let racy = u8::from(stamp.recent(now, window));
        let shown = if path.is_empty() { "." } else { path };
        body.push_str(&format!("{} {} {} {racy} {shown}\n", stamp.ino, stamp.secs, stamp.nanos));
        while let Some(&&(folder, name)) = next.peek() {
            match folder.cmp(path) {
                std::cmp::Ordering::Less => return None,
                std::cmp::Ordering::Greater => break,
                std::cmp::Ordering::Equal => {
                    // A file where this build also made a folder (one replaced the other): which one is
                    // there is not known here, so there is no record.
                    let joined = if path.is_empty() { name.to_owned() } else { format!("{path}/{name}") };
                    if !normal(name) || dirs.binary_search_by(|d| d.0.cmp(joined.as_str())).is_ok() {
                        return None;
                    }
                    body.push('\t');
                    body.push_str(name);
                    body.push('\n');
                    next.next();
                }
            }
        }
    }
    // A file whose folder is not listed: no record.
    if next.peek().is_some() {
        return None;
    }
    Some(format!("{HEADER}\n{body}end {} {} {:016x}\n", dirs.len(), files.len(), fnv(body.as_bytes())))
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
        // A file where a folder also is (one replaced the other during the build): no record.
        let both: PathSet = ["index.html", "a-z"].into_iter().map(PathBuf::from).collect();
        assert!(encode(&folders, &both, now, RACY).is_none());
        // Anything unexpected makes a record unused: each of these, with a trailer made to match it
        // (what a careless writer could produce), and the record cut short or changed under its trailer.
        let text = &record.text;
        let body = &text[HEADER.len() + 1..text.rfind("end ").unwrap()];
        let with_trailer = |body: &str| {
            let (folders, files) = (body.lines().filter(|l| !l.starts_with('\t')).count(), body.lines().filter(|l| l.starts_with('\t')).count());
            format!("{HEADER}\n{body}end {folders} {files} {:016x}\n", fnv(body.as_bytes()))
        };
        assert_eq!(&with_trailer(body), text, "the trailer is what the test makes");
        for bad in [
            body.replacen("\tx.html", "\tx/y.html", 1),
            body.replacen("\tx.html", "\t", 1),
            body.replacen("\tx.html", "\t..", 1),
            body.replacen("2 100 5 0 a\n", "2 100 five 0 a\n", 1),
            body.replacen("2 100 5 0 a\n", "2 100 5 2 a\n", 1),
            body.replacen("2 100 5 0 a\n", "2 100 5 -1 a\n", 1),
            body.replacen("1 100 5 0 .\n\tindex.html\n", "", 1),
            body.replacen("4 100 5 0 a-z", "4 100 5 0 a", 1),
            body.replacen("4 100 5 0 a-z", "4 100 5 0 ..", 1),
            body.replacen("4 100 5 0 a-z", "4 100 5 0 a-y/z", 1),
            body.replacen("4 100 5 0 a-z", "4 100 5 0 a/./z", 1),
            format!("{body}\n"),
        ] {
            assert!(Record { text: with_trailer(&bad) }.folders().is_none(), "{bad}");
        }
        let cut = text.replacen("\ty z.html\n", "", 1);
        let changed = text.replacen("\ty z.html", "\ty_z.html", 1);
        let no_trailer = format!("{HEADER}\n{body}");
        for bad in [cut, changed, no_trailer] {
            assert!(Record { text: bad.clone() }.folders().is_none(), "{bad}");
        }
        assert!(Record { text: text.replacen(HEADER, "quanyu-sitegen-tree 0", 1) }.folders().is_none());
    }
}
