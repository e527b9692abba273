#!/usr/bin/env node
// Browser tests of the job-search widget on the built sample portals.
//
//   node tests/browser/run.mjs <dist-dir> [--only <substring>]
//
// Serves <dist-dir> on 127.0.0.1 (ephemeral port, Node's http module), drives Debian's Chromium
// (/usr/bin/chromium, or $QUANYU_CHROMIUM) through playwright-core, runs every test in a fresh browser
// context and prints `ok - name` / `not ok - name: reason` per test, then `N passed, M failed`. Exits
// non-zero when any test fails. Every test fails on a console error or an uncaught page error. Tests run
// two at a time ($QUANYU_BROWSER_JOBS), each in contexts of its own; `--only` picks tests by name.
//
// The server sends the headers of the site's `_headers` file (as a CDN reading it would: CORS on /widget/
// and /search/, caching), so a missing rule fails the tests that need it.
//
// The partner embed (`<quanyu-jobs>` from /widget/embed.js) is tested on pages of a second server, the
// "partner" origin (another port of 127.0.0.1), written by the tests: a hostile host stylesheet changes
// nothing inside the widget's shadow root and the widget changes none of the host's styles, URL or
// history; two elements with different districts list their own district; it runs under a strict CSP
// with no violation; changed attributes (district, lang, query, work-type, limit, layout, accent)
// re-render it and removing the element tears it down; its links point to the portal; the pinned loader
// runs with the integrity of /widget/sri.json and is refused with a wrong one. On the portal: the
// /embed/ page's form, preview and snippet (pasted into a partner page, it shows what the preview
// shows), and the listing's "embed this" link.
//
// Expected values are read from the pages and the static listings themselves (counts next to filters,
// the status line, the server-rendered lists, /widget/current.json and sri.json), never written down
// here, so the suite keeps passing when the sample vacancies are regenerated.

import crypto from 'node:crypto';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { MIME, headerRules, resolveFile as resolveStatic } from './static-files.mjs';

// ---------------------------------------------------------------------------------------------------
// Arguments

const argv = process.argv.slice(2);
let only = null;
const positional = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--only') only = argv[++i];
  else positional.push(argv[i]);
}
if (positional.length !== 1) {
  console.error('usage: node run.mjs <dist-dir> [--only <substring of a test name>]');
  process.exit(2);
}
const DIST = path.resolve(positional[0]);
if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error(`run.mjs: ${DIST} has no index.html: build the site first (cargo xtask dist)`);
  process.exit(2);
}
const CHROMIUM = process.env.QUANYU_CHROMIUM || '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------------
// Static file server (the portal)

const resolveFile = (urlPath) => resolveStatic(DIST, urlPath);
// The headers the site's `_headers` file gives each path (CORS for the partner embed, caching), sent as
// a CDN reading that file would: they override the server's default `Cache-Control: no-cache`.
const siteHeaders = headerRules(DIST);

/** Header objects merged left to right, names compared case-insensitively (later ones win). */
function mergeHeaders(...sets) {
  const out = {};
  for (const set of sets) for (const [k, v] of Object.entries(set)) out[k.toLowerCase()] = v;
  return out;
}

/** A request carrying this header gets its page in pieces (`trickle`), as a slow phone network brings it. */
const TRICKLE = 'x-quanyu-test-trickle';
const TRICKLE_PIECE = 1024;
const TRICKLE_GAP_MS = 20;

/**
 * Sends an HTML page in pieces of TRICKLE_PIECE bytes, TRICKLE_GAP_MS apart, so that the browser paints
 * the page while it is still arriving. A piece also ends right after every `<details …>` start tag: the
 * worst place for a page's menu or filters to be cut (the browser shows its own summary until the
 * page's arrives).
 */
function trickle(res, body) {
  const cuts = new Set();
  for (let at = TRICKLE_PIECE; at < body.length; at += TRICKLE_PIECE) cuts.add(at);
  for (let at = body.indexOf('<details'); at >= 0; at = body.indexOf('<details', at + 1)) cuts.add(body.indexOf('>', at) + 1);
  const ends = [...cuts].filter((c) => c > 0 && c < body.length).sort((a, b) => a - b);
  ends.push(body.length);
  let start = 0;
  const next = () => {
    if (res.destroyed) return;
    const end = ends.shift();
    if (end === body.length) return res.end(body.subarray(start));
    res.write(body.subarray(start, end));
    start = end;
    setTimeout(next, TRICKLE_GAP_MS);
  };
  next();
}

