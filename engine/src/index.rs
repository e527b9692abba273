//! The search index: one definition of its format, used by the writer (`sitegen`) and the reader (the
//! widget), so the two can never disagree.
//!
//! Format version [`FORMAT_VERSION`]. A build writes one small *manifest* plus three kinds of files, all
//! named by a hash of their bytes so a CDN may cache them forever (`sitegen` gzips each file):
//!
//! - `terms-<hash>.qy`: a *term shard*: a run of terms in byte order with their postings. Shards are cut
//!   at about [`SHARD_TARGET`] bytes; the manifest keeps each shard's first term, so the reader fetches
//!   only the shards holding the terms of a query (a prefix may span neighbouring shards).
//! - `docs-<hash>.qy`: a *document chunk*: what a result shows (title, employer, place, salary, work
//!   types, date, URL) for [`DOCS_PER_CHUNK`] consecutive documents; fetched for the results on screen.
//! - `facets-<hash>.qy`: the facet values of every document, column by column, plus the monthly salary
//!   used for sorting; fetched once, it makes facet counts and filters local and instant.
//!
//! Documents are numbered newest first (date posted descending, then identifier), so "newest" is the
//! document order and ties in relevance go to the newer vacancy by comparing numbers.
//!
//! Encoding: every file starts with [`MAGIC`], a one-byte kind and the format version (varint); integers
//! are LEB128 varints, strings a varint byte length and UTF-8. A term's postings are its document
//! frequency then (document-number delta, impact byte) pairs. The impact is the term's BM25 weight in that
//! document (k1 = 1.2, b = 0.75; title occurrences count [`TITLE_WEIGHT`] times, which is the title
//! boost), scaled so the largest in the index is 255; a query's score is the sum of its terms' impacts.

use crate::tokenize;

/// Version of the format; bumped on any incompatible change (the reader refuses other versions).
pub const FORMAT_VERSION: u32 = 1;
/// First bytes of every index file.
pub const MAGIC: &[u8; 4] = b"QYIX";
/// Target uncompressed size of a term shard, in bytes.
pub const SHARD_TARGET: usize = 24 * 1024;
/// Documents per document chunk.
pub const DOCS_PER_CHUNK: usize = 64;
/// How many times a title occurrence of a term counts (the title boost).
pub const TITLE_WEIGHT: u32 = 3;

const KIND_MANIFEST: u8 = 1;
const KIND_TERMS: u8 = 2;
const KIND_DOCS: u8 = 3;
const KIND_FACETS: u8 = 4;

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

/// The writer's input for one document.
#[derive(Debug, Clone, Default)]
pub struct DocInput {
    /// What results show.
    pub view: DocView,
    /// Title text (indexed with the title boost).
    pub title: String,
    /// Other searchable text: employer, skills, occupation, industry, place, description.
    pub body: String,
    /// Days since 1970-01-01 of the posting date (newer first).
    pub posted_days: i64,
    /// Highest monthly salary (0 if none), for sorting by salary.
    pub salary_max_monthly: u32,
    /// Facet values: for each facet of [`IndexInput::facets`], the keys this document has.
    pub facets: Vec<Vec<String>>,
}

