//! The forms offices write in spreadsheet cells, read into the JobPosting vocabulary: salaries
//! (`6000-8000元/月`, `8k-12k`, `150元/天`, `25元/小时`, `年薪10-15万`, `面议`), experience (`3年以上`,
//! `不限`, `应届`), dates (`2026/11/20`, `2026年11月20日`, `2026-11-20`, `20261120`, Excel serial numbers),
//! education (`大专及以上`), work types (`全职、兼职`), head counts (`5人`, `若干`), lists (`焊工证、叉车证`)
//! and GB/T 6565 occupations (`6-18-02 焊工`). Each function takes the cell's text and returns the value,
//! or `Err` with a message saying what to write instead; the caller names the cell.

use engine::date::Date;
use engine::vacancy::{Education, EmploymentType, SalaryUnit};

/// A salary as written: an amount or a range, per period, in CNY.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SalaryForm {
    /// The lower bound (or the amount).
    pub min: f64,
    /// The upper bound; `None` for one amount, or an open range (`5000以上`) when `open`.
    pub max: Option<f64>,
    /// `5000以上`, `5000起`: at least `min`.
    pub open: bool,
    /// The period.
    pub unit: SalaryUnit,
}

/// Below this, an amount without a period is more likely a day's or an hour's pay than a month's.
const MONTHLY_AT_LEAST: f64 = 1000.0;

/// Full-width forms to ASCII, dashes and tildes to `-`, without white space or thousands separators,
/// ASCII letters in lower case.
fn normalize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '〜' | '—' | '–' | '−' | '―' => '-',
                _ => c,
            };
            match c {
                '~' => Some('-'),
                ',' | '\u{3000}' => None,
                c if c.is_whitespace() => None,
                c => Some(c.to_ascii_lowercase()),
            }
        })
        .collect()
}

/// Reads a salary; `Ok(None)` for 面议 (negotiable: no salary is published).
pub(crate) fn salary(text: &str) -> Result<Option<SalaryForm>, String> {
    let bad = || format!("\"{}\" is not a salary", text.trim());
    let mut s = normalize(text);
    for word in ["薪资", "薪酬", "工资", "待遇"] {
        s = s.replace(word, "");
    }
    if s == "面议" {
        return Ok(None);
    }
    // The period: a prefix (年薪) or a suffix (元/年, /年, 每年); the currency words go.
    const PERIODS: [(SalaryUnit, &[&str]); 5] = [
        (SalaryUnit::Year, &["年薪", "/年", "每年"]),
        (SalaryUnit::Month, &["月薪", "/月", "每月"]),
        (SalaryUnit::Week, &["周薪", "/周", "每周"]),
        (SalaryUnit::Day, &["日薪", "/天", "/日", "每天", "每日"]),
        (SalaryUnit::Hour, &["时薪", "/小时", "/时", "每小时"]),
    ];
    let mut unit = None;
    for (u, words) in PERIODS {
        for w in words {
            if s.contains(w) {
                if unit.is_some_and(|x| x != u) {
                    return Err(bad());
                }
                unit = Some(u);
                s = s.replace(w, "");
            }
        }
    }
    for word in ["人民币", "rmb", "元", "¥", "￥", "左右"] {
        s = s.replace(word, "");
    }
    let open = ["以上", "起", "+"].iter().any(|w| s.ends_with(w));
    if open {
        s = s.trim_end_matches("以上").trim_end_matches('起').trim_end_matches('+').to_owned();
    }
    let (a, b) = match s.split_once(['-', '至', '到']) {
        Some((a, b)) if !open => (a, Some(b)),
        Some(_) => return Err(bad()),
        None => (s.as_str(), None),
    };
    let (lo, lo_mult) = amount(a).ok_or_else(bad)?;
    let (min, max) = match b {
        None => (lo * lo_mult.unwrap_or(1.0), None),
        Some(b) => {
            let (hi, hi_mult) = amount(b).ok_or_else(bad)?;
            // `10-15万`, `8-12k`: the second amount's multiplier is the first's too, when the first reads as
            // smaller without it (`8000-1.2万` is 8,000 to 12,000).
            let lo_mult = lo_mult.or(hi_mult.filter(|_| lo < hi)).unwrap_or(1.0);
            (lo * lo_mult, Some(hi * hi_mult.unwrap_or(1.0)))
        }
    };
    if max.is_some_and(|m| m < min) {
        return Err(format!("\"{}\" is not a range: the first amount is larger", text.trim()));
    }
    let unit = match unit {
        Some(u) => u,
        None if min >= MONTHLY_AT_LEAST => SalaryUnit::Month,
        None => return Err(format!("\"{}\": per month, day or hour?", text.trim())),
    };
    Ok(Some(SalaryForm { min, max, open, unit }))
}