function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const send = (status, file, headers = {}) => {
    const body = file ? fs.readFileSync(file) : Buffer.alloc(0);
    const type = file ? MIME[path.extname(file).toLowerCase()] || 'application/octet-stream' : 'text/plain';
    res.writeHead(status, mergeHeaders({ 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-cache' }, siteHeaders(url.pathname), headers));
    if (req.method !== 'HEAD' && type.startsWith('text/html') && req.headers[TRICKLE]) return trickle(res, body);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, null, { Allow: 'GET, HEAD' });
  let file = resolveFile(url.pathname);
  let stat = file && fs.statSync(file, { throwIfNoEntry: false });
  if (stat && stat.isDirectory()) {
    if (!url.pathname.endsWith('/')) return send(301, null, { Location: url.pathname + '/' + url.search });
    file = path.join(file, 'index.html');
    stat = fs.statSync(file, { throwIfNoEntry: false });
  }
  if (stat && stat.isFile()) return send(200, file);
  const notFound = path.join(DIST, '404.html');
  return send(404, fs.existsSync(notFound) ? notFound : null);
}

const server = http.createServer((req, res) => {
  try {
    serve(req, res);
  } catch (e) {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end(String(e));
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const BASE = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------------------------------------------
// The partner site: another origin (another port) whose pages, written by the embed tests, load the
// portal's widget from BASE the way a partner's pages would.

const partnerFiles = new Map(); // URL path → {body, type, headers}
let partnerPages = 0;
const partnerServer = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://127.0.0.1');
  const f = partnerFiles.get(pathname);
  if (!f) {
    // The browser asks every site for its icon: answered empty, so that no 404 shows up in a test.
    res.writeHead(pathname === '/favicon.ico' ? 204 : 404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache' });
    return res.end();
  }
  res.writeHead(200, { 'Content-Type': f.type, 'Content-Length': f.body.length, 'Cache-Control': 'no-cache', ...f.headers });
  res.end(req.method === 'HEAD' ? undefined : f.body);
});
await new Promise((resolve) => partnerServer.listen(0, '127.0.0.1', resolve));
const PARTNER = `http://127.0.0.1:${partnerServer.address().port}`;

/** How a partner page loads the widget: the portal's stable entry point. */
const EMBED_SCRIPT = `<script type="module" src="${BASE}/widget/embed.js"></script>`;

/**
 * Publishes a page on the partner site and returns its URL: `body` in an HTML document whose head holds
 * `head` (by default the embed script) and, when `css` is given, a link to it as the file host.css next
 * to the page (an external file: a page under a strict CSP can have no inline style); `headers` are sent
 * with the page (a Content-Security-Policy). Nothing inline: no script or style element, no style
 * attribute, unless `body` or `head` bring one.
 */
function partnerPage({ body, head = EMBED_SCRIPT, css = null, headers = {}, lang = 'zh-CN' }) {
  const dir = `/p${++partnerPages}/`;
  if (css !== null) partnerFiles.set(`${dir}host.css`, { body: Buffer.from(css), type: MIME['.css'], headers: {} });
  const html = `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>Partner page ${partnerPages}</title>
${css !== null ? '<link rel="stylesheet" href="host.css">\n' : ''}${head}
</head>
<body>
${body}
</body>
</html>
`;
  partnerFiles.set(dir, { body: Buffer.from(html), type: MIME['.html'], headers });
  return PARTNER + dir;
}

// ---------------------------------------------------------------------------------------------------
// Assertions and helpers

class Failure extends Error {}
function assert(cond, message) {
  if (!cond) throw new Failure(message);
}
function assertEq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Failure(`${what}: expected ${e}, got ${a}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const SEL = {
  input: 'form.qy-search[role=search] input[type=search]',
  status: 'p.qy-status[role=status]',
  results: 'ul.qy-results',
  links: 'ul.qy-results > li.job > h3 > a',
  more: 'button.qy-more',
  staticList: '#static-results',
};

/** GET a path from the test server (outside the browser): status and text. */
async function get(p) {
  const r = await fetch(BASE + p);
  return { status: r.status, text: await r.text() };
}

/** The jobs of a server-rendered listing page: [{href, title}]. */
function parseStaticJobs(html) {
  const out = [];
  const re = /<li class="job">\s*<h3><a href="([^"]+)">([^<]*)<\/a><\/h3>/g;
  for (let m; (m = re.exec(html)); ) out.push({ href: m[1], title: decodeEntities(m[2]) });
  return out;
}
function decodeEntities(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Every job of a static listing, following its `rel="next"` pagination links. */
async function staticListing(p) {
  const jobs = [];
  const seen = new Set();
  for (let next = p; next && !seen.has(next); ) {
    seen.add(next);
    const { status, text } = await get(next);
    assert(status === 200, `${next}: HTTP ${status}`);
    jobs.push(...parseStaticJobs(text));
    const m = /<a href="([^"]+)" rel="next">/.exec(text);
    next = m ? m[1] : null;
  }
  return jobs;
}

/** The text of a vacancy page (its <main>), tags stripped. */
async function vacancyText(href) {
  const { status, text } = await get(href);
  assert(status === 200, `vacancy page ${href}: HTTP ${status}`);
  const main = /<main[\s\S]*<\/main>/.exec(text);
  return (main ? main[0] : text).replace(/<[^>]*>/g, ' ');
}

/** Counts requests in flight per browser context, to know when the widget has stopped fetching. */
function trackNetwork(context) {
  const net = { inflight: 0, last: Date.now(), requests: [] };
  context.on('request', (r) => {
    net.requests.push({ url: r.url(), method: r.method() });
    net.inflight++;
    net.last = Date.now();
  });
  const done = () => {
    net.inflight = Math.max(0, net.inflight - 1);
    net.last = Date.now();
  };
  context.on('requestfinished', done);
  context.on('requestfailed', done);
  return net;
}

/** What the widget shows, as one comparable value. */
function snapshot(page) {
  return page.evaluate((sel) => {
    const q = (s) => document.querySelector(s);
    return {
      ready: !!q(sel.results),
      status: q(sel.status)?.textContent ?? null,
      error: !!q('.qy-error'),
      hrefs: [...document.querySelectorAll(sel.links)].map((a) => a.getAttribute('href')),
      input: q(sel.input)?.value ?? null,
      checked: [...document.querySelectorAll('.qy-filters fieldset[data-facet] input[type=checkbox]')]
        .filter((i) => i.checked)
        .map((i) => `${i.closest('fieldset[data-facet]').dataset.facet}=${i.value}`),
      selects: [...document.querySelectorAll('.qy-filters select[data-facet]')].map((s) => `${s.dataset.facet}=${s.value}`),
      more: !!q(sel.more),
      search: location.search,
    };
  }, SEL);
}

/**
 * Waits until the widget is quiet: no request of the context in flight and nothing on the page changed
 * for `quietMs` (the widget keeps the previous results on screen while shards load, so "results are
 * there" alone does not mean "the results of this search are there"). `take` reads what is shown
 * (`embedSnapshot` for a widget embedded in a shadow root).
 */
async function settle(t, page, { quietMs = 300, timeout = 10000, needReady = true, take = snapshot } = {}) {
  const deadline = Date.now() + timeout;
  let prev = null;
  let since = Date.now();
  for (;;) {
    const snap = await take(page);
    const key = JSON.stringify(snap);
    if (key !== prev) {
      prev = key;
      since = Date.now();
    }
    const quiet = t.net.inflight === 0 && Date.now() - t.net.last >= quietMs && Date.now() - since >= quietMs;
    if (quiet && (snap.ready || !needReady)) return snap;
    if (Date.now() > deadline) {
      throw new Failure(`the widget did not settle within ${timeout} ms (requests in flight: ${t.net.inflight}; shown: ${key.slice(0, 300)})`);
    }
    await sleep(50);
  }
}

/**
 * Reaches for a listing's search box (the pointer over it), as a citizen does before searching: a
 * listing without a search in its URL starts its widget only then.
 */
async function reach(page) {
  await page.hover(SEL.input, { timeout: 10000 });
}

/** Opens a page, reaches for its search box and waits until the widget shows results. */
async function open(t, p, page = t.page) {
  await page.goto(BASE + p);
  await reach(page);
  await page.waitForSelector(SEL.results, { timeout: 10000 }).catch(async () => {
    const status = await page.locator(SEL.status).textContent({ timeout: 500 }).catch(() => null);
    throw new Failure(`${p}: the widget showed no results (status: ${JSON.stringify(status)})`);
  });
  return settle(t, page);
}

/** The query string the widget writes for a text (its encoding: RFC 3986 unreserved kept). */
function encodeQ(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Types a query (replacing the box's text) and waits for its results. */
async function search(t, text, page = t.page) {
  await page.locator(SEL.input).fill(text);
  const want = `q=${encodeQ(text.trim())}`;
  await page
    .waitForFunction((w) => location.search.slice(1).split('&').includes(w), want, { timeout: 5000 })
    .catch(() => {
      throw new Failure(`typing ${JSON.stringify(text)} did not put ${want} in the URL (${page.url()})`);
    });
  return settle(t, page);
}

/** Clicks "load more" until it is gone; returns every result's href and title. */
async function loadAll(t, page = t.page) {
  for (let i = 0; i < 100; i++) {
    const more = page.locator(SEL.more);
    if ((await more.count()) === 0) break;
    const n = await page.locator(SEL.links).count();
    await more.click();
    await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length > n, [SEL.links, n], { timeout: 5000 }).catch(() => {
      throw new Failure(`"load more" did not add results (still ${n})`);
    });
    await settle(t, page);
  }
  return results(page);
}

/** The results shown: [{href, title}]. */
function results(page) {
  return page.$$eval(SEL.links, (as) => as.map((a) => ({ href: a.getAttribute('href'), title: a.textContent.trim() })));
}

/** The number in the status line (0 for "nothing found"); fails on an error status. */
async function statusCount(page) {
  const el = page.locator(SEL.status);
  const cls = await el.getAttribute('class');
  const text = (await el.textContent()).trim();
  assert(!/qy-error/.test(cls), `the status line shows an error: ${text}`);
  const m = /\d+/.exec(text.replace(/,/g, ''));
  return m ? Number(m[0]) : 0;
}

/** The check boxes of a facet, opening its group first if it is closed: [{value, label, count, checked}]. */
async function facetOptions(page, facet) {
  const group = `.qy-filters fieldset[data-facet="${facet}"]`;
  const details = page.locator(`.qy-filters details[data-group="${facet}"]`);
  if ((await details.count()) === 0) throw new Failure(`no filter group for ${facet}`);
  if (!(await details.evaluate((d) => d.open))) {
    await details.locator('summary').click();
    await page.locator(group).waitFor({ timeout: 5000 }).catch(() => {
      throw new Failure(`opening the filter group ${facet} showed no check boxes (${group})`);
    });
  }
  return page.$$eval(`.qy-filters fieldset[data-facet="${facet}"] li > label`, (labels) =>
    labels.map((l) => {
      const input = l.querySelector('input[type=checkbox]');
      const n = l.querySelector('span.n');
      const label = [...l.childNodes]
        .filter((c) => c !== n && c !== input)
        .map((c) => c.textContent)
        .join('')
        .trim();
      return { value: input.value, label, count: Number(n.textContent.trim()), checked: input.checked };
    }),
  );
}

function checkbox(page, facet, value) {
  return page.locator(`.qy-filters fieldset[data-facet="${facet}"] input[type=checkbox][value="${value}"]`);
}

/** Ticks or unticks a check box and waits for the widget to follow (URL, then results). */
async function toggle(t, facet, value, page = t.page) {
  const box = checkbox(page, facet, value);
  const before = await box.isChecked();
  await box.click();
  const pair = `${encodeQ(facet)}=${encodeQ(value)}`;
  await page
    .waitForFunction(([p, on]) => location.search.slice(1).split('&').includes(p) === on, [pair, !before], { timeout: 5000 })
    .catch(() => {
      throw new Failure(`${before ? 'unticking' : 'ticking'} ${facet}=${value} did not change the URL (${page.url()})`);
    });
  const snap = await settle(t, page);
  assertEq(await checkbox(page, facet, value).isChecked(), !before, `check box ${facet}=${value} after clicking`);
  return snap;
}

// ---------------------------------------------------------------------------------------------------
// Helpers of the partner-embed tests (<quanyu-jobs>: the widget in the element's open shadow root)

/**
 * What the portal publishes for partners, read from the built site: current.json (district → listing
 * page), sri.json, and the versioned loader /widget/embed.js imports (`pinned`) with its integrity.
 */
let portalInfoPromise = null;
function portalInfo() {
  portalInfoPromise ??= (async () => {
    const json = async (p) => {
      const { status, text } = await get(p);
      assert(status === 200, `${p}: HTTP ${status}`);
      return JSON.parse(text);
    };
    const current = await json('/widget/current.json');
    const sri = await json('/widget/sri.json');
    const entry = (await get('/widget/embed.js')).text;
    const m = /import\s*["']\.\/(v\/embed\.[^"']+\.js)["']/.exec(entry);
    assert(m, `/widget/embed.js does not import a versioned loader ./v/embed.<hash>.js: ${JSON.stringify(entry.slice(0, 200))}`);
    const pinned = `/widget/${m[1]}`;
    assert(sri[pinned], `/widget/sri.json has no integrity for the loader ${pinned}`);
    const districts = Object.keys(current.listings || {});
    assert(districts.length >= 2, `/widget/current.json lists ${districts.length} district listings; the embed tests need two`);
    return { current, sri, pinned, integrity: sri[pinned], districts };
  })();
  return portalInfoPromise;
}

/** The absolute URL of a district's listing page, as current.json gives it (relative to the portal). */
async function listingUrl(district) {
  const { current } = await portalInfo();
  assert(current.listings[district], `/widget/current.json has no listing for ${district}`);
  return new URL(current.listings[district], BASE + '/').href;
}

/** The number of vacancies the portal's static listing of a district reports ("共 N 个岗位 …"). */
async function listingCount(district) {
  const url = await listingUrl(district);
  const { status, text } = await get(new URL(url).pathname);
  assert(status === 200, `${url}: HTTP ${status}`);
  const m = /<p class="count">\D*(\d+)/.exec(text);
  assert(m, `${url}: no count (<p class="count">) in the static listing`);
  return Number(m[1]);
}

/** What the <quanyu-jobs> element matching `host` shows, read inside its shadow root. */
function embedSnapshot(page, host) {
  return page.evaluate(
    ([host, sel]) => {
      const el = document.querySelector(host);
      const root = el && el.shadowRoot;
      const q = (s) => (root ? root.querySelector(s) : null);
      return {
        element: !!el,
        shadow: !!root,
        mounted: !!q('.qy-root'),
        ready: !!q(sel.results),
        status: q(sel.status)?.textContent ?? null,
        error: !!q('.qy-error'),
        hrefs: root ? [...root.querySelectorAll(sel.links)].map((a) => a.getAttribute('href')) : [],
        input: q(sel.input)?.value ?? null,
        more: !!q(sel.more),
        filters: !!q('.qy-filters'),
        portal: q('p.qy-portal a')?.getAttribute('href') ?? null,
        lang: q('.qy-root')?.getAttribute('lang') ?? null,
        url: location.href,
      };
    },
    [host, SEL],
  );
}

const settleEmbed = (t, page, host, opts = {}) => settle(t, page, { ...opts, take: (p) => embedSnapshot(p, host) });

/** Waits until the embedded widget `host` shows results, then until it is quiet. */
async function waitEmbed(t, page, host, what = host) {
  await page
    .waitForFunction(([h, s]) => !!document.querySelector(h)?.shadowRoot?.querySelector(s), [host, SEL.results], { timeout: 10000 })
    .catch(async (e) => {
      const snap = await embedSnapshot(page, host).catch(() => null);
      if (!snap) throw new Failure(`${what}: ${e.message}`);
      throw new Failure(
        `${what}: the embedded widget showed no results (element: ${snap.element}, shadow root: ${snap.shadow}, mounted: ${snap.mounted}, status: ${JSON.stringify(snap.status)})`,
      );
    });
  return settleEmbed(t, page, host);
}

/** Opens a partner page and waits until each of its widgets `hosts` shows results: their snapshots. */
async function openEmbed(t, url, hosts = ['quanyu-jobs'], page = t.page) {
  const resp = await page.goto(url);
  assert(resp && resp.status() === 200, `${url}: HTTP ${resp && resp.status()}`);
  const snaps = [];
  for (const h of hosts) snaps.push(await waitEmbed(t, page, h, `${url} ${h}`));
  return snaps;
}

/**
 * Runs `action` (which changes the element `host`: attributes, or a form driving them), then waits for
 * the widget it mounts anew (a new .qy-root in the shadow root) to show results, and for quiet.
 */
async function remount(t, page, host, action, what) {
  await page.evaluate((h) => {
    const r = document.querySelector(h)?.shadowRoot?.querySelector('.qy-root');
    if (r) r.__qyOld = true;
  }, host);
  await action();
  await page
    .waitForFunction(
      ([h, s]) => {
        const r = document.querySelector(h)?.shadowRoot?.querySelector('.qy-root');
        return !!r && !r.__qyOld && !!r.querySelector(s);
      },
      [host, SEL.results],
      { timeout: 10000 },
    )
    .catch(async () => {
      const snap = await embedSnapshot(page, host);
      throw new Failure(`${what}: the widget was not mounted again with results (status: ${JSON.stringify(snap.status)})`);
    });
  return settleEmbed(t, page, host);
}

/** Sets (string) or removes (null) attributes of the element `host` in one task, and waits as `remount`. */
function setAttrs(t, page, host, attrs) {
  const action = () =>
    page.evaluate(
      ([h, attrs]) => {
        const el = document.querySelector(h);
        for (const [k, v] of Object.entries(attrs)) {
          if (v === null) el.removeAttribute(k);
          else el.setAttribute(k, v);
        }
      },
      [host, attrs],
    );
  return remount(t, page, host, action, `setting ${JSON.stringify(attrs)} on ${host}`);
}

/** The number in an embedded widget's status line (0 for "nothing found"); fails on an error status. */
function countIn(snap, what) {
  assert(!snap.error, `${what}: the widget shows an error: ${JSON.stringify(snap.status)}`);
  const m = /\d+/.exec((snap.status || '').replace(/,/g, ''));
  return m ? Number(m[0]) : 0;
}

/** Clicks an embedded widget's "load more" until it is gone; its snapshot then. */
async function embedLoadAll(t, page, host) {
  let snap = await settleEmbed(t, page, host);
  for (let i = 0; i < 100 && snap.more; i++) {
    await page.locator(`${host} ${SEL.more}`).click();
    await page
      .waitForFunction(([h, s, n]) => document.querySelector(h).shadowRoot.querySelectorAll(s).length > n, [host, SEL.links, snap.hrefs.length], { timeout: 5000 })
      .catch(() => {
        throw new Failure(`${host}: "load more" did not add results (still ${snap.hrefs.length})`);
      });
    snap = await settleEmbed(t, page, host);
  }
  return snap;
}

/** Computed styles of elements: `targets` maps a name to [host selector or null (the document), selector]. */
function computedStyles(page, targets, props) {
  return page.evaluate(
    ([targets, props]) => {
      const out = {};
      for (const [name, [host, sel]] of Object.entries(targets)) {
        const scope = host ? document.querySelector(host)?.shadowRoot : document;
        const el = scope ? scope.querySelector(sel) : null;
        if (!el) {
          out[name] = null;
          continue;
        }
        const cs = getComputedStyle(el);
        out[name] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
      }
      return out;
    },
    [targets, props],
  );
}

/** The differences between two `computedStyles` results, as readable lines. */
function styleDiff(a, b, [nameA, nameB]) {
  const lines = [];
  for (const name of Object.keys(a)) {
    if (!a[name] || !b[name]) {
      if (a[name] !== b[name]) lines.push(`${name}: ${a[name] ? 'present' : 'missing'} ${nameA}, ${b[name] ? 'present' : 'missing'} ${nameB}`);
      continue;
    }
    for (const p of Object.keys(a[name])) {
      if (a[name][p] !== b[name][p]) lines.push(`${name} ${p}: ${JSON.stringify(a[name][p])} ${nameA}, ${JSON.stringify(b[name][p])} ${nameB}`);
    }
  }
  return lines;
}

/** sha384 integrity value of a file of the built site. */
function integrityOf(urlPath) {
  const file = resolveFile(urlPath);
  assert(file && fs.existsSync(file), `${urlPath}: no such file in ${DIST}`);
  return 'sha384-' + crypto.createHash('sha384').update(fs.readFileSync(file)).digest('base64');
}

// ---------------------------------------------------------------------------------------------------
// The tests

const LISTING = '/huangpu/jobs/';

const tests = [];
const test = (name, fn, opts = {}) => tests.push({ name, fn, opts });

test('typing 焊工 lists only welding jobs, in two districts', async (t) => {
  for (const district of ['huangpu', 'zengcheng']) {
    const listing = `/${district}/jobs/`;
    const all = await staticListing(listing);
    assert(all.length > 0, `${listing}: the static listing has no jobs`);
    // Electricians that are not welders: a title with 电工 and without 焊, whose page never says 焊工.
    const electricians = [];
    for (const j of all.filter((j) => j.title.includes('电工') && !j.title.includes('焊'))) {
      if (!(await vacancyText(j.href)).includes('焊工')) electricians.push(j.href);
    }
    await open(t, listing);
    await search(t, '焊工');
    const found = await loadAll(t);
    assert(found.length > 0, `${listing}: 焊工 found nothing`);
    assertEq(await statusCount(t.page), found.length, `${listing}: the status count for 焊工 vs the results listed`);
    for (const r of found) {
      assert(r.href.startsWith(listing), `${listing}: result ${r.href} is outside the district`);
      if (!r.title.includes('焊')) {
        assert((await vacancyText(r.href)).includes('焊'), `${listing}: result "${r.title}" (${r.href}) has nothing to do with welding`);
      }
    }
    const hrefs = new Set(found.map((r) => r.href));
    for (const e of electricians) assert(!hrefs.has(e), `${listing}: the electrician job ${e} is listed for 焊工`);
    for (const j of all.filter((j) => j.title.includes('焊工'))) {
      assert(hrefs.has(j.href), `${listing}: "${j.title}" (${j.href}) is missing from the results for 焊工`);
    }
  }
});

test('a facet narrows the results and its count matches the list', async (t) => {
  await open(t, LISTING);
  const total = await statusCount(t.page);
  const options = (await facetOptions(t.page, 'work_type')).filter((o) => o.count > 0);
  assert(options.length > 0, 'no work-type check box with results');
  assert(options.every((o) => !o.checked), 'a work-type check box is ticked on a page without that default');
  // The largest value (more than one page of results in the sample: exercises "load more") and the
  // smallest.
  const sorted = [...options].sort((a, b) => b.count - a.count);
  const picks = [sorted[0], sorted[sorted.length - 1]].filter((o, i, a) => a.indexOf(o) === i);
  for (const o of picks) {
    const snap = await toggle(t, 'work_type', o.value);
    assert(snap.search.includes(`work_type=${encodeQ(o.value)}`), `the URL lacks the filter: ${snap.search}`);
    assertEq(await statusCount(t.page), o.count, `status count after ticking ${o.label} (its count was ${o.count})`);
    const found = await loadAll(t);
    assertEq(found.length, o.count, `results listed after ticking ${o.label}`);
    assert(o.count <= total, `${o.label} gives ${o.count} results, more than the ${total} before`);
    // Each result carries the work type's tag.
    const tagged = await t.page.$$eval(`${SEL.results} > li.job`, (lis, label) => lis.filter((li) => [...li.querySelectorAll('.tag')].some((s) => s.textContent.trim() === label)).length, o.label);
    assertEq(tagged, found.length, `results tagged "${o.label}"`);
    // The other values of the facet keep their counts (disjunctive).
    const after = await facetOptions(t.page, 'work_type');
    for (const other of options) {
      const now = after.find((a) => a.value === other.value);
      assert(now, `work type ${other.value} vanished from the filters after ticking ${o.value}`);
      assertEq(now.count, other.count, `count of ${other.label} after ticking ${o.label}`);
    }
    assert(new URL(t.page.url()).search.includes(`work_type=${encodeQ(o.value)}`), `the URL lost the filter after "load more": ${t.page.url()}`);
    await toggle(t, 'work_type', o.value); // untick: back to the page's results
    assertEq(await statusCount(t.page), total, `status count after unticking ${o.label}`);
  }
});

test('a shared URL restores the same results', async (t) => {
  await open(t, LISTING);
  await search(t, '工程师');
  // A filter that keeps some results: the first group value with a count.
  const groups = (await facetOptions(t.page, 'group')).filter((o) => o.count > 0);
  const wt = (await facetOptions(t.page, 'work_type')).filter((o) => o.count > 0);
  const [facet, opt] = groups.length > 0 ? ['group', groups[0]] : ['work_type', wt[0]];
  assert(opt, 'no filter value with results for 工程师');
  await toggle(t, facet, opt.value);
  const before = await snapshot(t.page);
  assert(before.hrefs.length > 0, 'the query and filter left no results to compare');
  const url = t.page.url();
  assert(new URL(url).search.length > 1, `the URL carries no state: ${url}`);

  const other = await t.newContext();
  const page2 = await other.context.newPage();
  await open(other, new URL(url).pathname + new URL(url).search, page2);
  const after = await snapshot(page2);
  assertEq(after.input, before.input, 'search box text on the shared URL');
  assertEq(after.checked, before.checked, 'ticked check boxes on the shared URL');
  assertEq(after.selects, before.selects, 'drop-downs on the shared URL');
  assertEq(after.status, before.status, 'status line on the shared URL');
  assertEq(after.hrefs, before.hrefs, 'results (in order) on the shared URL');
});

test('Back restores the previous query, then the defaults', async (t) => {
  const defaults = await open(t, LISTING);
  assertEq(defaults.search, '', 'URL of the page at first');
  const a = await search(t, '焊工');
  const b = await search(t, '保安');
  assert(a.hrefs.length > 0 && b.hrefs.length > 0, 'both queries should find something');
  assert(JSON.stringify(a.hrefs) !== JSON.stringify(b.hrefs), 'the two queries gave the same results: Back would prove nothing');

  await t.page.goBack();
  const back1 = await settle(t, t.page);
  assertEq(back1.input, '焊工', 'search box after one Back');
  assertEq(back1.search, a.search, 'URL after one Back');
  assertEq(back1.hrefs, a.hrefs, 'results after one Back');
  assertEq(back1.status, a.status, 'status after one Back');

  await t.page.goBack();
  const back2 = await settle(t, t.page);
  assertEq(back2.input, '', 'search box after two Backs');
  assertEq(back2.search, '', 'URL after two Backs');
  assertEq(back2.hrefs, defaults.hrefs, 'results after two Backs (the defaults)');
  assertEq(back2.status, defaults.status, 'status after two Backs');
});

test('every kind of listing page starts without console errors', async (t) => {
  // The console/page-error check runs on every test; this one visits one listing of each kind.
  const pages = [LISTING, '/liwan/jobs/type/per-diem/'];
  const group = /<a href="(\/huangpu\/jobs\/group\/[^"]+\/)">/.exec((await get(LISTING)).text);
  if (group) pages.push(group[1]);
  for (const p of pages) {
    const snap = await open(t, p);
    const html = (await get(p)).text;
    const staticCount = parseStaticJobs(html).length;
    assert(snap.hrefs.length > 0 || staticCount === 0, `${p}: the widget shows no results but the static list has ${staticCount}`);
    // The widget's total for the page's defaults is the static listing's ("共 N 个岗位 · 第 1 页…").
    const total = /<p class="count">\D*(\d+)/.exec(html);
    if (total) assertEq(await statusCount(t.page), Number(total[1]), `${p}: the widget's count vs the static listing's`);
    assert(await t.page.locator(SEL.staticList).isHidden(), `${p}: the static list is still visible beside the widget's results`);
    assert(!snap.error, `${p}: the widget shows an error`);
    // The page names no index file (any vacancy renames them, and the page would change with them): the
    // boot module reads /widget/current.json when the widget starts and announces the files its index
    // has for the page's first results. Those are the ones the widget's first results use: each fetched
    // once (the preload is taken, not fetched again), and no result chunk the first results needed is
    // missing from them (they came with the widget's code, not a round trip after its first search).
    assert(!html.includes('/widget/current.json'), `${p}: the page names current.json (fetched before the citizen reaches for the search)`);
    assert(!/\/search\/[a-z]+-[0-9a-f]{16}/.test(html), `${p}: the page names an index file`);
    const preloads = await t.page.evaluate(() =>
      [...document.querySelectorAll('link[rel="preload"][as="fetch"]')].map((l) => new URL(l.href).pathname).filter((h) => h.startsWith('/search/')),
    );
    assert(preloads.some((h) => h.includes('/index-')), `${p}: the manifest is not announced (${preloads.join(', ')})`);
    assert(preloads.some((h) => h.includes('/docs-')), `${p}: no result chunk is announced (${preloads.join(', ')})`);
    const seen = await t.page.evaluate(() => {
      const mark = performance.getEntriesByName('quanyu:first-results')[0].startTime;
      return performance
        .getEntriesByType('resource')
        .filter((e) => /^\/(search|widget)\//.test(new URL(e.name).pathname))
        .map((e) => ({ path: new URL(e.name).pathname, before: e.startTime < mark }));
    });
    assertEq(seen.filter((e) => e.path === '/widget/current.json').length, 1, `${p}: requests of the preloaded /widget/current.json`);
    for (const h of preloads) assertEq(seen.filter((e) => e.path === h).length, 1, `${p}: requests of the announced ${h}`);
    const late = seen.filter((e) => e.before && e.path.includes('/docs-') && !preloads.includes(e.path)).map((e) => e.path);
    assertEq(late, [], `${p}: result chunks the first results fetched without a preload`);
  }
});

test('searching keeps working with the network cut after load', async (t) => {
  // The same steps online, in another context, give the expected results.
  const ref = await t.newContext();
  const refPage = await ref.context.newPage();
  await open(ref, LISTING, refPage);
  await search(ref, '焊工', refPage);
  const wtOnline = (await facetOptions(refPage, 'work_type')).filter((o) => o.count > 0);
  assert(wtOnline.length > 0, 'no work type with results for 焊工');
  const pick = wtOnline[0];
  await toggle(ref, 'work_type', pick.value, refPage);
  const expected = await loadAll(ref, refPage);
  await ref.context.close();

  await open(t, LISTING);
  // Let the prefetch of the whole (small) index finish: settle() waits for the network to be idle.
  await settle(t, t.page, { quietMs: 500 });
  // Chromium asks for the page's icon again after each history.pushState (every committed search):
  // that request is the browser's, not the widget's, and fails offline with a console error "Failed to
  // load resource". Only that request is let through the checks below.
  const icon = await t.page.$eval('link[rel~="icon"]', (l) => l.href).catch(() => null);
  t.ignoreConsole = (msg) => msg.text().startsWith('Failed to load resource') && msg.location().url === icon;
  await t.context.setOffline(true);
  await t.context.route('**/*', (route) => route.abort('internetdisconnected'));
  const blocked = [];
  t.context.on('request', (r) => {
    if (r.url() !== icon) blocked.push(r.url());
  });

  await search(t, '焊工');
  await toggle(t, 'work_type', pick.value);
  const found = await loadAll(t);
  assert(found.length > 0, 'offline: no results');
  assertEq(found, expected, 'offline results vs the same search online');
  assertEq(await statusCount(t.page), expected.length, 'offline status count');
  assertEq(await t.page.locator('.qy-error').count(), 0, 'error messages shown offline');
  assertEq(blocked, [], 'requests attempted offline');
});

test('a Traditional Chinese query (軟件工程師) finds what the Simplified one (软件工程师) finds', async (t) => {
  // `district=` (empty): every district, so the comparison covers the whole index.
  const everywhere = `${LISTING}?district=`;
  await open(t, everywhere);
  const s = await search(t, '软件工程师');
  const simplified = await loadAll(t);
  assert(simplified.length > 0, '软件工程师 found nothing');

  const other = await t.newContext();
  const page2 = await other.context.newPage();
  await open(other, everywhere, page2);
  const tr = await search(other, '軟件工程師', page2);
  const traditional = await loadAll(other, page2);
  assertEq(tr.input, '軟件工程師', 'search box keeps what was typed');
  assertEq(traditional, simplified, 'results of 軟件工程師 vs 软件工程师');
  assertEq(tr.status, s.status, 'status of 軟件工程師 vs 软件工程师');
});

// Search that forgives (issue 14 §3): pinyin, English and Hong Kong words, typos, zero-results help. The
// expected vacancies are read from the static listings and vacancy pages, never written down here.

/** Every vacancy of every district's static listing: [{href, title}]. */
async function everyListing() {
  const out = [];
  for (const d of (await portalInfo()).districts) out.push(...(await staticListing(`/${d}/jobs/`)));
  return out;
}

/** Searches `text` on the all-districts listing (in `lang`'s prefix) and returns every result. */
async function searchEverywhere(t, text, prefix = '') {
  await open(t, `${prefix}${LISTING}?district=`);
  await search(t, text);
  return loadAll(t);
}

test('pinyin finds what the Chinese finds: hangong, dianhan, kuaiji, and hango while typing', async (t) => {
  const all = await everyListing();
  const strip = (href) => href.replace(/^\/(en|zh-hk)\//, '/');
  for (const [pinyin, han] of [['hangong', '焊工'], ['hango', '焊工'], ['dianhan', '电焊'], ['kuaiji', '会计']]) {
    const want = all.filter((j) => j.title.includes(han)).map((j) => j.href);
    assert(want.length > 0, `the sample has no vacancy titled with ${han}`);
    const found = new Set((await searchEverywhere(t, pinyin)).map((r) => strip(r.href)));
    assert(found.size < all.length / 4, `${pinyin}: ${found.size} of ${all.length} vacancies listed: not a search`);
    for (const href of want) assert(found.has(href), `${pinyin}: ${href} (titled with ${han}) is missing`);
    assert(/\d/.test(await t.page.locator(SEL.status).textContent()), `${pinyin}: the status line counts the results`);
  }
});

// One test per language: fourteen searches of every district, each read to its end, are more than one
// test's 30 seconds on a loaded machine.
for (const [prefix, lang] of [['', 'zh-CN'], ['/en', 'en']]) {
  test(`English and Hong Kong words find the Chinese vacancies (welder, forklift, cleaner, accountant, nurse, driver, 鏟車), on the ${lang} listing`, async (t) => {
    const cases = [
      ['welder', /焊/],
      ['forklift', /叉车/],
      ['cleaner', /保洁|清洁/],
      ['accountant', /会计|出纳/],
      ['nurse', /护理|护工|陪护/],
      ['driver', /司机/],
      ['鏟車', /叉车/],
    ];
    for (const [word, han] of cases) {
      // A finished word (a space after it): while typed, `nurse` is also the beginning of `nursery`.
      const found = await searchEverywhere(t, `${word} `, prefix);
      assert(found.length > 0, `${lang}: ${word} found nothing`);
      for (const r of found.slice(0, 5)) {
        const text = r.title + (await vacancyText(r.href.replace(/^\/en\//, '/')));
        assert(han.test(text), `${lang}: ${word} listed "${r.title}" (${r.href}), which says nothing of ${han}`);
      }
    }
  });
}

test('a misspelt word (javaa, exel) shows the results of its correction and says so, never for a word that matches', async (t) => {
  for (const [prefix, said] of [['', '显示 java 的结果'], ['/en', 'Showing results for java']]) {
    // Finished words: while typed, `java` is also the beginning of `javascript`.
    const right = await searchEverywhere(t, 'java ', prefix);
    assert(right.length > 0, 'java found nothing');
    const plain = (await t.page.locator(SEL.status).textContent()).trim();
    assert(!plain.includes(said), `java matches: no correction in "${plain}"`);
    const wrong = await searchEverywhere(t, 'javaa ', prefix);
    const status = (await t.page.locator(SEL.status).textContent()).trim();
    assert(status.includes(said), `javaa: the status line "${status}" does not say "${said}"`);
    assertEq(wrong.map((r) => r.href).sort(), right.map((r) => r.href).sort(), 'javaa finds what java finds');
  }
  const exel = await searchEverywhere(t, 'exel');
  const status = (await t.page.locator(SEL.status).textContent()).trim();
  assert(exel.length > 0 && status.includes('excel'), `exel: ${exel.length} results, status "${status}"`);
});

test('a homophone slip (汉工) suggests 焊工 in the status line, pressing it shows 焊工\'s results; never for a query that matches', async (t) => {
  for (const [prefix, said] of [['', '您要找的是不是：焊工'], ['/zh-hk', '您要找的是不是：焊工'], ['/en', 'Did you mean: 焊工']]) {
    const right = await searchEverywhere(t, '焊工', prefix);
    assert(right.length > 0, `${prefix}: 焊工 found nothing`);
    assertEq(await t.page.locator('.qy-suggest').count(), 0, `${prefix}: 焊工 matches, no suggestion`);
    const wrong = await searchEverywhere(t, '汉工', prefix);
    assertEq(wrong.length, 0, `${prefix}: 汉工 is searched as typed, not replaced`);
    const suggest = t.page.locator('.qy-suggest');
    await suggest.waitFor({ timeout: 5000 }).catch(() => {
      throw new Failure(`${prefix}: no suggestion after 汉工`);
    });
    const status = (await t.page.locator(SEL.status).textContent()).trim();
    assert(status.includes(said), `${prefix}: the status line "${status}" does not say "${said}"`);
    await suggest.locator('button').click();
    await t.page.waitForFunction((w) => new URLSearchParams(location.search).get('q') === w, '焊工', { timeout: 5000 }).catch(() => {
      throw new Failure(`${prefix}: pressing the suggestion did not search 焊工 (${t.page.url()})`);
    });
    await settle(t, t.page);
    assertEq(await t.page.locator(SEL.input).inputValue(), '焊工', `${prefix}: the search box says what is searched`);
    const after = await loadAll(t);
    assertEq(after.map((r) => r.href).sort(), right.map((r) => r.href).sort(), `${prefix}: the suggestion shows what 焊工 finds`);
    assertEq(await t.page.locator('.qy-suggest').count(), 0, `${prefix}: no suggestion once 焊工 is searched`);
  }
});

test('zero results: the districts with results and the filter to drop, each a button that shows them', async (t) => {
  for (const [prefix, label] of [['', /去掉“区”筛选：(\d+) 个岗位/], ['/en', /Without the “District” filter: (\d+) jobs/]]) {
    await open(t, `${prefix}${LISTING}`);
    await search(t, 'java');
    assertEq(await statusCount(t.page), 0, `${prefix}${LISTING}: java in Huangpu`);
    const drop = t.page.locator('.qy-help-filter');
    assertEq(await drop.count(), 1, 'one filter to drop (the district)');
    const m = label.exec(await drop.textContent());
    assert(m, `the button says "${await drop.textContent()}"`);
    const districts = await t.page.locator('.qy-help-district').allTextContents();
    assert(districts.length > 0, 'districts with results are offered');
    const sum = districts.map((d) => Number(/\((\d+)\)/.exec(d)[1])).reduce((a, b) => a + b, 0);
    assertEq(sum, Number(m[1]), 'the districts add up to the count without the district filter');
    await t.page.locator('.qy-help-district').first().click();
    await settle(t, t.page);
    const first = Number(/\((\d+)\)/.exec(districts[0])[1]);
    assertEq(await statusCount(t.page), first, `after clicking ${districts[0]}`);
    await open(t, `${prefix}${LISTING}`);
    await search(t, 'java');
    await t.page.locator('.qy-help-filter').click();
    await settle(t, t.page);
    assertEq(await statusCount(t.page), Number(m[1]), 'after dropping the district filter');
  }
});

test('a search that finds nothing brings in the full widget, the search box keeping its focus and what was typed', async (t) => {
  // Typo corrections and the zero-results help are the full build's (the search build's size budget):
  // the search build asks for it when its results are none, and it takes over with the same search.
  await open(t, `${LISTING}?district=`);
  const full = () => t.net.requests.filter((r) => /quanyu_full_bg\.[0-9a-f]+\.wasm$/.test(r.url)).length;
  assertEq(full(), 0, 'requests for the full widget before a search finds nothing');
  await search(t, 'java ');
  assertEq(full(), 0, 'requests for the full widget after a search with results');
  await search(t, 'javaa ');
  assertEq(full(), 1, 'the full widget fetched once javaa found nothing');
  const status = (await t.page.locator(SEL.status).textContent()).trim();
  assert(status.includes('显示 java 的结果') && (await statusCount(t.page)) > 0, `after the swap: "${status}"`);
  assertEq(await t.page.evaluate((sel) => document.activeElement === document.querySelector(sel), SEL.input), true, 'the search box keeps the focus');
  assertEq(await t.page.locator(SEL.input).inputValue(), 'javaa ', 'the search box keeps what was typed');
  assertEq(await t.page.locator('details.qy-profile[open]').count(), 0, 'the profile panel stays closed');
  // Typing goes on in the full widget, at the end of the text: two deletions make it java.
  await t.page.keyboard.press('Backspace');
  await t.page.keyboard.press('Backspace');
  await t.page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'java', null, { timeout: 5000 }).catch(() => {
    throw new Failure(`typing after the swap did not search java (${t.page.url()})`);
  });
  await settle(t, t.page);
  const plain = (await t.page.locator(SEL.status).textContent()).trim();
  assert(!plain.includes('显示 java 的结果') && (await statusCount(t.page)) > 0, `java after the swap: "${plain}"`);
});

test('when the index cannot be fetched, an error shows and the static list stays', async (t) => {
  // Aborting the index requests makes Chromium log "Failed to load resource: net::ERR_FAILED" for each
  // of them as a console *error*: that is the browser reporting the failed network request we caused,
  // not the page misbehaving, so exactly that message, for /search/ URLs, is ignored in this test.
  t.ignoreConsole = (msg) => msg.text().startsWith('Failed to load resource') && new URL(msg.location().url || BASE).pathname.startsWith('/search/');
  await t.context.route('**/search/**', (route) => route.abort('failed'));
  await t.page.goto(BASE + LISTING);
  await reach(t.page);
  const err = t.page.locator(`${SEL.status}.qy-error`);
  await err.waitFor({ timeout: 10000 }).catch(() => {
    throw new Failure('no error message in the role=status element');
  });
  const text = (await err.textContent()).trim();
  assert(text.length > 0, 'the error message is empty');
  assert(await err.isVisible(), 'the error message is not visible');
  const list = t.page.locator(SEL.staticList);
  assert(await list.isVisible(), 'the static list is hidden although the widget failed');
  assert((await list.locator('li.job').count()) > 0, 'the static list shows no jobs');
  assertEq(await t.page.locator(SEL.results).count(), 0, 'widget result lists');
});

test('when the widget itself cannot be fetched, the box the page drew goes and says so; the static list stays', async (t) => {
  // The wasm aborted: the boot module cannot start the widget. The box the page drew could not search, so
  // it must not stay (typing into it would do nothing): the status line says why in the page's language.
  t.ignoreConsole = (msg) => msg.text().startsWith('Failed to load resource') && /\.wasm$/.test(new URL(msg.location().url || BASE).pathname);
  await t.context.route('**/*.wasm', (route) => route.abort('failed'));
  for (const [p, words] of [
    [LISTING, '岗位搜索暂时无法载入'],
    ['/en' + LISTING, 'Job search cannot be loaded right now'],
  ]) {
    await t.page.goto(BASE + p);
    await t.page.locator(SEL.input).fill('焊工');
    const err = t.page.locator(`${SEL.status}.qy-error`);
    await err.waitFor({ timeout: 10000 }).catch(() => {
      throw new Failure(`${p}: no error message in the role=status element after the wasm failed`);
    });
    const text = (await err.textContent()).trim();
    assert(text.startsWith(words), `${p}: the message is ${JSON.stringify(text)}`);
    assert(await err.isVisible(), `${p}: the error message is not visible`);
    assertEq(await t.page.locator(SEL.input).count(), 0, `${p}: search boxes left`);
    const list = t.page.locator(SEL.staticList);
    assert(await list.isVisible(), `${p}: the static list is hidden although the widget failed`);
    assert((await list.locator('li.job').count()) > 0, `${p}: the static list shows no jobs`);
  }
});

// A corrupt index file (issue 15 §2): served in place of the real one, every way an index file can be
// damaged — a gzip stream with flipped bytes, a truncated one, a manifest of another format version
// (re-gzipped, so only the decoder can tell). The widget must neither panic nor leave a blank: the
// static list stays (or comes back), a message in the page's language says the data is damaged, and
// the console has no error (the harness fails a test on any, and on an uncaught error: a wasm panic
// is both). Each language's message is checked by a word of it.
const CORRUPT_CASES = [
  { prefix: '', files: /\/search\/terms-[^/]*\.qy$/, damage: 'flipped', word: '损坏' },
  { prefix: '/zh-hk', files: /\/search\/terms-[^/]*\.qy$/, damage: 'truncated', word: '損壞' },
  { prefix: '/en', files: /\/search\/index-[^/]*\.qy$/, damage: 'version', word: 'damaged' },
];

function damage(bytes, how) {
  if (how === 'truncated') return bytes.subarray(0, Math.floor(bytes.length / 2));
  if (how === 'flipped') {
    const b = Buffer.from(bytes);
    for (let i = 12; i < b.length - 8; i += 7) b[i] ^= 0x5a;
    return b;
  }
  // Another format version: `QYIX`, the kind byte, then the version (ARCHITECTURE.md, the index).
  const raw = Buffer.from(zlib.gunzipSync(bytes));
  raw[5] ^= 0x7f;
  return zlib.gzipSync(raw);
}

test('a corrupt index file: a message in the page\'s language, the static list, no panic', async (t) => {
  for (const c of CORRUPT_CASES) {
    const page = await t.context.newPage();
    let served = 0;
    await page.route(c.files, async (route) => {
      const file = resolveFile(new URL(route.request().url()).pathname);
      served++;
      await route.fulfill({ status: 200, contentType: 'application/octet-stream', body: damage(fs.readFileSync(file), c.damage) });
    });
    await page.goto(BASE + c.prefix + LISTING);
    await reach(page);
    const err = page.locator(`${SEL.status}.qy-error`);
    // The manifest's damage shows at once; a shard's once a search needs it (or once the small index is
    // fetched whole, ahead of need): type a query while the search box is there.
    await Promise.race([err.waitFor({ timeout: 10000 }), page.waitForSelector(SEL.results, { timeout: 10000 })]).catch(() => {});
    // (On a slow machine the damage may show while typing: search turns off and the box goes with it.)
    if (!(await err.count())) await page.locator(SEL.input).fill('焊工', { timeout: 10000 }).catch(() => {});
    await err.waitFor({ timeout: 10000 }).catch(() => {
      throw new Failure(`${c.prefix || '/'} (${c.damage}): no error message in the role=status element`);
    });
    assert(served > 0, `${c.prefix || '/'}: no damaged file was fetched`);
    const text = (await err.textContent()).trim();
    assert(text.includes(c.word), `${c.prefix || '/'} (${c.damage}): the message ${JSON.stringify(text)} lacks ${c.word}`);
    const list = page.locator(SEL.staticList);
    assert(await list.isVisible(), `${c.prefix || '/'} (${c.damage}): the static list is not visible`);
    assert((await list.locator('li.job').count()) > 0, `${c.prefix || '/'}: the static list shows no jobs`);
    assertEq(await page.locator(SEL.results).count(), 0, `${c.prefix || '/'}: widget result lists beside the static list`);
    await page.close();
  }
});

test('without JavaScript the listing shows the static vacancies and pagination', async (t) => {
  const page = t.page;
  await page.goto(BASE + LISTING);
  const list = page.locator(SEL.staticList);
  assert(await list.isVisible(), 'the static list is not visible');
  const jobs = await page.$$eval(`${SEL.staticList} li.job h3 a`, (as) => as.map((a) => a.getAttribute('href')));
  assert(jobs.length > 0, 'no static vacancies');
  // The search box the page draws for the widget is hidden: it could not search.
  assertEq(await page.locator('.qy:visible').count(), 0, 'widget elements shown without JavaScript');
  const next = page.locator(`${SEL.staticList} nav.pagination a[rel=next]`);
  assertEq(await next.count(), 1, 'a "next page" link');
  await next.click();
  await page.waitForLoadState();
  assert(new URL(page.url()).pathname !== LISTING, `"next page" stayed on ${page.url()}`);
  const jobs2 = await page.$$eval(`${SEL.staticList} li.job h3 a`, (as) => as.map((a) => a.getAttribute('href')));
  assert(jobs2.length > 0, `${page.url()}: no static vacancies`);
  assert(jobs2.every((h) => !jobs.includes(h)), 'page 2 repeats vacancies of page 1');
  const first = await page.locator(`${SEL.staticList} li.job h3 a`).first().getAttribute('href');
  const vacancy = await get(first);
  assertEq(vacancy.status, 200, `status of ${first}`);
}, { javaScriptEnabled: false });

test('keyboard: Tab reaches the search box and a check box, Space toggles it', async (t) => {
  const page = t.page;
  await open(t, LISTING);
  const active = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return { tag: el?.tagName, type: el?.getAttribute('type'), value: el?.value, facet: el?.closest('fieldset[data-facet]')?.dataset.facet ?? null };
    });
  const tabUntil = async (pred, what) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const a = await active();
      if (pred(a)) return a;
    }
    throw new Failure(`Tab never reached ${what}`);
  };
  await tabUntil((a) => a.tag === 'INPUT' && a.type === 'search', 'the search box');
  await page.keyboard.type('焊工');
  await page.waitForFunction((w) => location.search.slice(1).split('&').includes(w), `q=${encodeQ('焊工')}`, { timeout: 5000 }).catch(() => {
    throw new Failure('typing in the focused box did not search');
  });
  const typed = await settle(t, page);
  assertEq(typed.input, '焊工', 'search box after typing');
  assert(typed.hrefs.length > 0, 'typing 焊工 found nothing');
  // The first check box Tab reaches may be one the page's defaults tick (the district): Space must
  // flip it either way, and a second Space must flip it back.
  const box = await tabUntil((a) => a.tag === 'INPUT' && a.type === 'checkbox' && a.facet, 'a check box');
  const pair = `${encodeQ(box.facet)}=${encodeQ(box.value)}`;
  const opt = (await facetOptions(page, box.facet)).find((o) => o.value === box.value);
  await page.keyboard.press('Space');
  const flipped = await settle(t, page);
  assertEq(flipped.checked.includes(`${box.facet}=${box.value}`), !opt.checked, `check box ${box.facet}=${box.value} ticked after Space`);
  assert(flipped.search !== typed.search, `Space on the check box ${box.facet}=${box.value} did not change the search (${flipped.search})`);
  assertEq(flipped.search.slice(1).split('&').includes(pair), !opt.checked, `${pair} in the URL after Space (${flipped.search})`);
  if (!opt.checked) assertEq(await statusCount(page), opt.count, `status count after ticking ${box.facet}=${box.value} (its count was ${opt.count})`);
  const still = await active();
  assertEq([still.tag, still.type, still.facet, still.value], ['INPUT', 'checkbox', box.facet, box.value], 'focus after Space (it must stay on the check box)');
  await page.keyboard.press('Space');
  const back = await settle(t, page);
  assertEq(back.checked, typed.checked, 'check boxes after a second Space');
  assertEq(back.hrefs, typed.hrefs, 'results after a second Space');
});

test('result links point to existing vacancy pages', async (t) => {
  const snap = await open(t, LISTING);
  const found = await results(t.page);
  assert(found.length > 0, 'no results');
  assertEq(found.map((r) => r.href), snap.hrefs, 'results');
  for (const r of found) {
    const resp = await t.page.request.get(BASE + r.href);
    assertEq(resp.status(), 200, `HTTP status of ${r.href}`);
    const h1 = /<h1[^>]*>([^<]*)<\/h1>/.exec(await resp.text());
    assert(h1 && decodeEntities(h1[1]).trim() === r.title, `${r.href}: heading ${JSON.stringify(h1 && h1[1])} differs from the result title ${JSON.stringify(r.title)}`);
  }
  // Following a link from the widget opens that vacancy.
  await t.page.locator(SEL.links).first().click();
  await t.page.waitForLoadState();
  assertEq(new URL(t.page.url()).pathname, found[0].href, 'page opened by the first result');
});

test('no horizontal scrolling at 320 CSS px (1280 px at 400% zoom) with the widget shown', async (t) => {
  const page = t.page;
  for (const step of ['page', 'query']) {
    if (step === 'page') await open(t, LISTING);
    else await search(t, '焊工');
    assert(await page.locator(SEL.input).isVisible(), 'the search box is not visible');
    const { sw, cw, wide } = await page.evaluate(() => {
      const cw = document.scrollingElement.clientWidth;
      // The innermost elements whose right edge passes the viewport's: the ones to fix.
      const out = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > cw + 0.5);
      const innermost = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
      const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (typeof el.className === 'string' && el.className ? `.${el.className.trim().replace(/\s+/g, '.')}` : '');
      const wide = innermost.slice(0, 4).map((el) => `${name(el)} (in ${name(el.closest('.qy-facet, .qy-body, .qy, main') || document.body)}) right=${Math.round(el.getBoundingClientRect().right)} width=${Math.round(el.getBoundingClientRect().width)}`);
      return { sw: document.scrollingElement.scrollWidth, cw, wide };
    });
    assert(sw <= cw, `${step}: the page scrolls sideways at 320 px (scrollWidth ${sw} > clientWidth ${cw}); sticking out: ${wide.join(', ')}`);
    assertEq(wide, [], `${step}: elements sticking out on the right`);
  }
}, { viewport: { width: 320, height: 640 } });

test('the widget appears without moving the page (no layout shift), even when the index is slow', async (t) => {
  const page = t.page;
  // Record every layout shift from the start, as Lighthouse's CLS does.
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        const what = e.sources.map((x) => (x.node && x.node.nodeType === 1 ? x.node.tagName.toLowerCase() + (x.node.id ? '#' + x.node.id : '') + (x.node.className ? '.' + String(x.node.className).trim().replace(/\s+/g, '.') : '') : 'text') + ` y ${Math.round(x.previousRect.y)}→${Math.round(x.currentRect.y)}`);
        window.__shifts.push({ value: e.value, at: Math.round(e.startTime), what });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  // A slow index: the widget sits in its loading state for a while before the results replace the list.
  await page.route('**/search/**', (r) => new Promise((res) => setTimeout(() => res(r.continue()), 600)));
  await page.goto(BASE + LISTING, { waitUntil: 'domcontentloaded' });
  const top = () => page.evaluate(() => document.getElementById('static-results').getBoundingClientRect().top);
  const before = await top();
  // The pointer over the box (not an input that excuses a shift) starts the widget.
  await reach(page);
  await page.waitForSelector(`${SEL.status}:not(:empty)`, { timeout: 10000 });
  if (await page.locator('#static-results').isVisible()) {
    assertEq(await top(), before, 'top of the static list once the widget shows its loading state');
  }
  await page.waitForSelector(SEL.results, { timeout: 10000 });
  await settle(t, page);
  const shifts = await page.evaluate(() => window.__shifts);
  const cls = shifts.reduce((a, b) => a + b.value, 0);
  assert(cls < 0.01, `layout shift ${cls.toFixed(4)} (Lighthouse counts 0.1 as poor): ${JSON.stringify(shifts)}`);
});

test('a listing fetches and runs nothing of the widget until the citizen reaches for its search box', async (t) => {
  const page = t.page;
  const asked = [];
  page.on('request', (r) => {
    const at = new URL(r.url()).pathname;
    if (/^\/widget\/v\/quanyu(_full)?(_bg)?\.|^\/widget\/current\.json$|^\/search\//.test(at)) asked.push(at);
  });
  await page.goto(BASE + LISTING);
  // The page as it comes: its own list, the box it draws for the widget, and time for a start to show.
  await page.waitForTimeout(1500);
  assertEq(asked, [], 'requests for the widget\'s code or wasm, current.json or the index before the citizen reached for the box');
  assert(await page.locator(SEL.staticList).isVisible(), 'the static list is not shown');
  assert(await page.locator(SEL.input).isVisible(), 'no search box before the widget starts');
  assertEq(await page.evaluate(() => performance.getEntriesByName('quanyu:first-results').length), 0, 'the widget\'s first results marked');
  await reach(page);
  await page.waitForSelector(SEL.results, { timeout: 10000 });
  const shown = await settle(t, page);
  assert(shown.hrefs.length > 0, 'no results once the widget started');
  assert(asked.some((a) => /\/quanyu\.[0-9a-f]+\.js$/.test(a)) && asked.some((a) => a.includes('_bg.')) && asked.some((a) => a.startsWith('/search/')), `the widget started without its code, wasm or index: ${asked.join(', ')}`);
  assert(await page.locator(SEL.staticList).isHidden(), 'the static list stays beside the widget\'s results');
});

test('what the citizen types before the widget has arrived carries over: the text, the focus and Enter', async (t) => {
  const page = t.page;
  // A slow wasm: the citizen is in the page's own box, typing, when the widget takes its place.
  let held = 0;
  await page.route(/\/widget\/v\/quanyu_bg\.[0-9a-f]+\.wasm$/, (r) => {
    held++;
    return new Promise((res) => setTimeout(() => res(r.continue()), 1500));
  });
  await page.goto(BASE + LISTING);
  await page.locator(SEL.input).click();
  await page.keyboard.type('焊工');
  await page.keyboard.press('Enter');
  assertEq(await page.locator(SEL.results).count(), 0, 'widget results before its wasm arrived');
  assertEq(new URL(page.url()).search, '', 'the URL after Enter in the page\'s box (no reload: the widget searches)');
  const want = `q=${encodeQ('焊工')}`;
  await page.waitForFunction((w) => location.search.slice(1).split('&').includes(w), want, { timeout: 10000 }).catch(() => {
    throw new Failure(`the text typed before the widget arrived was not searched (${page.url()})`);
  });
  const shown = await settle(t, page);
  assertEq(held, 1, 'wasm requests');
  assertEq(shown.input, '焊工', 'the search box\'s text');
  assert(await page.locator(SEL.input).evaluate((el) => el === document.activeElement), 'the focus is not in the widget\'s search box');
  const other = await t.newContext();
  const page2 = await other.context.newPage();
  await open(other, LISTING, page2);
  const expected = await search(other, '焊工', page2);
  assertEq(shown.hrefs, expected.hrefs, 'results of the text typed early vs typed into the widget');
  // Typing on goes into the widget's box.
  await page.keyboard.type('证');
  await page.waitForFunction((w) => location.search.slice(1).split('&').includes(w), `q=${encodeQ('焊工证')}`, { timeout: 10000 }).catch(() => {
    throw new Failure(`typing on after the widget arrived did not search (${page.url()})`);
  });
});

test("neither the widget's wasm nor the index is fetched before the page has painted, even when its stylesheet is slow", async (t) => {
  const page = t.page;
  // A slow stylesheet holds the first paint back (it blocks rendering) while the page is parsed and its
  // scripts are fetched: whatever the page asks for meanwhile comes before its first paint. The URL holds
  // a search (a shared link), so the widget starts without waiting for the citizen.
  await page.route('**/assets/style.*.css', (r) => new Promise((res) => setTimeout(() => res(r.continue()), 800)));
  await page.goto(`${BASE}${LISTING}?q=${encodeQ('焊工')}`);
  await page.waitForSelector(SEL.results, { timeout: 10000 });
  await settle(t, page);
  const seen = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    // The widget's glue code, its wasm and the index all wait.
    const widget = performance.getEntriesByType('resource').filter((r) => /\/widget\/v\/quanyu(_full)?(_bg)?\.|\/search\//.test(new URL(r.name).pathname));
    return { fcp, n: widget.length, early: widget.filter((r) => !(r.startTime >= fcp)).map((r) => `${new URL(r.name).pathname} at ${Math.round(r.startTime)} ms`) };
  });
  assert(typeof seen.fcp === 'number' && seen.fcp >= 800, `first contentful paint at ${seen.fcp} ms, not after the slow stylesheet`);
  assert(seen.n >= 4, `only ${seen.n} requests for the widget's wasm and index files`);
  assert(seen.early.length === 0, `fetched before the first contentful paint (${Math.round(seen.fcp)} ms): ${seen.early.join(', ')}`);
});

// ---------------------------------------------------------------------------------------------------
// Elder-friendly display (适老化): the switch at the top of every page (sitegen/templates/parts/display.js).

/** The display state of the page: html classes, root font size, the switch's pressed buttons. */
function displayState(page) {
  return page.evaluate(() => ({
    large: document.documentElement.classList.contains('qy-large'),
    contrast: document.documentElement.classList.contains('qy-contrast'),
    rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
    bodyColor: getComputedStyle(document.body).color,
    lineRatio: parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize),
    pressed: [...document.querySelectorAll('#display-switch button[aria-pressed="true"]')].map((b) => b.dataset.display),
    visible: !!document.querySelector('#display-switch')?.checkVisibility(),
  }));
}

