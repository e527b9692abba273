//! The widget's interface strings in zh-CN, zh-HK and en, and the labels of the facet values it can
//! translate itself (work types, education, salary and experience bands). One struct per language, so a
//! missing string is a compile error; [`tests`] check none is empty.

pub mod profile;
pub mod sheet;

/// Interface strings of one language.
#[derive(Debug, PartialEq)]
pub struct Strings {
    /// BCP 47 tag.
    pub lang: &'static str,
    /// Label of the search box.
    pub search_label: &'static str,
    /// Hint inside the search box.
    pub search_hint: &'static str,
    /// Heading of the filters.
    pub filters: &'static str,
    /// "Any" choice of a drop-down facet.
    pub any: &'static str,
    /// Facet names, by facet name.
    pub facet_district: &'static str,
    /// Street or town.
    pub facet_locality: &'static str,
    /// Work type.
    pub facet_work_type: &'static str,
    /// Occupation.
    pub facet_occupation: &'static str,
    /// Monthly salary.
    pub facet_salary: &'static str,
    /// Education.
    pub facet_education: &'static str,
    /// Experience.
    pub facet_experience: &'static str,
    /// Target group.
    pub facet_group: &'static str,
    /// Sort label and choices.
    pub sort: &'static str,
    /// Best match.
    pub sort_relevance: &'static str,
    /// Newest.
    pub sort_newest: &'static str,
    /// Highest salary.
    pub sort_salary: &'static str,
    /// Result count; `{n}` is the number.
    pub found: &'static str,
    /// No result.
    pub none_found: &'static str,
    /// After the count, when no vacancy has every word typed and the results have most of them.
    pub partial: &'static str,
    /// Heading of the results (for screen readers).
    pub results: &'static str,
    /// Loading the index.
    pub loading: &'static str,
    /// The index cannot be fetched at all.
    pub unavailable: &'static str,
    /// The index cannot be fetched, in a widget without a static list beside it (embedded).
    pub unavailable_here: &'static str,
    /// An index file is corrupt: search is off, the static list stays (listing pages).
    pub corrupt: &'static str,
    /// The same, in an embedded widget (no static list there).
    pub corrupt_here: &'static str,
    /// Part of the index cannot be fetched.
    pub fetch_failed: &'static str,
    /// Retry button.
    pub retry: &'static str,
    /// Load more button.
    pub more: &'static str,
    /// Clear filters button.
    pub clear: &'static str,
    /// Link from the portal's widget to the embed page with its current search.
    pub embed_this: &'static str,
    /// Link from an embedded widget to its portal.
    pub on_portal: &'static str,
    /// Salary not stated.
    pub negotiable: &'static str,
    /// Salary units: hour, day, week, month, year.
    pub per: [&'static str; 5],
    /// Currency before an amount (en) or after (zh: empty here, the unit carries 元).
    pub currency: &'static str,
    /// Work types in `EmploymentType::ALL` order of their schema spelling, see [`Strings::work_type`].
    pub work_types: [(&'static str, &'static str); 8],
    /// Education levels by slug.
    pub education: [(&'static str, &'static str); 6],
    /// Salary bands by key.
    pub salary_bands: [(&'static str, &'static str); 6],
    /// Experience bands by key.
    pub experience: [(&'static str, &'static str); 5],
    /// The profile panel's title (the rest of its strings: [`profile::ProfileStrings`], only in the
    /// widget built with the `profile` feature). Short: the widget paints it late, and a text larger
    /// than the page's heading would become the page's Largest Contentful Paint.
    pub profile_title: &'static str,
}

impl Strings {
    /// The strings for a language tag (`zh-CN` when unknown; `zh-TW`/`zh-MO`/`zh-Hant` read zh-HK).
    pub fn for_lang(lang: &str) -> &'static Strings {
        let l = lang.to_ascii_lowercase();
        if l.starts_with("en") {
            &EN
        } else if l == "zh-hk" || l == "zh-tw" || l == "zh-mo" || l.starts_with("zh-hant") {
            &ZH_HK
        } else {
            &ZH_CN
        }
    }

