//! The results: each with its title (linking to the vacancy's page), employer, district · street,
//! salary, work types and date — the same markup as the static listing, so it looks the same — and,
//! ranked for a profile, why it suits and the skills it asks for that the profile lacks.

use engine::index::DocView;
use yew::prelude::*;

use crate::i18n::Strings;

/// One result, ready to show.
#[derive(Clone, PartialEq)]
pub struct Item {
    /// The document.
    pub view: DocView,
    /// District name in the page's language.
    pub district: String,
    /// Why it suits the citizen's profile, in words (empty without a profile).
    pub reasons: Vec<String>,
    /// The skills it lists that the profile lacks, in words ("还缺：PLC，电工证"), if any.
    pub missing: Option<String>,
}

/// Properties of [`ResultList`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Results, in order.
    pub items: Vec<Item>,
    /// Prefix of absolute links (the portal's origin when embedded; empty on the portal).
    pub origin: AttrValue,
    /// Interface strings.
    pub t: &'static Strings,
}

/// The result list.
#[function_component]
pub fn ResultList(p: &Props) -> Html {
    html! {
        <ul class="jobs qy-results">
            { for p.items.iter().map(|it| {
                let v = &it.view;
                let place = if v.locality.is_empty() { it.district.clone() } else { format!("{} · {}", it.district, v.locality) };
                html! {
                    <li class="job" key={v.id.clone()}>
                        <h3><a href={format!("{}{}", p.origin, v.url)}>{ v.title.clone() }</a></h3>
                        <p class="employer">{ v.employer.clone() }</p>
                        <p class="meta">
                            <span>{ place }</span>{ " " }
                            <span class="salary">{ p.t.salary(v.salary.as_ref()) }</span>
                            { for v.work_types.iter().map(|w| html! { <>{ " " }<span class="tag">{ p.t.work_type(w).to_owned() }</span></> }) }
                            { " " }<time datetime={v.date.clone()}>{ v.date.clone() }</time>
                        </p>
                        if !it.reasons.is_empty() {
                            <p class="qy-why">{ it.reasons.join(" · ") }</p>
                        }
                        if let Some(missing) = it.missing.clone() {
                            <p class="qy-missing">{ missing }</p>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