test('display switch: large text and high contrast apply, combine, and are remembered in this browser only', async (t) => {
  const page = t.page;
  await page.goto(BASE + '/huangpu/');
  const plain = await displayState(page);
  assertEq([plain.large, plain.contrast, plain.pressed, plain.visible], [false, false, [], true], 'display at first (switch shown, nothing on)');
  await page.locator('#display-switch button[data-display="large"]').click();
  const large = await displayState(page);
  assert(large.large && !large.contrast, `large text: classes ${JSON.stringify(large)}`);
  assertEq(large.rootPx, plain.rootPx * 1.25, 'root font size in large text (px)');
  assert(large.lineRatio >= 1.3, `line spacing ${large.lineRatio.toFixed(2)} is under 1.3 in large text`);
  await page.locator('#display-switch button[data-display="contrast"]').click();
  const both = await displayState(page);
  assertEq([both.large, both.contrast, both.bodyColor], [true, true, 'rgb(0, 0, 0)'], 'large text and high contrast together');
  assertEq(both.pressed.sort(), ['contrast', 'large'], 'pressed buttons');
  // Remembered across pages and reloads ...
  await page.goto(BASE + LISTING);
  const after = await displayState(page);
  assertEq([after.large, after.contrast, after.pressed.sort()], [true, true, ['contrast', 'large']], 'display on another page');
  // ... and on the widget: its text follows the root size.
  await reach(page);
  await page.waitForSelector(SEL.results);
  const inputPx = await page.locator(SEL.input).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert(inputPx >= 20, `the search box's text is ${inputPx}px in large text`);
  // Switching off.
  await page.locator('#display-switch button[data-display="large"]').click();
  await page.reload();
  const off = await displayState(page);
  assertEq([off.large, off.contrast, off.rootPx], [false, true, plain.rootPx], 'large text off, contrast kept, after a reload');
  // Only in this browser: another browser profile starts plain, and no request ever carried the choice.
  const other = await t.newContext();
  const page2 = await other.context.newPage();
  await page2.goto(BASE + '/huangpu/');
  const fresh = await displayState(page2);
  assertEq([fresh.large, fresh.contrast], [false, false], 'display in another browser profile');
  const carried = t.net.requests.filter((r) => /display|large|contrast/.test(new URL(r.url).search));
  assertEq(carried.map((r) => r.url), [], 'requests carrying the display choice');
});

