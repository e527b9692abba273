//! What Quanyu's fuzz targets (`fuzz_targets/`) share: a reader that turns fuzz bytes into structured
//! values ([`Bytes`]), a small search index built from such values ([`index_input`]), and a scratch
//! copy of the good fixture site in which one content file at a time is replaced by fuzz bytes
//! ([`Scratch`]).
//!
//! Inputs that name a file kind are `kind\0bytes` ([`split_kind`]): `cargo xtask fuzz` writes its seeds
//! that way, from the sample content, the fixtures, a `sitegen init` folder and a built index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use engine::eligibility::Conditions;
use engine::index::{
    BenefitEntry, BuiltIndex, Columns, DocInput, DocView, Facet, FacetKind, IndexInput, Manifest, PolicyEntry, ProfileData, Shard, StationEntry,
    decode_salary,
};
use engine::matching::{GeoPoint, JobFeatures};

/// Splits `kind\0rest`; `None` without a NUL or when the kind is not UTF-8.
pub fn split_kind(data: &[u8]) -> Option<(&str, &[u8])> {
    let nul = data.iter().position(|&b| b == 0)?;
    Some((std::str::from_utf8(&data[..nul]).ok()?, &data[nul + 1..]))
}

/// Reads values off fuzz bytes; past the end every read gives zero or empty.
pub struct Bytes<'a>(pub &'a [u8]);

impl<'a> Bytes<'a> {
    /// One byte.
    pub fn u8(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }

    /// A little-endian u32 of up to four bytes.
    pub fn u32(&mut self) -> u32 {
        (0..4).fold(0, |v, i| v | u32::from(self.u8()) << (8 * i))
    }

    /// A string: a length byte, then that many bytes read lossily as UTF-8.
    pub fn text(&mut self) -> String {
        let n = usize::from(self.u8()).min(self.0.len());
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8_lossy(s).into_owned()
    }

    /// What is left.
    pub fn rest(&self) -> &'a [u8] {
        self.0
    }
}

/// The texts an [`index_input`] borrows from (the writer's documents borrow their text).
pub struct Texts {
    /// Each document's title.
    pub titles: Vec<String>,
    /// Each document's other texts (the first is its employer).
    pub bodies: Vec<Vec<String>>,
    /// Each document's keys of the two facets (district: one; work type: any).
    pub facets: Vec<Vec<Vec<String>>>,
}

/// Up to 40 documents (several chunks), two facets, a station and a policy, from fuzz bytes.
pub fn texts(b: &mut Bytes) -> Texts {
    let n = usize::from(b.u8() % 41);
    let mut t = Texts { titles: Vec::new(), bodies: Vec::new(), facets: Vec::new() };
    for _ in 0..n {
        t.titles.push(b.text());
        t.bodies.push((0..b.u8() % 3).map(|_| b.text()).collect());
        t.facets.push(vec![vec![b.text()], (0..b.u8() % 3).map(|_| b.text()).collect()]);
    }
    t
}

