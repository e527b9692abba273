//! The search index: one definition of its format, used by the writer (`sitegen`) and the reader (the
//! widget), so the two can never disagree.
//!
//! Format version [`FORMAT_VERSION`]. A build writes one small *manifest* and the files it names
//! (`sitegen` gzips each one):
//!
//! - `terms-<gen>-<n>.qy`: *term shard* n: a run of terms in byte order with their postings. Shards are
//!   cut at about [`SHARD_TARGET`] bytes; the manifest keeps each shard's first term, so the reader
//!   fetches only the shards holding the terms of a query (a prefix may span neighbouring shards).
//! - `docs-<gen>-<n>.qy`: *document chunk* n: what a result shows (title, employer, place, salary, work
//!   types, date, URL) for [`DOCS_PER_CHUNK`] consecutive documents; fetched for the results on screen.
//! - `results-<gen>-<v>.qy`: *result table* of district v (value v of the `district` facet): the same
//!   for every document of the district, in the same encoding ([`DocTable`]); fetched quietly once the
//!   first results are on screen, so that later searches in the district need only their term shards
//!   (one network round per new term).
//! - `facet-<gen>-<n>.qy`: the values of facet n for every document (a *column*); fetched when the
//!   facet is shown or filtered on, so a first query needs none of the columns it does not show.
//! - `salary-<gen>.qy`: every document's highest monthly salary, fetched to sort by salary.
//! - `profile-<gen>.qy` and `match-<gen>-<n>.qy`: what matching a citizen's profile needs (vocabularies,
//!   places, stations, policies; each district's vacancies' features), fetched only once a citizen
//!   fills a profile — see [`profile`].
//!
//! The manifest is `index-<gen>.qy`. `<gen>` (the *generation*, [`generation`]) is a hash of everything
//! the files are made from: the format version, the writer's revision and the whole input. Any change
//! gives every file a new name, so a CDN may cache them all forever, and pages point at the manifest of
//! their own build (known before the index is written, so the two can be made at the same time).
//! (Per-file hashes would buy nothing: documents are numbered newest first, so one new vacancy
//! renumbers them all and changes every shard and chunk anyway, and the manifest would have to list
//! thousands of names.)
//!
//! Documents are numbered newest first (date posted descending, then identifier), so "newest" is the
//! document order and ties in relevance go to the newer vacancy by comparing numbers.
//!
//! Encoding: every file starts with [`MAGIC`], a one-byte kind and the format version (varint); integers
//! are LEB128 varints, strings a varint byte length and UTF-8. A term's postings are its document
//! frequency then (document-number delta, impact byte) pairs. The impact is the term's BM25 weight in that
//! document (k1 = 1.2, b = 0.75; title occurrences count [`TITLE_WEIGHT`] times, which is the title
//! boost), scaled so the largest in the index is 255; a query's score is the sum of its terms' impacts.

use crate::matching::JobFeatures;
use crate::tokenize;

pub mod profile;
pub mod sounds;
pub mod terms;

pub use plan::doc_hash;
pub use profile::{BenefitEntry, Place, PolicyEntry, ProfileData, StationEntry, decode_match};
pub use sounds::Sounds;

/// Version of the format; bumped on any incompatible change (the reader refuses other versions).
pub const FORMAT_VERSION: u32 = 4;
/// First bytes of every index file.
pub const MAGIC: &[u8; 4] = b"QYIX";
/// Target uncompressed size of a term shard, in bytes.
pub const SHARD_TARGET: usize = 32 * 1024;
/// Documents per document chunk.
pub const DOCS_PER_CHUNK: usize = 16;
/// How many times a title occurrence of a term counts (the title boost).
pub const TITLE_WEIGHT: u32 = 3;

/// Bumped whenever the writer's output changes for the same input without a format change, so the new
/// files get new names (see [`generation`]).
pub const WRITER_REVISION: u32 = 4;

const KIND_MANIFEST: u8 = 1;
const KIND_TERMS: u8 = 2;
const KIND_DOCS: u8 = 3;
const KIND_COLUMN: u8 = 4;
const KIND_SALARY: u8 = 5;
const KIND_WORDS: u8 = 9;

/// What an alias term starts with in the index: `~hangong` is the alias `hangong` (see
/// [`DocInput::aliases`]). The tokenizer never makes a term with it, so aliases and written words
/// never share postings.
pub const ALIAS_MARK: char = '~';

/// 64-bit FNV-1a: a stable, dependency-free content hash for file names (not for security).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

// ---------------------------------------------------------------------------------------------------
// Facets

/// Whether a document has one value of a facet or a set of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    /// At most one value per document (district, street/town, occupation, bands).
    Single,
    /// Any number of values, at most 32 in the dictionary (work types, target groups).
    Multi,
}

/// One facet: its name (`district`, `work_type`…), kind and dictionary of values in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// Stable name, also the URL parameter.
    pub name: String,
    /// Single- or multi-valued.
    pub kind: FacetKind,
    /// Values: (key, labels). Keys are stable (enum spellings, slugs, names as written); labels, one per
    /// language of [`Manifest::languages`] (or none: show the key), name values the widget cannot
    /// translate itself (district and target-group names).
    pub values: Vec<(String, Vec<String>)>,
}

impl Facet {
    /// The label of value `v` in language number `lang` (the key when there is none).
    pub fn label(&self, v: usize, lang: usize) -> &str {
        self.values.get(v).map_or("", |(k, labels)| labels.get(lang).or(labels.first()).filter(|l| !l.is_empty()).unwrap_or(k))
    }
}

/// The names of the facets the sample portals use, in display order.
pub mod facet_names {
    /// District slug.
    pub const DISTRICT: &str = "district";
    /// Street or town (`addressLocality`).
    pub const LOCALITY: &str = "locality";
    /// schema.org employment types.
    pub const WORK_TYPE: &str = "work_type";
    /// `occupationalCategory`.
    pub const OCCUPATION: &str = "occupation";
    /// Monthly salary band, see [`super::salary_band`].
    pub const SALARY: &str = "salary";
    /// Education required.
    pub const EDUCATION: &str = "education";
    /// Experience band, see [`super::experience_band`].
    pub const EXPERIENCE: &str = "experience";
    /// Target groups the vacancy welcomes.
    pub const GROUP: &str = "group";
}

/// Monthly salary bands (CNY) and their keys, lowest first: a vacancy is in the band of the middle of
/// its monthly range.
pub const SALARY_BANDS: [(u32, &str); 6] = [(0, "lt3k"), (3000, "3k-5k"), (5000, "5k-8k"), (8000, "8k-12k"), (12000, "12k-20k"), (20000, "20k+")];

/// The salary band key of a monthly range.
pub fn salary_band(monthly_min: u32, monthly_max: u32) -> &'static str {
    let mid = (u64::from(monthly_min) + u64::from(monthly_max)) / 2;
    SALARY_BANDS.iter().rev().find(|(floor, _)| u64::from(*floor) <= mid).map_or(SALARY_BANDS[0].1, |b| b.1)
}

/// Experience bands and their keys: (minimum months, key).
pub const EXPERIENCE_BANDS: [(u32, &str); 5] = [(0, "none"), (1, "lt1y"), (12, "1-3y"), (36, "3-5y"), (60, "5y+")];

/// The experience band key of a requirement in months (none required: `none`).
pub fn experience_band(months: Option<u32>) -> &'static str {
    let m = months.unwrap_or(0);
    EXPERIENCE_BANDS.iter().rev().find(|(floor, _)| *floor <= m).map_or("none", |b| b.1)
}

// ---------------------------------------------------------------------------------------------------
// Documents

/// What a search result shows; stored in the document chunks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocView {
    /// The vacancy's identifier.
    pub id: String,
    /// Root-relative URL of its page.
    pub url: String,
    /// Title, as written.
    pub title: String,
    /// Employer, as written.
    pub employer: String,
    /// District slug.
    pub district: String,
    /// Street or town, if known.
    pub locality: String,
    /// Salary as posted: (min, max, unit such as `MONTH`), if any.
    pub salary: Option<(u32, u32, String)>,
    /// schema.org employment types (`FULL_TIME`…).
    pub work_types: Vec<String>,
    /// Date posted, `YYYY-MM-DD`.
    pub date: String,
}

/// The writer's input for one document. Its text is borrowed from the caller's data: at 100,000
/// vacancies a copy would cost about 100 MB.
#[derive(Debug, Clone, Default)]
pub struct DocInput<'a> {
    /// What results show.
    pub view: DocView,
    /// Title text (indexed with the title boost).
    pub title: &'a str,
    /// Other searchable texts (employer, skills, occupation, place, description…), each tokenized alone.
    pub body: Vec<&'a str>,
    /// Days since 1970-01-01 of the posting date (newer first).
    pub posted_days: i64,
    /// Highest monthly salary (0 if none), for sorting by salary.
    pub salary_max_monthly: u32,
    /// Facet values: for each facet of [`IndexInput::facets`], the keys this document has.
    pub facets: Vec<Vec<&'a str>>,
    /// What matching reads of it (its `age_days` is ignored: the reader counts from `posted_days`).
    pub features: JobFeatures,
    /// Other names of the vacancy: the pinyin of its title, skills and occupation, the English and Hong
    /// Kong words for its occupation (made by sitegen). Tokenized as text is ([`tokenize`]) into alias
    /// terms ([`ALIAS_MARK`]) with the title's weight; they count neither in the document's length
    /// nor in the impacts' scale, so the written words' impacts are what they would be without them.
    /// A query word is looked up among them only when no written word matches it
    /// ([`crate::search`]). More may be made as the writer reads them ([`IndexInput::made_aliases`]).
    pub aliases: Vec<String>,
}

/// A document's aliases made when the writer reads them ([`IndexInput::made_aliases`]): called with
/// the document's position in the input ([`IndexInput::doc`]) and a sink, it gives the sink the aliases that
/// follow the document's listed ones ([`DocInput::aliases`]), the same ones, in the same order, every
/// time. The index is what it would be with them listed; they just never all sit in memory at once
/// (sitegen's pinyin and vocabulary words: about 2 KB a vacancy, 200 MB at 100,000, held through the
/// whole build when listed).
#[derive(Clone)]
pub struct MadeAliases<'a>(pub std::sync::Arc<AliasMaker<'a>>);

/// What [`MadeAliases`] calls: (a document's position in the input, [`IndexInput::doc`], the sink of its aliases).
pub type AliasMaker<'a> = dyn Fn(usize, &mut dyn FnMut(&str)) + Send + Sync + 'a;

impl std::fmt::Debug for MadeAliases<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MadeAliases(..)")
    }
}

/// Every alias of the document at `position` in the input ([`IndexInput::doc`]): its `listed` ones, then those
/// `made` makes.
fn each_alias(listed: &[String], position: usize, made: Option<&MadeAliases<'_>>, mut sink: impl FnMut(&str)) {
    listed.iter().for_each(|a| sink(a));
    if let Some(made) = made {
        (made.0)(position, &mut sink);
    }
}

/// Everything the writer needs.
#[derive(Debug, Clone, Default)]
pub struct IndexInput<'a> {
    /// Threads to tokenize with (0 or 1: the calling thread only; never more than 1 on wasm32).
    pub threads: usize,
    /// Languages of the facet labels.
    pub languages: Vec<String>,
    /// Facets, with the values to list first (in order); keys found in documents but not listed are
    /// appended in byte order, labelled by their key.
    pub facets: Vec<Facet>,
    /// The documents, in any order.
    pub docs: Vec<DocInput<'a>>,
    /// Stations, for the profile file.
    pub stations: Vec<StationEntry>,
    /// Policies, for the profile file.
    pub policies: Vec<PolicyEntry>,
    /// Matching weights per district slug, for those that set their own.
    pub weights: Vec<(String, crate::matching::Weights)>,
    /// The homophone file's lists (made by sitegen from its pinyin readings), written as they are.
    pub sounds: Sounds,
    /// Aliases made as the writer reads each document, after its listed ones (`None`: the listed ones
    /// only).
    pub made_aliases: Option<MadeAliases<'a>>,
    /// Documents made as the writer reads them, after the listed ones ([`IndexInput::docs`]).
    pub made_docs: Option<MadeDocs<'a>>,
    /// Each document's [`doc_hash`], by position, when the caller kept them from an earlier build
    /// (`None`: hashed from the documents): [`generation`] sums these instead of reading the documents.
    pub doc_hashes: Option<std::sync::Arc<[u64]>>,
    /// Each document's terms kept by the caller between builds, and where this build's go (`None`:
    /// every document is tokenized and nothing is kept). See [`terms`].
    pub kept_terms: Option<terms::TermStore<'a>>,
}

