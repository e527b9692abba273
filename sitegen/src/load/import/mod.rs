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
pub(crate) mod sheets;

use std::collections::{BTreeMap, BTreeSet};

use engine::date::{Date, DateTime};
use engine::diag::{Diagnostic, Diagnostics, Pos, Record, Severity};
use engine::json::{Member, Node, Value};
use engine::text::{is_valid_id, suggest};
use engine::vacancy::{Education, Vacancy};
use engine::validate::{self, Rules, Unknown};
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::source::Source;
use crate::model::config::ImportConfig;
use forms::ExperienceForm;

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

/// The vacancies of a table; its rows with errors are set aside into `diags` (the whole table when its
/// headings lack a required column).
pub(crate) fn table_vacancies(path: &str, table: &Table, cx: &Context<'_>, diags: &mut Diagnostics) -> Vec<Vacancy> {
    let Some((heading_row, heading_cells)) = table.rows.iter().find(|(_, cells)| cells.iter().any(|c| !c.is_empty())) else {
        return Vec::new();
    };
    let sheet = table.sheet.as_str();
    let at = |row: u32, i: usize| Pos { line: row, col: table.first_col + i as u32 };
    // The headings: each column's field, the first column of each field.
    let mut columns = Columns { fields: Vec::new(), headings: Vec::new(), first_col: table.first_col };
    let mut seen: BTreeMap<Field, usize> = BTreeMap::new();
    for (i, cell) in heading_cells.iter().enumerate() {
        let heading = cell.text();
        let field = if heading.is_empty() { None } else { cx.settings.field(&heading) };
        let pos = Some(at(*heading_row, i));
        match field {
            Some(f) if seen.contains_key(&f) => {
                let first = engine::diag::column_name(at(*heading_row, seen[&f]).col);
                diags.in_cell(
                    Severity::Warning,
                    path,
                    sheet,
                    pos,
                    format!("`{heading}` repeats column {first} ({}); this column is not read", f.heading()),
                    None,
                );
                columns.fields.push(None);
            }
            Some(f) => {
                seen.insert(f, i);
                columns.fields.push(Some(f));
            }
            None => {
                if !heading.is_empty() {
                    let hint = suggest(&normalize_heading(&heading), HEADINGS.iter().map(|(h, _)| *h))
                        .map(|s| format!("did you mean `{s}`? or map it in district.toml's [import.headings]"))
                        .unwrap_or_else(|| "map it to a built-in heading in district.toml's [import.headings] to read it".into());
                    let col = engine::diag::column_name(at(*heading_row, i).col);
                    diags.in_cell(Severity::Warning, path, sheet, pos, format!("unknown heading `{heading}`: column {col} is not read"), Some(hint));
                }
                columns.fields.push(None);
            }
        }
        columns.headings.push(heading);
    }
    let missing: Vec<&str> = REQUIRED.iter().filter(|f| !seen.contains_key(f)).map(|f| f.heading()).collect();
    if !missing.is_empty() {
        let mut of_sheet = Diagnostics::new();
        let row_pos = Some(Pos { line: *heading_row, col: 0 });
        let hint = if seen.is_empty() {
            "the first row must hold the headings (岗位名称, 招聘单位, 岗位描述, 发布日期, …): delete any title row above them".to_owned()
        } else {
            "every vacancy needs 岗位名称, 招聘单位 (or 用人单位), 岗位描述 and 发布日期; a heading of your own can be mapped in district.toml's [import.headings]".to_owned()
        };
        of_sheet.in_cell(
            Severity::Error,
            path,
            sheet,
            row_pos,
            format!("no column {}: no row of this sheet is read", missing.join(", ")),
            Some(hint),
        );
        diags.set_aside(of_sheet, &Record { pos: row_pos, identifier: None });
        return Vec::new();
    }
    let mut out = Vec::new();
    for (row, cells) in &table.rows {
        if row <= heading_row || cells.iter().all(Cell::is_empty) {
            continue;
        }
        let mut r = RowReader { path, sheet, row: *row, cells, columns: &columns, cx, diags: Diagnostics::new(), reported: BTreeSet::new() };
        let (node, identifier) = r.tree();
        let mut checked = Diagnostics::new();
        let v = validate::check_vacancy(&node, path, cx.district, cx.rules, Unknown::Error, &mut checked);
        r.adopt(checked);
        let record = Record { pos: Some(Pos { line: *row, col: 0 }), identifier: Some(identifier) };
        match v {
            Some(mut v) if !r.diags.has_errors() => {
                v.source.sheet = Some(sheet.to_owned());
                diags.extend(r.diags);
                out.push(v);
            }
            _ => diags.set_aside(r.diags, &record),
        }
    }
    out
}

