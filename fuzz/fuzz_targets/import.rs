//! The vacancy importers, through `sitegen::load::import_file` as `sitegen import` and a build read a
//! district's file: spreadsheets (calamine: `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), CSV (encoding
//! detection, the csv crate), saved career pages (`.html`: JSON-LD blocks) and JSON. The input is
//! `extension\0bytes`; the file is written into a copy of the good fixture and read for its district
//! `demo`. Any bytes: diagnostics, never a panic; every vacancy read has a valid identifier and the
//! district.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quanyu_fuzz::{Scratch, split_kind};
use sitegen::load::import_file;
use std::sync::OnceLock;

const EXTENSIONS: [&str; 9] = ["json", "xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "html", "htm"];

fuzz_target!(|data: &[u8]| {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    let scratch = SCRATCH.get_or_init(|| Scratch::new("import"));
    let Some((ext, bytes)) = split_kind(data) else { return };
    if !EXTENSIONS.contains(&ext) {
        return;
    }
    let Ok((vacancies, _)) = scratch.with(&format!("fuzz.{ext}"), bytes, |file| import_file(&scratch.root, "demo", file)) else {
        panic!("the fixture's site.toml and district.toml have errors")
    };
    for v in &vacancies {
        assert_eq!(v.district, "demo");
        assert!(engine::text::is_valid_id(&v.identifier), "an invalid identifier {:?}", v.identifier);
    }
});