test('large text at 320 px: no sideways scrolling and no layout shift on every page type', async (t) => {
  const page = t.page;
  await page.addInitScript(() => {
    localStorage.setItem('qy-display', 'large contrast');
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const pages = [LISTING, '/', '/huangpu/', '/nansha/policies/hk-macau-youth-measures-2022/', '/tianhe/stations/', '/zengcheng/events/', '/embed/'];
  // A vacancy page too: the first result of the listing.
  const listing = await staticListing(LISTING);
  assert(listing.length > 0, 'no vacancy on the listing');
  pages.push(listing[0].href);
  for (const p of pages) {
    await page.goto(BASE + p);
    if (p === LISTING) await reach(page);
    if (p === LISTING || p === '/embed/') await settle(t, page, { needReady: p === LISTING });
    const s = await displayState(page);
    assert(s.large && s.contrast, `${p}: the remembered display was not applied`);
    const { sw, cw, wide, cls } = await page.evaluate(() => {
      const cw = document.scrollingElement.clientWidth;
      const out = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > cw + 0.5);
      const innermost = out.filter((el) => !out.some((o) => o !== el && el.contains(o)));
      const wide = innermost.slice(0, 4).map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''} right=${Math.round(el.getBoundingClientRect().right)}`);
      return { sw: document.scrollingElement.scrollWidth, cw, wide, cls: window.__shifts.reduce((a, b) => a + b, 0) };
    });
    assert(sw <= cw, `${p}: scrolls sideways at 320 px in large text (scrollWidth ${sw} > ${cw}); sticking out: ${wide.join(', ')}`);
    assertEq(wide, [], `${p}: elements sticking out on the right in large text`);
    assert(cls < 0.01, `${p}: layout shift ${cls.toFixed(4)} in large text`);
    // The vacancy page's tools appear once the page's script has run: their row keeps their height from
    // the start (its min-height), so no button may be taller than it, in large text too.
    const tools = await page.evaluate(() => {
      const row = document.querySelector('.job-tools');
      if (!row) return null;
      const reserved = parseFloat(getComputedStyle(row).minHeight);
      return { reserved, tall: [...row.querySelectorAll('button')].filter((b) => !b.hidden && b.getBoundingClientRect().height > reserved + 0.5).map((b) => `${b.className} ${b.getBoundingClientRect().height.toFixed(1)}px`) };
    });
    if (p === listing[0].href) {
      assert(tools, `${p}: no row of tools on the vacancy page`);
      assertEq(tools.tall, [], `${p}: tools taller than their row's reserved ${tools.reserved}px in large text`);
    }
  }
}, { viewport: { width: 320, height: 640 } });

test('a page arriving in pieces moves nothing already painted (every page type; phone in large text, desktop)', async (t) => {
  // A slow network brings a page in pieces and the browser paints each: whatever it has painted must
  // stay where it is as the rest arrives (e.g. a listing's filters, placed after its results on a phone,
  // must come after them in the page too; a menu must not show the browser's own summary first).
  const listing = await staticListing(LISTING);
  assert(listing.length > 0, 'no vacancy on the listing');
  const pages = [LISTING, '/', '/huangpu/', '/nansha/policies/hk-macau-youth-measures-2022/', '/tianhe/stations/', '/zengcheng/events/', '/embed/', listing[0].href];
  for (const [viewport, display] of [[{ width: 320, height: 640 }, 'large contrast'], [{ width: 1280, height: 800 }, '']]) {
    const { context } = await t.newContext({ viewport, extraHTTPHeaders: { [TRICKLE]: '1' } });
    const page = await context.newPage();
    await page.addInitScript((display) => {
      if (display) localStorage.setItem('qy-display', display);
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.hadRecentInput) continue;
          const what = e.sources.map((x) => {
            const n = x.node;
            const name = n && n.nodeType === 1 ? n.tagName.toLowerCase() + (typeof n.className === 'string' && n.className ? '.' + n.className.trim().replace(/\s+/g, '.') : '') : 'text';
            return `${name} y ${Math.round(x.previousRect.y)}→${Math.round(x.currentRect.y)}`;
          });
          window.__shifts.push({ value: e.value, what });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    }, display);
    for (const p of pages) {
      const arrived = await page.goto(BASE + p);
      assertEq(arrived.status(), 200, `${p}: status`);
      // The listing's widget too, started by the pointer over its box (no input that would excuse a shift).
      if (p === LISTING) await reach(page);
      if (p === LISTING || p === '/embed/') await settle(t, page, { needReady: p === LISTING });
      const shifts = await page.evaluate(() => window.__shifts);
      const cls = shifts.reduce((a, b) => a + b.value, 0);
      assert(cls < 0.01, `${p} at ${viewport.width} px${display ? ' in large text' : ''}: layout shift ${cls.toFixed(4)} while the page arrived: ${JSON.stringify(shifts)}`);
    }
  }
});

