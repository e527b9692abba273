//! Diagnostics: one problem in one input file, with its position, a message and an optional hint.
//!
//! Every loader pushes into a [`Diagnostics`] list instead of stopping at the first problem, so a run
//! reports everything at once. The display form is the one compilers use, `path:line:col: error: what is
//! wrong (hint)`, which editors and CI logs turn into links.
//!
//! In a spreadsheet (a sheet of an `.xlsx`, or a CSV file) a position is a cell: [`Diagnostic::sheet`] is
//! set and the [`Pos`] holds the row and the column number, shown as the reference one types into a
//! spreadsheet's Name Box: `file.xlsx:Sheet1!F7`, a whole row `file.xlsx:Sheet1!7:7`, and in a CSV file
//! (one sheet without a name) `file.csv:F7` ([`location`]).
//!
//! A vacancy record (one JSON object, sheet row or career-page object) with errors can be *set aside*
//! rather than fail the build ([`Diagnostics::set_aside`]): its errors become [`Severity::Rejected`] and
//! carry the [`Record`] they reject; [`Diagnostics::reject_as_errors`] turns them back into errors.
//!
//! Messages quote what the input says, and the input is not always ours (vacancy files come from
//! employers' HR systems). So every diagnostic is made safe for a terminal or log where it is created
//! ([`Diagnostics::error`], [`Diagnostics::warning`]): control characters (escape sequences, newlines
//! that would forge log lines) and the bidirectional-text controls are written as escapes (`\u{1b}`,
//! `\n`), and a quoted value longer than [`MAX_QUOTED`] characters is cut.

use std::fmt;

/// How bad a problem is: errors fail the build, rejected records are left out of it, warnings are only
/// reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails and writes nothing.
    Error,
    /// The vacancy record it names is set aside; the build publishes the others.
    Rejected,
    /// Reported; the build goes on (e.g. an expired vacancy left out).
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, starting at 1.
    pub line: u32,
    /// Column in characters, starting at 1.
    pub col: u32,
}