/// Documents made when the writer reads them ([`IndexInput::made_docs`]): `count` documents, the one at position `i` (after the
/// listed ones) made by `make(i)`, the same every time. The index is what it would be with them listed; they never all sit in
/// memory at once (at 100,000 vacancies, some 200 MB). The writer reads each a few times (tables, chunks, district tables, terms).
#[derive(Clone)]
pub struct MadeDocs<'a> {
    /// How many.
    pub count: usize,
    /// The document at a position.
    pub make: std::sync::Arc<DocMaker<'a>>,
    /// What they are numbered by ([`numbered`]) without making them: `posted_days` and `view.id` as `make` gives (`None`: made).
    pub order: Option<std::sync::Arc<DocOrder<'a>>>,
}

/// What [`MadeDocs`] calls: a position among the made documents gives its document.
pub type DocMaker<'a> = dyn Fn(usize) -> DocInput<'a> + Send + Sync + 'a;

impl std::fmt::Debug for MadeDocs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MadeDocs({} documents)", self.count)
    }
}

impl<'a> IndexInput<'a> {
    /// How many documents: the listed ones and the made ones.
    pub fn doc_count(&self) -> usize {
        self.docs.len() + self.made_docs.as_ref().map_or(0, |m| m.count)
    }

    /// The document at `position` (below [`IndexInput::doc_count`]): listed, or made now.
    pub fn doc(&self, position: usize) -> std::borrow::Cow<'_, DocInput<'a>> {
        match self.docs.get(position) {
            Some(d) => std::borrow::Cow::Borrowed(d),
            None => std::borrow::Cow::Owned((self.made_docs.as_ref().expect("a position below doc_count").make)(position - self.docs.len())),
        }
    }
}

/// One file of a built index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// File name, e.g. `terms-0123456789abcdef.qy`.
    pub name: String,
    /// Its bytes (uncompressed).
    pub bytes: Vec<u8>,
}

/// A built index: the manifest and every file it names.
#[derive(Debug, Clone)]
pub struct BuiltIndex {
    /// The manifest (its name is content-hashed too).
    pub manifest: IndexFile,
    /// Shards, chunks and facet columns.
    pub files: Vec<IndexFile>,
}

// ---------------------------------------------------------------------------------------------------
// Byte encoding

struct Writer(Vec<u8>);

impl Writer {
    fn new(kind: u8) -> Writer {
        let mut w = Writer(MAGIC.to_vec());
        w.0.push(kind);
        w.uint(u64::from(FORMAT_VERSION));
        w
    }
    fn uint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn finish(self, name: String) -> IndexFile {
        IndexFile { name, bytes: self.0 }
    }
}

/// Why an index file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "search index: {}", self.0)
    }
}

/// How many times its own size a file may grow to when decoded: strings rebuilt from shared prefixes
/// and names copied from the profile file count against it (with 64 KiB to spare for small files), so
/// a few bytes repeating a long prefix cannot ask the widget for gigabytes. Real files stay far below
/// (front coding saves a few bytes a term; a match file's skill numbers stand for short names).
pub const MAX_EXPANSION: usize = 64;

/// The most documents an index may have: what the reader allocates per document (scores, hits) follows
/// the manifest's count, so a larger count is refused as corrupt, and the writer refuses to build one.
pub const MAX_DOCS: u32 = 1 << 22;

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Bytes of decoded text still allowed ([`MAX_EXPANSION`]).
    budget: usize,
}

impl<'a> Reader<'a> {
    fn open(bytes: &'a [u8], kind: u8) -> Result<Reader<'a>, FormatError> {
        if bytes.len() < 5 || &bytes[..4] != MAGIC {
            return Err(FormatError("not a Quanyu index file".into()));
        }
        if bytes[4] != kind {
            return Err(FormatError(format!("expected file kind {kind}, found {}", bytes[4])));
        }
        let mut r = Reader { bytes, pos: 5, budget: bytes.len().saturating_mul(MAX_EXPANSION).saturating_add(64 * 1024) };
        let v = r.uint()?;
        if v != u64::from(FORMAT_VERSION) {
            return Err(FormatError(format!("format version {v}, this reader knows {FORMAT_VERSION}")));
        }
        Ok(r)
    }
    fn byte(&mut self) -> Result<u8, FormatError> {
        let b = *self.bytes.get(self.pos).ok_or_else(|| FormatError("truncated file".into()))?;
        self.pos += 1;
        Ok(b)
    }
    fn uint(&mut self) -> Result<u64, FormatError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(FormatError("varint too long".into()))
    }
    fn u32(&mut self) -> Result<u32, FormatError> {
        u32::try_from(self.uint()?).map_err(|_| FormatError("number out of range".into()))
    }
    fn len(&mut self) -> Result<usize, FormatError> {
        // Every counted item and every byte takes at least one byte, so a larger count is corrupt.
        let n = self.uint()? as usize;
        if n > self.bytes.len().saturating_sub(self.pos) {
            return Err(FormatError("length out of range".into()));
        }
        Ok(n)
    }
    fn raw(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| FormatError("truncated file".into()))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    /// Counts `n` bytes of decoded text against the file's budget.
    fn spend(&mut self, n: usize) -> Result<(), FormatError> {
        self.budget = self.budget.checked_sub(n).ok_or_else(|| FormatError(format!("decodes to more than {MAX_EXPANSION} times its size")))?;
        Ok(())
    }
    fn str(&mut self) -> Result<String, FormatError> {
        let n = self.len()?;
        self.spend(n)?;
        let s = self.raw(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| FormatError("invalid UTF-8".into()))
    }
    /// The next term rebuilt from its shared-prefix length and suffix after `prev`. The length is one of
    /// the previous term, not of bytes still in the file: a long shared prefix may come near the end
    /// (bounded by the previous term and the budget, not by what is left).
    fn term(&mut self, prev: &str) -> Result<String, FormatError> {
        let shared = usize::try_from(self.uint()?).map_err(|_| FormatError("bad term prefix".into()))?;
        self.spend(shared)?;
        let suffix = self.str()?;
        let mut t = prev.get(..shared).ok_or_else(|| FormatError("bad term prefix".into()))?.to_owned();
        t.push_str(&suffix);
        Ok(t)
    }
    fn end(&self) -> Result<(), FormatError> {
        if self.pos == self.bytes.len() { Ok(()) } else { Err(FormatError("trailing bytes".into())) }
    }
}

// ---------------------------------------------------------------------------------------------------
// Manifest

/// The manifest's file name for a generation.
pub fn manifest_file(generation: u64) -> String {
    format!("index-{generation:016x}.qy")
}

/// The generation of the index of `input`: a hash of everything its files are made from (format version,
/// writer revision, languages, facets, every document, in any order). Known before the index is built,
/// so pages can name the manifest while the index is still being written; any change to the content
/// gives every file a new name.
pub fn generation(input: &IndexInput<'_>) -> u64 {
    let mut h = FnvHasher::default();
    let put = |h: &mut FnvHasher, s: &[u8]| {
        std::hash::Hasher::write(h, &(s.len() as u64).to_le_bytes());
        std::hash::Hasher::write(h, s);
    };
    put(&mut h, &FORMAT_VERSION.to_le_bytes());
    put(&mut h, &WRITER_REVISION.to_le_bytes());
    input.languages.iter().for_each(|l| put(&mut h, l.as_bytes()));
    for f in &input.facets {
        put(&mut h, f.name.as_bytes());
        put(&mut h, &[u8::from(f.kind == FacetKind::Multi)]);
        for (k, labels) in &f.values {
            put(&mut h, k.as_bytes());
            labels.iter().for_each(|l| put(&mut h, l.as_bytes()));
        }
    }
    // Documents: a sum of their hashes (on the input's threads, or kept by the caller), so their order
    // does not matter.
    let docs = plan::doc_sum(input);
    std::hash::Hasher::write(&mut h, &docs.to_le_bytes());
    // Stations and policies, in order (their `Debug` form holds every field).
    put(&mut h, format!("{:?}{:?}{:?}{:?}", input.stations, input.policies, input.weights, input.sounds).as_bytes());
    std::hash::Hasher::finish(&h)
}

/// The manifest: facets with their dictionaries, the shards' first terms, and what names the files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest {
    /// Languages of the facet labels (`zh-CN`, `zh-HK`, `en`).
    pub languages: Vec<String>,
    /// Number of documents.
    pub doc_count: u32,
    /// Documents per chunk.
    pub docs_per_chunk: u32,
    /// Hash of every other file of the index; part of their names.
    pub generation: u64,
    /// Facets and their dictionaries.
    pub facets: Vec<Facet>,
    /// The first term of each shard, in term order.
    pub shards: Vec<String>,
}

impl Manifest {
    /// Encodes the manifest; its name is a hash of its bytes.
    pub fn encode(&self) -> IndexFile {
        let mut w = Writer::new(KIND_MANIFEST);
        w.uint(self.languages.len() as u64);
        self.languages.iter().for_each(|l| w.str(l));
        w.uint(u64::from(self.doc_count));
        w.uint(u64::from(self.docs_per_chunk));
        w.0.extend_from_slice(&self.generation.to_le_bytes());
        w.uint(self.facets.len() as u64);
        for f in &self.facets {
            w.str(&f.name);
            w.uint(match f.kind {
                FacetKind::Single => 0,
                FacetKind::Multi => 1,
            });
            w.uint(f.values.len() as u64);
            for (k, labels) in &f.values {
                w.str(k);
                w.uint(labels.len() as u64);
                labels.iter().for_each(|l| w.str(l));
            }
        }
        w.uint(self.shards.len() as u64);
        let mut prev = "";
        for first in &self.shards {
            let shared = common_prefix(prev, first);
            w.uint(shared as u64);
            w.str(&first[shared..]);
            prev = first;
        }
        w.finish(manifest_file(self.generation))
    }

    /// Decodes a manifest.
    pub fn decode(bytes: &[u8]) -> Result<Manifest, FormatError> {
        let mut r = Reader::open(bytes, KIND_MANIFEST)?;
        let languages = (0..r.len()?).map(|_| r.str()).collect::<Result<_, _>>()?;
        let doc_count = r.u32()?;
        if doc_count > MAX_DOCS {
            return Err(FormatError(format!("{doc_count} documents, more than the {MAX_DOCS} an index may have")));
        }
        let docs_per_chunk = r.u32()?.max(1);
        let generation = u64::from_le_bytes(r.raw(8)?.try_into().expect("8 bytes"));
        let mut facets = Vec::new();
        for _ in 0..r.len()? {
            let name = r.str()?;
            let kind = match r.uint()? {
                0 => FacetKind::Single,
                1 => FacetKind::Multi,
                k => return Err(FormatError(format!("unknown facet kind {k}"))),
            };
            let mut values = Vec::new();
            for _ in 0..r.len()? {
                let k = r.str()?;
                let labels = (0..r.len()?).map(|_| r.str()).collect::<Result<_, _>>()?;
                values.push((k, labels));
            }
            facets.push(Facet { name, kind, values });
        }
        let mut shards: Vec<String> = Vec::new();
        for _ in 0..r.len()? {
            let t = r.term(shards.last().map_or("", String::as_str))?;
            shards.push(t);
        }
        r.end()?;
        Ok(Manifest { languages, doc_count, docs_per_chunk, generation, facets, shards })
    }

    /// File name of term shard `i`.
    pub fn shard_file(&self, i: usize) -> String {
        format!("terms-{:016x}-{i}.qy", self.generation)
    }

    /// Number of document chunks.
    pub fn chunk_count(&self) -> usize {
        (self.doc_count as usize).div_ceil(self.docs_per_chunk as usize)
    }

    /// File name of document chunk `i`.
    pub fn chunk_file(&self, i: usize) -> String {
        format!("docs-{:016x}-{i}.qy", self.generation)
    }

