//! A policy's machine-readable terms (issue 4, 政策找人): who may apply (`[eligibility]`, judged by
//! `engine::eligibility`) and what they get (`[[benefits]]`), from the policy page's front matter:
//!
//! ```toml
//! target_groups = ["hk-macau-youth"]       # the group condition (any of them)
//! [eligibility]
//! age = [18, 45]                           # inclusive
//! residence = ["hong-kong", "macau"]       # guangzhou, mainland, hong-kong, macau, taiwan, foreign
//! employment = ["employed"]                # employed, unemployed, self-employed, student
//! registered_unemployed = true             # 登记失业 required (false: excluded)
//! education = "associate degree"           # at least (schema.org credentialCategory)
//! districts = ["nansha"]                   # lives or works there
//!
//! [[benefits]]
//! kind = "subsidy"                         # subsidy, reward, training, insurance, startup, loan, service
//! name = "就业奖补"
//! cap = 515000                             # CNY, "up to"; or `amount` for a fixed sum
//! per = "total"                            # total, once, month, year
//! months = 36                              # how long it runs
//! apply = "按年度申报通知提交申请"
//! ```
//!
//! Every field is optional; every problem is reported with its line, all in one run.

use engine::diag::Diagnostics;
use engine::eligibility::{Conditions, Employment, Residence};
use engine::text::suggest;
use engine::vacancy::Education;
use serde::Deserialize;
use toml::Spanned;

use crate::model::policy::{Benefit, KINDS, PERS};

/// `[eligibility]` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EligibilityMeta {
    age: Option<Spanned<Vec<u32>>>,
    #[serde(default)]
    residence: Vec<Spanned<String>>,
    #[serde(default)]
    employment: Vec<Spanned<String>>,
    registered_unemployed: Option<bool>,
    education: Option<Spanned<String>>,
    #[serde(default)]
    districts: Vec<Spanned<String>>,
}

/// One `[[benefits]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitMeta {
    kind: Spanned<String>,
    name: Spanned<String>,
    amount: Option<Spanned<u64>>,
    cap: Option<Spanned<u64>>,
    per: Option<Spanned<String>>,
    months: Option<Spanned<u32>>,
    apply: Option<String>,
}

/// Where a problem is: (file for messages, the position of a byte offset in the front matter).
pub struct At<'a> {
    /// File name for messages.
    pub display: &'a str,
    /// Byte offset of the front matter in the file.
    pub offset: usize,
    /// Turns a byte offset of the file into a position.
    pub pos: &'a dyn Fn(usize) -> Option<engine::diag::Pos>,
}

impl At<'_> {
    fn error<T>(&self, span: &Spanned<T>, msg: String, hint: Option<String>, diags: &mut Diagnostics) {
        diags.error(self.display, (self.pos)(self.offset + span.span().start), msg, hint);
    }

    /// `value` when it is one of `known`; else reports "unknown <what> `x` (one of …)" with a "did you
    /// mean" hint, and gives `None`.
    fn one_of<'k>(&self, value: &Spanned<String>, what: &str, known: impl IntoIterator<Item = &'k str>, diags: &mut Diagnostics) -> Option<&'k str> {
        let known: Vec<&'k str> = known.into_iter().collect();
        let v = value.get_ref().as_str();
        if let Some(k) = known.iter().find(|k| **k == v) {
            return Some(k);
        }
        let hint = suggest(v, known.iter().copied()).map(|s| format!("did you mean `{s}`?"));
        let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        self.error(value, format!("unknown {what} `{v}` (one of {list})"), hint, diags);
        None
    }
}

