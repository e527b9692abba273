// Saved jobs, saved searches and read aloud (issue 14 §2 and §5), and the opening and closing of the
// widget's filter sheet (§1): a plain module the listing, vacancy and "我的收藏" pages load (sitegen/src/output/assets.rs writes it content-hashed; no inline script, no
// handler attribute). Everything stays in this browser: localStorage of the portal's own origin, never a
// request carrying it. The only requests it makes are HEAD requests for the pages of saved jobs, on the
// saved page, to tell the jobs that have left the portal (a 404) — the same fixed URLs a visit would ask.
//
// Strings come from the page (`#qy-citizen`'s data-* attributes, from sitegen/i18n/*.toml).

const JOBS = 'qy-saved-jobs';
const SEARCHES = 'qy-saved-searches';
const T = document.getElementById('qy-citizen')?.dataset ?? {};
const say = (key, n) => (T[key] || key).replace('{n}', String(n ?? ''));

/** A stored list (an array), or an empty one when storage is unavailable or holds something else. */
function load(key) {
  try {
    const v = JSON.parse(localStorage.getItem(key) || '[]');
    return Array.isArray(v) ? v.filter((x) => x && typeof x === 'object' && typeof x.url === 'string') : [];
  } catch {
    return [];
  }
}

function store(key, list) {
  try {
    localStorage.setItem(key, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

/** Today in China time (the portals' dates are China dates), `YYYY-MM-DD`. */
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const clean = (el) => (el?.textContent || '').replace(/\s+/g, ' ').trim();
const pathOf = (href) => {
  const u = new URL(href, location.href);
  return u.origin === location.origin ? u.pathname : null;
};

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.filter((c) => c != null && c !== false));
  return e;
}

// ---------------------------------------------------------------------------------------------------
// Saved jobs: a ☆ on every result and on every vacancy page.

const savedUrls = () => new Set(load(JOBS).map((j) => j.url));

/** Saves `job` (or forgets it when saved); whether it is saved now. Fields the list lacked are kept. */
function toggleJob(job) {
  const list = load(JOBS);
  const i = list.findIndex((j) => j.url === job.url);
  if (i >= 0) list.splice(i, 1);
  else list.unshift({ ...job, saved: today() });
  store(JOBS, list);
  return i < 0;
}

/** Shows a ☆ button's state, touching the DOM only on a change (the listing's observer sees text changes). */
function pressed(button, on) {
  if (button.getAttribute('aria-pressed') !== String(on)) button.setAttribute('aria-pressed', String(on));
  const mark = button.querySelector('.qy-star-mark');
  const want = on ? '★' : '☆';
  if (mark && mark.textContent !== want) mark.textContent = want;
}

/** What a result (`li.job`, the static list's or the widget's) shows of its vacancy. */
function jobOfItem(li) {
  const a = li.querySelector('h3 a');
  const url = a && pathOf(a.getAttribute('href'));
  if (!url) return null;
  return {
    url,
    title: clean(a),
    employer: clean(li.querySelector('.employer')),
    pay: clean(li.querySelector('.salary')),
    place: clean(li.querySelector('.meta > span:not(.salary):not(.tag)')),
    closes: '',
  };
}

/** Adds a ☆ button to every result in `root` (or `root` itself, a result) that lacks one, and shows which are saved. */
function decorate(root, saved = savedUrls()) {
  for (const li of root.matches('li.job') ? [root] : root.querySelectorAll('li.job')) {
    let b = li.querySelector(':scope > .qy-star');
    const job = jobOfItem(li);
    if (!job) continue;
    if (!b) {
      b = el('button', { type: 'button', class: 'qy-star', 'aria-label': say('save'), 'aria-pressed': 'false', title: say('save') }, el('span', { class: 'qy-star-mark', 'aria-hidden': 'true' }, '☆'));
      li.append(b);
    }
    b.dataset.url = job.url;
    pressed(b, saved.has(job.url));
  }
}

function listingPage(main) {
  decorate(main);
  main.addEventListener('click', (e) => {
    // The widget's filter sheet (widget/src/ui/filter_sheet.rs): a modal dialog, focus back on its button.
    const opener = e.target.closest?.('.qy-sheet-open');
    const sheet = opener?.closest('.qy')?.querySelector('dialog.qy-sheet');
    if (sheet && !sheet.open) {
      sheet.showModal();
      sheet.addEventListener('close', () => opener.isConnected && opener.focus(), { once: true });
      return;
    }
    if (e.target.closest?.('.qy-sheet-done')) {
      e.target.closest('dialog')?.close();
      return;
    }
    const b = e.target.closest?.('.qy-star');
    const li = b?.closest('li.job');
    const job = li && jobOfItem(li);
    if (job) pressed(b, toggleJob(job));
  });
  // The widget replaces its results as the citizen searches: new ones get their ☆ too. Only what was
  // added is looked at (not every result of the page again): this runs in the task that draws the
  // widget's results, which on a phone is start-up's longest (issue 14 §4).
  new MutationObserver((records) => {
    const roots = new Set();
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1 || n.classList.contains('qy-star')) continue;
        const li = n.closest('li.job');
        if (li) roots.add(li);
        else if (n.querySelector('li.job')) roots.add(n);
      }
    }
    if (roots.size === 0) return;
    const saved = savedUrls();
    for (const root of roots) decorate(root, saved);
  }).observe(main, { childList: true, subtree: true });
  saveSearchForm();
}

