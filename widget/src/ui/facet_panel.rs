//! The filters: one group per facet, check boxes (or a drop-down for long lists) with the number of
//! results each choice gives. On a phone they are inside the filter sheet
//! ([`super::filter_sheet::FilterSheet`], which also holds the order of results).

use web_sys::{HtmlDetailsElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::Strings;
use crate::state::Action;
use crate::store::{Control, FacetView};

/// Properties of [`FacetPanel`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Prefix for element ids (unique per widget on the page).
    pub uid: AttrValue,
    /// The id of the heading (the sheet's name).
    pub heading_id: AttrValue,
    /// The facets to show.
    pub facets: Vec<FacetView>,
    /// Whether the state differs from the page's defaults (offer "clear").
    pub changed: bool,
    /// Interface strings.
    pub t: &'static Strings,
    /// A change.
    pub on_action: Callback<Action>,
    /// A facet group opened (true) or closed.
    pub on_toggle: Callback<(String, bool)>,
}

/// The filter panel.
#[function_component]
pub fn FacetPanel(p: &Props) -> Html {
    let t = p.t;
    html! {
        <div class="qy-filters">
            <h2 class="qy-h" id={p.heading_id.clone()}>{ t.filters }</h2>
            { for p.facets.iter().map(|f| facet(p, f)) }
            if p.changed {
                <button type="button" class="qy-clear" onclick={p.on_action.reform(|_| Action::Reset)}>{ t.clear }</button>
            }
        </div>
    }
}

/// One facet: a disclosure (`<details>`) titled with its name, holding its choices while open and once
/// its column is loaded (a closed group costs nothing: no column fetched, no choices rendered).
fn facet(p: &Props, f: &FacetView) -> Html {
    let id = format!("{}-{}", p.uid, f.name);
    let ontoggle = {
        let (cb, name) = (p.on_toggle.clone(), f.name.clone());
        Callback::from(move |e: Event| cb.emit((name.clone(), e.target_unchecked_into::<HtmlDetailsElement>().open())))
    };
    let body = if !f.open {
        html! {}
    } else if !f.loaded {
        html! { <p class="qy-wait">{ p.t.loading }</p> }
    } else {
        match f.control {
            Control::Select => {
                let name = f.name.clone();
                let cb = p.on_action.clone();
                let onchange =
                    Callback::from(move |e: Event| cb.emit(Action::Select(name.clone(), e.target_unchecked_into::<HtmlSelectElement>().value())));
                let none = !f.options.iter().any(|o| o.selected);
                html! {
                    <>
                        <label for={id.clone()} class="visually-hidden">{ f.title.clone() }</label>
                        <select {id} {onchange} data-facet={f.name.clone()}>
                            <option value="" selected={none}>{ p.t.any }</option>
                            { for f.options.iter().map(|o| html! {
                                <option value={o.key.clone()} selected={o.selected}>{ format!("{}（{}）", o.label, o.count) }</option>
                            }) }
                        </select>
                    </>
                }
            }
            Control::Checkboxes => html! {
                <fieldset data-facet={f.name.clone()}>
                    <legend class="visually-hidden">{ f.title.clone() }</legend>
                    <ul>
                        { for f.options.iter().map(|o| {
                            let (name, key) = (f.name.clone(), o.key.clone());
                            let onchange = p.on_action.reform(move |_: Event| Action::Toggle(name.clone(), key.clone()));
                            html! {
                                <li key={o.key.clone()}>
                                    <label>
                                        <input type="checkbox" value={o.key.clone()} checked={o.selected} {onchange} />
                                        { o.label.clone() }{ " " }<span class="n">{ o.count }</span>
                                    </label>
                                </li>
                            }
                        }) }
                    </ul>
                </fieldset>
            },
        }
    };
    html! {
        <details class="qy-facet" key={f.name.clone()} data-group={f.name.clone()} open={f.open} {ontoggle}>
            <summary>{ f.title.clone() }</summary>
            { body }
        </details>
    }
}
