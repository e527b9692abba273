
/* ---- Quanyu partner embed: the <quanyu-jobs> element (sitegen/embed/loader.js, appended by
   sitegen/src/embed.rs to the widget's wasm-bindgen module, whose `__wbg_init` and `mount` it calls).
   Everything is fetched relative to this file's own URL, so it works from any origin:
     ../current.json   the index the portal publishes now (a stable name, short cache), and the
                       district listing pages to link to;
     QY_WASM           the widget's wasm, checked against its Subresource Integrity hash.
   Each element mounts its own widget in its own shadow root; removing the element tears it down;
   changing an attribute mounts it again with the new settings. No inline script or style is needed
   from the host page (the stylesheet is a constructed one), so it runs under a strict CSP:
   `script-src <portal> 'wasm-unsafe-eval'`. ---- */
const QY_WASM = new URL(__QY_WASM__, import.meta.url);
const QY_WASM_SRI = __QY_WASM_SRI__;
const QY_CURRENT = new URL("../current.json", import.meta.url);
const QY_PORTAL = new URL("../../", import.meta.url);
const QY_CSS = __QY_CSS__;
/* Attributes that set the widget's starting search: [attribute, parameter, split on commas]. */
const QY_FILTERS = [
  ["query", "q", false],
  ["work-type", "work_type", true],
  ["group", "group", true],
  ["occupation", "occupation", false],
  ["locality", "locality", false],
  ["education", "education", false],
  ["salary", "salary", false],
  ["experience", "experience", false],
  ["sort", "sort", false],
];
const QY_FAILED = {
  "zh-CN": "岗位搜索暂时无法载入，请访问就业门户。",
  "zh-HK": "職位搜尋暫時無法載入，請瀏覽就業門戶。",
  en: "The job search cannot load right now; please visit the employment portal.",
};

let qyWasm = null;
let qyCurrent = null;
/* qyPaint(): the first-paint gate, sitegen/embed/painted.js, put before this script. */
/** Loads the wasm (once for every element) and what the portal publishes now, once the page has
    painted; a part that failed is tried again by the next element or attribute change, a part that
    worked is kept. */
function qyStart() {
  if (!qyWasm) {
    qyWasm = qyPaint().then(() => __wbg_init({ module_or_path: fetch(QY_WASM, { integrity: QY_WASM_SRI }) }));
    qyWasm.catch(() => {
      qyWasm = null;
    });
  }
  if (!qyCurrent) {
    qyCurrent = qyPaint().then(() => fetch(QY_CURRENT)).then((r) => {
      if (!r.ok) throw new Error(`${QY_CURRENT}: HTTP ${r.status}`);
      return r.json();
    });
    qyCurrent.catch(() => {
      qyCurrent = null;
    });
  }
  return Promise.all([qyWasm, qyCurrent]).then(([, c]) => c);
}

let qySheet = null;
function qyStyles() {
  if (!qySheet) {
    qySheet = new CSSStyleSheet();
    qySheet.replaceSync(QY_CSS);
  }
  return qySheet;
}

function qyLang(tag) {
  const t = (tag || "").toLowerCase();
  if (t.startsWith("en")) return "en";
  if (t === "zh-hk" || t === "zh-tw" || t === "zh-mo" || t.startsWith("zh-hant")) return "zh-HK";
  return "zh-CN";
}

class QuanyuJobs extends HTMLElement {
  static get observedAttributes() {
    return ["district", "lang", "limit", "layout", "accent", ...QY_FILTERS.map(([a]) => a)];
  }

  #app = null;
  #queued = false;
  #generation = 0;
  /** Resolved once the element has come near the screen (see `#near`). */
  #seen = null;
  /** Whether `--qy-accent` on the element is ours (from `accent`), not the host's. */
  #accentSet = false;

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#teardown();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** Several attribute changes in one task mount once. */
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#render();
    });
  }

  /** The element starts when it comes within 200 px of the screen (as `loading="lazy"` frames do): a
      widget further down a page costs nothing until the reader scrolls to it (the /embed/ page's
      preview, on a phone). `loading="eager"` starts it at once. */
  #near() {
    if (this.getAttribute("loading") === "eager" || !window.IntersectionObserver) return Promise.resolve();
    this.#seen ??= new Promise((go) => {
      const io = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          go();
        }
      }, { rootMargin: "200px 0px" });
      io.observe(this);
    });
    return this.#seen;
  }

  #teardown() {
    if (this.#app) {
      this.#app.destroy();
      this.#app.free();
      this.#app = null;
    }
  }

  async #render() {
    const generation = ++this.#generation;
    const lang = qyLang(this.getAttribute("lang") || document.documentElement.lang);
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    try {
      root.adoptedStyleSheets = [qyStyles()];
      const accent = this.getAttribute("accent");
      if (accent) {
        this.style.setProperty("--qy-accent", accent);
        this.#accentSet = true;
      } else if (this.#accentSet) {
        // Only what the attribute set goes: the host's own --qy-accent stays.
        this.style.removeProperty("--qy-accent");
        this.#accentSet = false;
      }
      await this.#near();
      if (generation !== this.#generation || !this.isConnected) return;
      const current = await qyStart();
      if (generation !== this.#generation || !this.isConnected) return;
      this.#teardown();
      const district = (this.getAttribute("district") || "").trim();
      const params = new URLSearchParams();
      if (district && district !== "all") params.append("district", district);
      for (const [attr, key, many] of QY_FILTERS) {
        const value = this.getAttribute(attr) || "";
        for (const v of many ? value.split(",") : [value]) if (v.trim()) params.append(key, v.trim());
      }
      const el = document.createElement("div");
      el.className = "qy-root";
      el.lang = lang;
      el.dataset.embedded = "";
      el.dataset.index = new URL(current.index, QY_CURRENT).href;
      el.dataset.lang = lang;
      el.dataset.defaults = params.toString();
      el.dataset.origin = QY_PORTAL.href;
      const limit = parseInt(this.getAttribute("limit") || "", 10);
      if (limit > 0) el.dataset.limit = String(limit);
      if (this.getAttribute("layout") === "compact") el.dataset.layout = "compact";
      el.dataset.portalLink = new URL((current.listings && current.listings[district]) || "", QY_PORTAL).href;
      root.replaceChildren(el);
      this.#app = mount(el);
    } catch (e) {
      // Whatever failed (the network, an old browser without constructed stylesheets, the widget
      // itself), the element offers the portal instead of staying blank.
      if (generation !== this.#generation) return;
      console.warn("quanyu: the job widget could not start", e);
      this.#teardown();
      const p = document.createElement("p");
      p.className = "qy-root";
      p.lang = lang;
      const a = document.createElement("a");
      a.href = QY_PORTAL.href;
      a.textContent = QY_FAILED[lang];
      p.append(a);
      root.replaceChildren(p);
    }
  }
}

if (!customElements.get("quanyu-jobs")) customElements.define("quanyu-jobs", QuanyuJobs);
