//! The build cache: rendered pages kept between builds, named by a hash of everything they were
//! rendered from, so an incremental build renders only what changed and carries the rest over by hard
//! link (docs/content.md, "The build cache").
//!
//! Layout of a cache folder (by default `.<out>.cache` beside the output folder, see [`default_dir`]):
//!
//! - `manifest` — a first line `quanyu-sitegen-cache <FORMAT> <stamp>` (the stamp names the sitegen
//!   binary), then the distinct inline code of the kept pages, one line `=<n> <scripts>|<styles>|<style
//!   attributes>` each (CSP hash sources, comma-separated), then one line `<name> <size>` per kept file,
//!   sorted, a page's ending ` <n>`: its inline code, so a carried-over page is not read back to find
//!   it (the Content-Security-Policy lists the code of every page, carried over or rendered).
//!   Written last, atomically, after a
//!   successful build; anything unexpected in it (another format or stamp, a malformed line, a name
//!   that is not `[0-9a-z.-]`) throws the whole cache away: the build is then a full build.
//! - `pages/<2 hex>/<name>` — the files. A page's name is the hash of its inputs (hex) and its language,
//!   so a file's bytes are what rendering those inputs gives (a listing page's is `<hex>-list`); a
//!   gzipped index file's (`<hex>-gz`) is the
//!   SHA-256 of its uncompressed bytes, so an index file that did not change is not compressed again
//!   ([`Cache::carry_file`], [`Cache::keep_file`]). A file whose size differs from the manifest's is
//!   not used.
//!
//! - `documents` — the search index's document hashes (`engine::index::doc_hash`) of the last build, so
//!   a rebuild does not make every vacancy's document and aliases again to work out the index's
//!   generation: a first line `quanyu-sitegen-documents <FORMAT> <stamp>`, then 24 bytes per vacancy,
//!   sorted: a 16-byte key (a hash of everything the document is made from,
//!   `formats::search_index::doc_key`) and the document's hash (8 bytes, little-endian). Written, like
//!   the manifest, after a successful build; one of another format or stamp, or of a length that is no
//!   whole number of entries, is not used.
//!
//! - `terms` — each search-index document's terms (`engine::index::terms`: what tokenizing the document
//!   and its aliases gives), so a rebuild that builds the index tokenizes only the vacancies that
//!   changed: a first line `quanyu-sitegen-terms <FORMAT> <stamp>`, then per document, sorted by key
//!   (the documents' key above), the 16-byte key, the terms' length (4 bytes, little-endian), a check
//!   of key and terms (8 bytes, [`terms_check`]) and the terms. Read when the index is built, not before
//!   — the entries' keys and places, then their terms as the writer asks for them, a part of its
//!   documents at a time ([`DocTerms::read`]), so the file is not held in memory —, and written anew as soon as it is built (the
//!   terms of its documents, kept or made now: each entry is what its key gives with this binary,
//!   whatever becomes of the build); a build whose index is carried over whole leaves it. One of
//!   another format or stamp, or not whole entries in order, is not used; an entry whose check fails
//!   is not used ([`DocTerms::get`]), nor one the index writer cannot read as terms it could have made:
//!   that document is tokenized.
//!
//! - `index` — the last build's search index: a first line `quanyu-sitegen-index <FORMAT> <stamp> <key>`
//!   (`formats::search_index::index_key`: a hash of everything the index is made from), then one line
//!   `<path in the output> <name in the cache>` per index file. A build whose index has the same key
//!   carries those files over and builds nothing; written after a successful build, not used when of
//!   another format or stamp or damaged.
//!
//! - `trees/` — what each output folder held when its build ended (the current output's and the spare's:
//!   `output::tree`), so that the build that recycles the spare reads only its folders that changed since.
//!
//! Files are never opened for writing once they have a name here: a new one is the staging folder's
//! freshly written file linked (or copied) to a temporary name and renamed into place; a kept one is
//! linked into the next staging folder. So the output, the cache and the next build's staging folder
//! may share inodes without any build ever changing bytes another folder shows. Deleting the folder is
//! always safe: the next build is a full build.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Staging;
use crate::error::Error;
use crate::text::inline_code::InlineCode;
use std::sync::{Arc, Mutex};

/// The layout's version: a change to what a name means or to the layout bumps it (3: a vacancy page's
/// name hashes the vacancy's fields themselves, no longer their `Debug` text; 4: a page's name and a
/// document's key hash the vacancy's field digest, `keys::FieldDigest`, not the fields again; 5:
/// listing pages, with the generation they named; 6: listing pages name no generation).
pub const FORMAT: u32 = 6;
const MANIFEST: &str = "manifest";
const DOCUMENTS: &str = "documents";
const INDEX: &str = "index";
const TERMS: &str = "terms";
const TREES: &str = "trees";

/// The key a search-index document's hash is kept under (see the module docs).
pub type DocKey = [u8; 16];
const PAGES: &str = "pages";

/// The default cache folder of output folder `out`: `.<out>.cache` beside it. Beside the output, the
/// cache is on the same file system as the staging folder (also beside the output), so carrying a page
/// over is a hard link, not a copy; and it is outside both the output (never published) and the
/// content (never committed, never watched as content by `sitegen serve`).
pub fn default_dir(out: &Path) -> PathBuf {
    let name = out.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parent.join(format!(".{name}.cache"))
}

/// A cache folder opened for one build.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    stamp: String,
    /// The previous build's files: name → size and, for a page, its inline code.
    previous: HashMap<String, Kept>,
    /// The files this build uses (carried over or newly kept).
    used: Mutex<BTreeMap<String, Kept>>,
    reused: AtomicUsize,
    rendered: AtomicUsize,
    listings_reused: AtomicUsize,
    listings_rendered: AtomicUsize,
    files_reused: AtomicUsize,
    files_made: AtomicUsize,
    index_carried: std::sync::atomic::AtomicBool,
    /// The distinct inline codes of the pages kept or carried over (shared by their entries).
    codes: Mutex<Vec<Arc<InlineCode>>>,
    /// The previous build's document hashes, sorted by key.
    previous_docs: Vec<(DocKey, u64)>,
    /// This build's ([`Cache::keep_doc_hashes`]).
    docs: Mutex<Vec<(DocKey, u64)>>,
    /// The previous build's search index: its key and files (path in the output, name in the cache).
    previous_index: Option<IndexFiles>,
    /// This build's ([`Cache::keep_index`]).
    index: Mutex<Option<IndexFiles>>,
    terms_reused: AtomicUsize,
    /// The page folders (`pages/00` … `pages/ff`, by a name's first two hex digits) known to exist:
    /// each is made, or found, once a build rather than at each page kept.
    folders: [std::sync::atomic::AtomicBool; 256],
}

