//! Diagnostics: one problem in one input file, with its position, a message and an optional hint.
//!
//! Every loader pushes into a [`Diagnostics`] list instead of stopping at the first problem, so a run
//! reports everything at once. The display form is the one compilers use, `path:line:col: error: what is
//! wrong (hint)`, which editors and CI logs turn into links.
//!
//! Messages quote what the input says, and the input is not always ours (vacancy files come from
//! employers' HR systems). So every diagnostic is made safe for a terminal or log where it is created
//! ([`Diagnostics::error`], [`Diagnostics::warning`]): control characters (escape sequences, newlines
//! that would forge log lines) and the bidirectional-text controls are written as escapes (`\u{1b}`,
//! `\n`), and a quoted value longer than [`MAX_QUOTED`] characters is cut.

use std::fmt;

/// How bad a problem is: errors fail the build, warnings are only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails and writes nothing.
    Error,
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
    /// Where in the file; `None` for problems with the file as a whole.
    pub pos: Option<Pos>,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence without a trailing period.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(p) = self.pos {
            write!(f, ":{}:{}", p.line, p.col)?;
        }
        let level = match self.severity {
            Severity::Error => "error",
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
        let (path, message, hint) = (printable(path), printable(&message.into()), hint.map(|h| printable(&h)));
        self.items.push(Diagnostic { path, pos, severity, message, hint });
    }

    /// Appends every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
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

    /// The problems sorted by file, position and message, so output is stable whatever order files were
    /// read in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (&a.path, a.pos, &a.message).cmp(&(&b.path, b.pos, &b.message)));
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
