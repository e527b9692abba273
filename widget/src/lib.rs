//! The job-search widget (Yew/WASM) over the index that `sitegen` writes (format in `engine::index`).
//!
//! Plain-Rust logic, unit-tested natively: [`state`] (the search and its URL form), [`store`] (the loaded
//! parts of the index, search, what the filter panel shows), [`session`] (what each event does: what to
//! fetch when, when results render, history, timing marks, the profile's storage), [`loader`] (the index's
//! files: names, those on their way, decoding), [`profile`] and [`matcher`] (the citizen's profile and
//! matching), [`i18n`] (zh-CN, zh-HK, en), [`gzip`] (inflating index files). The browser half (wasm32
//! only): `fetch` (the bytes of a file) and the components in `ui`, whose root holds a [`session::Session`]. [`mount`] starts a widget in
//! an element whose `data-*` attributes say where the index is and what the page stands for, and returns
//! a handle whose `destroy()` tears it down:
//!
//! ```html
//! <div data-quanyu-search data-index="/search/index-….qy" data-lang="zh-CN"
//!      data-defaults="district=liwan" data-static="static-results" data-embed-page="/embed/"></div>
//! ```
//!
//! The partner embed (`<quanyu-jobs>`, written by sitegen's `embed.rs`) mounts into an element in its
//! shadow root with `data-embedded`, `data-origin` (prefix of result links: the portal's root),
//! `data-limit` (results per page), `data-layout="compact"` and `data-portal-link`. On the portal the
//! profile panel shows (issue 4); `data-profile-open` starts it open (the boot module sets it when it
//! mounts the full widget on the citizen opening the panel), and `data-typing` gives the full widget's
//! search box the focus and that text (the boot module sets it when it mounts the full widget after a
//! search found nothing while the citizen was typing).

pub mod gzip;
pub mod i18n;
pub mod loader;
pub mod matcher;
pub mod profile;
pub mod session;
pub mod state;
pub mod store;

#[cfg(test)]
mod testindex;

#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::sync::atomic::{AtomicU32, Ordering};

    use wasm_bindgen::prelude::*;

    use yew::AttrValue;

    use crate::state::PAGE;
    use crate::ui::app::{App, Props};

    /// The largest page an embedding may ask for.
    const MAX_PAGE: usize = 100;

    static NEXT_ID: AtomicU32 = AtomicU32::new(1);

    /// A mounted widget (see [`mount`]).
    #[wasm_bindgen]
    pub struct Mounted(Option<yew::AppHandle<App>>);

    #[wasm_bindgen]
    impl Mounted {
        /// Tears the widget down: its components, listeners, timers and DOM go; fetches on their way
        /// are dropped when they arrive. Calling it again does nothing.
        pub fn destroy(&mut self) {
            if let Some(app) = self.0.take() {
                app.destroy();
            }
        }
    }

    /// Starts the widget inside `el`, configured by its `data-*` attributes (see the crate docs).
    #[wasm_bindgen]
    pub fn mount(el: web_sys::Element) -> Mounted {
        let attr = |name: &str| el.get_attribute(name).unwrap_or_default();
        let opt = |name: &str| el.get_attribute(name).filter(|v| !v.is_empty()).map(AttrValue::from);
        let lang =
            el.get_attribute("data-lang").or_else(|| web_sys::window()?.document()?.document_element()?.get_attribute("lang")).unwrap_or_default();
        let props = Props {
            index: attr("data-index").into(),
            lang: lang.into(),
            defaults: attr("data-defaults").into(),
            static_id: opt("data-static"),
            uid: format!("qy{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)).into(),
            origin: attr("data-origin").trim_end_matches('/').to_owned().into(),
            page: attr("data-limit").trim().parse().ok().filter(|&n: &usize| n > 0).unwrap_or(PAGE).min(MAX_PAGE),
            compact: attr("data-layout") == "compact",
            embedded: el.has_attribute("data-embedded"),
            embed_page: opt("data-embed-page"),
            portal_link: opt("data-portal-link"),
            // Not in a partner's page: the full widget is not in the embed's loader, and a remembered
            // profile would live in the host site's storage.
            profile: !el.has_attribute("data-embedded"),
            profile_open: el.has_attribute("data-profile-open"),
            #[cfg(feature = "profile")]
            typing: el.get_attribute("data-typing").map(AttrValue::from),
        };
        Mounted(Some(yew::Renderer::<App>::with_root_and_props(el, props).render()))
    }
}