    /// File name of the result table of district `v` (the `district` facet's value number `v`).
    pub fn table_file(&self, v: usize) -> String {
        format!("results-{:016x}-{v}.qy", self.generation)
    }

    /// File name of the column of facet `i`.
    pub fn column_file(&self, i: usize) -> String {
        format!("facet-{:016x}-{i}.qy", self.generation)
    }

    /// File name of the salary column.
    pub fn salary_file(&self) -> String {
        format!("salary-{:016x}.qy", self.generation)
    }

    /// File name of the Latin word list ([`Words`]).
    pub fn words_file(&self) -> String {
        format!("words-{:016x}.qy", self.generation)
    }

    /// File name of the homophone file ([`Sounds`]).
    pub fn sounds_file(&self) -> String {
        format!("sounds-{:016x}.qy", self.generation)
    }

    /// File name of the profile file ([`ProfileData`]).
    pub fn profile_file(&self) -> String {
        format!("profile-{:016x}.qy", self.generation)
    }

    /// File name of the match file of district `n` of [`ProfileData::districts`].
    pub fn match_file(&self, n: usize) -> String {
        format!("match-{:016x}-{n}.qy", self.generation)
    }

    /// The shard that would hold `term`: the last whose first term is not after it.
    pub fn shard_for(&self, term: &str) -> Option<usize> {
        match self.shards.partition_point(|first| first.as_str() <= term) {
            0 => None,
            i => Some(i - 1),
        }
    }

    /// The shards that may hold terms starting with `prefix` (a contiguous range).
    pub fn shards_for_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.shard_for(prefix).unwrap_or(0);
        let end = start + 1 + self.shards[(start + 1).min(self.shards.len())..].iter().take_while(|first| first.starts_with(prefix)).count();
        start..end.min(self.shards.len())
    }

    /// The chunk holding document `doc`, and the document's place in it.
    pub fn chunk_of(&self, doc: u32) -> (usize, usize) {
        ((doc / self.docs_per_chunk) as usize, (doc % self.docs_per_chunk) as usize)
    }

    /// The index of the facet named `name`.
    pub fn facet(&self, name: &str) -> Option<usize> {
        self.facets.iter().position(|f| f.name == name)
    }
}

// ---------------------------------------------------------------------------------------------------
// Term shards

/// A posting: a document and the term's impact (quantized BM25 weight) in it.
pub type Posting = (u32, u8);

/// A decoded term shard: terms in byte order, each with its postings in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shard {
    /// (term, postings).
    pub terms: Vec<(String, Vec<Posting>)>,
}

/// Writes shards term by term, cutting a new one at [`SHARD_TARGET`] bytes, without holding postings
/// in memory: the writer's way to make shards (the same encoding as [`Shard::decode`] reads).
struct ShardWriter {
    body: Writer,
    count: u64,
    prev: String,
    first: String,
}

impl ShardWriter {
    fn new() -> ShardWriter {
        ShardWriter { body: Writer(Vec::new()), count: 0, prev: String::new(), first: String::new() }
    }

    /// Adds a term; returns the previous shard, (first term, bytes), when this term starts a new one.
    fn term(&mut self, term: &str, postings: impl ExactSizeIterator<Item = Posting>) -> Option<(String, Vec<u8>)> {
        let done = if self.body.0.len() >= SHARD_TARGET { self.cut() } else { None };
        if self.count == 0 {
            self.first = term.to_owned();
            self.prev.clear();
        }
        let shared = common_prefix(&self.prev, term);
        self.body.uint(shared as u64);
        self.body.str(&term[shared..]);
        self.body.uint(postings.len() as u64);
        let mut last = 0u32;
        for (i, (doc, impact)) in postings.enumerate() {
            self.body.uint(u64::from(if i == 0 { doc } else { doc - last }));
            self.body.0.push(impact);
            last = doc;
        }
        self.prev.clear();
        self.prev.push_str(term);
        self.count += 1;
        done
    }

    fn cut(&mut self) -> Option<(String, Vec<u8>)> {
        if self.count == 0 {
            return None;
        }
        let mut w = Writer::new(KIND_TERMS);
        w.uint(self.count);
        w.0.extend_from_slice(&self.body.0);
        self.body.0.clear();
        self.count = 0;
        Some((std::mem::take(&mut self.first), w.0))
    }

    /// The last shard, if it has any term.
    fn finish(mut self) -> Option<(String, Vec<u8>)> {
        self.cut()
    }
}

impl Shard {
    #[cfg(test)]
    fn encode(&self) -> Vec<u8> {
        let mut w = ShardWriter::new();
        for (term, postings) in &self.terms {
            assert!(w.term(term, postings.iter().copied()).is_none(), "one shard");
        }
        w.finish().map(|s| s.1).unwrap_or_default()
    }

    /// Decodes a shard.
    pub fn decode(bytes: &[u8]) -> Result<Shard, FormatError> {
        let mut r = Reader::open(bytes, KIND_TERMS)?;
        let n = r.len()?;
        let mut terms: Vec<(String, Vec<Posting>)> = Vec::with_capacity(n);
        let mut prev = String::new();
        for _ in 0..n {
            let term = r.term(&prev)?;
            let df = r.len()?;
            let mut postings = Vec::with_capacity(df);
            let mut doc = 0u32;
            for i in 0..df {
                let d = r.u32()?;
                doc = if i == 0 { d } else { doc.checked_add(d).ok_or_else(|| FormatError("document number overflow".into()))? };
                postings.push((doc, r.byte()?));
            }
            prev.clone_from(&term);
            terms.push((term, postings));
        }
        r.end()?;
        Ok(Shard { terms })
    }

    /// The postings of `term`, if the shard has it.
    pub fn get(&self, term: &str) -> Option<&[Posting]> {
        self.terms.binary_search_by(|(t, _)| t.as_str().cmp(term)).ok().map(|i| self.terms[i].1.as_slice())
    }

    /// Every (term, postings) whose term starts with `prefix`.
    pub fn with_prefix<'s>(&'s self, prefix: &'s str) -> impl Iterator<Item = &'s (String, Vec<Posting>)> + 's {
        let start = self.terms.partition_point(|(t, _)| t.as_str() < prefix);
        self.terms[start..].iter().take_while(move |(t, _)| t.starts_with(prefix))
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for ((i, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            return i;
        }
        n = i + ca.len_utf8();
    }
    n
}

// ---------------------------------------------------------------------------------------------------
// Latin word list

/// Whether an index term is a Latin-script word or an alias (what [`Words`] lists).
fn is_word_term(t: &str) -> bool {
    let w = t.strip_prefix(ALIAS_MARK).unwrap_or(t);
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Every Latin-script term of the index, written words and aliases (with their [`ALIAS_MARK`]), in byte
/// order with its document frequency: `words-<gen>.qy`. The reader fetches it when a query has a Latin
/// word of [`TYPO_MIN_LETTERS`] or more, to find the terms a misspelt word may mean ([`Words::near`])
/// without fetching every shard.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Words {
    /// (term, document frequency), in byte order.
    pub terms: Vec<(String, u32)>,
}

/// The shortest Latin word corrected for typos.
pub const TYPO_MIN_LETTERS: usize = 4;
/// From this many letters on, a typo may be two edits (one below it).
pub const TYPO_TWO_EDITS: usize = 8;
/// How many corrections of one word a search uses at most.
pub const TYPO_CANDIDATES: usize = 3;

impl Words {
    fn encode(&self, name: String) -> IndexFile {
        let mut w = Writer::new(KIND_WORDS);
        w.uint(self.terms.len() as u64);
        let mut prev = "";
        for (t, df) in &self.terms {
            let shared = common_prefix(prev, t);
            w.uint(shared as u64);
            w.str(&t[shared..]);
            w.uint(u64::from(*df));
            prev = t;
        }
        w.finish(name)
    }

    /// Decodes a word list.
    pub fn decode(bytes: &[u8]) -> Result<Words, FormatError> {
        let mut r = Reader::open(bytes, KIND_WORDS)?;
        let n = r.len()?;
        let mut terms: Vec<(String, u32)> = Vec::with_capacity(n);
        for _ in 0..n {
            let t = r.term(terms.last().map_or("", |p| p.0.as_str()))?;
            terms.push((t, r.u32()?));
        }
        r.end()?;
        Ok(Words { terms })
    }

    /// Whether some term (written or alias) is `word`, or starts with it when `prefix`.
    pub fn has(&self, word: &str, prefix: bool) -> bool {
        let mut alias = String::from(ALIAS_MARK);
        alias.push_str(word);
        [word, alias.as_str()].iter().any(|w| {
            let i = self.terms.partition_point(|(t, _)| t.as_str() < *w);
            self.terms.get(i).is_some_and(|(t, _)| if prefix { t.starts_with(*w) } else { t == w })
        })
    }

    /// The terms a misspelt `word` may mean: within one edit (two from [`TYPO_TWO_EDITS`] letters; a swap
    /// of neighbours is one), closest first, then the most frequent, then in byte order; at most
    /// [`TYPO_CANDIDATES`], as the index spells them (an alias with its mark). None for a word shorter
    /// than [`TYPO_MIN_LETTERS`].
    pub fn near(&self, word: &str) -> Vec<&str> {
        let n = word.len();
        if n < TYPO_MIN_LETTERS {
            return Vec::new();
        }
        let limit = if n >= TYPO_TWO_EDITS { 2 } else { 1 };
        let mut found: Vec<(usize, u32, &str)> = self
            .terms
            .iter()
            .filter_map(|(t, df)| {
                let bare = t.strip_prefix(ALIAS_MARK).unwrap_or(t);
                if bare.len().abs_diff(n) > limit {
                    return None;
                }
                let d = crate::text::edit_distance(word, bare);
                (d > 0 && d <= limit).then_some((d, *df, t.as_str()))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
        // One bare word once (a written word and its alias twin).
        let mut out: Vec<&str> = Vec::new();
        for (_, _, t) in found {
            let bare = t.strip_prefix(ALIAS_MARK).unwrap_or(t);
            if !out.iter().any(|o| o.strip_prefix(ALIAS_MARK).unwrap_or(o) == bare) {
                out.push(t);
            }
        }
        out.truncate(TYPO_CANDIDATES);
        out
    }
}

// ---------------------------------------------------------------------------------------------------
// Document tables: the result chunks and the districts' result tables

/// Encodes a table of document views: `rows` are (document number, view), numbers ascending. Every
/// string is written once, in a pool at the start, and a row names its strings by their number in it
/// (titles, employers, places, dates, units and work types repeat; identifiers do not, but the reader
/// then holds every string the same way). A URL that is the usual `/<district>/jobs/<id>/` is written
/// empty, and made again by the reader.
fn encode_docs<'a>(rows: &[(u32, &'a DocView)], name: String) -> IndexFile {
    let mut pool: Vec<&'a str> = Vec::new();
    let mut at: std::collections::HashMap<&'a str, u64> = std::collections::HashMap::new();
    let mut idx = |s: &'a str| -> u64 {
        *at.entry(s).or_insert_with(|| {
            pool.push(s);
            pool.len() as u64 - 1
        })
    };
    let mut body = Writer(Vec::new());
    let mut next = 0u32;
    for &(doc, d) in rows {
        body.uint(u64::from(doc - next));
        next = doc + 1;
        // The usual URL is made again by the reader from the district and identifier.
        let url: &str = if d.url == usual_url(&d.district, &d.id) { "" } else { &d.url };
        for s in [&d.id, url, &d.title, &d.employer, &d.district, &d.locality, &d.date] {
            body.uint(idx(s));
        }
        match &d.salary {
            None => body.uint(0),
            Some((min, max, unit)) => {
                body.uint(1 + idx(unit));
                body.uint(u64::from(*min));
                body.uint(u64::from(*max));
            }
        }
        body.uint(d.work_types.len() as u64);
        for t in &d.work_types {
            body.uint(idx(t));
        }
    }
    let mut w = Writer::new(KIND_DOCS);
    w.uint(rows.len() as u64);
    w.uint(pool.len() as u64);
    pool.iter().for_each(|s| w.str(s));
    w.0.extend_from_slice(&body.0);
    w.finish(name)
}