/// A number with an optional multiplier: `8`, `1.2`, `8k`, `1.2万`, `8千`.
fn amount(s: &str) -> Option<(f64, Option<f64>)> {
    let (num, mult) = match s.char_indices().last()? {
        (i, 'k' | '千') => (&s[..i], Some(1000.0)),
        (i, 'w' | '万') => (&s[..i], Some(10_000.0)),
        _ => (s, None),
    };
    let ok = !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit() || b == b'.') && num.bytes().filter(|&b| b == b'.').count() <= 1;
    let n: f64 = num.parse().ok().filter(|_| ok)?;
    n.is_finite().then_some((n, mult))
}

/// Experience asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExperienceForm {
    /// 不限, 无, 应届 (fresh graduates), 1年以下.
    None,
    /// At least this many months (`3年以上` → 36, `1-3年` → 12, `6个月` → 6).
    Months(u32),
}

/// Reads an experience requirement.
pub(crate) fn experience(text: &str) -> Result<ExperienceForm, String> {
    let s = normalize(text);
    let s = s.trim_start_matches("工作经验").trim_start_matches("经验");
    if ["不限", "无", "无要求", "不要求", "无经验", "无需经验", "经验不限", "应届", "应届生", "应届毕业生", "应届毕业"].contains(&s)
    {
        return Ok(ExperienceForm::None);
    }
    let bad = || format!("\"{}\" is not an experience requirement", text.trim());
    let s = s.trim_end_matches("经验").trim_end_matches("工作");
    if let Some(n) = s.strip_suffix("以下").or_else(|| s.strip_suffix("以内")) {
        return count(n.trim_end_matches('年').trim_end_matches("个月")).map(|_| ExperienceForm::None).ok_or_else(bad);
    }
    let s = s.trim_end_matches("以上").trim_end_matches("及");
    if s == "半年" {
        return Ok(ExperienceForm::Months(6));
    }
    let (n, per) = if let Some(n) = s.strip_suffix("个月") {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('年') {
        (n, 12)
    } else {
        return Err(bad());
    };
    let first = n.split(['-', '至', '到']).next().unwrap_or(n);
    let n = count(first).ok_or_else(bad)?;
    Ok(if n == 0 { ExperienceForm::None } else { ExperienceForm::Months(n * per) })
}

/// A whole number in digits or in Chinese numerals up to 99 (`三`, `十`, `十二`, `二十`).
fn count(s: &str) -> Option<u32> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32).or((c == '两').then_some(2));
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// The day an Excel serial number stands for (1900 date system: 1 is 1900-01-01, and Excel counts a
/// 29 February 1900 that never was, so from 61 on the day is 1899-12-30 plus the number).
pub(crate) fn excel_serial(n: f64) -> Option<Date> {
    // Serial numbers of 1954 to 9999: a number this large in a date column is a serial, not a year.
    if !(20_000.0..=2_958_465.0).contains(&n) {
        return None;
    }
    Some(Date::new(1899, 12, 30)?.add_days(n.floor() as i64))
}