/// The search-index documents' terms an earlier build kept ([`Cache::doc_terms`]): the open `terms`
/// file, and each entry's key and place in it, sorted by key. The terms themselves are read as the
/// index writer asks for them, a part of its documents at a time ([`DocTerms::read`]): the file is not
/// held in memory (113 MB at 100,000 vacancies).
#[derive(Debug)]
pub struct DocTerms {
    file: fs::File,
    /// Key, offset of the terms in the file, their length, their check.
    entries: Vec<(DocKey, u64, u32, u64)>,
}

impl DocTerms {
    /// The terms kept for each document of key `keys` (encoded: `engine::index::terms`, which the index
    /// writer reads checked), appended to `into`: each one's range there, when it could be read and its
    /// check holds.
    pub fn read<'k>(&self, keys: impl IntoIterator<Item = &'k DocKey>, into: &mut Vec<u8>) -> Vec<Option<std::ops::Range<usize>>> {
        keys.into_iter()
            .map(|key| {
                let at = self.entries.binary_search_by(|e| e.0.cmp(key)).ok()?;
                let (_, offset, len, check) = self.entries[at];
                let from = into.len();
                into.resize(from + len as usize, 0);
                if self.read_at(&mut into[from..], offset).is_err() || terms_check(key, &into[from..]) != check {
                    into.truncate(from);
                    return None;
                }
                Some(from..into.len())
            })
            .collect()
    }

    /// Fills `buf` from the file at `offset`: one `pread` (no seek, no lock: the index writer's threads
    /// read at once), where there is one.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt as _;
            self.file.read_exact_at(buf, offset)
        }
        #[cfg(not(unix))]
        {
            use std::io::{Read as _, Seek as _};
            let mut file = &self.file;
            file.seek(io::SeekFrom::Start(offset)).and_then(|_| file.read_exact(buf))
        }
    }

    /// A reader of the entries in the file's order (key order), for [`write_terms`], which copies those
    /// of the kept documents front to back: buffered, so that it reads the file a megabyte at a time
    /// rather than two system calls an entry (a seek and a read: 200,000 of them at 100,000 vacancies).
    fn in_order(&self) -> io::Result<InOrder<'_>> {
        // (Its place is not known: the handle shares the one `parse_terms` read to the end.)
        Ok(InOrder { terms: self, file: io::BufReader::with_capacity(1 << 20, self.file.try_clone()?), at: UNKNOWN, next: 0 })
    }
}

/// [`DocTerms::in_order`]'s reader.
struct InOrder<'t> {
    terms: &'t DocTerms,
    file: io::BufReader<fs::File>,
    /// The reader's place in the file, or [`UNKNOWN`].
    at: u64,
    /// The first entry not yet passed.
    next: usize,
}

/// [`InOrder::at`] when the reader's place is not known: the next read seeks to its entry.
const UNKNOWN: u64 = u64::MAX;

impl InOrder<'_> {
    /// The terms of `key` (asked for in increasing key order) into `into` (cleared first), if the file
    /// has them and their check holds.
    fn read(&mut self, key: &DocKey, into: &mut Vec<u8>) -> bool {
        use std::io::{Read as _, Seek as _};
        let entries = &self.terms.entries;
        self.next += entries[self.next..].partition_point(|e| e.0 < *key);
        let Some(&(k, offset, len, check)) = entries.get(self.next).filter(|e| e.0 == *key) else { return false };
        self.next += 1;
        let moved = if self.at <= offset {
            // Forward: within the buffer, no system call.
            self.file.seek_relative(i64::try_from(offset - self.at).unwrap_or(i64::MAX))
        } else {
            self.file.seek(io::SeekFrom::Start(offset)).map(|_| ())
        };
        into.clear();
        into.resize(len as usize, 0);
        let read = moved.and_then(|()| self.file.read_exact(into));
        self.at = if read.is_ok() { offset + u64::from(len) } else { UNKNOWN };
        read.is_ok() && terms_check(&k, into) == check
    }
}

/// The check kept with each entry of the `terms` file: a 64-bit mix of its key and terms, eight bytes
/// at a time (a multiply and a shift each: about a twentieth of a millisecond a thousand entries). A
/// change within any eight bytes always changes it; the terms' own reader then refuses what is not a
/// list tokenizing could have made. Not a defence against a person who rewrites the cache on purpose:
/// the cache, like the content, is the team's own.
fn terms_check(key: &DocKey, terms: &[u8]) -> u64 {
    let mut h = 0x9E37_79B9_7F4A_7C15_u64 ^ terms.len() as u64;
    for word in key.chunks(8).chain(terms.chunks(8)) {
        let mut w = [0u8; 8];
        w[..word.len()].copy_from_slice(word);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
    }
    h
}

/// A search index's key and its files: (path in the output, name in the cache).
type IndexFiles = (String, Vec<(String, String)>);

/// A file of the cache as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Kept {
    size: u64,
    /// A page's inline code (`None` for other files): one shared copy of each distinct code (most pages
    /// carry the same), not one per page.
    code: Option<Arc<InlineCode>>,
}

