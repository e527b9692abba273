//! Writes the search index the widget reads (format and writer in `engine::index`): this module only
//! maps vacancies (and, for matching, stations and policies) to the writer's input, gzips each file and
//! writes it under `search/`.
//!
//! Files are gzipped by the build (deterministically: no time stamp, fixed level) so every host and CDN
//! serves them small, whatever its compression settings; the widget inflates them with the browser's
//! `DecompressionStream`. Their names carry a hash of their uncompressed bytes, so they may be cached
//! forever; only the manifest's name changes the pages that point to it. With the build cache, a file
//! whose uncompressed bytes an earlier build already compressed is carried over from the cache instead
//! of compressed again ([`crate::output::cache::Cache::carry_file`]).

use std::collections::HashMap;
use std::io::Write;

use engine::index::{
    self, BenefitEntry, DocInput, DocView, Facet, FacetKind, IndexInput, MadeAliases, MadeDocs, PolicyEntry, StationEntry, facet_names as names,
};
use engine::matching::{self, GeoPoint};
use engine::vacancy::{Education, EmploymentType, Vacancy};

use crate::error::Error;
use crate::model::Content;
use crate::output::Staging;
use crate::output::cache::{Cache, DocKey};
use crate::output::keys::FieldDigest;
use crate::urls;

/// Folder of the index inside the site.
pub const DIR: &str = "search";

/// Languages of the facet labels, in the order the manifest lists them.
pub const LANGUAGES: [&str; 3] = ["zh-CN", "zh-HK", "en"];

/// The index of every open vacancy of `content`.
pub fn input(content: &Content) -> IndexInput<'_> {
    let labels = |l: &crate::model::config::Localized| LANGUAGES.iter().map(|lang| l.get(lang).to_owned()).collect::<Vec<_>>();
    let plain = |keys: Vec<&str>| keys.into_iter().map(|k| (k.to_owned(), Vec::new())).collect::<Vec<_>>();
    let facets = vec![
        Facet {
            name: names::DISTRICT.into(),
            kind: FacetKind::Single,
            values: content.districts.iter().map(|d| (d.slug.clone(), labels(d.config.name.get_ref()))).collect(),
        },
        Facet { name: names::LOCALITY.into(), kind: FacetKind::Single, values: Vec::new() },
        Facet { name: names::WORK_TYPE.into(), kind: FacetKind::Multi, values: plain(EmploymentType::ALL.iter().map(|t| t.as_schema()).collect()) },
        Facet { name: names::OCCUPATION.into(), kind: FacetKind::Single, values: Vec::new() },
        Facet { name: names::SALARY.into(), kind: FacetKind::Single, values: plain(index::SALARY_BANDS.iter().map(|b| b.1).collect()) },
        Facet { name: names::EDUCATION.into(), kind: FacetKind::Single, values: plain(Education::ALL.iter().map(|e| e.slug()).collect()) },
        Facet { name: names::EXPERIENCE.into(), kind: FacetKind::Single, values: plain(index::EXPERIENCE_BANDS.iter().map(|b| b.1).collect()) },
        Facet {
            name: names::GROUP.into(),
            kind: FacetKind::Multi,
            values: content.site.target_groups.iter().map(|g| (g.id.get_ref().clone(), labels(g.name.get_ref()))).collect(),
        },
    ];
    // Each vacancy's document and aliases are made when the writer reads them (a few times: the
    // generation, the columns, the result chunks, tokenizing) rather than listed: listed, they were
    // about 2 KB a vacancy beside the vacancy itself, held through the build.
    let mut sources: Vec<(&Vacancy, &[crate::model::OccupationWords])> = Vec::with_capacity(content.vacancy_count());
    sources.extend(content.districts.iter().flat_map(|d| d.vacancies.iter().map(move |v| (v, d.synonyms.as_slice()))));
    debug_assert!(sources.iter().map(|s| s.0 as *const Vacancy).eq(made_vacancies(content).map(std::ptr::from_ref)), "made of made_vacancies");
    let sources = std::sync::Arc::new(sources);
    let vocabulary = content.vocabulary.as_slice();
    let of = sources.clone();
    let made_aliases = MadeAliases(std::sync::Arc::new(move |i, out: &mut dyn FnMut(&str)| {
        let (v, synonyms) = of[i];
        thread_local!(static SPELLED: std::cell::RefCell<super::aliases::Spelled> = Default::default());
        SPELLED.with_borrow_mut(|spelled| super::aliases::aliases(v, &[vocabulary, synonyms], spelled).for_each(out));
    }));
    let ordered = sources.clone();
    let made_docs = MadeDocs {
        count: sources.len(),
        make: std::sync::Arc::new(move |i| doc(sources[i].0)),
        order: Some(std::sync::Arc::new(move |i| (posted_days(ordered[i].0), ordered[i].0.identifier.as_str()))),
    };
    let stations = content
        .districts
        .iter()
        .flat_map(|d| d.stations.iter().map(move |s| (d, s)))
        .map(|(d, s)| StationEntry {
            district: d.slug.clone(),
            name: s.name.clone(),
            kind: s.kind.key().to_owned(),
            url: urls::station(&d.slug, &s.id),
            street: s.street.clone(),
            location: GeoPoint { lat: s.lat, lon: s.lon },
            hours: s.opening_hours.iter().map(|h| h.0.clone()).collect(),
        })
        .collect();
    let policies = content
        .districts
        .iter()
        .flat_map(|d| d.policies.iter().map(move |p| (d, p)))
        .map(|(d, p)| PolicyEntry {
            district: d.slug.clone(),
            title: p.page.title.clone(),
            url: urls::policy(&d.slug, &p.page.slug),
            conditions: p.conditions.clone(),
            benefits: p
                .benefits
                .iter()
                .map(|b| BenefitEntry { kind: b.kind.clone(), name: b.name.clone(), amount: b.amount, per: b.per.clone(), months: b.months })
                .collect(),
        })
        .collect();
    IndexInput {
        threads: crate::parallel::worker_threads(),
        languages: LANGUAGES.iter().map(|l| l.to_string()).collect(),
        facets,
        docs: Vec::new(),
        stations,
        policies,
        weights: content.districts.iter().filter_map(|d| Some((d.slug.clone(), d.config.matching.as_ref()?.get_ref().weights().ok()?))).collect(),
        sounds: super::aliases::sounds(
            &content.districts.iter().flat_map(|d| d.vacancies.iter()).map(super::aliases::sound_texts).collect::<Vec<_>>(),
        ),
        made_aliases: Some(made_aliases),
        made_docs: Some(made_docs),
        doc_hashes: None,
        kept_terms: None,
    }
}