/// What each column of a table holds.
struct Columns {
    fields: Vec<Option<Field>>,
    headings: Vec<String>,
    first_col: u32,
}

impl Columns {
    fn index(&self, f: Field) -> Option<usize> {
        self.fields.iter().position(|x| *x == Some(f))
    }
}

/// One row being turned into a JobPosting tree, with the problems of its cells.
struct RowReader<'a> {
    path: &'a str,
    sheet: &'a str,
    row: u32,
    cells: &'a [Cell],
    columns: &'a Columns,
    cx: &'a Context<'a>,
    diags: Diagnostics,
    /// Fields whose cell could not be read (their "missing" from the validator is not repeated).
    reported: BTreeSet<Field>,
}

impl<'a> RowReader<'a> {
    fn pos_of(&self, i: usize) -> Pos {
        Pos { line: self.row, col: self.columns.first_col + i as u32 }
    }

    /// The field's cell, unless empty: (its position, the cell).
    fn cell(&mut self, f: Field) -> Option<(Pos, &'a Cell)> {
        let i = self.columns.index(f)?;
        let cells: &'a [Cell] = self.cells;
        let cell = cells.get(i).filter(|c| !c.is_empty())?;
        if let Cell::Error(e) = cell {
            self.error(f, self.pos_of(i), format!("the cell holds the error {e}"), Some("give it a value, or leave it empty".into()));
            return None;
        }
        Some((self.pos_of(i), cell))
    }

    fn heading_at(&self, pos: Pos) -> &str {
        self.columns.headings.get((pos.col - self.columns.first_col) as usize).map_or("", String::as_str)
    }

    fn error(&mut self, f: Field, pos: Pos, message: String, hint: Option<String>) {
        let heading = self.heading_at(pos).to_owned();
        self.diags.in_cell(Severity::Error, self.path, self.sheet, Some(pos), format!("{heading}: {message}"), hint);
        self.reported.insert(f);
    }

    /// Reads a cell's text through `read`, reporting its error with `hint`.
    fn read<T>(&mut self, f: Field, hint: &str, read: impl Fn(&Cell) -> Result<T, String>) -> Option<(Pos, T)> {
        let (pos, cell) = self.cell(f)?;
        match read(cell) {
            Ok(v) => Some((pos, v)),
            Err(e) => {
                let hint = (!hint.is_empty()).then(|| hint.to_owned());
                self.error(f, pos, e, hint);
                None
            }
        }
    }

    fn text(&mut self, f: Field) -> Option<(Pos, String)> {
        self.cell(f).map(|(pos, c)| (pos, c.text()))
    }

