//! CSV files read with the `csv` crate into one [`Table`] (sheet `""`: positions are cells, `F7`).
//!
//! The encoding: what `[import] encoding` in district.toml declares; otherwise a byte-order mark says it
//! (UTF-8, UTF-16); otherwise text that is valid UTF-8 is UTF-8, and anything else GB18030 (which reads
//! GBK and GB2312 too: what Excel and WPS save as "CSV" on a Chinese Windows). Valid UTF-8 that was meant
//! as GBK is unlikely for Chinese text (GBK's two-byte sequences are rarely valid UTF-8); a file that
//! is neither is reported, not read with replacement characters.

use encoding_rs::{Encoding, GB18030, UTF_8};

use super::{Cell, Table};

/// Decodes a text file's bytes: `declared`, else by byte-order mark, else UTF-8 when valid, else GB18030.
/// Returns the text and the encoding's name.
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<(String, &'static str), String> {
    let (encoding, bom) = match (declared, Encoding::for_bom(bytes)) {
        (Some(e), Some((b, len))) if e == b => (e, len),
        (Some(e), _) => (e, 0),
        (None, Some((e, len))) => (e, len),
        (None, None) if std::str::from_utf8(bytes).is_ok() => (UTF_8, 0),
        (None, None) => (GB18030, 0),
    };
    match encoding.decode_without_bom_handling_and_without_replacement(&bytes[bom..]) {
        Some(text) => Ok((text.into_owned(), encoding.name())),
        None if declared.is_some() => Err(format!("the file is not valid {} (as district.toml's [import] encoding says)", encoding.name())),
        None => Err("the file is neither UTF-8 nor GB18030 (GBK) text".into()),
    }
}

/// Reads CSV text: the first record is the headings' row (row 1), each record one row, however many
/// lines its quoted cells span.
pub(crate) fn read(text: &str) -> Result<Table, String> {
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("cannot read the CSV file: {e}"))?;
        let cells = record.iter().map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_owned()) }).collect();
        rows.push((i as u32 + 1, cells));
    }
    Ok(Table { sheet: String::new(), first_col: 1, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected_or_declared() {
        let text = "岗位名称,薪资\n焊工,6000-8000元/月\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(&gbk, None).unwrap(), (text.to_owned(), "gb18030"));
        assert_eq!(decode(text.as_bytes(), None).unwrap(), (text.to_owned(), "UTF-8"));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&with_bom, None).unwrap().0, text, "the BOM is not part of the first heading");
        assert_eq!(decode(&with_bom, Some(UTF_8)).unwrap().0, text);
        assert_eq!(decode(&gbk, Some(GB18030)).unwrap().0, text);
        assert!(decode(&gbk, Some(UTF_8)).unwrap_err().contains("not valid UTF-8"));
        assert!(decode(b"\x81", None).is_err(), "a lone lead byte is neither");
    }

    #[test]
    fn quoted_cells_span_lines_but_are_one_row() {
        let t = read("岗位名称,岗位描述\n焊工,\"第一行\n第二行\"\n电工,  \n").unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1], (2, vec![Cell::Text("焊工".into()), Cell::Text("第一行\n第二行".into())]));
        assert_eq!(t.rows[2], (3, vec![Cell::Text("电工".into()), Cell::Empty]));
    }
}