/// Checks `[eligibility]` (with the policy's `target_groups` as its group condition) and returns the
/// conditions, or `None` after reporting every problem. `districts` are the site's district slugs.
pub fn conditions(meta: &EligibilityMeta, groups: &[String], districts: &[String], at: &At<'_>, diags: &mut Diagnostics) -> Option<Conditions> {
    let before = diags.error_count();
    let age = meta.age.as_ref().and_then(|a| match a.get_ref()[..] {
        [lo, hi] if lo <= hi && hi <= 120 => Some((lo as u8, hi as u8)),
        _ => {
            at.error(a, format!("`age` must be [min, max] in years with min ≤ max ≤ 120, found {:?}", a.get_ref()), None, diags);
            None
        }
    });
    let residence = meta
        .residence
        .iter()
        .filter_map(|r| at.one_of(r, "residence", Residence::ALL.map(Residence::key), diags))
        .filter_map(Residence::parse)
        .collect();
    let employment = meta
        .employment
        .iter()
        .filter_map(|e| at.one_of(e, "employment status", Employment::ALL.map(Employment::key), diags))
        .filter_map(Employment::parse)
        .collect();
    let education = meta.education.as_ref().and_then(|e| {
        if e.get_ref() == Education::None.as_schema() {
            at.error(e, format!("`education = \"{}\"` sets no condition: leave it out", e.get_ref()), None, diags);
            return None;
        }
        let key = at.one_of(e, "education", Education::ALL.map(Education::as_schema), diags)?;
        Education::ALL.into_iter().find(|x| x.as_schema() == key)
    });
    for d in &meta.districts {
        at.one_of(d, "district", districts.iter().map(String::as_str), diags);
    }
    (diags.error_count() == before).then(|| Conditions {
        groups: groups.to_vec(),
        age,
        residence,
        registered_unemployed: meta.registered_unemployed,
        education,
        employment,
        districts: meta.districts.iter().map(|d| d.get_ref().clone()).collect(),
    })
}

/// Checks `[[benefits]]`; every problem reported, the good entries returned.
pub fn benefits(metas: &[BenefitMeta], at: &At<'_>, diags: &mut Diagnostics) -> Vec<Benefit> {
    metas
        .iter()
        .filter_map(|b| {
            let before = diags.error_count();
            at.one_of(&b.kind, "benefit kind", KINDS, diags);
            if b.name.get_ref().trim().is_empty() {
                at.error(&b.name, "a benefit needs a `name`".into(), None, diags);
            }
            if let (Some(_), Some(cap)) = (&b.amount, &b.cap) {
                at.error(cap, "give either `amount` (a fixed sum) or `cap` (up to), not both".into(), None, diags);
            }
            for v in [&b.amount, &b.cap].into_iter().flatten() {
                if *v.get_ref() == 0 {
                    at.error(v, "an amount of 0 says nothing: leave it out".into(), None, diags);
                }
            }
            if let Some(p) = &b.per {
                at.one_of(p, "`per`", PERS, diags);
            }
            if let Some(m) = &b.months
                && *m.get_ref() == 0
            {
                at.error(m, "`months` must be at least 1".into(), None, diags);
            }
            (diags.error_count() == before).then(|| Benefit {
                kind: b.kind.get_ref().clone(),
                name: b.name.get_ref().trim().to_owned(),
                amount: b.amount.as_ref().map(|a| (*a.get_ref(), false)).or(b.cap.as_ref().map(|c| (*c.get_ref(), true))),
                per: b.per.as_ref().map_or_else(|| "total".to_owned(), |p| p.get_ref().clone()),
                months: b.months.as_ref().map(|m| *m.get_ref()),
                apply: b.apply.clone().filter(|a| !a.trim().is_empty()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(toml_text: &str) -> (Option<Conditions>, Vec<String>) {
        let meta: EligibilityMeta = toml::from_str(toml_text).unwrap();
        let mut diags = Diagnostics::new();
        let pos = |o: usize| Some(engine::diag::Pos::of_offset(toml_text, o));
        let at = At { display: "p.md", offset: 0, pos: &pos };
        let c = conditions(&meta, &["graduate".to_owned()], &["liwan".to_owned()], &at, &mut diags);
        (c, diags.sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn conditions_are_checked_with_their_lines() {
        let (c, errors) = check("age = [16, 24]\nresidence = [\"macau\"]\nregistered_unemployed = true\ndistricts = [\"liwan\"]\n");
        let c = c.expect("valid");
        assert_eq!((c.groups, c.age, c.registered_unemployed), (vec!["graduate".to_owned()], Some((16, 24)), Some(true)));
        assert!(errors.is_empty());
        let (c, errors) = check("education = \"no requirements\"\ndistricts = [\"liwn\"]\n");
        assert!(c.is_none());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("p.md:1:13: error: `education = \"no requirements\"` sets no condition"), "{errors:?}");
        assert!(errors[1].contains("p.md:2:") && errors[1].contains("did you mean `liwan`?"), "{errors:?}");
    }
}