/// Reads a date: ISO (`2026-11-20`, also with a time), `2026/11/20`, `2026.11.20`, `2026年11月20日`
/// (month and day with one digit or two), `20261120`, or an Excel serial number (`46346`).
pub(crate) fn date(text: &str) -> Result<Date, String> {
    let bad = || format!("\"{}\" is not a date", text.trim());
    let s: String = text
        .trim()
        .chars()
        .map(|c| if ('\u{FF01}'..='\u{FF5E}').contains(&c) { char::from_u32(c as u32 - 0xFEE0).unwrap_or(c) } else { c })
        .collect();
    if let Ok(n) = s.parse::<f64>() {
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            let part = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
            return Date::new(part(0..4) as i32, part(4..6), part(6..8)).ok_or_else(bad);
        }
        return excel_serial(n).ok_or_else(bad);
    }
    if let Ok(t) = engine::date::DateTime::parse(&s) {
        return Ok(t.china_date());
    }
    // 2026/11/20, 2026.11.20, 2026-1-5, 2026年11月20日, maybe followed by a time of day.
    let day = s.split_whitespace().next().unwrap_or("").replace(['年', '月', '/', '.'], "-");
    let day = day.strip_suffix('日').unwrap_or(&day);
    let num = |x: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit())).then(|| x.parse::<u32>().ok()).flatten()
    };
    let parts: Vec<&str> = day.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    let (Some(y), Some(m), Some(d)) = (num(y, 4..=4), num(m, 1..=2), num(d, 1..=2)) else { return Err(bad()) };
    Date::new(y as i32, m, d).ok_or_else(|| format!("\"{}\" is not a day of the calendar", text.trim()))
}

/// A deadline that is no deadline: 长期, 长期有效, 常年, 不限.
pub(crate) fn no_deadline(text: &str) -> bool {
    ["长期", "长期有效", "常年", "常年招聘", "不限", "招满为止"].contains(&normalize(text).as_str())
}

/// Reads an education requirement: Google's levels, from 高中/中专 up; 初中 and below read as no
/// requirement (Google's vocabulary starts at high school).
pub(crate) fn education(text: &str) -> Result<Education, String> {
    let s = normalize(text);
    if let Some(e) = Education::parse(text) {
        return Ok(e);
    }
    let mut s = s.as_str();
    while let Some(rest) = ["及同等学历", "或同等学历", "及以上", "或以上", "以上", "学历"].iter().find_map(|x| s.strip_suffix(x))
    {
        s = rest;
    }
    let s = s.trim_start_matches("学历");
    let e = match s {
        "不限" | "无" | "无要求" | "小学" | "初中" => Education::None,
        "高中" | "中专" | "中技" | "技校" | "职高" | "职中" | "中职" | "高中/中专" | "中专/高中" => Education::HighSchool,
        "职业资格" | "职业资格证书" | "技能证书" | "职业技能等级证书" => Education::ProfessionalCertificate,
        "大专" | "专科" | "高职" | "大学专科" => Education::Associate,
        "本科" | "大学本科" | "学士" => Education::Bachelor,
        "硕士" | "博士" | "研究生" | "硕士研究生" | "博士研究生" => Education::Postgraduate,
        _ => return Err(format!("\"{}\" is not an education level", text.trim())),
    };
    Ok(e)
}