/// What a build did with its cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Pages carried over from the cache.
    pub reused: usize,
    /// Cacheable pages rendered (not in the cache, or changed).
    pub rendered: usize,
    /// Listing pages carried over from the cache.
    pub listings_reused: usize,
    /// Listing pages rendered.
    pub listings_rendered: usize,
    /// Other files (the gzipped index files) carried over from the cache.
    pub files_reused: usize,
    /// Other cacheable files made (compressed).
    pub files_made: usize,
    /// Whether the search index was carried over whole (the last build's had the same inputs) rather
    /// than built.
    pub index_carried: bool,
    /// JSON vacancy records taken from the cache instead of parsed and checked (`load::records`; set by
    /// the site, which loaded them).
    pub records_reused: usize,
    /// Search-index documents whose terms were taken from the cache instead of made and tokenized.
    pub terms_reused: usize,
    /// Folders of the recycled output folder (the spare) read to find what this build did not write
    /// (set by the site, from its staging folder).
    pub folders_read: usize,
    /// Folders of the recycled output folder cleared from the record of the spare's build without
    /// being read.
    pub folders_from_record: usize,
}

impl Cache {
    /// Where the records of output folders are (`trees/`, see the module docs).
    pub fn trees_dir(&self) -> PathBuf {
        self.dir.join(TREES)
    }

    /// Opens (creating it when missing) the cache folder `dir` for a build by the sitegen named by
    /// `stamp`. A manifest of another format or stamp, or a damaged one, empties the cache.
    pub fn open(dir: &Path, stamp: &str) -> Result<Cache, Error> {
        let err = |action, source| Error::Output { path: dir.to_owned(), action, source };
        fs::create_dir_all(dir).map_err(|e| err("cannot create the cache folder", e))?;
        let previous = match fs::read(dir.join(MANIFEST)) {
            Ok(bytes) => parse_manifest(&bytes, stamp),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(err("cannot read the cache's manifest", e)),
        };
        let previous = match previous {
            Some(p) => p,
            None => {
                // No usable manifest: whatever files are there cannot be trusted.
                match fs::remove_dir_all(dir.join(PAGES)) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(err("cannot empty the cache folder", e)),
                }
                HashMap::new()
            }
        };
        let mut codes: Vec<Arc<InlineCode>> = Vec::new();
        for code in previous.values().filter_map(|k| k.code.as_ref()) {
            if !codes.iter().any(|c| Arc::ptr_eq(c, code)) {
                codes.push(code.clone());
            }
        }
        let previous_docs = match fs::read(dir.join(DOCUMENTS)) {
            Ok(bytes) => parse_documents(&bytes, stamp).unwrap_or_default(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(err("cannot read the cache's document hashes", e)),
        };
        let previous_index = match fs::read(dir.join(INDEX)) {
            Ok(bytes) => parse_index(&bytes, stamp),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(err("cannot read the cache's index record", e)),
        };
        Ok(Cache {
            previous_docs,
            docs: Mutex::new(Vec::new()),
            previous_index,
            index: Mutex::new(None),
            terms_reused: AtomicUsize::new(0),
            dir: dir.to_owned(),
            stamp: stamp.to_owned(),
            previous,
            used: Mutex::new(BTreeMap::new()),
            reused: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
            listings_reused: AtomicUsize::new(0),
            listings_rendered: AtomicUsize::new(0),
            files_reused: AtomicUsize::new(0),
            files_made: AtomicUsize::new(0),
            index_carried: Default::default(),
            codes: Mutex::new(codes),
            folders: std::array::from_fn(|_| Default::default()),
        })
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.join(PAGES).join(&name[..2]).join(name)
    }

    /// Carries the cached page `name` over into the staging folder as `rel` (a hard link, or a copy),
    /// when the previous build kept it whole; returns its inline code. `Ok(None)`: not in the cache,
    /// render it.
    pub fn carry(&self, name: &str, stage: &Staging, rel: &str) -> Result<Option<Arc<InlineCode>>, Error> {
        Ok(self.carry_counted(name, stage, rel, &self.reused, true)?.and_then(|k| k.code))
    }

    /// [`Cache::carry`] for a file that is not a page (a gzipped index file, named by
    /// [`Cache::content_name`]); returns its size.
    pub fn carry_file(&self, name: &str, stage: &Staging, rel: &str) -> Result<Option<u64>, Error> {
        Ok(self.carry_counted(name, stage, rel, &self.files_reused, false)?.map(|k| k.size))
    }

    fn carry_counted(&self, name: &str, stage: &Staging, rel: &str, counter: &AtomicUsize, page: bool) -> Result<Option<Kept>, Error> {
        let Some(kept) = self.previous.get(name) else { return Ok(None) };
        let file = self.file(name);
        let meta = match fs::metadata(&file) {
            Ok(m) if kept.code.is_some() == page && m.is_file() && m.len() == kept.size => m,
            _ => return Ok(None),
        };
        stage.link(&file, Some(&meta), rel, kept.size)?;
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(name.to_owned(), kept.clone());
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(Some(kept.clone()))
    }

    /// The cache name of a file made from `input` alone by the code of this binary (`kind` says how,
    /// e.g. `gz`): the SHA-256 of `input`, in hex, then the kind.
    pub fn content_name(input: &[u8], kind: &str) -> String {
        use sha2::Digest as _;
        let mut name = String::with_capacity(64 + 1 + kind.len());
        for b in sha2::Sha256::digest(input) {
            name.push_str(&format!("{b:02x}"));
        }
        name.push('-');
        name.push_str(kind);
        name
    }

    /// Keeps the staging folder's newly written page `rel` (of `size` bytes, carrying inline code `code`)
    /// in the cache as `name`.
    pub fn keep(&self, name: &str, stage: &Staging, rel: &str, size: u64, code: InlineCode) -> Result<(), Error> {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let code = self.shared(code);
        self.keep_uncounted(name, stage, rel, Kept { size, code: Some(code) })
    }

    /// The one shared copy of inline code `code`.
    fn shared(&self, code: InlineCode) -> Arc<InlineCode> {
        let mut codes = self.codes.lock().unwrap_or_else(|e| e.into_inner());
        match codes.iter().find(|c| ***c == code) {
            Some(c) => c.clone(),
            None => {
                let c = Arc::new(code);
                codes.push(c.clone());
                c
            }
        }
    }

    /// [`Cache::carry`] for a listing page (counted apart).
    pub fn carry_listing(&self, name: &str, stage: &Staging, rel: &str) -> Result<Option<Arc<InlineCode>>, Error> {
        Ok(self.carry_counted(name, stage, rel, &self.listings_reused, true)?.and_then(|k| k.code))
    }

