//! Fetching index files in the browser: `fetch`, then gunzip in wasm ([`crate::gzip`]) when the bytes
//! are gzip (sitegen gzips them; a host that already sent them with `Content-Encoding: gzip` hands over
//! inflated bytes, which are used as they are).

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::loader::Failure;

/// A failed fetch's message: the URL and the error's text (a `TypeError` from `fetch` is an object
/// whose JSON is `{}`: it says only that the network failed).
fn js_err(url: &str) -> impl Fn(JsValue) -> String + '_ {
    move |e| format!("{url}: {}", e.as_string().unwrap_or_else(|| "the network request failed".into()))
}

/// Starts fetching `url` now, in the calling task: a future's first poll comes only after the task
/// (a Yew update and its render), which would hold a keystroke's request back by a render or two.
pub fn start(url: &str) -> Option<js_sys::Promise> {
    web_sys::window().map(|w| w.fetch_with_str(url))
}

/// The bytes of `url` (its fetch [`start`]ed), inflated if gzip.
/// A network failure or an HTTP error status is [`Failure::Network`], bytes that do not inflate
/// [`Failure::Corrupt`].
pub async fn fetch_bytes(url: &str, started: Option<js_sys::Promise>) -> Result<Vec<u8>, Failure> {
    let net = |e: JsValue| Failure::Network(js_err(url)(e));
    let started = started.ok_or_else(|| Failure::Network("no window".into()))?;
    let resp: Response = JsFuture::from(started).await.map_err(net)?.dyn_into().map_err(net)?;
    if !resp.ok() {
        return Err(Failure::Network(format!("{url}: HTTP {}", resp.status())));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(net)?).await.map_err(net)?;
    let bytes = Uint8Array::new(&buf).to_vec();
    if bytes.starts_with(&[0x1f, 0x8b]) { crate::gzip::gunzip(&bytes).map_err(|e| Failure::Corrupt(format!("{url}: {e}"))) } else { Ok(bytes) }
}