/// The vacancies the documents of [`input`]`(content)` are made of, in their order: each district's, the
/// districts in order.
pub fn made_vacancies(content: &Content) -> impl Iterator<Item = &Vacancy> {
    content.districts.iter().flat_map(|d| d.vacancies.iter())
}

/// The documents' hashes of an index input ([`doc_hashes`]).
pub struct DocHashes {
    /// Every document's hash ([`index::doc_hash`]) by position, for [`IndexInput::doc_hashes`].
    pub hashes: std::sync::Arc<[u64]>,
    /// With the build cache: a SHA-256 of every document's key ([`doc_key`]) in position order — what
    /// [`index_key`] is made of besides the input's other parts.
    pub keys: Option<[u8; 32]>,
    /// With the build cache: every document's key ([`doc_key`]) by position, which its terms are kept
    /// under ([`write`]).
    pub doc_keys: Option<std::sync::Arc<[DocKey]>>,
}

/// Every document's hash ([`index::doc_hash`]) by position, for [`IndexInput::doc_hashes`] (`input` is
/// [`input`]`(content)`): with the build cache, a vacancy's is the one an earlier build kept under its
/// key ([`doc_key`]) when there is one, and made from its document otherwise; this build's are kept for
/// the next ([`Cache::keep_doc_hashes`]). Hashing a document means making it and its aliases (pinyin
/// and all): at 100,000 vacancies this was a fifth of a rebuild's CPU, done twice (for the pages, then
/// by the writer), so handing the hashes over saves a full build one pass and a rebuild nearly both.
/// `digests` are the vacancies' [`FieldDigest`]s ([`crate::output::keys::field_digests`]), given with the
/// cache.
pub fn doc_hashes(content: &Content, input: &IndexInput<'_>, cache: Option<(&Cache, &[Vec<FieldDigest>])>) -> DocHashes {
    // Positions in `input`'s order (each district's vacancies, districts in order), cut into runs for
    // the cores, each with its vacancies' digests and its district's words.
    const RUN: usize = 256;
    let mut runs = Vec::new();
    let mut start = 0;
    for (di, d) in content.districts.iter().enumerate() {
        let words = cache.map(|(_, digests)| (words_key(content, d), &digests[di][..]));
        runs.extend(d.vacancies.chunks(RUN).enumerate().map(|(i, part)| (start + i * RUN, i * RUN, part, words)));
        start += d.vacancies.len();
    }
    let hashed = crate::parallel::map(&runs, |&(first, at, part, words)| {
        (0..part.len())
            .map(|i| {
                let key = words.map(|(w, digests)| doc_key(&w, &digests[at + i]));
                let kept = key.and_then(|k| cache.and_then(|(c, _)| c.doc_hash(&k)));
                (key, kept.unwrap_or_else(|| index::doc_hash(input, first + i)))
            })
            .collect::<Vec<_>>()
    });
    let hashes: std::sync::Arc<[u64]> = hashed.iter().flatten().map(|&(_, h)| h).collect();
    let Some((cache, _)) = cache else { return DocHashes { hashes, keys: None, doc_keys: None } };
    use sha2::Digest as _;
    let mut all = sha2::Sha256::new();
    let mut kept = Vec::with_capacity(hashes.len());
    let mut doc_keys = Vec::with_capacity(hashes.len());
    for (key, hash) in hashed.into_iter().flatten() {
        let key = key.expect("a key for every document with the cache");
        all.update(key);
        kept.push((key, hash));
        doc_keys.push(key);
    }
    cache.keep_doc_hashes(kept);
    DocHashes { hashes, keys: Some(all.finalize().into()), doc_keys: Some(doc_keys.into()) }
}