    /// [`Cache::keep`] for a listing page (counted apart).
    pub fn keep_listing(&self, name: &str, stage: &Staging, rel: &str, size: u64, code: InlineCode) -> Result<(), Error> {
        self.listings_rendered.fetch_add(1, Ordering::Relaxed);
        let code = self.shared(code);
        self.keep_uncounted(name, stage, rel, Kept { size, code: Some(code) })
    }

    /// [`Cache::keep`] for a file that is not a page.
    pub fn keep_file(&self, name: &str, stage: &Staging, rel: &str, size: u64) -> Result<(), Error> {
        self.files_made.fetch_add(1, Ordering::Relaxed);
        self.keep_uncounted(name, stage, rel, Kept { size, code: None })
    }

    fn keep_uncounted(&self, name: &str, stage: &Staging, rel: &str, kept: Kept) -> Result<(), Error> {
        let file = self.file(name);
        let src = stage.path(rel);
        // A temporary name of this call's own: two pages (or index files) made from the same input have
        // the same cache name and may be kept at the same moment by two threads; with one temporary name
        // per process, one thread's rename took the other's link from under it (ENOENT). Both renames
        // now succeed, the second replacing the first's file with the same bytes.
        static KEEPING: AtomicUsize = AtomicUsize::new(0);
        let tmp = file.with_file_name(format!(".{name}.tmp-{}-{}", std::process::id(), KEEPING.fetch_add(1, Ordering::Relaxed)));
        let keep = || -> io::Result<()> {
            match name.get(..2).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(at) if self.folders[usize::from(at)].load(Ordering::Relaxed) => {}
                at => {
                    fs::create_dir_all(tmp.parent().unwrap_or(&self.dir))?;
                    if let Some(at) = at {
                        self.folders[usize::from(at)].store(true, Ordering::Relaxed);
                    }
                }
            }
            // (A name no other call uses: nothing to remove first. A leftover of a crashed process
            // under the same pid and count fails the link, and the copy replaces it.)
            if fs::hard_link(&src, &tmp).is_err() {
                fs::copy(&src, &tmp)?;
            }
            fs::rename(&tmp, &file)
        };
        keep().map_err(|source| Error::Output { path: file.clone(), action: "cannot keep a page in the build cache", source })?;
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(name.to_owned(), kept);
        Ok(())
    }

    /// The search-index document hash the previous build kept under `key`.
    pub fn doc_hash(&self, key: &DocKey) -> Option<u64> {
        let at = self.previous_docs.binary_search_by(|(k, _)| k.cmp(key)).ok()?;
        Some(self.previous_docs[at].1)
    }

    /// Keeps this build's search-index document hashes for the next build ([`Cache::finish`] writes
    /// them); replaces what an earlier call kept.
    pub fn keep_doc_hashes(&self, mut hashes: Vec<(DocKey, u64)>) {
        hashes.sort_unstable();
        hashes.dedup_by_key(|(k, _)| *k);
        *self.docs.lock().unwrap_or_else(|e| e.into_inner()) = hashes;
    }

    /// The search-index documents' terms the last build that built the index kept (the `terms` file;
    /// `None` when there is none, or it is of another format or binary, or damaged), read now: the
    /// index writer asks when it builds the index, not before.
    pub fn doc_terms(&self) -> Option<DocTerms> {
        parse_terms(fs::File::open(self.dir.join(TERMS)).ok()?, &self.stamp)
    }

    /// Writes the `terms` file anew for the next build, for this build's documents (those of
    /// [`Cache::keep_doc_hashes`], called before): each one's terms as this build `made` them, else as
    /// `previous` ([`Cache::doc_terms`]) has them, of which `reused` were used
    /// ([`CacheStats::terms_reused`]).
    pub fn keep_doc_terms(&self, made: &HashMap<DocKey, Vec<u8>>, previous: Option<&DocTerms>, reused: usize) -> Result<(), Error> {
        self.terms_reused.store(reused, Ordering::Relaxed);
        let docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        let path = self.dir.join(TERMS);
        let tmp = self.dir.join(format!(".{TERMS}.tmp-{}", std::process::id()));
        write_terms(&tmp, &self.stamp, &docs, made, previous).and_then(|()| fs::rename(&tmp, &path)).map_err(|source| Error::Output {
            path,
            action: "cannot write the cache's document terms",
            source,
        })
    }

    /// The files of the previous build's search index when its key was `key`: (path in the output, name
    /// in the cache), to carry over with [`Cache::carry_file`].
    pub fn index_files(&self, key: &str) -> Option<Vec<(String, String)>> {
        self.previous_index.as_ref().filter(|(k, _)| k == key).map(|(_, files)| files.clone())
    }

    /// Notes that the search index was carried over whole ([`CacheStats::index_carried`]).
    pub fn index_was_carried(&self) {
        self.index_carried.store(true, Ordering::Relaxed);
    }

    /// Records this build's search index — its key and files — for the next build ([`Cache::finish`]).
    pub fn keep_index(&self, key: &str, files: Vec<(String, String)>) {
        *self.index.lock().unwrap_or_else(|e| e.into_inner()) = Some((key.to_owned(), files));
    }

    /// Pages carried over and rendered so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            reused: self.reused.load(Ordering::Relaxed),
            rendered: self.rendered.load(Ordering::Relaxed),
            listings_reused: self.listings_reused.load(Ordering::Relaxed),
            listings_rendered: self.listings_rendered.load(Ordering::Relaxed),
            files_reused: self.files_reused.load(Ordering::Relaxed),
            files_made: self.files_made.load(Ordering::Relaxed),
            index_carried: self.index_carried.load(Ordering::Relaxed),
            records_reused: 0,
            terms_reused: self.terms_reused.load(Ordering::Relaxed),
            folders_read: 0,
            folders_from_record: 0,
        }
    }

    /// After a successful build: writes the manifest of the files this build used and deletes the others.
    pub fn finish(self) -> Result<CacheStats, Error> {
        let stats = self.stats();
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let docs = self.docs.into_inner().unwrap_or_else(|e| e.into_inner());
        let write = |name: &str, bytes: Vec<u8>, action| {
            let path = self.dir.join(name);
            let tmp = self.dir.join(format!(".{name}.tmp-{}", std::process::id()));
            fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, &path)).map_err(|source| Error::Output { path, action, source })
        };
        // The document hashes first: each is what its key gives with this binary, whichever build wrote it.
        write(DOCUMENTS, documents_bytes(&self.stamp, &docs), "cannot write the cache's document hashes")?;
        // The index record names files of the manifest below; a build that kept none leaves none.
        match self.index.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(index) => write(INDEX, index_text(&self.stamp, &index).into_bytes(), "cannot write the cache's index record")?,
            None => match fs::remove_file(self.dir.join(INDEX)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(Error::Output { path: self.dir.join(INDEX), action: "cannot delete the cache's index record", source: e });
                }
                _ => {}
            },
        }
        write(MANIFEST, manifest_text(&self.stamp, &used).into_bytes(), "cannot write the cache's manifest")?;
        // Files no longer used (changed or deleted pages, temporary files of an interrupted build).
        for sub in fs::read_dir(self.dir.join(PAGES)).into_iter().flatten().flatten() {
            for f in fs::read_dir(sub.path()).into_iter().flatten().flatten() {
                let name = f.file_name();
                if !used.contains_key(&*name.to_string_lossy()) {
                    let _ = fs::remove_file(f.path());
                }
            }
        }
        Ok(stats)
    }
}

