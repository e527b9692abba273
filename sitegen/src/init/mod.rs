//! `sitegen init`: a small, valid, commented content folder to start a portal from — the city's settings,
//! home and one page; per district its settings, home, one page, one policy with `[eligibility]` and
//! `[[benefits]]`, one station with hours and coordinates, one event, figures and example vacancies, in
//! JSON and in a spreadsheet (`examples.xlsx`, the built-in headings: what offices keep). The files are templates kept as files in `sitegen/starter/` (embedded in the binary), with
//! `{{placeholders}}` filled from [`Options`]; dates are laid out around the build date, so the example
//! vacancies and event are current when the folder is made (and the same date gives the same bytes).
//!
//! [`write`] refuses a folder that exists and is not empty, before writing anything.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use engine::date::Date;
use engine::text::is_valid_id;

use crate::text::hant::to_hk;

/// The city's files: (path in the content folder, template).
const CITY: [(&str, &str); 3] = [
    ("site.toml", include_str!("../../starter/site.toml")),
    ("index.md", include_str!("../../starter/index.md")),
    ("pages/about.md", include_str!("../../starter/pages/about.md")),
];

/// Each district's files: (path in the district's folder, template).
const DISTRICT: [(&str, &str); 8] = [
    ("district.toml", include_str!("../../starter/district/district.toml")),
    ("index.md", include_str!("../../starter/district/index.md")),
    ("pages/services.md", include_str!("../../starter/district/pages/services.md")),
    ("policies/employment-subsidy.md", include_str!("../../starter/district/policies/employment-subsidy.md")),
    ("stations.toml", include_str!("../../starter/district/stations.toml")),
    ("events.toml", include_str!("../../starter/district/events.toml")),
    ("figures.toml", include_str!("../../starter/district/figures.toml")),
    ("vacancies/examples.json", include_str!("../../starter/district/vacancies/examples.json")),
];

/// Guangzhou's districts: slug, name, English name, centre (WGS 84). A district given by slug alone takes
/// its name from here; one not listed gets the city's centre (to be replaced: the files say so).
const KNOWN: [(&str, &str, &str, f64, f64); 11] = [
    ("huangpu", "黄埔区", "Huangpu District", 23.18, 113.48),
    ("liwan", "荔湾区", "Liwan District", 23.13, 113.24),
    ("nansha", "南沙区", "Nansha District", 22.80, 113.53),
    ("tianhe", "天河区", "Tianhe District", 23.13, 113.36),
    ("zengcheng", "增城区", "Zengcheng District", 23.29, 113.81),
    ("yuexiu", "越秀区", "Yuexiu District", 23.13, 113.27),
    ("haizhu", "海珠区", "Haizhu District", 23.08, 113.32),
    ("baiyun", "白云区", "Baiyun District", 23.16, 113.27),
    ("panyu", "番禺区", "Panyu District", 22.94, 113.38),
    ("huadu", "花都区", "Huadu District", 23.40, 113.22),
    ("conghua", "从化区", "Conghua District", 23.55, 113.59),
];

/// Where a district not in [`KNOWN`] is placed until the team writes its centre (Guangzhou's centre).
const DEFAULT_CENTRE: (f64, f64) = (23.13, 113.26);

/// Accent colours given to districts in turn (each at least 4.5:1 on white, as `district.toml` requires).
const ACCENTS: [&str; 5] = ["#1d4f91", "#8a2d1c", "#0b6e4f", "#6b3fa0", "#7a5200"];

/// What to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The city's name as pages show it (`广州`).
    pub city: String,
    /// The districts: (slug, name).
    pub districts: Vec<(String, String)>,
    /// The day the folder is made: the examples are dated around it.
    pub today: Date,
}