/// The index terms of the build cache's documents, for the writer ([`IndexInput::kept_terms`]): those
/// an earlier build kept, by document key (`keys`: each position's, [`DocHashes::doc_keys`]), and
/// those this build makes (for every document it tokenizes: the others' were kept and used).
struct CachedTerms {
    keys: std::sync::Arc<[DocKey]>,
    previous: Option<crate::output::cache::DocTerms>,
    made: std::sync::Mutex<HashMap<DocKey, Vec<u8>>>,
    /// Told when the writer has tokenized every document ([`index::terms::KeptTerms::collected`]).
    collected: std::sync::Mutex<Option<std::sync::mpsc::Sender<()>>>,
}

impl CachedTerms {
    /// Keeps the terms of this build's documents in `cache` for the next build (the previous build's
    /// file read once more, front to back, for those it kept).
    fn keep(&self, cache: &Cache) -> Result<(), Error> {
        let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        // Every document the writer tokenized was made (a tokenized document's terms always encode).
        let reused = self.keys.len().saturating_sub(made.len());
        cache.keep_doc_terms(&made, self.previous.as_ref(), reused)
    }
}

impl index::terms::KeptTerms for CachedTerms {
    fn kept(&self, positions: &[u32], bytes: &mut Vec<u8>) -> Vec<Option<std::ops::Range<usize>>> {
        match &self.previous {
            Some(previous) => previous.read(positions.iter().map(|&p| &self.keys[p as usize]), bytes),
            None => vec![None; positions.len()],
        }
    }

    fn made(&self, position: usize, terms: &[u8]) {
        self.made.lock().unwrap_or_else(|e| e.into_inner()).insert(self.keys[position], terms.to_vec());
    }

    fn collected(&self) {
        if let Some(tell) = self.collected.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = tell.send(());
        }
    }
}

/// What the build cache keeps an index's files under (hex): a SHA-256 of everything the writer makes
/// them from — the documents ([`DocHashes::keys`]: their fields and alias words, in order) and the rest
/// of `input` (languages, facets, stations, policies, weights, homophones), the writer's code being the
/// binary's (the cache's stamp). A rebuild whose index would have this key carries the last build's
/// files over instead of writing the index again ([`write`]): a page, template or string edited in
/// `sitegen serve` no longer tokenizes every vacancy. (The generation, a 64-bit FNV sum, names files;
/// it is not trusted to say two inputs are the same, since vacancy text is untrusted.)
pub fn index_key(input: &IndexInput<'_>, doc_keys: &[u8; 32]) -> String {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(doc_keys);
    h.update(input.doc_count().to_le_bytes());
    h.update(format!("{:?}|{:?}|{:?}|{:?}|{:?}|{:?}", input.languages, input.facets, input.stations, input.policies, input.weights, input.sounds));
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A hash of what a district's vacancies' aliases are made with besides the vacancy: the built-in
/// vocabulary and the district's synonyms.
fn words_key(content: &Content, d: &crate::model::District) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(format!("{:?}|{:?}", content.vocabulary, d.synonyms)).into()
}