/// The manifest listing `used` (see the module docs).
fn manifest_text(stamp: &str, used: &BTreeMap<String, Kept>) -> String {
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for code in used.values().filter_map(|k| k.code.as_ref()) {
        let n = codes.len();
        codes.entry(code_text(code)).or_insert(n);
    }
    let mut text = format!("quanyu-sitegen-cache {FORMAT} {stamp}\n");
    let mut table: Vec<(&usize, &String)> = codes.iter().map(|(t, n)| (n, t)).collect();
    table.sort();
    for (n, code) in table {
        text.push_str(&format!("={n} {code}\n"));
    }
    for (name, kept) in used {
        match &kept.code {
            Some(code) => text.push_str(&format!("{name} {} {}\n", kept.size, codes[&code_text(code)])),
            None => text.push_str(&format!("{name} {}\n", kept.size)),
        }
    }
    text
}

/// The `index` file of `index` (see the module docs).
fn index_text(stamp: &str, (key, files): &IndexFiles) -> String {
    let mut text = format!("quanyu-sitegen-index {FORMAT} {stamp} {key}\n");
    for (rel, name) in files {
        text.push_str(&format!("{rel} {name}\n"));
    }
    text
}

/// [`index_text`] read back: `None` when of another format or stamp, or anything in it is unexpected
/// (a path outside `search/`, a name that is not one the cache gives).
fn parse_index(bytes: &[u8], stamp: &str) -> Option<IndexFiles> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    let key = lines.next()?.strip_prefix(&format!("quanyu-sitegen-index {FORMAT} {stamp} "))?;
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'-' || b == b'.');
    if !(key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())) {
        return None;
    }
    let mut files = Vec::new();
    for line in lines {
        let (rel, name) = line.split_once(' ')?;
        let file = rel.strip_prefix("search/")?;
        if !(plain(file) && !file.starts_with('.') && plain(name) && !name.starts_with('.') && name.len() > 2) {
            return None;
        }
        files.push((rel.to_owned(), name.to_owned()));
    }
    text.ends_with('\n').then(|| (key.to_owned(), files))
}

/// The `documents` file of `docs` (sorted by key; see the module docs).
fn documents_bytes(stamp: &str, docs: &[(DocKey, u64)]) -> Vec<u8> {
    let mut bytes = format!("quanyu-sitegen-documents {FORMAT} {stamp}\n").into_bytes();
    bytes.reserve(docs.len() * 24);
    for (key, hash) in docs {
        bytes.extend_from_slice(key);
        bytes.extend_from_slice(&hash.to_le_bytes());
    }
    bytes
}

/// [`documents_bytes`] read back: `None` when of another format or stamp, or not whole entries in order.
fn parse_documents(bytes: &[u8], stamp: &str) -> Option<Vec<(DocKey, u64)>> {
    let head = format!("quanyu-sitegen-documents {FORMAT} {stamp}\n");
    let rest = bytes.strip_prefix(head.as_bytes())?;
    if rest.len() % 24 != 0 {
        return None;
    }
    let docs: Vec<(DocKey, u64)> =
        rest.chunks_exact(24).map(|e| (e[..16].try_into().expect("16 bytes"), u64::from_le_bytes(e[16..].try_into().expect("8 bytes")))).collect();
    docs.windows(2).all(|w| w[0].0 < w[1].0).then_some(docs)
}

/// Writes the `terms` file (see the module docs) of the documents `docs` (sorted by key): each one's
/// terms as this build `made` them, else as the `previous` build kept them (a document with neither is
/// left out).
fn write_terms(path: &Path, stamp: &str, docs: &[(DocKey, u64)], made: &HashMap<DocKey, Vec<u8>>, previous: Option<&DocTerms>) -> io::Result<()> {
    use std::io::Write as _;
    let mut out = io::BufWriter::with_capacity(1 << 20, fs::File::create(path)?);
    out.write_all(format!("quanyu-sitegen-terms {FORMAT} {stamp}\n").as_bytes())?;
    let mut read = Vec::new();
    let mut previous = previous.and_then(|p| p.in_order().ok());
    for (key, _) in docs {
        // A kept entry whose check fails is left out (its document was tokenized: it is in `made`).
        // Both are in key order: the previous file is read front to back.
        let terms = match made.get(key) {
            Some(terms) => terms.as_slice(),
            None if previous.as_mut().is_some_and(|p| p.read(key, &mut read)) => read.as_slice(),
            None => continue,
        };
        out.write_all(key)?;
        out.write_all(&u32::try_from(terms.len()).map_err(|_| io::Error::other("a document's terms over 4 GB"))?.to_le_bytes())?;
        out.write_all(&terms_check(key, terms).to_le_bytes())?;
        out.write_all(terms)?;
    }
    out.flush()
}