impl Options {
    /// Options from the command line's `--city` and `--district slug[=name]` values: the city defaults to
    /// 广州, the districts to one, `huangpu=黄埔区`; a slug of Guangzhou's districts needs no name.
    pub fn new(city: Option<&str>, districts: &[String], today: Date) -> Result<Options, InitError> {
        let city = city.map(str::trim).filter(|c| !c.is_empty()).unwrap_or("广州").trim_end_matches('市').to_owned();
        let specs: Vec<String> = if districts.is_empty() { vec!["huangpu=黄埔区".into()] } else { districts.to_vec() };
        let mut out: Vec<(String, String)> = Vec::new();
        for spec in &specs {
            let (slug, name) = match spec.split_once('=') {
                Some((s, n)) => (s.trim(), Some(n.trim())),
                None => (spec.trim(), None),
            };
            if !is_valid_id(slug) {
                return Err(InitError::District(format!("`{slug}` is not a district slug: use a-z, 0-9 and - (e.g. huangpu=黄埔区)")));
            }
            let name = match name.filter(|n| !n.is_empty()) {
                Some(n) => n.to_owned(),
                None => match KNOWN.iter().find(|k| k.0 == slug) {
                    Some(k) => k.1.to_owned(),
                    None => return Err(InitError::District(format!("district `{slug}` needs a name: --district {slug}=<name>"))),
                },
            };
            if out.iter().any(|(s, _)| s == slug) {
                return Err(InitError::District(format!("district `{slug}` is given twice")));
            }
            out.push((slug.to_owned(), name));
        }
        Ok(Options { city, districts: out, today })
    }
}

/// Why `init` wrote nothing (or stopped).
#[derive(Debug)]
pub enum InitError {
    /// The folder exists and holds something.
    NotEmpty(PathBuf),
    /// A `--district` value cannot be used.
    District(String),
    /// A file or folder could not be written.
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::NotEmpty(p) => write!(f, "{}: the folder is not empty; give a new or empty folder (nothing was written)", p.display()),
            InitError::District(why) => f.write_str(why),
            InitError::Write { path, source } => write!(f, "{}: cannot write: {source}", path.display()),
        }
    }
}

impl std::error::Error for InitError {}

