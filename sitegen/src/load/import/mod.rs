//! Vacancies that are not JobPosting JSON files: spreadsheets ([`sheets`]: `.xlsx`, `.xlsm`, `.xlsb`,
//! `.xls`, `.ods`), CSV files ([`csv`], UTF-8 or GB18030) and employers' saved career pages
//! ([`careers`]: the JobPosting objects of their JSON-LD).
//!
//! A sheet is read as a table: the first row holds the headings ([`HEADINGS`], or a district's own ones
//! mapped to them by `[import.headings]` in district.toml), every other non-empty row is one vacancy.
//! A row is turned into the same JobPosting tree (`engine::json::Node`) a vacancy file holds — the free
//! text of its cells read by [`forms`] — and checked by `engine::validate::check_vacancy`, the one
//! validator of every vacancy, so a row and the JSON object it stands for give the same `Vacancy`. The
//! tree's positions are cells (line = row, col = column), so every problem points into the sheet:
//! `街道岗位.xlsx:Sheet1!F7: 薪资: "面谈后定" is not a salary (write 6000-8000元/月 or 面议)`.
//!
//! A row (or career-page object) with errors is set aside as one record; a sheet whose headings lack a
//! required column, or a file that cannot be read, is set aside whole.
//!
//! A row without 岗位编号 (an object without `identifier`) gets one made from what identifies the
//! vacancy ([`derived_identifier`]), never from its row number: sorting or inserting rows changes no
//! vacancy's address.

pub(crate) mod careers;
pub(crate) mod csv;
pub(crate) mod forms;
mod rows;
pub(crate) mod sheets;

pub(crate) use rows::table_vacancies;

use std::collections::BTreeMap;

use engine::date::{Date, DateTime};
use engine::diag::{Diagnostics, Pos};
use engine::json::{Member, Node, Value};
use engine::text::{is_valid_id, suggest};
use engine::validate::Rules;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::source::Source;
use crate::model::config::ImportConfig;

/// A built-in heading's meaning: the JobPosting property (or part of one) its column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    /// `identifier`
    Id,
    /// `title`
    Title,
    /// `hiringOrganization.name`
    Employer,
    /// `employmentType`
    WorkType,
    /// `jobLocation.address.addressLocality` (the street or town)
    Place,
    /// `jobLocation.address.streetAddress`
    Address,
    /// `jobLocation.geo.longitude`
    Lon,
    /// `jobLocation.geo.latitude`
    Lat,
    /// `baseSalary`
    Salary,
    /// `educationRequirements`
    Education,
    /// `experienceRequirements`
    Experience,
    /// `totalJobOpenings`
    Openings,
    /// `datePosted`
    Posted,
    /// `validThrough`
    Until,
    /// `description`
    Description,
    /// `skills`
    Skills,
    /// `jobBenefits`
    Benefits,
    /// `targetGroups`
    Groups,
    /// `occupationalCategory`
    Occupation,
    /// `applicationContact`
    Contact,
}

/// The built-in headings (docs/content.md lists them with the forms each reads).
pub(crate) const HEADINGS: [(&str, Field); 21] = [
    ("岗位编号", Field::Id),
    ("岗位名称", Field::Title),
    ("招聘单位", Field::Employer),
    ("用人单位", Field::Employer),
    ("工作性质", Field::WorkType),
    ("工作地点", Field::Place),
    ("详细地址", Field::Address),
    ("经度", Field::Lon),
    ("纬度", Field::Lat),
    ("薪资", Field::Salary),
    ("学历要求", Field::Education),
    ("工作经验", Field::Experience),
    ("招聘人数", Field::Openings),
    ("发布日期", Field::Posted),
    ("截止日期", Field::Until),
    ("岗位描述", Field::Description),
    ("技能要求", Field::Skills),
    ("福利待遇", Field::Benefits),
    ("重点群体", Field::Groups),
    ("职业类别", Field::Occupation),
    ("联系方式", Field::Contact),
];

/// The columns a sheet must have (a row without them is no vacancy).
const REQUIRED: [Field; 4] = [Field::Title, Field::Employer, Field::Description, Field::Posted];

impl Field {
    /// The first built-in heading of the field.
    fn heading(self) -> &'static str {
        HEADINGS.iter().find(|(_, f)| *f == self).map_or("", |(h, _)| h)
    }

    /// The field a required JobPosting property comes from.
    fn of_required_property(key: &str) -> Option<Field> {
        match key {
            "title" => Some(Field::Title),
            "description" => Some(Field::Description),
            "datePosted" => Some(Field::Posted),
            "hiringOrganization" => Some(Field::Employer),
            "identifier" => Some(Field::Id),
            _ => None,
        }
    }
}

/// A heading as compared: without white space, without `*` marks at either end and without a remark in
/// brackets at the end (`*岗位名称（必填）` is `岗位名称`).
pub(crate) fn normalize_heading(s: &str) -> String {
    let mut h: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    loop {
        let before = h.len();
        h = h.trim_matches(['*', '＊']).to_owned();
        for (open, close) in [('（', '）'), ('(', ')'), ('【', '】'), ('[', ']')] {
            if h.ends_with(close)
                && let Some(at) = h.rfind(open)
                && at > 0
            {
                h.truncate(at);
            }
        }
        if h.len() == before {
            return h;
        }
    }
}