function vacancyPage(tools) {
  const d = tools.dataset;
  const job = { url: location.pathname, title: d.title || '', employer: d.employer || '', pay: d.pay || '', place: d.place || '', closes: d.closes || '' };
  const b = tools.querySelector('.qy-save');
  if (b) {
    // Saved from a result, the closing date was not known: the page fills it in.
    const list = load(JOBS);
    const mine = list.find((j) => j.url === job.url);
    if (mine && !mine.closes && job.closes) {
      mine.closes = job.closes;
      store(JOBS, list);
    }
    pressed(b, !!mine);
    b.hidden = false;
    b.addEventListener('click', () => pressed(b, toggleJob(job)));
  }
  readAloud(tools.querySelector('.qy-read'), tools.querySelector('.qy-read-stop'));
}

// ---------------------------------------------------------------------------------------------------
// Saved searches: the listing's URL (the widget keeps the query and filters in it) under a name.

function saveSearchForm() {
  const form = document.getElementById('qy-save-search');
  if (!form) return;
  const input = form.querySelector('input');
  const status = form.querySelector('[role=status]');
  form.hidden = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(location.search).get('q') || '';
    const name = input.value.trim() || q || clean(document.querySelector('h1'));
    const url = location.pathname + location.search;
    // The whole search: the URL's, or (a URL without one) the page's own filters.
    const query = location.search ? location.search.slice(1) : document.querySelector('[data-quanyu-search]')?.dataset.defaults || '';
    const list = load(SEARCHES).filter((s) => s.url !== url);
    // "Seen" is the build the citizen saw (the portal's build date), so "new" means "not in that build".
    list.unshift({ name, url, query, saved: today(), seen: T.buildDate || today() });
    status.textContent = store(SEARCHES, list) ? say('searchSaved', name).replace('{name}', name) : say('storageOff');
    input.value = '';
  });
}

// ---------------------------------------------------------------------------------------------------
// "我的收藏": the saved jobs and searches, from storage only (works offline).