impl Pos {
    /// The position of byte offset `offset` in `text` (clamped to the text's end).
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() as u32 + 1;
        Pos { line, col }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The longest value a message quotes between backticks, in characters; longer ones are cut with "…".
pub const MAX_QUOTED: usize = 100;

/// `text` safe to print: control and bidi-control characters escaped, values between backticks cut to
/// [`MAX_QUOTED`] characters.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4096));
    let mut quoted: Option<usize> = None; // characters so far inside the current backticks
    for c in text.chars() {
        if c == '`' {
            quoted = if quoted.is_some() { None } else { Some(0) };
            out.push(c);
            continue;
        }
        if let Some(n) = quoted.as_mut() {
            *n += 1;
            if *n == MAX_QUOTED + 1 {
                out.push('…');
            }
            if *n > MAX_QUOTED {
                continue;
            }
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, as the user named it (relative to where they ran the command when possible).
    pub path: String,
    /// In a spreadsheet, the sheet (`""` for a CSV file's one sheet); then `pos` is a cell: `line` the
    /// row, `col` the column (1 = A; 0 = the whole row).
    pub sheet: Option<String>,
    /// Where in the file; `None` for problems with the file (or sheet) as a whole.
    pub pos: Option<Pos>,
    /// Error, rejected record or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence without a trailing period.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
    /// The vacancy record this problem sets aside (in the same file and sheet), once it is set aside.
    pub record: Option<Record>,
}

/// A vacancy record set aside: where it starts and its identifier when it has one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Record {
    /// Where the record starts (a JSON object's `{`, a sheet's row); `None` for a whole file or sheet
    /// that could not be read.
    pub pos: Option<Pos>,
    /// Its identifier as written (or as made for a row without one), when known.
    pub identifier: Option<String>,
}

/// `path`, then the position: `:line:col` in a text file; in a spreadsheet (`sheet` given) the cell as a
/// spreadsheet's Name Box takes it — `:Sheet1!F7`, a whole row `:Sheet1!7:7`, a whole sheet `:Sheet1`;
/// in a CSV file (sheet `""`) `:F7`, `:7:7`.
pub fn location(path: &str, sheet: Option<&str>, pos: Option<Pos>) -> String {
    let mut s = path.to_owned();
    match (sheet, pos) {
        (None, Some(p)) => s.push_str(&format!(":{}:{}", p.line, p.col)),
        (None, None) => {}
        (Some(sheet), pos) => {
            s.push(':');
            s.push_str(sheet);
            if let Some(p) = pos {
                if !sheet.is_empty() {
                    s.push('!');
                }
                s.push_str(&cell_name(p));
            }
        }
    }
    s
}

/// A cell's A1 reference (`F7`), or a whole row's (`7:7`) when the column is 0.
pub fn cell_name(p: Pos) -> String {
    if p.col == 0 { format!("{0}:{0}", p.line) } else { format!("{}{}", column_name(p.col), p.line) }
}

/// A spreadsheet column's letters: 1 → `A`, 26 → `Z`, 27 → `AA`.
pub fn column_name(col: u32) -> String {
    let mut n = col;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&location(&self.path, self.sheet.as_deref(), self.pos))?;
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Rejected => "rejected",
            Severity::Warning => "warning",
        };
        write!(f, ": {level}: {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// A list of problems, filled by every loader of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error.
    pub fn error(&mut self, path: &str, pos: Option<Pos>, message: impl Into<String>, hint: Option<String>) {
        self.push(path, pos, Severity::Error, message, hint);
    }

    /// Records a warning.
    pub fn warning(&mut self, path: &str, pos: Option<Pos>, message: impl Into<String>, hint: Option<String>) {
        self.push(path, pos, Severity::Warning, message, hint);
    }

    fn push(&mut self, path: &str, pos: Option<Pos>, severity: Severity, message: impl Into<String>, hint: Option<String>) {
        self.add(Diagnostic { path: path.to_owned(), sheet: None, pos, severity, message: message.into(), hint, record: None });
    }

    /// Records a problem in a spreadsheet's cell (see [`Diagnostic::sheet`]).
    pub fn in_cell(&mut self, severity: Severity, path: &str, sheet: &str, pos: Option<Pos>, message: impl Into<String>, hint: Option<String>) {
        self.add(Diagnostic { path: path.to_owned(), sheet: Some(sheet.to_owned()), pos, severity, message: message.into(), hint, record: None });
    }

    /// Records a diagnostic, made printable (see the module docs) like every other.
    pub fn add(&mut self, mut d: Diagnostic) {
        d.path = printable(&d.path);
        d.sheet = d.sheet.map(|s| printable(&s));
        d.message = printable(&d.message);
        d.hint = d.hint.map(|h| printable(&h));
        self.items.push(d);
    }

    /// Appends every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Sets a vacancy record aside: the errors of `of_record` (the problems found in that one record)
    /// become [`Severity::Rejected`] naming `record`; its warnings stay warnings.
    pub fn set_aside(&mut self, of_record: Diagnostics, record: &Record) {
        for mut d in of_record.items {
            if d.severity == Severity::Error {
                d.severity = Severity::Rejected;
                d.record = Some(record.clone());
            }
            self.items.push(d);
        }
    }

    /// Makes every rejected record an error again (`--strict`: a bad record fails the build).
    pub fn reject_as_errors(&mut self) {
        for d in &mut self.items {
            if d.severity == Severity::Rejected {
                d.severity = Severity::Error;
            }
        }
    }

    /// Every problem, in the order recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Every problem, to change in place (e.g. to say which sheet and column they are in).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// True when at least one error (not just warnings) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// Number of records set aside (not of their problems: a record with three problems counts once),
    /// whether still [`Severity::Rejected`] or made errors by [`Diagnostics::reject_as_errors`].
    pub fn rejected_records(&self) -> usize {
        let mut records: Vec<(&str, Option<&str>, &Record)> =
            self.items.iter().filter_map(|d| Some((d.path.as_str(), d.sheet.as_deref(), d.record.as_ref()?))).collect();
        records.sort();
        records.dedup();
        records.len()
    }

    /// The problems sorted by file, sheet, position and message, so output is stable whatever order
    /// files were read in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.path, &a.sheet, a.pos, &a.message).cmp(&(&b.path, &b.sheet, b.pos, &b.message)));
        v
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "第一行\n岗位: x";
        let off = text.find('x').unwrap();
        assert_eq!(Pos::of_offset(text, off), Pos { line: 2, col: 5 });
        assert_eq!(Pos::of_offset(text, 0), Pos { line: 1, col: 1 });
    }

    #[test]
    fn display_is_path_line_col_message_hint() {
        let mut d = Diagnostics::new();
        d.error("a/b.json", Some(Pos { line: 3, col: 7 }), "unknown property `titel`", Some("did you mean `title`?".into()));
        d.warning("a/a.json", None, "vacancy `x` expired on 2026-01-01", None);
        let s: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            s,
            ["a/a.json: warning: vacancy `x` expired on 2026-01-01", "a/b.json:3:7: error: unknown property `titel` (did you mean `title`?)"]
        );
        assert!(d.has_errors());
        assert_eq!((d.error_count(), d.warning_count()), (1, 1));
    }

    #[test]
    fn cells_are_shown_as_name_box_references() {
        assert_eq!(column_name(1), "A");
        assert_eq!(column_name(6), "F");
        assert_eq!(column_name(26), "Z");
        assert_eq!(column_name(27), "AA");
        assert_eq!(column_name(703), "AAA");
        let p = |line, col| Some(Pos { line, col });
        assert_eq!(location("a.xlsx", Some("Sheet1"), p(7, 6)), "a.xlsx:Sheet1!F7");
        assert_eq!(location("a.xlsx", Some("Sheet1"), p(7, 0)), "a.xlsx:Sheet1!7:7");
        assert_eq!(location("a.xlsx", Some("Sheet1"), None), "a.xlsx:Sheet1");
        assert_eq!(location("a.csv", Some(""), p(7, 6)), "a.csv:F7");
        assert_eq!(location("a.json", None, p(7, 6)), "a.json:7:6");
        let mut d = Diagnostics::new();
        d.in_cell(Severity::Error, "a.xlsx", "Sheet1", p(10, 6), "薪资: bad", None);
        d.in_cell(Severity::Error, "a.xlsx", "Sheet1", p(9, 6), "薪资: bad", None);
        let s: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(s, ["a.xlsx:Sheet1!F9: error: 薪资: bad", "a.xlsx:Sheet1!F10: error: 薪资: bad"], "rows in order, not as text");
    }

    #[test]
    fn set_aside_records_are_counted_once_and_can_be_made_errors() {
        let mut of_record = Diagnostics::new();
        of_record.error("a.json", Some(Pos { line: 3, col: 5 }), "`title` is empty", None);
        of_record.error("a.json", Some(Pos { line: 4, col: 5 }), "`datePosted` is not a date", None);
        of_record.warning("a.json", Some(Pos { line: 5, col: 5 }), "`url` is not read", None);
        let mut d = Diagnostics::new();
        d.set_aside(of_record, &Record { pos: Some(Pos { line: 2, col: 3 }), identifier: Some("x".into()) });
        assert!(!d.has_errors());
        assert_eq!((d.rejected_records(), d.warning_count()), (1, 1));
        assert_eq!(d.sorted()[0].to_string(), "a.json:3:5: rejected: `title` is empty");
        d.reject_as_errors();
        assert_eq!((d.error_count(), d.rejected_records()), (2, 1));
    }

    #[test]
    fn untrusted_values_cannot_act_on_a_terminal_or_forge_lines() {
        let mut d = Diagnostics::new();
        let value = "\u{1b}[2J\u{1b}[31mred\nsrc/main.rs:1:1: error: forged\r\u{7}\u{9b}\u{202e}txt.exe";
        d.error(
            "a\u{1b}]0;title\u{7}.json",
            Some(Pos { line: 1, col: 2 }),
            format!("unknown property `{value}`"),
            Some(format!("did you mean `{value}`?")),
        );
        let shown = d.sorted()[0].to_string();
        assert_eq!(
            shown,
            "a\\u{1b}]0;title\\u{7}.json:1:2: error: unknown property `\\u{1b}[2J\\u{1b}[31mred\\nsrc/main.rs:1:1: error: forged\\r\\u{7}\\u{9b}\\u{202e}txt.exe` \
             (did you mean `\\u{1b}[2J\\u{1b}[31mred\\nsrc/main.rs:1:1: error: forged\\r\\u{7}\\u{9b}\\u{202e}txt.exe`?)"
        );
        assert!(!shown.chars().any(char::is_control));
        // A long value is cut; the message around it stays whole.
        d.warning("b.json", None, format!("`title` `{}` is too long (50000 characters)", "长".repeat(50_000)), None);
        let long = d.sorted()[1].to_string();
        assert_eq!(long, format!("b.json: warning: `title` `{}…` is too long (50000 characters)", "长".repeat(MAX_QUOTED)));
        assert_eq!(printable("只是文字 `正常`"), "只是文字 `正常`");
    }
}