/// The key a vacancy's document hash is kept under: a SHA-256 of `words` ([`words_key`]) and the
/// vacancy's [`FieldDigest`] (every field) — what its document and aliases are made from (the code that
/// makes them is the binary's: the cache's stamp) — cut to 128 bits.
fn doc_key(words: &[u8; 32], fields: &FieldDigest) -> DocKey {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(words);
    h.update(fields);
    let digest = h.finalize();
    let mut key = [0; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// The writer's input for `v`, but its aliases (made as the writer reads it: [`input`]).
fn doc(v: &Vacancy) -> DocInput<'_> {
    let monthly = v.base_salary.as_ref().map(|s| s.monthly_range());
    fn one(s: Option<&str>) -> Vec<&str> {
        s.into_iter().collect()
    }
    let mut body = vec![v.hiring_organization.name.as_str()];
    body.extend(v.skills.iter().map(String::as_str));
    body.extend(
        [v.occupational_category.as_deref(), v.industry.as_deref(), v.locality(), v.work_hours.as_deref(), v.job_benefits.as_deref()]
            .into_iter()
            .flatten(),
    );
    body.push(&v.description);
    DocInput {
        view: DocView {
            id: v.identifier.clone(),
            url: urls::job(&v.district, &v.identifier),
            title: v.title.clone(),
            employer: v.hiring_organization.name.clone(),
            district: v.district.clone(),
            locality: v.locality().unwrap_or_default().to_owned(),
            salary: v.base_salary.as_ref().map(|s| (s.min.round() as u32, s.max.round() as u32, s.unit.as_schema().to_owned())),
            work_types: v.employment_types.iter().map(|t| t.as_schema().to_owned()).collect(),
            date: v.date_posted.china_date().to_string(),
        },
        title: &v.title,
        body,
        posted_days: posted_days(v),
        salary_max_monthly: monthly.map_or(0, |m| m.1),
        facets: vec![
            vec![v.district.as_str()],
            one(v.locality()),
            v.employment_types.iter().map(|t| t.as_schema()).collect(),
            one(v.occupational_category.as_deref()),
            one(monthly.map(|(lo, hi)| index::salary_band(lo, hi))),
            one(v.education.map(Education::slug)),
            vec![index::experience_band(v.experience_months)],
            v.target_groups.iter().map(String::as_str).collect(),
        ],
        // Ages are counted in the browser from the posting day; the index stores that day.
        features: matching::features(v, v.date_posted.china_date()),
        aliases: Vec::new(),
    }
}

/// The day a vacancy was posted, as its document has it (what documents are numbered by, newest first).
fn posted_days(v: &Vacancy) -> i64 {
    v.date_posted.china_date().days_since_epoch()
}

/// Gzips `bytes` deterministically (no name, no time stamp).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new().mtime(0).write(Vec::with_capacity(bytes.len() / 3 + 64), flate2::Compression::default());
    enc.write_all(bytes).expect("writing to memory cannot fail");
    enc.finish().expect("writing to memory cannot fail")
}

/// Root-relative URL of the manifest an index of generation `generation` ([`index::generation`] of its
/// input: computed once per build, it hashes every document) has.
pub fn manifest_url(generation: u64) -> String {
    format!("/{DIR}/{}", index::manifest_file(generation))
}

/// The files the widget fetches before its first results whatever the query, as a listing page names
/// them ([`first_name`]): the columns of the facets it opens at first in a large index (district, work
/// type). (The manifest, which comes before them, is the one `widget/current.json` names.)
pub fn first_fetches(input: &IndexInput<'_>) -> Vec<String> {
    let names = index::Manifest::default();
    let mut out = Vec::new();
    for (i, f) in input.facets.iter().enumerate() {
        if [names::DISTRICT, names::WORK_TYPE].contains(&f.name.as_str()) {
            out.push(first_name(&names.column_file(i), names.generation));
        }
    }
    out
}

