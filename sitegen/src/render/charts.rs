//! Charts as inline SVG, drawn at build time: no chart script runs in the browser.
//!
//! Two kinds: horizontal bars (one row per item: its label on a line of its own, so long Chinese labels
//! need no truncation, then the bar with its value printed just past its end) and columns (a time series:
//! one column per period, the value above it, the period below). A column chart whose value or period
//! labels would not fit their column is drawn as bars instead, so nothing ever overlaps.
//!
//! The choices that make the charts readable and accessible:
//! - **Without colour.** Every bar carries its label and value as text; there is no legend and no meaning
//!   in colour. Bars are one colour (the district's accent, which has at least 4.5:1 contrast on white,
//!   above the 3:1 that graphics need); text is the page's text colour.
//! - **Accessible name.** The `<svg>` has `role="img"` and `aria-labelledby` pointing at its own
//!   `<title>`; the caller passes the name. The data go in a table beside the chart (see
//!   `templates/parts/chart.html`), whose cells are the same strings as [`Rendered::values`].
//! - **Reflow.** The drawing is 360 units wide with 15-unit text and scales with its `viewBox`: the
//!   stylesheet lets it shrink to the column (at a 320 px wide screen, 288 px: text still 12 px) and never
//!   scroll sideways.
//! - **Deterministic.** Values are [`Amount`]s (whole hundredths), geometry is integer arithmetic and
//!   numbers are formatted by hand: the same data give the same bytes on every platform.
//!
//! Labels come from content: they are XML-escaped here (control characters dropped).

use crate::model::figures::Amount;
use crate::text::escape::xml_escape;

/// The kind of chart asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Horizontal bars, top to bottom in the order given: for categories.
    Bars,
    /// Columns, left to right in the order given: for a time series (drawn as bars when the labels do
    /// not fit the columns).
    Columns,
}

/// One item of a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What the value is of (a category, a period, a district), plain text.
    pub label: String,
    /// The value.
    pub value: Amount,
}

/// A chart to draw.
#[derive(Debug, Clone, Copy)]
pub struct Chart<'a> {
    /// Unique on the page, `[a-z0-9-]`: the `<title>` gets the id `<id>-t`.
    pub id: &'a str,
    /// The accessible name (the `<title>`), plain text.
    pub name: &'a str,
    /// The kind asked for.
    pub kind: Kind,
    /// The items, in display order.
    pub rows: &'a [Row],
    /// Bar colour, `#rrggbb` (at least 3:1 against white).
    pub colour: &'a str,
}

/// A drawn chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The `<svg>` element.
    pub svg: String,
    /// The kind drawn (columns that did not fit are drawn as bars).
    pub kind: Kind,
    /// Each row's value as printed in the chart (one number format for the whole chart); the data table
    /// shows the same strings.
    pub values: Vec<String>,
}

/// Width of the drawing, in `viewBox` units.
pub const WIDTH: u64 = 360;
/// Text size, in `viewBox` units.
pub const FONT: u64 = 15;
/// Distance between lines of text.
const LINE: u64 = 20;
/// Thickness of a bar.
const BAR: u64 = 20;
/// Space between rows of a bar chart.
const GAP: u64 = 12;
/// Space between a bar's end and its value.
const PAD: u64 = 6;
/// Height of the tallest column.
const PLOT: u64 = 140;
/// Widest column.
const COLUMN_MAX: u64 = 56;
/// Most lines a column's period label may take.
const COLUMN_LABEL_LINES: usize = 2;
/// Colour of the baseline under columns (7.5:1 on white).
const AXIS: &str = "#555555";

/// Draws `chart`.
pub fn render(chart: &Chart<'_>) -> Rendered {
    debug_assert!(engine::text::is_valid_id(chart.id), "chart id {:?}", chart.id);
    let decimals = Amount::common_decimals(chart.rows.iter().map(|r| r.value));
    let values: Vec<String> = chart.rows.iter().map(|r| r.value.format(decimals)).collect();
    let max = chart.rows.iter().map(|r| r.value.hundredths()).max().unwrap_or(0);
    let columns = (chart.kind == Kind::Columns).then(|| column_layout(chart.rows, &values)).flatten();
    let (kind, height, body) = match columns {
        Some(labels) => {
            let (h, body) = draw_columns(chart, &values, &labels, max);
            (Kind::Columns, h, body)
        }
        None => {
            let (h, body) = draw_bars(chart, &values, max);
            (Kind::Bars, h, body)
        }
    };
    let mut svg = format!(
        "<svg class=\"chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" \
         role=\"img\" aria-labelledby=\"{id}-t\" font-size=\"{FONT}\"><title id=\"{id}-t\">{name}</title>",
        id = xml_escape(chart.id),
        name = xml_escape(chart.name),
    );
    svg.push_str(&body);
    svg.push_str("</svg>");
    Rendered { svg, kind, values }
}

