//! A small JSON parser that remembers where every value and key starts.
//!
//! serde_json reports only the first syntax error and forgets positions once a value is parsed. Vacancy
//! validation needs both: "file:line:col" for a wrong field deep inside the third object of an array, and
//! every problem of a file in one run. So vacancy files are parsed into this spanned tree first, then
//! checked field by field ([`crate::validate`]). Duplicate keys are kept (the validator reports them).
//! Numbers keep their text, so `1e400` or `3.0` can be judged by the validator.

use crate::diag::Pos;

/// A JSON value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value starts (its first character).
    pub pos: Pos,
    /// The value.
    pub value: Value,
}

/// A JSON value whose children carry positions.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, keys in file order (duplicates kept).
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key starts.
    pub key_pos: Pos,
    /// The value.
    pub value: Node,
}

impl Value {
    /// The JSON type's name, for messages ("expected a string, found an array").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where parsing stopped.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
}

/// Parses a whole JSON document (RFC 8259; a UTF-8 byte-order mark is allowed).
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser { text, s: text.as_bytes(), i: 0, line: 1, col: 1, depth: 0 };
    if text.starts_with('\u{feff}') {
        p.i = 3;
    }
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

/// Parses a document whose root is an array (calling `f` with each element as soon as it is parsed, so
/// the whole tree never exists at once) or a single value (calling `f` once). Stops at the first syntax
/// error; elements before it have been passed to `f`.
pub fn parse_each(text: &str, mut f: impl FnMut(Node)) -> Result<(), SyntaxError> {
    parse_root(text, None, &mut |node, _| f(node))
}

/// [`parse_each`], with a say before each object of the root array (or the root object) and the text of
/// each element parsed.
///
/// Before parsing an object of the root array (or an object that is the root), the parser finds where it ends ([`skim_object`]: braces
/// and brackets matched outside strings, nothing checked) and calls `skip` with its text and position;
/// when `skip` returns true, the object is passed over unparsed (a caller that has seen these very bytes
/// before knows what they hold). Otherwise it is parsed and `f` gets it with its text, exactly the bytes
/// parsed. An object whose end cannot be found is parsed (and reports its error).
pub fn parse_each_with(text: &str, mut skip: impl FnMut(&str, Pos) -> bool, mut f: impl FnMut(Node, &str)) -> Result<(), SyntaxError> {
    parse_root(text, Some(&mut skip), &mut f)
}

/// What [`parse_each_with`] asks before parsing an object of the root array (`None`: nothing; no object
/// is skimmed).
type Skip<'s> = Option<&'s mut dyn FnMut(&str, Pos) -> bool>;

/// [`parse_each_with`]; without `skip`, no object is skimmed.
fn parse_root(text: &str, mut skip: Skip<'_>, f: &mut dyn FnMut(Node, &str)) -> Result<(), SyntaxError> {
    let mut p = Parser { text, s: text.as_bytes(), i: 0, line: 1, col: 1, depth: 0 };
    if text.starts_with('\u{feff}') {
        p.i = 3;
    }
    p.ws();
    if p.peek() == Some(b'[') {
        p.elements(&mut |p| p.offer_or_parse(&mut skip, f))?;
    } else {
        p.offer_or_parse(&mut skip, f)?;
    }
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(())
}