    /// The row as a JobPosting tree (positions are its cells; the row itself is column 0), and its
    /// identifier (as written, or made from the row).
    fn tree(&mut self) -> (Node, String) {
        let row_pos = Pos { line: self.row, col: 0 };
        let mut m: Vec<Member> = Vec::new();
        let written_id =
            self.read(Field::Id, "use letters a-z, digits and -, such as hp-001; or leave the cell empty to have one made from the row", |c| {
                normalize_identifier(&c.text()).ok_or_else(|| format!("`{}` cannot be an identifier", c.text()))
            });
        let id_failed = self.reported.contains(&Field::Id);
        for (f, key) in [(Field::Title, "title"), (Field::Description, "description"), (Field::Benefits, "jobBenefits")] {
            if let Some((pos, s)) = self.text(f) {
                m.push(member(key, string(pos, s)));
            }
        }
        if let Some((pos, name)) = self.text(Field::Employer) {
            m.push(member("hiringOrganization", object(pos, vec![member("name", string(pos, name))])));
        }
        if let Some((pos, types)) =
            self.read(Field::WorkType, "全职, 兼职, 零工, 临时, 实习 or 派遣, several separated by 、", |c| forms::work_types(&c.text()))
        {
            m.push(member("employmentType", array(pos, types.iter().map(|t| string(pos, t.as_schema().to_owned())).collect())));
        }
        self.location(&mut m);
        if let Some((pos, Some(s))) = self.read(Field::Salary, "write 6000-8000元/月 or 面议", |c| forms::salary(&c.text())) {
            let mut value = vec![member("unitText", string(pos, s.unit.as_schema().to_owned()))];
            match s.max {
                Some(max) => value.extend([member("minValue", number(pos, s.min)), member("maxValue", number(pos, max))]),
                None if s.open => value.push(member("minValue", number(pos, s.min))),
                None => value.push(member("value", number(pos, s.min))),
            }
            m.push(member("baseSalary", object(pos, vec![member("currency", string(pos, "CNY".into())), member("value", object(pos, value))])));
        }
        if let Some((pos, e)) =
            self.read(Field::Education, "不限, 初中, 高中, 中专, 大专, 本科 or 研究生, optionally with 及以上", |c| {
                forms::education(&c.text())
            })
        {
            let node = match e {
                Education::None => string(pos, "no requirements".into()),
                e => object(pos, vec![member("credentialCategory", string(pos, e.as_schema().to_owned()))]),
            };
            m.push(member("educationRequirements", node));
        }
        if let Some((pos, e)) = self.read(Field::Experience, "write 3年以上, 6个月, 不限 or 应届", |c| forms::experience(&c.text())) {
            let node = match e {
                ExperienceForm::None => string(pos, "no requirements".into()),
                ExperienceForm::Months(n) => object(pos, vec![member("monthsOfExperience", number(pos, f64::from(n)))]),
            };
            m.push(member("experienceRequirements", node));
        }
        let openings = |c: &Cell| match c {
            Cell::Number(n) if n.fract() == 0.0 => Ok(Some(*n)),
            c => forms::openings(&c.text()).map(|n| n.map(f64::from)),
        };
        if let Some((pos, Some(n))) = self.read(Field::Openings, "a number, such as 5 or 5人; or 若干", openings) {
            m.push(member("totalJobOpenings", number(pos, n)));
        }
        let date = |c: &Cell| match c {
            Cell::Date(d) => Ok(*d),
            Cell::Number(n) if *n >= 1e7 => forms::date(&c.text()),
            Cell::Number(n) => forms::excel_serial(*n).ok_or_else(|| format!("{} is not a date", c.text())),
            c => forms::date(&c.text()),
        };
        let date_hint = "write 2026-11-20, 2026/11/20 or 2026年11月20日, or format the cell as a date";
        if let Some((pos, d)) = self.read(Field::Posted, date_hint, date) {
            m.push(member("datePosted", string(pos, d.to_string())));
        }
        let deadline = |c: &Cell| if forms::no_deadline(&c.text()) { Ok(None) } else { date(c).map(Some) };
        if let Some((pos, Some(d))) = self.read(Field::Until, &format!("{date_hint}; or 长期"), deadline) {
            m.push(member("validThrough", string(pos, d.to_string())));
        }
        if let Some((pos, skills)) = self.text(Field::Skills).map(|(p, s)| (p, forms::list(&s))) {
            m.push(member("skills", array(pos, skills.into_iter().map(|s| string(pos, s)).collect())));
        }
        self.groups(&mut m);
        if let Some((pos, o)) = self
            .read(Field::Occupation, "write a GB/T 6565 code and name, such as 6-18-02 焊工, or only one of them", |c| forms::occupation(&c.text()))
        {
            m.push(member("occupationalCategory", string(pos, o)));
        }
        if let Some((pos, text)) = self.text(Field::Contact) {
            m.push(member("applicationContact", contact(pos, &text)));
        }
        let mut node = object(row_pos, m);
        let identifier = match written_id {
            Some((pos, id)) => {
                set_member(&mut node, "identifier", string(pos, id.clone()));
                id
            }
            None => {
                let id = derived_identifier(self.cx.district, &node);
                // A written identifier that cannot be read is not replaced by a made one.
                if !id_failed {
                    set_member(&mut node, "identifier", string(row_pos, id.clone()));
                }
                id
            }
        };
        (node, identifier)
    }

