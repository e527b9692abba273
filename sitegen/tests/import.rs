//! Vacancies from real spreadsheet, CSV and career-page files (issue 12, part 4): sheets written by
//! rust_xlsxwriter, a CSV file encoded as GBK, a saved career page; every built-in heading and every
//! salary and date form; positions in the sheet; `[import]`; identifiers made from rows; the same vacancy
//! as JSON and as a sheet row gives the same site, byte for byte; `sitegen import`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use engine::date::Date;
use engine::diag::{Diagnostics, Severity};
use engine::vacancy::{Education, EmploymentType, SalaryUnit, Vacancy};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sitegen::site::{Options, Site};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("quanyu-import-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    p
}

/// The good fixture, copied to a fresh folder whose vacancies/ holds only what a test puts there.
fn content(name: &str) -> PathBuf {
    let dir = tmp(name);
    for rel in sitegen::load::source::list_files(&fixture("good")) {
        let dest = dir.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(fixture("good").join(&rel), dest).unwrap();
    }
    fs::remove_dir_all(dir.join("districts/demo/vacancies")).unwrap();
    fs::create_dir_all(dir.join("districts/demo/vacancies")).unwrap();
    dir
}

fn opts(dir: &Path) -> Options {
    Options { content: dir.to_owned(), base_url: None, build_date: Date::parse("2026-11-20").unwrap(), strict: false }
}

/// A cell to write: text, a number, a date (a serial number formatted as a date), or nothing.
#[derive(Clone, Copy)]
enum V {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    E,
}

/// Writes a workbook with rust_xlsxwriter: sheets of rows, each row's cells from column A; a sheet whose
/// name starts with `hidden:` is hidden.
fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<V>>)]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        match name.strip_prefix("hidden:") {
            Some(name) => drop(sheet.set_name(name).unwrap().set_hidden(true)),
            None => drop(sheet.set_name(*name).unwrap()),
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match *v {
                    V::S(s) => drop(sheet.write_string(r, c, s).unwrap()),
                    V::N(n) => drop(sheet.write_number(r, c, n).unwrap()),
                    V::D(y, m, d) => drop(sheet.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date).unwrap()),
                    V::E => {}
                }
            }
        }
    }
    book.save(path).unwrap();
}

fn load(dir: &Path) -> (Vec<Vacancy>, Diagnostics) {
    let (site, diags) = Site::load(&opts(dir)).unwrap_or_else(|d| panic!("{:?}", d.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>()));
    (site.content.districts[0].vacancies.clone(), diags)
}

fn lines(diags: &Diagnostics, root: &Path, severity: Severity) -> Vec<String> {
    let root = root.to_string_lossy().into_owned();
    diags.sorted().iter().filter(|d| d.severity == severity).map(|d| d.to_string().replace(&root, "x")).collect()
}

fn by_title<'a>(v: &'a [Vacancy], title: &str) -> &'a Vacancy {
    v.iter().find(|v| v.title == title).unwrap_or_else(|| panic!("no vacancy {title} in {:?}", v.iter().map(|v| &v.title).collect::<Vec<_>>()))
}

