//! The job-search widget (Yew/WASM) over the index that `sitegen` writes (format in `engine::index`).
//!
//! Plain-Rust logic, unit-tested natively: [`state`] (the search and its URL form), [`store`] (the loaded
//! parts of the index, search, what the filter panel shows), [`i18n`] (zh-CN, zh-HK, en), [`gzip`] (inflating index files). The browser
//! half (wasm32 only): `fetch` (fetch + gunzip) and the components in `ui`. [`mount`] starts a widget in
//! an element whose `data-*` attributes say where the index is and what the page stands for:
//!
//! ```html
//! <div data-quanyu-search data-index="/search/index-….qy" data-lang="zh-CN"
//!      data-defaults="district=liwan" data-static="static-results"></div>
//! ```

pub mod gzip;
pub mod i18n;
pub mod state;
pub mod store;

#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::sync::atomic::{AtomicU32, Ordering};

    use wasm_bindgen::prelude::*;

    use crate::ui::app::{App, Props};

    static NEXT_ID: AtomicU32 = AtomicU32::new(1);

    /// Starts the widget inside `el`, configured by its `data-index`, `data-lang`, `data-defaults` and
    /// `data-static` attributes.
    #[wasm_bindgen]
    pub fn mount(el: web_sys::Element) {
        let attr = |name: &str| el.get_attribute(name).unwrap_or_default();
        let lang =
            el.get_attribute("data-lang").or_else(|| web_sys::window()?.document()?.document_element()?.get_attribute("lang")).unwrap_or_default();
        let props = Props {
            index: attr("data-index").into(),
            lang: lang.into(),
            defaults: attr("data-defaults").into(),
            static_id: el.get_attribute("data-static").map(Into::into),
            uid: format!("qy{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)).into(),
        };
        yew::Renderer::<App>::with_root_and_props(el, props).render();
    }
}
