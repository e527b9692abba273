//! The profile panel (issue 4): a closed `<details>` until the citizen opens it, then a form of what
//! they choose to tell — skills (suggested from the index's vocabulary), place (a street or town, or
//! the browser's position after they press the button), travel, minimum pay, education, experience,
//! work types, target groups, and, for policies only, age band, residence, status and registration —
//! with "remember on this device", "clear" and "print my plan". Every control reports an
//! [`Edit`]; the form's values come from the [`ProfileForm`] the app owns.

use engine::eligibility::{Employment, Residence};
use engine::matching::Mode;
use engine::vacancy::Education;
use web_sys::{HtmlDetailsElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::Strings;
use crate::i18n::profile::ProfileStrings;
use crate::profile::{AGE_BANDS, EXPERIENCE_MONTHS, Edit, ProfileForm, TRAVEL_MINUTES, WORK_TYPES};

/// Whether the browser's position is in use.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Geo {
    /// Not asked.
    #[default]
    Off,
    /// Asked, waiting.
    Asking,
    /// In use.
    On,
    /// Refused or unavailable.
    Failed,
}

/// Properties of [`ProfilePanel`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Prefix for element ids.
    pub uid: AttrValue,
    /// The profile.
    pub form: ProfileForm,
    /// Whether the panel is open.
    pub open: bool,
    /// Whether it is remembered in this browser.
    pub remember: bool,
    /// Offer "remember" (not in an embedded widget: the storage would be the host site's).
    pub can_remember: bool,
    /// Skills to suggest.
    pub skills: Vec<AttrValue>,
    /// Places: (district name, [(key, street or town)]).
    pub places: Vec<(AttrValue, Vec<(AttrValue, AttrValue)>)>,
    /// Target groups: (key, name).
    pub groups: Vec<(AttrValue, AttrValue)>,
    /// The position's state.
    pub geo: Geo,
    /// Interface strings.
    pub t: &'static Strings,
    /// The profile's strings.
    pub s: &'static ProfileStrings,
    /// The panel's `<summary>` (the app focuses it when mounted on its opening).
    pub summary_ref: NodeRef,
    /// A change.
    pub on_edit: Callback<Edit>,
    /// Remember ticked or unticked.
    pub on_remember: Callback<bool>,
    /// "Use my location".
    pub on_geo: Callback<()>,
    /// Opened (true) or closed.
    pub on_toggle: Callback<bool>,
    /// "Print my plan".
    pub on_print: Callback<()>,
}

/// A labelled drop-down: `choices` are (value, label); `on` makes the edit from the chosen value.
fn select(id: String, label: &str, current: &str, unsaid: &str, choices: Vec<(String, String)>, cb: &Callback<Edit>, on: fn(String) -> Edit) -> Html {
    let cb = cb.clone();
    let onchange = Callback::from(move |e: Event| cb.emit(on(e.target_unchecked_into::<HtmlSelectElement>().value())));
    html! {
        <div class="qy-field">
            <label for={id.clone()}>{ label.to_owned() }</label>
            <select {id} {onchange}>
                if !unsaid.is_empty() {
                    <option value="" selected={current.is_empty()}>{ unsaid.to_owned() }</option>
                }
                { for choices.into_iter().map(|(v, l)| html! { <option selected={v == current} value={v.clone()}>{ l }</option> }) }
            </select>
        </div>
    }
}

/// A group of check boxes: (value, label, ticked, edit).
fn checks(legend: &str, items: Vec<(String, Edit, bool)>, cb: &Callback<Edit>) -> Html {
    html! {
        <fieldset class="qy-field">
            <legend>{ legend.to_owned() }</legend>
            <ul>
                { for items.into_iter().map(|(label, edit, on)| html! {
                    <li><label><input type="checkbox" checked={on} onchange={cb.reform(move |_| edit.clone())} />{ label }</label></li>
                }) }
            </ul>
        </fieldset>
    }
}

