//! Employers' career pages saved into `vacancies/` (`.html`, `.htm`): the JobPosting objects of their
//! `<script type="application/ld+json">` blocks — a block's root object, the elements of a root array,
//! and the elements of `@graph` (in either) — each one vacancy record.
//!
//! No HTML parser is needed for this: by the HTML standard a `<script>` element's content is raw text
//! that ends at the first `</script` (case-insensitive, followed by white space, `/` or `>`), and no
//! character reference inside it is decoded. So the scanner below only has to recognise comments
//! (`<!-- … -->`, where a commented-out script does not count), a `<script` start tag with its
//! attributes (quoted with `"` or `'` or not at all; a `>` inside quotes does not end the tag) and that
//! end. What is inside is parsed by `engine::json` with positions, moved to the page's lines and columns.
//!
//! Career pages use all of schema.org, so properties a vacancy file may not use are warnings (and not
//! read) rather than errors; their identifiers are normalized like 岗位编号, or made from the vacancy
//! when missing (see [`super::derived_identifier`]).

use engine::diag::{Diagnostics, Pos, Record};
use engine::json::{self, Node, Value};
use engine::vacancy::Vacancy;
use engine::validate::{self, Unknown};

use super::{Context, derived_identifier, normalize_identifier, set_member, string};

/// A JSON-LD block: its text and where that text starts in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block<'a> {
    /// The script's content.
    pub text: &'a str,
    /// Where the content starts.
    pub pos: Pos,
}

/// The `<script type="application/ld+json">` blocks of an HTML page, in page order.
pub(crate) fn json_ld_blocks(html: &str) -> Vec<Block<'_>> {
    let lower = html.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        i += off;
        if lower[i..].starts_with("<!--") {
            i = lower[i + 4..].find("-->").map_or(b.len(), |e| i + 4 + e + 3);
            continue;
        }
        let after = i + "<script".len();
        if !(lower[i..].starts_with("<script") && b.get(after).is_some_and(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')) {
            i += 1;
            continue;
        }
        let (tag_end, is_json_ld) = start_tag(&html[after..], &lower[after..]);
        let start = after + tag_end;
        let end = end_of_script(&lower, start);
        if is_json_ld {
            out.push(Block { text: &html[start..end], pos: Pos::of_offset(html, start) });
        }
        i = end;
    }
    out
}

/// Reads a start tag's attributes (after `<script`): returns the length up to and including its `>`,
/// and whether its `type` is `application/ld+json`.
fn start_tag(tag: &str, lower: &str) -> (usize, bool) {
    let b = lower.as_bytes();
    let mut i = 0;
    let mut is_json_ld = false;
    while i < b.len() {
        match b[i] {
            b'>' => return (i + 1, is_json_ld),
            c if c.is_ascii_whitespace() || c == b'/' => i += 1,
            _ => {
                let name_start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                    i += 1;
                }
                let name = &lower[name_start..i];
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if b.get(i) != Some(&b'=') {
                    continue;
                }
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (value_start, value_end) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = lower[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                        let v = (i + 1, end);
                        i = (end + 1).min(b.len());
                        v
                    }
                    _ => {
                        let start = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        (start, i)
                    }
                };
                if name == "type" {
                    let value = tag[value_start..value_end].trim();
                    let mime = value.split(';').next().unwrap_or("").trim();
                    is_json_ld = mime.eq_ignore_ascii_case("application/ld+json");
                }
            }
        }
    }
    (b.len(), is_json_ld)
}

/// Where a script's raw text that starts at `from` ends: at `</script` followed by white space, `/` or
/// `>` (or at the end of the page).
fn end_of_script(lower: &str, from: usize) -> usize {
    let b = lower.as_bytes();
    let mut i = from;
    while let Some(off) = lower[i..].find("</script") {
        let at = i + off;
        match b.get(at + "</script".len()) {
            Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/' => return at,
            None => return at,
            _ => i = at + 1,
        }
    }
    b.len()
}

/// Moves positions counted from a block's start to the page's: the first line shifts by the block's
/// column, every line by its line.
fn move_to(node: &mut Node, start: Pos) {
    let shift = |p: &mut Pos| {
        if p.line == 1 {
            p.col += start.col - 1;
        }
        p.line += start.line - 1;
    };
    shift(&mut node.pos);
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|n| move_to(n, start)),
        Value::Object(members) => {
            for m in members {
                shift(&mut m.key_pos);
                move_to(&mut m.value, start);
            }
        }
        _ => {}
    }
}

fn is_job_posting(node: &Node) -> bool {
    let Value::Object(m) = &node.value else { return false };
    m.iter().any(|m| m.key == "@type" && matches!(&m.value.value, Value::String(s) if s == "JobPosting"))
}

