//! The search box: a labelled `<input type="search">` in a `role="search"` form. It reports every
//! keystroke (the app debounces) and Enter (searches at once).

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`SearchBox`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Element id of the input (unique per widget on the page).
    pub id: AttrValue,
    /// Visible label.
    pub label: AttrValue,
    /// Hint shown inside the empty box.
    pub hint: AttrValue,
    /// Current text.
    pub value: AttrValue,
    /// Every change of the text.
    pub on_input: Callback<String>,
    /// Enter.
    pub on_submit: Callback<()>,
}

/// The search box.
#[function_component]
pub fn SearchBox(p: &Props) -> Html {
    let on_input = p.on_input.clone();
    let oninput = Callback::from(move |e: InputEvent| on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value()));
    let on_submit = p.on_submit.clone();
    let onsubmit = Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        on_submit.emit(());
    });
    html! {
        <form class="qy-search" role="search" {onsubmit}>
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <input type="search" id={p.id.clone()} name="q" value={p.value.clone()} placeholder={p.hint.clone()} autocomplete="off" enterkeyhint="search" {oninput} />
        </form>
    }
}