/// The panel.
#[function_component]
pub fn ProfilePanel(p: &Props) -> Html {
    let t = p.t;
    let s = p.s;
    let f = &p.form;
    let typed = use_state(String::new);
    let id = |x: &str| format!("{}-p-{x}", p.uid);
    let add = {
        let (typed, cb) = (typed.clone(), p.on_edit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !typed.trim().is_empty() {
                cb.emit(Edit::AddSkills((*typed).clone()));
                typed.set(String::new());
            }
        })
    };
    let on_type = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| typed.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_toggle = {
        let cb = p.on_toggle.clone();
        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlDetailsElement>().open()))
    };
    let on_remember = {
        let cb = p.on_remember.clone();
        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let on_place = {
        let cb = p.on_edit.clone();
        Callback::from(move |e: Event| cb.emit(Edit::Place(e.target_unchecked_into::<HtmlSelectElement>().value())))
    };
    let place = f.place.clone().unwrap_or_default();
    let list = id("skills-list");
    let modes = [Mode::Walk, Mode::Cycle, Mode::Transit].iter().map(|m| (m.key().to_owned(), s.mode(*m).to_owned())).collect();
    let minutes = TRAVEL_MINUTES
        .iter()
        .map(|&m| (m.to_string(), if m == 0 { s.no_limit.to_owned() } else { s.minutes.replace("{n}", &m.to_string()) }))
        .collect();
    let education = Education::ALL
        .iter()
        .map(|e| {
            (e.slug().to_owned(), if *e == Education::None { s.education_none } else { t.value("education", e.slug()).unwrap_or("") }.to_owned())
        })
        .collect();
    let experience = EXPERIENCE_MONTHS.iter().zip(s.experience_choices).map(|(m, l)| (m.to_string(), l.to_owned())).collect();
    let ages = AGE_BANDS
        .iter()
        .map(|&(lo, hi)| {
            let label = if hi >= 99 {
                s.age_over.replace("{lo}", &lo.to_string())
            } else {
                s.age_band.replace("{lo}", &lo.to_string()).replace("{hi}", &hi.to_string())
            };
            (format!("{lo}-{hi}"), label)
        })
        .collect();
    let residences = Residence::ALL.iter().zip(s.residences).map(|(r, l)| (r.key().to_owned(), l.to_owned())).collect();
    let employments = Employment::ALL.iter().zip(s.employments).map(|(e, l)| (e.key().to_owned(), l.to_owned())).collect();
    let registered = f.registered.map_or("", |r| if r { "yes" } else { "no" });
    html! {
        <details class="qy-profile" open={p.open} ontoggle={on_toggle}>
            <summary ref={p.summary_ref.clone()}>{ t.profile_title }</summary>
            <p class="qy-note">{ s.privacy }</p>
            <form class="qy-field qy-skills" onsubmit={add}>
                <label for={id("skill")}>{ s.skills }</label>
                if !f.skills.is_empty() {
                    <ul class="qy-chips">
                        { for f.skills.iter().enumerate().map(|(i, k)| html! {
                            <li>{ k.clone() }<button type="button" aria-label={s.remove.replace("{s}", k)} onclick={p.on_edit.reform(move |_| Edit::RemoveSkill(i))}>{ "×" }</button></li>
                        }) }
                    </ul>
                }
                <div class="qy-row">
                    <input type="text" id={id("skill")} list={list.clone()} value={(*typed).clone()} placeholder={s.skills_hint} autocomplete="off" oninput={on_type} />
                    <button type="submit">{ s.add }</button>
                </div>
                <datalist id={list}>{ for p.skills.iter().map(|k| html! { <option value={k.clone()} /> }) }</datalist>
            </form>
            <div class="qy-field">
                <label for={id("place")}>{ s.place }</label>
                <div class="qy-row">
                    <select id={id("place")} onchange={on_place}>
                        <option value="" selected={place.is_empty()}>{ s.unsaid }</option>
                        { for p.places.iter().map(|(district, streets)| html! {
                            <optgroup label={district.clone()}>
                                { for streets.iter().map(|(k, name)| html! { <option value={k.clone()} selected={*k == place && f.geo.is_none()}>{ name.clone() }</option> }) }
                            </optgroup>
                        }) }
                    </select>
                    <button type="button" onclick={p.on_geo.reform(|_| ())} disabled={p.geo == Geo::Asking}>{ s.use_location }</button>
                </div>
                if p.geo == Geo::On && f.geo.is_some() {
                    <p class="qy-note" role="status">{ s.location_used }</p>
                } else if p.geo == Geo::Failed {
                    <p class="qy-note qy-error" role="status">{ s.location_failed }</p>
                }
            </div>
            <div class="qy-pair">
                { select(id("mode"), s.travel, f.travel.mode.key(), "", modes, &p.on_edit, Edit::Mode) }
                { select(id("minutes"), s.travel_time, &f.travel.minutes.to_string(), "", minutes, &p.on_edit, Edit::Minutes) }
            </div>
            <div class="qy-field">
                <label for={id("salary")}>{ s.min_salary }</label>
                <input type="number" id={id("salary")} inputmode="numeric" min="0" step="500" value={f.min_salary.map(|n| n.to_string()).unwrap_or_default()}
                    onchange={p.on_edit.reform(|e: Event| Edit::MinSalary(e.target_unchecked_into::<HtmlInputElement>().value()))} />
            </div>
            { select(id("education"), s.education, f.education.map_or("", |e| e.slug()), s.unsaid, education, &p.on_edit, Edit::Education) }
            { select(id("experience"), s.experience, &f.experience.map(|m| m.to_string()).unwrap_or_default(), s.unsaid, experience, &p.on_edit, Edit::Experience) }
            { checks(s.work_types, WORK_TYPES.iter().map(|&w| (t.work_type(w.as_schema()).to_owned(), Edit::WorkType(w), f.work_types.contains(&w))).collect(), &p.on_edit) }
            { checks(s.groups, p.groups.iter().map(|(k, l)| (l.to_string(), Edit::Group(k.to_string()), f.groups.iter().any(|g| g == k.as_str()))).collect(), &p.on_edit) }
            <fieldset class="qy-field qy-policy-facts">
                <legend>{ s.policy_only }</legend>
                { select(id("age"), s.age, &f.age.map(|(lo, hi)| format!("{lo}-{hi}")).unwrap_or_default(), s.unsaid, ages, &p.on_edit, Edit::Age) }
                { select(id("residence"), s.residence, f.residence.map_or("", |r| r.key()), s.unsaid, residences, &p.on_edit, Edit::Residence) }
                { select(id("employment"), s.employment, f.employment.map_or("", |e| e.key()), s.unsaid, employments, &p.on_edit, Edit::Employment) }
                { select(id("registered"), s.registered, registered, s.unsaid, vec![("yes".into(), s.yes_no[0].into()), ("no".into(), s.yes_no[1].into())], &p.on_edit, Edit::Registered) }
            </fieldset>
            if p.can_remember {
                <p class="qy-field"><label class="qy-check"><input type="checkbox" checked={p.remember} onchange={on_remember} />{ s.remember }</label></p>
            }
            <p class="qy-actions">
                <button type="button" onclick={p.on_edit.reform(|_| Edit::Clear)}>{ s.clear }</button>
                if f.ranks() {
                    <button type="button" onclick={p.on_print.reform(|_| ())}>{ s.print }</button>
                }
            </p>
        </details>
    }
}