/// A decoded table of document views (a result chunk, or a district's result table): its bytes as
/// they came, with each string's and each row's place found and checked once, so that a view is made
/// only when a result shows (a district's 20,000 rows stay about the size of the file, not 20,000 sets
/// of strings).
#[derive(Debug, Clone, Default)]
pub struct DocTable {
    bytes: Vec<u8>,
    /// Where each string of the pool is in `bytes`.
    pool: Vec<(usize, usize)>,
    /// (document number, where its row starts), numbers ascending.
    rows: Vec<(u32, usize)>,
}

impl DocTable {
    /// Decodes a table, checking every string and row.
    pub fn decode(bytes: Vec<u8>) -> Result<DocTable, FormatError> {
        let mut r = Reader::open(&bytes, KIND_DOCS)?;
        let n = r.len()?;
        let mut pool = Vec::new();
        for _ in 0..r.len()? {
            let len = r.len()?;
            let at = r.pos;
            std::str::from_utf8(r.raw(len)?).map_err(|_| FormatError("invalid UTF-8".into()))?;
            pool.push((at, at + len));
        }
        let mut rows = Vec::with_capacity(n);
        let mut next = 0u32;
        for _ in 0..n {
            let doc = r.u32()?.checked_add(next).filter(|&d| d < MAX_DOCS).ok_or_else(|| FormatError("document number out of range".into()))?;
            next = doc + 1;
            rows.push((doc, r.pos));
            row(&mut r, pool.len())?;
        }
        r.end()?;
        Ok(DocTable { bytes, pool, rows })
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether it holds document `doc`.
    pub fn has(&self, doc: u32) -> bool {
        self.rows.binary_search_by_key(&doc, |r| r.0).is_ok()
    }

    /// The view of document `doc`, if the table holds it.
    pub fn get(&self, doc: u32) -> Option<DocView> {
        let &(_, pos) = self.rows.get(self.rows.binary_search_by_key(&doc, |r| r.0).ok()?)?;
        let (ix, pay) = row(&mut Reader { bytes: &self.bytes, pos, budget: 0 }, self.pool.len()).ok()?;
        let s = |i: usize| self.pool.get(i).and_then(|&(a, b)| std::str::from_utf8(&self.bytes[a..b]).ok()).unwrap_or_default().to_owned();
        let at = |k: usize| s(ix[k]);
        let salary = pay.map(|(min, max)| (min, max, at(7)));
        let work_types = ix[7 + usize::from(salary.is_some())..].iter().map(|&i| s(i)).collect();
        let (id, district) = (at(0), at(4));
        let url = Some(at(1)).filter(|u| !u.is_empty()).unwrap_or_else(|| usual_url(&district, &id));
        Some(DocView { id, url, title: at(2), employer: at(3), district, locality: at(5), date: at(6), salary, work_types })
    }

    /// Every (document number, view), in number order.
    pub fn views(&self) -> impl Iterator<Item = (u32, DocView)> + '_ {
        self.rows.iter().filter_map(|&(doc, _)| Some((doc, self.get(doc)?)))
    }
}

/// The URL of a vacancy's page as `sitegen` makes it: a document table writes an empty URL for it.
fn usual_url(district: &str, id: &str) -> String {
    ["/", district, "/jobs/", id, "/"].concat()
}

/// A row of a document table: the pool numbers of its strings, and its salary's amounts.
type Row = (Vec<usize>, Option<(u32, u32)>);

/// Reads a row of a document table (after its number): the pool numbers of its strings — identifier,
/// URL, title, employer, district, place, date, the salary's unit if it has one, its work types — and
/// the salary's amounts. Every number is checked against the pool's `strings`.
fn row(r: &mut Reader, strings: usize) -> Result<Row, FormatError> {
    let mut ix = Vec::with_capacity(9);
    let mut take = |r: &mut Reader, plus: usize| -> Result<(), FormatError> {
        let i = (r.uint()? as usize).wrapping_sub(plus);
        if i >= strings {
            return Err(FormatError("string number out of range".into()));
        }
        ix.push(i);
        Ok(())
    };
    for _ in 0..7 {
        take(r, 0)?;
    }
    let pay = if r.bytes.get(r.pos) == Some(&0) {
        r.pos += 1;
        None
    } else {
        take(r, 1)?;
        Some((r.u32()?, r.u32()?))
    };
    for _ in 0..r.len()? {
        take(r, 0)?;
    }
    Ok((ix, pay))
}

/// Decodes a document table into its views, in number order.
pub fn decode_docs(bytes: &[u8]) -> Result<Vec<DocView>, FormatError> {
    Ok(DocTable::decode(bytes.to_vec())?.views().map(|(_, v)| v).collect())
}

// ---------------------------------------------------------------------------------------------------
// Facet columns

/// One facet's values for every document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// Value number + 1 per document; 0 when the document has none.
    Single(Vec<u16>),
    /// Bit set of value numbers per document.
    Multi(Vec<u32>),
}

impl Column {
    fn encode(&self, name: String) -> IndexFile {
        let mut w = Writer::new(KIND_COLUMN);
        match self {
            Column::Single(v) => {
                w.uint(0);
                w.uint(v.len() as u64);
                v.iter().for_each(|&x| w.uint(u64::from(x)));
            }
            Column::Multi(v) => {
                w.uint(1);
                w.uint(v.len() as u64);
                v.iter().for_each(|&x| w.uint(u64::from(x)));
            }
        }
        w.finish(name)
    }

    /// Decodes a facet column.
    pub fn decode(bytes: &[u8]) -> Result<Column, FormatError> {
        let mut r = Reader::open(bytes, KIND_COLUMN)?;
        let kind = r.uint()?;
        let n = r.len()?;
        let col = match kind {
            0 => Column::Single(
                (0..n)
                    .map(|_| r.u32().and_then(|v| u16::try_from(v).map_err(|_| FormatError("value out of range".into()))))
                    .collect::<Result<_, _>>()?,
            ),
            1 => Column::Multi((0..n).map(|_| r.u32()).collect::<Result<_, _>>()?),
            k => return Err(FormatError(format!("unknown column kind {k}"))),
        };
        r.end()?;
        Ok(col)
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        match self {
            Column::Single(v) => v.len(),
            Column::Multi(v) => v.len(),
        }
    }

    /// True for no documents.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn encode_salary(salary: &[u32], name: String) -> IndexFile {
    let mut w = Writer::new(KIND_SALARY);
    w.uint(salary.len() as u64);
    // Hundreds of CNY: the sort needs no more precision, and the column shrinks.
    salary.iter().for_each(|&s| w.uint(u64::from(s.div_ceil(100))));
    w.finish(name)
}

/// Decodes the salary column (monthly CNY, rounded up to hundreds; 0 for none).
pub fn decode_salary(bytes: &[u8]) -> Result<Vec<u32>, FormatError> {
    let mut r = Reader::open(bytes, KIND_SALARY)?;
    let n = r.len()?;
    let v = (0..n).map(|_| r.u32().map(|s| s.saturating_mul(100))).collect::<Result<_, _>>()?;
    r.end()?;
    Ok(v)
}

/// The columns a reader has loaded so far (each fetched on demand).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Columns {
    /// Per facet of the manifest, in its order: its column, once loaded.
    pub facets: Vec<Option<Column>>,
    /// The salary column, once loaded.
    pub salary: Option<Vec<u32>>,
}

impl Columns {
    /// No column loaded yet, for a manifest's facets.
    pub fn none(manifest: &Manifest) -> Columns {
        Columns { facets: vec![None; manifest.facets.len()], salary: None }
    }
}

// ---------------------------------------------------------------------------------------------------
// Writer

/// FNV-1a as a `Hasher`, for the writer's term dictionary (much faster than SipHash on short keys;
/// the input is the site's own content, not an attacker's choice of keys at run time).
#[derive(Default)]
pub struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A term's postings while a part is being tokenized: (document delta, term frequency) varints.
#[derive(Default)]
struct Collecting {
    bytes: Vec<u8>,
    df: u32,
    last: u32,
}

fn push_uint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn read_uint(bytes: &[u8], pos: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = bytes[*pos];
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return v;
        }
        shift += 7;
    }
}

/// Documents per [`Part`]: small enough that the one being tokenized (a hash map and growing
/// buffers per term) stays small beside the finished, compact ones; large enough that a term's
/// entry is rarely repeated across many parts. The index does not depend on it.
const PART_DOCS: usize = 4096;

/// The postings of a range of consecutive documents, compact: its terms in byte order, their text in
/// one buffer and their postings in another, with no room to grow.
struct Part {
    /// The terms' text, one after the other.
    text: String,
    /// Per term, in byte order: (end of its text in `text`, end of its postings in `bytes`, document
    /// frequency).
    terms: Vec<(u32, u32, u32)>,
    /// Per term, (first document, then document delta; term frequency) varints.
    bytes: Vec<u8>,
    /// Each document's length (written words, title occurrences weighted).
    lengths: Vec<u32>,
}

impl Part {
    fn start(&self, i: usize) -> (usize, usize) {
        if i == 0 { (0, 0) } else { (self.terms[i - 1].0 as usize, self.terms[i - 1].1 as usize) }
    }

    /// Term `i` of the part.
    fn term(&self, i: u32) -> &str {
        let i = i as usize;
        &self.text[self.start(i).0..self.terms[i].0 as usize]
    }

    /// Term `i`'s document frequency in the part.
    fn df(&self, i: u32) -> u32 {
        self.terms[i as usize].2
    }

    /// Term `i`'s (document, term frequency) pairs.
    fn postings(&self, i: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let i = i as usize;
        let (from, to) = (self.start(i).1, self.terms[i].1 as usize);
        let bytes = &self.bytes[from..to];
        let mut pos = 0;
        let mut doc = 0u32;
        (0..self.terms[i].2).map(move |k| {
            let d = read_uint(bytes, &mut pos) as u32;
            doc = if k == 0 { d } else { doc + d };
            (doc, read_uint(bytes, &mut pos) as u32)
        })
    }
}

/// A term's document frequency and every posting, in document order: `locs` are its (part, term)
/// entries, parts in order (they cover consecutive document ranges, in order).
fn postings_of<'a>(parts: &'a [Part], locs: &'a [(u32, u32)]) -> (u32, impl Iterator<Item = (u32, u32)> + 'a) {
    let df: u32 = locs.iter().map(|&(p, i)| parts[p as usize].df(i)).sum();
    (df, locs.iter().flat_map(move |&(p, i)| parts[p as usize].postings(i)))
}

/// A part's terms while it is tokenized: each term's number, and per number its postings so far.
#[derive(Default)]
struct PartTerms {
    /// Words and alias terms, by their text.
    text: std::collections::HashMap<String, u32, std::hash::BuildHasherDefault<FnvHasher>>,
    /// Han characters and pairs (most of the terms), by their code points ([`PartTerms::han_key`]),
    /// spelled only once the part is done.
    han: std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<FnvHasher>>,
    /// Postings, by term number.
    postings: Vec<Collecting>,
    /// With kept terms ([`IndexInput::kept_terms`]): each term's key by number (a Han key, or the range
    /// of its text in `texts`), to encode the documents this build tokenizes.
    keys: Option<(Vec<TermKey>, String)>,
}

/// A term of a [`PartTerms`]: a Han key, or where its text is.
#[derive(Clone)]
enum TermKey {
    Han(u64),
    Text(u32, u32),
}

impl PartTerms {
    /// The number of the term written `t`.
    fn of_text(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.text.get(t) {
            return id;
        }
        let id = self.postings.len() as u32;
        self.text.insert(t.to_owned(), id);
        self.postings.push(Collecting::default());
        if let Some((keys, texts)) = &mut self.keys {
            keys.push(TermKey::Text(texts.len() as u32, (texts.len() + t.len()) as u32));
            texts.push_str(t);
        }
        id
    }

    /// The number of the Han term of key `key` ([`PartTerms::han_key`]).
    fn of_han(&mut self, key: u64) -> u32 {
        let next = self.postings.len() as u32;
        let id = *self.han.entry(key).or_insert(next);
        if id == next {
            self.postings.push(Collecting::default());
            if let Some((keys, _)) = &mut self.keys {
                keys.push(TermKey::Han(key));
            }
        }
        id
    }

    /// Adds document `n`'s posting (term frequency `tf`) to term `id`'s; documents come in order.
    fn post(&mut self, id: u32, n: u32, tf: u32) {
        let c = &mut self.postings[id as usize];
        push_uint(&mut c.bytes, u64::from(if c.df == 0 { n } else { n - c.last }));
        push_uint(&mut c.bytes, u64::from(tf));
        c.df += 1;
        c.last = n;
    }