test("the test server answers as the portal's host would (types, folders, 404)", async () => {
  // Guards the harness itself: with a wrong type the widget would still start (wasm-bindgen falls back
  // from streaming compilation) and the tests would not run under the conditions of production.
  const html = (await get(LISTING)).text;
  const boot = /<script type="module" src="([^"]+)"/.exec(html);
  assert(boot, `${LISTING} loads no module script`);
  const current = JSON.parse((await get('/widget/current.json')).text);
  const manifest = new URL(current.index, `${BASE}/widget/current.json`).pathname;
  const wasmFile = fs.readdirSync(DIST, { recursive: true }).find((f) => String(f).endsWith('.wasm'));
  assert(wasmFile, `no .wasm file in ${DIST}`);
  const wasmPath = '/' + String(wasmFile).split(path.sep).join('/');
  const type = async (p) => (await fetch(BASE + p)).headers.get('content-type');
  assert(/^text\/javascript/.test(await type(boot[1])), `type of ${boot[1]}: ${await type(boot[1])}`);
  assertEq(await type(wasmPath), 'application/wasm', `type of ${wasmPath}`);
  assertEq(await type(manifest), 'application/octet-stream', `type of ${manifest}`);
  const miss = await fetch(BASE + '/no/such/page/');
  assertEq(miss.status, 404, 'status of a missing page');
  assert((await miss.text()).includes('<html'), 'a missing page gets no 404.html');
  const folder = await fetch(BASE + LISTING.replace(/\/$/, ''), { redirect: 'manual' });
  assertEq([folder.status, folder.headers.get('location')], [301, LISTING], 'a folder without its slash');
});

// ---------------------------------------------------------------------------------------------------
// Partner embed: <quanyu-jobs> on pages of another origin (PARTNER), loaded from the portal (BASE)

/** The district where 焊工 finds jobs (the listing the tests above search in). */
const WELD_DISTRICT = LISTING.split('/')[1];

/** Parts of the embedded widget whose styles the host page must not change. */
const WIDGET_PARTS = {
  'result link': SEL.links,
  'li.job': `${SEL.results} > li.job`,
  'status line': SEL.status,
  'search box': SEL.input,
  'portal link': 'p.qy-portal a',
  'filter panel': '.qy-filters',
  'search form': 'form.qy-search',
};
const STYLE_PROPS = ['color', 'font-size', 'font-family', 'font-weight', 'font-style', 'line-height', 'display', 'visibility', 'background-color', 'text-decoration-line', 'text-transform', 'letter-spacing', 'word-spacing', 'text-align', 'cursor', 'margin-top', 'margin-bottom', 'padding-top', 'padding-left', 'border-top-width', 'list-style-type', 'position', 'box-sizing'];

/** Types a query into an embedded widget's search box and waits for its status line to change. */
async function embedSearch(t, page, host, text) {
  const before = await embedSnapshot(page, host);
  await page.locator(`${host} ${SEL.input}`).fill(text);
  await page
    .waitForFunction(([h, s, b]) => document.querySelector(h).shadowRoot.querySelector(s)?.textContent !== b, [host, SEL.status, before.status], { timeout: 5000 })
    .catch(() => {
      throw new Failure(`typing ${JSON.stringify(text)} in the embedded widget ${host} did not change its status line (${JSON.stringify(before.status)})`);
    });
  return settleEmbed(t, page, host);
}

test('embed: the portal sends the rules of its _headers (CORS for /widget/ and /search/)', async () => {
  // Everything a partner's page fetches from the portal is fetched cross-origin: without
  // Access-Control-Allow-Origin the module, the wasm and the index are refused by the browser.
  const { current, sri, pinned } = await portalInfo();
  const index = new URL(current.index, `${BASE}/widget/current.json`).pathname;
  const wasm = Object.keys(sri).find((p) => p.endsWith('.wasm'));
  assert(wasm, '/widget/sri.json lists no .wasm file');
  for (const p of ['/widget/embed.js', pinned, wasm, '/widget/current.json', index]) {
    const r = await fetch(BASE + p, { headers: { Origin: PARTNER } });
    assertEq(r.status, 200, `HTTP status of ${p}`);
    assertEq(r.headers.get('access-control-allow-origin'), '*', `Access-Control-Allow-Origin of ${p} (partner pages fetch it from another origin; dist/_headers must give it)`);
  }
  // The test server sends what the rules say (its own no-cache only where no rule sets Cache-Control).
  const rules = headerRules(DIST);
  for (const p of [pinned, '/widget/embed.js', index, LISTING]) {
    const want = Object.entries(rules(p)).find(([k]) => k.toLowerCase() === 'cache-control')?.[1] ?? 'no-cache';
    assertEq((await fetch(BASE + p)).headers.get('cache-control'), want, `Cache-Control of ${p}`);
  }
});

test('embed: a hostile host stylesheet changes nothing inside the widget', async (t) => {
  const { districts } = await portalInfo();
  const body = `<h1>Partner</h1>\n<p>Our vacancies:</p>\n<quanyu-jobs district="${districts[0]}" limit="5"></quanyu-jobs>`;
  // The issue's rules, then more that inherit (through the element into its shadow tree) or hit the
  // elements the widget uses.
  const hostile = `* { color: red !important; font-size: 40px } li { display: none }
body { font-style: italic; letter-spacing: 3px; word-spacing: 9px; text-transform: uppercase; text-align: right; cursor: wait }
a { color: lime !important; line-height: 5 } input, p, form { display: none; font-family: monospace }
`;
  const targets = Object.fromEntries(Object.entries(WIDGET_PARTS).map(([name, sel]) => [name, ['quanyu-jobs', sel]]));

  const [plainSnap] = await openEmbed(t, partnerPage({ body }));
  const plain = await computedStyles(t.page, targets, STYLE_PROPS);
  for (const [name, v] of Object.entries(plain)) assert(v, `the widget has no ${name} (${WIDGET_PARTS[name]})`);

  const [hostileSnap] = await openEmbed(t, partnerPage({ body, css: hostile }));
  const host = await computedStyles(t.page, { h1: [null, 'h1'], p: [null, 'p'] }, ['color', 'display']);
  assertEq([host.h1.color, host.p.display], ['rgb(255, 0, 0)', 'none'], "the host page's own h1 colour and p display (the hostile stylesheet must be in effect)");
  const styled = await computedStyles(t.page, targets, STYLE_PROPS);
  assertEq(styleDiff(plain, styled, ['on a plain page', 'under the hostile stylesheet']), [], 'styles inside the widget that the host stylesheet changed');
  assert(styled['li.job'].display !== 'none', 'li.job is hidden (display: none) under the hostile stylesheet');
  assert(await t.page.locator(`quanyu-jobs ${SEL.links}`).first().isVisible(), 'the first result link is not visible under the hostile stylesheet');
  assertEq([hostileSnap.status, hostileSnap.hrefs], [plainSnap.status, plainSnap.hrefs], 'status and results under the hostile stylesheet vs on the plain page');
});

test("embed: the host page's styles, URL and history stay as they were", async (t) => {
  const hostCss = `body { font: 17px/1.45 Georgia, serif; color: #222; background: #fafafa; margin: 24px }
h1 { color: #036; font-size: 30px }
a { color: #080 }
li { list-style: square; margin: 4px 0 }
p { margin: 10px 0 }
input, button { font: inherit }
`;
  // Host elements named like the widget's own classes: the widget's rules must not reach them.
  const markup = (widget) => `<header><h1 id="h-h1">Careers at Partner College</h1></header>
<main>
<p id="h-p">Jobs for our graduates, <a id="h-a" href="#jobs">below</a>.</p>
<ul id="h-ul" class="jobs"><li id="h-li" class="job">Open day <span id="h-tag" class="tag">May</span></li></ul>
<p id="h-meta" class="meta employer salary">Contact the careers office.</p>
<div id="h-qy" class="qy qy-root qy-status">A box</div>
<p id="h-vh" class="visually-hidden">Hidden text</p>
<form id="h-form" class="qy-search" action="#"><input id="h-input" type="search" name="q"> <button id="h-button" type="button" class="qy-more">Go</button></form>
<div id="jobs">${widget}</div>
<p id="h-after">After the jobs.</p>
</main>`;
  const ids = ['h-h1', 'h-p', 'h-a', 'h-ul', 'h-li', 'h-tag', 'h-meta', 'h-qy', 'h-vh', 'h-input', 'h-button', 'h-after', 'jobs'];
  const targets = { html: [null, 'html'], body: [null, 'body'], ...Object.fromEntries(ids.map((id) => [`#${id}`, [null, `#${id}`]])) };
  const docState = (page) =>
    page.evaluate(() => ({
      styleSheets: [...document.styleSheets].map((s) => (s.href ? s.href.replace(location.href, '') : '(inline)')),
      adoptedStyleSheets: document.adoptedStyleSheets.length,
      htmlStyle: document.documentElement.getAttribute('style'),
      bodyStyle: document.body.getAttribute('style'),
    }));

  await t.page.goto(partnerPage({ body: markup(''), head: '', css: hostCss }));
  const without = await computedStyles(t.page, targets, STYLE_PROPS);
  const docWithout = await docState(t.page);
  for (const [name, v] of Object.entries(without)) assert(v, `the host page has no ${name}`);

  const url = partnerPage({ body: markup(`<quanyu-jobs district="${WELD_DISTRICT}" limit="5"></quanyu-jobs>`), css: hostCss });
  const [first] = await openEmbed(t, url);
  const historyLength = await t.page.evaluate(() => history.length);
  assertEq(styleDiff(without, await computedStyles(t.page, targets, STYLE_PROPS), ['without the widget', 'with it']), [], "styles of the host page's elements that the widget changed");
  assertEq(await docState(t.page), docWithout, 'style sheets and inline styles of the host document (the widget must add none)');

  // Searching, Enter and "load more" inside the widget leave the host page's URL and history alone.
  const found = await embedSearch(t, t.page, 'quanyu-jobs', '焊工');
  assert(found.hrefs.length > 0, `焊工 found nothing in ${WELD_DISTRICT}`);
  assert(countIn(found, '焊工') < countIn(first, 'the defaults'), 'the search for 焊工 did not narrow the results');
  await t.page.locator(`quanyu-jobs ${SEL.input}`).press('Enter');
  let snap = await settleEmbed(t, t.page, 'quanyu-jobs');
  if (snap.more) snap = await embedLoadAll(t, t.page, 'quanyu-jobs');
  assertEq(snap.input, '焊工', 'the search box after Enter');
  assertEq(snap.hrefs.length, countIn(found, '焊工'), 'results after "load more" vs the status count');
  assertEq([snap.url, await t.page.evaluate(() => history.length)], [url, historyLength], 'host page URL and history length after searching in the widget');
  assertEq(styleDiff(without, await computedStyles(t.page, targets, STYLE_PROPS), ['without the widget', 'after a search in it']), [], "styles of the host page's elements after the search");
});

test('embed: two elements with different districts each list their own district', async (t) => {
  const { districts } = await portalInfo();
  const [a, b] = districts;
  const body = `<h2>${a}</h2>\n<quanyu-jobs id="a" district="${a}"></quanyu-jobs>\n<h2>${b}</h2>\n<quanyu-jobs id="b" district="${b}"></quanyu-jobs>`;
  await openEmbed(t, partnerPage({ body }), ['#a', '#b']);
  const lists = {};
  for (const [host, d] of [['#a', a], ['#b', b]]) {
    const expected = await listingCount(d);
    assert(expected > 0, `the portal lists no vacancy in ${d}`);
    const prefix = await listingUrl(d);
    const snap = await embedLoadAll(t, t.page, host);
    assertEq(countIn(snap, host), expected, `${host} (district="${d}"): status count vs the portal's listing of ${d}`);
    assertEq(snap.hrefs.length, expected, `${host} (district="${d}"): results listed after "load more"`);
    assertEq(snap.hrefs.filter((h) => !h.startsWith(prefix)), [], `${host} (district="${d}"): results outside ${prefix}`);
    assertEq(snap.portal, prefix, `${host} (district="${d}"): the link to the portal's listing`);
    lists[host] = snap.hrefs;
  }
  assertEq(lists['#a'].filter((h) => lists['#b'].includes(h)), [], 'results both widgets list');
});

test('embed: works on a page under a strict CSP, with no violation', async (t) => {
  const csp = `default-src 'none'; script-src ${BASE} 'wasm-unsafe-eval'; connect-src ${BASE}; style-src 'self'; img-src 'self'`;
  const body = `<h1>Strict partner</h1>\n<quanyu-jobs district="${WELD_DISTRICT}" accent="#aa0000"></quanyu-jobs>`;
  const url = partnerPage({ body, css: 'h1 { color: #036 }\n', headers: { 'Content-Security-Policy': csp } });
  const html = partnerFiles.get(new URL(url).pathname).body.toString();
  assert(!/<style|\sstyle=|<script(?![^>]*\ssrc=)/i.test(html), `the strict page itself has an inline script or style: ${html}`);
  // Every violation is reported to the page as a `securitypolicyviolation` event (and logged by Chromium
  // as a console error, which fails the test anyway). The listener is installed before any script runs.
  await t.page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} (${e.sourceFile || 'no source'}:${e.lineNumber})`), true);
  });
  const [snap] = await openEmbed(t, url);
  assertEq(countIn(snap, 'strict CSP'), await listingCount(WELD_DISTRICT), `status count under the CSP vs the portal's listing of ${WELD_DISTRICT}`);
  // A search fetches more of the index (connect-src); the accent is set through the CSSOM.
  const found = await embedSearch(t, t.page, 'quanyu-jobs', '焊工');
  assert(found.hrefs.length > 0, 'under the CSP, 焊工 found nothing');
  const color = await computedStyles(t.page, { link: ['quanyu-jobs', SEL.links] }, ['color']);
  assertEq(color.link.color, 'rgb(170, 0, 0)', 'result link colour with accent="#aa0000" under the CSP');
  assertEq(await t.page.evaluate(() => window.__csp), [], 'CSP violations reported on the strict page');

  // The check can see a violation: an image from data: (img-src 'self' forbids it) must be reported.
  // Chromium logs it as a console error too: that message alone is expected.
  t.ignoreConsole = (msg) => msg.text().includes('data:,csp-probe') && msg.text().includes('img-src');
  await t.page.evaluate(() => {
    const img = document.createElement('img');
    img.alt = '';
    img.src = 'data:,csp-probe';
    document.body.append(img);
  });
  await t.page.waitForFunction(() => window.__csp.length > 0, null, { timeout: 5000 }).catch(() => {
    throw new Failure('a forbidden data: image was not reported: the CSP is not in effect on the partner page, or the violation listener hears nothing');
  });
  const probe = await t.page.evaluate(() => window.__csp);
  assert(probe.length === 1 && probe[0].startsWith('img-src'), `violations after the probe image: ${JSON.stringify(probe)}`);
});