/// Bars: per row, the label's lines, then the bar with its value past its end.
fn draw_bars(chart: &Chart<'_>, values: &[String], max: u64) -> (u64, String) {
    let widest_value = values.iter().map(|v| text_width(v)).max().unwrap_or(0);
    let room = WIDTH.saturating_sub(widest_value + PAD).max(1);
    let colour = xml_escape(chart.colour);
    let mut out = String::new();
    let mut y = 0;
    for (row, value) in chart.rows.iter().zip(values) {
        out.push_str("<g class=\"row\">");
        for line in wrap(&row.label, WIDTH) {
            out.push_str(&format!("<text class=\"k\" x=\"0\" y=\"{}\">{}</text>", y + FONT, xml_escape(&line)));
            y += LINE;
        }
        y += 2;
        let len = scaled(row.value.hundredths(), max, room);
        if len > 0 {
            out.push_str(&format!("<rect x=\"0\" y=\"{y}\" width=\"{len}\" height=\"{BAR}\" fill=\"{colour}\"/>"));
        }
        let x = if len > 0 { len + PAD } else { 0 };
        out.push_str(&format!("<text class=\"v\" x=\"{x}\" y=\"{}\">{value}</text></g>", y + FONT));
        y += BAR + GAP;
    }
    (y.saturating_sub(GAP).max(LINE), out)
}

/// The period labels of a column chart, wrapped to their columns, or `None` when a value or a label does
/// not fit (then the chart is drawn as bars).
fn column_layout(rows: &[Row], values: &[String]) -> Option<Vec<Vec<String>>> {
    let n = rows.len() as u64;
    if n == 0 {
        return None;
    }
    let room = (WIDTH / n).saturating_sub(4);
    if values.iter().any(|v| text_width(v) > room) {
        return None;
    }
    let labels: Vec<Vec<String>> = rows.iter().map(|r| wrap(&r.label, room)).collect();
    let fits = labels.iter().all(|lines| lines.len() <= COLUMN_LABEL_LINES && lines.iter().all(|l| text_width(l) <= room));
    fits.then_some(labels)
}

/// Columns: value above, period below a common baseline.
fn draw_columns(chart: &Chart<'_>, values: &[String], labels: &[Vec<String>], max: u64) -> (u64, String) {
    let n = chart.rows.len() as u64;
    let top = LINE + 2;
    let base = top + PLOT;
    let width = (WIDTH / n * 3 / 5).min(COLUMN_MAX);
    let colour = xml_escape(chart.colour);
    let mut out = format!("<line x1=\"0\" y1=\"{base}\" x2=\"{WIDTH}\" y2=\"{base}\" stroke=\"{AXIS}\" stroke-width=\"1\"/>");
    for (i, ((row, value), lines)) in chart.rows.iter().zip(values).zip(labels).enumerate() {
        let cx = (2 * i as u64 + 1) * WIDTH / (2 * n);
        let h = scaled(row.value.hundredths(), max, PLOT);
        out.push_str("<g class=\"row\">");
        for (j, line) in lines.iter().enumerate() {
            out.push_str(&format!(
                "<text class=\"k\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                base + LINE + j as u64 * LINE,
                xml_escape(line)
            ));
        }
        if h > 0 {
            out.push_str(&format!("<rect x=\"{}\" y=\"{}\" width=\"{width}\" height=\"{h}\" fill=\"{colour}\"/>", cx - width / 2, base - h));
        }
        out.push_str(&format!("<text class=\"v\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{value}</text></g>", base - h - PAD));
    }
    let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as u64;
    (base + lines * LINE + 6, out)
}

/// `value` of `max` as a length of at most `room`, rounded; at least 1 for any value above zero so it
/// stays visible.
fn scaled(value: u64, max: u64, room: u64) -> u64 {
    if max == 0 || value == 0 {
        return 0;
    }
    ((value * room + max / 2) / max).clamp(1, room)
}

