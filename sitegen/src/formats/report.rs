//! The rejected-records report (`sitegen build|check --report FILE`): JSON for scripts that watch what a
//! build left out.
//!
//! ```json
//! {
//!   "status": "published",
//!   "published": 1234,
//!   "rejected": [
//!     {
//!       "file": "content/districts/huangpu/vacancies/街道岗位.xlsx",
//!       "position": "Sheet1!7:7",
//!       "identifier": "huangpu-3f9a2c7d1e4b",
//!       "errors": [{"position": "Sheet1!F7", "message": "薪资: \"面谈后定\" is not a salary", "hint": "write 6000-8000元/月 or 面议"}]
//!     }
//!   ]
//! }
//! ```
//!
//! `status` is `published` (build), `checked` (check) or `failed` (nothing written: the content has
//! errors; with `--strict`, rejected records are among them). `published` is the number of open
//! vacancies published (or that a build would publish), `null` when it failed. A position is what
//! follows the file in a printed diagnostic: `line:col` in JSON and HTML files, a cell (`Sheet1!F7`,
//! CSV `F7`) or row (`Sheet1!7:7`) in spreadsheets, `null` for a whole file; `identifier` is `null`
//! when the record had none that could be read. Records are in file order, then position.

use std::collections::BTreeMap;

use engine::diag::{Diagnostic, Diagnostics, Pos, location};
use serde_json::{Value, json};

/// What became of the build or check the report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `build` wrote the portals with this many open vacancies.
    Published(usize),
    /// `check` found the content fine; a build would publish this many open vacancies.
    Checked(usize),
    /// Nothing was (or would be) written.
    Failed,
}

/// The report of the records set aside in `diags` (rejected, or made errors by `--strict`).
pub fn rejected(status: Status, diags: &Diagnostics) -> Value {
    type Key<'a> = (&'a str, Option<&'a str>, Option<Pos>, Option<&'a str>);
    let mut records: BTreeMap<Key<'_>, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags.sorted() {
        if let Some(r) = &d.record {
            records.entry((&d.path, d.sheet.as_deref(), r.pos, r.identifier.as_deref())).or_default().push(d);
        }
    }
    let rejected: Vec<Value> = records
        .into_iter()
        .map(|((file, sheet, pos, identifier), errors)| {
            json!({
                "file": file,
                "position": position(sheet, pos),
                "identifier": identifier,
                "errors": errors.iter().map(|d| json!({"position": position(d.sheet.as_deref(), d.pos), "message": d.message, "hint": d.hint})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let (status, published) = match status {
        Status::Published(n) => ("published", Some(n)),
        Status::Checked(n) => ("checked", Some(n)),
        Status::Failed => ("failed", None),
    };
    json!({"status": status, "published": published, "rejected": rejected})
}

/// A position as printed after the file name (without the `:`), or `None` for the whole file.
fn position(sheet: Option<&str>, pos: Option<Pos>) -> Option<String> {
    let at = location("", sheet, pos);
    at.strip_prefix(':').filter(|s| !s.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::diag::{Record, Severity};

    #[test]
    fn one_entry_per_record_with_each_of_its_errors() {
        let mut d = Diagnostics::new();
        let mut row = Diagnostics::new();
        let p = |line, col| Some(Pos { line, col });
        row.in_cell(Severity::Error, "a.xlsx", "Sheet1", p(7, 6), "薪资: \"面谈后定\" is not a salary", Some("write 6000-8000元/月 or 面议".into()));
        row.in_cell(Severity::Error, "a.xlsx", "Sheet1", p(7, 2), "岗位名称: empty", None);
        d.set_aside(row, &Record { pos: p(7, 0), identifier: Some("hp-1".into()) });
        let mut file = Diagnostics::new();
        file.error("b.json", None, "cannot read the file", None);
        d.set_aside(file, &Record::default());
        d.warning("c.json", p(1, 1), "expired", None);
        let r = rejected(Status::Published(12), &d);
        assert_eq!(
            r,
            json!({"status": "published", "published": 12, "rejected": [
                {"file": "a.xlsx", "position": "Sheet1!7:7", "identifier": "hp-1", "errors": [
                    {"position": "Sheet1!B7", "message": "岗位名称: empty", "hint": null},
                    {"position": "Sheet1!F7", "message": "薪资: \"面谈后定\" is not a salary", "hint": "write 6000-8000元/月 or 面议"},
                ]},
                {"file": "b.json", "position": null, "identifier": null, "errors": [{"position": null, "message": "cannot read the file", "hint": null}]},
            ]})
        );
        d.reject_as_errors();
        assert_eq!(rejected(Status::Failed, &d)["rejected"].as_array().unwrap().len(), 2, "--strict: still listed");
        assert_eq!(rejected(Status::Failed, &d)["published"], Value::Null);
    }
}