    /// The name of a facet.
    pub fn facet(&self, name: &str) -> &'static str {
        match name {
            "district" => self.facet_district,
            "locality" => self.facet_locality,
            "work_type" => self.facet_work_type,
            "occupation" => self.facet_occupation,
            "salary" => self.facet_salary,
            "education" => self.facet_education,
            "experience" => self.facet_experience,
            "group" => self.facet_group,
            _ => "",
        }
    }

    /// The label of a facet value this widget translates itself, if it does.
    pub fn value(&self, facet: &str, key: &str) -> Option<&'static str> {
        let table: &[(&str, &str)] = match facet {
            "work_type" => &self.work_types,
            "education" => &self.education,
            "salary" => &self.salary_bands,
            "experience" => &self.experience,
            _ => return None,
        };
        table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// A work type's label (the schema spelling when unknown).
    pub fn work_type<'a>(&self, key: &'a str) -> &'a str {
        self.value("work_type", key).unwrap_or(key)
    }

    /// "12 jobs found".
    pub fn found(&self, n: usize) -> String {
        if n == 0 { self.none_found.to_owned() } else { self.found.replace("{n}", &n.to_string()) }
    }

    /// A salary as posted: `7600–11600 元/月`, `CNY 200 / day`.
    pub fn salary(&self, salary: Option<&(u32, u32, String)>) -> String {
        let Some((min, max, unit)) = salary else { return self.negotiable.to_owned() };
        let i = ["HOUR", "DAY", "WEEK", "MONTH", "YEAR"].iter().position(|u| u == unit).unwrap_or(3);
        let amount = if min == max { min.to_string() } else { format!("{min}–{max}") };
        format!("{}{amount}{}", self.currency, self.per[i])
    }
}

/// Simplified Chinese.
pub static ZH_CN: Strings = Strings {
    lang: "zh-CN",
    search_label: "搜索岗位",
    search_hint: "职位、技能或单位，如：焊工",
    filters: "筛选",
    any: "不限",
    facet_district: "区",
    facet_locality: "街道 / 镇",
    facet_work_type: "工作类型",
    facet_occupation: "职业类别",
    facet_salary: "月薪",
    facet_education: "学历",
    facet_experience: "工作经验",
    facet_group: "重点群体",
    sort: "排序",
    sort_relevance: "最相关",
    sort_newest: "最新发布",
    sort_salary: "薪资最高",
    found: "找到 {n} 个岗位",
    none_found: "没有找到符合条件的岗位，请换个关键词或减少筛选条件。",
    partial: "（没有岗位含有全部关键词，以下岗位含有其中大部分）",
    results: "搜索结果",
    loading: "正在载入岗位搜索…",
    unavailable: "岗位搜索暂时无法载入，下面是按页浏览的岗位列表。",
    unavailable_here: "岗位搜索暂时无法载入。",
    corrupt: "岗位搜索数据已损坏，暂时无法搜索；下面是按页浏览的岗位列表。",
    corrupt_here: "岗位搜索数据已损坏，暂时无法搜索。",
    fetch_failed: "部分搜索数据未能载入，请检查网络后重试。",
    retry: "重试",
    more: "加载更多",
    clear: "清除筛选",
    embed_this: "把这个搜索嵌入您的网站",
    on_portal: "在就业门户查看全部岗位",
    negotiable: "薪资面议",
    per: [" 元/小时", " 元/天", " 元/周", " 元/月", " 元/年"],
    currency: "",
    work_types: [
        ("FULL_TIME", "全职"),
        ("PART_TIME", "兼职"),
        ("PER_DIEM", "零工"),
        ("INTERN", "实习"),
        ("TEMPORARY", "临时"),
        ("CONTRACTOR", "派遣/外包"),
        ("VOLUNTEER", "志愿者"),
        ("OTHER", "其他"),
    ],
    education: [
        ("none", "不限"),
        ("high-school", "高中/中专"),
        ("certificate", "职业资格证书"),
        ("associate", "大专"),
        ("bachelor", "本科"),
        ("postgraduate", "研究生"),
    ],
    salary_bands: [
        ("lt3k", "3千以下"),
        ("3k-5k", "3千–5千"),
        ("5k-8k", "5千–8千"),
        ("8k-12k", "8千–1.2万"),
        ("12k-20k", "1.2万–2万"),
        ("20k+", "2万以上"),
    ],
    experience: [("none", "无需经验"), ("lt1y", "1年以下"), ("1-3y", "1–3年"), ("3-5y", "3–5年"), ("5y+", "5年以上")],
    profile_title: "按我的情况推荐",
};

