//! Dates, date-times and opening hours as content and vacancy files write them (`engine::date`,
//! `engine::hours`): any text, never a panic; what parses prints back to a form that parses to the same
//! value (a date to itself, a date-time to the same instant, an hours rule to the same rule).
#![no_main]

use engine::date::{Date, DateTime};
use engine::hours::parse_rule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(d) = Date::parse(&text) {
        assert_eq!(Date::parse(&d.to_string()), Ok(d));
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
    }
    if let Ok(t) = DateTime::parse(&text) {
        let again = DateTime::parse(&t.to_iso()).expect("to_iso parses");
        assert_eq!(again.unix(), t.unix(), "{text:?} → {}", t.to_iso());
        let _ = (t.china_date(), t.china_time(), t.to_rfc3339_utc());
    }
    if let Ok(rule) = parse_rule(&text) {
        let printed = rule.to_string();
        assert_eq!(parse_rule(&printed).as_ref(), Ok(&rule), "{text:?} printed as {printed:?}");
        for day in 0..7 {
            for minute in [0, 540, 1439, 1440, u16::MAX] {
                let _ = rule.is_open(day, minute);
            }
        }
    }
});