/// The writer's input for [`texts`]; the remaining numbers come from `b` too.
pub fn index_input<'t>(t: &'t Texts, b: &mut Bytes) -> IndexInput<'t> {
    let docs = (0..t.titles.len())
        .map(|i| {
            let day = i64::from(b.u32() % 30_000);
            let pay = b.u32() % 200_000;
            DocInput {
                view: DocView {
                    id: format!("doc-{i}"),
                    url: format!("/d/jobs/doc-{i}/"),
                    title: t.titles[i].clone(),
                    employer: t.bodies[i].first().cloned().unwrap_or_default(),
                    district: t.facets[i][0][0].clone(),
                    locality: t.titles[i].chars().take(4).collect(),
                    salary: (pay > 0).then(|| (pay / 2, pay, "MONTH".into())),
                    work_types: t.facets[i][1].clone(),
                    date: "2026-11-01".into(),
                },
                title: &t.titles[i],
                body: t.bodies[i].iter().map(String::as_str).collect(),
                posted_days: day,
                salary_max_monthly: pay,
                facets: t.facets[i].iter().map(|v| v.iter().map(String::as_str).collect()).collect(),
                features: JobFeatures {
                    skills: t.bodies[i].clone(),
                    occupation: t.facets[i][1].first().cloned(),
                    location: (pay % 2 == 0).then_some(GeoPoint { lat: 23.0 + f64::from(pay % 100) / 100.0, lon: 113.3 }),
                    place: Some((t.facets[i][0][0].clone(), t.titles[i].clone())),
                    salary_monthly: (pay > 0).then_some((pay / 2, pay)),
                    experience_months: pay % 120,
                    groups: t.facets[i][1].clone(),
                    ..JobFeatures::default()
                },
                // Other names (sitegen's pinyin and vocabulary words): the document's other texts, so
                // alias terms and their lookups get the fuzzer's text too.
                aliases: t.bodies[i].iter().skip(1).cloned().collect(),
            }
        })
        .collect();
    IndexInput {
        threads: 1,
        languages: vec!["zh-CN".into(), "en".into()],
        facets: vec![
            Facet { name: "district".into(), kind: FacetKind::Single, values: Vec::new() },
            Facet { name: "work_type".into(), kind: FacetKind::Multi, values: Vec::new() },
        ],
        docs,
        stations: vec![StationEntry {
            district: "d".into(),
            name: "驿站".into(),
            kind: "employment-station".into(),
            url: "/d/stations/s/".into(),
            street: "街道".into(),
            location: GeoPoint { lat: 23.12, lon: 113.33 },
            hours: vec!["Mo-Fr 09:00-17:30".into()],
        }],
        policies: vec![PolicyEntry {
            district: "d".into(),
            title: "补贴".into(),
            url: "/d/policies/p/".into(),
            conditions: Conditions::default(),
            benefits: vec![BenefitEntry {
                kind: "subsidy".into(),
                name: "补贴".into(),
                amount: Some((1000, true)),
                per: "month".into(),
                months: Some(6),
            }],
        }],
        weights: Vec::new(),
        // The sites' seeds hold real homophone files (`decoders`).
        sounds: Default::default(),
        made_aliases: None,
        made_docs: None,
        doc_hashes: None,
        kept_terms: None,
    }
}

/// A small real index, decoded as the widget holds it: for targets that search or decode against one.
pub struct Sample {
    /// What the writer made.
    pub built: BuiltIndex,
    /// Its manifest.
    pub manifest: Manifest,
    /// Every term shard.
    pub shards: Vec<Shard>,
    /// Every column, loaded.
    pub columns: Columns,
    /// Its profile file.
    pub profile: ProfileData,
}