/// The length in bytes of the object that `text` starts with (at its `{`), found by matching braces and
/// brackets outside strings (a string's escapes are stepped over, nothing else is checked); `None` when
/// `text` does not start with `{` or ends first. For a well-formed object this is exactly the text the
/// parser reads as that object.
pub fn skim_object(text: &str) -> Option<usize> {
    let s = text.as_bytes();
    if s.first() != Some(&b'{') {
        return None;
    }
    let mut depth = 0u32;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'"' => {
                // To the closing quote, stepping over escapes.
                i += 1;
                loop {
                    i += s.get(i..)?.iter().position(|&c| c == b'"' || c == b'\\')?;
                    if s[i] == b'"' {
                        break;
                    }
                    i += 2;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The deepest nesting of arrays and objects: deeper is an error at the position where it goes too deep
/// (the parser recurses: 64 levels stay within 256 KiB of stack even in a debug build, so a 100,000-deep
/// array is an error, not a stack overflow). Vacancies nest 4 deep.
pub const MAX_DEPTH: u32 = 64;

/// The longest string, in bytes of UTF-8 (1 MiB): every text field of a vacancy is far shorter
/// (`validate`'s limits), so a longer string is an error at its start, before it fills memory.
pub const MAX_STRING: usize = 1 << 20;

struct Parser<'a> {
    /// The document, and its bytes (`s`): strings are copied from `text` in runs that start and end
    /// at ASCII bytes, so they are never checked as UTF-8 again.
    text: &'a str,
    s: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
    depth: u32,
}

impl Parser<'_> {
    fn pos(&self) -> Pos {
        Pos { line: self.line, col: self.col }
    }

    fn err(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError { pos: self.pos(), message: message.into() }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn bump(&mut self) {
        let b = self.s[self.i];
        self.i += 1;
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if b & 0xC0 != 0x80 {
            self.col += 1;
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    fn expect(&mut self, c: u8, what: &str) -> Result<(), SyntaxError> {
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&self, what: &str) -> SyntaxError {
        match self.peek() {
            None => self.err(format!("unexpected end of file, expected {what}")),
            Some(_) => {
                let rest = self.text.get(self.i..).unwrap_or("");
                let c = rest.chars().next().unwrap_or('?');
                self.err(format!("unexpected `{c}`, expected {what}"))
            }
        }
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        let pos = self.pos();
        let value = match self.peek() {
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(self.unexpected("a value")),
        };
        Ok(Node { pos, value })
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, SyntaxError> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            for _ in 0..w.len() {
                self.bump();
            }
            Ok(v)
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.bump();
        self.ws();
        Ok(())
    }

    fn object(&mut self) -> Result<Value, SyntaxError> {
        self.enter()?;
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.bump();
            self.depth -= 1;
            return Ok(Value::Object(members));
        }
        loop {
            let key_pos = self.pos();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a property name in double quotes"));
            }
            let key = self.string()?;
            self.ws();
            self.expect(b':', "`:` after the property name")?;
            self.ws();
            let value = self.value()?;
            members.push(Member { key, key_pos, value });
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                    self.ws();
                    if self.peek() == Some(b'}') {
                        return Err(self.err("trailing comma before `}`"));
                    }
                }
                Some(b'}') => {
                    self.bump();
                    self.depth -= 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    fn array(&mut self) -> Result<Value, SyntaxError> {
        let mut items = Vec::new();
        self.elements(&mut |p| {
            items.push(p.value()?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    /// Parses an array (at its `[`), each element by `each` (called at the element's start) as soon as
    /// the parser reaches it.
    fn elements(&mut self, each: &mut dyn FnMut(&mut Self) -> Result<(), SyntaxError>) -> Result<(), SyntaxError> {
        self.enter()?;
        if self.peek() == Some(b']') {
            self.bump();
            self.depth -= 1;
            return Ok(());
        }
        loop {
            each(self)?;
            self.ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                    self.ws();
                    if self.peek() == Some(b']') {
                        return Err(self.err("trailing comma before `]`"));
                    }
                }
                Some(b']') => {
                    self.bump();
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    /// An element of the root array, or the root (see [`parse_each_with`]): an object offered to `skip`
    /// first and passed over when it says so; otherwise parsed and handed to `f` with its text.
    fn offer_or_parse(&mut self, skip: &mut Skip<'_>, f: &mut dyn FnMut(Node, &str)) -> Result<(), SyntaxError> {
        let (text, start, pos) = (self.text, self.i, self.pos());
        let passed = skip.as_mut().and_then(|skip| {
            let raw = &text[start..start + skim_object(&text[start..])?];
            skip(raw, pos).then_some(raw)
        });
        match passed {
            Some(raw) => self.pass_over(raw),
            None => {
                let node = self.value()?;
                f(node, &text[start..self.i]);
            }
        }
        Ok(())
    }

    /// Moves past `raw` (the text at the current position), keeping the line and column.
    fn pass_over(&mut self, raw: &str) {
        let b = raw.as_bytes();
        let tail = match b.iter().rposition(|&c| c == b'\n') {
            Some(last) => {
                self.line += b.iter().filter(|&&c| c == b'\n').count() as u32;
                self.col = 1;
                &b[last + 1..]
            }
            None => b,
        };
        self.col += tail.iter().filter(|&&c| c & 0xC0 != 0x80).count() as u32;
        self.i += b.len();
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit after `.`"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.digits();
        }
        Ok(Value::Number(self.text.get(start..self.i).unwrap_or_default().to_owned()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.bump();
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos();
        self.bump(); // opening quote
        let mut out = String::new();
        loop {
            if out.len() > MAX_STRING {
                return Err(SyntaxError { pos: start, message: format!("string longer than {MAX_STRING} bytes (1 MiB)") });
            }
            let Some(b) = self.peek() else {
                return Err(self.err("unterminated string"));
            };
            match b {
                b'"' => {
                    self.bump();
                    return Ok(out);
                }
                b'\\' => {
                    self.bump();
                    let e = self.peek().ok_or_else(|| self.err("unterminated string"))?;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            self.bump();
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        _ => return Err(self.err("invalid escape in string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")),
                    };
                    self.bump();
                    out.push(c);
                }
                0..=0x1f => return Err(self.err("control character in string (write it as an escape such as \\n)")),
                _ => {
                    // Fast path: copy the run of plain bytes up to the next quote, backslash or control
                    // character at once (no newline can be inside it, so only the column moves).
                    // It starts and ends at ASCII bytes, so it is whole characters of the document.
                    let run = self.s[self.i..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(self.s.len() - self.i);
                    let Some(chars) = self.text.get(self.i..self.i + run) else {
                        return Err(self.err("invalid UTF-8 in string"));
                    };
                    out.push_str(chars);
                    self.col += chars.bytes().filter(|&c| c & 0xC0 != 0x80).count() as u32;
                    self.i += run;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self.peek().and_then(|b| (b as char).to_digit(16)).ok_or_else(|| self.err("invalid \\u escape: expected 4 hex digits"))?;
            v = v * 16 + d;
            self.bump();
        }
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.s[self.i..].starts_with(b"\\u") {
                self.bump();
                self.bump();
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(c).ok_or_else(|| self.err("invalid surrogate pair"));
                }
            }
            return Err(self.err("unpaired surrogate in \\u escape"));
        }
        char::from_u32(hi).ok_or_else(|| self.err("unpaired surrogate in \\u escape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }

    #[test]
    fn keeps_positions_of_values_and_keys() {
        let doc = "[\n  {\"标题\": \"焊工\", \"n\": 3},\n  {\"x\": [true, null]}\n]";
        let root = parse(doc).unwrap();
        let Value::Array(items) = &root.value else { panic!() };
        let Value::Object(m) = &items[0].value else { panic!() };
        assert_eq!(items[0].pos, p(2, 3));
        assert_eq!(m[0].key, "标题");
        assert_eq!(m[0].key_pos, p(2, 4));
        assert_eq!(m[0].value.pos, p(2, 10));
        assert_eq!(m[1].value.value, Value::Number("3".into()));
        assert_eq!(items[1].pos, p(3, 3));
    }

    #[test]
    fn unescapes_strings() {
        let v = parse(r#""a\"b\\c\/d\n\u00e9\ud83d\ude00\u5de5""#).unwrap().value;
        assert_eq!(v, Value::String("a\"b\\c/d\né😀工".into()));
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let cases = [
            ("{\"a\": 1,}", p(1, 9), "trailing comma"),
            ("{\"a\" 1}", p(1, 6), "expected `:`"),
            ("[1, 2", p(1, 6), "end of file"),
            ("{\n  'a': 1}", p(2, 3), "property name"),
            ("\"abc", p(1, 5), "unterminated"),
            ("[01]", p(1, 3), "`,` or `]`"),
            ("[1.]", p(1, 4), "digit after"),
            ("{} x", p(1, 4), "after the JSON value"),
            ("\"\\x\"", p(1, 3), "invalid escape"),
            ("\"\\ud800\"", p(1, 8), "unpaired surrogate"),
        ];
        for (doc, pos, msg) in cases {
            let e = parse(doc).unwrap_err();
            assert_eq!(e.pos, pos, "{doc}: {}", e.message);
            assert!(e.message.contains(msg), "{doc}: {}", e.message);
        }
    }

    #[test]
    fn parse_each_streams_array_elements() {
        let mut seen = Vec::new();
        parse_each("[1, {\"a\": 2},\n \"x\"]", |n| seen.push((n.pos, n.value.kind()))).unwrap();
        assert_eq!(seen, [(p(1, 2), "a number"), (p(1, 5), "an object"), (p(2, 2), "a string")]);
        let mut one = 0;
        parse_each(" {\"a\": 1} ", |_| one += 1).unwrap();
        assert_eq!(one, 1);
        let mut before_error = 0;
        let e = parse_each("[1, 2, }", |_| before_error += 1).unwrap_err();
        assert_eq!((before_error, e.pos), (2, p(1, 8)));
        assert!(parse_each("[1,]", |_| {}).is_err());
    }

    #[test]
    fn parse_each_with_passes_over_what_it_is_told_to_keeping_positions() {
        let doc = "\u{feff}[\n  {\"a\": \"x}\\\"{[\", \"b\": [1, {\"c\": null}]},\n  {\"标题\":\n \"焊工\"}, 7, {\"d\": 1}\n]";
        let parsed = |skip_all: bool| {
            let (mut offered, mut seen) = (Vec::new(), Vec::new());
            parse_each_with(
                doc,
                |raw, pos| {
                    offered.push((raw.to_owned(), pos));
                    skip_all && raw.contains('a')
                },
                |node, raw| seen.push((node.pos, raw.to_owned())),
            )
            .unwrap();
            (offered, seen)
        };
        let (offered, seen) = parsed(false);
        // Every object is offered with the text the parser then reads as it; 7 is no object.
        assert_eq!(offered.len(), 3);
        assert_eq!(seen.len(), 4);
        for (raw, pos) in &offered {
            assert!(seen.contains(&(*pos, raw.clone())), "{raw:?} at {pos:?}");
        }
        assert_eq!(seen[1], (p(3, 3), "{\"标题\":\n \"焊工\"}".to_owned()));
        // Passing over the first object changes no later position.
        let (_, skipped) = parsed(true);
        assert_eq!(skipped, seen[1..]);
        // A root object is offered too.
        let (mut offered, mut parsed) = (0, 0);
        parse_each_with(
            " {\"a\": [1]} ",
            |raw, pos| {
                raw == "{\"a\": [1]}" && pos == p(1, 2) && {
                    offered += 1;
                    true
                }
            },
            |_, _| parsed += 1,
        )
        .unwrap();
        assert_eq!((offered, parsed), (1, 0));
        assert!(parse_each_with("{\"a\": 1} x", |_, _| true, |_, _| {}).is_err());
        // A broken object is parsed, not passed over, and reports its error.
        let e = parse_each_with("[{\"a\": 1}, {\"b\": }]", |_, _| false, |_, _| {}).unwrap_err();
        assert_eq!(e.pos, p(1, 18));
        assert!(parse_each_with("[{\"a\": \"1}]", |_, _| true, |_, _| {}).is_err());
    }

    #[test]
    fn skim_object_finds_the_end_the_parser_finds() {
        for doc in [r#"{}"#, r#"{"a": "}"}"#, r#"{"a": "\\", "b": ["]", {"c": "\"}"}]}"#, "{\"a\":\n[[],{}]}"] {
            assert_eq!(skim_object(&format!("{doc} , {{}}")), Some(doc.len()), "{doc}");
            assert!(parse(doc).is_ok(), "{doc}");
        }
        for doc in ["", "[]", "{", r#"{"a": "}"#, r#"{"a": "\"#, "{[}"] {
            assert_eq!(skim_object(doc), None, "{doc}");
        }
    }

    #[test]
    fn refuses_pathological_nesting() {
        let doc = "[".repeat(1000) + &"]".repeat(1000);
        assert!(parse(&doc).unwrap_err().message.contains("nested deeper"));
    }

    #[test]
    fn a_hundred_thousand_deep_array_is_an_error_with_its_position_not_a_stack_overflow() {
        // On a thread with a small stack, so a parser that recursed without a limit would overflow here.
        let doc = format!("{{\"a\":\n{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let (whole, each) = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || (parse(&doc), parse_each(&doc, |_| {})))
            .unwrap()
            .join()
            .expect("no stack overflow");
        for e in [whole.unwrap_err(), each.unwrap_err()] {
            assert_eq!(e.pos, p(2, MAX_DEPTH), "{}", e.message);
            assert_eq!(e.message, format!("nested deeper than {MAX_DEPTH} levels"));
        }
        let arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = std::thread::Builder::new().stack_size(256 * 1024).spawn(move || parse_each(&arrays, |_| {})).unwrap().join().unwrap().unwrap_err();
        assert_eq!(e.pos, p(1, MAX_DEPTH + 1));
    }

    #[test]
    fn a_string_longer_than_the_limit_is_an_error_at_its_start() {
        let doc = format!("[\"ok\",\n \"{}\"]", "长".repeat(MAX_STRING / 3 + 10));
        let e = parse(&doc).unwrap_err();
        assert_eq!((e.pos, e.message.as_str()), (p(2, 2), "string longer than 1048576 bytes (1 MiB)"));
        assert!(parse(&format!("\"{}\"", "a".repeat(MAX_STRING))).is_ok(), "the limit itself is allowed");
    }

    #[test]
    fn agrees_with_serde_json_on_numbers_and_bom() {
        let v = parse("\u{feff} {\"a\": -1.5e3, \"b\": 0}").unwrap().value;
        let Value::Object(m) = v else { panic!() };
        assert_eq!(m[0].value.value, Value::Number("-1.5e3".into()));
    }
}
