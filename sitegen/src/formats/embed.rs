//! The partner embed (issue 5): one `<script type="module">` puts the job widget on any site as a
//! `<quanyu-jobs>` element. This module makes its files; `site.rs` writes them and the `/embed/` page.
//!
//! | file                         | name      | what                                                        |
//! |------------------------------|-----------|-------------------------------------------------------------|
//! | `widget/embed.js`            | stable    | `import "./v/embed.<hash>.js"`: the snippet's default URL    |
//! | `widget/v/embed.<hash>.js`   | versioned | the widget's wasm-bindgen module + `embed/loader.js` (the element) + `embed/embed.css`, with the wasm's SRI hash inside |
//! | `widget/current.json`        | stable    | the index to read now and the district listings to link to   |
//! | `widget/sri.json`            | stable    | Subresource Integrity hashes (sha384) of every versioned widget file |
//!
//! Versioned files change name when their bytes change and may be cached forever; the versioned loader
//! depends on the widget's code only, not on the vacancies, so a snippet pinned to it with `integrity`
//! keeps showing current vacancies (through `current.json`) until the widget itself is upgraded.
//! Stable files are served with a short cache. Their paths never overlap the versioned ones' (`/widget/v/`,
//! `/search/`), so header rules never need to override each other (hosts differ in how they merge them):
//! the rules themselves, with `_headers` and the nginx snippet, are in [`super::host_rules`].

use base64::Engine as _;
use sha2::{Digest, Sha384};

use crate::error::Error;

/// The element's script (appended to the wasm-bindgen module).
const LOADER: &str = include_str!("../../embed/loader.js");
/// The first-paint gate `qyPaint()`, shared with the listing pages' boot module (`site/widget.rs`).
pub const PAINTED: &str = include_str!("../../embed/painted.js");
/// The widget's stylesheet inside the shadow root.
const CSS: &str = include_str!("../../embed/embed.css");
/// The script of the `/embed/` page (snippet builder and live preview).
pub const PAGE_SCRIPT: &str = include_str!("../../embed/embed-page.js");

/// Folder of the widget's versioned files (cache forever).
pub const VERSIONED_DIR: &str = "widget/v";
/// The stable entry point partners load.
pub const ENTRY: &str = "widget/embed.js";
/// What the portal publishes now (stable name).
pub const CURRENT: &str = "widget/current.json";
/// Integrity hashes of the versioned files (stable name).
pub const SRI: &str = "widget/sri.json";

/// The Subresource Integrity value of `bytes`: `sha384-<base64>`.
pub fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
}

/// The versioned loader: the widget's wasm-bindgen module (`glue`) followed by the element's script, which
/// fetches `wasm_name` (beside it) checked against `wasm`'s integrity hash.
pub fn loader_module(glue: &str, wasm_name: &str, wasm: &[u8]) -> Result<String, Error> {
    // The element's script calls the module's own functions: refuse a module that lacks them rather than
    // write a loader that fails in partners' pages.
    for needed in ["async function __wbg_init(", "export function mount("] {
        if !glue.contains(needed) {
            return Err(Error::Widget(format!("its wasm-bindgen module has no `{needed}…`: the partner embed cannot be built")));
        }
    }
    let script = LOADER
        .replace("__QY_WASM__", &json_string(&format!("./{wasm_name}")))
        .replace("__QY_WASM_SRI__", &json_string(&integrity(wasm)))
        .replace("__QY_CSS__", &json_string(CSS));
    Ok(format!("{glue}\n{PAINTED}{script}"))
}

/// The stable entry point: imports the versioned loader (relative, so it works from any origin).
pub fn entry_module(loader_file: &str) -> String {
    format!("// Quanyu job widget for partner sites: <script type=\"module\" src=\"…/widget/embed.js\"></script>\nimport \"./v/{loader_file}\";\n")
}

/// `current.json`: the index manifest (relative to `widget/`) and the index's generation (16 hex digits:
/// the listing pages' boot module names the files a page fetches first with it), the portal's default
/// language and each district's listing page (relative to the portal's root).
pub fn current_json(manifest_url: &str, generation: &str, lang: &str, listings: &[(String, String)]) -> String {
    let listings: serde_json::Map<String, serde_json::Value> =
        listings.iter().map(|(slug, url)| (slug.clone(), serde_json::Value::String(url.trim_start_matches('/').to_owned()))).collect();
    let v = serde_json::json!({
        "index": format!("..{manifest_url}"),
        "generation": generation,
        "lang": lang,
        "listings": listings,
    });
    format!("{v}\n")
}

/// `sri.json`: `{ "<root-relative path>": "sha384-…" }` for each versioned file, in name order.
pub fn sri_json(files: &[(String, &[u8])]) -> String {
    let mut sorted: Vec<&(String, &[u8])> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let map: serde_json::Map<String, serde_json::Value> =
        sorted.into_iter().map(|(path, bytes)| (format!("/{path}"), serde_json::Value::String(integrity(bytes)))).collect();
    format!("{}\n", serde_json::to_string_pretty(&map).unwrap_or_default())
}

/// `s` as a JSON string literal, safe inside a JS file (`<`, `>`, `&` and the JS-only line separators
/// escaped as well).
fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned())
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_sha384_in_base64() {
        // Known answer: the SHA-384 of "abc" (FIPS 180-2, appendix D.1), base64-encoded.
        assert_eq!(integrity(b"abc"), "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn");
        assert_ne!(integrity(b"abc"), integrity(b"abd"));
    }

    #[test]
    fn the_loader_follows_the_module_and_carries_the_wasm_hash_and_styles() {
        let glue = "export function mount(el) {}\nasync function __wbg_init(module_or_path) {}\nexport { __wbg_init as default };\n";
        let js = loader_module(glue, "quanyu_bg.0123.wasm", b"\0asm").unwrap();
        assert!(js.starts_with(glue));
        assert!(js.contains(r#"new URL("./quanyu_bg.0123.wasm", import.meta.url)"#), "{js}");
        assert!(js.contains(&format!("\"{}\"", integrity(b"\0asm"))));
        assert!(js.contains("customElements.define(\"quanyu-jobs\""));
        assert!(js.contains(".qy-root {") && !js.contains("__QY_"), "every placeholder filled");
        assert!(loader_module("export function mount(el) {}", "x.wasm", b"").unwrap_err().to_string().contains("__wbg_init"));
    }

    #[test]
    fn json_strings_cannot_close_a_script() {
        assert_eq!(json_string("</script>\u{2028}&"), r#""\u003c/script\u003e\u2028\u0026""#);
    }

    #[test]
    fn current_and_sri_files() {
        let c = current_json("/search/index-00ff.qy", "00000000000000aa", "zh-CN", &[("liwan".into(), "/liwan/jobs/".into())]);
        let v: serde_json::Value = serde_json::from_str(&c).unwrap();
        assert_eq!(v["index"], "../search/index-00ff.qy");
        assert_eq!(v["generation"], "00000000000000aa");
        assert_eq!(v["listings"]["liwan"], "liwan/jobs/");
        let s = sri_json(&[("widget/v/b.js".into(), b"b"), ("widget/v/a.wasm".into(), b"a")]);
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["/widget/v/a.wasm"], integrity(b"a"));
        assert!(s.find("a.wasm") < s.find("b.js"), "sorted");
    }
}
