//! zh-HK conversion (issue 6) on the sample content: what a Hong Kong reader would get for texts that
//! have no zh-HK translation — each district's tagline and focus, and each policy's title and summary —
//! kept as a snapshot (`tests/snapshots/zh-HK.txt`) that a reader of Traditional Chinese reviews on
//! every change of the table or the converter.

use std::path::Path;

use common::snapshot;
use engine::date::Date;
use sitegen::load::LoadOptions;
use sitegen::model::Content;
use sitegen::text::hant::to_hk;

mod common;

#[test]
fn sample_texts_convert_to_hong_kong_traditional_phrase_by_phrase() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let (content, diags) = Content::load(&root, LoadOptions { build_date: Date::parse("2026-11-20").unwrap(), cache_dir: None });
    let content = content.unwrap_or_else(|| panic!("the sample content does not load: {:?}", diags.sorted()));
    let mut out = String::new();
    for d in &content.districts {
        out.push_str(&format!("## {}\n{}\n{}\n", d.slug, to_hk(&d.config.tagline), to_hk(&d.config.focus)));
        for p in &d.policies {
            out.push_str(&format!("- {}\n", to_hk(&p.page.title)));
            if let Some(s) = &p.summary {
                out.push_str(&format!("  {}\n", to_hk(s)));
            }
        }
    }
    snapshot("zh-HK.txt", &out);
    // A few words the phrase table decides (a character-by-character conversion gets them wrong).
    for (word, hk) in [("就业", "就業"), ("后", "後"), ("4050人员", "4050人員")] {
        assert!(to_hk(word) == hk, "{word}: {}", to_hk(word));
    }
}