/// Every file of the starter folder: (path relative to it, `/`-separated; contents).
pub fn files(opts: &Options) -> Vec<(String, Vec<u8>)> {
    let t = opts.today;
    let month = |back: i64| {
        let (y, m) = (t.year as i64, t.month as i64 - 1 - back);
        format!("{:04}-{:02}", y + m.div_euclid(12), m.rem_euclid(12) + 1)
    };
    let event_day = t.add_days(14);
    let slugs = opts.districts.iter().map(|(s, _)| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
    let common: Vec<(&str, String)> = vec![
        ("city", opts.city.clone()),
        ("city_hk", to_hk(&opts.city)),
        ("districts", slugs),
        ("today", t.to_string()),
        ("year", t.year.to_string()),
        ("posted", t.to_string()),
        ("valid", format!("{}T23:59:59+08:00", t.add_days(60))),
        ("event_id", format!("{:04}-{:02}-job-fair", event_day.year, event_day.month)),
        ("event_start", format!("{event_day}T09:30:00+08:00")),
        ("event_end", format!("{event_day}T16:00:00+08:00")),
        ("month1", month(2)),
        ("month2", month(1)),
        ("month3", month(0)),
    ];
    let mut out: Vec<(String, Vec<u8>)> = CITY.iter().map(|(p, tpl)| ((*p).to_owned(), fill(tpl, &common).into_bytes())).collect();
    for (i, (slug, name)) in opts.districts.iter().enumerate() {
        let known = KNOWN.iter().find(|k| k.0 == slug);
        let (lat, lon) = known.map_or(DEFAULT_CENTRE, |k| (k.3, k.4));
        let name_en = known.map_or_else(|| format!("{} District", capitalize(slug)), |k| k.2.to_owned());
        let mut vars = common.clone();
        vars.extend([
            ("slug", slug.clone()),
            ("name", name.clone()),
            ("name_hk", to_hk(name)),
            ("name_en", name_en),
            ("accent", ACCENTS[i % ACCENTS.len()].to_owned()),
            ("lat", format!("{lat:.4}")),
            ("lon", format!("{lon:.4}")),
        ]);
        out.extend(DISTRICT.iter().map(|(p, tpl)| (format!("districts/{slug}/{p}"), fill(tpl, &vars).into_bytes())));
        out.push((format!("districts/{slug}/vacancies/examples.xlsx"), example_sheet(slug, &opts.city, t)));
    }
    out
}

/// The built-in headings of a vacancy sheet (docs/content.md), in the order the example writes them.
const SHEET_HEADINGS: [&str; 18] = [
    "岗位编号",
    "岗位名称",
    "招聘单位",
    "工作性质",
    "工作地点",
    "详细地址",
    "薪资",
    "学历要求",
    "工作经验",
    "招聘人数",
    "发布日期",
    "截止日期",
    "岗位描述",
    "技能要求",
    "福利待遇",
    "重点群体",
    "职业类别",
    "联系方式",
];

/// A district's example vacancy sheet, as a 街道 or 人社 office keeps one: a row of headings, then one
/// vacancy per row — one with 岗位编号, one without (it gets an identifier made from its content) — dated
/// around `today`. The workbook's date is `today` too, so the same day gives the same bytes.
fn example_sheet(slug: &str, city: &str, today: Date) -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let day = |d: Date| format!("{}/{}/{}", d.year, d.month, d.day);
    let rows: [[String; 18]; 2] = [
        [
            format!("{slug}-sheet-1"),
            "仓库管理员".into(),
            "示例物流有限公司".into(),
            "全职".into(),
            "示例街道".into(),
            format!("{city}示例路20号"),
            "5000-6500元/月".into(),
            "高中".into(),
            "1年以上".into(),
            "3".into(),
            day(today),
            day(today.add_days(45)),
            "负责货物出入库登记和库存盘点，保持仓库整洁有序。".into(),
            "叉车证、仓储管理".into(),
            "五险一金、包住".into(),
            "退役军人".into(),
            String::new(),
            "020-00000000".into(),
        ],
        [
            String::new(),
            "社区食堂帮厨".into(),
            "示例餐饮管理有限公司".into(),
            "兼职".into(),
            "示例街道".into(),
            format!("{city}示例路8号"),
            "20元/小时".into(),
            "不限".into(),
            "不限".into(),
            "2".into(),
            day(today),
            day(today.add_days(30)),
            "协助社区食堂备餐和清洁，每天工作4小时，就近上班。".into(),
            "食品安全".into(),
            "工作餐".into(),
            "4050人员、就业困难人员".into(),
            String::new(),
            String::new(),
        ],
    ];
    let build = || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut wb = Workbook::new();
        let created = ExcelDateTime::from_ymd(today.year.clamp(1900, 9999) as u16, today.month as u8, today.day as u8)?;
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title("岗位信息"));
        let ws = wb.add_worksheet();
        ws.set_name("岗位")?;
        let bold = Format::new().set_bold();
        for (c, h) in SHEET_HEADINGS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
            ws.set_column_width(c as u16, if *h == "岗位描述" { 40 } else { 14 })?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                ws.write_string(r as u32 + 1, c as u16, cell)?;
            }
        }
        wb.save_to_buffer()
    };
    build().expect("the example sheet is fixed data within every limit of the format")
}

/// Writes the starter folder into `dir` (created if missing); refuses a non-empty `dir` before writing
/// anything. Returns the files written.
pub fn write(dir: &Path, opts: &Options) -> Result<Vec<PathBuf>, InitError> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(InitError::NotEmpty(dir.to_owned()));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(InitError::NotEmpty(dir.to_owned()));
    }
    let mut written = Vec::new();
    for (rel, bytes) in files(opts) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| InitError::Write { path: parent.to_owned(), source })?;
        }
        std::fs::write(&path, bytes).map_err(|source| InitError::Write { path: path.clone(), source })?;
        written.push(path);
    }
    Ok(written)
}