function savedPage(root) {
  const jobsList = el('ul', { class: 'jobs' });
  const searchList = el('ul', { class: 'qy-saved-searches' });
  const status = el('p', { class: 'visually-hidden', role: 'status' });
  const jobsEmpty = el('p', { class: 'muted' }, say('noSavedJobs'));
  const searchesEmpty = el('p', { class: 'muted' }, say('noSavedSearches'));
  root.replaceChildren(
    el('h2', { id: 'saved-jobs-h' }, say('savedJobs')), jobsEmpty, jobsList,
    el('h2', { id: 'saved-searches-h' }, say('savedSearches')), searchesEmpty, searchList, status,
  );
  const now = today();
  const render = () => {
    const jobs = load(JOBS);
    jobsEmpty.hidden = jobs.length > 0;
    jobsList.replaceChildren(...jobs.map((j) => {
      const closed = j.closes && j.closes < now;
      const remove = el('button', { type: 'button', class: 'qy-remove', 'aria-label': `${say('remove')}：${j.title}` }, say('remove'));
      remove.addEventListener('click', () => {
        store(JOBS, load(JOBS).filter((x) => x.url !== j.url));
        status.textContent = say('removed');
        render();
      });
      return el('li', { class: 'job', 'data-url': j.url },
        el('h3', {}, el('a', { href: j.url }, j.title)),
        el('p', { class: 'employer' }, j.employer),
        el('p', { class: 'meta' }, el('span', {}, j.place), ' ', el('span', { class: 'salary' }, j.pay),
          j.closes ? el('span', {}, ` ${say('closes')} `, el('time', { datetime: j.closes }, j.closes)) : null),
        closed ? el('p', { class: 'qy-flag qy-closed' }, say('closed')) : null,
        el('p', { class: 'qy-flag qy-gone', hidden: true }, say('gone')),
        remove);
    }));
    const searches = load(SEARCHES);
    searchesEmpty.hidden = searches.length > 0;
    searchList.replaceChildren(...searches.map((s) => {
      const u = new URL(s.url, location.href);
      u.searchParams.set('sort', 'newest');
      const remove = el('button', { type: 'button', class: 'qy-remove', 'aria-label': `${say('remove')}：${s.name}` }, say('remove'));
      remove.addEventListener('click', () => {
        store(SEARCHES, load(SEARCHES).filter((x) => x.url !== s.url));
        status.textContent = say('removed');
        render();
      });
      const open = el('a', { href: u.pathname + u.search }, s.name);
      open.addEventListener('click', () => {
        const list = load(SEARCHES);
        for (const x of list) if (x.url === s.url) x.seen = T.buildDate || now;
        store(SEARCHES, list);
      });
      const fresh = el('strong', { class: 'qy-new', hidden: true });
      counts.push([s, fresh]);
      return el('li', {}, open, ' ', fresh, ' ', el('span', { class: 'muted' }, `${say('since')} ${s.seen || s.saved}`), ' ', remove);
    }));
    checkGone();
  };
  const counts = [];
  // Jobs that have left the portal: their page is gone (asked only when online; offline, nothing is marked).
  const checkGone = () => {
    if (!navigator.onLine) return;
    for (const li of jobsList.querySelectorAll('li[data-url]')) {
      fetch(li.dataset.url, { method: 'HEAD', cache: 'no-store' })
        .then((r) => { if (r.status === 404 || r.status === 410) li.querySelector('.qy-gone').hidden = false; })
        .catch(() => {});
    }
  };
  render();
  countNew(root, counts.splice(0));
}

/**
 * How many vacancies of each saved search are new since the build the citizen last saw: the widget's
 * search build, mounted unseen as an embedded widget (no URL, no history) with the search sorted newest
 * first, 100 results, whose dates after that build's are counted. Online only; offline the list stays
 * as stored.
 */
async function countNew(root, searches) {
  const d = root.dataset;
  if (!d.module || !d.index || !navigator.onLine || searches.length === 0) return;
  let widget;
  try {
    widget = await import(d.module);
    await widget.default({ module_or_path: new URL(d.wasm, location.href) });
  } catch {
    return;
  }
  const box = el('div', { hidden: true, 'aria-hidden': 'true' });
  document.body.append(box);
  for (const [s, out] of searches) {
    const q = new URLSearchParams(s.query ?? new URL(s.url, location.href).search);
    q.set('sort', 'newest');
    const host = el('div', { 'data-index': d.index, 'data-lang': d.lang, 'data-defaults': q.toString(), 'data-embedded': true, 'data-limit': '100', 'data-layout': 'compact' });
    box.append(host);
    const app = widget.mount(host);
    const dates = await shown(host);
    app.destroy();
    host.remove();
    if (!dates || !s.seen) continue;
    const n = dates.filter((x) => x > s.seen).length;
    out.textContent = say('newSince', n === 100 ? '100+' : n);
    out.dataset.count = String(n);
    out.hidden = false;
  }
  box.remove();
}