/// The [`Sample`] index (built once per process): welding, software, office and delivery jobs in two
/// districts, Chinese and English words.
pub fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let rows: [(&str, &str, &str, &[&str]); 6] = [
            ("焊工 电焊 welder", "广州示例有限公司", "tianhe", &["FULL_TIME"]),
            ("软件工程师 Rust developer", "示例科技", "tianhe", &["FULL_TIME", "PART_TIME"]),
            ("文员 Excel 办公室", "黄埔物流", "huangpu", &["PART_TIME"]),
            ("快递员 配送 delivery", "顺达速运", "huangpu", &["PER_DIEM"]),
            ("軟件測試 QA tester", "港澳青年创业基地", "nansha", &[]),
            ("厨师 chef 粤菜", "点都德", "liwan", &["FULL_TIME"]),
        ];
        let t = Texts {
            titles: rows.iter().map(|r| r.0.to_owned()).collect(),
            bodies: rows.iter().map(|r| vec![r.1.to_owned(), "负责 Excel 沟通能力".to_owned()]).collect(),
            facets: rows.iter().map(|r| vec![vec![r.2.to_owned()], r.3.iter().map(|s| (*s).to_owned()).collect()]).collect(),
        };
        let built = engine::index::build(index_input(&t, &mut Bytes(b"0123456789abcdefghijklmnopqrstuvwxyz"))).expect("the sample index builds");
        let file = |name: &str| &built.files.iter().find(|f| f.name == name).expect("a file the manifest names").bytes;
        let manifest = Manifest::decode(&built.manifest.bytes).expect("the sample manifest decodes");
        let shards = (0..manifest.shards.len()).map(|i| Shard::decode(file(&manifest.shard_file(i))).expect("a sample shard")).collect();
        let mut columns = Columns::none(&manifest);
        for (i, c) in columns.facets.iter_mut().enumerate() {
            *c = Some(engine::index::Column::decode(file(&manifest.column_file(i))).expect("a sample column"));
        }
        columns.salary = Some(decode_salary(file(&manifest.salary_file())).expect("the sample salary column"));
        let profile = ProfileData::decode(file(&manifest.profile_file())).expect("the sample profile");
        Sample { built, manifest, shards, columns, profile }
    })
}

/// The content file kinds the `content` target replaces, each with its path in the good fixture.
pub const CONTENT_KINDS: &[(&str, &str)] = &[
    ("site.toml", "site.toml"),
    ("index.md", "index.md"),
    ("page.md", "pages/about.md"),
    ("page.lang.md", "pages/about.en.md"),
    ("district.toml", "districts/demo/district.toml"),
    ("district-index.md", "districts/demo/index.md"),
    ("district-page.md", "districts/demo/pages/guide.md"),
    ("policy.md", "districts/demo/policies/subsidy.md"),
    ("stations.toml", "districts/demo/stations.toml"),
    ("events.toml", "districts/demo/events.toml"),
    ("figures.toml", "districts/demo/figures.toml"),
    ("vacancies.json", "districts/demo/vacancies/a.json"),
];

/// A private copy of the good fixture (`sitegen/tests/fixtures/good`) under the temp folder, in which
/// [`Scratch::with`] puts fuzz bytes in place of one file and restores it afterwards.
pub struct Scratch {
    /// The copy's root.
    pub root: PathBuf,
    originals: BTreeMap<PathBuf, Vec<u8>>,
}

impl Scratch {
    /// Copies the fixture into `<temp>/quanyu-fuzz-<name>-<pid>` (replacing an earlier copy).
    pub fn new(name: &str) -> Scratch {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sitegen/tests/fixtures/good");
        let root = std::env::temp_dir().join(format!("quanyu-fuzz-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let mut originals = BTreeMap::new();
        copy(&fixture, &root, &mut originals);
        Scratch { root, originals }
    }

    /// Runs `f` with `rel` (a path in the copy) holding `bytes`, then puts the fixture's file back (or
    /// removes the file when the fixture has none).
    pub fn with<T>(&self, rel: &str, bytes: &[u8], f: impl FnOnce(&Path) -> T) -> T {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file in the copy")).expect("scratch folder");
        std::fs::write(&path, bytes).expect("scratch file");
        let out = f(&path);
        match self.originals.get(&path) {
            Some(orig) => std::fs::write(&path, orig).expect("restore scratch file"),
            None => std::fs::remove_file(&path).expect("remove scratch file"),
        }
        out
    }
}

fn copy(from: &Path, to: &Path, originals: &mut BTreeMap<PathBuf, Vec<u8>>) {
    std::fs::create_dir_all(to).expect("scratch folder");
    for e in std::fs::read_dir(from).expect("the good fixture (sitegen/tests/fixtures/good)").flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy(&src, &dst, originals);
        } else {
            let bytes = std::fs::read(&src).expect("fixture file");
            std::fs::write(&dst, &bytes).expect("scratch file");
            originals.insert(dst, bytes);
        }
    }
}
