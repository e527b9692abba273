//! What the profile finds besides vacancies (issue 4): the policies with a verdict each — eligible,
//! may be eligible (and the facts that would decide it), not eligible (collapsed) — with their benefits
//! and links to the policy pages (政策找人), and the stations nearest the citizen with distance, minutes
//! and whether they are open now (the 15-minute circle). Printed with the top matches as "my plan".

use engine::eligibility::Verdict;
use engine::matching::Near;
use yew::prelude::*;

use crate::i18n::Strings;
use crate::i18n::profile::ProfileStrings;
use crate::matcher::{MatchData, PolicyVerdict};
use crate::profile::ProfileForm;

/// Policies and stations for `form`, as of `now` (weekday 0 = Monday, minute; China time). `origin`
/// prefixes links; `district` names a district slug in the page's language.
pub fn for_you(
    md: &MatchData,
    form: &ProfileForm,
    now: (usize, u16),
    origin: &str,
    t: &'static Strings,
    s: &'static ProfileStrings,
    district: impl Fn(&str) -> String,
) -> Html {
    let zh = t.lang.starts_with("zh");
    let policies = md.policies(form);
    let (fitting, not): (Vec<&PolicyVerdict>, Vec<&PolicyVerdict>) = policies.iter().partition(|v| !matches!(v.verdict, Verdict::NotEligible(_)));
    let policy = |v: &PolicyVerdict| {
        let p = &md.data.policies[v.policy];
        let (class, verdict) = match &v.verdict {
            Verdict::Eligible => ("qy-yes", s.verdicts[0].to_owned()),
            Verdict::MayBe(f) => ("qy-maybe", s.verdicts[1].replace("{facts}", &s.facts(f))),
            Verdict::NotEligible(f) => ("qy-no", s.verdicts[2].replace("{facts}", &s.facts(f))),
        };
        html! {
            <li class={classes!("qy-policy", class)}>
                <a href={format!("{origin}{}", p.url)}>{ p.title.clone() }</a>
                <span class="qy-note">{ format!(" · {}", district(&p.district)) }</span>
                <p class="qy-verdict">{ verdict }</p>
                if !p.benefits.is_empty() {
                    <ul class="qy-benefits">{ for p.benefits.iter().map(|b| html! { <li>{ s.benefit(b, zh) }</li> }) }</ul>
                }
            </li>
        }
    };
    let stations: Vec<Near> = md.stations(form, now.0, now.1);
    html! {
        <div class="qy-for-you">
            <section class="qy-plan-part">
                <h2 class="qy-h">{ s.policies }</h2>
                <ul class="qy-policies">{ for fitting.iter().map(|v| policy(v)) }</ul>
                if !not.is_empty() {
                    <details class="qy-not">
                        <summary>{ format!("{} ({})", s.not_eligible, not.len()) }</summary>
                        <ul class="qy-policies">{ for not.iter().map(|v| policy(v)) }</ul>
                    </details>
                }
            </section>
            if !stations.is_empty() {
                <section class="qy-plan-part">
                    <h2 class="qy-h">{ s.stations }</h2>
                    <ul class="qy-stations">
                        { for stations.iter().map(|n| {
                            let st = &md.data.stations[n.station];
                            let how = s.r_distance.replace("{d}", &s.distance(n.meters)).replace("{mode}", s.mode(form.travel.mode)).replace("{n}", &n.minutes.to_string());
                            html! {
                                <li>
                                    <a href={format!("{origin}{}", st.url)}>{ st.name.clone() }</a>
                                    <p class="qy-note">
                                        { how }{ " · " }
                                        <span class={if n.open_now { "qy-open" } else { "qy-closed" }}>{ s.open[usize::from(!n.open_now)] }</span>
                                        if n.within { { " · " }{ s.within } }
                                    </p>
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }
        </div>
    }
}