/// Reads work types (`全职`, `兼职、零工`); each may also be Google's spelling (`FULL_TIME`).
pub(crate) fn work_types(text: &str) -> Result<Vec<EmploymentType>, String> {
    let mut out = Vec::new();
    for part in list(text) {
        let t = match normalize(&part).as_str() {
            "全职" => EmploymentType::FullTime,
            "兼职" => EmploymentType::PartTime,
            "零工" | "日结" | "灵活用工" => EmploymentType::PerDiem,
            "临时" | "临时工" => EmploymentType::Temporary,
            "实习" | "实习生" => EmploymentType::Intern,
            "派遣" | "劳务派遣" | "外包" => EmploymentType::Contractor,
            "志愿者" | "志愿" => EmploymentType::Volunteer,
            "其他" => EmploymentType::Other,
            _ => EmploymentType::parse(&part).ok_or_else(|| format!("\"{part}\" is not a work type"))?,
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

/// Reads a head count: `5`, `5人`, `5名`; `若干` and `不限` are none given.
pub(crate) fn openings(text: &str) -> Result<Option<u32>, String> {
    let s = normalize(text);
    if ["若干", "不限", "多名", "大量"].contains(&s.as_str()) {
        return Ok(None);
    }
    let n = s.trim_end_matches(['人', '名', '个']);
    let n = n.strip_suffix(".0").unwrap_or(n);
    count(n).map(Some).ok_or_else(|| format!("\"{}\" is not a number of people", text.trim()))
}

/// Splits a list written in one cell: at 、，,;； and line breaks; items trimmed, empty ones dropped.
pub(crate) fn list(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', ';', '；', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Reads an occupation: a GB/T 6565 code (`6-18-02`, with an optional fourth group), a name (`焊工`), or
/// both (`6-18-02 焊工`, also without the space); written as `code name`.
pub(crate) fn occupation(text: &str) -> Result<String, String> {
    let s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(s);
    }
    let code_len = s.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(s.len());
    let (code, name) = s.split_at(code_len);
    let groups: Vec<&str> = code.split('-').collect();
    let ok = matches!(groups.len(), 3 | 4)
        && groups[0].len() == 1
        && groups[1..].iter().all(|g| g.len() == 2)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return Err(format!("\"{}\" does not start with a GB/T 6565 code", text.trim()));
    }
    let name = name.trim();
    Ok(if name.is_empty() { code.to_owned() } else { format!("{code} {name}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sal(s: &str) -> (f64, Option<f64>, bool, &'static str) {
        let f = salary(s).unwrap_or_else(|e| panic!("{s}: {e}")).unwrap_or_else(|| panic!("{s}: negotiable"));
        (f.min, f.max, f.open, f.unit.as_schema())
    }

    #[test]
    fn salaries_as_offices_write_them() {
        assert_eq!(sal("6000-8000元/月"), (6000.0, Some(8000.0), false, "MONTH"));
        assert_eq!(sal(" 6,000 ～ 8,000 元/月 "), (6000.0, Some(8000.0), false, "MONTH"));
        assert_eq!(sal("月薪6000至8000"), (6000.0, Some(8000.0), false, "MONTH"));
        assert_eq!(sal("8k-12k"), (8000.0, Some(12000.0), false, "MONTH"));
        assert_eq!(sal("8-12K"), (8000.0, Some(12000.0), false, "MONTH"));
        assert_eq!(sal("8000-1.2万"), (8000.0, Some(12000.0), false, "MONTH"));
        assert_eq!(sal("8千-1.2万"), (8000.0, Some(12000.0), false, "MONTH"));
        assert_eq!(sal("日薪150"), (150.0, None, false, "DAY"));
        assert_eq!(sal("5000起"), (5000.0, None, true, "MONTH"));
        assert_eq!(sal("150元/天"), (150.0, None, false, "DAY"));
        assert_eq!(sal("200元/日"), (200.0, None, false, "DAY"));
        assert_eq!(sal("25元/小时"), (25.0, None, false, "HOUR"));
        assert_eq!(sal("时薪22-25元"), (22.0, Some(25.0), false, "HOUR"));
        assert_eq!(sal("年薪10-15万"), (100_000.0, Some(150_000.0), false, "YEAR"));
        assert_eq!(sal("10万-15万元/年"), (100_000.0, Some(150_000.0), false, "YEAR"));
        assert_eq!(sal("1500元/周"), (1500.0, None, false, "WEEK"));
        assert_eq!(sal("5000元以上"), (5000.0, None, true, "MONTH"));
        assert_eq!(sal("6000"), (6000.0, None, false, "MONTH"));
        assert_eq!(sal("６０００－８０００元／月"), (6000.0, Some(8000.0), false, "MONTH"), "full-width forms");
        for negotiable in ["面议", "薪资面议", " 面 议 ", "待遇面议"] {
            assert_eq!(salary(negotiable), Ok(None), "{negotiable}");
        }
        for bad in ["面谈后定", "150", "8000-6000", "6000-8000元/月/年", "", "很高", "1.2.3万", "5000以上-6000"] {
            assert!(salary(bad).is_err(), "{bad} accepted: {:?}", salary(bad));
        }
        assert_eq!(salary("面谈后定").unwrap_err(), "\"面谈后定\" is not a salary");
        assert_eq!(salary("150").unwrap_err(), "\"150\": per month, day or hour?");
    }

    #[test]
    fn experience_forms() {
        assert_eq!(experience("3年以上"), Ok(ExperienceForm::Months(36)));
        assert_eq!(experience("3年及以上"), Ok(ExperienceForm::Months(36)));
        assert_eq!(experience("三年以上经验"), Ok(ExperienceForm::Months(36)));
        assert_eq!(experience("1-3年"), Ok(ExperienceForm::Months(12)));
        assert_eq!(experience("6个月"), Ok(ExperienceForm::Months(6)));
        assert_eq!(experience("半年以上"), Ok(ExperienceForm::Months(6)));
        assert_eq!(experience("十年以上"), Ok(ExperienceForm::Months(120)));
        for none in ["不限", "应届", "应届毕业生", "无经验", "经验不限", "1年以下", "0年"] {
            assert_eq!(experience(none), Ok(ExperienceForm::None), "{none}");
        }
        assert!(experience("很多").is_err());
        assert!(experience("3").is_err());
    }

    #[test]
    fn date_forms() {
        let d = |s: &str| date(s).unwrap_or_else(|e| panic!("{s}: {e}")).to_string();
        for s in [
            "2026-11-20",
            "2026/11/20",
            "2026.11.20",
            "2026年11月20日",
            "2026年11月20",
            "20261120",
            "46346",
            "46346.5",
            "2026-11-20T09:30:00+08:00",
            "2026/11/20 9:30",
        ] {
            assert_eq!(d(s), "2026-11-20", "{s}");
        }
        assert_eq!(d("2026/1/5"), "2026-01-05");
        assert_eq!(d("2026年1月5日"), "2026-01-05");
        assert_eq!(excel_serial(45943.541).unwrap().to_string(), "2025-10-13", "calamine's own example");
        for bad in ["下周一", "2026/13/01", "2026/02/30", "11/20/2026", "2026", "100", ""] {
            assert!(date(bad).is_err(), "{bad} accepted: {:?}", date(bad));
        }
        assert!(no_deadline("长期有效") && !no_deadline("2026-12-31"));
    }

    #[test]
    fn education_work_types_openings_lists_occupations() {
        assert_eq!(education("大专及以上"), Ok(Education::Associate));
        assert_eq!(education("本科以上学历"), Ok(Education::Bachelor));
        assert_eq!(education("高中/中专"), Ok(Education::HighSchool));
        assert_eq!(education("初中"), Ok(Education::None));
        assert_eq!(education("不限"), Ok(Education::None));
        assert_eq!(education("bachelor degree"), Ok(Education::Bachelor));
        assert!(education("博士后").is_err());
        use EmploymentType::*;
        assert_eq!(work_types("全职"), Ok(vec![FullTime]));
        assert_eq!(work_types("兼职、零工，临时/实习"), Err("\"临时/实习\" is not a work type".into()));
        assert_eq!(work_types("兼职、零工，临时、实习、派遣、全职、FULL_TIME"), Ok(vec![PartTime, PerDiem, Temporary, Intern, Contractor, FullTime]));
        assert_eq!(openings("5人"), Ok(Some(5)));
        assert_eq!(openings("5"), Ok(Some(5)));
        assert_eq!(openings("若干"), Ok(None));
        assert!(openings("一些").is_err());
        assert_eq!(list("焊工证、叉车证，CAD; 电工证；\n 沟通"), ["焊工证", "叉车证", "CAD", "电工证", "沟通"]);
        assert_eq!(occupation("6-18-02 焊工"), Ok("6-18-02 焊工".into()));
        assert_eq!(occupation("6-18-02焊工"), Ok("6-18-02 焊工".into()));
        assert_eq!(occupation("6-18-02"), Ok("6-18-02".into()));
        assert_eq!(occupation("4-01-02-01 营业员"), Ok("4-01-02-01 营业员".into()));
        assert_eq!(occupation(" 焊工 "), Ok("焊工".into()));
        assert!(occupation("61802 焊工").is_err());
    }
}