/// How a listing page names an index file the widget fetches first: the file's name `file` (of an index
/// of generation `generation`) without the generation and the extension, `facet-0` for
/// `facet-<generation>-0.qy`. A page names no generation, which any vacancy changes; the boot module puts
/// back the one `widget/current.json` gives ([`first_file`] is what it does).
pub fn first_name(file: &str, generation: u64) -> String {
    file.replacen(&format!("-{generation:016x}"), "", 1).trim_end_matches(".qy").to_owned()
}

/// The file a listing page's [`first_name`] `name` stands for in the index of generation `generation`
/// (`<kind>-<generation>-<n>.qy`): what the listing pages' boot module does in JavaScript.
pub fn first_file(name: &str, generation: u64) -> String {
    match name.split_once('-') {
        Some((kind, n)) => format!("{kind}-{generation:016x}-{n}.qy"),
        None => format!("{name}-{generation:016x}.qy"),
    }
}

/// Where each vacancy lands in the index, to name the result chunks a listing's widget fetches for its
/// first results (announced by the page, so they come with the widget's code instead of a round trip
/// after its first search). Chunks are named by number ([`first_name`]): the numbering is the
/// documents' order, which an edit that adds or removes no vacancy leaves as it is.
pub struct FirstChunks {
    names: index::Manifest,
    /// Document number by district, then identifier.
    numbers: HashMap<String, HashMap<String, u32>>,
}

impl FirstChunks {
    /// The numbering of `input`'s documents (the writer's: [`index::numbered`]) by district and
    /// identifier; `made`: the vacancies its made documents are made of, in order (for [`input`],
    /// [`made_vacancies`]). Read from them, not from documents made again (which was 0.6 s of a
    /// 100,000-vacancy rebuild, before its pages and index could start).
    pub fn numbers(input: &IndexInput<'_>, made: &[&Vacancy]) -> HashMap<String, HashMap<String, u32>> {
        let listed = input.docs.len();
        debug_assert_eq!(listed + made.len(), input.doc_count(), "a vacancy for each made document");
        let mut numbers: HashMap<String, HashMap<String, u32>> = HashMap::new();
        for (n, p) in index::numbered(input).into_iter().enumerate() {
            let (district, id) = match input.docs.get(p as usize) {
                Some(d) => (&d.view.district, &d.view.id),
                None => (&made[p as usize - listed].district, &made[p as usize - listed].identifier),
            };
            numbers.entry(district.clone()).or_default().insert(id.clone(), n as u32);
        }
        numbers
    }

    /// The chunks of [`FirstChunks::numbers`]' documents.
    pub fn new(numbers: HashMap<String, HashMap<String, u32>>) -> FirstChunks {
        FirstChunks { names: index::Manifest { docs_per_chunk: index::DOCS_PER_CHUNK as u32, ..Default::default() }, numbers }
    }

    /// The chunks ([`first_name`]s) of a listing of `district` whose default filters find exactly `ids`:
    /// the widget shows them newest first, [`engine::search::PAGE`] at first.
    pub fn names<'a>(&self, district: &str, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let Some(of_district) = self.numbers.get(district) else { return Vec::new() };
        let mut numbers: Vec<u32> = ids.into_iter().filter_map(|id| of_district.get(id).copied()).collect();
        numbers.sort_unstable();
        let mut chunks: Vec<usize> = numbers.iter().take(engine::search::PAGE).map(|&n| self.names.chunk_of(n).0).collect();
        chunks.dedup();
        chunks.into_iter().map(|c| first_name(&self.names.chunk_file(c), self.names.generation)).collect()
    }
}