/// Sheet1's headings, in this order: 薪资 is column F, as in the issue's example.
const HEADINGS: [&str; 20] = [
    "岗位编号",
    "岗位名称",
    "招聘单位",
    "工作性质",
    "工作地点",
    "薪资",
    "详细地址",
    "经度",
    "纬度",
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

/// A Sheet1 row: id, title, salary, posted, until, experience; the other columns filled alike.
fn row(id: V, title: &'static str, salary: V, posted: V, until: V, experience: &'static str) -> Vec<V> {
    use V::*;
    vec![
        id,
        S(title),
        S("示范焊接有限公司"),
        S("全职、零工"),
        S("中心街道"),
        salary,
        S("中心路2号"),
        N(113.31),
        N(23.11),
        S("大专及以上"),
        S(experience),
        N(5.0),
        posted,
        until,
        S("**焊接**车身部件。"),
        S("焊工证、叉车证，CAD; 电工证"),
        S("五险一金"),
        S("高校毕业生、4050人员"),
        S("6-18-02 焊工"),
        S("020-12345678 hr@example.cn"),
    ]
}

#[test]
fn every_heading_salary_and_date_form_from_a_real_xlsx() {
    use V::*;
    let dir = content("xlsx");
    let mut sheet1 = vec![HEADINGS.iter().map(|h| S(h)).collect::<Vec<_>>()];
    sheet1.push(row(S("HP-001"), "焊工甲", S("6000-8000元/月"), D(2026, 11, 18), S("2026/12/31"), "3年以上"));
    sheet1.push(row(E, "焊工乙", S("8k-12k"), N(46_344.0), S("2026年12月31日"), "不限"));
    sheet1.push(row(S("hp-003"), "焊工丙", S("150元/天"), S("2026-11-18"), S("长期"), "应届"));
    sheet1.push(row(S("hp-004"), "焊工丁", S("25元/小时"), S("20261118"), D(2026, 12, 31), "1-3年"));
    sheet1.push(row(S("hp-005"), "焊工戊", S("年薪10-15万"), S("2026.11.18"), N(46_387.0), "6个月"));
    sheet1.push(row(S("hp-006"), "焊工己", S("面谈后定"), S("2026-11-18"), E, "不限"));
    sheet1.push(row(N(7.0), "焊工庚", S("面议"), S("2026-11-18"), E, "不限"));
    // Several bad cells in one row, all reported; an empty required cell.
    let mut bad = row(S("hp-008"), "焊工辛", S("6000-8000元/月"), S("下周一"), E, "很多");
    bad[7] = E; // 经度 without 纬度
    bad[17] = S("高校毕业生、残疾人");
    sheet1.push(bad);
    sheet1.push(row(S("hp-009"), "", S("6000"), S("2026-11-18"), E, "不限"));
    sheet1.push(vec![E; 20]); // an empty row is no vacancy
    sheet1.push(row(S("黄埔010"), "焊工壬", S("6000"), S("2026-11-18"), E, "不限"));
    // A second sheet: 用人单位, a heading of no meaning, a heading with a remark, starting at row 1 column A.
    let sheet2 = vec![
        vec![S("岗位名称"), S("用人单位"), S("*岗位描述（必填）"), S("发布日期"), S("备注"), S("薪资(元/月)")],
        vec![S("普工"), S("示范电子厂"), S("流水线"), S("2026-11-18"), S("急招"), S("5000元以上")],
    ];
    // A sheet with a title row above its headings: set aside whole, with the reason.
    let sheet3 = vec![vec![S("示范区2026年11月岗位汇总表")], vec![S("岗位名称"), S("招聘单位"), S("岗位描述"), S("发布日期")]];
    // A hidden sheet (an office's old list) is not read.
    let hidden = vec![vec![S("岗位名称")], vec![S("旧岗位")]];
    xlsx(&dir.join("districts/demo/vacancies/街道岗位.xlsx"), &[("Sheet1", sheet1), ("零工", sheet2), ("汇总", sheet3), ("hidden:旧表", hidden)]);
    // Excel's lock file beside an open workbook is not read.
    fs::write(dir.join("districts/demo/vacancies/~$街道岗位.xlsx"), "lock").unwrap();

    let (v, diags) = load(&dir);
    assert_eq!(
        lines(&diags, &dir, Severity::Rejected),
        [
            "x/districts/demo/vacancies/街道岗位.xlsx:Sheet1!F7: rejected: 薪资: \"面谈后定\" is not a salary (write 6000-8000元/月 or 面议)",
            "x/districts/demo/vacancies/街道岗位.xlsx:Sheet1!I9: rejected: 纬度: give both 经度 and 纬度, or neither",
            "x/districts/demo/vacancies/街道岗位.xlsx:Sheet1!K9: rejected: 工作经验: \"很多\" is not an experience requirement (write 3年以上, 6个月, 不限 or 应届)",
            "x/districts/demo/vacancies/街道岗位.xlsx:Sheet1!M9: rejected: 发布日期: \"下周一\" is not a date (write 2026-11-20, 2026/11/20 or 2026年11月20日, or format the cell as a date)",
            "x/districts/demo/vacancies/街道岗位.xlsx:Sheet1!R9: rejected: 重点群体: `残疾人` is not a target group (the groups of site.toml: 4050人员、Graduates、高校毕业生、高校畢業生)",
            "x/districts/demo/vacancies/街道岗位.xlsx:Sheet1!B10: rejected: 岗位名称: empty (every vacancy needs it)",
            "x/districts/demo/vacancies/街道岗位.xlsx:Sheet1!A12: rejected: 岗位编号: `黄埔010` cannot be an identifier (use letters a-z, digits and -, such as hp-001; or leave the cell empty to have one made from the row)",
            "x/districts/demo/vacancies/街道岗位.xlsx:汇总!1:1: rejected: no column 岗位名称, 招聘单位, 岗位描述, 发布日期: no row of this sheet is read (the first row must hold the headings (岗位名称, 招聘单位, 岗位描述, 发布日期, …): delete any title row above them)",
        ]
    );
    assert_eq!(diags.rejected_records(), 5, "rows 7, 9, 10, 12 and the sheet 汇总");
    assert!(
        lines(&diags, &dir, Severity::Warning).contains(
            &"x/districts/demo/vacancies/街道岗位.xlsx:零工!E1: warning: unknown heading `备注`: column E is not read (map it to a built-in heading in district.toml's [import.headings] to read it)".to_owned()
        ),
        "{:?}",
        lines(&diags, &dir, Severity::Warning)
    );
    assert_eq!(v.len(), 7, "{:?}", v.iter().map(|v| &v.title).collect::<Vec<_>>());

    // Every column of the first row.
    let a = by_title(&v, "焊工甲");
    assert_eq!(a.identifier, "hp-001", "岗位编号 in lower case");
    assert_eq!(a.hiring_organization.name, "示范焊接有限公司");
    assert_eq!(a.employment_types, [EmploymentType::FullTime, EmploymentType::PerDiem]);
    assert_eq!(a.locality(), Some("中心街道"));
    assert_eq!(a.locations[0].street_address.as_deref(), Some("中心路2号"));
    assert_eq!(a.geo(), Some((23.11, 113.31)));
    assert_eq!(a.education, Some(Education::Associate));
    assert_eq!(a.experience_months, Some(36));
    assert_eq!(a.total_job_openings, Some(5));
    assert_eq!(a.date_posted.to_iso(), "2026-11-18", "a date cell");
    assert_eq!(a.valid_through.map(|t| t.to_iso()).as_deref(), Some("2026-12-31"));
    assert_eq!(a.description, "**焊接**车身部件。");
    assert_eq!(a.skills, ["焊工证", "叉车证", "CAD", "电工证"]);
    assert_eq!(a.job_benefits.as_deref(), Some("五险一金"));
    assert_eq!(a.target_groups, ["graduate", "4050"]);
    assert_eq!(a.occupational_category.as_deref(), Some("6-18-02 焊工"));
    let contact = a.application_contact.as_ref().unwrap();
    assert_eq!((contact.telephone.as_deref(), contact.email.as_deref()), (Some("020-12345678"), Some("hr@example.cn")));
    assert_eq!(a.source.location(), format!("{}/districts/demo/vacancies/街道岗位.xlsx:Sheet1!2:2", dir.display()));

    // Salary, date and experience forms.
    let salary = |t: &str| v.iter().find(|v| v.title == t).unwrap().base_salary.as_ref().map(|s| (s.min, s.max, s.unit, s.currency.clone()));
    let cny = || "CNY".to_owned();
    assert_eq!(salary("焊工甲"), Some((6000.0, 8000.0, SalaryUnit::Month, cny())));
    assert_eq!(salary("焊工乙"), Some((8000.0, 12000.0, SalaryUnit::Month, cny())));
    assert_eq!(salary("焊工丙"), Some((150.0, 150.0, SalaryUnit::Day, cny())));
    assert_eq!(salary("焊工丁"), Some((25.0, 25.0, SalaryUnit::Hour, cny())));
    assert_eq!(salary("焊工戊"), Some((100_000.0, 150_000.0, SalaryUnit::Year, cny())));
    assert_eq!(salary("焊工庚"), None, "面议: no salary published");
    assert_eq!(salary("普工"), Some((5000.0, 5000.0, SalaryUnit::Month, cny())), "5000元以上");
    let dates = |t: &str| {
        let v = by_title(&v, t);
        (v.date_posted.to_iso(), v.valid_through.map(|d| d.to_iso()))
    };
    let end = Some("2026-12-31".to_owned());
    assert_eq!(dates("焊工乙"), ("2026-11-18".into(), end.clone()), "serial number; 2026年12月31日");
    assert_eq!(dates("焊工丙"), ("2026-11-18".into(), None), "ISO; 长期");
    assert_eq!(dates("焊工丁"), ("2026-11-18".into(), end.clone()), "20261118; a date cell");
    assert_eq!(dates("焊工戊"), ("2026-11-18".into(), end), "2026.11.18; serial number");
    let exp = |t: &str| by_title(&v, t).experience_months;
    assert_eq!([exp("焊工乙"), exp("焊工丙"), exp("焊工丁"), exp("焊工戊")], [Some(0), Some(0), Some(12), Some(6)]);
    assert_eq!(by_title(&v, "焊工庚").identifier, "7", "a number as 岗位编号");
    assert_eq!(by_title(&v, "普工").hiring_organization.name, "示范电子厂", "用人单位");
    assert_eq!(by_title(&v, "普工").description, "流水线", "*岗位描述（必填）");

    // A row without 岗位编号 gets an identifier from its content, not its place: it stays when rows are
    // inserted above it and when its pay and deadline change.
    let made = by_title(&v, "焊工乙").identifier.clone();
    assert!(made.starts_with("demo-") && made.len() == 17, "{made}");
    let mut moved = vec![HEADINGS.iter().map(|h| S(h)).collect::<Vec<_>>()];
    moved.push(row(S("hp-100"), "新岗位", S("6000"), S("2026-11-18"), E, "不限"));
    moved.push(row(E, "焊工乙", S("9000-13000"), S("2026/11/18"), S("2027-01-31"), "不限"));
    fs::remove_file(dir.join("districts/demo/vacancies/街道岗位.xlsx")).unwrap();
    xlsx(&dir.join("districts/demo/vacancies/other.xlsx"), &[("岗位", moved)]);
    let (v2, _) = load(&dir);
    assert_eq!(by_title(&v2, "焊工乙").identifier, made);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn gbk_csv_with_the_districts_own_headings() {
    let dir = content("csv");
    let district = dir.join("districts/demo/district.toml");
    let mut toml = fs::read_to_string(&district).unwrap();
    toml.push_str("\n[import.headings]\n\"单位名称\" = \"招聘单位\"\n\"月薪\" = \"薪资\"\n\"上岗日期\" = \"发布日期\"\n");
    fs::write(&district, toml).unwrap();
    let text = "岗位名称,单位名称,岗位描述,上岗日期,月薪,备注\r\n\
        保洁员,示范物业,\"社区保洁，\r\n早班\",2026/11/18,3000-3500,\r\n\
        保安,示范物业,巡逻,2026/11/18,面谈后定,夜班\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    fs::write(dir.join("districts/demo/vacancies/物业.csv"), &gbk).unwrap();
    let bom_utf8 = [b"\xEF\xBB\xBF".as_slice(), "岗位名称,招聘单位,岗位描述,发布日期\n门卫,示范物业,值守,2026-11-18\n".as_bytes()].concat();
    fs::write(dir.join("districts/demo/vacancies/utf8.csv"), bom_utf8).unwrap();
    let (v, diags) = load(&dir);
    assert_eq!(v.len(), 2);
    let a = by_title(&v, "保洁员");
    assert_eq!(a.hiring_organization.name, "示范物业");
    assert_eq!(a.description, "社区保洁，\r\n早班", "a quoted cell over two lines is one cell");
    let s = a.base_salary.as_ref().unwrap();
    assert_eq!((s.min, s.max, s.unit), (3000.0, 3500.0, SalaryUnit::Month));
    assert_eq!(by_title(&v, "门卫").hiring_organization.name, "示范物业", "the BOM is not part of 岗位名称");
    // Positions in a CSV file are its cells as a spreadsheet shows them: row 3 is the third record, though
    // the file's line 4 (a cell above spans two lines).
    assert_eq!(
        lines(&diags, &dir, Severity::Rejected),
        ["x/districts/demo/vacancies/物业.csv:E3: rejected: 月薪: \"面谈后定\" is not a salary (write 6000-8000元/月 or 面议)"]
    );
    assert_eq!(
        lines(&diags, &dir, Severity::Warning).iter().filter(|l| l.contains(".csv")).collect::<Vec<_>>(),
        [
            "x/districts/demo/vacancies/物业.csv:F1: warning: unknown heading `备注`: column F is not read (map it to a built-in heading in district.toml's [import.headings] to read it)"
        ]
    );
    // A mapping to no built-in heading, or an unknown encoding, is an error in district.toml.
    fs::write(&district, fs::read_to_string(&district).unwrap() + "\"工资\" = \"薪水\"\n").unwrap();
    let toml = fs::read_to_string(&district).unwrap().replace("[import.headings]", "[import]\nencoding = \"big-5x\"\n\n[import.headings]");
    fs::write(&district, toml).unwrap();
    let Err(d) = Site::load(&opts(&dir)) else { panic!("bad [import] accepted") };
    let errors = lines(&d, &dir, Severity::Error);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("x/districts/demo/district.toml:12:12: error: `[import]`: unknown encoding `big-5x`"), "{errors:?}");
    assert!(errors[1].contains("error: `[import.headings]`: `工资` maps to `薪水`, which is not a built-in heading"), "{errors:?}");
    // Declared, the encoding is used as it is.
    let toml = fs::read_to_string(&district).unwrap().replace("big-5x", "gb18030").replace("\"工资\" = \"薪水\"\n", "");
    fs::write(&district, toml).unwrap();
    fs::remove_file(dir.join("districts/demo/vacancies/utf8.csv")).unwrap();
    assert_eq!(load(&dir).0.len(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn career_page_job_postings() {
    let dir = content("careers");
    let page = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>示范科技 招聘</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Organization", "name": "示范科技"}
</script>
<script type="application/ld+json">{
  "@context": "https://schema.org",
  "@graph": [
    {"@type": "WebPage", "name": "招聘"},
    {"@type": "JobPosting", "identifier": {"@type": "PropertyValue", "name": "示范科技", "value": "SF-2026-17"},
     "title": "测试工程师", "description": "<p>软件测试</p>", "datePosted": "2026-11-15", "validThrough": "2026-12-15T23:59",
     "employmentType": "FULL_TIME", "hiringOrganization": {"@type": "Organization", "name": "示范科技", "sameAs": "https://sf.example", "url": "https://sf.example"},
     "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "streetAddress": "科学大道1号", "addressLocality": "中心街道", "addressCountry": "CN"}},
     "baseSalary": {"@type": "MonetaryAmount", "currency": "CNY", "value": {"@type": "QuantitativeValue", "minValue": 9000, "maxValue": 14000, "unitText": "MONTH"}},
     "url": "https://sf.example/jobs/17", "qualifications": "本科"},
    {"@type": "JobPosting", "title": "前台", "description": "接待", "datePosted": "2026-11-16", "hiringOrganization": {"name": "示范科技"}},
    {"@type": "JobPosting", "identifier": "sf-bad", "title": "销售", "description": "d", "datePosted": "2026-11-16", "validThrough": "2026-11-01", "hiringOrganization": {"name": "示范科技"}}
  ]
}</script>
</head><body><!-- <script type="application/ld+json">{"@type": "JobPosting"}</script> --><h1>加入我们</h1></body></html>
"#;
    fs::write(dir.join("districts/demo/vacancies/示范科技.html"), page).unwrap();
    let (v, diags) = load(&dir);
    assert_eq!(v.len(), 2);
    let t = by_title(&v, "测试工程师");
    assert_eq!(t.identifier, "sf-2026-17", "a PropertyValue's value, in lower case");
    assert_eq!(t.hiring_organization.same_as.as_deref(), Some("https://sf.example"));
    assert_eq!(t.base_salary.as_ref().map(|s| (s.min, s.max)), Some((9000.0, 14000.0)));
    assert_eq!(t.source.location(), format!("{}/districts/demo/vacancies/示范科技.html:10:5", dir.display()), "a position in the page");
    assert!(by_title(&v, "前台").identifier.starts_with("demo-"), "made from the posting");
    assert_eq!(
        lines(&diags, &dir, Severity::Rejected),
        ["x/districts/demo/vacancies/示范科技.html:17:132: rejected: `validThrough` 2026-11-01 is before `datePosted` 2026-11-16"]
    );
    let warnings: Vec<String> = lines(&diags, &dir, Severity::Warning).into_iter().filter(|l| l.contains(".html")).collect();
    assert_eq!(
        warnings,
        [
            "x/districts/demo/vacancies/示范科技.html:12:133: warning: property `url` of `hiringOrganization` is not read",
            "x/districts/demo/vacancies/示范科技.html:15:6: warning: property `url` of a JobPosting is not read",
            "x/districts/demo/vacancies/示范科技.html:15:43: warning: property `qualifications` of a JobPosting is not read",
        ]
    );
    // A page without JobPosting JSON-LD is a warning, not an error.
    fs::write(dir.join("districts/demo/vacancies/empty.htm"), "<html><body>没有岗位</body></html>").unwrap();
    let (_, diags) = load(&dir);
    assert!(lines(&diags, &dir, Severity::Warning).iter().any(|l| l.contains("empty.htm: warning: no JobPosting in the page's JSON-LD")));
    fs::remove_dir_all(&dir).unwrap();
}

/// One vacancy, written as JSON.
const AS_JSON: &str = r#"[{
  "identifier": "demo-sheet", "title": "数控车工", "description": "操作数控车床。\n\n- 两班倒",
  "datePosted": "2026-11-18", "validThrough": "2026-12-31", "employmentType": ["FULL_TIME", "PER_DIEM"],
  "hiringOrganization": {"name": "示范精密机械有限公司"},
  "jobLocation": {"address": {"streetAddress": "中心路8号", "addressLocality": "中心街道"}, "geo": {"latitude": 23.12, "longitude": 113.32}},
  "baseSalary": {"currency": "CNY", "value": {"minValue": 6000, "maxValue": 8000, "unitText": "MONTH"}},
  "educationRequirements": {"credentialCategory": "high school"}, "experienceRequirements": {"monthsOfExperience": 12},
  "totalJobOpenings": 3, "skills": ["数控车床", "读图"], "jobBenefits": "包吃住", "targetGroups": ["4050"],
  "occupationalCategory": "6-18-01 车工", "applicationContact": {"telephone": "020-87654321", "email": "hr@jm.example"}
}]"#;

/// The same vacancy, as a sheet row (in another column order, as an office would have it).
fn as_sheet(path: &Path) {
    use V::*;
    let headings = [
        "岗位名称",
        "用人单位",
        "岗位编号",
        "发布日期",
        "截止日期",
        "工作性质",
        "工作地点",
        "详细地址",
        "纬度",
        "经度",
        "薪资",
        "学历要求",
        "工作经验",
        "招聘人数",
        "技能要求",
        "福利待遇",
        "重点群体",
        "职业类别",
        "联系方式",
        "岗位描述",
    ];
    let row = vec![
        S("数控车工"),
        S("示范精密机械有限公司"),
        S("demo-sheet"),
        D(2026, 11, 18),
        S("2026年12月31日"),
        S("全职、零工"),
        S("中心街道"),
        S("中心路8号"),
        N(23.12),
        N(113.32),
        S("6k-8k"),
        S("高中/中专"),
        S("1年以上"),
        S("3人"),
        S("数控车床、读图"),
        S("包吃住"),
        S("4050人员"),
        S("6-18-01车工"),
        S("020-87654321 hr@jm.example"),
        S("操作数控车床。\n\n- 两班倒"),
    ];
    xlsx(path, &[("Sheet1", vec![headings.iter().map(|h| S(h)).collect(), row])]);
}

fn build(dir: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let (site, diags) = Site::load(&opts(dir)).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    assert_eq!(diags.rejected_records(), 0, "{:?}", diags.sorted());
    site.build(out).unwrap();
    sitegen::load::source::list_files(out).into_iter().map(|rel| (rel.to_string_lossy().into_owned(), fs::read(out.join(&rel)).unwrap())).collect()
}

#[test]
fn the_json_and_the_sheet_of_one_vacancy_give_the_same_site() {
    let (json_dir, sheet_dir) = (content("same-json"), content("same-sheet"));
    fs::write(json_dir.join("districts/demo/vacancies/v.json"), AS_JSON).unwrap();
    as_sheet(&sheet_dir.join("districts/demo/vacancies/v.xlsx"));
    let (a, b) = (tmp("same-json-out"), tmp("same-sheet-out"));
    let (from_json, from_sheet) = (build(&json_dir, &a), build(&sheet_dir, &b));
    assert_eq!(from_json.keys().collect::<Vec<_>>(), from_sheet.keys().collect::<Vec<_>>());
    for (file, bytes) in &from_json {
        assert!(bytes == &from_sheet[file], "{file} differs");
    }
    // The vacancy page and its JSON-LD, whole, for the record of what they say.
    let page = String::from_utf8(from_sheet["demo/jobs/demo-sheet/index.html"].clone()).unwrap();
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + "<script type=\"application/ld+json\">".len();
    let jsonld: serde_json::Value = serde_json::from_str(&page[start..start + page[start..].find("</script>").unwrap()]).unwrap();
    assert_eq!(
        jsonld["baseSalary"]["value"],
        serde_json::json!({"@type": "QuantitativeValue", "minValue": 6000.0, "maxValue": 8000.0, "unitText": "MONTH"})
    );
    assert_eq!(jsonld["occupationalCategory"], "6-18-01 车工");
    assert_eq!(jsonld["experienceRequirements"]["monthsOfExperience"], 12);
    assert!(page.contains("6,000–8,000 元/月") && page.contains("示范精密机械有限公司"));
    for p in [&json_dir, &sheet_dir, &a, &b] {
        fs::remove_dir_all(p).unwrap();
    }
}

#[test]
fn sitegen_import_writes_the_same_vacancies_as_json() {
    let dir = content("cli");
    let sheet = dir.join("import-me.xlsx");
    as_sheet(&sheet);
    let out = dir.join("imported.json");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_sitegen")).args(args).output().unwrap();
    let c = dir.to_str().unwrap();
    let o = run(&["import", sheet.to_str().unwrap(), "--district", "demo", "--content", c, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let written: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let expected: serde_json::Value = serde_json::from_str(AS_JSON).unwrap();
    let mut expected = expected[0].as_object().unwrap().clone();
    expected.insert("@context".into(), "https://schema.org".into());
    expected.insert("@type".into(), "JobPosting".into());
    let mut written = written[0].as_object().unwrap().clone();
    // Numbers are written as the floats they are read as.
    let salary = serde_json::json!({"currency": "CNY", "value": {"minValue": 6000.0, "maxValue": 8000.0, "unitText": "MONTH"}});
    assert_eq!(written.remove("baseSalary"), Some(salary));
    expected.remove("baseSalary");
    assert_eq!(serde_json::Value::Object(written), serde_json::Value::Object(expected));
    // Without --out: standard output. A bad row: printed, left out, status 3.
    fs::copy(&out, dir.join("districts/demo/vacancies/imported.json")).unwrap();
    let mut rows = vec![["岗位名称", "招聘单位", "岗位描述", "发布日期", "薪资"].map(V::S).to_vec()];
    rows.push(["好岗位", "某厂", "d", "2026-11-18", "6000"].map(V::S).to_vec());
    rows.push(["坏岗位", "某厂", "d", "2026-11-18", "面谈后定"].map(V::S).to_vec());
    xlsx(&sheet, &[("Sheet1", rows)]);
    let o = run(&["import", sheet.to_str().unwrap(), "--district", "demo", "--content", c]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("import-me.xlsx:Sheet1!E3: rejected: 薪资: \"面谈后定\" is not a salary"), "{err}");
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed.as_array().map(|a| a.len()), Some(1));
    assert_eq!(run(&["import", sheet.to_str().unwrap(), "--district", "demo", "--content", c, "--strict"]).status.code(), Some(1));
    let o = run(&["import", sheet.to_str().unwrap(), "--district", "nowhere", "--content", c]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no district `nowhere` in `districts`"));
    assert_eq!(run(&["import", "--district", "demo"]).status.code(), Some(2), "no FILE: a usage error");
    // The JSON that import wrote builds the same site as the sheet it came from.
    fs::remove_file(dir.join("districts/demo/vacancies/imported.json")).unwrap();
    let (json_dir, sheet_dir) = (content("cli-json"), content("cli-sheet"));
    fs::copy(&out, json_dir.join("districts/demo/vacancies/v.json")).unwrap();
    as_sheet(&sheet_dir.join("districts/demo/vacancies/v.xlsx"));
    let (a, b) = (tmp("cli-json-out"), tmp("cli-sheet-out"));
    assert!(build(&json_dir, &a) == build(&sheet_dir, &b), "the imported JSON and the sheet build different sites");
    for p in [&dir, &json_dir, &sheet_dir, &a, &b] {
        fs::remove_dir_all(p).unwrap();
    }
}