    /// Encodes a document's distinct terms (`merged`: term number, frequency) and length for
    /// [`terms::KeptTerms::made`] ([`terms::encode`]).
    fn encode(&self, length: u32, merged: &[(u32, u32)], out: &mut Vec<u8>) -> bool {
        let (keys, texts) = self.keys.as_ref().expect("keys are kept with kept terms");
        let mut han = Vec::new();
        let mut text = Vec::new();
        for &(id, tf) in merged {
            match keys[id as usize] {
                TermKey::Han(key) => han.push((key, tf)),
                TermKey::Text(from, to) => text.push((&texts[from as usize..to as usize], tf)),
            }
        }
        terms::encode(length, &mut han, &mut text, out)
    }

    /// The number of the term `t`.
    fn of(&mut self, t: tokenize::IndexTerm<'_>) -> u32 {
        let key = match t {
            tokenize::IndexTerm::Han(c) => Self::han_key(c, None),
            tokenize::IndexTerm::Pair(a, b) => Self::han_key(a, Some(b)),
            tokenize::IndexTerm::Word(w) => return self.of_text(w),
        };
        self.of_han(key)
    }

    /// A Han term's key: a character's code point, a pair's two side by side (code points are below
    /// 2^21 and a Han character's is not 0, so a pair's key is above any character's).
    fn han_key(a: char, b: Option<char>) -> u64 {
        match b {
            None => u64::from(a),
            Some(b) => (u64::from(a) << 21) | u64::from(b),
        }
    }

    /// Every term's text and number.
    fn into_terms(self) -> (Vec<(String, u32)>, Vec<Collecting>) {
        let mut all: Vec<(String, u32)> = self.text.into_iter().collect();
        all.extend(self.han.into_iter().map(|(key, id)| {
            let (a, b) = ((key >> 21) as u32, (key & 0x1F_FFFF) as u32);
            (std::iter::once(a).filter(|&a| a != 0).chain([b]).filter_map(char::from_u32).collect(), id)
        }));
        (all, self.postings)
    }
}

/// Tokenizes the documents of `input` at `positions` (numbered from `first`) into a [`Part`].
/// A document whose terms were kept ([`IndexInput::kept_terms`]) is read from them instead of made and
/// tokenized (the same postings and length); the terms of one that is tokenized are handed to the
/// caller to keep.
fn collect(input: &IndexInput<'_>, positions: &[u32], first: u32) -> Part {
    let made = input.made_aliases.as_ref();
    let store = input.kept_terms.as_ref().map(|s| &*s.0);
    let mut ids = PartTerms { keys: store.map(|_| Default::default()), ..PartTerms::default() };
    let mut lengths = Vec::with_capacity(positions.len());
    let mut local: Vec<(u32, u32)> = Vec::new();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    let (mut bytes, mut alias, mut encoded) = (Vec::new(), String::new(), Vec::new());
    let mut kept = terms::Decoded::default();
    let ranges = store.map(|s| s.kept(positions, &mut bytes)).unwrap_or_default();
    for (i, &position) in positions.iter().enumerate() {
        let n = first + i as u32;
        if let Some(bytes) = ranges.get(i).cloned().flatten().map(|r| &bytes[r])
            && kept.read(bytes)
        {
            lengths.push(kept.length);
            for &(key, tf) in &kept.han {
                let id = ids.of_han(key);
                ids.post(id, n, tf);
            }
            for &(t, tf) in &kept.text {
                let id = ids.of_text(t);
                ids.post(id, n, tf);
            }
            continue;
        }
        let d = input.doc(position as usize);
        local.clear();
        tokenize::for_each_index_term_part(d.title, |t| local.push((ids.of(t), TITLE_WEIGHT)));
        for text in &d.body {
            tokenize::for_each_index_term_part(text, |t| local.push((ids.of(t), 1)));
        }
        // The length counts written words only (the aliases come after them).
        let written = local.len();
        each_alias(&d.aliases, position as usize, made, |a| {
            tokenize::for_each_index_term_part(a, |t| {
                alias.clear();
                alias.push(ALIAS_MARK);
                t.push_to(&mut alias);
                local.push((ids.of_text(&alias), TITLE_WEIGHT));
            })
        });
        let length = local[..written].iter().map(|l| l.1).sum::<u32>().max(1);
        lengths.push(length);
        local.sort_unstable_by_key(|l| l.0);
        merged.clear();
        let mut j = 0;
        while j < local.len() {
            let (id, mut tf) = local[j];
            j += 1;
            while j < local.len() && local[j].0 == id {
                tf += local[j].1;
                j += 1;
            }
            ids.post(id, n, tf);
            if store.is_some() {
                merged.push((id, tf));
            }
        }
        if let Some(store) = store
            && ids.encode(length, &merged, &mut encoded)
        {
            store.made(position as usize, &encoded);
        }
    }
    // Compacted: the map's keys and the growing buffers (up to half unused) were most of the memory.
    let (mut sorted, mut terms) = ids.into_terms();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut part = Part {
        text: String::with_capacity(sorted.iter().map(|t| t.0.len()).sum()),
        terms: Vec::with_capacity(sorted.len()),
        bytes: Vec::with_capacity(terms.iter().map(|c| c.bytes.len()).sum()),
        lengths,
    };
    for (t, id) in sorted {
        let c = std::mem::take(&mut terms[id as usize]);
        part.text.push_str(&t);
        part.bytes.extend_from_slice(&c.bytes);
        part.terms.push((part.text.len() as u32, part.bytes.len() as u32, c.df));
    }
    part
}

/// Tokenizes the documents of `input` at `positions` in parts of `part_docs` consecutive documents on `threads` threads (the parts, and
/// so the index, are the same whatever the number of threads).
fn collect_parts(input: &IndexInput<'_>, positions: &[u32], threads: usize, part_docs: usize) -> Vec<Part> {
    let part_docs = part_docs.max(1);
    let count = positions.len().div_ceil(part_docs);
    let one = |p: usize| {
        let range = p * part_docs..((p + 1) * part_docs).min(positions.len());
        collect(input, &positions[range.clone()], range.start as u32)
    };
    let threads = threads.clamp(1, 64).min(count);
    if threads <= 1 {
        return (0..count).map(one).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: std::sync::Mutex<Vec<Option<Part>>> = std::sync::Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let p = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if p >= count {
                        break;
                    }
                    let part = one(p);
                    done.lock().expect("index thread panicked")[p] = Some(part);
                }
            });
        }
    });
    done.into_inner().expect("index thread panicked").into_iter().map(|p| p.expect("every part is tokenized")).collect()
}

/// Builds the index of `input` in memory (see [`build_with`]).
pub fn build(input: IndexInput<'_>) -> Result<BuiltIndex, String> {
    let mut files = Vec::new();
    build_with(input, |f| {
        files.push(f);
        Ok(())
    })?;
    by_name(files).ok_or_else(|| "no manifest".to_owned())
}

/// The files a writer made (the manifest last), the others sorted by name: with threads they come in
/// no fixed order.
fn by_name(mut files: Vec<IndexFile>) -> Option<BuiltIndex> {
    let manifest = files.pop()?;
    files.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    Some(BuiltIndex { manifest, files })
}

/// What [`MadeDocs::order`] calls (defined here, among the writer's code: see the note on the search
/// build's size in ARCHITECTURE.md): a position among the made documents gives that document's
/// `posted_days` and identifier (`view.id`).
pub type DocOrder<'a> = dyn Fn(usize) -> (i64, &'a str) + Send + Sync + 'a;

/// The positions of `input`'s documents ([`IndexInput::doc`]) in the order they are numbered: newest
/// first (date posted descending), the identifier breaking ties so the order never depends on the
/// input's (ties, which equal identifiers only make, in input order). Document n is the one at position
/// `numbered(input)[n]`; also what a page uses to name the result chunks its widget will fetch first.
pub fn numbered(input: &IndexInput<'_>) -> Vec<u32> {
    use std::borrow::Cow;
    let order = input.made_docs.as_ref().and_then(|m| m.order.as_ref());
    // A made document's key from its order when it has one (making 100,000 documents only to sort
    // them was 0.6 s of a rebuild, twice), else from the document.
    let key = |p: usize| -> (i64, Cow<'_, str>) {
        match (input.docs.get(p), order) {
            (Some(d), _) => (d.posted_days, Cow::Borrowed(d.view.id.as_str())),
            (None, Some(order)) => {
                let (days, id) = order(p - input.docs.len());
                debug_assert!(
                    { input.doc(p).posted_days == days && input.doc(p).view.id == id },
                    "the order of made document {p} is not its document's"
                );
                (days, Cow::Borrowed(id))
            }
            (None, None) => {
                let d = input.doc(p);
                (d.posted_days, Cow::Owned(d.view.id.clone()))
            }
        }
    };
    let keys: Vec<(i64, Cow<'_, str>)> = (0..input.doc_count()).map(key).collect();
    let mut positions: Vec<u32> = (0..keys.len() as u32).collect();
    positions.sort_by(|&a, &b| {
        let (a, b) = (&keys[a as usize], &keys[b as usize]);
        b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1))
    });
    positions
}

/// Builds the index of `input`, handing each file to `sink` as soon as it is made (the manifest last),
/// so a large index never sits in memory whole. With [`IndexInput::threads`] above 1 the files come in
/// no fixed order (each the same), the manifest still last.
///
/// Errors name the facet when a multi-valued facet has more than 32 values or a single-valued one more
/// than 65,534; an error of `sink` stops the build.
pub fn build_with(input: IndexInput<'_>, sink: impl FnMut(IndexFile) -> Result<(), String> + Send) -> Result<(), String> {
    build_in_parts(input, sink, PART_DOCS)
}

/// [`build_with`], tokenizing in parts of `part_docs` documents.
fn build_in_parts(input: IndexInput<'_>, sink: impl FnMut(IndexFile) -> Result<(), String> + Send, part_docs: usize) -> Result<(), String> {
    let count = input.doc_count();
    if count > MAX_DOCS as usize {
        return Err(format!("{count} documents, more than the {MAX_DOCS} an index may have"));
    }
    let generation = generation(&input);
    let names = Manifest { docs_per_chunk: DOCS_PER_CHUNK as u32, generation, ..Manifest::default() };
    // Document n is the one at position positions[n] of the input.
    let positions = numbered(&input);
    // The tables (columns, salaries, profile, result chunks and tables) and the postings (word list,
    // homophones, term shards) read the documents apart: with threads, side by side (each file is the
    // same; they reach the sink in either's order, the manifest last).
    let sink = std::sync::Mutex::new(sink);
    let put = |f: IndexFile| (sink.lock().unwrap_or_else(|e| e.into_inner()))(f);
    let (facets, firsts) = if input.threads > 1 {
        std::thread::scope(|scope| {
            let tables = scope.spawn(|| write_tables(&input, &positions, &names, &put));
            let firsts = write_postings(&input, &positions, part_docs, &names, &put);
            (tables.join().unwrap_or_else(|_| Err("the index's tables panicked".into())), firsts)
        })
    } else {
        let facets = write_tables(&input, &positions, &names, &put)?;
        (Ok(facets), write_postings(&input, &positions, part_docs, &names, &put))
    };
    let (facets, firsts) = (facets?, firsts?);
    let manifest = Manifest {
        languages: input.languages.clone(),
        doc_count: count as u32,
        docs_per_chunk: DOCS_PER_CHUNK as u32,
        generation,
        facets,
        shards: firsts,
    };
    put(manifest.encode())
}

