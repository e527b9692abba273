//! A small index built by the engine's writer for the native tests of [`crate::loader`] and
//! [`crate::session`]: 40 vacancies (three chunks), in two districts, with the profile and match files.

use engine::index::{self, BuiltIndex, DocInput, DocView, Facet, FacetKind, IndexInput, Manifest, Sounds};
use engine::matching::{GeoPoint, JobFeatures};

/// Vacancies in the index.
pub const DOCS: u32 = 40;

/// The title of vacancy `i` (document `i`: newest first, as they are numbered).
pub fn title(i: u32) -> &'static str {
    ["焊工", "电工", "厨师"][i as usize % 3]
}

/// The index and its decoded manifest.
pub fn built() -> (BuiltIndex, Manifest) {
    let docs = (0..DOCS)
        .map(|i| {
            let district = if i % 2 == 0 { "liwan" } else { "tianhe" };
            let locality = if i % 2 == 0 { "冼村街道" } else { "石牌街道" };
            DocInput {
                view: DocView { id: format!("v{i:02}"), title: title(i).into(), district: district.into(), ..DocView::default() },
                title: title(i),
                body: Vec::new(),
                posted_days: 20_000 - i64::from(i),
                salary_max_monthly: 3000 + 100 * i,
                facets: vec![vec![district], vec![if i % 4 == 0 { "PART_TIME" } else { "FULL_TIME" }], vec![locality]],
                features: JobFeatures {
                    skills: vec![format!("{}证", title(i))],
                    location: Some(GeoPoint { lat: 23.1 + f64::from(i) * 1e-3, lon: 113.3 }),
                    place: Some((district.into(), locality.into())),
                    ..JobFeatures::default()
                },
                aliases: match i % 3 {
                    0 => vec!["hangong".into(), "welder".into()],
                    2 => vec!["chushi".into(), "chef".into()],
                    _ => Vec::new(),
                },
            }
        })
        .collect();
    let built = index::build(IndexInput {
        threads: 1,
        languages: vec!["zh-CN".into()],
        facets: vec![
            Facet {
                name: "district".into(),
                kind: FacetKind::Single,
                values: vec![("liwan".into(), vec!["荔湾区".into()]), ("tianhe".into(), vec!["天河区".into()])],
            },
            Facet { name: "work_type".into(), kind: FacetKind::Multi, values: Vec::new() },
            Facet { name: "locality".into(), kind: FacetKind::Single, values: Vec::new() },
        ],
        docs,
        // What sitegen's `aliases::sounds` makes of these titles (and a few common characters).
        sounds: Sounds {
            syllables: [("chu", "厨"), ("dian", "电店"), ("gong", "工公"), ("han", "汉焊"), ("shi", "师事")]
                .iter()
                .map(|(s, c)| ((*s).to_owned(), (*c).to_owned()))
                .collect(),
            words: [("chushi", "厨师", 13), ("diangong", "电工", 13), ("hangong", "焊工", 14)]
                .iter()
                .map(|(p, w, n)| ((*p).to_owned(), (*w).to_owned(), *n))
                .collect(),
        },
        ..IndexInput::default()
    })
    .unwrap();
    let manifest = Manifest::decode(&built.manifest.bytes).unwrap();
    (built, manifest)
}

/// The bytes of the file named `name`.
pub fn file(built: &BuiltIndex, name: &str) -> Vec<u8> {
    built.files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no file {name}")).bytes.clone()
}
