// The portal's /embed/ page (sitegen/templates/embed.html): the partner picks district, filters,
// language and layout; the live preview (a <quanyu-jobs> element) and the two snippets follow.
// The page's URL may carry a search to start from (the widget's "embed this" link):
// ?district=…&q=…&work_type=…&group=…
const form = document.getElementById("embed-form");
const preview = document.getElementById("embed-preview");
const pinnedOut = document.getElementById("embed-snippet");
const latestOut = document.getElementById("embed-snippet-latest");
const copy = document.getElementById("embed-copy");
const copyStatus = document.getElementById("embed-copy-status");
const { portal, entry, pinned, integrity, copied } = form.dataset;
/** Filters of the search the page was opened with that the form has no field for (they stay in the
    preview and the snippet as they came): [attribute, value]. */
const extras = [];
/** The element's filter attributes for URL parameters the form does not show. */
const EXTRA = { occupation: "occupation", locality: "locality", education: "education", salary: "salary", experience: "experience", sort: "sort" };

function escapeAttr(v) {
  return v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The element's attributes for the form's values, in a fixed order (defaults left out). */
function attributes() {
  const f = new FormData(form);
  const a = [];
  const district = f.get("district");
  a.push(["district", district || "all"]);
  a.push(["lang", f.get("lang")]);
  const q = (f.get("q") || "").trim();
  if (q) a.push(["query", q]);
  const types = f.getAll("work_type");
  if (types.length) a.push(["work-type", types.join(",")]);
  if (f.get("group")) a.push(["group", f.get("group")]);
  const limit = parseInt(f.get("limit"), 10);
  if (limit > 0) a.push(["limit", String(Math.min(limit, 100))]);
  a.push(["layout", f.get("layout") || "compact"]);
  const accent = f.get("accent");
  if (accent && accent.toLowerCase() !== "#1d4f91") a.push(["accent", accent]);
  return a.concat(extras);
}

function element(attrs) {
  return `<quanyu-jobs${attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("")}></quanyu-jobs>`;
}

const NAMES = ["district", "lang", "query", "work-type", "group", "limit", "layout", "accent", ...Object.values(EXTRA)];
let pending = null;

/** The preview follows the form after a pause in typing (each change mounts it again). */
function updatePreview() {
  clearTimeout(pending);
  pending = setTimeout(() => {
    const attrs = attributes();
    const names = new Set(attrs.map(([k]) => k));
    for (const name of NAMES) if (!names.has(name)) preview.removeAttribute(name);
    for (const [k, v] of attrs) if (preview.getAttribute(k) !== v) preview.setAttribute(k, v);
  }, 300);
}

function update() {
  const attrs = attributes();
  updatePreview();
  pinnedOut.textContent = `<script type="module" src="${portal}${pinned}" integrity="${integrity}" crossorigin="anonymous"></script>\n${element(attrs)}`;
  latestOut.textContent = `<script type="module" src="${portal}${entry}"></script>\n${element(attrs)}`;
  copyStatus.textContent = "";
}

/** Starts from the search in the page's URL. */
function prefill() {
  const p = new URLSearchParams(location.search);
  const set = (name, value) => {
    const el = form.elements.namedItem(name);
    if (el && value != null && [...(el.options || [])].some((o) => o.value === value)) el.value = value;
  };
  const district = p.getAll("district").filter(Boolean);
  if (district.length === 1) set("district", district[0]);
  if (p.get("q")) form.elements.namedItem("q").value = p.get("q");
  const types = new Set(p.getAll("work_type"));
  for (const box of form.querySelectorAll('input[name="work_type"]')) box.checked = types.has(box.value);
  const groups = p.getAll("group").filter(Boolean);
  if (groups.length === 1) set("group", groups[0]);
  else if (groups.length > 1) extras.push(["group", groups.join(",")]);
  if (p.get("lang")) set("lang", p.get("lang"));
  for (const [param, attr] of Object.entries(EXTRA)) {
    const v = p.getAll(param).filter(Boolean);
    if (v.length > 0) extras.push([attr, v[0]]);
  }
}

prefill();
update();
form.addEventListener("input", update);
form.addEventListener("change", update);
form.addEventListener("submit", (e) => e.preventDefault());
copy.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(pinnedOut.textContent);
    copyStatus.textContent = copied;
  } catch {
    // No clipboard access (permissions): select the text so the user can copy it.
    const range = document.createRange();
    range.selectNodeContents(pinnedOut);
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
});