/// The `terms` file `file` read back — its entries' keys and places, skipping their terms —: `None`
/// when of another format or stamp, or not whole entries with keys in order.
fn parse_terms(file: fs::File, stamp: &str) -> Option<DocTerms> {
    use std::io::Read as _;
    let size = file.metadata().ok()?.len();
    let head = format!("quanyu-sitegen-terms {FORMAT} {stamp}\n");
    let mut r = io::BufReader::with_capacity(1 << 16, &file);
    let mut first = vec![0u8; head.len()];
    r.read_exact(&mut first).ok()?;
    if first != head.as_bytes() {
        return None;
    }
    let mut at = head.len() as u64;
    let mut entries: Vec<(DocKey, u64, u32, u64)> = Vec::new();
    let mut entry = [0u8; 28];
    while at < size {
        r.read_exact(&mut entry).ok()?;
        let key: DocKey = entry[..16].try_into().ok()?;
        let len = u32::from_le_bytes(entry[16..20].try_into().ok()?);
        let check = u64::from_le_bytes(entry[20..28].try_into().ok()?);
        let from = at + 28;
        let to = from + u64::from(len);
        if to > size || entries.last().is_some_and(|e| e.0 >= key) {
            return None;
        }
        r.seek_relative(i64::from(len)).ok()?;
        entries.push((key, from, len, check));
        at = to;
    }
    drop(r);
    Some(DocTerms { file, entries })
}

/// A page's inline code on one line: the three lists of hash sources, `|` between, `,` within.
fn code_text(code: &InlineCode) -> String {
    let list = |set: &std::collections::BTreeSet<String>| set.iter().map(String::as_str).collect::<Vec<_>>().join(",");
    format!("{}|{}|{}", list(&code.scripts), list(&code.styles), list(&code.style_attrs))
}

/// [`code_text`] read back; `None` unless every source looks like one (`'sha256-<base64>'`).
fn parse_code(text: &str) -> Option<InlineCode> {
    let mut parts = text.split('|');
    let mut list = || -> Option<std::collections::BTreeSet<String>> {
        let part = parts.next()?;
        part.split(',')
            .filter(|s| !part.is_empty() || !s.is_empty())
            .map(|s| {
                let ok = s.len() > 10
                    && s.starts_with("'sha256-")
                    && s.ends_with('\'')
                    && s[8..s.len() - 1].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=');
                ok.then(|| s.to_owned())
            })
            .collect()
    };
    let code = InlineCode { scripts: list()?, styles: list()?, style_attrs: list()? };
    parts.next().is_none().then_some(code)
}

/// The files a manifest lists, or `None` when it is of another format or stamp, or damaged.
fn parse_manifest(bytes: &[u8], stamp: &str) -> Option<HashMap<String, Kept>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    if lines.next()? != format!("quanyu-sitegen-cache {FORMAT} {stamp}") {
        return None;
    }
    let mut codes: HashMap<usize, Arc<InlineCode>> = HashMap::new();
    let mut files = HashMap::new();
    for line in lines {
        if let Some(entry) = line.strip_prefix('=') {
            let (n, code) = entry.split_once(' ')?;
            codes.insert(n.parse().ok()?, Arc::new(parse_code(code)?));
            continue;
        }
        let mut fields = line.split(' ');
        let (name, size, code) = (fields.next()?, fields.next()?, fields.next());
        let ok =
            name.len() > 2 && name.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'-' || b == b'.') && !name.starts_with('.');
        if !ok || fields.next().is_some() {
            return None;
        }
        let code = match code {
            Some(n) => Some(codes.get(&n.parse().ok()?)?.clone()),
            None => None,
        };
        files.insert(name.to_owned(), Kept { size: size.parse().ok()?, code });
    }
    text.ends_with('\n').then_some(files)
}