    /// 工作地点, 详细地址, 经度, 纬度 → `jobLocation`.
    fn location(&mut self, m: &mut Vec<Member>) {
        let place = self.text(Field::Place);
        let street = self.text(Field::Address);
        let coordinate = |c: &Cell| match c {
            Cell::Number(n) => Ok(*n),
            c => c.text().parse::<f64>().map_err(|_| format!("\"{}\" is not a number", c.text())),
        };
        let lon = self.read(Field::Lon, "degrees as a decimal number, such as 113.45", coordinate);
        let lat = self.read(Field::Lat, "degrees as a decimal number, such as 23.12", coordinate);
        let mut loc = Vec::new();
        let mut address = Vec::new();
        if let Some((pos, s)) = &street {
            address.push(member("streetAddress", string(*pos, s.clone())));
        }
        if let Some((pos, s)) = &place {
            address.push(member("addressLocality", string(*pos, s.clone())));
        }
        let loc_pos = place.as_ref().or(street.as_ref()).map(|(p, _)| *p);
        if let Some(pos) = loc_pos {
            loc.push(member("address", object(pos, address)));
        }
        match (lon, lat) {
            (Some((lo_pos, lo)), Some((la_pos, la))) => {
                loc.push(member("geo", object(lo_pos, vec![member("latitude", number(la_pos, la)), member("longitude", number(lo_pos, lo))])));
            }
            (Some((pos, _)), None) | (None, Some((pos, _))) if !self.reported.contains(&Field::Lon) && !self.reported.contains(&Field::Lat) => {
                self.error(Field::Lon, pos, "give both 经度 and 纬度, or neither".into(), None);
            }
            _ => {}
        }
        if let Some(first) = loc.first() {
            let pos = first.value.pos;
            m.push(member("jobLocation", object(pos, loc)));
        }
    }

    /// 重点群体: names (or ids) of site.toml's target groups → `targetGroups`.
    fn groups(&mut self, m: &mut Vec<Member>) {
        let Some((pos, text)) = self.text(Field::Groups) else { return };
        let mut ids = Vec::new();
        for name in forms::list(&text) {
            match self.cx.groups.get(&name) {
                Some(id) => ids.push(string(pos, id.clone())),
                None => {
                    let names: Vec<&str> = self.cx.groups.keys().filter(|k| !is_valid_id(k)).map(String::as_str).collect();
                    let hint = suggest(&name, names.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("the groups of site.toml: {}", names.join("、")));
                    self.error(Field::Groups, pos, format!("`{name}` is not a target group"), Some(hint));
                }
            }
        }
        m.push(member("targetGroups", array(pos, ids)));
    }

    /// Takes the validator's problems with the row's tree: in this sheet, each named by its column's
    /// heading; "missing `title`" becomes "岗位名称: empty" at that cell (unless the cell was reported).
    fn adopt(&mut self, checked: Diagnostics) {
        for d in checked.iter() {
            let mut d: Diagnostic = d.clone();
            d.sheet = Some(self.sheet.to_owned());
            let Some(pos) = d.pos else { continue };
            if pos.col > 0 {
                d.message = format!("{}: {}", self.heading_at(pos), d.message);
            } else if let Some(key) = d.message.strip_prefix("missing required property `").and_then(|k| k.strip_suffix('`'))
                && let Some(f) = Field::of_required_property(key)
            {
                if self.reported.contains(&f) {
                    continue;
                }
                if let Some(i) = self.columns.index(f) {
                    let at = self.pos_of(i);
                    d.pos = Some(at);
                    d.message = format!("{}: empty (every vacancy needs it)", self.heading_at(at));
                }
            }
            self.diags.add(d);
        }
    }
}

/// 联系方式: an e-mail address (with `@`) → `email`, a web address → `url`, the rest → `telephone`.
fn contact(pos: Pos, text: &str) -> Node {
    let mut email = None;
    let mut url = None;
    let mut rest = Vec::new();
    for part in text.split([' ', '\u{3000}', '、', '，', ',', ';', '；', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        if part.contains('@') && email.is_none() {
            email = Some(part);
        } else if (part.starts_with("http://") || part.starts_with("https://")) && url.is_none() {
            url = Some(part);
        } else {
            rest.push(part);
        }
    }
    let mut m = Vec::new();
    if !rest.is_empty() {
        m.push(member("telephone", string(pos, rest.join(" "))));
    }
    for (key, v) in [("email", email), ("url", url)] {
        if let Some(v) = v {
            m.push(member(key, string(pos, v.to_owned())));
        }
    }
    object(pos, m)
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
