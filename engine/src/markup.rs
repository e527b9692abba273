//! What in untrusted text (a vacancy's description: markdown with HTML in it) could make a browser run
//! script: `<script>` and the other elements that load or run code, `on…=` event-handler attributes, and
//! `javascript:`/`vbscript:`/`data:` URLs — found on the form a browser or a markdown renderer acts on,
//! not on the bytes as written.
//!
//! - Tags are read as HTML's tokenizer reads them: a tag name ends at the first character that cannot
//!   continue it (so `<script\0>` and `<script/x>` are `script`), attributes are separated by white space
//!   or `/` and may be quoted or not.
//! - URLs — attribute values that are URLs, markdown link destinations (`[x](…)`, `[x]: …`) and
//!   autolinks (`<scheme:…>`) — are decoded first: character references (`&#106;`, `&#x6A;`,
//!   `&colon;`, with or without `;` as browsers allow), markdown's backslash escapes (`javascript\:`),
//!   then white space and control characters removed, as browsers remove tabs and newlines from a URL.
//! - Anywhere in the text, after the same decoding, `javascript:` or `vbscript:` with only control
//!   characters between its letters counts too (and `data:text/html`): an error in prose costs an
//!   employer one edit, a miss could cost a citizen their session.
//!
//! The sanitizer (sitegen's `text::markdown`, on ammonia) makes all of this inert anyway; this check
//! is the documented rule, reported with a position so the employer can fix the text.

/// Elements that run or load code, or change how the page is read.
pub const UNSAFE_ELEMENTS: &[&str] = &["script", "iframe", "object", "embed", "style", "form", "svg", "math", "link", "meta", "base"];

/// URL schemes that run script or carry a document.
const UNSAFE_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// Attributes a browser follows as a URL.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite", "ping", "srcset", "lowsrc", "dynsrc", "codebase"];