/// A district's `[import]`, checked: its own headings (normalized) → fields; the CSV encoding it declares.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    headings: BTreeMap<String, Field>,
    encoding: Option<&'static encoding_rs::Encoding>,
}

impl Settings {
    /// The settings of `[import]` (entries with errors, reported by [`check_config`], are left out).
    pub(crate) fn from_config(c: Option<&ImportConfig>) -> Settings {
        let Some(c) = c else { return Settings::default() };
        let headings = c
            .headings
            .iter()
            .filter_map(|(own, to)| {
                let to = normalize_heading(to.get_ref());
                HEADINGS.iter().find(|(h, _)| *h == to).map(|&(_, f)| (normalize_heading(own), f))
            })
            .collect();
        let encoding = c.encoding.as_ref().and_then(|e| encoding_rs::Encoding::for_label(e.get_ref().trim().as_bytes()));
        Settings { headings, encoding }
    }

    /// The encoding `[import]` declares for CSV files.
    pub(crate) fn encoding(&self) -> Option<&'static encoding_rs::Encoding> {
        self.encoding
    }

    /// The field of a heading as written, if it has one.
    fn field(&self, heading: &str) -> Option<Field> {
        let h = normalize_heading(heading);
        self.headings.get(&h).copied().or_else(|| HEADINGS.iter().find(|(b, _)| *b == h).map(|&(_, f)| f))
    }
}

/// Checks `[import]` of a district.toml: every heading maps to a built-in one, the encoding is known.
pub(crate) fn check_config(src: &Source, c: &Spanned<ImportConfig>, diags: &mut Diagnostics) {
    let c = c.get_ref();
    for (own, to) in &c.headings {
        let pos = src.pos(to.span().start);
        if normalize_heading(own).is_empty() {
            diags.error(&src.display, pos, "`[import.headings]`: an empty heading", None);
        }
        let target = normalize_heading(to.get_ref());
        if !HEADINGS.iter().any(|(h, _)| *h == target) {
            let hint = suggest(&target, HEADINGS.iter().map(|(h, _)| *h))
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("one of {}", HEADINGS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join("、")));
            diags.error(
                &src.display,
                pos,
                format!("`[import.headings]`: `{own}` maps to `{}`, which is not a built-in heading", to.get_ref()),
                Some(hint),
            );
        }
    }
    if let Some(e) = &c.encoding
        && encoding_rs::Encoding::for_label(e.get_ref().trim().as_bytes()).is_none()
    {
        diags.error(
            &src.display,
            src.pos(e.span().start),
            format!("`[import]`: unknown encoding `{}`", e.get_ref()),
            Some("utf-8 or gb18030 (gbk and gb2312 files are read as gb18030); leave it out to have it detected".into()),
        );
    }
}

/// What reading a district's vacancy files needs besides the files.
pub(crate) struct Context<'a> {
    /// The district's slug.
    pub district: &'a str,
    /// What vacancies may refer to.
    pub rules: &'a Rules,
    /// Target groups by id and by name in every language (`高校毕业生` → `graduate`).
    pub groups: &'a BTreeMap<String, String>,
    /// The district's `[import]`.
    pub settings: &'a Settings,
}

/// A sheet as read: its name (`""` for a CSV file), the column of its first cell and its rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// The sheet's name; `""` for a CSV file.
    pub sheet: String,
    /// The column of the first cell of every row (1 = A).
    pub first_col: u32,
    /// (row number as the spreadsheet shows it, cells).
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing.
    Empty,
    /// Text (a CSV cell is always text).
    Text(String),
    /// A number.
    Number(f64),
    /// A date (a number formatted as a date in the sheet).
    Date(Date),
    /// TRUE or FALSE.
    Bool(bool),
    /// A formula's error (`#N/A`).
    Error(String),
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers without a needless `.0`, dates in ISO form.
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// An identifier as an office or an employer writes it, made one: ASCII letters in lower case, spaces,
/// `_`, `.`, `/`, `#` and `:` as `-`; `None` when other characters remain (`黄埔001`).
pub(crate) fn normalize_identifier(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.trim().chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            '-' | '_' | ' ' | '.' | '/' | '#' | ':' => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
            _ => return None,
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    is_valid_id(&out).then_some(out)
}