/// The JobPosting objects of a block's tree: the root, a root array's elements, `@graph`'s elements.
fn job_postings(node: Node, out: &mut Vec<Node>) {
    match node.value {
        Value::Array(items) => items.into_iter().for_each(|n| job_postings(n, out)),
        Value::Object(_) if is_job_posting(&node) => out.push(node),
        Value::Object(members) => {
            if let Some(graph) = members.into_iter().find(|m| m.key == "@graph") {
                job_postings(graph.value, out);
            }
        }
        _ => {}
    }
}

/// The vacancies of a career page; its JobPostings with errors (and blocks that are not JSON) are set
/// aside into `diags`; a page without any JobPosting is a warning.
pub(crate) fn page_vacancies(path: &str, html: &str, cx: &Context<'_>, diags: &mut Diagnostics) -> Vec<Vacancy> {
    let mut postings = Vec::new();
    for block in json_ld_blocks(html) {
        match json::parse(block.text) {
            Ok(mut node) => {
                move_to(&mut node, block.pos);
                job_postings(node, &mut postings);
            }
            Err(e) => {
                let mut at = Node { pos: e.pos, value: Value::Null };
                move_to(&mut at, block.pos);
                let mut of_block = Diagnostics::new();
                of_block.error(path, Some(at.pos), format!("JSON-LD block is not JSON: {}", e.message), None);
                diags.set_aside(of_block, &Record { pos: Some(at.pos), identifier: None });
            }
        }
    }
    if postings.is_empty() {
        diags.warning(
            path,
            None,
            "no JobPosting in the page's JSON-LD (<script type=\"application/ld+json\">)",
            Some("only a page's JobPosting JSON-LD is read from an HTML file".into()),
        );
    }
    let mut out = Vec::new();
    for mut node in postings {
        let identifier = match validate::identifier_as_written(&node) {
            Some(written) => match normalize_identifier(&written) {
                Some(id) => {
                    let pos = node.pos;
                    set_member(&mut node, "identifier", string(pos, id.clone()));
                    id
                }
                None => written,
            },
            None => {
                let id = derived_identifier(cx.district, &node);
                let pos = node.pos;
                set_member(&mut node, "identifier", string(pos, id.clone()));
                id
            }
        };
        let mut of_record = Diagnostics::new();
        match validate::check_vacancy(&node, path, cx.district, cx.rules, Unknown::Ignore, &mut of_record) {
            Some(v) => {
                diags.extend(of_record);
                out.push(v);
            }
            None => diags.set_aside(of_record, &Record { pos: Some(node.pos), identifier: Some(identifier) }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_by_their_type_only() {
        let page = "<html><head>\n<!-- <script type=\"application/ld+json\">{\"old\": 1}</script> -->\n\
            <script>var a = \"<script type='application/ld+json'>\";</script>\n\
            <SCRIPT data-x='a>b' TYPE=\"Application/LD+JSON; charset=utf-8\">{\"a\": \"</scripts>\"}</SCRIPT >\n\
            <script type=application/ld+json>[1]</script>\n\
            <script type=\"text/json\">{}</script><script type=\"application/ld+json\"></script";
        let blocks = json_ld_blocks(page);
        assert_eq!(
            blocks,
            [
                Block { text: "{\"a\": \"</scripts>\"}", pos: Pos { line: 4, col: 64 } },
                Block { text: "[1]", pos: Pos { line: 5, col: 34 } },
                Block { text: "", pos: Pos { line: 6, col: 72 } },
            ]
        );
    }

    #[test]
    fn positions_move_to_the_page() {
        let mut n = json::parse("{\"a\":\n  1}").unwrap();
        move_to(&mut n, Pos { line: 10, col: 5 });
        assert_eq!(n.pos, Pos { line: 10, col: 5 });
        let Value::Object(m) = &n.value else { panic!() };
        assert_eq!((m[0].key_pos, m[0].value.pos), (Pos { line: 10, col: 6 }, Pos { line: 11, col: 3 }));
    }

    #[test]
    fn job_postings_in_roots_arrays_and_graphs() {
        let mut out = Vec::new();
        let tree = json::parse(
            r#"{"@context": "https://schema.org", "@graph": [{"@type": "Organization"}, {"@type": "JobPosting", "title": "a"}, {"@graph": [{"@type": "JobPosting", "title": "b"}]}]}"#,
        )
        .unwrap();
        job_postings(tree, &mut out);
        job_postings(json::parse(r#"[{"@type": "JobPosting", "title": "c"}, {"@type": "WebPage"}]"#).unwrap(), &mut out);
        assert_eq!(out.len(), 3);
    }
}
