//! The files of the index as the widget fetches them: their names, the bookkeeping of those on their
//! way, and turning the bytes that arrive into [`Part`]s. Plain Rust, tested natively; the browser half
//! (`fetch`) only gets the bytes, and [`crate::session`] decides what to fetch when.
//!
//! A file is fetched either *for a search* (its arrival may complete the results on screen) or
//! *quietly*, ahead of need: the term shards of a text being typed, or a small index fetched whole for
//! offline use. A quiet arrival is only stored (no search, no render). [`InFlight`] starts each file
//! once: asking again for a file on its way fetches nothing, and a file needed now that is on its way
//! quietly stops being quiet, so its arrival refreshes the results.

use engine::index::{Column, DocTable, FormatError, Manifest, ProfileData, Shard, Sounds, Words, decode_salary};

use crate::store::Part;

/// A file of the index (beside the manifest), by number where there are several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    /// A term shard.
    Shard(usize),
    /// A chunk of result documents.
    Chunk(usize),
    /// A district's result table (by the district's value number).
    Table(usize),
    /// A facet column.
    Column(usize),
    /// The salary column.
    Salary,
    /// The Latin word list (typo corrections; the build with the profile only).
    Words,
    /// The homophone file (suggestions for a Chinese query that found nothing; the build with the
    /// profile only).
    Sounds,
    /// The profile file (the build with the profile only).
    Profile,
    /// A district's match file (the build with the profile only).
    Match(usize),
}

/// Why a file of the index is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// It could not be fetched (the network, an HTTP status): a retry may bring it.
    Network(String),
    /// It came but cannot be read (bad gzip, truncated, another format version, any decoder's error):
    /// fetching it again brings the same bytes, so the widget gives up and leaves the static list.
    Corrupt(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Network(e) => write!(f, "{e}"),
            Failure::Corrupt(e) => write!(f, "corrupt index file: {e}"),
        }
    }
}

/// A fetch to start: the file, its name (which [`InFlight`] and the arrival go by) and its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetch {
    /// The file.
    pub file: File,
    /// Its name in the index's folder.
    pub name: String,
    /// Its URL (the index's folder and the name).
    pub url: String,
}

impl File {
    /// The file's name, as the manifest names it.
    pub fn name(self, m: &Manifest) -> String {
        match self {
            File::Shard(i) => m.shard_file(i),
            File::Chunk(i) => m.chunk_file(i),
            File::Table(v) => m.table_file(v),
            File::Column(i) => m.column_file(i),
            File::Salary => m.salary_file(),
            File::Words => m.words_file(),
            File::Sounds => m.sounds_file(),
            File::Profile => m.profile_file(),
            File::Match(n) => m.match_file(n),
        }
    }

    /// The part the file's (inflated) bytes hold. `PROFILE`: whether this build has the profile
    /// (without it, the profile's files are refused and their decoders left out of the build). A match
    /// file stays bytes: decoding it needs the profile file.
    pub fn decode<const PROFILE: bool>(self, bytes: Vec<u8>) -> Result<Part, Failure> {
        let e = |e: FormatError| Failure::Corrupt(e.to_string());
        Ok(match self {
            File::Shard(i) => Part::Shard(i, Shard::decode(&bytes).map_err(e)?),
            File::Chunk(i) => Part::Chunk(i, DocTable::decode(bytes).map_err(e)?),
            File::Table(v) => Part::Table(v, DocTable::decode(bytes).map_err(e)?),
            File::Column(i) => Part::Column(i, Column::decode(&bytes).map_err(e)?),
            File::Salary => Part::Salary(decode_salary(&bytes).map_err(e)?),
            File::Words if PROFILE => Part::Words(Words::decode(&bytes).map_err(e)?),
            File::Sounds if PROFILE => Part::Sounds(Box::new(Sounds::decode(&bytes).map_err(e)?)),
            File::Profile if PROFILE => Part::Profile(Box::new(ProfileData::decode(&bytes).map_err(e)?)),
            File::Match(n) if PROFILE => Part::Match(n, bytes),
            // The word list (typo corrections) and the homophone file are the full build's too: see
            // `Session::needs_full`.
            File::Profile | File::Match(_) | File::Words | File::Sounds => return Err(Failure::Corrupt("this widget has no profile".to_owned())),
        })
    }
}

/// The manifest from its (inflated) bytes.
pub fn decode_manifest(bytes: &[u8]) -> Result<Box<Manifest>, Failure> {
    Manifest::decode(bytes).map(Box::new).map_err(|e| Failure::Corrupt(e.to_string()))
}

/// The folder of the manifest's URL (with its trailing `/`), where the other files are: the prefix of
/// every [`Fetch::url`].
pub fn folder(index: &str) -> String {
    index.rsplit_once('/').map_or(String::new(), |(dir, _)| format!("{dir}/"))
}

/// The files on their way, by name, and whether each is quiet (see the module docs). A list: a few
/// dozen files at most are on their way at once, and a hash set's code would cost the search build
/// more than the scans.
#[derive(Debug, Default)]
pub struct InFlight(Vec<(String, bool)>);

impl InFlight {
    /// Whether to start fetching `name` (`quiet`: ahead of need). No when it is on its way already; a
    /// file asked for not quietly then stops being quiet.
    pub fn start(&mut self, name: &str, quiet: bool) -> bool {
        if let Some(f) = self.0.iter_mut().find(|f| f.0 == name) {
            f.1 &= quiet;
            return false;
        }
        self.0.push((name.to_owned(), quiet));
        true
    }

