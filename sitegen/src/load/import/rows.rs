//! A table's rows turned into vacancies: the headings row read into columns ([`super::Field`]s), each
//! other non-empty row into the JobPosting tree a vacancy file would hold — positions are cells — checked
//! by `engine::validate::check_vacancy`, whose messages are then named by the sheet's own headings.

use std::collections::{BTreeMap, BTreeSet};

use engine::diag::{Diagnostic, Diagnostics, Pos, Record, Severity};
use engine::json::{Member, Node};
use engine::text::{is_valid_id, suggest};
use engine::vacancy::{Education, Vacancy};
use engine::validate::{self, Unknown};

use super::forms::{self, ExperienceForm};
use super::{
    Cell, Context, Field, HEADINGS, REQUIRED, Table, array, derived_identifier, member, normalize_heading, normalize_identifier, number, object,
    set_member, string,
};

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
