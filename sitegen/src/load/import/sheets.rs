//! Spreadsheet files (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read with calamine into [`Table`]s: every
//! visible worksheet, cells as typed (text, number, date, error). Hidden sheets, chart sheets and macro
//! sheets are not read.

use std::path::Path;

use calamine::{Data, Reader, SheetType, SheetVisible};
use engine::date::Date;

use super::{Cell, Table};

/// The visible worksheets of a workbook, in workbook order; empty sheets are left out.
pub(crate) fn read(path: &Path) -> Result<Vec<Table>, String> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| format!("cannot read the spreadsheet: {e}"))?;
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut tables = Vec::new();
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| format!("cannot read the sheet `{name}`: {e}"))?;
        let Some((row0, col0)) = range.start() else { continue };
        let rows = range.rows().enumerate().map(|(i, cells)| (row0 + i as u32 + 1, cells.iter().map(cell).collect())).collect();
        tables.push(Table { sheet: name, first_col: col0 + 1, rows });
    }
    Ok(tables)
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(t) if t.is_datetime() => {
            let (y, m, d, ..) = t.to_ymd_hms_milli();
            Date::new(i32::from(y), u32::from(m), u32::from(d)).map_or(Cell::Number(t.as_f64()), Cell::Date)
        }
        Data::DateTime(t) => Cell::Number(t.as_f64()),
        Data::DateTimeIso(s) => s.get(..10).and_then(|d| Date::parse(d).ok()).map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}
