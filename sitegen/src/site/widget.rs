//! The widget in a build: its files (two builds, the listing pages' boot module, the partner embed's
//! loader) under content-hashed names, the embed's stable files, and what listing pages need to start it
//! ([`SearchRefs`]).

use serde::Serialize;

use super::Site;
use crate::error::Error;
use crate::formats::{embed, search_index};
use crate::output::Staging;
use crate::urls;

impl Site {
    /// The widget (when the binary embeds one): its versioned files under `widget/v/` (the module and
    /// wasm, the listing pages' boot module, the partner embed's loader and the embed page's script) and
    /// the embed's stable files (see [`crate::embed`]).
    pub(super) fn write_widget(&self, stage: &Staging, manifest: &str, generation: &str) -> Result<Option<WidgetRefs>, Error> {
        let Some(w) = crate::output::widget_assets::WIDGET else { return Ok(None) };
        let versioned = |stem: &str, ext: &str, bytes: &[u8]| format!("{}/{stem}.{:016x}.{ext}", embed::VERSIONED_DIR, engine::index::fnv1a(bytes));
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
        // V8's explicit compile hint: the glue's functions all run at start-up, so they are compiled
        // eagerly off the main thread rather than lazily on it (one long task less on a phone; ignored
        // by other engines).
        let glue = format!("//# allFunctionsCalledOnLoad\n{}", std::str::from_utf8(w.js).map_err(|e| Error::Widget(format!("widget.js: {e}")))?);
        let (js, wasm) = (versioned("quanyu", "js", glue.as_bytes()), versioned("quanyu_bg", "wasm", w.wasm));
        // The build with the profile (issue 4), loaded on demand: its glue names its own wasm file.
        let full_glue = std::str::from_utf8(w.full_js).map_err(|e| Error::Widget(format!("widget_full.js: {e}")))?;
        let (full_js, full_wasm) = (versioned("quanyu_full", "js", full_glue.as_bytes()), versioned("quanyu_full_bg", "wasm", w.full_wasm));
        let boot = boot_script(&name(&js), &name(&wasm), &name(&full_js), &name(&full_wasm));
        let boot_path = versioned("boot", "js", boot.as_bytes());
        let search_build = SearchBuild { module: format!("/{js}"), wasm: format!("/{wasm}") };
        let loader = embed::loader_module(&glue, &name(&wasm), w.wasm)?;
        let loader_path = versioned("embed", "js", loader.as_bytes());
        let page_script_path = versioned("embed-page", "js", embed::PAGE_SCRIPT.as_bytes());
        let files: Vec<(String, &[u8])> = vec![
            (js, glue.as_bytes()),
            (wasm, w.wasm),
            (full_js, full_glue.as_bytes()),
            (full_wasm, w.full_wasm),
            (boot_path.clone(), boot.as_bytes()),
            (loader_path.clone(), loader.as_bytes()),
            (page_script_path.clone(), embed::PAGE_SCRIPT.as_bytes()),
        ];
        for (path, bytes) in &files {
            stage.write(path, bytes)?;
        }
        let listings: Vec<(String, String)> = self.content.districts.iter().map(|d| (d.slug.clone(), urls::jobs(&d.slug, 1))).collect();
        let stable = [
            (embed::ENTRY, embed::entry_module(&name(&loader_path))),
            (embed::CURRENT, embed::current_json(manifest, generation, self.langs[0].t.lang, &listings)),
            (embed::SRI, embed::sri_json(&files)),
        ];
        for (path, text) in &stable {
            stage.write(path, text.as_bytes())?;
        }
        Ok(Some(WidgetRefs {
            boot: format!("/{boot_path}"),
            search_build,
            embed: EmbedRefs {
                entry: format!("/{}", embed::ENTRY),
                pinned: format!("/{loader_path}"),
                integrity: embed::integrity(loader.as_bytes()),
                page_script: format!("/{page_script_path}"),
            },
        }))
    }
}