/// `tpl` with every `{{name}}` replaced by its value.
fn fill(tpl: &str, vars: &[(&str, String)]) -> String {
    let mut s = tpl.to_owned();
    for (k, v) in vars {
        s = s.replace(&format!("{{{{{k}}}}}"), v);
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text files (all but the sheets), as text.
    fn text_files(o: &Options) -> Vec<(String, String)> {
        files(o).into_iter().filter(|(p, _)| !p.ends_with(".xlsx")).map(|(p, b)| (p, String::from_utf8(b).unwrap())).collect()
    }

    #[test]
    fn the_sheet_is_a_workbook_and_the_same_day_gives_the_same_bytes() {
        let sheet = |o: &Options| files(o).into_iter().find(|(p, _)| p == "districts/huangpu/vacancies/examples.xlsx").unwrap().1;
        let a = sheet(&opts(&["huangpu"]));
        assert!(a.starts_with(b"PK"), "an .xlsx is a zip");
        assert_eq!(a, sheet(&opts(&["huangpu"])));
    }

    fn opts(districts: &[&str]) -> Options {
        let ds: Vec<String> = districts.iter().map(|s| (*s).to_owned()).collect();
        Options::new(Some("广州市"), &ds, Date::new(2026, 1, 20).unwrap()).unwrap()
    }

    #[test]
    fn every_placeholder_is_filled() {
        let files = text_files(&opts(&["huangpu", "nansha=南沙区", "new-area=新区"]));
        assert_eq!(files.len(), CITY.len() + 3 * DISTRICT.len());
        for (path, text) in &files {
            assert!(!text.contains("{{") && !text.contains("}}"), "{path} keeps a placeholder");
        }
        let site = &files.iter().find(|(p, _)| p == "site.toml").unwrap().1;
        assert!(site.contains("districts = [\"huangpu\", \"nansha\", \"new-area\"]") && site.contains("广州全域就业服务门户"), "{site}");
        let nansha = &files.iter().find(|(p, _)| p == "districts/nansha/district.toml").unwrap().1;
        assert!(nansha.contains("zh-HK = \"南沙區\"") && nansha.contains("lat = 22.8000"), "{nansha}");
        let new = &files.iter().find(|(p, _)| p == "districts/new-area/district.toml").unwrap().1;
        assert!(new.contains("en = \"New-area District\"") && new.contains("lat = 23.1300"), "{new}");
    }

    #[test]
    fn dates_follow_the_day_and_cross_years() {
        let files = text_files(&opts(&["huangpu"]));
        let get = |p: &str| files.iter().find(|(q, _)| q == p).unwrap().1.clone();
        let vacancies = get("districts/huangpu/vacancies/examples.json");
        assert!(vacancies.contains("\"datePosted\": \"2026-01-20\"") && vacancies.contains("\"validThrough\": \"2026-03-21T23:59:59+08:00\""));
        let figures = get("districts/huangpu/figures.toml");
        assert!(figures.contains("\"2025-11\"") && figures.contains("\"2025-12\"") && figures.contains("\"2026-01\""), "{figures}");
        assert!(get("districts/huangpu/events.toml").contains("start = \"2026-02-03T09:30:00+08:00\""));
    }

    #[test]
    fn district_values_are_checked() {
        let d = Date::new(2026, 1, 20).unwrap();
        assert_eq!(Options::new(None, &[], d).unwrap().districts, vec![("huangpu".to_owned(), "黄埔区".to_owned())]);
        assert_eq!(Options::new(None, &[], d).unwrap().city, "广州");
        for bad in ["Huangpu=黄埔区", "unknown", "a=b,a=c"] {
            let specs: Vec<String> = bad.split(',').map(str::to_owned).collect();
            assert!(matches!(Options::new(None, &specs, d), Err(InitError::District(_))), "{bad}");
        }
    }

    #[test]
    fn refuses_a_folder_that_is_not_empty() {
        let dir = std::env::temp_dir().join(format!("quanyu-init-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("keep.txt"), "mine").unwrap();
        assert!(matches!(write(&dir, &opts(&["huangpu"])), Err(InitError::NotEmpty(_))));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "nothing written");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