/// Finds markup in untrusted text that could run script. Returns (byte offset, what was found), sorted.
pub fn unsafe_markup(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    tags(text, &mut found);
    link_destinations(text, &mut found);
    // Prose: the whole text decoded; a URL already found as a link or attribute (which starts at most
    // a few characters before: white space, `<`) is not reported twice.
    let decoded = decode(text, 0);
    for scheme in ["javascript:", "vbscript:", "data:text/html"] {
        let what = format!("a `{}` URL", scheme.trim_end_matches("text/html"));
        for at in find_spread(&decoded, scheme) {
            if !found.iter().any(|(f, w)| *w == what && *f <= at && at - *f <= 64) {
                found.push((at, what.clone()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// A decoded character and the byte offset in the source where what produced it starts.
type Decoded = Vec<(char, usize)>;

/// `s` with character references and markdown backslash escapes decoded (one level, as a browser or
/// markdown renderer decodes). `base` is added to the offsets.
fn decode(s: &str, base: usize) -> Decoded {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let c = s[i..].chars().next().expect("at a character boundary");
        if c == '&'
            && let Some((decoded, len)) = reference(&s[i..])
        {
            out.extend(decoded.chars().map(|d| (d, base + i)));
            i += len;
            continue;
        }
        if c == '\\'
            && let Some(&next) = b.get(i + 1)
            && next.is_ascii_punctuation()
        {
            out.push((next as char, base + i));
            i += 2;
            continue;
        }
        out.push((c, base + i));
        i += c.len_utf8();
    }
    out
}

/// The named references that stand for ASCII characters (the ones that can spell a scheme or hide its
/// colon), as HTML defines them; the legacy ones also work without `;`.
const NAMED: &[(&str, &str)] = &[
    ("Tab", "\t"),
    ("NewLine", "\n"),
    ("excl", "!"),
    ("quot", "\""),
    ("QUOT", "\""),
    ("num", "#"),
    ("dollar", "$"),
    ("percnt", "%"),
    ("amp", "&"),
    ("AMP", "&"),
    ("apos", "'"),
    ("lpar", "("),
    ("rpar", ")"),
    ("ast", "*"),
    ("midast", "*"),
    ("plus", "+"),
    ("comma", ","),
    ("period", "."),
    ("sol", "/"),
    ("colon", ":"),
    ("semi", ";"),
    ("lt", "<"),
    ("LT", "<"),
    ("equals", "="),
    ("gt", ">"),
    ("GT", ">"),
    ("quest", "?"),
    ("commat", "@"),
    ("lsqb", "["),
    ("lbrack", "["),
    ("bsol", "\\"),
    ("rsqb", "]"),
    ("rbrack", "]"),
    ("Hat", "^"),
    ("lowbar", "_"),
    ("UnderBar", "_"),
    ("grave", "`"),
    ("DiacriticalGrave", "`"),
    ("lcub", "{"),
    ("lbrace", "{"),
    ("verbar", "|"),
    ("vert", "|"),
    ("VerticalLine", "|"),
    ("rcub", "}"),
    ("rbrace", "}"),
    ("fjlig", "fj"),
];
const LEGACY: &[&str] = &["quot", "QUOT", "amp", "AMP", "lt", "LT", "gt", "GT"];

/// The character reference at the start of `s` (which starts with `&`): what it stands for and its
/// length in bytes.
fn reference(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = if matches!(b.get(2), Some(b'x' | b'X')) { (true, 3) } else { (false, 2) };
        let digits = b[start..].iter().take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }).count();
        if digits == 0 {
            return None;
        }
        let value = u32::from_str_radix(&s[start..start + digits.min(8)], if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let c = match value {
            0 => '\u{fffd}',
            v => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        let len = start + digits + usize::from(b.get(start + digits) == Some(&b';'));
        return Some((c.to_string(), len));
    }
    let name_len = b[1..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    let name = &s[1..1 + name_len];
    let (_, value) = NAMED.iter().find(|(n, _)| *n == name)?;
    if b.get(1 + name_len) == Some(&b';') {
        Some(((*value).to_owned(), name_len + 2))
    } else if LEGACY.contains(&name) {
        Some(((*value).to_owned(), name_len + 1))
    } else {
        None
    }
}

/// Where `word` (ASCII, lower case) occurs in `text` case-insensitively, allowing control characters
/// between its characters (browsers drop tabs and newlines from URLs).
fn find_spread(text: &Decoded, word: &str) -> Vec<usize> {
    let w: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    for start in 0..text.len() {
        if !text[start].0.eq_ignore_ascii_case(&w[0]) {
            continue;
        }
        let (mut i, mut k) = (start + 1, 1);
        while k < w.len() && i < text.len() {
            let c = text[i].0;
            if c.eq_ignore_ascii_case(&w[k]) {
                k += 1;
            } else if !c.is_control() {
                break;
            }
            i += 1;
        }
        if k == w.len() {
            out.push(text[start].1);
        }
    }
    out
}

/// The scheme of a URL as a browser reads it (leading white space and controls skipped, tabs, newlines
/// and other controls inside removed, lower case), if it has one.
fn scheme(url: &[(char, usize)]) -> Option<String> {
    let mut s = String::new();
    for &(c, _) in url {
        if c.is_control() || (s.is_empty() && c.is_whitespace()) {
            continue;
        }
        if c == ':' {
            return (!s.is_empty()).then_some(s);
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            return None;
        }
        s.push(c.to_ascii_lowercase());
    }
    None
}

fn check_url(url: &[(char, usize)], at: usize, found: &mut Vec<(usize, String)>) {
    if let Some(s) = scheme(url)
        && UNSAFE_SCHEMES.contains(&s.as_str())
    {
        found.push((at, format!("a `{s}:` URL")));
    }
}

/// Tags: unsafe elements, event-handler attributes, unsafe URLs in URL attributes.
fn tags(text: &str, found: &mut Vec<(usize, String)>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let name_end = i + b[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
        let name = text[i..name_end].to_ascii_lowercase();
        if UNSAFE_ELEMENTS.contains(&name.as_str()) {
            found.push((start, format!("a <{name}> element")));
        }
        i = name_end;
        // Attributes, until `>` (or the end; `<` inside a tag is just a character to HTML).
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/' || b[i] == 0) {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let attr_start = i;
            // The first character may be `=` (HTML's quirk); then up to white space, `/`, `>` or `=`.
            i += 1;
            while i < b.len() && !(b[i].is_ascii_whitespace() || matches!(b[i], b'/' | b'>' | b'=')) {
                i += 1;
            }
            let attr = text[attr_start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value: Option<(usize, usize)> = None;
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = b[i + 1..].iter().position(|&c| c == q).map_or(b.len(), |p| i + 1 + p);
                        value = Some((i + 1, end));
                        i = (end + 1).min(b.len());
                    }
                    _ => {
                        let end = b[i..].iter().position(|c| c.is_ascii_whitespace() || *c == b'>').map_or(b.len(), |p| i + p);
                        value = Some((i, end));
                        i = end;
                    }
                }
            }
            let handler = attr.strip_prefix("on").is_some_and(|rest| rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
            if handler && value.is_some() {
                let shown: String = attr.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                found.push((attr_start, format!("an event-handler attribute `{shown}`")));
            }
            if let Some((from, to)) = value
                && URL_ATTRIBUTES.contains(&attr.as_str())
            {
                check_url(&decode(&text[from..to], from), from, found);
            }
        }
        i = i.max(start + 1);
    }
}

/// Markdown link destinations and autolinks.
fn link_destinations(text: &str, found: &mut Vec<(usize, String)>) {
    let b = text.as_bytes();
    for i in 0..b.len() {
        let dest = match b[i] {
            // `[text](dest …)`
            b'(' if i > 0 && b[i - 1] == b']' => i + 1,
            // `[label]: dest` (a reference definition; the destination may follow on the next line)
            b':' if i > 0 && b[i - 1] == b']' => i + 1,
            // `<scheme:…>`
            b'<' => {
                let end = b[i + 1..].iter().position(|c| *c == b'>' || *c == b'<' || c.is_ascii_whitespace()).map_or(b.len(), |p| i + 1 + p);
                check_url(&decode(&text[i + 1..end], i + 1), i + 1, found);
                continue;
            }
            _ => continue,
        };
        let mut s = dest;
        while s < b.len() && (b[s].is_ascii_whitespace() || b[s] == b'<') {
            s += 1;
        }
        let end = b[s..].iter().position(|c| c.is_ascii_whitespace() || matches!(c, b')' | b'>')).map_or(b.len(), |p| s + p);
        check_url(&decode(&text[s..end], s), s, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn what(text: &str) -> Vec<String> {
        unsafe_markup(text).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn encoded_schemes_are_found_on_the_decoded_form() {
        for text in [
            "[x](javascript&colon;alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](&#x6A;avascript:alert(1))",
            "[x](&#0000106avascript:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x](java\0script:alert(1))",
            "[x](javascript\\:alert(1))",
            "[x]: &#106;avascript:alert(1)",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<a href=\"jav&Tab;ascript:alert(1)\">x</a>",
            "<a href=' &#14; javascript:alert(1)'>x</a>",
            "<a href=javascript&#58;alert(1)>x</a>",
            "<javascript:alert(1)>",
            "<JaVaScRiPt:alert(1)>",
        ] {
            assert!(what(text).iter().any(|w| w == "a `javascript:` URL"), "{text:?}: {:?}", what(text));
        }
        for (text, w) in [
            ("<a href=\"vbscript:msgbox(1)\">x</a>", "a `vbscript:` URL"),
            ("[x](DATA:text/html,x)", "a `data:` URL"),
            ("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", "a `data:` URL"),
            ("<script\0>alert(1)</script>", "a <script> element"),
            ("<script/x>alert(1)</script>", "a <script> element"),
            ("<SCRIPT\n>", "a <script> element"),
            ("<svg/onload=alert(1)>", "an event-handler attribute `onload`"),
            ("<p\tONCLICK = \"x()\">", "an event-handler attribute `onclick`"),
            ("<img src=x onerror\0=alert(1)>", "an event-handler attribute `onerror`"),
        ] {
            assert!(what(text).iter().any(|f| f == w), "{text:?}: {:?}", what(text));
        }
    }

    #[test]
    fn ordinary_text_and_formatting_pass() {
        for text in [
            "只是文字 on=1, online: 是, <p>正常</p> <a href=\"https://x\">链接</a>",
            "熟悉 JavaScript 和 Java script 开发；数据: 2026 年",
            "<img alt=\"data: 2026\" src=\"/a.png\">",
            "[官网](https://a.example/?x=1&amp;y=2) <mailto:hr@a.example> &lt;script&gt; 是文字",
            "<scripting>、<script-x> 与 <p data-x=\"1\">",
            "联系 [电话](tel:12333)，或见 [说明][1]\n\n[1]: /pages/guide/",
        ] {
            assert!(unsafe_markup(text).is_empty(), "{text:?}: {:?}", unsafe_markup(text));
        }
    }

    #[test]
    fn positions_point_at_the_source() {
        let text = "第一行\n[申请](&#106;avascript:alert(1))";
        let f = unsafe_markup(text);
        assert_eq!(f[0].0, text.find("&#106;").unwrap(), "{f:?}");
    }
}