test('embed: an element further down the page starts when it comes near the screen, or at once with loading="eager"', async (t) => {
  const { districts } = await portalInfo();
  const wasm = (page) => {
    const asked = [];
    page.on('request', (r) => {
      if (/\/widget\/v\/quanyu_bg\.[0-9a-f]+\.wasm$/.test(new URL(r.url()).pathname)) asked.push(r.url());
    });
    return asked;
  };
  const low = (attrs) => partnerPage({ body: `<p>The partner's own text.</p>\n<div style="height: 3000px"></div>\n<quanyu-jobs id="low" district="${districts[0]}"${attrs}></quanyu-jobs>` });
  const asked = wasm(t.page);
  await t.page.goto(low(''));
  // Past the page's load and its first paint (the element waits for both), and then some.
  await t.page.waitForTimeout(2500);
  assertEq(asked.length, 0, 'requests for the wasm while the element is 3,000 px below the screen');
  await t.page.locator('#low').scrollIntoViewIfNeeded();
  const shown = await waitEmbed(t, t.page, '#low');
  assert(countIn(shown, 'the element scrolled to') > 0, 'no results once scrolled to');
  assertEq(asked.length, 1, 'requests for the wasm once scrolled to');

  const other = await t.newContext();
  const page2 = await other.context.newPage();
  const asked2 = wasm(page2);
  await page2.goto(low(' loading="eager"'));
  await waitEmbed(other, page2, '#low', 'loading="eager" below the screen');
  assertEq(asked2.length, 1, 'requests for the wasm with loading="eager"');
  assertEq(await page2.evaluate(() => window.scrollY), 0, 'the page scrolled');
});

test('embed: changing district, lang, query and work-type re-renders the widget', async (t) => {
  const { districts } = await portalInfo();
  const [d1, d2] = districts;
  const url = partnerPage({ body: `<quanyu-jobs id="w" district="${d1}" lang="zh-CN"></quanyu-jobs>` });
  const [s0] = await openEmbed(t, url, ['#w']);
  assertEq(s0.lang, 'zh-CN', 'lang of the widget with lang="zh-CN"');
  const total1 = countIn(s0, `district="${d1}"`);
  assertEq(total1, await listingCount(d1), `district="${d1}": status count vs the portal's listing`);

  const en = await setAttrs(t, t.page, '#w', { lang: 'en' });
  assertEq(en.lang, 'en', 'lang of the widget after lang="en"');
  assert(/^\s*\d[\d,]* jobs? found\s*$/.test(en.status), `lang="en": the status line is not English: ${JSON.stringify(en.status)}`);
  assertEq([countIn(en, 'lang="en"'), en.hrefs], [total1, s0.hrefs], 'count and results after lang="en"');
  const hk = await setAttrs(t, t.page, '#w', { lang: 'zh-HK' });
  assertEq(hk.lang, 'zh-HK', 'lang of the widget after lang="zh-HK"');
  assert(hk.status !== s0.status && hk.status !== en.status, `lang="zh-HK": the status line ${JSON.stringify(hk.status)} is the zh-CN or English one`);
  assertEq([countIn(hk, 'lang="zh-HK"'), hk.hrefs], [total1, s0.hrefs], 'count and results after lang="zh-HK"');

  const prefix2 = await listingUrl(d2);
  const moved = await setAttrs(t, t.page, '#w', { district: d2 });
  assert(moved.hrefs.length > 0, `district="${d2}": no results`);
  assertEq(moved.hrefs.filter((h) => !h.startsWith(prefix2)), [], `results outside ${prefix2} after district="${d2}"`);
  assertEq(countIn(moved, `district="${d2}"`), await listingCount(d2), `district="${d2}": status count vs the portal's listing`);
  assertEq(moved.portal, prefix2, `the portal link after district="${d2}"`);
  assertEq(moved.lang, 'zh-HK', 'lang after the district change');

  // query + work-type: the portal's own listing, given the same search in its URL, shows what to expect.
  // The query is the title of the district's first result; the work types, those it has jobs of.
  const query = (await t.page.locator(`#w ${SEL.links}`).first().textContent()).trim();
  const listingPath = new URL(prefix2).pathname;
  const ref = await t.context.newPage();
  await open(t, `${listingPath}?district=${encodeQ(d2)}&q=${encodeQ(query)}`, ref);
  const types = (await facetOptions(ref, 'work_type')).filter((o) => o.count > 0).slice(0, 2).map((o) => o.value);
  assert(types.length > 0, `no work type with results for ${query} in ${d2}`);
  const expected = await open(t, `${listingPath}?district=${encodeQ(d2)}&q=${encodeQ(query)}${types.map((v) => `&work_type=${encodeQ(v)}`).join('')}`, ref);
  const expectedCount = await statusCount(ref);
  await ref.close();
  const narrowed = await setAttrs(t, t.page, '#w', { query, 'work-type': types.join(',') });
  assertEq(countIn(narrowed, 'query + work-type'), expectedCount, `status count with query="${query}" work-type="${types.join(',')}" vs the portal's listing with that search`);
  assertEq(narrowed.input, query, 'the search box holds the query attribute');
  assertEq(
    narrowed.hrefs.map((h) => new URL(h).pathname),
    expected.hrefs.slice(0, narrowed.hrefs.length),
    `results with query="${query}" work-type="${types.join(',')}" vs the portal's listing with that search`,
  );
  assertEq(narrowed.hrefs.length, Math.min(expectedCount, expected.hrefs.length), 'results shown (one page)');
  assertEq(narrowed.url, url, 'host page URL after the attribute changes');
});

test('embed: limit, layout and accent attributes apply; removing the element tears the widget down', async (t) => {
  const { districts } = await portalInfo();
  const [d1, d2] = districts;
  const total = await listingCount(d1);
  assert(total > 6, `${d1} has ${total} vacancies: the test needs more than 6 to page by 3`);
  const url = partnerPage({ body: `<quanyu-jobs id="w" district="${d1}"></quanyu-jobs>` });
  const [s0] = await openEmbed(t, url, ['#w']);
  assert(s0.filters, 'no filter panel (.qy-filters) without a layout attribute (full layout)');
  const linkColors = () => computedStyles(t.page, { link: ['#w', SEL.links], portal: ['#w', 'p.qy-portal a'] }, ['color']);
  const c0 = await linkColors();
  assert(c0.link && c0.portal, 'no result link or portal link to take the colour of');
  assert(c0.link.color !== 'rgb(170, 0, 0)', `the links are already rgb(170, 0, 0) without accent: the accent check would prove nothing`);

  const three = await setAttrs(t, t.page, '#w', { limit: '3' });
  assertEq(three.hrefs, s0.hrefs.slice(0, 3), 'results with limit="3" (the first three of the default page)');
  assert(three.more, `limit="3" of ${total} results: no "load more" button`);
  await t.page.locator(`#w ${SEL.more}`).click();
  await t.page.waitForFunction(([s]) => document.querySelector('#w').shadowRoot.querySelectorAll(s).length > 3, [SEL.links], { timeout: 5000 }).catch(() => {
    throw new Failure('"load more" with limit="3" added nothing');
  });
  const six = await settleEmbed(t, t.page, '#w');
  assertEq(six.hrefs, s0.hrefs.slice(0, 6), '"load more" with limit="3": the next three');

  const compact = await setAttrs(t, t.page, '#w', { layout: 'compact' });
  assert(!compact.filters, 'a filter panel (.qy-filters) with layout="compact"');
  assertEq(compact.hrefs.length, 3, 'results with layout="compact" limit="3"');
  const full = await setAttrs(t, t.page, '#w', { layout: 'full' });
  assert(full.filters, 'no filter panel with layout="full"');

  await setAttrs(t, t.page, '#w', { accent: '#aa0000' });
  const c1 = await linkColors();
  assertEq([c1.link.color, c1.portal.color], ['rgb(170, 0, 0)', 'rgb(170, 0, 0)'], 'colour of the result and portal links with accent="#aa0000"');
  assertEq(await t.page.evaluate(() => document.querySelector('#w').style.getPropertyValue('--qy-accent').trim()), '#aa0000', '--qy-accent on the element');
  await setAttrs(t, t.page, '#w', { accent: null });
  assertEq(await linkColors(), c0, 'link colours after removing accent');

  // Removed, the widget is torn down (its content goes); removed right after an attribute change, it
  // does not start; put back, it starts again with its current attributes.
  const empty = () => t.page.evaluate(() => !window.__qyEl.shadowRoot.querySelector('.qy-root *'));
  await t.page.evaluate(() => {
    window.__qyEl = document.querySelector('#w');
    window.__qyEl.remove();
  });
  await t.page.waitForFunction(() => !window.__qyEl.shadowRoot.querySelector('.qy-root *'), null, { timeout: 5000 }).catch(() => {
    throw new Failure('the removed element still shows the widget in its shadow root');
  });
  await t.page.evaluate((d) => {
    document.body.append(window.__qyEl);
    window.__qyEl.setAttribute('district', d);
    window.__qyEl.remove();
  }, d2);
  await settle(t, t.page, { needReady: false, quietMs: 500, take: () => empty() });
  assert(await empty(), 'an element removed right after an attribute change started a widget');
  const back = await remount(t, t.page, '#w', () => t.page.evaluate(() => document.body.append(window.__qyEl)), 'putting the element back');
  assertEq(back.hrefs.length, 3, 'results of the element put back (limit="3")');
  const prefix2 = await listingUrl(d2);
  assertEq(back.hrefs.filter((h) => !h.startsWith(prefix2)), [], `results of the element put back outside its district ${d2}`);
});

test('embed: links point to the portal, not the partner site', async (t) => {
  const { districts } = await portalInfo();
  const d = districts[0];
  const body = `<quanyu-jobs id="one" district="${d}" limit="5"></quanyu-jobs>\n<quanyu-jobs id="all" district="all" limit="5" layout="compact"></quanyu-jobs>`;
  const [one, all] = await openEmbed(t, partnerPage({ body }), ['#one', '#all']);
  for (const [name, snap] of [['#one', one], ['#all', all]]) {
    assert(snap.hrefs.length > 0, `${name}: no results`);
    assertEq(snap.hrefs.filter((h) => !h.startsWith(BASE + '/')), [], `${name}: result links not on the portal (${BASE}; the partner is ${PARTNER})`);
  }
  assertEq(one.portal, await listingUrl(d), `#one: the portal link (district="${d}")`);
  assertEq(all.portal, BASE + '/', `#all: the portal link (district="all": the portal's home)`);
  assert(countIn(all, '#all') >= countIn(one, '#one'), `district="all" finds fewer jobs (${all.status}) than district="${d}" (${one.status})`);
  const titles = await t.page.locator(`#one ${SEL.links}`).allTextContents();
  for (const [i, href] of one.hrefs.entries()) {
    const r = await fetch(href);
    assertEq(r.status, 200, `HTTP status of ${href}`);
    const h1 = /<h1[^>]*>([^<]*)<\/h1>/.exec(await r.text());
    assert(h1 && decodeEntities(h1[1]).trim() === titles[i].trim(), `${href}: heading ${JSON.stringify(h1 && h1[1])} differs from the result title ${JSON.stringify(titles[i])}`);
  }
  assertEq((await fetch(one.portal)).status, 200, `HTTP status of the portal link ${one.portal}`);
  // Following a result opens the vacancy on the portal.
  await t.page.locator(`#one ${SEL.links}`).first().click();
  await t.page.waitForURL((u) => u.href === one.hrefs[0], { timeout: 10000 }).catch(() => {
    throw new Failure(`clicking the first result opened ${t.page.url()}, not ${one.hrefs[0]}`);
  });
});

test('embed: the pinned loader with SRI runs; with a wrong integrity value it is blocked', async (t) => {
  const { sri, pinned, integrity, districts } = await portalInfo();
  for (const [p, value] of Object.entries(sri)) assertEq(value, integrityOf(p), `integrity of ${p} in /widget/sri.json vs the file's sha384`);
  const body = `<quanyu-jobs district="${districts[0]}" limit="5"></quanyu-jobs>`;
  const script = (value) => `<script type="module" src="${BASE}${pinned}" integrity="${value}" crossorigin="anonymous"></script>`;
  const [ok] = await openEmbed(t, partnerPage({ body, head: script(integrity) }));
  assertEq(countIn(ok, 'pinned loader'), await listingCount(districts[0]), `status count with the pinned loader vs the portal's listing of ${districts[0]}`);

  // A wrong (well-formed) value: Chromium refuses the script and says so in a console error, the one
  // message expected here.
  const wrong = 'sha384-' + crypto.createHash('sha384').update('not the loader').digest('base64');
  t.ignoreConsole = (msg) => msg.text().includes("'integrity'") && msg.text().includes(pinned);
  const refused = t.page.waitForEvent('console', { predicate: (m) => m.type() === 'error' && t.ignoreConsole(m), timeout: 10000 }).then(
    () => true,
    () => false,
  );
  await t.page.goto(partnerPage({ body, head: script(wrong) }));
  assert(await refused, `no integrity error for ${pinned} loaded with integrity="${wrong}"`);
  const snap = await settleEmbed(t, t.page, 'quanyu-jobs', { needReady: false });
  const defined = await t.page.evaluate(() => !!customElements.get('quanyu-jobs'));
  assertEq({ defined, shadowRoot: snap.shadow, mounted: snap.mounted }, { defined: false, shadowRoot: false, mounted: false }, 'with a wrong integrity value');
});

test('embed: a wasm that fails its integrity check leaves a link to the portal, not a blank element', async (t) => {
  const { districts } = await portalInfo();
  // The portal serves a wasm whose bytes differ from what the loader's hash says (a tampered or
  // half-deployed file): the loader's fetch with `integrity` must refuse it, and the element must offer
  // the portal instead of staying empty.
  await t.context.route(/\/widget\/v\/quanyu_bg\.[0-9a-f]+\.wasm$/, async (route) => {
    const real = await route.fetch();
    const bytes = Buffer.from(await real.body());
    bytes[bytes.length - 1] ^= 0xff;
    await route.fulfill({ response: real, body: bytes });
  });
  t.ignoreConsole = (msg) => /integrity|digest|quanyu: the job widget could not start/i.test(msg.text());
  await t.page.goto(partnerPage({ body: `<quanyu-jobs district="${districts[0]}" lang="en"></quanyu-jobs>` }));
  const link = await t.page
    .waitForFunction(() => document.querySelector('quanyu-jobs')?.shadowRoot?.querySelector('p > a')?.href || null, null, { timeout: 10000 })
    .then((h) => h.jsonValue(), () => null);
  assert(link, 'no fallback link in the element after the wasm failed its integrity check');
  assertEq(new URL(link).origin, BASE, 'the fallback link goes to the portal');
  const state = await t.page.evaluate(() => {
    const root = document.querySelector('quanyu-jobs').shadowRoot;
    return { text: root.querySelector('p > a').textContent, results: root.querySelectorAll('.qy-results li').length, lang: root.querySelector('p').lang };
  });
  assertEq([state.results, state.lang], [0, 'en'], 'no results, and the fallback in the element\'s language');
  assert(/portal/i.test(state.text), `the fallback says where to go: "${state.text}"`);
});

test('the /embed/ page: the URL prefills the form, the preview and the snippet follow it', async (t) => {
  const { pinned, integrity } = await portalInfo();
  const district = 'tianhe';
  const prefix = await listingUrl(district);
  // Expected: the count of full-time jobs next to the portal listing's filter.
  const ref = await t.context.newPage();
  await open(t, new URL(prefix).pathname, ref);
  const ft = (await facetOptions(ref, 'work_type')).find((o) => o.value === 'FULL_TIME');
  assert(ft && ft.count > 3, `the portal lists ${ft ? ft.count : 'no'} FULL_TIME jobs in ${district}: the test needs more than 3`);
  await ref.close();

  const page = t.page;
  await page.goto(`${BASE}/embed/?district=${district}&work_type=FULL_TIME`);
  assertEq(await page.locator('#e-district').inputValue(), district, 'district chosen from the URL');
  assertEq(await page.$$eval('#embed-form input[name=work_type]:checked', (bs) => bs.map((b) => b.value)), ['FULL_TIME'], 'work types ticked from the URL');
  const snap = await waitEmbed(t, page, '#embed-preview', 'the preview');
  assertEq(countIn(snap, 'preview'), ft.count, `the preview's count vs the listing's FULL_TIME count in ${district}`);
  assertEq(snap.hrefs.filter((h) => !h.startsWith(prefix)), [], `preview results outside ${prefix}`);
  const snippet = () => page.locator('#embed-snippet').textContent();
  const text = await snippet();
  for (const want of [`district="${district}"`, 'work-type="FULL_TIME"', `${pinned}" integrity="${integrity}" crossorigin="anonymous"></script>`]) {
    assert(text.includes(want), `the snippet lacks ${want}: ${text}`);
  }
  const latest = await page.locator('#embed-snippet-latest').textContent();
  for (const want of ['/widget/embed.js"></script>', `district="${district}"`, 'work-type="FULL_TIME"']) {
    assert(latest.includes(want), `the auto-updating snippet lacks ${want}: ${latest}`);
  }

  const three = await remount(t, page, '#embed-preview', () => page.locator('#e-limit').fill('3'), 'typing 3 in the limit field');
  assert((await snippet()).includes('limit="3"'), `the snippet lacks limit="3" after the change: ${await snippet()}`);
  assertEq(three.hrefs, snap.hrefs.slice(0, 3), 'preview results with limit 3');
  assertEq(countIn(three, 'preview'), ft.count, 'the preview count with limit 3');

  // The snippet, pasted into a partner's page (the portal's address being this test server's), shows
  // what the preview shows.
  const portal = await page.locator('#embed-form').getAttribute('data-portal');
  const pasted = (await snippet()).split(portal).join(BASE);
  const [p] = await openEmbed(t, partnerPage({ body: pasted, head: '' }));
  assertEq([p.status, p.hrefs], [three.status, three.hrefs], 'the pasted snippet vs the preview');
});

