//! The position-keeping JSON parser (`engine::json`): `parse`, the streaming `parse_each` and
//! `parse_each_with` (which may pass over an object of the root array) on any text. None may panic, and
//! they agree: the same text is accepted by all or by none, `parse_each` streams exactly the elements
//! (positions included) of the array `parse` returns, or the one value when the root is not an array;
//! every object `parse_each_with` offers to be passed over is, as skimmed, the very text it then parses
//! as that object; and passing over every other object changes neither the result nor any position of
//! the elements parsed.
#![no_main]

use engine::json::{Value, parse, parse_each, parse_each_with};
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

    // Offered objects are parsed exactly as skimmed.
    let (mut offered, mut parsed) = (Vec::new(), Vec::new());
    let with = parse_each_with(
        &text,
        |raw, pos| {
            offered.push((pos, raw.to_owned()));
            false
        },
        |node, raw| parsed.push((node, raw.to_owned())),
    );
    assert_eq!(with.as_ref().map(|_| ()), each.as_ref().map(|_| ()), "parse_each_with and parse_each disagree");
    assert_eq!(parsed.iter().map(|(n, _)| n).collect::<Vec<_>>(), streamed.iter().collect::<Vec<_>>());
    for (pos, raw) in &offered {
        if let Some((_, as_parsed)) = parsed.iter().find(|(n, _)| n.pos == *pos) {
            assert_eq!(raw, as_parsed, "skimmed and parsed text of the object at {pos:?} differ");
        }
    }
    // Passing over every other offered object: the rest is parsed the same, at the same positions.
    let mut n = 0;
    let mut rest = Vec::new();
    let skipping = parse_each_with(
        &text,
        |_, _| {
            n += 1;
            n % 2 == 0
        },
        |node, _| rest.push(node),
    );
    if with.is_ok() {
        assert!(skipping.is_ok(), "passing over objects made a good document fail: {skipping:?}");
        assert!(rest.iter().all(|r| streamed.contains(r)), "passing over objects moved a position");
    }
});