/// Traditional Chinese (Hong Kong).
pub static ZH_HK: Strings = Strings {
    lang: "zh-HK",
    search_label: "搜尋職位",
    search_hint: "職位、技能或機構，如：焊工",
    filters: "篩選",
    any: "不限",
    facet_district: "區",
    facet_locality: "街道 / 鎮",
    facet_work_type: "工作類型",
    facet_occupation: "職業類別",
    facet_salary: "月薪",
    facet_education: "學歷",
    facet_experience: "工作經驗",
    facet_group: "重點群體",
    sort: "排序",
    sort_relevance: "最相關",
    sort_newest: "最新發佈",
    sort_salary: "薪酬最高",
    found: "找到 {n} 個職位",
    none_found: "沒有找到符合條件的職位，請換個關鍵詞或減少篩選條件。",
    partial: "（沒有職位含有全部關鍵詞，以下職位含有其中大部分）",
    results: "搜尋結果",
    loading: "正在載入職位搜尋…",
    unavailable: "職位搜尋暫時無法載入，下面是按頁瀏覽的職位列表。",
    unavailable_here: "職位搜尋暫時無法載入。",
    corrupt: "職位搜尋資料已損壞，暫時無法搜尋；下面是按頁瀏覽的職位列表。",
    corrupt_here: "職位搜尋資料已損壞，暫時無法搜尋。",
    fetch_failed: "部分搜尋資料未能載入，請檢查網絡後重試。",
    retry: "重試",
    more: "載入更多",
    clear: "清除篩選",
    embed_this: "把這個搜尋嵌入您的網站",
    on_portal: "在就業門戶查看全部職位",
    negotiable: "薪酬面議",
    per: [" 元/小時", " 元/天", " 元/週", " 元/月", " 元/年"],
    currency: "",
    work_types: [
        ("FULL_TIME", "全職"),
        ("PART_TIME", "兼職"),
        ("PER_DIEM", "散工"),
        ("INTERN", "實習"),
        ("TEMPORARY", "臨時"),
        ("CONTRACTOR", "派遣/外判"),
        ("VOLUNTEER", "義工"),
        ("OTHER", "其他"),
    ],
    education: [
        ("none", "不限"),
        ("high-school", "高中/中專"),
        ("certificate", "職業資格證書"),
        ("associate", "大專"),
        ("bachelor", "學士"),
        ("postgraduate", "研究生"),
    ],
    salary_bands: [
        ("lt3k", "3千以下"),
        ("3k-5k", "3千–5千"),
        ("5k-8k", "5千–8千"),
        ("8k-12k", "8千–1.2萬"),
        ("12k-20k", "1.2萬–2萬"),
        ("20k+", "2萬以上"),
    ],
    experience: [("none", "無需經驗"), ("lt1y", "1年以下"), ("1-3y", "1–3年"), ("3-5y", "3–5年"), ("5y+", "5年以上")],
    profile_title: "按我的情況推薦",
};