/// Estimated width of `s` in `viewBox` units at the chart's text size: wide (CJK, full-width) characters
/// take a full em, others 0.6 em, which is at least what system fonts give digits and Latin letters.
pub fn text_width(s: &str) -> u64 {
    s.chars().map(|c| if c.is_ascii() { FONT * 3 / 5 } else { FONT }).sum()
}

/// Punctuation that must not start a line.
const NO_LINE_START: &str = "，。、；：？！）」』”’》〉%…—·,.;:?!)]}";
/// Punctuation that must not end a line.
const NO_LINE_END: &str = "（「『“‘《〈([{";

/// Breaks `s` into lines of at most `room` units: between wide characters and at spaces, never inside a
/// run of ASCII (a number or a Latin word) unless the run alone is too long, keeping closing punctuation
/// with what precedes it and opening punctuation with what follows.
pub fn wrap(s: &str, room: u64) -> Vec<String> {
    // Unbreakable pieces, each with whether a space preceded it.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let glue_to_last = pieces.last().is_some_and(|(last, _): &(String, bool)| {
            !space
                && ((c.is_ascii() && last.chars().last().is_some_and(|l| l.is_ascii() && !NO_LINE_END.contains(l)))
                    || NO_LINE_START.contains(c)
                    || last.chars().last().is_some_and(|l| NO_LINE_END.contains(l)))
        });
        match pieces.last_mut() {
            Some((last, _)) if glue_to_last => last.push(c),
            _ => pieces.push((c.to_string(), space)),
        }
        space = false;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (piece, spaced) in pieces {
        let sep = if spaced && !line.is_empty() { " " } else { "" };
        if text_width(&line) + text_width(sep) + text_width(&piece) <= room {
            line.push_str(sep);
            line.push_str(&piece);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A piece too long for a line of its own is cut where it must be.
        for c in piece.chars() {
            if !line.is_empty() && text_width(&line) + text_width(c.encode_utf8(&mut [0; 4])) > room {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(items: &[(&str, u64)]) -> Vec<Row> {
        items.iter().map(|(l, v)| Row { label: (*l).to_owned(), value: Amount::whole(*v) }).collect()
    }

    fn chart<'a>(kind: Kind, rows: &'a [Row]) -> Chart<'a> {
        Chart { id: "c", name: "招聘会（场）", kind, rows, colour: "#1d4f91" }
    }

    /// The `(width, height)` of every bar.
    fn rects(svg: &str) -> Vec<(u64, u64)> {
        let attr = |r: &str, name: &str| -> u64 {
            let at = r.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            r[at..r[at..].find('"').unwrap() + at].parse().unwrap()
        };
        svg.split("<rect").skip(1).map(|r| (attr(r, "width"), attr(r, "height"))).collect()
    }

    #[test]
    fn accessible_name_and_values() {
        let r = rows(&[("一月", 12), ("二月", 3)]);
        let out = render(&chart(Kind::Bars, &r));
        assert!(out.svg.starts_with("<svg class=\"chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 "));
        assert!(out.svg.contains("role=\"img\" aria-labelledby=\"c-t\""));
        assert!(out.svg.contains("<title id=\"c-t\">招聘会（场）</title>"));
        assert_eq!(out.values, ["12", "3"]);
        assert!(out.svg.contains("<text class=\"k\" x=\"0\" y=\"15\">一月</text>"));
        assert!(out.svg.contains(">12</text></g>") && out.svg.contains(">3</text></g>"));
        assert!(out.svg.ends_with("</svg>"));
    }

    #[test]
    fn labels_and_names_are_escaped() {
        let r = rows(&[("<b>A&B</b> \"x\"\u{1}", 1)]);
        let out = render(&Chart { name: "</title><script>alert(1)</script>", ..chart(Kind::Bars, &r) });
        assert!(!out.svg.contains("<script") && !out.svg.contains("<b>"), "{}", out.svg);
        assert!(out.svg.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert!(out.svg.contains("&lt;b&gt;A&amp;B&lt;/b&gt; &quot;x&quot;</text>"), "{}", out.svg);
        assert!(!out.svg.contains('\u{1}'), "control characters are dropped");
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let r = rows(&[("a", 100), ("b", 50), ("c", 1), ("d", 0)]);
        let out = render(&chart(Kind::Bars, &r));
        let widths: Vec<u64> = rects(&out.svg).into_iter().map(|(w, _)| w).collect();
        // The widest value ("100", 27 units) and its padding leave 327 units for the longest bar.
        assert_eq!(widths, [327, 164, 3], "zero draws no bar");
        assert!(out.svg.contains("<text class=\"v\" x=\"0\" y=\"") && out.svg.contains(">0</text>"), "a zero still shows its value");
        // Values and bars never leave the drawing.
        assert!(327 + PAD + text_width("100") <= WIDTH);
        let tiny = rows(&[("a", 1_000_000), ("b", 1)]);
        assert_eq!(rects(&render(&chart(Kind::Bars, &tiny)).svg)[1].0, 1, "a tiny value is still visible");
    }

    #[test]
    fn columns_scale_and_fall_back_to_bars_when_crowded() {
        let r = rows(&[("2024年1—9月", 33820), ("2025年1—9月", 43500)]);
        let out = render(&chart(Kind::Columns, &r));
        assert_eq!(out.kind, Kind::Columns);
        let heights: Vec<u64> = rects(&out.svg).into_iter().map(|(_, h)| h).collect();
        assert_eq!(heights, [109, PLOT]);
        assert!(out.svg.contains("<line x1=\"0\""), "columns stand on a baseline");
        // Six months fit (the labels wrap: 2026年 / 5月); twelve do not.
        let months: Vec<Row> = (5..=10).map(|m| Row { label: format!("2026年{m}月"), value: Amount::whole(9000 + m) }).collect();
        let six = render(&chart(Kind::Columns, &months));
        assert_eq!(six.kind, Kind::Columns);
        assert!(six.svg.contains(">2026年</text>") && six.svg.contains(">5月</text>"), "{}", six.svg);
        let twelve: Vec<Row> = (1..=12).map(|m| Row { label: format!("2026年{m}月"), value: Amount::whole(9000 + m) }).collect();
        assert_eq!(render(&chart(Kind::Columns, &twelve)).kind, Kind::Bars);
    }

    #[test]
    fn empty_and_zero_data_draw_without_dividing_by_zero() {
        for kind in [Kind::Bars, Kind::Columns] {
            let out = render(&chart(kind, &[]));
            assert!(out.values.is_empty());
            assert!(out.svg.contains("viewBox=\"0 0 360 20\"") && out.svg.contains("<title id=\"c-t\">"), "{}", out.svg);
            let zeros = rows(&[("a", 0), ("b", 0)]);
            let out = render(&chart(kind, &zeros));
            assert!(rects(&out.svg).is_empty());
            assert_eq!(out.values, ["0", "0"]);
        }
    }

    #[test]
    fn output_is_deterministic_and_integer_only() {
        let r: Vec<Row> = [("增城妈妈 技能提升", 165_500u64), ("持证上岗", 55_633), ("98.09%", 9809)]
            .iter()
            .map(|(l, h)| Row { label: (*l).into(), value: Amount::from_hundredths(*h) })
            .collect();
        let a = render(&chart(Kind::Columns, &r));
        assert_eq!(a, render(&chart(Kind::Columns, &r)));
        assert_eq!(a.values, ["1,655.00", "556.33", "98.09"]);
        // Every coordinate is a whole number.
        for attr in [" x=\"", " y=\"", " width=\"", " height=\""] {
            for part in a.svg.split(attr).skip(1) {
                let v = &part[..part.find('"').unwrap()];
                assert!(v.bytes().all(|b| b.is_ascii_digit()), "{attr}{v}");
            }
        }
    }

    #[test]
    fn long_labels_wrap_without_breaking_numbers() {
        assert_eq!(wrap("城镇新增就业", 360), ["城镇新增就业"]);
        assert_eq!(wrap("2026年10月", 60), ["2026年", "10月"]);
        assert_eq!(wrap("港澳青创基地累计入驻企业（项目）", 120), ["港澳青创基地累计", "入驻企业（项目）"]);
        assert_eq!(wrap("一二三，四", 45), ["一二", "三，四"], "no line starts with a comma");
        assert_eq!(wrap("Software Developers", 100), ["Software", "Developers"]);
        assert_eq!(wrap("12345678901234567890", 60), ["123456", "789012", "345678", "90"], "too long: cut");
        assert_eq!(wrap("", 100), [""]);
        let long = "广州市人力资源和社会保障局“全域就业”示范项目报道中的一个特别长的标签";
        let out = render(&chart(Kind::Bars, &rows(&[(long, 1)])));
        assert!(out.svg.matches("class=\"k\"").count() >= 2, "a long label takes several lines");
        for line in wrap(long, WIDTH) {
            assert!(text_width(&line) <= WIDTH);
        }
    }
}
