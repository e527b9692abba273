//! The profile panel's strings (issue 4) in zh-CN, zh-HK and en, and the wording of match reasons,
//! policy verdicts, benefits and stations; also the search's help after nothing was found (typo
//! corrections, filters to drop, districts with results), which is the full build's too. One struct per language, so a missing string is a compile
//! error; the tests check none is empty and every placeholder is there.

use engine::eligibility::Fact;
use engine::index::BenefitEntry;
use engine::matching::{Mode, Reason};

/// The profile's strings in one language.
#[derive(Debug, PartialEq)]
pub struct ProfileStrings {
    /// What happens to what they enter.
    pub privacy: &'static str,
    /// Skills label.
    pub skills: &'static str,
    /// Skills hint.
    pub skills_hint: &'static str,
    /// Add button.
    pub add: &'static str,
    /// Remove a skill (`{s}`), for screen readers.
    pub remove: &'static str,
    /// Place label.
    pub place: &'static str,
    /// "Not given" choice.
    pub unsaid: &'static str,
    /// Geolocation button.
    pub use_location: &'static str,
    /// Geolocation in use.
    pub location_used: &'static str,
    /// Geolocation refused or unavailable.
    pub location_failed: &'static str,
    /// Travel mode label.
    pub travel: &'static str,
    /// Travel time label.
    pub travel_time: &'static str,
    /// Travel modes: walk, cycle, transit.
    pub modes: [&'static str; 3],
    /// `{n}` minutes.
    pub minutes: &'static str,
    /// No travel limit.
    pub no_limit: &'static str,
    /// Minimum salary label.
    pub min_salary: &'static str,
    /// Education label.
    pub education: &'static str,
    /// The lowest level (the vacancy labels say "any" there).
    pub education_none: &'static str,
    /// Experience label.
    pub experience: &'static str,
    /// Experience choices, as `crate::profile::EXPERIENCE_MONTHS`.
    pub experience_choices: [&'static str; 7],
    /// Work types label.
    pub work_types: &'static str,
    /// Target groups label.
    pub groups: &'static str,
    /// Heading of the facts used for policies only.
    pub policy_only: &'static str,
    /// Age band label.
    pub age: &'static str,
    /// An age band: `{lo}`, `{hi}`.
    pub age_band: &'static str,
    /// The oldest band: `{lo}`.
    pub age_over: &'static str,
    /// Residence label.
    pub residence: &'static str,
    /// Residences, as `engine::eligibility::Residence::ALL`.
    pub residences: [&'static str; 6],
    /// Employment label.
    pub employment: &'static str,
    /// Employment statuses, as `engine::eligibility::Employment::ALL`.
    pub employments: [&'static str; 4],
    /// Registration label.
    pub registered: &'static str,
    /// Yes / no.
    pub yes_no: [&'static str; 2],
    /// Remember check box.
    pub remember: &'static str,
    /// Clear button.
    pub clear: &'static str,
    /// Print button.
    pub print: &'static str,
    /// Heading of the printed plan.
    pub plan: &'static str,
    /// The sort choice.
    pub sort_match: &'static str,
    /// After the count when ranking: `{n}` of them suit the profile.
    pub suited: &'static str,
    /// Loading the profile data.
    pub loading: &'static str,
    /// Before the results when a misspelt word was searched as its correction; `{q}` is the
    /// correction. (The search's help after nothing was found is the full build's, as the profile is:
    /// `crate::session::Session::needs_full`.)
    pub showing_for: &'static str,
    /// No result: a filter whose removal gives results; `{f}` is the facet, `{n}` the count.
    pub without_filter: &'static str,
    /// No result here: before the districts that have results.
    pub in_districts: &'static str,
    /// Nothing found, a word of the index sounds like the query (a pinyin keyboard's slip): before
    /// that word, a button that searches for it.
    pub did_you_mean: &'static str,
    /// Reasons: `{have}` of `{of}` skills.
    pub r_skills: &'static str,
    /// Same or close occupation.
    pub r_occupation: &'static str,
    /// Distance: `{d}` (formatted), `{n}` minutes, `{mode}`.
    pub r_distance: &'static str,
    /// Salary reasons: above, may reach, below.
    pub r_salary: [&'static str; 3],
    /// Education met, short.
    pub r_education: [&'static str; 2],
    /// Experience met; short (`{n}` months asked).
    pub r_experience: [&'static str; 2],
    /// Welcomes `{g}`.
    pub r_welcomes: &'static str,
    /// Posted today; `{n}` days ago.
    pub r_posted: [&'static str; 2],
    /// Before the missing skills.
    pub missing: &'static str,
    /// Policies heading.
    pub policies: &'static str,
    /// Verdicts: eligible; may be (`{facts}` to confirm); not eligible (`{facts}`).
    pub verdicts: [&'static str; 3],
    /// Heading of the policies not met (collapsed).
    pub not_eligible: &'static str,
    /// Facts, as `engine::eligibility::Fact` order.
    pub facts: [&'static str; 7],
    /// Between list items.
    pub sep: &'static str,
    /// Benefit amounts: fixed `{a}`, cap `{a}`.
    pub amount: [&'static str; 2],
    /// Per: total, once, month, year.
    pub per: [&'static str; 4],
    /// Runs `{n}` months.
    pub months: &'static str,
    /// Stations heading.
    pub stations: &'static str,
    /// Open now; closed now.
    pub open: [&'static str; 2],
    /// Within the travel limit.
    pub within: &'static str,
    /// Metres `{n}`, kilometres `{n}`.
    pub distance: [&'static str; 2],
}

impl ProfileStrings {
    /// The strings for a language tag (as [`super::Strings::for_lang`] chooses).
    pub fn for_lang(lang: &str) -> &'static ProfileStrings {
        match super::Strings::for_lang(lang).lang {
            "en" => &EN,
            "zh-HK" => &ZH_HK,
            _ => &ZH_CN,
        }
    }

    /// A travel mode's name.
    pub fn mode(&self, m: Mode) -> &'static str {
        self.modes[m as usize]
    }

    /// A distance: `850 米`, `1.1 公里`.
    pub fn distance(&self, meters: u32) -> String {
        if meters < 1000 {
            self.distance[0].replace("{n}", &meters.to_string())
        } else {
            // Tenths of a kilometre, in integers (float formatting would add kilobytes to the wasm).
            let tenths = (meters + 50) / 100;
            self.distance[1].replace("{n}", &format!("{}.{}", tenths / 10, tenths % 10))
        }
    }

    /// One reason in words; `group` names a target group.
    pub fn reason(&self, r: &Reason, group: impl Fn(&str) -> String) -> String {
        match r {
            Reason::Skills { have, of } => self.r_skills.replace("{have}", &have.to_string()).replace("{of}", &of.to_string()),
            Reason::Occupation { .. } => self.r_occupation.to_owned(),
            Reason::Distance { meters, minutes, mode } => {
                self.r_distance.replace("{d}", &self.distance(*meters)).replace("{mode}", self.mode(*mode)).replace("{n}", &minutes.to_string())
            }
            Reason::SalaryAbove => self.r_salary[0].to_owned(),
            Reason::SalaryMayReach => self.r_salary[1].to_owned(),
            Reason::SalaryBelow => self.r_salary[2].to_owned(),
            Reason::EducationMet => self.r_education[0].to_owned(),
            Reason::EducationShort => self.r_education[1].to_owned(),
            Reason::ExperienceMet => self.r_experience[0].to_owned(),
            Reason::ExperienceShort { months } => self.r_experience[1].replace("{n}", &months.to_string()),
            Reason::Welcomes(g) => self.r_welcomes.replace("{g}", &group(g)),
            Reason::Posted { days: 0 } => self.r_posted[0].to_owned(),
            Reason::Posted { days } => self.r_posted[1].replace("{n}", &days.to_string()),
        }
    }

    /// Facts in words, joined.
    pub fn facts(&self, facts: &[Fact]) -> String {
        facts.iter().map(|&f| self.facts[f as usize]).collect::<Vec<_>>().join(self.sep)
    }

    /// A benefit: `就业奖补：最高 51.5万元，最长 36 个月`.
    pub fn benefit(&self, b: &BenefitEntry, zh: bool) -> String {
        let mut s = b.name.clone();
        if let Some((a, cap)) = b.amount {
            let amount = yuan(a, zh);
            let per = ["total", "once", "month", "year"].iter().position(|p| *p == b.per).map_or("", |i| self.per[i]);
            s.push_str(&format!("{}{}{per}", self.sep_colon(), self.amount[usize::from(cap)].replace("{a}", &amount)));
        }
        if let Some(m) = b.months {
            s.push_str(&format!("{}{}", self.sep, self.months.replace("{n}", &m.to_string())));
        }
        s
    }

    fn sep_colon(&self) -> &'static str {
        if self.sep == ", " { ": " } else { "：" }
    }
}

/// An amount of yuan: `51.5万` / `450万` / `1200` in Chinese, `515,000` in English.
pub fn yuan(a: u64, zh: bool) -> String {
    if zh && a >= 10_000 && a.is_multiple_of(100) {
        let (whole, hundredths) = (a / 10_000, a % 10_000 / 100);
        let frac = format!("{hundredths:02}");
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() { format!("{whole}万") } else { format!("{whole}.{frac}万") }
    } else if zh {
        a.to_string()
    } else {
        let d = a.to_string();
        let mut out = String::new();
        for (i, c) in d.chars().enumerate() {
            if i > 0 && (d.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
}

/// Simplified Chinese.
pub static ZH_CN: ProfileStrings = ProfileStrings {
    privacy: "按您的情况推荐岗位、政策和就业服务站。您填写的内容只在这个浏览器里使用，不会发送给任何人。",
    skills: "我的技能",
    skills_hint: "如：焊工证、叉车、Excel",
    add: "添加",
    remove: "删除 {s}",
    place: "我在哪里（街道 / 镇）",
    unsaid: "不填",
    use_location: "使用我的位置",
    location_used: "已使用您现在的位置",
    location_failed: "无法获取您的位置，请从列表中选择。",
    travel: "通勤方式",
    travel_time: "最长通勤时间",
    modes: ["步行", "骑车", "公交 / 地铁"],
    minutes: "{n} 分钟以内",
    no_limit: "不限",
    min_salary: "最低月薪（元）",
    education: "最高学历",
    education_none: "初中及以下",
    experience: "工作经验",
    experience_choices: ["没有经验", "半年", "1 年", "2 年", "3 年", "5 年", "10 年以上"],
    work_types: "可接受的工作类型",
    groups: "我属于（可多选）",
    policy_only: "以下只用来判断政策资格",
    age: "年龄段",
    age_band: "{lo}–{hi} 岁",
    age_over: "{lo} 岁及以上",
    residence: "户籍 / 身份",
    residences: ["广州户籍", "内地其他地区户籍", "香港居民", "澳门居民", "台湾居民", "外国人"],
    employment: "目前状况",
    employments: ["在职", "未就业、正在找工作", "自主创业 / 个体经营", "在校学生"],
    registered: "已办理失业登记",
    yes_no: ["是", "否"],
    remember: "在这台设备上记住我的信息（只保存在这个浏览器里）",
    clear: "清除我的信息",
    print: "打印我的就业计划",
    plan: "我的就业计划（一人一策）",
    sort_match: "最适合我",
    suited: "，其中 {n} 个适合您",
    loading: "正在载入匹配数据…",
    showing_for: "显示 {q} 的结果",
    without_filter: "去掉“{f}”筛选：{n} 个岗位",
    in_districts: "这些区有结果：",
    did_you_mean: "您要找的是不是：",
    r_skills: "具备 {have}/{of} 项技能",
    r_occupation: "职业相近",
    r_distance: "约 {d} · {mode} {n} 分钟",
    r_salary: ["薪资高于您的最低要求", "薪资上限达到您的要求", "薪资低于您的要求"],
    r_education: ["学历符合", "学历要求更高"],
    r_experience: ["经验符合", "要求 {n} 个月经验"],
    r_welcomes: "欢迎{g}",
    r_posted: ["今天发布", "{n} 天前发布"],
    missing: "还缺：",
    policies: "可能适合您的政策",
    verdicts: ["符合条件", "可能符合，还需确认：{facts}", "不符合：{facts}"],
    not_eligible: "暂不符合的政策",
    facts: ["重点群体", "年龄", "户籍 / 身份", "失业登记", "学历", "目前状况", "所在区"],
    sep: "，",
    amount: ["{a}元", "最高 {a}元"],
    per: ["（合计）", "（一次性）", "／月", "／年"],
    months: "最长 {n} 个月",
    stations: "离我最近的就业服务站",
    open: ["正在开放", "现在未开放"],
    within: "在您的通勤范围内",
    distance: ["{n} 米", "{n} 公里"],
};

/// Traditional Chinese (Hong Kong).
pub static ZH_HK: ProfileStrings = ProfileStrings {
    privacy: "按您的情況推薦職位、政策和就業服務站。您填寫的內容只在這個瀏覽器裏使用，不會發送給任何人。",
    skills: "我的技能",
    skills_hint: "例如：焊工證、叉車、Excel",
    add: "加入",
    remove: "刪除 {s}",
    place: "我在哪裏（街道 / 鎮）",
    unsaid: "不填",
    use_location: "使用我的位置",
    location_used: "已使用您現在的位置",
    location_failed: "無法取得您的位置，請從列表中選擇。",
    travel: "通勤方式",
    travel_time: "最長通勤時間",
    modes: ["步行", "踏單車", "巴士 / 地鐵"],
    minutes: "{n} 分鐘以內",
    no_limit: "不限",
    min_salary: "最低月薪（人民幣元）",
    education: "最高學歷",
    education_none: "初中或以下",
    experience: "工作經驗",
    experience_choices: ["沒有經驗", "半年", "1 年", "2 年", "3 年", "5 年", "10 年以上"],
    work_types: "可接受的工作類型",
    groups: "我屬於（可選多項）",
    policy_only: "以下只用來判斷政策資格",
    age: "年齡組別",
    age_band: "{lo}–{hi} 歲",
    age_over: "{lo} 歲或以上",
    residence: "戶籍 / 身份",
    residences: ["廣州戶籍", "內地其他地區戶籍", "香港居民", "澳門居民", "台灣居民", "外國人"],
    employment: "目前狀況",
    employments: ["在職", "未就業、正在找工作", "自主創業 / 個體經營", "在學學生"],
    registered: "已辦理失業登記",
    yes_no: ["是", "否"],
    remember: "在這部裝置上記住我的資料（只保存在這個瀏覽器裏）",
    clear: "清除我的資料",
    print: "列印我的就業計劃",
    plan: "我的就業計劃（一人一策）",
    sort_match: "最適合我",
    suited: "，其中 {n} 個適合您",
    loading: "正在載入配對資料…",
    showing_for: "顯示 {q} 的結果",
    without_filter: "去掉「{f}」篩選：{n} 個職位",
    in_districts: "這些區有結果：",
    did_you_mean: "您要找的是不是：",
    r_skills: "具備 {have}/{of} 項技能",
    r_occupation: "職業相近",
    r_distance: "約 {d} · {mode} {n} 分鐘",
    r_salary: ["薪酬高於您的最低要求", "薪酬上限達到您的要求", "薪酬低於您的要求"],
    r_education: ["學歷符合", "學歷要求較高"],
    r_experience: ["經驗符合", "要求 {n} 個月經驗"],
    r_welcomes: "歡迎{g}",
    r_posted: ["今日發布", "{n} 日前發布"],
    missing: "尚欠：",
    policies: "可能適合您的政策",
    verdicts: ["符合條件", "可能符合，尚需確認：{facts}", "不符合：{facts}"],
    not_eligible: "暫不符合的政策",
    facts: ["重點群體", "年齡", "戶籍 / 身份", "失業登記", "學歷", "目前狀況", "所在區"],
    sep: "，",
    amount: ["{a}元", "最高 {a}元"],
    per: ["（合計）", "（一次性）", "／月", "／年"],
    months: "最長 {n} 個月",
    stations: "離我最近的就業服務站",
    open: ["現正開放", "現在未開放"],
    within: "在您的通勤範圍內",
    distance: ["{n} 米", "{n} 公里"],
};

/// English.
pub static EN: ProfileStrings = ProfileStrings {
    privacy: "Jobs, policies and employment stations that suit you. What you enter is used only in this browser and is never sent to anyone.",
    skills: "My skills",
    skills_hint: "e.g. welding certificate, forklift, Excel",
    add: "Add",
    remove: "Remove {s}",
    place: "Where I am (street or town)",
    unsaid: "Not given",
    use_location: "Use my location",
    location_used: "Using your current location",
    location_failed: "Your location is not available; please pick a street or town.",
    travel: "How I travel",
    travel_time: "For how long at most",
    modes: ["on foot", "by bike", "by bus or metro"],
    minutes: "up to {n} min",
    no_limit: "no limit",
    min_salary: "Lowest monthly pay (CNY)",
    education: "Highest education",
    education_none: "Junior secondary or less",
    experience: "Work experience",
    experience_choices: ["None", "6 months", "1 year", "2 years", "3 years", "5 years", "10 years or more"],
    work_types: "Work types I accept",
    groups: "I am (tick any)",
    policy_only: "Used only to check which policies apply",
    age: "Age",
    age_band: "{lo}–{hi}",
    age_over: "{lo} or older",
    residence: "Residence",
    residences: ["Guangzhou hukou", "Hukou elsewhere on the mainland", "Hong Kong resident", "Macau resident", "Taiwan resident", "Foreign national"],
    employment: "What I do now",
    employments: ["Employed", "Out of work, looking", "Self-employed", "Student"],
    registered: "Registered as unemployed",
    yes_no: ["Yes", "No"],
    remember: "Remember my answers on this device (kept in this browser only)",
    clear: "Clear my answers",
    print: "Print my employment plan",
    plan: "My employment plan",
    sort_match: "Best for me",
    suited: "; {n} suit you",
    loading: "Loading matching data…",
    showing_for: "Showing results for {q}",
    without_filter: "Without the “{f}” filter: {n} jobs",
    in_districts: "Districts with results:",
    did_you_mean: "Did you mean: ",
    r_skills: "{have} of {of} skills",
    r_occupation: "Related occupation",
    r_distance: "{d} · {n} min {mode}",
    r_salary: ["Pay above your minimum", "Pay may reach your minimum", "Pay below your minimum"],
    r_education: ["Education matches", "Asks for more education"],
    r_experience: ["Experience matches", "Asks for {n} months' experience"],
    r_welcomes: "Welcomes {g}",
    r_posted: ["Posted today", "Posted {n} days ago"],
    missing: "Missing: ",
    policies: "Policies that may apply to you",
    verdicts: ["You qualify", "You may qualify; to confirm: {facts}", "Not for you: {facts}"],
    not_eligible: "Policies you do not qualify for now",
    facts: ["target group", "age", "residence", "unemployment registration", "education", "what you do now", "district"],
    sep: ", ",
    amount: ["CNY {a}", "up to CNY {a}"],
    per: [" in total", " once", " a month", " a year"],
    months: "for up to {n} months",
    stations: "Employment service stations near me",
    open: ["Open now", "Closed now"],
    within: "Within your travel time",
    distance: ["{n} m", "{n} km"],
};

#[cfg(test)]
mod tests {
    use super::*;
    use engine::eligibility::Fact;

    #[test]
    fn no_string_is_empty_and_placeholders_are_there() {
        for s in [&ZH_CN, &ZH_HK, &EN] {
            let text = format!("{s:?}");
            assert!(!text.contains("\"\""), "an empty string: {text}");
            for (v, ph) in [
                (s.remove, "{s}"),
                (s.minutes, "{n}"),
                (s.age_band, "{hi}"),
                (s.age_over, "{lo}"),
                (s.suited, "{n}"),
                (s.r_skills, "{of}"),
                (s.r_distance, "{mode}"),
                (s.r_experience[1], "{n}"),
                (s.r_welcomes, "{g}"),
                (s.r_posted[1], "{n}"),
                (s.verdicts[1], "{facts}"),
                (s.verdicts[2], "{facts}"),
                (s.amount[1], "{a}"),
                (s.months, "{n}"),
                (s.showing_for, "{q}"),
                (s.without_filter, "{f}"),
                (s.without_filter, "{n}"),
                (s.distance[1], "{n}"),
            ] {
                assert!(v.contains(ph), "{v:?} lacks {ph}");
            }
        }
    }

    #[test]
    fn reasons_benefits_and_amounts_read_well() {
        let d = Reason::Distance { meters: 1100, minutes: 14, mode: Mode::Walk };
        assert_eq!(ZH_CN.reason(&d, str::to_owned), "约 1.1 公里 · 步行 14 分钟");
        assert_eq!(EN.reason(&d, str::to_owned), "1.1 km · 14 min on foot");
        assert_eq!(EN.reason(&Reason::Skills { have: 3, of: 4 }, str::to_owned), "3 of 4 skills");
        assert_eq!(ZH_HK.reason(&Reason::Welcomes("veteran".into()), |_| "退役軍人".into()), "歡迎退役軍人");
        assert_eq!((ZH_CN.distance(850), ZH_CN.distance(1049), ZH_CN.distance(12960)), ("850 米".into(), "1.0 公里".into(), "13.0 公里".into()));
        assert_eq!(yuan(1_234_500, true), "123.45万");
        assert_eq!(
            (yuan(515_000, true), yuan(4_500_000, true), yuan(1200, true), yuan(515_000, false)),
            ("51.5万".into(), "450万".into(), "1200".into(), "515,000".into())
        );
        let b =
            BenefitEntry {
                kind: "subsidy".into(), name: "就业补贴".into(), amount: Some((515_000, true)), per: "total".into(), months: Some(36)
            };
        assert_eq!(ZH_CN.benefit(&b, true), "就业补贴：最高 51.5万元（合计），最长 36 个月");
        assert_eq!(
            EN.benefit(&BenefitEntry { name: "Employment support".into(), ..b }, false),
            "Employment support: up to CNY 515,000 in total, for up to 36 months"
        );
        assert_eq!(EN.facts(&[Fact::Age, Fact::Residence]), "age, residence");
    }
}
