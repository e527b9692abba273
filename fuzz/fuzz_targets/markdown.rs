//! Untrusted markdown (a vacancy's description) that renders without ammonia — no HTML of its own, no
//! deep nesting — must be HTML ammonia would keep as it is: `sitegen::text::markdown::check_unsanitized`
//! sanitizes it again and compares the two parses (what was removed, and every node). Any bytes taken as
//! UTF-8 (lossily, as the loaders read text).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = sitegen::text::markdown::check_unsanitized(&text) {
        panic!("{e}");
    }
});
