//! The in-browser search widget (the `widget` crate built to wasm), embedded in the binary from
//! `sitegen/widget-dist/` — the built widget committed in the repository, kept current by `cargo xtask` —
//! so any build of `sitegen`, `cargo install` included, carries it (see `build.rs`). [`WIDGET`] is `None`
//! only when those files are missing; then every build says so.

/// The widget's files as wasm-bindgen wrote them (`--target web`, output names `widget` and `widget_full`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Widget {
    /// `widget.js`: the ES module whose default export `init()` loads the wasm and whose `mount(element)`
    /// starts the widget. Without an argument, `init()` fetches `widget_bg.wasm` next to the module
    /// (`new URL('widget_bg.wasm', import.meta.url)`).
    pub js: &'static [u8],
    /// `widget_bg.wasm`: the compiled widget.
    pub wasm: &'static [u8],
    /// `widget_full.js`: the same for the widget built with the profile (issue 4), which listing pages
    /// load when a citizen opens the profile panel or has a remembered profile.
    pub full_js: &'static [u8],
    /// `widget_full_bg.wasm`.
    pub full_wasm: &'static [u8],
}

/// The embedded widget, if this binary was built with one.
pub const WIDGET: Option<Widget> = include!(concat!(env!("OUT_DIR"), "/widget_assets.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_widget_is_wasm_bindgen_output() {
        let w = WIDGET.expect("sitegen/widget-dist/ is committed, so every build embeds the widget");
        {
            assert!(w.wasm.starts_with(b"\0asm") && w.full_wasm.starts_with(b"\0asm"), "widget_bg.wasm is not a wasm module");
            assert!(std::str::from_utf8(w.full_js).is_ok_and(|js| js.contains("widget_full_bg.wasm")), "widget_full.js is not its module");
            let js = std::str::from_utf8(w.js).expect("widget.js is UTF-8");
            assert!(js.contains("widget_bg.wasm") && js.contains("export"), "widget.js is not wasm-bindgen's web module");
        }
    }
}