/// A stamp naming the running sitegen: its version, and its executable's size and modification time (a
/// rebuilt binary, whose templates, strings or rendering may differ, starts a new cache).
pub fn binary_stamp() -> String {
    let exe = std::env::current_exe().ok().and_then(|p| fs::metadata(p).ok());
    let (size, mtime) = exe.map_or((0, 0), |m| {
        let t = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        (m.len(), t)
    });
    format!("{}-{size}-{mtime}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_is_all_or_nothing() {
        let head = format!("quanyu-sitegen-cache {FORMAT} s\n");
        let m = |rest: &str| format!("{head}{rest}").into_bytes();
        let ok = m("=0 'sha256-abc+/=123'|'sha256-def456789'|\nab12-zh-cn 10 0\ncd34-list 12 0\nffee-gz 3\n");
        let files = parse_manifest(&ok, "s").expect("a good manifest");
        let code = files["ab12-zh-cn"].code.clone().expect("a page's inline code");
        assert_eq!(code.scripts.iter().collect::<Vec<_>>(), ["'sha256-abc+/=123'"]);
        assert_eq!(code.styles.iter().collect::<Vec<_>>(), ["'sha256-def456789'"]);
        assert!(code.style_attrs.is_empty());
        assert_eq!(files["ffee-gz"], Kept { size: 3, code: None });
        assert_eq!(files["cd34-list"].size, 12);
        assert_eq!(files.len(), 3);
        // What `finish` writes is read back as it was.
        let used: BTreeMap<String, Kept> = files.clone().into_iter().collect();
        assert_eq!(parse_manifest(manifest_text("s", &used).as_bytes(), "s"), Some(files));
        assert!(parse_manifest(&m("ab12-zh-CN 10\n"), "s").is_none(), "not a name sitegen writes");
        assert!(parse_manifest(&ok, "other").is_none(), "another sitegen");
        assert!(parse_manifest(b"quanyu-sitegen-cache 0 s\n", "s").is_none(), "another format");
        assert!(parse_manifest(&m("ab12 x\n"), "s").is_none(), "a bad size");
        assert!(parse_manifest(&m("../../etc 1\n"), "s").is_none(), "a path");
        assert!(parse_manifest(&m("ab12 1"), "s").is_none(), "cut short");
        assert!(parse_manifest(&m("ab12 1 0\n"), "s").is_none(), "inline code not listed");
        assert!(parse_manifest(&m("=0 'unsafe-inline'||\nab12 1 0\n"), "s").is_none(), "not a hash source");
        assert!(parse_manifest(&m("=0 ||\nab12 1 0 0123456789abcdef\n"), "s").is_none(), "a field too many");
        assert!(parse_manifest(b"\xff\xfe", "s").is_none(), "not text");
    }

    #[test]
    fn document_hashes_are_read_back_or_not_at_all() {
        let docs = vec![([1; 16], 7), ([2; 16], u64::MAX), ([9; 16], 0)];
        let bytes = documents_bytes("s", &docs);
        assert_eq!(bytes.len(), format!("quanyu-sitegen-documents {FORMAT} s\n").len() + 3 * 24);
        assert_eq!(parse_documents(&bytes, "s"), Some(docs.clone()));
        assert_eq!(parse_documents(&documents_bytes("s", &[]), "s"), Some(Vec::new()));
        assert_eq!(parse_documents(&bytes, "other"), None, "another sitegen");
        assert_eq!(parse_documents(&bytes[..bytes.len() - 1], "s"), None, "cut short");
        let unsorted = documents_bytes("s", &[docs[1], docs[0]]);
        assert_eq!(parse_documents(&unsorted, "s"), None, "not in order");
        // Through a cache folder: kept by one build, found by the next; a key not kept is not found.
        let dir = std::env::temp_dir().join(format!("quanyu-cache-docs-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let cache = Cache::open(&dir, "s").unwrap();
        assert_eq!(cache.doc_hash(&[1; 16]), None, "a new cache has none");
        cache.keep_doc_hashes(vec![([9; 16], 0), ([1; 16], 7)]);
        cache.finish().unwrap();
        let next = Cache::open(&dir, "s").unwrap();
        assert_eq!((next.doc_hash(&[1; 16]), next.doc_hash(&[9; 16]), next.doc_hash(&[2; 16])), (Some(7), Some(0), None));
        assert_eq!(Cache::open(&dir, "another binary").unwrap().doc_hash(&[1; 16]), None);
        let _ = fs::remove_dir_all(&dir);
    }

    /// The terms `kept` has for the document of key `[k; 16]`.
    fn get(kept: &DocTerms, k: u8) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        kept.read([&[k; 16]], &mut bytes).swap_remove(0).map(|r| bytes[r].to_vec())
    }

    /// [`parse_terms`] of a file holding `bytes`.
    fn terms_of(dir: &Path, bytes: &[u8]) -> Option<DocTerms> {
        let path = dir.join("terms-test");
        fs::write(&path, bytes).unwrap();
        parse_terms(fs::File::open(&path).unwrap(), "s")
    }

    #[test]
    fn document_terms_are_kept_for_the_documents_of_the_build_that_built_the_index() {
        let dir = std::env::temp_dir().join(format!("quanyu-cache-terms-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let docs = |keys: &[u8]| keys.iter().map(|&k| ([k; 16], u64::from(k))).collect::<Vec<_>>();
        let made = |keys: &[u8]| keys.iter().map(|&k| ([k; 16], vec![k; usize::from(k)])).collect::<HashMap<_, _>>();
        // A first build makes the terms of documents 1, 2 and 3.
        let first = Cache::open(&dir, "s").unwrap();
        assert!(first.doc_terms().is_none(), "a new cache has none");
        first.keep_doc_hashes(docs(&[1, 2, 3]));
        first.keep_doc_terms(&made(&[3, 1, 2]), None, 0).unwrap();
        assert_eq!(first.finish().unwrap().terms_reused, 0);
        // The next keeps 2 and makes 4 anew; 1 and 3 are gone from its documents, 5 has no terms.
        let second = Cache::open(&dir, "s").unwrap();
        let kept = second.doc_terms().unwrap();
        assert_eq!(get(&kept, 2), Some(vec![2, 2]));
        assert_eq!(get(&kept, 7), None);
        // Several at once, appended in the order asked, a missing one skipped.
        let mut bytes = vec![9];
        let ranges = kept.read([&[3; 16], &[7; 16], &[1; 16]], &mut bytes);
        assert_eq!(ranges, [Some(1..4), None, Some(4..5)]);
        assert_eq!(bytes, [9, 3, 3, 3, 1]);
        second.keep_doc_hashes(docs(&[2, 4, 5]));
        second.keep_doc_terms(&made(&[4]), Some(&kept), 1).unwrap();
        assert_eq!(second.finish().unwrap().terms_reused, 1);
        let found = |c: &Cache| {
            let kept = c.doc_terms();
            [1u8, 2, 3, 4, 5].map(|k| kept.as_ref().and_then(|t| get(t, k)))
        };
        let third = Cache::open(&dir, "s").unwrap();
        assert_eq!(found(&third), [None, Some(vec![2, 2]), None, Some(vec![4; 4]), None]);
        // A build that does not build the index (carried over whole) leaves the file as it was.
        Cache::open(&dir, "s").unwrap().finish().unwrap();
        assert_eq!(found(&Cache::open(&dir, "s").unwrap()), found(&third));
        // Another binary's, a cut, and keys out of order are not used.
        assert!(Cache::open(&dir, "another binary").unwrap().doc_terms().is_none());
        let bytes = fs::read(dir.join(TERMS)).unwrap();
        assert!(terms_of(&dir, &bytes).is_some());
        for cut in [bytes.len() - 1, bytes.len() - 5, bytes.len() - 30, 3] {
            assert!(terms_of(&dir, &bytes[..cut]).is_none(), "cut at {cut}");
        }
        let head = format!("quanyu-sitegen-terms {FORMAT} s\n").len();
        let (a, b) = bytes[head..].split_at(28 + 2);
        assert!(terms_of(&dir, &[&bytes[..head], b, a].concat()).is_none(), "keys out of order");
        // A changed byte of an entry's terms: the entry is not used, the others are; the next build
        // that writes the file leaves it out.
        let mut damaged = bytes.clone();
        damaged[head + 28 + 1] ^= 0x10;
        let kept = terms_of(&dir, &damaged).unwrap();
        assert_eq!((get(&kept, 2), get(&kept, 4)), (None, Some(b"\x04\x04\x04\x04".to_vec())));
        fs::write(dir.join(TERMS), &damaged).unwrap();
        let fourth = Cache::open(&dir, "s").unwrap();
        fourth.keep_doc_hashes(docs(&[2, 4]));
        fourth.keep_doc_terms(&HashMap::new(), fourth.doc_terms().as_ref(), 1).unwrap();
        assert_eq!(found(&Cache::open(&dir, "s").unwrap()), [None, None, None, Some(vec![4; 4]), None]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn kept_terms_are_copied_front_to_back_across_buffers() {
        // 6,000 documents with terms of 1 to 700 bytes (a 2 MB file: more than the reader's buffer); the
        // next build keeps every third (skipping runs within the buffer and beyond it), makes others.
        let dir = std::env::temp_dir().join(format!("quanyu-cache-terms-order-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let key = |i: u32| -> DocKey {
            let mut k = [0u8; 16];
            k[..4].copy_from_slice(&i.to_be_bytes());
            k
        };
        let terms = |i: u32, build: u8| vec![build ^ (i as u8); 1 + (i as usize * 7919) % 700];
        let first = Cache::open(&dir, "s").unwrap();
        first.keep_doc_hashes((0..6000).map(|i| (key(i), 0)).collect());
        first.keep_doc_terms(&(0..6000).map(|i| (key(i), terms(i, 1))).collect(), None, 0).unwrap();
        first.finish().unwrap();
        let second = Cache::open(&dir, "s").unwrap();
        let kept = second.doc_terms().unwrap();
        let made: HashMap<DocKey, Vec<u8>> = (0..6000).filter(|i| i % 7 == 0).map(|i| (key(i), terms(i, 2))).collect();
        let docs: Vec<(DocKey, u64)> = (0..6000).filter(|i| i % 3 == 0 || i % 7 == 0).map(|i| (key(i), 0)).collect();
        second.keep_doc_hashes(docs.clone());
        second.keep_doc_terms(&made, Some(&kept), 0).unwrap();
        second.finish().unwrap();
        let third = Cache::open(&dir, "s").unwrap().doc_terms().unwrap();
        for (k, _) in &docs {
            let i = u32::from_be_bytes(k[..4].try_into().unwrap());
            let mut got = Vec::new();
            let range = third.read([k], &mut got).swap_remove(0).unwrap_or_else(|| panic!("document {i} lost"));
            assert_eq!(got[range], terms(i, if i % 7 == 0 { 2 } else { 1 }), "document {i}");
        }
        assert_eq!(third.entries.len(), docs.len());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_index_record_is_read_back_or_not_at_all() {
        let key = "ab".repeat(32);
        let index: IndexFiles = (key.clone(), vec![("search/index-00ff.qy".into(), "c0ffee-gz".into()), ("search/t-1.qy".into(), "beef-gz".into())]);
        let text = index_text("s", &index);
        assert_eq!(parse_index(text.as_bytes(), "s"), Some(index.clone()));
        assert_eq!(parse_index(text.as_bytes(), "other"), None, "another sitegen");
        assert_eq!(parse_index(&text.as_bytes()[..text.len() - 1], "s"), None, "cut short");
        let bad = |line: &str| parse_index(format!("quanyu-sitegen-index {FORMAT} s {key}\n{line}\n").as_bytes(), "s");
        assert!(bad("search/a.qy c0ffee-gz").is_some(), "the good line the others spoil");
        assert_eq!(bad("index.html c0ffee-gz"), None, "outside search/");
        assert_eq!(bad("search/../index.html c0ffee-gz"), None, "a path");
        assert_eq!(bad("search/a.qy ../../etc"), None, "not a cache name");
        assert_eq!(bad("search/a.qy"), None, "no name");
        assert_eq!(parse_index(format!("quanyu-sitegen-index {FORMAT} s ABC\n").as_bytes(), "s"), None, "not a key");
        // Through a cache folder: kept by one build, offered to the next for the same key only.
        let dir = std::env::temp_dir().join(format!("quanyu-cache-index-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let cache = Cache::open(&dir, "s").unwrap();
        assert_eq!(cache.index_files(&key), None);
        cache.keep_index(&key, index.1.clone());
        cache.finish().unwrap();
        let next = Cache::open(&dir, "s").unwrap();
        assert_eq!(next.index_files(&key), Some(index.1.clone()));
        assert_eq!(next.index_files(&"cd".repeat(32)), None, "another index");
        // A build that keeps no index record leaves none.
        next.finish().unwrap();
        assert_eq!(Cache::open(&dir, "s").unwrap().index_files(&key), None);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn one_name_kept_by_many_threads_at_once_is_kept() {
        // Identical pages kept by parallel renders: each keep succeeds, the cache holds the bytes once.
        let base = std::env::temp_dir().join(format!("quanyu-cache-same-name-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let stage = Staging::new(&base.join("out")).unwrap();
        let cache = Cache::open(&base.join("cache"), "s").unwrap();
        let name = Cache::content_name(b"the same input", "gz");
        for round in 0..20 {
            std::thread::scope(|s| {
                for t in 0..8 {
                    let (cache, stage, name) = (&cache, &stage, &name);
                    s.spawn(move || {
                        let rel = format!("{round}/{t}.gz");
                        stage.write(&rel, b"same bytes").unwrap();
                        cache.keep_file(name, stage, &rel, 10).unwrap();
                    });
                }
            });
        }
        let file = cache.file(&name);
        assert_eq!(fs::read(&file).unwrap(), b"same bytes");
        assert_eq!(cache.finish().unwrap().files_made, 160);
        let left: Vec<_> = fs::read_dir(file.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).filter(|n| n != name.as_str()).collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
        drop(stage);
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn default_dir_is_beside_the_output() {
        assert_eq!(default_dir(Path::new("site/dist")), PathBuf::from("site/.dist.cache"));
        assert_eq!(default_dir(Path::new("dist")), PathBuf::from("./.dist.cache"));
    }
}