/// The identifier of a vacancy that has none: `<district>-` and 12 hex digits of the SHA-256 of the
/// district and, each trimmed with white space runs made one space, its title (岗位名称), employer's name
/// (招聘单位), first place's street or town (工作地点) and street address (详细地址), and the day it was
/// posted (发布日期, as a date, however it was written). The same vacancy keeps its identifier when rows
/// move, other columns change (pay, deadline, description) or it is imported to JSON; two rows alike in
/// all five are one vacancy twice (the second is set aside as a duplicate).
pub(crate) fn derived_identifier(district: &str, posting: &Node) -> String {
    let text = |path: &[&str]| -> String {
        let mut node = posting;
        for key in path {
            node = match &node.value {
                Value::Object(m) => match m.iter().find(|m| m.key == *key) {
                    Some(m) => &m.value,
                    None => return String::new(),
                },
                Value::Array(items) => match items.first().and_then(|n| match &n.value {
                    Value::Object(m) => m.iter().find(|m| m.key == *key).map(|m| &m.value),
                    _ => None,
                }) {
                    Some(n) => n,
                    None => return String::new(),
                },
                _ => return String::new(),
            };
        }
        match &node.value {
            Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
            Value::Number(n) => n.clone(),
            _ => String::new(),
        }
    };
    let posted = text(&["datePosted"]);
    let posted = DateTime::parse(&posted).map_or(posted, |d| d.china_date().to_string());
    let key = [
        district.to_owned(),
        text(&["title"]),
        text(&["hiringOrganization", "name"]),
        text(&["jobLocation", "address", "addressLocality"]),
        text(&["jobLocation", "address", "streetAddress"]),
        posted,
    ]
    .join("\u{1f}");
    let hash = Sha256::digest(key.as_bytes());
    let hex: String = hash[..6].iter().map(|b| format!("{b:02x}")).collect();
    let prefix: String = district.chars().take(64 - 13).collect();
    format!("{prefix}-{hex}")
}

fn member(key: &str, value: Node) -> Member {
    Member { key: key.to_owned(), key_pos: value.pos, value }
}

fn string(pos: Pos, s: String) -> Node {
    Node { pos, value: Value::String(s) }
}

fn number(pos: Pos, n: f64) -> Node {
    Node { pos, value: Value::Number(n.to_string()) }
}

fn array(pos: Pos, items: Vec<Node>) -> Node {
    Node { pos, value: Value::Array(items) }
}

fn object(pos: Pos, members: Vec<Member>) -> Node {
    Node { pos, value: Value::Object(members) }
}

/// Sets `key` of an object node (replacing it, or adding it first).
fn set_member(node: &mut Node, key: &str, value: Node) {
    if let Value::Object(m) = &mut node.value {
        match m.iter_mut().find(|m| m.key == key) {
            Some(existing) => existing.value = value,
            None => m.insert(0, member(key, value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_compared_without_marks_and_remarks() {
        assert_eq!(normalize_heading(" *岗位 名称（必填） "), "岗位名称");
        assert_eq!(normalize_heading("薪资(元/月)"), "薪资");
        assert_eq!(normalize_heading("＊招聘单位＊"), "招聘单位");
        assert_eq!(normalize_heading("(备注)"), "(备注)");
        let mut c = ImportConfig::default();
        c.headings.insert("单位名称".into(), Spanned::new(0..0, "招聘单位".into()));
        c.headings.insert("工作地点".into(), Spanned::new(0..0, "详细地址".into()));
        let s = Settings::from_config(Some(&c));
        assert_eq!(s.field("单位名称*"), Some(Field::Employer));
        assert_eq!(s.field("工作地点"), Some(Field::Address), "a district's mapping comes first");
        assert_eq!(s.field("用人单位"), Some(Field::Employer));
        assert_eq!(s.field("备注"), None);
    }

    #[test]
    fn identifiers_as_written_and_made() {
        assert_eq!(normalize_identifier(" HP_2026.001 ").as_deref(), Some("hp-2026-001"));
        assert_eq!(normalize_identifier("JOB #17").as_deref(), Some("job-17"));
        assert_eq!(normalize_identifier("黄埔001"), None);
        assert_eq!(normalize_identifier("--"), None);
        let tree = |title: &str, posted: &str, salary: &str| {
            engine::json::parse(&format!(
                r#"{{"title": "{title}", "datePosted": "{posted}", "hiringOrganization": {{"name": "某厂"}}, "jobLocation": [{{"address": {{"addressLocality": "云埔街道"}}}}], "baseSalary": "{salary}"}}"#
            ))
            .unwrap()
        };
        let a = derived_identifier("huangpu", &tree("焊工", "2026-11-20", "6000"));
        assert!(a.starts_with("huangpu-") && a.len() == "huangpu-".len() + 12 && is_valid_id(&a), "{a}");
        assert_eq!(a, derived_identifier("huangpu", &tree(" 焊工 ", "2026-11-20T10:00:00+08:00", "9000")), "pay and time of day do not count");
        assert_ne!(a, derived_identifier("huangpu", &tree("电工", "2026-11-20", "6000")));
        assert_ne!(a, derived_identifier("huangpu", &tree("焊工", "2026-11-21", "6000")));
        assert_ne!(a, derived_identifier("nansha", &tree("焊工", "2026-11-20", "6000")));
        assert!(is_valid_id(&derived_identifier(&"d".repeat(64), &tree("焊工", "2026-11-20", "6000"))));
    }
}