test('the listing\'s "embed this" link opens /embed/ with its search', async (t) => {
  await open(t, LISTING);
  const found = await search(t, '焊工');
  const count = await statusCount(t.page);
  const link = t.page.locator('p.qy-embed a');
  assertEq(await link.count(), 1, '"embed this" links (p.qy-embed a)');
  const href = await link.getAttribute('href');
  assert(href.startsWith('/embed/?'), `the "embed this" link is ${href}, not /embed/?<search>`);
  const pairs = href.slice('/embed/?'.length).split('&');
  for (const want of [`q=${encodeQ('焊工')}`, `district=${WELD_DISTRICT}`]) assert(pairs.includes(want), `the "embed this" link lacks ${want}: ${href}`);

  await link.click();
  await t.page.waitForURL((u) => u.pathname === '/embed/', { timeout: 10000 });
  assertEq(await t.page.locator('#e-query').inputValue(), '焊工', 'the query field of /embed/');
  assertEq(await t.page.locator('#e-district').inputValue(), WELD_DISTRICT, 'the district of /embed/');
  const preview = await waitEmbed(t, t.page, '#embed-preview', 'the preview');
  assertEq(countIn(preview, 'preview'), count, "the preview's count vs the listing's for 焊工");
  assertEq(preview.hrefs.map((h) => new URL(h).pathname), found.hrefs.slice(0, preview.hrefs.length), "the preview's results vs the listing's");
  assert((await t.page.locator('#embed-snippet').textContent()).includes('query="焊工"'), 'the snippet lacks query="焊工"');
});

test('languages: the en listing searches in English and its results stay in English; the switch leads to the same page', async (t) => {
  const shown = await open(t, '/en' + LISTING);
  assertEq(await t.page.locator('form.qy-search label').textContent(), 'Search jobs', 'the search label in English');
  assert(/job/i.test(shown.status), `the status line is not in English: ${shown.status}`);
  assert(shown.hrefs.length > 0 && shown.hrefs.every((h) => h.startsWith('/en/')), `result links leave /en/: ${shown.hrefs.slice(0, 3)}`);
  const found = await search(t, '焊工');
  assert(found.hrefs.every((h) => h.startsWith('/en/')), 'results after a search leave /en/');
  await t.page.locator('.lang-switch a[hreflang="zh-HK"]').click();
  await t.page.waitForURL((u) => u.pathname === '/zh-hk' + LISTING, { timeout: 10000 });
  await reach(t.page);
  await t.page.waitForSelector(SEL.results);
  assertEq(await t.page.evaluate(() => document.documentElement.lang), 'zh-HK', 'the document language after switching');
  assertEq(await t.page.locator('form.qy-search label').textContent(), '搜尋職位', 'the search label in zh-HK');
});

// ---------------------------------------------------------------------------------------------------
// The profile (issue 4): the full widget loads on opening the panel; ranking with reasons, policies,
// stations, opt-in storage, nothing sent.

const PROFILE = {
  panel: '.qy-profile',
  summary: '.qy-profile > summary',
  skill: '.qy-skills input[type=text]',
  chips: '.qy-chips li',
  why: 'ul.qy-results .qy-why',
  yes: '.qy-policies > li.qy-yes > a',
  maybe: '.qy-policies > li.qy-maybe > a',
  not: '.qy-not .qy-policies > li > a',
  stations: '.qy-stations > li',
  remember: '.qy-profile .qy-check input[type=checkbox]',
};

/** The profile panel's drop-down whose id ends with `-p-<name>`. */
const profileSelect = (page, name) => page.locator(`.qy-profile select[id$="-p-${name}"]`);

/** Opens the profile panel (the full widget takes the search widget's place) and waits for its form. */
async function openProfile(t, page = t.page) {
  await page.locator(PROFILE.summary).click();
  await page.waitForSelector(PROFILE.skill, { timeout: 10000 }).catch(() => {
    throw new Failure('opening the profile panel showed no profile form (the full widget did not mount?)');
  });
  await page.waitForFunction(() => document.querySelectorAll('.qy-profile select[id$="-p-place"] option').length > 1, null, { timeout: 10000 }).catch(() => {
    throw new Failure('the place list stayed empty (profile file not loaded?)');
  });
  return settle(t, page);
}

/** Adds a skill through the panel's form. */
async function addSkill(t, skill, page = t.page) {
  await page.locator(PROFILE.skill).fill(skill);
  await page.locator(PROFILE.skill).press('Enter');
  await page.waitForFunction((s) => [...document.querySelectorAll('.qy-chips li')].some((li) => li.textContent.includes(s)), skill, { timeout: 5000 });
  return settle(t, page);
}

/** The value of the place option whose label is `street` (within the district named `district`). */
async function placeValue(page, street) {
  const v = await profileSelect(page, 'place').evaluate((sel, st) => [...sel.options].find((o) => o.textContent === st)?.value ?? null, street);
  assert(v, `no place ${street} in the profile's list`);
  return v;
}

async function choose(t, name, value, page = t.page) {
  await profileSelect(page, name).selectOption(value);
  return settle(t, page);
}

const texts = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent.trim()));

test('profile: opening the panel loads the full widget; a profile re-ranks the results and shows why', async (t) => {
  const before = await open(t, LISTING);
  const small = t.net.requests.filter((r) => /quanyu_full/.test(r.url)).length;
  assertEq(small, 0, 'requests for the full widget before the panel is opened');
  await openProfile(t);
  assert(t.net.requests.some((r) => /quanyu_full_bg\.[0-9a-f]+\.wasm$/.test(r.url)), 'the full widget was not fetched on opening the panel');
  assertEq(await t.page.evaluate(() => document.activeElement?.closest('.qy-profile') !== null), true, 'focus stays on the panel after the swap');
  const same = await settle(t, t.page);
  assertEq(same.hrefs, before.hrefs, 'the results after the swap, before anything is told');

  await choose(t, 'place', await placeValue(t.page, '永和街道'));
  await choose(t, 'minutes', '0');
  const ranked = await addSkill(t, 'PLC');
  assert(JSON.stringify(ranked.hrefs) !== JSON.stringify(before.hrefs), 'the order did not change with a profile');
  assertEq(await t.page.locator('.qy-sort select').inputValue(), 'match', 'the order chosen ("best for me")');
  assert(/适合您/.test(ranked.status), `the status line does not say how many suit: ${ranked.status}`);
  const why = await texts(t.page, PROFILE.why);
  assert(why.length > 0, 'no reasons under the results');
  assert(/具备 1\/\d+ 项技能/.test(why[0]), `the first result's reasons do not count its skills: ${why[0]}`);
  assert(/约 [\d.]+ (公里|米) · 步行 \d+ 分钟/.test(why.join(' ')), `no distance with walking minutes among the reasons: ${why.join(' | ')}`);
  // The first result lists PLC (the citizen's only skill): it is the best match for skills.
  const first = await vacancyText(ranked.hrefs[0]);
  assert(first.includes('PLC'), `the first result (${ranked.hrefs[0]}) does not ask for PLC`);

  // A work type the citizen does not accept is filtered out.
  await t.page.locator('.qy-profile fieldset', { hasText: '可接受的工作类型' }).getByLabel('全职').check();
  const fullTime = await settle(t, t.page);
  for (const href of fullTime.hrefs.slice(0, 5)) {
    const text = await vacancyText(href);
    assert(text.includes('全职'), `${href} is shown for a full-time-only profile but is not full-time`);
  }
});

test('profile: a HK youth in Nansha is eligible for the HK/Macau youth policy, a Guangzhou resident is not', async (t) => {
  await open(t, '/nansha/jobs/');
  await openProfile(t);
  const title = '广州南沙新区（自贸片区）鼓励支持港澳青年创业就业实施办法';
  await choose(t, 'place', await placeValue(t.page, '南沙街道'));
  await choose(t, 'residence', 'hong-kong');
  await choose(t, 'age', '25-29');
  await t.page.locator('.qy-profile fieldset', { hasText: '我属于' }).getByLabel('港澳青年').check();
  await settle(t, t.page);
  const yes = await texts(t.page, PROFILE.yes);
  assert(yes.includes(title), `the HK/Macau youth policy is not among the eligible ones: ${JSON.stringify(yes)}`);
  const item = t.page.locator('.qy-policies > li.qy-yes', { hasText: title });
  assert((await item.textContent()).includes('最高 51.5万元'), 'the eligible policy does not show its amount (最高 51.5万元)');
  assert((await item.locator('a').getAttribute('href')).startsWith('/nansha/policies/'), 'the policy does not link to its page');
  // Stations near the citizen: distance, minutes, open now or not.
  const stations = await texts(t.page, PROFILE.stations);
  assert(stations.length > 0 && /步行 \d+ 分钟/.test(stations[0]) && /(正在开放|现在未开放)/.test(stations[0]), `nearest stations: ${JSON.stringify(stations)}`);

  await choose(t, 'residence', 'guangzhou');
  assert(!(await texts(t.page, PROFILE.yes)).includes(title), 'still eligible with a Guangzhou hukou');
  assert((await texts(t.page, PROFILE.not)).includes(title), 'the policy is not listed as not eligible for a Guangzhou resident');
  const reason = await t.page.locator('.qy-not li', { hasText: title }).textContent();
  assert(reason.includes('户籍 / 身份'), `the verdict does not name the failed condition: ${reason}`);
  await choose(t, 'residence', '');
  assert((await texts(t.page, PROFILE.maybe)).includes(title), 'with residence not told the policy is not "may be eligible"');
});

test('profile: it survives a reload only after opting in, and clearing forgets it', async (t) => {
  await open(t, LISTING);
  await openProfile(t);
  await addSkill(t, '焊工证');
  assertEq(await t.page.evaluate(() => localStorage.getItem('qy-profile')), null, 'stored before opting in');
  await t.page.reload();
  await reach(t.page);
  await t.page.waitForSelector(SEL.results);
  await settle(t, t.page);
  assertEq(await t.page.locator(PROFILE.chips).count(), 0, 'skills after a reload without opting in');

  await openProfile(t);
  await addSkill(t, '焊工证');
  await t.page.locator(PROFILE.remember).check();
  const ranked = await settle(t, t.page);
  await t.page.reload();
  await t.page.waitForSelector(PROFILE.chips, { timeout: 10000 });
  const again = await settle(t, t.page);
  assert((await t.page.locator(PROFILE.chips).first().textContent()).includes('焊工证'), 'the remembered skill is not shown after the reload');
  assertEq(again.hrefs, ranked.hrefs, 'the ranked results after the reload');
  assert((await t.page.locator(PROFILE.why).count()) > 0, 'no reasons after the reload');

  await t.page.locator('.qy-actions button', { hasText: '清除我的信息' }).click();
  await settle(t, t.page);
  assertEq(await t.page.evaluate(() => localStorage.getItem('qy-profile')), null, 'stored after clearing');
  // In another browser profile nothing is known.
  const other = await t.newContext();
  const page = await other.context.newPage();
  await page.goto(BASE + LISTING);
  await reach(page);
  await page.waitForSelector(SEL.results);
  assertEq(await page.locator(PROFILE.chips).count(), 0, 'skills in another browser profile');
});

test('profile: no request carries any of it (network log), and "my plan" prints without the controls', async (t) => {
  const sent = [];
  t.context.on('request', (r) => sent.push({ url: r.url(), method: r.method(), body: r.postData() || '', headers: JSON.stringify(r.headers()) }));
  await t.context.grantPermissions(['geolocation'], { origin: BASE });
  await t.context.setGeolocation({ latitude: 22.80123, longitude: 113.53456 });
  await open(t, '/nansha/jobs/');
  await openProfile(t);
  const skill = '潜水焊接特技';
  await addSkill(t, skill);
  await t.page.locator('.qy-profile button', { hasText: '使用我的位置' }).click();
  await t.page.waitForSelector('.qy-profile .qy-note[role=status]');
  await t.page.locator('.qy-profile input[type=number]').fill('23456');
  await t.page.locator('.qy-profile input[type=number]').press('Tab');
  await choose(t, 'minutes', '60');
  await choose(t, 'residence', 'macau');
  await choose(t, 'age', '30-34');
  await t.page.locator(PROFILE.remember).check();
  await settle(t, t.page);
  await t.page.reload();
  await t.page.waitForSelector(PROFILE.chips);
  await settle(t, t.page);
  const stations = await texts(t.page, PROFILE.stations);
  assert(stations.length > 0, 'no stations near the position');

  const values = [skill, encodeURIComponent(skill), '23456', '22.80', '2280123', '113.53', 'macau', '30-34', 'qy-profile'];
  for (const r of sent) {
    const all = `${decodeURIComponent(r.url)} ${r.url} ${r.body} ${r.headers}`;
    for (const v of values) assert(!all.includes(v), `a request carries "${v}": ${r.method} ${r.url}`);
    assert(r.method === 'GET', `a ${r.method} request: ${r.url}`);
    assert(r.url.startsWith(BASE), `a request to another origin: ${r.url}`);
  }
  assert(sent.length > 10, `only ${sent.length} requests were logged`);

  await t.page.emulateMedia({ media: 'print' });
  const printed = await t.page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.offsetParent !== null || getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0);
    return { title: shown('.qy-plan-title'), policies: shown('.qy-policies'), stations: shown('.qy-stations'), results: shown('ul.qy-results > li'), form: shown('.qy-profile'), search: shown('.qy-search'), header: shown('.site-header') };
  });
  assertEq(printed, { title: true, policies: true, stations: true, results: true, form: false, search: false, header: false }, 'what "print my plan" shows');
});

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now: ["rule: target", …]. */
async function axeViolations(page) {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (an
  // added <script> would be an inline script the policy blocks): the page stays under its real policy.
  await page.evaluate(fs.readFileSync(axePath, 'utf8'));
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

test('profile: the open panel, the policies, the stations and the reasons pass axe (WCAG 2.1 AA), also in high contrast', async (t) => {
  await open(t, '/nansha/jobs/');
  await openProfile(t);
  await choose(t, 'place', await placeValue(t.page, '南沙街道'));
  await choose(t, 'minutes', '0');
  await choose(t, 'residence', 'hong-kong');
  await addSkill(t, 'Excel');
  await t.page.locator('.qy-not > summary').click();
  assert((await t.page.locator(PROFILE.why).count()) > 0 && (await t.page.locator(PROFILE.stations).count()) > 0, 'reasons and stations are shown');
  const plain = await axeViolations(t.page);
  assertEq(plain, [], 'axe violations');
  await t.page.locator('.display-bar button[data-display=contrast]').click();
  await settle(t, t.page);
  assertEq(await t.page.evaluate(() => document.documentElement.classList.contains('qy-contrast')), true, 'high contrast is on');
  assertEq(await axeViolations(t.page), [], 'axe violations in high contrast');
  // Large text on a 320 px screen: the open panel and what it found fit without sideways scrolling.
  await t.page.locator('.display-bar button[data-display=large]').click();
  await t.page.setViewportSize({ width: 320, height: 800 });
  await settle(t, t.page);
  const wide = await t.page.evaluate(() => [document.documentElement.scrollWidth, ...[...document.querySelectorAll('.qy-profile *, .qy-for-you *')].filter((e) => e.getBoundingClientRect().right > 321).map((e) => e.className || e.tagName)]);
  assertEq(wide, [320], 'page width and elements past the right edge at 320 px in large text');
});

test("a station's page links to its street's vacancies, which the widget lists", async (t) => {
  await t.page.goto(BASE + '/tianhe/stations/zhujiang-newtown/');
  const street = (await t.page.locator('dl.facts dd').nth(1).textContent()).trim();
  const link = t.page.locator('main a[href*="locality="]');
  assertEq(await link.count(), 1, 'links from the station page to its street\'s vacancies');
  await link.click();
  await t.page.waitForSelector(SEL.results);
  const shown = await settle(t, t.page);
  assert(shown.hrefs.length > 0, `no vacancy in ${street}`);
  assertEq(shown.selects.filter((x) => x.startsWith('locality=')), [`locality=${street}`], 'the street filter');
  const places = await t.page.$$eval('ul.qy-results .meta > span:first-child', (els) => els.map((e) => e.textContent));
  for (const p of places) assert(p.includes(street), `a result outside ${street}: ${p}`);
});

// ---------------------------------------------------------------------------------------------------
// The citizen on a phone (issue 14): results on the first screen, the filter sheet, saved jobs and
// searches, read aloud. Expected values come from the pages themselves (the status line, the sheet's
// counts, the listing's own results).

const PHONES = [{ width: 360, height: 640 }, { width: 390, height: 844 }];

/** The listing pages of one language: a district's, one work type's and one target group's (the first
 *  of each on the district listing's static filters). */
async function listingPages(prefix) {
  const { text } = await get(prefix + LISTING);
  const first = (re) => re.exec(text)?.[1];
  const type = first(/<a href="([^"]*\/jobs\/type\/[^"]+)"/);
  const group = first(/<a href="([^"]*\/jobs\/group\/[^"]+)"/);
  assert(type && group, `${prefix + LISTING}: no type or group listing linked`);
  return [prefix + LISTING, type, group];
}

/** Where the search box, the header and the first result's title, employer and pay end (px from the top). */
function firstScreen(page) {
  return page.evaluate((sel) => {
    const bottom = (el) => (el ? Math.round(el.getBoundingClientRect().bottom) : null);
    // The widget's first result, or the page's own before the widget starts.
    const first = document.querySelector(`${sel.results} > li.job`) ?? document.querySelector(`${sel.staticList} li.job`);
    return {
      scrollY: window.scrollY,
      header: bottom(document.querySelector('.site-header')),
      input: bottom(document.querySelector(sel.input)),
      title: bottom(first?.querySelector('h3')),
      employer: bottom(first?.querySelector('.employer')),
      pay: bottom(first?.querySelector('.salary')),
    };
  }, SEL);
}

for (const prefix of ['', '/zh-hk', '/en']) {
  test(`phone (${prefix || 'zh-CN'}): the search box and the first result fit the first screen on every listing page, also in large text`, async (t) => {
    const page = t.page;
    for (const p of await listingPages(prefix)) {
      for (const vp of PHONES) {
        await page.setViewportSize(vp);
        await page.goto(BASE + p);
        // As the page comes (the box it draws, its own list), then with the widget started.
        for (const widget of [false, true]) {
          if (widget) await reach(page);
          await settle(t, page, { needReady: widget });
          const s = await firstScreen(page);
          const where = `${p} at ${vp.width}×${vp.height}${widget ? '' : ' before the widget starts'}: ${JSON.stringify(s)}`;
          assert(s.scrollY === 0 && s.input !== null && s.title !== null, `${where}: no search box or result`);
          assert(Math.max(s.input, s.title, s.employer, s.pay) <= vp.height, `${where}: the search box or the first result (title, employer, pay) is below the first screen`);
          assert(s.header <= 0.2 * 640, `${where}: the header takes more than 20% of a 640 px screen`);
        }
      }
      // Large text at 360×640: the search box and the first result's title at least.
      await page.setViewportSize(PHONES[0]);
      await page.evaluate(() => localStorage.setItem('qy-display', 'large'));
      await page.goto(BASE + p);
      for (const widget of [false, true]) {
        if (widget) await reach(page);
        await settle(t, page, { needReady: widget });
        const s = await firstScreen(page);
        assert(s.input !== null && s.title !== null && Math.max(s.input, s.title) <= 640, `${p} in large text at 360×640${widget ? '' : ' before the widget starts'}: ${JSON.stringify(s)}`);
      }
      await page.evaluate(() => localStorage.removeItem('qy-display'));
    }
  });
}

test('phone: the header menu opens without JavaScript and holds the navigation', async (t) => {
  const ctx = await t.newContext({ viewport: PHONES[0], javaScriptEnabled: false });
  const page = await ctx.context.newPage();
  await page.goto(BASE + LISTING);
  const nav = page.locator('.site-menu .nav-districts a').first();
  assertEq(await nav.isVisible(), false, 'the districts shown before the menu opens');
  await page.locator('.site-menu > summary').click();
  assertEq(await nav.isVisible(), true, 'the districts shown once the menu is open');
  await page.locator('.site-menu > summary').click();
  assertEq(await nav.isVisible(), false, 'the districts shown once the menu is closed again');
  // Without JavaScript the static list is the page: its filters open from "筛选" too.
  await page.locator('.static-filters > summary').click();
  assert(await page.locator('.static-filters .facets a').first().isVisible(), 'the static filters do not open');
});

test('phone: the filter sheet is a modal dialog — focus moves in and back, Esc closes, it counts filters and results', async (t) => {
  const page = t.page;
  await page.goto(BASE + LISTING);
  await reach(page);
  await settle(t, page);
  const opener = page.locator('.qy-sheet-open');
  const label0 = (await opener.textContent()).trim();
  assert(/^筛选/.test(label0), `the open button says ${label0}`);
  await opener.focus();
  await opener.press('Enter');
  const inside = () => page.evaluate(() => {
    const d = document.querySelector('dialog.qy-sheet');
    return { open: d.open, modal: d.matches(':modal'), focusIn: d.contains(document.activeElement), name: document.getElementById(d.getAttribute('aria-labelledby'))?.textContent };
  });
  assertEq(await inside(), { open: true, modal: true, focusIn: true, name: '筛选' }, 'the sheet once opened');
  // A filter in the sheet: the results and the "查看 N 个岗位" button follow.
  const box = page.locator('dialog.qy-sheet fieldset[data-facet="work_type"] input[type=checkbox]').first();
  const expected = Number(await box.evaluate((i) => i.closest('label').querySelector('.n').textContent));
  await box.check();
  await settle(t, page);
  const done = page.locator('.qy-sheet-done');
  assertEq((await done.textContent()).trim(), `查看 ${expected} 个岗位`, 'the closing button');
  const status = await page.locator(SEL.status).textContent();
  assert(status.includes(String(expected)), `the status line (${status}) does not say ${expected}`);
  await done.click();
  assertEq((await inside()).open, false, 'the sheet after "查看"');
  assertEq(await page.evaluate(() => document.activeElement?.classList.contains('qy-sheet-open')), true, 'focus back on the open button');
  const on = await page.evaluate(() => [...new URLSearchParams(location.search).entries()].filter(([k, v]) => !['q', 'sort'].includes(k) && v).length);
  assertEq((await opener.textContent()).trim(), `筛选（${on}）`, 'the open button counts the filters on');
  // Esc closes, focus returns.
  await opener.click();
  assertEq((await inside()).modal, true, 'the sheet opened again');
  await page.keyboard.press('Escape');
  assertEq([(await inside()).open, await page.evaluate(() => document.activeElement?.classList.contains('qy-sheet-open'))], [false, true], 'after Esc: closed, focus on the button');
  // The order is one tap away, outside the sheet.
  await page.locator('.qy-sort select').selectOption('newest');
  await settle(t, page);
  assert(new URL(page.url()).searchParams.get('sort') === 'newest', 'sorting from the bar');
  assertEq(await axeViolations(page), [], 'axe violations with the bar');
  await opener.click();
  assertEq(await axeViolations(page), [], 'axe violations with the sheet open');
}, { viewport: { width: 360, height: 640 } });

/** The saved jobs in this context's storage. */
const savedJobs = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('qy-saved-jobs') || '[]'));