/// Where the search index and the widget were written.
pub(super) struct SearchRefs {
    /// Root-relative URL of the index manifest.
    pub(super) manifest: String,
    /// The search index's generation, as its file names carry it (16 hex digits).
    pub(super) generation: String,
    /// Root-relative URL of the widget's boot module, when the binary embeds the widget.
    pub(super) boot: Option<String>,
    /// Root-relative URL of `widget/current.json`, which names the index (when the binary embeds the
    /// widget): listing pages preload it, and their inline script reads it.
    pub(super) current: Option<String>,
    /// The index files the widget fetches first on every listing, by kind and number (the open facets'
    /// columns: `facet-0`; see [`search_index::first_fetches`]).
    pub(super) first: Vec<String>,
    /// The result chunks of each listing's first results (when the binary embeds the widget).
    pub(super) first_chunks: Option<search_index::FirstChunks>,
    /// The partner embed's files, when the binary embeds the widget.
    pub(super) embed: Option<EmbedRefs>,
    /// The search build's module and wasm, when the binary embeds the widget ("我的收藏" counts the new
    /// vacancies of saved searches with it).
    pub(super) search_build: Option<SearchBuild>,
}

/// The search build of the widget: its module and wasm (root-relative URLs).
#[derive(Serialize, Clone)]
pub(super) struct SearchBuild {
    pub(super) module: String,
    pub(super) wasm: String,
}

/// What [`Site::write_widget`] wrote.
pub(super) struct WidgetRefs {
    /// Root-relative URL of the listing pages' boot module.
    pub(super) boot: String,
    /// The search build's module and wasm.
    pub(super) search_build: SearchBuild,
    /// The partner embed.
    pub(super) embed: EmbedRefs,
}

/// The partner embed's URLs (root-relative) and the pinned loader's integrity hash.
#[derive(Serialize)]
pub(super) struct EmbedRefs {
    /// The stable entry point (`/widget/embed.js`).
    pub(super) entry: String,
    /// The versioned loader a snippet with `integrity` names.
    pub(super) pinned: String,
    /// Its Subresource Integrity hash.
    pub(super) integrity: String,
    /// The `/embed/` page's script.
    pub(super) page_script: String,
}

/// What a listing page needs to start the widget. It names no file of the index (whose names change
/// with every vacancy): the page's inline script (and the boot module) find them through `current.json`.
#[derive(Serialize, Clone)]
pub(super) struct SearchView<'a> {
    pub(super) boot: Option<&'a str>,
    /// `widget/current.json`, preloaded by the page (its inline script reads it first).
    pub(super) current: Option<&'a str>,
    /// The index files to fetch as soon as `current.json` names the index, space-separated kinds and
    /// numbers (`facet-0 facet-2 docs-3`): the page's inline script announces them (`<link
    /// rel=preload>`), so they come in parallel with the widget's code rather than after it.
    pub(super) first: &'a str,
    /// The filters the page stands for (a query string), applied when the URL has none.
    pub(super) defaults: String,
    /// The partner embed page, offered with the widget's current search (it exists in every build; without
    /// the widget it says the embed is unavailable).
    pub(super) embed_page: &'static str,
}

