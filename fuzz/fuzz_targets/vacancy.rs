//! JSON → `Vacancy` validation (`engine::validate::parse_vacancy_file`), as a district's vacancy file is
//! read: any text, never a panic; every vacancy it accepts is one the file's records describe (no more
//! vacancies than problems allow) and every diagnostic names the file.
#![no_main]

use engine::diag::Diagnostics;
use engine::validate::{Rules, parse_vacancy_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rules = Rules { target_groups: ["graduate".to_owned(), "4050".to_owned()].into() };
    let mut diags = Diagnostics::new();
    let vacancies = parse_vacancy_file("districts/demo/vacancies/f.json", &text, "demo", &rules, &mut diags);
    for v in &vacancies {
        assert_eq!(v.district, "demo");
        assert!(engine::text::is_valid_id(&v.identifier), "accepted an invalid identifier {:?}", v.identifier);
    }
    for d in diags.iter() {
        assert_eq!(d.path, "districts/demo/vacancies/f.json");
    }
});