/// Writes the facet columns, the salaries, the profile and match files and the result chunks and
/// tables of `input`'s documents (document n at position `positions[n]`); gives the facets with their
/// dictionaries.
fn write_tables<'a>(
    input: &IndexInput<'a>,
    positions: &[u32],
    names: &Manifest,
    mut sink: &(impl Fn(IndexFile) -> Result<(), String> + Sync),
) -> Result<Vec<Facet>, String> {
    let count = positions.len();
    let doc = |n: usize| input.doc(positions[n] as usize);
    let mut facets = input.facets.clone();
    // One reading of every document for the facet values, the salaries and what the profile and the
    // result tables need (the documents may be made as they are read: [`IndexInput::made_docs`]). Each
    // document's values are noted by a number of their own (in the order first seen) until the
    // dictionaries are known; the columns are made from them after.
    let mut seen: Vec<std::collections::HashMap<&'a str, u32>> = vec![Default::default(); facets.len()];
    let mut seen_keys: Vec<Vec<&'a str>> = vec![Vec::new(); facets.len()];
    let mut values: Vec<u32> = Vec::with_capacity(count * facets.len());
    // Where each document's values of each facet end in `values`.
    let mut ends: Vec<u32> = Vec::with_capacity(count * facets.len());
    let mut salary: Vec<u32> = Vec::with_capacity(count);
    let mut features: Vec<JobFeatures> = Vec::with_capacity(count);
    let mut posted: Vec<i64> = Vec::with_capacity(count);
    let district = facets.iter().position(|f| f.name == facet_names::DISTRICT);
    // A document's district: its district facet value (what the filter uses), else its view's.
    let mut of_docs: Vec<String> = Vec::with_capacity(count);
    let mut district_keys: Vec<Option<&'a str>> = Vec::with_capacity(count);
    for n in 0..count {
        let d = doc(n);
        for (fi, (seen, seen_keys)) in seen.iter_mut().zip(&mut seen_keys).enumerate() {
            for &k in d.facets.get(fi).map_or(&[][..], Vec::as_slice) {
                values.push(*seen.entry(k).or_insert_with(|| {
                    seen_keys.push(k);
                    seen_keys.len() as u32 - 1
                }));
            }
            ends.push(values.len() as u32);
        }
        salary.push(d.salary_max_monthly);
        posted.push(d.posted_days);
        let district_key = district.and_then(|i| d.facets.get(i)?.first().copied());
        of_docs.push(district_key.unwrap_or(d.view.district.as_str()).to_owned());
        district_keys.push(district_key);
        features.push(match d {
            std::borrow::Cow::Borrowed(d) => d.features.clone(),
            std::borrow::Cow::Owned(d) => d.features,
        });
    }
    drop(seen);
    // Dictionaries: listed values first, then the rest in byte order.
    for (f, seen_keys) in facets.iter_mut().zip(&seen_keys) {
        let known: std::collections::HashSet<&str> = f.values.iter().map(|(k, _)| k.as_str()).collect();
        let extra: std::collections::BTreeSet<&str> = seen_keys.iter().copied().filter(|k| !known.contains(k)).collect();
        f.values.extend(extra.into_iter().map(|k| (k.to_owned(), Vec::new())));
        let limit = if f.kind == FacetKind::Multi { 32 } else { usize::from(u16::MAX) - 1 };
        if f.values.len() > limit {
            return Err(format!("facet `{}` has {} values; at most {limit} are supported", f.name, f.values.len()));
        }
    }
    // Each facet's values by the numbers they were noted by: their places in its dictionary.
    let place: Vec<Vec<usize>> = facets
        .iter()
        .zip(&seen_keys)
        .map(|(f, keys)| {
            let pos: std::collections::HashMap<&str, usize> = f.values.iter().enumerate().map(|(i, (k, _))| (k.as_str(), i)).collect();
            keys.iter().map(|k| pos[k]).collect()
        })
        .collect();
    let mut columns: Vec<Column> = facets
        .iter()
        .map(|f| if f.kind == FacetKind::Single { Column::Single(Vec::with_capacity(count)) } else { Column::Multi(Vec::with_capacity(count)) })
        .collect();
    let mut start = 0;
    for (at, &end) in ends.iter().enumerate() {
        let fi = at % facets.len();
        let mut keys = values[start as usize..end as usize].iter().map(|&v| place[fi][v as usize]);
        match &mut columns[fi] {
            Column::Single(c) => c.push(keys.next().map_or(0, |i| i as u16 + 1)),
            Column::Multi(c) => c.push(keys.fold(0u32, |m, i| m | 1 << i)),
        }
        start = end;
    }
    drop((values, ends));
    let table_of: Vec<Option<usize>> =
        district_keys.iter().map(|k| district.zip(*k).and_then(|(fi, k)| facets[fi].values.iter().position(|v| v.0 == k))).collect();
    drop(district_keys);
    for (fi, column) in columns.into_iter().enumerate() {
        sink(column.encode(names.column_file(fi)))?;
    }
    sink(encode_salary(&salary, names.salary_file()))?;
    drop(salary);
    write_profile(features, of_docs, &posted, &facets, &input.stations, &input.policies, &input.weights, names, &mut sink)?;
    drop(posted);
    let view = |n: usize| match doc(n) {
        std::borrow::Cow::Borrowed(d) => d.view.clone(),
        std::borrow::Cow::Owned(d) => d.view,
    };
    for (i, first) in (0..count).step_by(DOCS_PER_CHUNK).enumerate() {
        let views: Vec<DocView> = (first..(first + DOCS_PER_CHUNK).min(count)).map(view).collect();
        let rows: Vec<(u32, &DocView)> = views.iter().enumerate().map(|(k, v)| ((first + k) as u32, v)).collect();
        sink(encode_docs(&rows, names.chunk_file(i)))?;
    }
    // Each district's result table: its documents' views, for the widget to fetch after the first
    // results so that a new term's results show after one round (issue 14 §4).
    if let Some(fi) = district {
        for v in 0..facets[fi].values.len() {
            let views: Vec<(u32, DocView)> = (0..count).filter(|&n| table_of[n] == Some(v)).map(|n| (n as u32, view(n))).collect();
            let rows: Vec<(u32, &DocView)> = views.iter().map(|(n, v)| (*n, v)).collect();
            sink(encode_docs(&rows, names.table_file(v)))?;
        }
    }
    drop(table_of);
    Ok(facets)
}

/// Writes the word list, the homophone lists and the term shards of `input`'s documents (document n at
/// position `positions[n]`, tokenized in parts of `part_docs`); gives each shard's first term.
fn write_postings(
    input: &IndexInput<'_>,
    positions: &[u32],
    part_docs: usize,
    names: &Manifest,
    sink: &(impl Fn(IndexFile) -> Result<(), String> + Sync),
) -> Result<Vec<String>, String> {
    let n_docs = positions.len();

    // Postings: term frequencies per document (title occurrences weighted), collected as varints by
    // `threads` threads in parts of consecutive documents, then merged in term order: each term's
    // (part, term) entries, parts in order (a stable sort of the parts' sorted runs).
    let parts = collect_parts(input, positions, input.threads, part_docs);
    if let Some(store) = &input.kept_terms {
        store.0.collected();
    }
    let lengths: Vec<u32> = parts.iter().flat_map(|p| p.lengths.iter().copied()).collect();
    let mut locs: Vec<(u32, u32)> = Vec::with_capacity(parts.iter().map(|p| p.terms.len()).sum());
    for (pi, p) in parts.iter().enumerate() {
        locs.extend((0..p.terms.len() as u32).map(|i| (pi as u32, i)));
    }
    let term = |&(p, i): &(u32, u32)| parts[p as usize].term(i);
    locs.sort_by(|a, b| term(a).cmp(term(b)));
    let order = || locs.chunk_by(|a, b| term(a) == term(b)).map(|locs| (term(&locs[0]), locs));

    // BM25 weights (idf once per term), scaled so the largest is 255.
    let n_docs = n_docs.max(1) as f64;
    let avgdl = lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / n_docs;
    let (k1, b) = (1.2, 0.75);
    let norm: Vec<f64> = lengths.iter().map(|&dl| k1 * (1.0 - b + b * f64::from(dl) / avgdl)).collect();
    let idf = |df: u32| (1.0 + (n_docs - f64::from(df) + 0.5) / (f64::from(df) + 0.5)).ln();
    let weight = |idf: f64, tf: u32, d: u32| {
        let tf = f64::from(tf);
        idf * tf * (k1 + 1.0) / (tf + norm[d as usize])
    };
    let mut max = f64::MIN_POSITIVE;
    for (_, locs) in order().filter(|(t, _)| !t.starts_with(ALIAS_MARK)) {
        let (df, postings) = postings_of(&parts, locs);
        let idf = idf(df);
        for (d, tf) in postings {
            max = max.max(weight(idf, tf, d));
        }
    }
    let words = Words { terms: order().filter(|(t, _)| is_word_term(t)).map(|(t, locs)| (t.to_owned(), postings_of(&parts, locs).0)).collect() };
    sink(words.encode(names.words_file()))?;
    sink(input.sounds.encode(names.sounds_file()))?;
    let mut shard_writer = ShardWriter::new();
    let mut firsts: Vec<String> = Vec::new();
    let emit = |(first, bytes): (String, Vec<u8>), firsts: &mut Vec<String>| {
        let name = names.shard_file(firsts.len());
        firsts.push(first);
        sink(IndexFile { name, bytes })
    };
    for (term, locs) in order() {
        let (df, postings) = postings_of(&parts, locs);
        let idf = idf(df);
        // Alias weights may pass the written words' largest: they are cut at 255.
        let quantized: Vec<Posting> = postings.map(|(d, tf)| (d, ((weight(idf, tf, d) / max * 255.0).round().min(255.0) as u8).max(1))).collect();
        if let Some(done) = shard_writer.term(term, quantized.into_iter()) {
            emit(done, &mut firsts)?;
        }
    }
    if let Some(done) = shard_writer.finish() {
        emit(done, &mut firsts)?;
    }

    Ok(firsts)
}

/// Writes the profile file and one match file per district (see [`profile`]): the district facet's
/// values give the districts' order; vacancies without coordinates get their street's middle.
/// `features`, `of_docs` and `posted` are the documents' features, districts (their district facet
/// value, what the filter uses, else their view's) and posting days, in document order.
#[allow(clippy::too_many_arguments)]
fn write_profile(
    mut features: Vec<JobFeatures>,
    of_docs: Vec<String>,
    posted: &[i64],
    facets: &[Facet],
    stations: &[StationEntry],
    policies: &[PolicyEntry],
    weights: &[(String, crate::matching::Weights)],
    names: &Manifest,
    sink: &mut impl FnMut(IndexFile) -> Result<(), String>,
) -> Result<(), String> {
    crate::matching::approximate_locations(&mut features);
    let facet = facets.iter().position(|f| f.name == facet_names::DISTRICT);
    let districts: Vec<String> = match facet {
        Some(i) => facets[i].values.iter().map(|v| v.0.clone()).collect(),
        None => of_docs.iter().cloned().collect::<std::collections::BTreeSet<_>>().into_iter().collect(),
    };
    let pairs: Vec<(&str, &JobFeatures)> = of_docs.iter().map(String::as_str).zip(&features).collect();
    let mut data = profile::vocabularies(&pairs, &districts, stations);
    if data.groups.len() > 32 {
        return Err(format!("vacancies name {} target groups; at most 32 are supported", data.groups.len()));
    }
    data.stations = stations.to_vec();
    data.policies = policies.to_vec();
    data.weights = districts.iter().map(|d| weights.iter().find(|w| &w.0 == d).map(|w| w.1)).collect();
    for (n, district) in districts.iter().enumerate() {
        let mine: Vec<(u32, &JobFeatures, i64)> =
            (0..of_docs.len()).filter(|&i| &of_docs[i] == district).map(|i| (i as u32, &features[i], posted[i])).collect();
        sink(profile::encode_match(&mine, &data, names.match_file(n)))?;
    }
    sink(data.encode(names.profile_file()))
}

mod plan;

