//! Fetching index files in the browser: `fetch`, then gunzip with the browser's own
//! `DecompressionStream` when the bytes are gzip (sitegen gzips them; a host that already sent them
//! with `Content-Encoding: gzip` hands over inflated bytes, which are used as they are).

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableWritablePair, Response};

// web-sys has `DecompressionStream` only behind `--cfg=web_sys_unstable_apis`; the constructor is all
// this needs, bound directly (the API is in every current browser).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Inflate;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<Inflate, JsValue>;
}

fn js_err(url: &str) -> impl Fn(JsValue) -> String + '_ {
    move |e| format!("{url}: {}", e.as_string().or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string())).unwrap_or_default())
}

async fn array_buffer(promise: Result<js_sys::Promise, JsValue>, url: &str) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(promise.map_err(js_err(url))?).await.map_err(js_err(url))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// The bytes of `url`, inflated if gzip.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: Response = JsFuture::from(window.fetch_with_str(url)).await.map_err(js_err(url))?.dyn_into().map_err(js_err(url))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let bytes = array_buffer(resp.array_buffer(), url).await?;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(js_err(url))?;
    let inflate = Inflate::new("gzip").map_err(js_err(url))?;
    let stream = blob.stream().pipe_through(inflate.unchecked_ref::<ReadableWritablePair>());
    let inflated = Response::new_with_opt_readable_stream(Some(&stream)).map_err(js_err(url))?;
    array_buffer(inflated.array_buffer(), url).await
}