test('saved jobs: ☆ on results and vacancy pages, "我的收藏" from storage alone (offline), closed and gone marked, removable; no request carries them', async (t) => {
  const page = t.page;
  await page.goto(BASE + LISTING);
  await reach(page);
  await settle(t, page);
  const star = page.locator(`${SEL.results} > li.job`).first().locator('.qy-star');
  assertEq([await star.getAttribute('aria-label'), await star.getAttribute('aria-pressed')], ['收藏', 'false'], 'the first result\'s ☆');
  const first = await page.locator(SEL.links).first().evaluate((a) => ({ url: a.getAttribute('href'), title: a.textContent.trim() }));
  await star.click();
  assertEq(await star.getAttribute('aria-pressed'), 'true', 'pressed once saved');
  // Results that come later (a search) get their ☆ too.
  await page.locator(SEL.input).fill('焊工');
  await settle(t, page);
  const stars = await page.locator(`${SEL.results} > li.job > .qy-star`).count();
  assertEq(stars, await page.locator(`${SEL.results} > li.job`).count(), 'a ☆ on every result of a search');
  // On a vacancy page: the button, with the closing date the page knows.
  const second = await page.locator(SEL.links).first().getAttribute('href');
  await page.goto(BASE + second);
  const save = page.locator('.job-tools .qy-save');
  assertEq([await save.isVisible(), (await save.textContent()).trim()], [true, '☆ 收藏'], 'the vacancy page\'s save button');
  await save.click();
  assertEq(await save.getAttribute('aria-pressed'), 'true', 'pressed once saved');
  const jobs = await savedJobs(page);
  assertEq(jobs.map((j) => j.url).sort(), [first.url, second].sort(), 'saved URLs');
  const fromPage = jobs.find((j) => j.url === second);
  assert(fromPage.title && fromPage.employer && fromPage.pay && fromPage.place, `fields of the saved job: ${JSON.stringify(fromPage)}`);
  // One closed (its date moved into the past) and one that has left the portal.
  await page.evaluate(() => {
    const list = JSON.parse(localStorage.getItem('qy-saved-jobs'));
    list[0].closes = '2001-01-01';
    list.push({ url: '/huangpu/jobs/no-such-vacancy/', title: '已下架的岗位', employer: 'x', pay: '', place: '', closes: '' });
    localStorage.setItem('qy-saved-jobs', JSON.stringify(list));
  });
  t.ignoreConsole = (msg) => /404/.test(msg.text()) && /no-such-vacancy/.test(msg.location().url || '');
  // "我的收藏" needs neither the index nor the widget.
  await page.route(/\/(search|widget)\//, (r) => r.abort());
  await page.goto(BASE + '/saved/');
  const items = page.locator('#qy-saved li.job');
  await page.waitForSelector('#qy-saved li.job');
  assertEq(await items.count(), 3, 'saved jobs listed');
  assertEq(await page.locator('#qy-saved .qy-closed').count(), 1, 'jobs marked closed');
  await page.waitForSelector('#qy-saved .qy-gone:not([hidden])', { timeout: 5000 });
  assertEq(await page.locator('#qy-saved li[data-url="/huangpu/jobs/no-such-vacancy/"] .qy-gone').isVisible(), true, 'the job that left the portal is marked');
  assertEq(await page.locator('#qy-saved li[data-url="' + second + '"] .qy-gone').isVisible(), false, 'a listed job is not marked gone');
  assertEq(t.net.requests.filter((r) => /\/(search|widget)\//.test(r.url) && r.url.includes('/saved')).length, 0, 'index requests from the saved page');
  // Offline: removing works from storage.
  await t.context.setOffline(true);
  await page.locator(`#qy-saved li[data-url="${second}"] .qy-remove`).click();
  assertEq(await items.count(), 2, 'saved jobs after removing one, offline');
  assertEq((await savedJobs(page)).some((j) => j.url === second), false, 'removed from storage');
  await t.context.setOffline(false);
  assertEq(await axeViolations(page), [], 'axe violations on the saved page');
  // Nothing about them left the browser: every request a GET or HEAD of a fixed file, none naming them.
  const secrets = [first.title, fromPage.title, fromPage.employer].filter((s) => s.length >= 2);
  const leaks = t.net.requests.filter((r) => !['GET', 'HEAD'].includes(r.method) || secrets.some((s) => decodeURIComponent(r.url).includes(s)));
  assertEq(leaks.map((r) => `${r.method} ${r.url}`), [], 'requests carrying saved jobs');
});

test('saved searches: "保存这个搜索" keeps the query and filters under a name; "我的收藏" opens it newest first', async (t) => {
  const page = t.page;
  await page.goto(BASE + LISTING);
  await reach(page);
  await settle(t, page);
  await page.locator(SEL.input).fill('焊工');
  await page.locator(SEL.input).press('Enter');
  await settle(t, page);
  const wanted = await snapshot(page);
  await page.locator('#qy-search-name').fill('我的焊工');
  await page.locator('#qy-save-search button[type=submit]').click();
  assert(/我的焊工/.test(await page.locator('#qy-save-search [role=status]').textContent()), 'no confirmation');
  await page.goto(BASE + '/saved/');
  const link = page.locator('#qy-saved .qy-saved-searches a', { hasText: '我的焊工' });
  const href = await link.getAttribute('href');
  const q = new URL(href, BASE).searchParams;
  assertEq([q.get('q'), q.get('sort')], ['焊工', 'newest'], 'the saved search\'s link');
  await link.click();
  const opened = await settle(t, page);
  assertEq([opened.input, await page.locator('.qy-sort select').inputValue()], ['焊工', 'newest'], 'the search opened');
  assertEq([...opened.hrefs].sort(), [...wanted.hrefs].sort(), 'the same vacancies');
  const leaks = t.net.requests.filter((r) => decodeURIComponent(r.url).includes('我的焊工'));
  assertEq(leaks.map((r) => r.url), [], 'requests carrying the saved search\'s name');
});

/** An init script replacing speechSynthesis by a recorder with `voices` (language tags). */
function stubSpeech(page, voices) {
  return page.addInitScript((langs) => {
    const calls = (window.__speech = []);
    const synth = new EventTarget();
    synth.voices = langs.map((lang) => ({ lang, name: `stub ${lang}`, default: false, localService: true, voiceURI: lang }));
    synth.getVoices = () => synth.voices;
    synth.speak = (u) => calls.push(['speak', u.text, u.lang]);
    for (const m of ['pause', 'resume', 'cancel']) synth[m] = () => calls.push([m]);
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  }, voices);
}

test('read aloud: hidden without a voice for the page\'s language; with one, it reads the vacancy, pauses, resumes and stops', async (t) => {
  const listing = await staticListing(LISTING);
  const href = listing[0].href;
  // No voice at all, then a voice in another language only: hidden.
  const none = await t.newContext();
  const p0 = await none.context.newPage();
  await stubSpeech(p0, ['en-US']);
  await p0.goto(BASE + href);
  assertEq(await p0.locator('.qy-read').isVisible(), false, 'the button on a zh-CN page with an English voice only');
  // A voice that arrives later (voiceschanged) shows it.
  await p0.evaluate(() => {
    window.speechSynthesis.voices.push({ lang: 'zh-CN', name: 'late', default: false, localService: true, voiceURI: 'late' });
    window.speechSynthesis.dispatchEvent(new Event('voiceschanged'));
  });
  assertEq(await p0.locator('.qy-read').isVisible(), true, 'the button once a zh-CN voice arrives');
  // With a voice: read, pause, resume, stop — by keyboard.
  const page = t.page;
  await stubSpeech(page, ['zh-CN']);
  await page.goto(BASE + href);
  const read = page.locator('.qy-read');
  assertEq((await read.textContent()).trim(), '朗读', 'the button\'s name');
  await read.focus();
  await page.keyboard.press('Enter');
  const calls = await page.evaluate(() => window.__speech);
  const spoken = calls.filter((c) => c[0] === 'speak');
  const title = (await page.locator('h1').textContent()).trim();
  assertEq(spoken[0], ['speak', title, 'zh-CN'], 'the first utterance: the title, in zh-CN');
  const description = (await page.locator('.prose').textContent()).replace(/\s+/g, ' ').trim();
  assert(spoken.map((c) => c[1]).join(' ').includes(description.slice(0, 20)), 'the description is read');
  assertEq([await read.getAttribute('aria-pressed'), (await read.textContent()).trim()], ['true', '暂停朗读'], 'while reading');
  await page.keyboard.press('Enter');
  assertEq((await page.evaluate(() => window.__speech)).at(-1), ['pause'], 'paused');
  assertEq((await read.textContent()).trim(), '继续朗读', 'the button while paused');
  await page.keyboard.press('Enter');
  assertEq((await page.evaluate(() => window.__speech)).at(-1), ['resume'], 'resumed');
  await page.locator('.qy-read-stop').click();
  assertEq((await page.evaluate(() => window.__speech)).at(-1), ['cancel'], 'stopped');
  assertEq([(await read.textContent()).trim(), await page.locator('.qy-read-stop').isVisible()], ['朗读', false], 'after stopping');
  // In English: the page's labels in English, the vacancy's text in the language it is written in.
  const en = await t.newContext();
  const p1 = await en.context.newPage();
  await stubSpeech(p1, ['en-GB', 'zh-CN']);
  await p1.goto(BASE + '/en' + href);
  assertEq((await p1.locator('.qy-read').textContent()).trim(), 'Read aloud', 'the English button');
  await p1.locator('.qy-read').click();
  const langs = new Set((await p1.evaluate(() => window.__speech)).filter((c) => c[0] === 'speak').map((c) => c[2]));
  assertEq([...langs].sort(), ['en', 'zh-CN'], 'the languages read on the English page');
});

// ---------------------------------------------------------------------------------------------------
// Runner

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TEST_TIMEOUT_MS = 30000;

const started = Date.now();
let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
} catch (e) {
  console.error(`run.mjs: cannot launch ${CHROMIUM}: ${e.message}`);
  server.close();
  partnerServer.close();
  process.exit(2);
}

/** A fresh context with console and page-error collection; the test's `t` object. */
async function makeContext(opts, errors, t) {
  const context = await browser.newContext({ locale: 'zh-CN', ...opts });
  context.setDefaultTimeout(10000);
  context.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (t.ignoreConsole && t.ignoreConsole(msg)) return;
    errors.push(`console error: ${msg.text()}${msg.location().url ? ` (${msg.location().url})` : ''}`);
  });
  context.on('weberror', (e) => errors.push(`page error: ${e.error().message}`));
  return { context, net: trackNetwork(context) };
}

/** Runs one test in fresh contexts; resolves to its report line and whether it passed. */
async function runOne({ name, fn, opts }) {
  const errors = [];
  const contexts = [];
  const t = { ignoreConsole: null };
  t.newContext = async (o = opts) => {
    const c = await makeContext(o, errors, t);
    contexts.push(c.context);
    return c;
  };
  const t0 = Date.now();
  let failure = null;
  let timer;
  try {
    const main = await t.newContext();
    t.context = main.context;
    t.net = main.net;
    t.page = await t.context.newPage();
    await Promise.race([
      fn(t),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Failure(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
      }),
    ]);
    await sleep(50); // let late console messages arrive
  } catch (e) {
    failure = e instanceof Failure ? e.message : (e && e.stack) || String(e);
  } finally {
    clearTimeout(timer);
  }
  for (const c of contexts) await c.close().catch(() => {});
  const errs = [...new Set(errors)].join('; ');
  if (!failure && errs) failure = errs;
  else if (failure && errs) failure += ` (also: ${errs})`;
  const ms = Date.now() - t0;
  return failure ? { ok: false, line: `not ok - ${name}: ${failure.replace(/\s*\n\s*/g, ' | ')} [${ms} ms]` } : { ok: true, line: `ok - ${name} [${ms} ms]` };
}

// Tests run JOBS at a time (each in its own contexts, so they cannot see each other); the lines come out
// in the order the tests are written.
const selected = tests.filter((x) => !only || x.name.includes(only));
const JOBS = Math.max(1, Number(process.env.QUANYU_BROWSER_JOBS) || 2);
const pending = selected.map(() => {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
});
let nextTest = 0;
const workers = Array.from({ length: Math.min(JOBS, selected.length) }, async () => {
  while (nextTest < selected.length) {
    const i = nextTest++;
    pending[i].resolve(await runOne(selected[i]));
  }
});
let passed = 0;
let failed = 0;
for (const p of pending) {
  const r = await p.promise;
  if (r.ok) passed++;
  else failed++;
  console.log(r.line);
}
await Promise.all(workers);

await browser.close();
server.close();
partnerServer.close();
console.log(`browser tests: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