/// Everything the writer needs.
#[derive(Debug, Clone, Default)]
pub struct IndexInput {
    /// Languages of the facet labels.
    pub languages: Vec<String>,
    /// Facets, with the values to list first (in order); keys found in documents but not listed are
    /// appended in byte order, labelled by their key.
    pub facets: Vec<Facet>,
    /// The documents, in any order.
    pub docs: Vec<DocInput>,
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
    fn finish(self, prefix: &str) -> IndexFile {
        IndexFile { name: format!("{prefix}-{:016x}.qy", fnv1a(&self.0)), bytes: self.0 }
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

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn open(bytes: &'a [u8], kind: u8) -> Result<Reader<'a>, FormatError> {
        if bytes.len() < 5 || &bytes[..4] != MAGIC {
            return Err(FormatError("not a Quanyu index file".into()));
        }
        if bytes[4] != kind {
            return Err(FormatError(format!("expected file kind {kind}, found {}", bytes[4])));
        }
        let mut r = Reader { bytes, pos: 5 };
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
    fn str(&mut self) -> Result<String, FormatError> {
        let n = self.len()?;
        let s = self.raw(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| FormatError("invalid UTF-8".into()))
    }
    fn end(&self) -> Result<(), FormatError> {
        if self.pos == self.bytes.len() { Ok(()) } else { Err(FormatError("trailing bytes".into())) }
    }
}

// ---------------------------------------------------------------------------------------------------
// Manifest

/// The manifest: facets with their dictionaries, and the names of every other file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Languages of the facet labels (`zh-CN`, `zh-HK`, `en`).
    pub languages: Vec<String>,
    /// Number of documents.
    pub doc_count: u32,
    /// Documents per chunk.
    pub docs_per_chunk: u32,
    /// Facets and their dictionaries.
    pub facets: Vec<Facet>,
    /// File name of the facet columns.
    pub facets_file: String,
    /// File names of the document chunks, in document order.
    pub doc_chunks: Vec<String>,
    /// Term shards: (first term, file name), in term order.
    pub shards: Vec<(String, String)>,
}

impl Manifest {
    /// Encodes the manifest.
    pub fn encode(&self) -> IndexFile {
        let mut w = Writer::new(KIND_MANIFEST);
        w.uint(self.languages.len() as u64);
        self.languages.iter().for_each(|l| w.str(l));
        w.uint(u64::from(self.doc_count));
        w.uint(u64::from(self.docs_per_chunk));
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
        w.str(&self.facets_file);
        w.uint(self.doc_chunks.len() as u64);
        for c in &self.doc_chunks {
            w.str(c);
        }
        w.uint(self.shards.len() as u64);
        for (first, name) in &self.shards {
            w.str(first);
            w.str(name);
        }
        w.finish("index")
    }

    /// Decodes a manifest.
    pub fn decode(bytes: &[u8]) -> Result<Manifest, FormatError> {
        let mut r = Reader::open(bytes, KIND_MANIFEST)?;
        let languages = (0..r.len()?).map(|_| r.str()).collect::<Result<_, _>>()?;
        let doc_count = r.u32()?;
        let docs_per_chunk = r.u32()?.max(1);
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
        let facets_file = r.str()?;
        let doc_chunks = (0..r.len()?).map(|_| r.str()).collect::<Result<_, _>>()?;
        let shards = (0..r.len()?).map(|_| Ok((r.str()?, r.str()?))).collect::<Result<_, FormatError>>()?;
        r.end()?;
        Ok(Manifest { languages, doc_count, docs_per_chunk, facets, facets_file, doc_chunks, shards })
    }

    /// The shard that would hold `term`: the last whose first term is not after it.
    pub fn shard_for(&self, term: &str) -> Option<usize> {
        match self.shards.partition_point(|(first, _)| first.as_str() <= term) {
            0 => None,
            i => Some(i - 1),
        }
    }

    /// The shards that may hold terms starting with `prefix` (a contiguous range).
    pub fn shards_for_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.shard_for(prefix).unwrap_or(0);
        let end = start + 1 + self.shards[(start + 1).min(self.shards.len())..].iter().take_while(|(first, _)| first.starts_with(prefix)).count();
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

impl Shard {
    fn encode(&self) -> IndexFile {
        let mut w = Writer::new(KIND_TERMS);
        w.uint(self.terms.len() as u64);
        let mut prev: &str = "";
        for (term, postings) in &self.terms {
            let shared = common_prefix(prev, term);
            w.uint(shared as u64);
            w.str(&term[shared..]);
            w.uint(postings.len() as u64);
            let mut last = 0u32;
            for (i, &(doc, impact)) in postings.iter().enumerate() {
                w.uint(u64::from(if i == 0 { doc } else { doc - last }));
                w.0.push(impact);
                last = doc;
            }
            prev = term;
        }
        w.finish("terms")
    }

    /// Decodes a shard.
    pub fn decode(bytes: &[u8]) -> Result<Shard, FormatError> {
        let mut r = Reader::open(bytes, KIND_TERMS)?;
        let n = r.len()?;
        let mut terms: Vec<(String, Vec<Posting>)> = Vec::with_capacity(n);
        let mut prev = String::new();
        for _ in 0..n {
            let shared = r.len()?;
            let suffix = r.str()?;
            let mut term = prev.get(..shared).ok_or_else(|| FormatError("bad term prefix".into()))?.to_owned();
            term.push_str(&suffix);
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
// Document chunks

/// Encodes a chunk of document views.
fn encode_docs(docs: &[DocView]) -> IndexFile {
    let mut w = Writer::new(KIND_DOCS);
    w.uint(docs.len() as u64);
    for d in docs {
        for s in [&d.id, &d.url, &d.title, &d.employer, &d.district, &d.locality, &d.date] {
            w.str(s);
        }
        match &d.salary {
            None => w.uint(0),
            Some((min, max, unit)) => {
                w.uint(1);
                w.uint(u64::from(*min));
                w.uint(u64::from(*max));
                w.str(unit);
            }
        }
        w.uint(d.work_types.len() as u64);
        for t in &d.work_types {
            w.str(t);
        }
    }
    w.finish("docs")
}

/// Decodes a document chunk.
pub fn decode_docs(bytes: &[u8]) -> Result<Vec<DocView>, FormatError> {
    let mut r = Reader::open(bytes, KIND_DOCS)?;
    let n = r.len()?;
    let mut out = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        let (id, url, title, employer, district, locality, date) = (r.str()?, r.str()?, r.str()?, r.str()?, r.str()?, r.str()?, r.str()?);
        let salary = match r.uint()? {
            0 => None,
            _ => Some((r.u32()?, r.u32()?, r.str()?)),
        };
        let work_types = (0..r.len()?).map(|_| r.str()).collect::<Result<_, _>>()?;
        out.push(DocView { id, url, title, employer, district, locality, salary, work_types, date });
    }
    r.end()?;
    Ok(out)
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

/// The facet columns and the sort keys of every document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Columns {
    /// One column per facet of the manifest, in its order.
    pub facets: Vec<Column>,
    /// Highest monthly salary per document (0 if none), for sorting by salary.
    pub salary: Vec<u32>,
}

impl Columns {
    fn encode(&self) -> IndexFile {
        let mut w = Writer::new(KIND_FACETS);
        w.uint(self.salary.len() as u64);
        w.uint(self.facets.len() as u64);
        for c in &self.facets {
            match c {
                Column::Single(v) => {
                    w.uint(0);
                    v.iter().for_each(|&x| w.uint(u64::from(x)));
                }
                Column::Multi(v) => {
                    w.uint(1);
                    v.iter().for_each(|&x| w.uint(u64::from(x)));
                }
            }
        }
        // Salaries in hundreds of CNY: the sort needs no more precision, and the column shrinks.
        self.salary.iter().for_each(|&s| w.uint(u64::from(s.div_ceil(100))));
        w.finish("facets")
    }

    /// Decodes the facet columns.
    pub fn decode(bytes: &[u8]) -> Result<Columns, FormatError> {
        let mut r = Reader::open(bytes, KIND_FACETS)?;
        let n = r.len()?;
        let mut facets = Vec::new();
        for _ in 0..r.len()? {
            let kind = r.uint()?;
            facets.push(match kind {
                0 => Column::Single(
                    (0..n)
                        .map(|_| r.u32().and_then(|v| u16::try_from(v).map_err(|_| FormatError("value out of range".into()))))
                        .collect::<Result<_, _>>()?,
                ),
                1 => Column::Multi((0..n).map(|_| r.u32()).collect::<Result<_, _>>()?),
                k => return Err(FormatError(format!("unknown column kind {k}"))),
            });
        }
        let salary = (0..n).map(|_| r.u32().map(|s| s.saturating_mul(100))).collect::<Result<_, _>>()?;
        r.end()?;
        Ok(Columns { facets, salary })
    }
}

// ---------------------------------------------------------------------------------------------------
// Writer

/// Builds the index of `input`.
///
/// Errors name the facet when a multi-valued facet has more than 32 values or a single-valued one more
/// than 65,535.
pub fn build(mut input: IndexInput) -> Result<BuiltIndex, String> {
    // Newest first; the identifier breaks ties so the order never depends on the input's order.
    input.docs.sort_by(|a, b| b.posted_days.cmp(&a.posted_days).then_with(|| a.view.id.cmp(&b.view.id)));
    let docs = &input.docs;

    // Dictionaries: listed values first, then the rest in byte order.
    let mut facets = input.facets.clone();
    for (fi, f) in facets.iter_mut().enumerate() {
        let mut extra: Vec<&String> =
            docs.iter().flat_map(|d| d.facets.get(fi).into_iter().flatten()).filter(|k| !f.values.iter().any(|(v, _)| v == *k)).collect();
        extra.sort();
        extra.dedup();
        f.values.extend(extra.into_iter().map(|k| (k.clone(), Vec::new())));
        let limit = if f.kind == FacetKind::Multi { 32 } else { usize::from(u16::MAX) - 1 };
        if f.values.len() > limit {
            return Err(format!("facet `{}` has {} values; at most {limit} are supported", f.name, f.values.len()));
        }
    }
    let columns = Columns {
        facets: facets
            .iter()
            .enumerate()
            .map(|(fi, f)| {
                let pos = |k: &String| f.values.iter().position(|(v, _)| v == k).expect("dictionary holds every key");
                let keys = |d: &DocInput| d.facets.get(fi).map_or(&[][..], Vec::as_slice).iter().map(pos).collect::<Vec<usize>>();
                match f.kind {
                    FacetKind::Single => Column::Single(docs.iter().map(|d| keys(d).first().map_or(0, |&i| i as u16 + 1)).collect()),
                    FacetKind::Multi => Column::Multi(docs.iter().map(|d| keys(d).iter().fold(0u32, |m, &i| m | 1 << i)).collect()),
                }
            })
            .collect(),
        salary: docs.iter().map(|d| d.salary_max_monthly).collect(),
    };

    // Term frequencies per document (title occurrences weighted), document lengths, BM25.
    let mut postings: std::collections::BTreeMap<String, Vec<(u32, u32)>> = std::collections::BTreeMap::new();
    let mut lengths = Vec::with_capacity(docs.len());
    for (n, d) in docs.iter().enumerate() {
        let mut tf: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut len = 0u32;
        for t in tokenize::index_terms(&d.title) {
            *tf.entry(t).or_default() += TITLE_WEIGHT;
            len += TITLE_WEIGHT;
        }
        for t in tokenize::index_terms(&d.body) {
            *tf.entry(t).or_default() += 1;
            len += 1;
        }
        lengths.push(len.max(1));
        for (t, f) in tf {
            postings.entry(t).or_default().push((n as u32, f));
        }
    }
    let n_docs = docs.len().max(1) as f64;
    let avgdl = lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / n_docs;
    let (k1, b) = (1.2, 0.75);
    let weight = |df: usize, tf: u32, dl: u32| {
        let idf = (1.0 + (n_docs - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
        let tf = f64::from(tf);
        idf * tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * f64::from(dl) / avgdl))
    };
    let lengths = &lengths;
    let max = postings
        .values()
        .flat_map(|p| p.iter().map(move |&(d, tf)| weight(p.len(), tf, lengths[d as usize])))
        .fold(0.0f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut shards: Vec<Shard> = vec![Shard::default()];
    let mut size = 0usize;
    for (term, list) in postings {
        let df = list.len();
        let quantized: Vec<Posting> =
            list.iter().map(|&(d, tf)| (d, ((weight(df, tf, lengths[d as usize]) / max * 255.0).round() as u8).max(1))).collect();
        let bytes = term.len() + 2 + quantized.len() * 3;
        if size > 0 && size + bytes > SHARD_TARGET {
            shards.push(Shard::default());
            size = 0;
        }
        size += bytes;
        shards.last_mut().expect("at least one shard").terms.push((term, quantized));
    }

    let mut files = Vec::new();
    let facets_file = columns.encode();
    let views: Vec<DocView> = docs.iter().map(|d| d.view.clone()).collect();
    let doc_chunks: Vec<IndexFile> = views.chunks(DOCS_PER_CHUNK).map(encode_docs).collect();
    let shard_files: Vec<(String, IndexFile)> = shards.iter().filter(|s| !s.terms.is_empty()).map(|s| (s.terms[0].0.clone(), s.encode())).collect();
    let manifest = Manifest {
        languages: input.languages.clone(),
        doc_count: docs.len() as u32,
        docs_per_chunk: DOCS_PER_CHUNK as u32,
        facets,
        facets_file: facets_file.name.clone(),
        doc_chunks: doc_chunks.iter().map(|f| f.name.clone()).collect(),
        shards: shard_files.iter().map(|(first, f)| (first.clone(), f.name.clone())).collect(),
    };
    files.push(facets_file);
    files.extend(doc_chunks);
    files.extend(shard_files.into_iter().map(|(_, f)| f));
    Ok(BuiltIndex { manifest: manifest.encode(), files })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> IndexInput {
        let doc = |id: &str, title: &str, day: i64, facets: Vec<Vec<String>>| DocInput {
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
            title: title.into(),
            body: "负责焊接 Excel".into(),
            posted_days: day,
            salary_max_monthly: 5655,
            facets,
        };
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        IndexInput {
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
        }
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
        let file = |name: &str| built.files.iter().find(|f| f.name == name).unwrap().bytes.clone();
        let cols = Columns::decode(&file(&m.facets_file)).unwrap();
        // Newest first: b (day 12) is document 0.
        assert_eq!(cols.facets[0], Column::Single(vec![2, 1]));
        assert_eq!(cols.facets[1], Column::Multi(vec![0, 0b110]));
        assert_eq!(cols.salary, [5700, 5700], "salaries are kept in hundreds, rounded up");
        let views = decode_docs(&file(&m.doc_chunks[0])).unwrap();
        assert_eq!(views, [input.docs[1].view.clone(), input.docs[0].view.clone()]);
        let shard = Shard::decode(&file(&m.shards[0].1)).unwrap();
        assert_eq!(shard.encode().bytes, file(&m.shards[0].1));
        let docs_of = |t: &str| shard.get(t).unwrap().iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(docs_of("焊工"), [1], "only a's title has 焊工");
        assert_eq!(docs_of("焊"), [0, 1], "both bodies have 焊接");
        assert!(shard.get("焊").unwrap()[1].1 > shard.get("焊").unwrap()[0].1, "a also has 焊 in its title (the title boost)");
    }

    #[test]
    fn names_are_content_hashes_and_builds_are_deterministic() {
        let a = build(sample()).unwrap();
        let mut reversed = sample();
        reversed.docs.reverse();
        let b = build(reversed).unwrap();
        assert_eq!(a.manifest, b.manifest, "input order does not matter");
        assert_eq!(a.files, b.files);
        for f in a.files.iter().chain([&a.manifest]) {
            assert!(f.name.ends_with(&format!("-{:016x}.qy", fnv1a(&f.bytes))), "{}", f.name);
        }
    }

    #[test]
    fn corrupt_or_foreign_files_are_refused_with_a_reason() {
        let built = build(sample()).unwrap();
        let mut bytes = built.manifest.bytes.clone();
        assert!(Manifest::decode(&bytes[..bytes.len() - 3]).is_err());
        bytes[5] = 9; // version
        assert_eq!(Manifest::decode(&bytes).unwrap_err().0, "format version 9, this reader knows 1");
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