/// The module a listing page loads: it loads the widget and mounts it on each `[data-quanyu-search]`.
/// Should the widget fail to load, the page keeps its static list.
///
/// Nothing of the widget is fetched or run until the citizen reaches for the search box the page draws
/// (the widget's loading view, in `jobs.html`, above the static list, which is what the widget would
/// show first): the pointer over it, a finger or a click on it, its focus or a key in it starts the
/// wasm, `current.json` and the index at once (as Pagefind's UI loads its index on the first focus). A
/// phone that only reads the list spends neither the 140 KB nor the CPU, and the page's load has none of
/// the widget's long tasks: Lighthouse's mobile total blocking time on the listings had been 270-620 ms
/// on CI's machines, the widget's start. What the citizen did in the page's box meanwhile carries over
/// to the widget's (`mountIn`): the text (searched), the focus with the caret at its end, an Enter
/// (searched once the widget is there, without a reload); a word being composed with a pinyin keyboard
/// is finished in the page's box first. A URL holding a search (a shared link), a remembered profile, a
/// page that draws no box (a team's own template) or a focus already in the box start the widget at
/// once.
///
/// Never before the page's first paint, though: this module waits for the frame after the page is
/// parsed and the reported first contentful paint (a second after the load event, for a page that
/// paints nothing contentful) before it starts the widget: its 7.5 KB of glue code (a dynamic import)
/// and its wasm, in parallel. What a phone shows first then never waits for the widget, and
/// Lighthouse's simulated Largest Contentful Paint, which counts every request that ended before the
/// observed one, stays near the page's own (on a loaded machine it had counted the wasm and the index
/// files: 3.6 s instead of 1.3). (The glue had been a static import, compiled with this module, while
/// the widget started at load: as a dynamic import after the paint its compile was one more long task
/// of the load. Now that a listing's load has none of the widget's work, the glue waits too.)
///
/// The page names no file of the index (their names change with every vacancy, and the page would with
/// them): `widget/current.json` (a stable name) names it. This module fetches it when the widget starts,
/// gives each element the manifest it names (`data-index`, unless the page gave one) and announces the
/// manifest and the files each element's `data-first` lists (`facet-0 docs-3`: kind and number, to
/// which it adds the generation `current.json` gives, as
/// [`crate::formats::search_index::first_file`] does) as `<link rel=preload>`s, so they come in
/// parallel with the widget's wasm.
///
/// Two builds (issue 4): the search widget (`js`, `wasm`), and the widget with the citizen's profile
/// (`full_js`, `full_wasm`), which is bigger and loaded only when needed: at once when this browser
/// remembers a profile (`localStorage` key `qy-profile`), else when the citizen opens the profile panel
/// (the search widget's `quanyu-profile` event) or a search finds nothing (its `quanyu-full` event: the
/// full build has the typo corrections and the zero-results help, issue 14 §3). The full widget then
/// takes the search widget's place, with the panel open for the first (the search is in the URL, the
/// index files in the HTTP cache); a citizen typing in the box keeps typing in the new one (its focus
/// and what it holds carry over).
pub(super) fn boot_script(js: &str, wasm: &str, full_js: &str, full_wasm: &str) -> String {
    let painted = crate::formats::embed::PAINTED;
    format!(
        "{painted}const roots = [...document.querySelectorAll(\"[data-quanyu-search]\")];\n\
         const remembered = () => {{ try {{ return localStorage.getItem(\"qy-profile\") !== null; }} catch {{ return false; }} }};\n\
         // Nothing of the widget is fetched or run until the citizen reaches for its box (the page's static\n\
         // list is what it would show first), unless the URL holds a search, a profile is remembered or\n\
         // the page draws no box (a team's own template).\n\
         const eager = location.search.length > 1 || remembered() || roots.some((el) => !el.querySelector(\"form.qy-search input[type=search]\"));\n\
         const woken = eager ? Promise.resolve() : new Promise((go) => {{\n\
         \x20 const on = [\"pointerover\", \"pointerdown\", \"touchstart\", \"focusin\", \"keydown\"];\n\
         \x20 const wake = () => {{ for (const el of roots) for (const e of on) el.removeEventListener(e, wake, true); go(); }};\n\
         \x20 for (const el of roots) for (const e of on) el.addEventListener(e, wake, {{ capture: true, passive: true }});\n\
         \x20 // Already in the box (focused before this module ran, or its text restored by Back).\n\
         \x20 if (roots.some((el) => el.contains(document.activeElement) || el.querySelector(\"input[type=search]\")?.value)) wake();\n\
         }});\n\
         // Nor before the page's first paint is on screen: qyPaint(), the gate the partner embed's loader\n\
         // has too (sitegen/embed/painted.js, put before this).\n\
         // The box the page drew, until the widget's takes its place: Enter in it searches once the widget\n\
         // is there, and a word being composed (pinyin) is finished in it first.\n\
         const drawn = new Map();\n\
         for (const el of roots) {{\n\
         \x20 const form = el.querySelector(\"form.qy-search\");\n\
         \x20 if (!form) continue;\n\
         \x20 const box = {{ form, input: form.querySelector(\"input[type=search]\"), submitted: false, composing: false }};\n\
         \x20 form.addEventListener(\"submit\", (e) => {{ e.preventDefault(); box.submitted = true; }});\n\
         \x20 box.input?.addEventListener(\"compositionstart\", () => {{ box.composing = true; }});\n\
         \x20 box.input?.addEventListener(\"compositionend\", () => {{ box.composing = false; }});\n\
         \x20 drawn.set(el, box);\n\
         }}\n\
         const composed = (box) => box?.composing ? new Promise((go) => box.input.addEventListener(\"compositionend\", () => setTimeout(go, 0), {{ once: true }})) : null;\n\
         // The search build: its glue code and its wasm, fetched in parallel.\n\
         let mount = null;\n\
         const loadSearch = () => {{\n\
         \x20 const wasm = fetch(new URL(\"./{wasm}\", import.meta.url));\n\
         \x20 // Handled where the glue code awaits it; until then a failed fetch is not an unhandled rejection.\n\
         \x20 wasm.catch(() => {{}});\n\
         \x20 return import(\"./{js}\").then(async (m) => {{\n\
         \x20   await m.default({{ module_or_path: wasm }});\n\
         \x20   return (mount = m.mount);\n\
         \x20 }});\n\
         }};\n\
         let full = null;\n\
         const loadFull = () => (full ??= import(\"./{full_js}\").then(async (m) => {{\n\
         \x20 await m.default({{ module_or_path: new URL(\"./{full_wasm}\", import.meta.url) }});\n\
         \x20 return m.mount;\n\
         }}));\n\
         // current.json names the index (a stable name: the index's files change with every vacancy); the\n\
         // files each element's `data-first` lists (kind and number, to which the index's generation is\n\
         // added) are announced as preloads, so they come in parallel with the widget's wasm.\n\
         const at = new URL(\"../current.json\", import.meta.url);\n\
         const named = () => fetch(at).then((r) => {{\n\
         \x20 if (!r.ok) throw new Error(`${{at.pathname}}: HTTP ${{r.status}}`);\n\
         \x20 return r.json();\n\
         }}).then((current) => {{\n\
         \x20 const manifest = new URL(current.index, at);\n\
         \x20 const want = new Set();\n\
         \x20 for (const el of roots) {{\n\
         \x20   if (el.dataset.index) continue;\n\
         \x20   el.dataset.index = manifest.href;\n\
         \x20   want.add(manifest.href);\n\
         \x20   for (const name of (el.dataset.first || \"\").split(\" \").filter(Boolean)) {{\n\
         \x20     const cut = name.indexOf(\"-\");\n\
         \x20     const file = cut < 0 ? `${{name}}-${{current.generation}}.qy` : `${{name.slice(0, cut)}}-${{current.generation}}${{name.slice(cut)}}.qy`;\n\
         \x20     want.add(new URL(file, manifest).href);\n\
         \x20   }}\n\
         \x20 }}\n\
         \x20 for (const href of want) {{\n\
         \x20   const link = Object.assign(document.createElement(\"link\"), {{ rel: \"preload\", as: \"fetch\", crossOrigin: \"anonymous\", href }});\n\
         \x20   document.head.append(link);\n\
         \x20 }}\n\
         }});\n\
         // Mounts a widget in the place of the box the page drew: its text, its focus and an Enter pressed\n\
         // in it carry over (the text as typed: the widget searches it).\n\
         const mountIn = async (el, start) => {{\n\
         \x20 const box = drawn.get(el);\n\
         \x20 drawn.delete(el);\n\
         \x20 await composed(box);\n\
         \x20 const text = box?.input?.value ?? \"\";\n\
         \x20 const focused = box?.input != null && box.input === document.activeElement;\n\
         \x20 el.replaceChildren();\n\
         \x20 const app = start(el);\n\
         \x20 if (text === \"\" && !focused && !box?.submitted) return app;\n\
         \x20 await Promise.resolve();\n\
         \x20 const input = el.querySelector(\"form.qy-search input[type=search]\");\n\
         \x20 if (!input) return app;\n\
         \x20 if (text !== \"\" && input.value !== text) {{\n\
         \x20   input.value = text;\n\
         \x20   input.dispatchEvent(new Event(\"input\", {{ bubbles: true }}));\n\
         \x20 }}\n\
         \x20 if (focused) {{\n\
         \x20   input.focus();\n\
         \x20   input.setSelectionRange(input.value.length, input.value.length);\n\
         \x20 }}\n\
         \x20 if (box.submitted) input.form.requestSubmit();\n\
         \x20 return app;\n\
         }};\n\
         if (roots.length > 0) {{\n\
         \x20 woken.then(qyPaint).then(() => Promise.all([remembered() ? loadFull() : loadSearch(), named()]))\n\
         \x20   .then(([start]) => new Promise((next) => setTimeout(() => next(start), 0)))\n\
         \x20   .then((start) => Promise.all(roots.map(async (el) => {{\n\
         \x20     let app = await mountIn(el, start);\n\
         \x20     if (start !== mount) return;\n\
         \x20     let swap = null;\n\
         \x20     const upgrade = (e) => {{\n\
         \x20       if (e.type === \"quanyu-profile\") el.dataset.profileOpen = \"\";\n\
         \x20       swap ??= loadFull().then((startFull) => {{\n\
         \x20         const box = el.querySelector(\"input[type=search]\");\n\
         \x20         const typing = box !== null && box === document.activeElement ? box.value : null;\n\
         \x20         // The widget's height is kept until the full widget's first results are on screen: nothing\n\
         \x20         // below it moves while it starts (its loading state is shorter).\n\
         \x20         el.style.minHeight = `${{el.offsetHeight}}px`;\n\
         \x20         const shown = new PerformanceObserver((marks) => {{\n\
         \x20           if (marks.getEntries().some((m) => m.name === \"quanyu:first-results\")) {{ shown.disconnect(); el.style.minHeight = \"\"; }}\n\
         \x20         }});\n\
         \x20         shown.observe({{ type: \"mark\" }});\n\
         \x20         app.destroy();\n\
         \x20         el.replaceChildren();\n\
         \x20         if (typing !== null) el.dataset.typing = typing;\n\
         \x20         app = startFull(el);\n\
         \x20       }}).catch((e) => console.warn(\"quanyu: the full widget could not load\", e));\n\
         \x20     }};\n\
         \x20     el.addEventListener(\"quanyu-profile\", upgrade);\n\
         \x20     el.addEventListener(\"quanyu-full\", upgrade);\n\
         \x20   }})))\n\
         \x20   .catch((e) => {{\n\
         \x20     console.warn(\"quanyu: the search widget could not start; the list stays as it is\", e);\n\
         \x20     // A box the page drew could not search: it goes, and the status line under it says so in the\n\
         \x20     // page's language (`data-unavailable`, as the widget says it when its index cannot be fetched).\n\
         \x20     for (const [el, box] of drawn) {{\n\
         \x20       const status = el.querySelector(\"p.qy-status\");\n\
         \x20       box.form.remove();\n\
         \x20       if (status && el.dataset.unavailable) {{\n\
         \x20         status.classList.add(\"qy-error\");\n\
         \x20         status.textContent = el.dataset.unavailable;\n\
         \x20       }}\n\
         \x20     }}\n\
         \x20   }});\n\
         }}\n"
    )
}
