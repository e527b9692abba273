//! The filter sheet's strings (issue 14 §1: on a phone the filters open in a modal sheet): the button
//! that opens it, counting the filters on, and the one that closes it, counting the results.

/// The filter sheet's strings in one language.
#[derive(Debug, PartialEq)]
pub struct SheetStrings {
    /// The button that opens the sheet; `{n}` filters are on (used when `n > 0`).
    pub open_on: &'static str,
    /// The button that closes the sheet: "show the `{n}` results".
    pub done: &'static str,
}

impl SheetStrings {
    /// The strings for a language tag (as [`super::Strings::for_lang`] chooses).
    pub fn for_lang(lang: &str) -> &'static SheetStrings {
        match super::Strings::for_lang(lang).lang {
            "en" => &EN,
            "zh-HK" => &ZH_HK,
            _ => &ZH_CN,
        }
    }

    /// The open button's label: the filters' heading alone, or with how many are on.
    pub fn open(&self, heading: &str, n: usize) -> String {
        if n == 0 { heading.to_owned() } else { format!("{heading}{}", self.open_on.replace("{n}", &n.to_string())) }
    }

    /// The closing button's label.
    pub fn done(&self, n: usize) -> String {
        self.done.replace("{n}", &n.to_string())
    }
}

static ZH_CN: SheetStrings = SheetStrings { open_on: "（{n}）", done: "查看 {n} 个岗位" };
static ZH_HK: SheetStrings = SheetStrings { open_on: "（{n}）", done: "查看 {n} 個職位" };
static EN: SheetStrings = SheetStrings { open_on: " ({n})", done: "Show {n} jobs" };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_count_filters_and_results_in_each_language() {
        let cn = SheetStrings::for_lang("zh-CN");
        assert_eq!((cn.open("筛选", 0), cn.open("筛选", 2), cn.done(37)), ("筛选".into(), "筛选（2）".into(), "查看 37 个岗位".into()));
        assert_eq!(SheetStrings::for_lang("zh-HK").done(1), "查看 1 個職位");
        let en = SheetStrings::for_lang("en");
        assert_eq!((en.open("Filters", 3), en.done(5)), ("Filters (3)".into(), "Show 5 jobs".into()));
        for s in [&ZH_CN, &ZH_HK, &EN] {
            assert!(s.open_on.contains("{n}") && s.done.contains("{n}"), "{s:?}");
        }
    }
}