/// English.
pub static EN: Strings = Strings {
    lang: "en",
    search_label: "Search jobs",
    search_hint: "Job, skill or employer, e.g. welder",
    filters: "Filters",
    any: "Any",
    facet_district: "District",
    facet_locality: "Street / town",
    facet_work_type: "Work type",
    facet_occupation: "Occupation",
    facet_salary: "Monthly pay",
    facet_education: "Education",
    facet_experience: "Experience",
    facet_group: "Welcomes",
    sort: "Sort by",
    sort_relevance: "Best match",
    sort_newest: "Newest",
    sort_salary: "Highest pay",
    found: "{n} jobs found",
    none_found: "No jobs match. Try other words or fewer filters.",
    partial: "(no vacancy has every word you typed; these have most of them)",
    results: "Search results",
    loading: "Loading job search…",
    unavailable: "Job search cannot be loaded right now; the list below shows every job page by page.",
    unavailable_here: "Job search cannot be loaded right now.",
    corrupt: "The job search data is damaged, so search is off; the list below shows every job page by page.",
    corrupt_here: "The job search data is damaged, so search is off.",
    fetch_failed: "Part of the search data could not be loaded. Check the connection and retry.",
    retry: "Retry",
    more: "Show more",
    embed_this: "Embed this search on your site",
    on_portal: "See all vacancies on the employment portal",
    clear: "Clear filters",
    negotiable: "Pay negotiable",
    per: [" / hour", " / day", " / week", " / month", " / year"],
    currency: "CNY ",
    work_types: [
        ("FULL_TIME", "Full-time"),
        ("PART_TIME", "Part-time"),
        ("PER_DIEM", "Gig (by the day)"),
        ("INTERN", "Internship"),
        ("TEMPORARY", "Temporary"),
        ("CONTRACTOR", "Contract / agency"),
        ("VOLUNTEER", "Volunteer"),
        ("OTHER", "Other"),
    ],
    education: [
        ("none", "No requirement"),
        ("high-school", "High school"),
        ("certificate", "Professional certificate"),
        ("associate", "Associate degree"),
        ("bachelor", "Bachelor's degree"),
        ("postgraduate", "Postgraduate"),
    ],
    salary_bands: [
        ("lt3k", "Under 3k"),
        ("3k-5k", "3k–5k"),
        ("5k-8k", "5k–8k"),
        ("8k-12k", "8k–12k"),
        ("12k-20k", "12k–20k"),
        ("20k+", "20k and more"),
    ],
    experience: [("none", "None needed"), ("lt1y", "Under 1 year"), ("1-3y", "1–3 years"), ("3-5y", "3–5 years"), ("5y+", "5 years or more")],
    profile_title: "Match to me",
};

#[cfg(test)]
mod tests {
    use super::*;
    use engine::index::{EXPERIENCE_BANDS, SALARY_BANDS};
    use engine::vacancy::{Education, EmploymentType};

    #[test]
    fn every_language_translates_every_value_the_index_uses() {
        for s in [&ZH_CN, &ZH_HK, &EN] {
            for t in EmploymentType::ALL {
                assert!(s.value("work_type", t.as_schema()).is_some_and(|v| !v.is_empty()), "{} {t:?}", s.lang);
            }
            for e in Education::ALL {
                assert!(s.value("education", e.slug()).is_some(), "{} {e:?}", s.lang);
            }
            for (_, k) in SALARY_BANDS {
                assert!(s.value("salary", k).is_some(), "{} {k}", s.lang);
            }
            for (_, k) in EXPERIENCE_BANDS {
                assert!(s.value("experience", k).is_some(), "{} {k}", s.lang);
            }
            for f in ["district", "locality", "work_type", "occupation", "salary", "education", "experience", "group"] {
                assert!(!s.facet(f).is_empty(), "{} {f}", s.lang);
            }
            let all = [
                s.search_label,
                s.search_hint,
                s.filters,
                s.any,
                s.sort,
                s.sort_relevance,
                s.sort_newest,
                s.sort_salary,
                s.none_found,
                s.partial,
                s.results,
                s.loading,
                s.unavailable,
                s.unavailable_here,
                s.corrupt,
                s.corrupt_here,
                s.fetch_failed,
                s.retry,
                s.more,
                s.clear,
                s.embed_this,
                s.on_portal,
                s.negotiable,
            ];
            assert!(all.iter().all(|x| !x.is_empty()), "{}", s.lang);
            assert!(s.found.contains("{n}"));
        }
    }

    #[test]
    fn language_choice_and_formatting() {
        assert_eq!(Strings::for_lang("zh-HK").lang, "zh-HK");
        assert_eq!(Strings::for_lang("zh-Hant-TW").lang, "zh-HK");
        assert_eq!(Strings::for_lang("en-GB").lang, "en");
        assert_eq!(Strings::for_lang("fr").lang, "zh-CN");
        assert_eq!(ZH_CN.found(12), "找到 12 个岗位");
        assert_eq!(EN.found(0), EN.none_found);
        assert_eq!(ZH_CN.salary(Some(&(7600, 11600, "MONTH".into()))), "7600–11600 元/月");
        assert_eq!(EN.salary(Some(&(200, 200, "DAY".into()))), "CNY 200 / day");
        assert_eq!(ZH_HK.salary(None), "薪酬面議");
        assert_eq!(ZH_CN.work_type("PER_DIEM"), "零工");
    }
}