#[cfg(test)]
mod robust;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::GeoPoint;

    #[test]
    fn every_file_kind_has_its_own_number() {
        // The kind byte is how a decoder refuses another file's bytes (the word list and the profile once
        // shared 6).
        let mut kinds = [
            KIND_MANIFEST,
            KIND_TERMS,
            KIND_DOCS,
            KIND_COLUMN,
            KIND_SALARY,
            KIND_WORDS,
            profile::KIND_PROFILE,
            profile::KIND_MATCH,
            sounds::KIND_SOUNDS,
        ];
        kinds.sort_unstable();
        let n = kinds.len();
        let mut distinct = kinds.to_vec();
        distinct.dedup();
        assert_eq!(distinct.len(), n, "{kinds:?}");
    }

    /// Every file of `input`'s index, built in parts of `part_docs` documents: by name, the manifest last.
    pub(super) fn files_in_parts(input: IndexInput<'_>, part_docs: usize) -> Vec<IndexFile> {
        let mut files = Vec::new();
        build_in_parts(
            input,
            |f| {
                files.push(f);
                Ok(())
            },
            part_docs,
        )
        .unwrap();
        let BuiltIndex { manifest, mut files } = by_name(files).expect("the manifest comes last");
        files.push(manifest);
        files
    }

    pub(super) fn sample<'a>() -> IndexInput<'a> {
        let doc = |id: &str, title: &'static str, day: i64, facets: Vec<Vec<&'static str>>| DocInput {
            view: DocView {
                id: id.into(),
                url: format!("/tianhe/jobs/{id}/"),
                title: title.into(),
                employer: "广州示例有限公司".into(),
                district: "tianhe".into(),
                locality: "冼村街道".into(),
                salary: Some((200, 260, "DAY".into())),
                work_types: vec!["PER_DIEM".into(), "PART_TIME".into()],
                date: "2026-11-01".into(),
            },
            title,
            body: vec!["负责焊接", "Excel"],
            posted_days: day,
            salary_max_monthly: 5655,
            facets,
            features: JobFeatures {
                skills: vec!["焊工证".into(), "Excel".into()],
                occupation: Some("6-18-02 焊接人员".into()),
                location: (day == 10).then_some(GeoPoint { lat: 23.12345, lon: 113.32101 }),
                place: Some(((if day == 10 { "tianhe" } else { "liwan" }).into(), "冼村街道".into())),
                salary_monthly: Some((4350, 5655)),
                education: Some(crate::vacancy::Education::HighSchool),
                experience_months: 12,
                work_types: vec![crate::vacancy::EmploymentType::PerDiem, crate::vacancy::EmploymentType::PartTime],
                groups: vec!["4050".into()],
                age_days: 99,
                ..JobFeatures::default()
            },
            aliases: if id == "a" { vec!["hangong".into(), "welder".into(), "hangong".into()] } else { Vec::new() },
        };
        let s = |v: &[&'static str]| v.to_vec();
        IndexInput {
            threads: 1,
            languages: vec!["zh-CN".into(), "zh-HK".into(), "en".into()],
            facets: vec![
                Facet {
                    name: "district".into(),
                    kind: FacetKind::Single,
                    values: vec![("tianhe".into(), vec!["天河区".into(), "天河區".into(), "Tianhe".into()])],
                },
                Facet { name: "work_type".into(), kind: FacetKind::Multi, values: vec![("FULL_TIME".into(), Vec::new())] },
            ],
            docs: vec![
                doc("a", "焊工", 10, vec![s(&["tianhe"]), s(&["PER_DIEM", "PART_TIME"])]),
                doc("b", "软件工程师", 12, vec![s(&["liwan"]), s(&[])]),
            ],
            stations: vec![StationEntry {
                district: "tianhe".into(),
                name: "冼村就业驿站".into(),
                kind: "employment-station".into(),
                url: "/tianhe/stations/xiancun/".into(),
                street: "冼村街道".into(),
                location: GeoPoint { lat: 23.1201, lon: 113.3302 },
                hours: vec!["Mo-Fr 09:00-17:30".into()],
            }],
            policies: vec![PolicyEntry {
                district: "tianhe".into(),
                title: "就业困难人员社保补贴".into(),
                url: "/tianhe/policies/difficulty/".into(),
                conditions: crate::eligibility::Conditions {
                    groups: vec!["employment-difficulty".into()],
                    age: Some((18, 60)),
                    residence: vec![crate::eligibility::Residence::Guangzhou],
                    registered_unemployed: Some(true),
                    education: Some(crate::vacancy::Education::HighSchool),
                    employment: vec![crate::eligibility::Employment::Employed],
                    districts: vec!["tianhe".into()],
                },
                benefits: vec![BenefitEntry {
                    kind: "subsidy".into(),
                    name: "社保补贴".into(),
                    amount: Some((1200, true)),
                    per: "month".into(),
                    months: Some(36),
                }],
            }],
            weights: vec![("liwan".into(), crate::matching::Weights::default().with(crate::matching::Part::Group, 0.2))],
            sounds: Sounds {
                syllables: vec![("gong".into(), "工公".into()), ("han".into(), "汉焊".into())],
                words: vec![("hangong".into(), "焊工".into(), 1)],
            },
            made_aliases: None,
            made_docs: None,
            doc_hashes: None,
            kept_terms: None,
        }
    }

    /// Found by the `index_roundtrip` fuzz target: a term sharing a long prefix with the one before it,
    /// near the end of its shard, was refused by the reader ("length out of range": the shared length
    /// was bounded by the bytes left in the file, as a count would be) though the writer made it.
    #[test]
    fn a_long_shared_prefix_at_the_end_of_a_shard_decodes() {
        let long = "i".repeat(80);
        let shard = Shard { terms: vec![(format!("{long}\u{fffd}"), vec![(0, 3)]), (format!("{long}\u{fffd}\u{fffd}"), vec![(1, 2)])] };
        assert_eq!(Shard::decode(&shard.encode()), Ok(shard));
    }

    #[test]
    fn round_trip() {
        let input = sample();
        let built = build(input.clone()).unwrap();
        let m = Manifest::decode(&built.manifest.bytes).unwrap();
        assert_eq!(m.encode(), built.manifest, "manifest re-encodes to the same bytes");
        assert_eq!(m.doc_count, 2);
        assert_eq!(m.languages, ["zh-CN", "zh-HK", "en"]);
        assert_eq!((m.facets[0].label(0, 1), m.facets[0].label(0, 2), m.facets[0].label(1, 2)), ("天河區", "Tianhe", "liwan"));
        assert_eq!(m.facets[1].values.iter().map(|v| v.0.as_str()).collect::<Vec<_>>(), ["FULL_TIME", "PART_TIME", "PER_DIEM"]);
        let file = |name: &str| built.files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} not built")).bytes.clone();
        // Newest first: b (day 12) is document 0.
        assert_eq!(Column::decode(&file(&m.column_file(0))).unwrap(), Column::Single(vec![2, 1]));
        assert_eq!(Column::decode(&file(&m.column_file(1))).unwrap(), Column::Multi(vec![0, 0b110]));
        assert_eq!(decode_salary(&file(&m.salary_file())).unwrap(), [5700, 5700], "salaries are kept in hundreds, rounded up");
        let views = decode_docs(&file(&m.chunk_file(0))).unwrap();
        assert_eq!(views, [input.docs[1].view.clone(), input.docs[0].view.clone()]);
        // One result table per district, holding its documents' views under their numbers.
        let table = |v: usize| DocTable::decode(file(&m.table_file(v))).unwrap();
        assert_eq!(table(0).views().collect::<Vec<_>>(), [(1, input.docs[0].view.clone())], "tianhe: document 1");
        assert_eq!(table(1).views().collect::<Vec<_>>(), [(0, input.docs[1].view.clone())], "liwan: document 0");
        assert!(table(1).has(0) && !table(1).has(1) && table(1).get(1).is_none());
        assert!(built.files.iter().all(|f| !f.name.starts_with("results-") || f.name == m.table_file(0) || f.name == m.table_file(1)));
        // Repeated strings are written once: a table of a document repeated is smaller than twice one.
        let one = encode_docs(&[(0, &input.docs[0].view)], String::new()).bytes.len();
        let two = encode_docs(&[(0, &input.docs[0].view), (5, &input.docs[0].view)], String::new()).bytes.len();
        assert!(two < 2 * one - 40, "{one} {two}");
        let t = DocTable::decode(encode_docs(&[(0, &input.docs[0].view), (5, &input.docs[0].view)], String::new()).bytes).unwrap();
        assert_eq!((t.len(), t.get(5).as_ref(), t.get(4)), (2, Some(&input.docs[0].view), None));
        // The usual URL is left out and made again; any other is kept.
        let elsewhere = DocView { url: "/elsewhere/1/".into(), ..input.docs[0].view.clone() };
        let t = DocTable::decode(encode_docs(&[(3, &elsewhere), (4, &input.docs[0].view)], String::new()).bytes).unwrap();
        assert_eq!((t.get(3).as_ref(), t.get(4).as_ref()), (Some(&elsewhere), Some(&input.docs[0].view)));
        assert!(!encode_docs(&[(4, &input.docs[0].view)], String::new()).bytes.windows(6).any(|w| w == b"/jobs/"));
        let shard = Shard::decode(&file(&m.shard_file(0))).unwrap();
        assert_eq!(shard.encode(), file(&m.shard_file(0)));
        assert_eq!(m.shards[0], shard.terms[0].0);
        let docs_of = |t: &str| shard.get(t).unwrap().iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(docs_of("焊工"), [1], "only a's title has 焊工");
        assert_eq!(docs_of("焊"), [0, 1], "both bodies have 焊接");
        assert!(shard.get("焊").unwrap()[1].1 > shard.get("焊").unwrap()[0].1, "a also has 焊 in its title (the title boost)");
    }

    #[test]
    fn aliases_are_marked_terms_and_the_word_list_holds_every_latin_term() {
        let input = sample();
        let built = build(input.clone()).unwrap();
        let without =
            build(IndexInput { docs: input.docs.iter().map(|d| DocInput { aliases: Vec::new(), ..d.clone() }).collect(), ..input }).unwrap();
        let m = Manifest::decode(&built.manifest.bytes).unwrap();
        let file = |b: &BuiltIndex, name: &str| b.files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} not built")).bytes.clone();
        let words = Words::decode(&file(&built, &m.words_file())).unwrap();
        assert_eq!(words.encode(m.words_file()).bytes, file(&built, &m.words_file()), "re-encodes to the same bytes");
        assert_eq!(words.terms, [("excel".to_owned(), 2), ("~hangong".to_owned(), 1), ("~welder".to_owned(), 1)]);
        assert!(words.has("welder", false) && words.has("hang", true) && words.has("exc", true));
        assert!(!words.has("weld", false) && !words.has("焊", true));
        let shard = Shard::decode(&file(&built, &m.shard_file(0))).unwrap();
        assert_eq!(shard.get("~hangong").unwrap(), [(1, 255)], "document a, the title's weight (cut at 255), counted once");
        assert!(shard.get("hangong").is_none(), "an alias is not a written word");
        // The written words' impacts do not change with aliases.
        let m0 = Manifest::decode(&without.manifest.bytes).unwrap();
        let plain = Shard::decode(&file(&without, &m0.shard_file(0))).unwrap();
        for (term, postings) in &plain.terms {
            assert_eq!(shard.get(term), Some(postings.as_slice()), "{term}");
        }
    }

    #[test]
    fn made_aliases_build_the_index_listed_ones_build() {
        // Enough documents for several tokenizing threads, posting days with ties (the writer's order
        // is not the input's), each with its own aliases: some listed, the rest made by position.
        let base = sample().docs[0].clone();
        let letters = |n: usize| n.to_string().bytes().map(|b| char::from(b'a' + b - b'0')).collect::<String>();
        let all: Vec<Vec<String>> = (0..2500)
            .map(|i| {
                (0..i % 4)
                    .map(|k| format!("alias{} word{}", letters((i * 7 + k) % 300), letters(k)))
                    .chain([format!("pin{}", letters(i % 50))])
                    .collect()
            })
            .collect();
        let ids: Vec<String> = (0..2500).map(|i| format!("v{:04}", (i * 37) % 2500)).collect();
        let doc = |i: usize, aliases: Vec<String>| DocInput {
            view: DocView { id: ids[i].clone(), ..base.view.clone() },
            posted_days: 20_000 + (i as i64 * 13) % 17,
            aliases,
            ..base.clone()
        };
        let listed = IndexInput { threads: 3, docs: (0..all.len()).map(|i| doc(i, all[i].clone())).collect(), ..sample() };
        let made = IndexInput {
            docs: (0..all.len()).map(|i| doc(i, all[i][..all[i].len() / 2].to_vec())).collect(),
            made_aliases: Some(MadeAliases(std::sync::Arc::new(|i, out: &mut dyn FnMut(&str)| {
                all[i][all[i].len() / 2..].iter().for_each(|a| out(a));
            }))),
            ..listed.clone()
        };
        let none = IndexInput { docs: (0..all.len()).map(|i| doc(i, Vec::new())).collect(), ..listed.clone() };
        assert_eq!(generation(&made), generation(&listed));
        assert_ne!(generation(&none), generation(&listed), "the aliases are in the generation");
        let (a, b, c) = (build(listed).unwrap(), build(made).unwrap(), build(none).unwrap());
        assert_eq!(a.manifest, b.manifest);
        assert_eq!(a.files, b.files, "every file, byte for byte");
        let m = Manifest::decode(&b.manifest.bytes).unwrap();
        let words = Words::decode(&b.files.iter().find(|f| f.name == m.words_file()).unwrap().bytes).unwrap();
        assert!(words.terms.iter().any(|t| t.0 == "~pinej") && words.terms.iter().any(|t| t.0 == "~aliascjj"), "made aliases are indexed");
        assert_ne!(c.files, b.files);
    }

    #[test]
    fn parts_threads_and_made_documents_do_not_change_a_byte() {
        // Terms in every part, in some parts only, in one document; ties in the posting days.
        let words = ["焊工", "电工 java", "excel 普工", "软件工程师", "食宿 spring boot", "销售代表", "plc"];
        let base = sample().docs[0].clone();
        let ids: Vec<String> = (0..2000).map(|i| format!("v{:04}", (i * 37) % 2000)).collect();
        let docs: Vec<DocInput<'_>> = (0..2000)
            .map(|i| DocInput {
                view: DocView { id: ids[i].clone(), ..base.view.clone() },
                title: words[i % 7],
                body: if i % 500 == 3 { vec![ids[i].as_str()] } else { vec![words[(i * 3) % 7], words[(i / 300) % 7]] },
                posted_days: 20_000 + (i as i64 * 13) % 17,
                aliases: vec![format!("pin{}", i % 13)],
                ..base.clone()
            })
            .collect();
        let built = |threads: usize, part_docs: usize| files_in_parts(IndexInput { threads, docs: docs.clone(), ..sample() }, part_docs);
        let whole = built(1, usize::MAX);
        assert!(whole.len() > 10);
        for (threads, part_docs) in [(1, 1), (1, 7), (3, 64), (3, 999), (2, PART_DOCS)] {
            assert!(built(threads, part_docs) == whole, "{threads} threads, parts of {part_docs}: every file, byte for byte");
        }
        // The same documents, the first 700 listed and the rest made as the writer reads them.
        let listed = IndexInput { threads: 3, docs: docs.clone(), ..sample() };
        let rest = docs[700..].to_vec();
        let made = IndexInput {
            docs: docs[..700].to_vec(),
            made_docs: Some(MadeDocs { count: rest.len(), make: std::sync::Arc::new(move |i| rest[i].clone()), order: None }),
            ..listed.clone()
        };
        assert_eq!(made.doc_count(), 2000);
        assert_eq!(generation(&made), generation(&listed));
        // Numbered by their order, not made for it (in a debug build, `numbered` checks it is theirs).
        let of = &docs[700..];
        let order: std::sync::Arc<DocOrder<'_>> = std::sync::Arc::new(move |i| (of[i].posted_days, of[i].view.id.as_str()));
        let ordered = IndexInput { made_docs: made.made_docs.clone().map(|m| MadeDocs { order: Some(order), ..m }), ..made.clone() };
        assert_eq!(numbered(&ordered), numbered(&listed));
        let (a, b, c) = (build(listed).unwrap(), build(made).unwrap(), build(ordered).unwrap());
        assert!(a.manifest == b.manifest && a.files == b.files, "made documents: every file, byte for byte");
        assert!(a.manifest == c.manifest && a.files == c.files, "made documents with their order: every file, byte for byte");
    }

    #[test]
    fn near_words_are_one_edit_away_or_two_from_eight_letters_closest_and_most_frequent_first() {
        let w = |t: &[(&str, u32)]| Words { terms: t.iter().map(|(t, d)| ((*t).to_owned(), *d)).collect() };
        let words = w(&[("excel", 9), ("excels", 1), ("java", 5), ("javan", 1), ("javascript", 4), ("~hangong", 3), ("~java", 2)]);
        assert_eq!(words.near("javaa"), ["java", "javan"], "both one edit; java more frequent; ~java is java again");
        assert_eq!(words.near("exel"), ["excel"]);
        assert_eq!(words.near("excell"), ["excel", "excels"], "both one edit: the more frequent first");
        assert_eq!(words.near("hangogn"), ["~hangong"], "a swap of neighbours is one edit; aliases too");
        assert_eq!(words.near("javscrpt"), ["javascript"], "eight letters: two edits");
        assert!(words.near("jxvx").is_empty(), "four letters: one edit only (jxvx is two from java)");
        assert!(words.near("jav").is_empty(), "fewer than four letters are not corrected");
        assert_eq!(words.near("java"), ["javan"], "a word is not its own correction (the search asks only for words no term is)");
        // The last terms share a prefix longer than the bytes left after it.
        let long = w(&[("dianhangong", 1), ("dianhangongren", 1)]);
        assert_eq!(Words::decode(&long.encode("w".into()).bytes).unwrap(), long);
    }

    #[test]
    fn profile_and_match_files_round_trip() {
        let input = sample();
        let built = build(input.clone()).unwrap();
        let m = Manifest::decode(&built.manifest.bytes).unwrap();
        let file = |name: &str| built.files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name} not built")).bytes.clone();
        let p = ProfileData::decode(&file(&m.profile_file())).unwrap();
        assert_eq!(p.encode(m.profile_file()).bytes, file(&m.profile_file()), "re-encodes to the same bytes");
        assert_eq!(p.districts, ["tianhe", "liwan"], "the district facet's order");
        assert_eq!(p.skills, [("焊工证".to_owned(), 2), ("Excel".to_owned(), 2)]);
        assert_eq!((p.occupations.as_slice(), p.groups.as_slice()), (&["6-18-02 焊接人员".to_owned()][..], &["4050".to_owned()][..]));
        assert_eq!((p.stations.clone(), p.policies.clone()), (input.stations.clone(), input.policies.clone()));
        assert_eq!(p.weights, [None, Some(input.weights[0].1)], "liwan's own weights; tianhe the defaults");
        // Document a (tianhe, day 10) is number 1; b (liwan) number 0 and has no coordinates.
        let tianhe = decode_match(&file(&m.match_file(0)), &p, 20).unwrap();
        let liwan = decode_match(&file(&m.match_file(1)), &p, 20).unwrap();
        assert_eq!((tianhe.len(), liwan.len(), tianhe[0].0, liwan[0].0), (1, 1, 1, 0));
        let mut expected = JobFeatures { age_days: 10, place: None, ..input.docs[0].features.clone() };
        expected.work_types.sort_by_key(|t| crate::vacancy::EmploymentType::ALL.iter().position(|x| x == t));
        assert_eq!(tianhe[0].1, expected, "every feature survives; the age counts from the day asked");
        assert_eq!((liwan[0].1.location, liwan[0].1.age_days), (None, 8), "a street with no coordinates in its district stays unknown");
        // The places: 冼村街道 in tianhe from its vacancy; in liwan from nothing (left out).
        assert_eq!(
            p.places,
            [Place { district: "tianhe".into(), locality: "冼村街道".into(), location: GeoPoint { lat: 23.12345, lon: 113.32101 } }]
        );
        assert!(decode_match(&file(&m.profile_file()), &p, 0).unwrap_err().0.contains("kind"));
    }

    #[test]
    fn the_generation_is_the_same_on_any_number_of_threads() {
        let base = sample().docs[0].clone();
        let docs: Vec<DocInput> = (0..50)
            .map(|i| DocInput {
                view: DocView { id: format!("v{:02}", (i * 17) % 50), ..base.view.clone() },
                posted_days: 20_000 + (i as i64 % 4),
                aliases: vec![format!("pin{}", i % 5)],
                ..base.clone()
            })
            .collect();
        let one = IndexInput { threads: 1, docs: docs.clone(), ..sample() };
        let want = generation(&one);
        let rest = docs[20..].to_vec();
        let made_rest = MadeDocs { count: rest.len(), make: std::sync::Arc::new(move |i| rest[i].clone()), order: None };
        for threads in [0, 2, 3, 7, 49, 50, 64] {
            let listed = IndexInput { threads, ..one.clone() };
            assert_eq!(generation(&listed), want, "{threads} threads");
            let made = IndexInput { docs: docs[..20].to_vec(), made_docs: Some(made_rest.clone()), ..listed };
            assert_eq!(generation(&made), want, "{threads} threads, 30 documents made");
        }
        let empty = IndexInput { threads: 3, docs: Vec::new(), ..sample() };
        assert_eq!(generation(&empty), generation(&IndexInput { threads: 1, ..empty.clone() }), "no documents");
        let fewer = IndexInput { docs: docs[1..].to_vec(), ..one.clone() };
        assert_ne!(generation(&fewer), want);
        // The documents' hashes handed over (as sitegen keeps them between builds) give the same
        // generation without reading a document; hashes of other documents give another.
        let hashes: std::sync::Arc<[u64]> = (0..docs.len()).map(|p| doc_hash(&one, p)).collect();
        let kept = IndexInput { doc_hashes: Some(hashes.clone()), made_aliases: None, ..one.clone() };
        assert_eq!(generation(&kept), want);
        let no_docs = IndexInput {
            docs: Vec::new(),
            made_docs: Some(MadeDocs { count: docs.len(), make: std::sync::Arc::new(|_| unreachable!("no document is made")), order: None }),
            doc_hashes: Some(hashes.clone()),
            ..one.clone()
        };
        assert_eq!(generation(&no_docs), want);
        let mut other: Vec<u64> = hashes.to_vec();
        other[7] ^= 1;
        assert_ne!(generation(&IndexInput { doc_hashes: Some(other.into()), ..one }), want);
    }

    #[test]
    fn names_are_content_hashes_and_builds_are_deterministic() {
        let a = build(sample()).unwrap();
        let mut reversed = sample();
        reversed.docs.reverse();
        let b = build(reversed).unwrap();
        assert_eq!(a.manifest, b.manifest, "input order does not matter");
        assert_eq!(a.files, b.files);
        let m = Manifest::decode(&a.manifest.bytes).unwrap();
        assert_eq!(a.manifest.name, manifest_file(m.generation));
        assert_eq!(m.generation, generation(&sample()), "pages can know the name before the build");
        assert!(a.files.iter().all(|f| f.name.contains(&format!("-{:016x}", m.generation))));
        let names = |b: &BuiltIndex| b.files.iter().map(|f| f.name.clone()).collect::<std::collections::HashSet<_>>();
        let mut changes = vec![sample(), sample(), sample(), sample()];
        changes[0].docs[0].view.employer.push('!');
        changes[1].docs[0].features.skills.push("PLC".into());
        changes[2].stations[0].hours[0].push_str(",18:00-20:00");
        changes[3].policies[0].benefits[0].months = Some(24);
        for changed in changes {
            let c = build(changed).unwrap();
            assert!(names(&a).is_disjoint(&names(&c)), "any change renames every file");
            assert_ne!(a.manifest.name, c.manifest.name);
        }
    }

    #[test]
    fn corrupt_or_foreign_files_are_refused_with_a_reason() {
        let built = build(sample()).unwrap();
        let mut bytes = built.manifest.bytes.clone();
        assert!(Manifest::decode(&bytes[..bytes.len() - 3]).is_err());
        bytes[5] = 9; // version
        assert_eq!(Manifest::decode(&bytes).unwrap_err().0, format!("format version 9, this reader knows {FORMAT_VERSION}"));
        assert!(Manifest::decode(b"<!doctype html>").unwrap_err().0.contains("not a Quanyu index"));
        assert!(Shard::decode(&built.manifest.bytes).unwrap_err().0.contains("kind"));
    }

    #[test]
    fn bands() {
        assert_eq!(salary_band(2000, 2500), "lt3k");
        assert_eq!(salary_band(4000, 6000), "5k-8k");
        assert_eq!(salary_band(30000, 50000), "20k+");
        assert_eq!(experience_band(None), "none");
        assert_eq!(experience_band(Some(6)), "lt1y");
        assert_eq!(experience_band(Some(36)), "3-5y");
        assert_eq!(experience_band(Some(120)), "5y+");
    }
}