/** The dates of the results a widget mounted in `host` shows once it is quiet (null if it failed). */
function shown(host) {
  return new Promise((resolve) => {
    let timer = null;
    const finish = () => {
      observer.disconnect();
      clearTimeout(limit);
      if (host.querySelector('.qy-error') || !host.querySelector('.qy-body')) resolve(null);
      else resolve([...host.querySelectorAll('ul.qy-results time[datetime]')].map((t) => t.getAttribute('datetime')));
    };
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      if (host.querySelector('.qy-body') || host.querySelector('.qy-error')) timer = setTimeout(finish, 400);
    });
    observer.observe(host, { childList: true, subtree: true, characterData: true });
    const limit = setTimeout(finish, 10000);
  });
}

// ---------------------------------------------------------------------------------------------------
// Read aloud (适老化): the vacancy in the page's language with the browser's speech synthesis, hidden where
// it has no voice for that language.

function voiceFor(lang) {
  const want = lang.toLowerCase();
  const voices = window.speechSynthesis?.getVoices?.() ?? [];
  return voices.find((v) => v.lang.replace('_', '-').toLowerCase() === want)
    ?? (want.startsWith('en') ? voices.find((v) => v.lang.toLowerCase().startsWith('en')) : undefined);
}

/** The vacancy's text as utterances, each in the language its element is marked with. */
function vacancyParts() {
  const article = document.querySelector('.job-page');
  const blocks = article ? article.querySelectorAll(':scope > h1, :scope > .employer, :scope > .salary, .facts dt, .facts dd, .prose p, .prose li, .prose h3, .prose h4') : [];
  const page = document.documentElement.lang;
  return [...blocks].map((b) => ({ text: clean(b), lang: b.closest('[lang]')?.getAttribute('lang') || page })).filter((p) => p.text);
}

function readAloud(button, stop) {
  const synth = window.speechSynthesis;
  if (!button || !synth || typeof window.SpeechSynthesisUtterance !== 'function') return;
  const lang = document.documentElement.lang;
  let state = 'idle';
  const label = () => {
    button.textContent = say(state === 'idle' ? 'readAloud' : state === 'speaking' ? 'pause' : 'resume');
    button.setAttribute('aria-pressed', String(state === 'speaking'));
    if (stop) stop.hidden = state === 'idle';
  };
  const show = () => {
    const voice = voiceFor(lang);
    button.hidden = !voice;
    if (!voice && state !== 'idle') synth.cancel();
  };
  show();
  synth.addEventListener?.('voiceschanged', show);
  const end = () => { state = 'idle'; label(); };
  button.addEventListener('click', () => {
    if (state === 'idle') {
      synth.cancel();
      const parts = vacancyParts();
      parts.forEach((p, i) => {
        const u = new SpeechSynthesisUtterance(p.text);
        u.lang = p.lang;
        const v = voiceFor(p.lang);
        try {
          if (v) u.voice = v; // the language alone picks a voice where this fails
        } catch {}
        if (i === parts.length - 1) u.addEventListener('end', end);
        synth.speak(u);
      });
      state = 'speaking';
    } else if (state === 'speaking') {
      synth.pause();
      state = 'paused';
    } else {
      synth.resume();
      state = 'speaking';
    }
    label();
  });
  stop?.addEventListener('click', () => {
    synth.cancel();
    end();
    button.focus();
  });
  label();
}

// ---------------------------------------------------------------------------------------------------

const tools = document.querySelector('[data-qy-job]');
const saved = document.getElementById('qy-saved');
if (tools) vacancyPage(tools);
else if (saved) savedPage(saved);
else if (document.querySelector('[data-quanyu-search]')) listingPage(document.getElementById('main') || document.body);