/// Builds the index of `input` and writes it, gzipped, file by file as the writer makes them; with a
/// `cache`, a file compressed by an earlier build (the same uncompressed bytes) is carried over, and
/// when the last build's index had the same `key` ([`index_key`]) its files are all carried over and
/// nothing is built. With the cache and the documents' keys (`doc_keys`, [`DocHashes::doc_keys`]), the
/// writer tokenizes only the vacancies whose terms the cache did not keep (their document or aliases
/// changed: the key covers what the terms are made from, see [`doc_key`]), and the terms of this
/// build's documents are kept for the next as soon as the writer has tokenized them.
pub fn write(
    mut input: IndexInput<'_>,
    stage: &Staging,
    cache: Option<&Cache>,
    key: Option<&str>,
    doc_keys: Option<std::sync::Arc<[DocKey]>>,
) -> Result<(), Error> {
    let keyed = cache.zip(key);
    if let Some((cache, key)) = keyed
        && carry_index(cache, stage, key)?
    {
        return Ok(());
    }
    let (collected, on_collected) = std::sync::mpsc::channel::<()>();
    let terms = cache.zip(doc_keys).map(|(cache, keys)| {
        std::sync::Arc::new(CachedTerms { keys, previous: cache.doc_terms(), made: Default::default(), collected: Some(collected).into() })
    });
    if let Some(terms) = &terms {
        input.kept_terms = Some(index::terms::TermStore(terms.clone()));
    }
    // The files are compressed and written on threads of their own (one per core), taking them as the
    // writer makes them, while the writer goes on (compressing was a fifth of the index's time, all on
    // the writer's thread; once the pages are done, one compressing thread was what the index waited
    // for). A failed write stops the writer and is returned whole; the writer's own errors are messages.
    let (send, files) = std::sync::mpsc::sync_channel::<index::IndexFile>(8);
    // A writer that fails drops the receiver: the index's writer stops at its next file.
    let files = std::sync::Mutex::new(Some(files));
    let (built, written, kept_terms) = std::thread::scope(|scope| {
        // This build's terms are kept for the next as soon as the writer has tokenized, while it merges
        // and writes the postings (at the end, it was the last thing a rebuild waited for).
        let keeper = cache.zip(terms.as_ref()).map(|(cache, terms)| scope.spawn(move || on_collected.recv().ok().map(|()| terms.keep(cache))));
        let writers: Vec<_> = (0..crate::parallel::worker_threads().clamp(1, 8))
            .map(|_| {
                let files = &files;
                scope.spawn(move || -> Result<Vec<(String, String)>, Error> {
                    let mut kept = Vec::new();
                    loop {
                        let next = files.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|r| r.recv());
                        let Some(Ok(f)) = next else { return Ok(kept) };
                        match write_file(&f, stage, cache) {
                            Ok(name) => kept.extend(name.map(|name| (format!("{DIR}/{}", f.name), name))),
                            Err(e) => {
                                files.lock().unwrap_or_else(|e| e.into_inner()).take();
                                return Err(e);
                            }
                        }
                    }
                })
            })
            .collect();
        let built = index::build_with(input, |f| send.send(f).map_err(|_| "the index files' writer stopped".to_owned()));
        drop(send);
        // A writer that stopped before it tokenized never tells: the keeper gives up.
        if let Some(terms) = &terms {
            terms.collected.lock().unwrap_or_else(|e| e.into_inner()).take();
        }
        let kept_terms = keeper.map(|k| k.join().unwrap_or(Some(Err(Error::Panicked("the index's terms keeper")))));
        let mut kept = Vec::new();
        let mut written = Ok(());
        for w in writers {
            match w.join().unwrap_or(Err(Error::Panicked("the index files' writer"))) {
                Ok(k) => kept.extend(k),
                Err(e) => written = written.and(Err(e)),
            }
        }
        // By path: the writer makes them in no fixed order.
        kept.sort_unstable();
        (built, written.map(|()| kept), kept_terms)
    });
    let files = written?;
    built.map_err(Error::Index)?;
    if let Some((cache, key)) = keyed {
        cache.keep_index(key, files);
    }
    // A built index was tokenized, so the keeper was told and has kept the terms (were it not, the
    // previous build's file, still right for what it holds, would stay).
    kept_terms.flatten().unwrap_or(Ok(()))
}

/// Carries every file of the last build's index over when it had key `key`; `false` when it had
/// another, or a file is no longer in the cache (the index is then built: the files already carried
/// are the ones it writes, under the same names).
fn carry_index(cache: &Cache, stage: &Staging, key: &str) -> Result<bool, Error> {
    let Some(files) = cache.index_files(key) else { return Ok(false) };
    for (rel, name) in &files {
        if cache.carry_file(name, stage, rel)?.is_none() {
            return Ok(false);
        }
    }
    cache.keep_index(key, files);
    cache.index_was_carried();
    Ok(true)
}

