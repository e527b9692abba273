//! Writes a large vacancy spreadsheet, as a district's office would keep it, to measure how `sitegen build`
//! and `sitegen import` read one (docs/benchmarks.md, "A 10,000-row spreadsheet"):
//!
//! ```sh
//! cargo run -p sitegen --example big_sheet -- ROWS FILE.xlsx
//! ```
//!
//! Every built-in heading; salaries, dates and experience in each of the forms offices write (date cells,
//! serial numbers, `2026/11/20`, `2026年11月20日`; `6000-8000元/月`, `8k-12k`, `150元/天`, `25元/小时`,
//! `年薪10-15万`, `面议`); one row in ten without 岗位编号; the sample content's target groups; text as long
//! as the sample vacancies'. Deterministic: the same ROWS give the same file.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

const HEADINGS: [&str; 20] = [
    "岗位编号",
    "岗位名称",
    "招聘单位",
    "工作性质",
    "工作地点",
    "详细地址",
    "经度",
    "纬度",
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
const JOBS: [(&str, &str, &str); 8] = [
    ("焊工", "6-18-02 焊工", "焊工证、二氧化碳保护焊、读图"),
    ("数控车工", "6-18-01 车工", "数控车床、读图、量具使用"),
    ("电工", "6-31-01 电工", "电工证、低压电工"),
    ("仓库管理员", "4-02-06 仓储人员", "叉车证、ERP、盘点"),
    ("客服专员", "4-07-02 客户服务管理员", "普通话、电脑操作、沟通"),
    ("保洁员", "4-10-06 保洁员", "吃苦耐劳"),
    ("软件测试工程师", "2-02-10 计算机软件工程技术人员", "Python、自动化测试、Linux"),
    ("快递员", "4-02-07 快递员", "电动车驾驶、智能手机"),
];
const PLACES: [(&str, f64, f64); 6] = [
    ("云埔街道", 113.505, 23.170),
    ("夏港街道", 113.470, 23.100),
    ("萝岗街道", 113.490, 23.180),
    ("长岭街道", 113.500, 23.250),
    ("九龙镇", 113.580, 23.330),
    ("黄埔街道", 113.410, 23.100),
];
const GROUPS: [&str; 5] = ["高校毕业生", "4050人员", "就业困难人员", "退役军人", "农村劳动力"];
const TYPES: [&str; 5] = ["全职", "全职、零工", "兼职", "实习", "临时"];
const EDUCATION: [&str; 5] = ["不限", "初中及以上", "高中/中专", "大专及以上", "本科及以上"];
const EXPERIENCE: [&str; 5] = ["不限", "应届", "1年以上", "3年以上", "1-3年"];

/// A small deterministic generator (64-bit LCG), enough to vary the rows.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn main() -> Result<(), XlsxError> {
    let mut args = std::env::args().skip(1);
    let (Some(rows), Some(path)) = (args.next().and_then(|n| n.parse::<u32>().ok()), args.next()) else {
        eprintln!("usage: big_sheet ROWS FILE.xlsx");
        std::process::exit(2);
    };
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    let sheet = book.add_worksheet();
    sheet.set_name("岗位")?;
    for (c, h) in HEADINGS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut rng = Rng(12);
    for i in 1..=rows {
        let (title, occupation, skills) = JOBS[rng.below(JOBS.len())];
        let (place, lon, lat) = PLACES[rng.below(PLACES.len())];
        let employer = format!("广州示范{}有限公司", ["制造", "物流", "科技", "物业", "电子", "精密机械"][rng.below(6)]);
        let c = |n: usize| n as u16;
        if i % 10 != 0 {
            sheet.write_string(i, c(0), format!("hp-x{i:05}"))?;
        }
        sheet.write_string(i, c(1), format!("{title}（{i}号）"))?;
        sheet.write_string(i, c(2), &employer)?;
        sheet.write_string(i, c(3), TYPES[rng.below(TYPES.len())])?;
        sheet.write_string(i, c(4), place)?;
        sheet.write_string(i, c(5), format!("{place}开创大道{}号", 1 + rng.below(300)))?;
        sheet.write_number(i, c(6), lon + rng.below(100) as f64 / 10_000.0)?;
        sheet.write_number(i, c(7), lat + rng.below(100) as f64 / 10_000.0)?;
        let base = 4000 + 500 * rng.below(12);
        let salary = match rng.below(7) {
            0 => format!("{base}-{}元/月", base + 2000),
            1 => format!("{}k-{}k", base / 1000, base / 1000 + 3),
            2 => format!("{}元/天", 150 + 10 * rng.below(10)),
            3 => format!("{}元/小时", 22 + rng.below(10)),
            4 => format!("年薪{}-{}万", base * 12 / 10_000, base * 12 / 10_000 + 4),
            5 => "面议".to_owned(),
            _ => format!("{base}元以上"),
        };
        sheet.write_string(i, c(8), salary)?;
        sheet.write_string(i, c(9), EDUCATION[rng.below(EDUCATION.len())])?;
        sheet.write_string(i, c(10), EXPERIENCE[rng.below(EXPERIENCE.len())])?;
        sheet.write_number(i, c(11), (1 + rng.below(20)) as f64)?;
        let day = 1 + rng.below(19) as u8;
        match rng.below(4) {
            0 => drop(sheet.write_datetime_with_format(i, c(12), ExcelDateTime::from_ymd(2026, 11, day)?, &date)?),
            1 => drop(sheet.write_number(i, c(12), 46_326.0 + f64::from(day - 1))?),
            2 => drop(sheet.write_string(i, c(12), format!("2026/11/{day}"))?),
            _ => drop(sheet.write_string(i, c(12), format!("2026年11月{day}日"))?),
        }
        match rng.below(3) {
            0 => drop(sheet.write_string(i, c(13), "长期")?),
            1 => drop(sheet.write_string(i, c(13), format!("2027年{}月{}日", 1 + rng.below(12), 1 + rng.below(28)))?),
            _ => drop(sheet.write_datetime_with_format(i, c(13), ExcelDateTime::from_ymd(2026, 12, 1 + rng.below(31) as u8)?, &date)?),
        }
        let description = format!(
            "{employer}招聘{title}。\n\n**岗位职责**\n\n- 按工艺要求完成{title}相关工作，做好交接班记录；\n- 遵守安全生产规定，配合班组长完成生产任务；\n- 参加公司组织的技能培训。\n\n**任职要求**\n\n- 身体健康，能适应{}；\n- 有相关经验者优先。",
            ["两班倒", "长白班", "弹性工作时间"][rng.below(3)]
        );
        sheet.write_string(i, c(14), description)?;
        sheet.write_string(i, c(15), skills)?;
        sheet.write_string(i, c(16), ["五险一金、包吃住", "五险一金、年终奖、带薪年假", "餐补、交通补贴", "节日福利"][rng.below(4)])?;
        if rng.below(3) == 0 {
            let a = GROUPS[rng.below(GROUPS.len())];
            sheet.write_string(i, c(17), a)?;
        }
        sheet.write_string(i, c(18), occupation)?;
        sheet.write_string(i, c(19), format!("020-8{:07} hr{i}@example.cn", rng.below(10_000_000)))?;
    }
    book.save(&path)?;
    eprintln!("wrote {rows} vacancies to {path}");
    Ok(())
}