    /// `name` arrived (or failed): it is no longer on its way. Whether it was quiet.
    pub fn arrived(&mut self, name: &str) -> bool {
        match self.0.iter().position(|f| f.0 == name) {
            Some(i) => self.0.swap_remove(i).1,
            None => false,
        }
    }

    /// Whether nothing is on its way.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testindex;

    #[test]
    fn a_file_is_fetched_once_and_a_need_makes_a_quiet_one_loud() {
        let mut f = InFlight::default();
        assert!(f.is_empty());
        assert!(f.start("terms-0.qy", true), "the first ask starts a fetch");
        assert!(!f.start("terms-0.qy", true), "the second fetches nothing");
        assert!(!f.start("terms-0.qy", false), "nor does a need of it…");
        assert!(!f.is_empty());
        assert!(!f.arrived("terms-0.qy"), "…which makes its arrival count");
        assert!(f.is_empty());

        assert!(f.start("docs-0.qy", true));
        assert!(f.arrived("docs-0.qy"), "a prefetch arrives quietly");
        assert!(f.start("docs-0.qy", true), "once arrived (or failed) it may be fetched again");
        assert!(f.start("docs-1.qy", false));
        assert!(!f.start("docs-1.qy", true), "a quiet ask of a needed file leaves it needed");
        assert!(!f.arrived("docs-1.qy"));
    }

    #[test]
    fn files_are_named_by_the_manifest_and_decoded_to_their_parts() {
        let (built, m) = testindex::built();
        let bytes = |f: File| testindex::file(&built, &f.name(&m));
        assert_eq!(File::Chunk(2).name(&m), m.chunk_file(2));
        assert_eq!(File::Match(1).name(&m), m.match_file(1));
        assert!(matches!(File::Shard(0).decode::<false>(bytes(File::Shard(0))), Ok(Part::Shard(0, _))));
        match File::Chunk(1).decode::<false>(bytes(File::Chunk(1))) {
            Ok(Part::Chunk(1, docs)) => assert_eq!(docs.len(), 16),
            other => panic!("{other:?}"),
        }
        assert_eq!(File::Table(1).name(&m), m.table_file(1));
        match File::Table(1).decode::<false>(bytes(File::Table(1))) {
            Ok(Part::Table(1, docs)) => assert!(!docs.is_empty() && docs.len() < m.doc_count as usize),
            other => panic!("{other:?}"),
        }
        assert!(matches!(File::Column(1).decode::<false>(bytes(File::Column(1))), Ok(Part::Column(1, _))));
        match File::Salary.decode::<false>(bytes(File::Salary)) {
            Ok(Part::Salary(s)) => assert_eq!(s.len(), m.doc_count as usize),
            other => panic!("{other:?}"),
        }
        match File::Words.decode::<true>(bytes(File::Words)) {
            Ok(Part::Words(w)) => assert!(w.has("welder", false) && w.has("hang", true)),
            other => panic!("{other:?}"),
        }
        match File::Sounds.decode::<true>(bytes(File::Sounds)) {
            Ok(Part::Sounds(sounds)) => assert_eq!(sounds.downcast_ref::<engine::index::Sounds>().unwrap().suggest("汉工"), Some("焊工")),
            other => panic!("{other:?}"),
        }
        // The profile's files, the word list and the homophone file: only the build with the profile reads them.
        assert_eq!(File::Words.decode::<false>(bytes(File::Words)).unwrap_err(), Failure::Corrupt("this widget has no profile".into()));
        assert_eq!(File::Sounds.decode::<false>(bytes(File::Sounds)).unwrap_err(), Failure::Corrupt("this widget has no profile".into()));
        assert_eq!(File::Profile.decode::<false>(bytes(File::Profile)).unwrap_err(), Failure::Corrupt("this widget has no profile".into()));
        assert!(File::Match(0).decode::<false>(bytes(File::Match(0))).is_err());
        assert!(matches!(File::Profile.decode::<true>(bytes(File::Profile)), Ok(Part::Profile(_))));
        assert!(matches!(File::Match(0).decode::<true>(bytes(File::Match(0))), Ok(Part::Match(0, b)) if b == bytes(File::Match(0))));
        // Bytes of another kind are an error naming the problem, not a panic.
        let wrong = File::Column(0).decode::<false>(bytes(File::Chunk(0))).unwrap_err();
        assert!(matches!(&wrong, Failure::Corrupt(e) if !e.is_empty()), "{wrong:?}");
        assert_eq!(decode_manifest(&built.manifest.bytes).unwrap().doc_count, m.doc_count);
        assert!(matches!(decode_manifest(b"QYIX"), Err(Failure::Corrupt(_))));
        // Another format version is corrupt too: the widget cannot read it.
        let mut other_version = built.manifest.bytes.clone();
        other_version[5] ^= 0x7f;
        assert!(matches!(decode_manifest(&other_version), Err(Failure::Corrupt(_))), "{:?}", decode_manifest(&other_version).map(|_| ()));
    }

    #[test]
    fn the_other_files_are_beside_the_manifest() {
        assert_eq!(folder("/search/index-abc.qy"), "/search/");
        assert_eq!(folder("https://jobs.example/zh-hk/search/index-abc.qy"), "https://jobs.example/zh-hk/search/");
        assert_eq!(folder("index-abc.qy"), "");
    }
}
