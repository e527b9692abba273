//! The filter sheet (issue 14 §1): a bar with a "筛选" button, counting the filters on, and the order of
//! results (one tap away), and a modal `<dialog>` holding the [`FacetPanel`], closed by "查看 N 个岗位".
//! The page's script (sitegen's `static/citizen.js`) opens it with `showModal()` and closes it — focus
//! moves in, the rest of the page is inert, Esc closes, focus returns to the button: the browser's own
//! dialog behaviour — which keeps the search build within its size budget (no dialog bindings, no
//! component state here). On wide screens, and in the partner embed, the stylesheet shows the dialog's
//! content beside the results, as a plain panel, and hides both buttons.

use engine::search::Sort;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::Strings;
use crate::i18n::sheet::SheetStrings;
use crate::state::Action;
use crate::store::FacetView;
use crate::ui::facet_panel::FacetPanel;

/// What [`filter_sheet`] shows.
pub struct Sheet {
    /// Prefix for element ids (unique per widget on the page).
    pub uid: AttrValue,
    /// The facets to show.
    pub facets: Vec<FacetView>,
    /// How many filter values are selected.
    pub on: usize,
    /// How many results the search has.
    pub found: usize,
    /// The current order.
    pub sort: Sort,
    /// Whether the state differs from the page's defaults (offer "clear").
    pub changed: bool,
    /// The label of "best for me", offered when a profile ranks.
    pub match_label: Option<&'static str>,
}

/// The bar (filter button, order) and the sheet.
pub fn filter_sheet(p: Sheet, t: &'static Strings, on_action: &Callback<Action>, on_toggle: &Callback<(String, bool)>) -> Html {
    let s = SheetStrings::for_lang(t.lang);
    let heading_id = format!("{}-fh", p.uid);
    let sort_id = format!("{}-sort", p.uid);
    let on_sort = on_action.reform(|e: Event| Action::Sort(Sort::parse(&e.target_unchecked_into::<HtmlSelectElement>().value()).unwrap_or_default()));
    let mut sorts = vec![(Sort::Relevance, t.sort_relevance), (Sort::Newest, t.sort_newest), (Sort::Salary, t.sort_salary)];
    if let Some(label) = p.match_label {
        sorts.insert(0, (Sort::Match, label));
    }
    html! {
        <>
            <div class="qy-tools">
                <button type="button" class="qy-sheet-open" aria-haspopup="dialog">{ s.open(t.filters, p.on) }</button>
                <div class="qy-sort">
                    <label for={sort_id.clone()}>{ t.sort }</label>
                    <select id={sort_id} onchange={on_sort}>
                        { for sorts.iter().map(|(s, label)| html! { <option value={s.key()} selected={*s == p.sort}>{ *label }</option> }) }
                    </select>
                </div>
            </div>
            <dialog class="qy-sheet" aria-labelledby={heading_id.clone()}>
                <FacetPanel uid={p.uid} heading_id={heading_id} facets={p.facets} changed={p.changed} {t}
                    on_action={on_action.clone()} on_toggle={on_toggle.clone()} />
                <button type="button" class="qy-sheet-done">{ s.done(p.found) }</button>
            </dialog>
        </>
    }
}