/// Writes one index file; with the cache, returns the name it is kept under.
fn write_file(f: &index::IndexFile, stage: &Staging, cache: Option<&Cache>) -> Result<Option<String>, Error> {
    let rel = format!("{DIR}/{}", f.name);
    let Some(cache) = cache else { return stage.write(&rel, &gzip(&f.bytes)).map(|()| None) };
    let name = Cache::content_name(&f.bytes, "gz");
    if cache.carry_file(&name, stage, &rel)?.is_some() {
        return Ok(Some(name));
    }
    let gz = gzip(&f.bytes);
    stage.write(&rel, &gz)?;
    cache.keep_file(&name, stage, &rel, gz.len() as u64)?;
    Ok(Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_deterministic_and_inflates_back() {
        let text = "焊工 welder ".repeat(100);
        let (a, b) = (gzip(text.as_bytes()), gzip(text.as_bytes()));
        assert_eq!(a, b);
        assert_eq!(&a[..2], &[0x1f, 0x8b]);
        assert!(a.len() < text.len() / 5);
        let mut out = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&a[..]), &mut out).unwrap();
        assert_eq!(out, text);
    }

    #[test]
    fn first_chunks_are_those_the_widget_fetches_for_a_listing() {
        // Two districts, dates with ties, identifiers out of order: what the reader's search shows first
        // for `district=a` (newest first) decides the chunks.
        let ids: Vec<String> = (0..400).map(|i| format!("v{:03}", (i * 37) % 400)).collect();
        let docs: Vec<DocInput> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let district = if i % 7 == 0 { "b" } else { "a" };
                DocInput {
                    view: DocView { id: id.clone(), district: district.into(), ..DocView::default() },
                    title: "焊工",
                    body: Vec::new(),
                    posted_days: 20_000 + (i as i64 * 7) % 23,
                    salary_max_monthly: 0,
                    facets: vec![vec![district]],
                    features: Default::default(),
                    aliases: Vec::new(),
                }
            })
            .collect();
        let district = Facet { name: "district".into(), kind: FacetKind::Single, values: vec![("a".into(), vec![]), ("b".into(), vec![])] };
        let input = IndexInput { threads: 1, languages: Vec::new(), facets: vec![district], docs, ..Default::default() };
        let first = FirstChunks::new(FirstChunks::numbers(&input, &[]));
        let built = index::build(input.clone()).unwrap();
        let manifest = index::Manifest::decode(&built.manifest.bytes).unwrap();
        let column = built.files.iter().find(|f| f.name == manifest.column_file(0)).unwrap();
        let columns = index::Columns { facets: vec![Some(index::Column::decode(&column.bytes).unwrap())], salary: None };
        for (slug, value) in [("a", 0u16), ("b", 1)] {
            let req = engine::search::Request { text: String::new(), filters: vec![vec![value]], sort: engine::search::Sort::Relevance };
            let out = engine::search::run(&manifest, &columns, |_| None, &req);
            let mut want: Vec<String> = out.docs.iter().take(engine::search::PAGE).map(|&d| manifest.chunk_file(manifest.chunk_of(d).0)).collect();
            want.dedup();
            let listed: Vec<&str> = input.docs.iter().filter(|d| d.view.district == slug).map(|d| d.view.id.as_str()).collect();
            // Named as a page names them, then as the boot module puts the index's generation back.
            let named = first.names(slug, listed.iter().rev().copied());
            assert!(named.iter().all(|n| !n.contains(&format!("{:016x}", manifest.generation)) && !n.ends_with(".qy")), "{named:?}");
            let files: Vec<String> = named.iter().map(|n| first_file(n, manifest.generation)).collect();
            assert_eq!(files, want, "district {slug}");
            assert!(built.files.iter().any(|f| f.name == files[0]), "{} is a file of the index", files[0]);
            assert_eq!(first_fetches(&input), ["facet-0"], "the district column");
            assert_eq!(first_file("facet-0", manifest.generation), manifest.column_file(0));
            assert!(want.len() > 1, "the first page spans chunks");
            if slug == "b" {
                assert!(want.len() > 4, "the rarer district's first page spans many chunks: {want:?}");
            }
        }
        assert!(first.names("a", ["nowhere"]).is_empty(), "a vacancy not in the index names no chunk");
    }
}
