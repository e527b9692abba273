//! Policy pages: a markdown page whose front matter also names the issuer, document, date, source,
//! target groups and the policy's terms (`[eligibility]`, `[[benefits]]`: [`super::policy_terms`]).

use std::path::Path;

use engine::date::Date;
use engine::diag::Diagnostics;
use engine::text::suggest;
use engine::validate::Rules;
use serde::Deserialize;
use toml::Spanned;

use super::pages::{PageMeta, check_slug, front_offset, page_from, read_markdown};
use super::policy_terms;
use super::source::files_with_ext;
use crate::model::Policy;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyMeta {
    title: String,
    description: Option<String>,
    #[serde(default)]
    weight: i64,
    issuer: String,
    document: Option<String>,
    date: Spanned<String>,
    source: Option<Spanned<String>>,
    #[serde(default = "empty_spanned_list")]
    target_groups: Spanned<Vec<String>>,
    summary: Option<String>,
    eligibility: Option<policy_terms::EligibilityMeta>,
    #[serde(default)]
    benefits: Vec<policy_terms::BenefitMeta>,
}

fn empty_spanned_list() -> Spanned<Vec<String>> {
    Spanned::new(0..0, Vec::new())
}

pub(super) fn load_policies(root: &Path, dir: &Path, rules: &Rules, districts: &[String], diags: &mut Diagnostics) -> Vec<Policy> {
    let mut out: Vec<Policy> = files_with_ext(dir, "md")
        .into_iter()
        .filter_map(|p| {
            let (src, m, body) = read_markdown::<PolicyMeta>(root, &p, diags)?;
            check_slug(&src, &p, diags);
            let date = match Date::parse(m.date.get_ref()) {
                Ok(d) => Some(d),
                Err(e) => {
                    diags.error(&src.display, src.pos(front_offset(&src.text) + m.date.span().start), format!("`date`: {e}"), None);
                    None
                }
            };
            if let Some(s) = &m.source
                && !s.get_ref().starts_with("https://")
                && !s.get_ref().starts_with("http://")
            {
                diags.error(
                    &src.display,
                    src.pos(front_offset(&src.text) + s.span().start),
                    format!("`source` must be an http(s) URL, found `{}`", s.get_ref()),
                    None,
                );
            }
            for g in m.target_groups.get_ref() {
                if !rules.target_groups.contains(g) {
                    let hint = suggest(g, rules.target_groups.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"));
                    diags.error(
                        &src.display,
                        src.pos(front_offset(&src.text) + m.target_groups.span().start),
                        format!("unknown target group `{g}`"),
                        hint,
                    );
                }
            }
            let pos = |offset: usize| src.pos(offset);
            let at = policy_terms::At { display: &src.display, offset: front_offset(&src.text), pos: &pos };
            let conditions = policy_terms::conditions(&m.eligibility.unwrap_or_default(), m.target_groups.get_ref(), districts, &at, diags);
            let benefits = policy_terms::benefits(&m.benefits, &at, diags);
            let page = page_from(None, &src, &p, PageMeta { title: m.title, description: m.description, weight: m.weight }, &body, diags);
            Some(Policy {
                page,
                issuer: m.issuer,
                document: m.document,
                date: date?,
                source: m.source.map(Spanned::into_inner),
                target_groups: m.target_groups.into_inner(),
                summary: m.summary,
                conditions: conditions?,
                benefits,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.page.weight, std::cmp::Reverse(a.date), &a.page.slug).cmp(&(b.page.weight, std::cmp::Reverse(b.date), &b.page.slug)));
    out
}
