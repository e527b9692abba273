//! The position-keeping JSON parser (`engine::json`): `parse` and the streaming `parse_each` on any
//! text. Neither may panic, and they agree: the same text is accepted by both or by neither, and
//! `parse_each` streams exactly the elements (positions included) of the array `parse` returns, or the
//! one value when the root is not an array.
#![no_main]

use engine::json::{Value, parse, parse_each};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let whole = parse(&text);
    let mut streamed = Vec::new();
    let each = parse_each(&text, |n| streamed.push(n));
    match (&whole, &each) {
        (Ok(node), Ok(())) => match &node.value {
            Value::Array(items) => assert_eq!(items, &streamed, "parse and parse_each disagree on the elements"),
            _ => assert_eq!(std::slice::from_ref(node), &streamed[..], "parse and parse_each disagree on the value"),
        },
        (Err(_), Err(_)) => {}
        _ => panic!("parse gives {:?} but parse_each {:?}", whole.as_ref().map(|_| ()), each),
    }
});
