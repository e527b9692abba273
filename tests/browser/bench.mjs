#!/usr/bin/env node
// Search benchmark of the job-search widget on a built site (a benchmark, not a test).
//
//   node tests/browser/bench.mjs <dist-dir> [--loads N] [--passes P] [--views huangpu,city] [--timeout MS] [--http1] [--latency MS]
//
// `cargo xtask bench-search` runs it on generated sites and prints the table; run on its own, it prints
// the same measurements as JSON on stdout (progress goes to stderr).
//
// Serves <dist-dir> on 127.0.0.1 like a CDN would: over HTTP/2 (TLS with a throwaway self-signed
// certificate made by `openssl`, which Chromium is told to accept; `--http1`: plain HTTP/1.1, where
// Chromium opens at most 6 connections per host and queues the rest), HTML, CSS, JS and WASM
// brotli-compressed when the request accepts `br` (compressed once per file, before anything is
// measured), the index files (`*.qy`, gzipped by sitegen) as they are, `application/octet-stream`
// without `Content-Encoding`. `--latency MS` holds every response back MS milliseconds before it is sent
// (a CDN's round trip on a phone's network; the bare fetches below wait the same).
// Drives Debian's Chromium (/usr/bin/chromium, or $QUANYU_CHROMIUM) through playwright-core; every page
// gets a fresh browser context (cold cache). Two views of the listing /huangpu/jobs/: the district's
// (its default filter) and the city-wide one (`?district=` clears the default).
//
// Per view:
// - `loads`: N cold loads. For each, the `quanyu:first-results` mark's time since navigation start and
//   since the DOMContentLoaded and load events, and the bytes transferred (CDP `Network.loadingFinished`
//   `encodedDataLength`: bodies as sent plus headers) for the document and every resource whose response
//   ended before the mark (Resource Timing `responseEnd`), i.e. what the first results needed.
// - `keystrokes`: the fixed QUERIES, typed P times each in a fresh page (loaded, then left until the
//   network is idle, so a large index's result tables are in): one character at a time, in one task the
//   `bench:typed` mark, the box filled with the prefix (its input event: the widget starts fetching the
//   shards the text needs) and the form submitted (Enter: the widget searches at once, without the
//   debounce); a keystroke's time runs from that mark to the end of the new `quanyu:search` measure
//   (its results rendered), so the network round of its term shards is inside it however early the
//   widget starts it. A keystroke "used the network" when an index file was requested between the
//   mark and the end of the measure; for those, the time from the
//   last index response to the results is reported too (the widget's own work, without the network),
//   with each file's request start, response start and end (ms since the mark), and the peer: the same
//   files fetched with plain `fetch()`, in the rounds the widget needs them, by a page without the widget
//   (the site's 404 page) in its own cold context — the browser's network time for them, the floor
//   under that keystroke, measured in the same run.
//   The status line must show a result count (or "nothing found") after every keystroke.

import http from 'node:http';
import http2 from 'node:http2';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { MIME, resolveFile as resolveStatic } from './static-files.mjs';

// ---------------------------------------------------------------------------------------------------
// Arguments

const USAGE = 'usage: node bench.mjs <dist-dir> [--loads N] [--passes P] [--views huangpu,city] [--timeout MS] [--http1] [--latency MS]';
const argv = process.argv.slice(2);
const opt = { loads: 5, passes: 2, views: 'huangpu,city', timeout: 30000, http1: false, latency: 0 };
const positional = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--http1') opt.http1 = true;
  else if (a.startsWith('--')) {
    const key = a.slice(2);
    if (!(key in opt) || i + 1 >= argv.length) {
      console.error(`bench.mjs: bad argument ${a}\n${USAGE}`);
      process.exit(2);
    }
    opt[key] = typeof opt[key] === 'number' ? Number(argv[++i]) : argv[++i];
    if (Number.isNaN(opt[key])) {
      console.error(`bench.mjs: ${a} needs a number\n${USAGE}`);
      process.exit(2);
    }
  } else positional.push(a);
}
if (positional.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
const DIST = path.resolve(positional[0]);
if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error(`bench.mjs: ${DIST} has no index.html: build the site first`);
  process.exit(2);
}
const CHROMIUM = process.env.QUANYU_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = opt.timeout;
const log = (...a) => console.error('bench.mjs:', ...a);

/**
 * The listing every view starts from, and the views: the district's page, and city-wide. `params`: the
 * view's URL parameters; `state`: the same filters spelled out, for URLs with more parameters (a URL
 * with any search parameter carries the whole state: the page's defaults no longer apply).
 */
const LISTING = '/huangpu/jobs/';
const VIEWS = {
  huangpu: { name: 'huangpu', label: '/huangpu/jobs/ (district filter)', params: [], state: ['district=huangpu'] },
  city: { name: 'city', label: '/huangpu/jobs/?district= (city-wide)', params: ['district='], state: ['district='] },
};

/**
 * The fixed queries: Chinese, English/ASCII, and with filters (extra URL parameters of the page the
 * query is typed on: a ticked work type, the salary order). Each finds something in the generated
 * vacancies (`cargo xtask gen-content`'s vocabulary: 软件开发, 普工 包住 or "sales manager" would find
 * nothing there, and measure only the empty result).
 */
const QUERIES = [
  { kind: 'zh', text: '工程师' },
  { kind: 'zh', text: '焊工' },
  { kind: 'zh', text: '软件工程师' },
  { kind: 'zh', text: '普工 食宿' },
  { kind: 'zh', text: '电子商务' },
  { kind: 'en', text: 'java' },
  { kind: 'en', text: 'excel' },
  { kind: 'en', text: 'spring boot' },
  { kind: 'en', text: 'plc' },
  { kind: 'filter', text: '工程师', params: ['work_type=FULL_TIME'], check: { facet: 'work_type', value: 'FULL_TIME' } },
  { kind: 'filter', text: '保安', params: ['sort=salary'] },
];

const SEL = {
  input: 'form.qy-search input[type=search]',
  status: 'p.qy-status[role=status]',
};

function viewUrl(view, extra = []) {
  const params = extra.length ? [...view.state, ...extra] : view.params;
  return LISTING + (params.length ? `?${params.join('&')}` : '');
}

// ---------------------------------------------------------------------------------------------------
// Static file server, CDN-like

/** What a CDN compresses (the index files are gzip already and go as they are). */
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.wasm', '.json', '.webmanifest', '.xml', '.txt', '.svg']);
/** Brotli bodies by file path (quality 11, window 22: Node's defaults, what a CDN serves from cache). */
const brCache = new Map();

function brotli(file) {
  let b = brCache.get(file);
  if (!b) {
    b = zlib.brotliCompressSync(fs.readFileSync(file), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 22 } });
    brCache.set(file, b);
  }
  return b;
}

const resolveFile = (urlPath) => resolveStatic(DIST, urlPath);

function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const send = (status, file, headers = {}) => {
    const ext = file ? path.extname(file).toLowerCase() : '';
    const type = file ? MIME[ext] || 'application/octet-stream' : 'text/plain';
    const br = file && COMPRESSIBLE.has(ext) && /\bbr\b/.test(req.headers['accept-encoding'] || '');
    const body = !file ? Buffer.alloc(0) : br ? brotli(file) : fs.readFileSync(file);
    // Content-addressed names (the widget, the index, hashed assets) may be cached forever; pages not.
    const cache = ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable';
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': cache,
      ...(file && COMPRESSIBLE.has(ext) ? { Vary: 'Accept-Encoding' } : {}),
      ...(br ? { 'Content-Encoding': 'br' } : {}),
      ...headers,
    });
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

const handle = (req, res) => {
  try {
    serve(req, res);
  } catch (e) {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end(String(e));
  }
};
const handler = opt.latency > 0 ? (req, res) => setTimeout(handle, opt.latency, req, res) : handle;

/** A throwaway self-signed certificate for 127.0.0.1 (P-256, one day), made by `openssl`. */
function selfSigned() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanyu-bench-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
  } catch (e) {
    console.error(`bench.mjs: cannot make a certificate for HTTP/2 with openssl (${e.message.split('\n')[0]}); install openssl or pass --http1`);
    process.exit(2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const server = opt.http1 ? http.createServer(handler) : http2.createSecureServer({ ...selfSigned(), allowHTTP1: true }, handler);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const BASE = `${opt.http1 ? 'http' : 'https'}://127.0.0.1:${server.address().port}`;
const PROTOCOL = opt.http1 ? 'http/1.1' : 'h2';

// Compress the widget and the assets before anything is measured (brotli at quality 11 takes a
// second for the wasm); the pages of the views are compressed by the warm-up loads.
for (const dir of ['widget', 'assets']) {
  for (const f of fs.readdirSync(path.join(DIST, dir), { recursive: true })) {
    const file = path.join(DIST, dir, String(f));
    if (COMPRESSIBLE.has(path.extname(file).toLowerCase()) && fs.statSync(file).isFile()) brotli(file);
  }
}

// ---------------------------------------------------------------------------------------------------
// Browser

class BenchError extends Error {}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
} catch (e) {
  log(`cannot launch ${CHROMIUM}: ${e.message}`);
  server.close();
  process.exit(2);
}

/**
 * A fresh context (cold cache) with one page, a CDP session recording every request's bytes, and
 * console errors and page errors collected (any of them fails the benchmark).
 */
async function freshPage() {
  const context = await browser.newContext({ locale: 'zh-CN', ignoreHTTPSErrors: !opt.http1 });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  // Room for every index file in the Resource Timing buffer (250 entries by default).
  await page.addInitScript(() => performance.setResourceTimingBufferSize(100000));
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  const net = { requests, inflight: 0, last: Date.now() };
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!requests.has(e.requestId)) net.inflight++;
    requests.set(e.requestId, { url: e.request.url, bytes: null, encoding: null, status: null, protocol: null, failed: false });
    net.last = Date.now();
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.protocol = e.response.protocol || null;
    const h = Object.fromEntries(Object.entries(e.response.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
    r.encoding = h['content-encoding'] || null;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.bytes = e.encodedDataLength;
    net.inflight = Math.max(0, net.inflight - 1);
    net.last = Date.now();
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.failed = true;
    net.inflight = Math.max(0, net.inflight - 1);
    net.last = Date.now();
  });
  await cdp.send('Network.enable');
  const close = async () => {
    await context.close().catch(() => {});
    if (errors.length) throw new BenchError([...new Set(errors)].join('; '));
  };
  return { context, page, net, errors, close };
}

/** The status line's text and whether it is an error. */
function statusOf(page) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el ? { text: el.textContent.trim(), error: el.classList.contains('qy-error') } : null;
  }, SEL.status);
}

/** The result count a status line shows: a number, 0 for "nothing found"; null when it shows neither. */
function statusCount(st) {
  if (!st || st.error) return null;
  const m = /\d[\d,]*/.exec(st.text);
  if (m) return Number(m[0].replace(/,/g, ''));
  return /没有找到|沒有找到|No jobs/.test(st.text) ? 0 : null;
}

/**
 * Navigates, reaches for the search box as soon as it shows (the pointer over it: a listing without a
 * search in its URL starts its widget only then; a citizen reaching at once is the slowest case), and
 * waits for the `quanyu:first-results` mark.
 */
async function loadUntilFirstResults(p, url) {
  await p.page.goto(BASE + url, { waitUntil: 'commit', timeout: TIMEOUT });
  await p.page.hover('form.qy-search input[type=search]', { timeout: TIMEOUT });
  await p.page
    .waitForFunction(() => performance.getEntriesByName('quanyu:first-results').length > 0, null, { timeout: TIMEOUT, polling: 10 })
    .catch(async (e) => {
      const st = await statusOf(p.page).catch(() => null);
      throw new BenchError(`${url}: no quanyu:first-results mark within ${TIMEOUT} ms (status line: ${JSON.stringify(st)}; ${e.message.split('\n')[0]})`);
    });
}

/** Waits until no request of the page is in flight and none ended for `quietMs`. */
async function networkIdle(p, quietMs = 300) {
  const deadline = Date.now() + TIMEOUT;
  while (!(p.net.inflight === 0 && Date.now() - p.net.last >= quietMs)) {
    if (Date.now() > deadline) throw new BenchError(`the network did not go idle within ${TIMEOUT} ms (${p.net.inflight} requests in flight)`);
    await sleep(25);
  }
}

const kindOf = (u) => {
  const p = new URL(u).pathname;
  if (p.startsWith('/widget/')) return 'widget';
  if (p.startsWith('/search/')) return 'index';
  return 'page';
};

/** One cold load of `url`: time to the first results and what was transferred until then. */
async function measureLoad(url) {
  const p = await freshPage();
  try {
    await loadUntilFirstResults(p, url);
    await p.page.waitForLoadState('load', { timeout: TIMEOUT });
    const t = await p.page.evaluate(() => {
      const mark = performance.getEntriesByName('quanyu:first-results')[0].startTime;
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource').map((r) => ({ url: r.name, start: r.startTime, end: r.responseEnd, body: r.encodedBodySize }));
      return { mark, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, doc: { url: nav.name, end: nav.responseEnd, body: nav.encodedBodySize }, res };
    });
    const st = await statusOf(p.page);
    const count = statusCount(st);
    if (count === null) throw new BenchError(`${url}: the status line shows no result count at the first results: ${JSON.stringify(st)}`);
    // The document and every resource that ended before the mark: what the first results needed.
    const needed = [t.doc, ...t.res.filter((r) => r.end > 0 && r.end <= t.mark)];
    // Their CDP records (a URL fetched twice counts twice: match them up in order).
    const deadline = Date.now() + 5000;
    let files;
    for (;;) {
      const pool = [...p.net.requests.values()].filter((r) => r.bytes !== null);
      files = needed.map((n) => {
        const i = pool.findIndex((r) => r.url === n.url);
        const r = i >= 0 ? pool.splice(i, 1)[0] : null;
        return { url: new URL(n.url).pathname, kind: kindOf(n.url), bytes: r ? r.bytes : null, body: n.body, encoding: r ? r.encoding : null, protocol: r ? r.protocol : null, end: Math.round(n.end) };
      });
      if (files.every((f) => f.bytes !== null)) break;
      if (Date.now() > deadline) {
        throw new BenchError(`${url}: no CDP byte count for ${files.filter((f) => f.bytes === null).map((f) => f.url).join(', ')}`);
      }
      await sleep(50);
    }
    const sum = (k) => files.filter((f) => !k || f.kind === k).reduce((a, f) => a + f.bytes, 0);
    return {
      markMs: t.mark,
      dclMs: t.dcl,
      loadMs: t.load,
      sinceDclMs: t.mark - t.dcl,
      sinceLoadMs: t.mark - t.load,
      bytes: sum(null),
      widgetBytes: sum('widget'),
      indexBytes: sum('index'),
      pageBytes: sum('page'),
      count,
      files,
    };
  } finally {
    await p.close();
  }
}

/** Types `q` one character at a time on a fresh page of `view`; one record per keystroke. */
async function typeQuery(view, q) {
  const url = viewUrl(view, q.params || []);
  const p = await freshPage();
  // The peer: a page of the same site without the widget (the 404 page), in its own cold context that fetches each keystroke's index
  // files with plain `fetch()` and nothing else, in the rounds the widget needs (term shards, columns
  // and the salary column first; the result chunks they lead to after), so its cache holds what the
  // widget's holds. The browser's network time for those files: the floor under a keystroke that
  // fetches, measured in the same run.
  const peer = await freshPage();
  const out = [];
  try {
    await peer.page.goto(`${BASE}/404.html`);
    await loadUntilFirstResults(p, url);
    await networkIdle(p);
    // The page shows the state asked for: the filters ticked (the district's too, on its view).
    const ticked = [...(q.check ? [q.check] : []), ...view.state.map((s) => s.split('=')).filter(([, v]) => v).map(([facet, value]) => ({ facet, value }))];
    for (const c of ticked) {
      const box = p.page.locator(`fieldset[data-facet="${c.facet}"] input[type=checkbox][value="${c.value}"]`);
      if (!(await box.isChecked({ timeout: TIMEOUT }).catch(() => false))) throw new BenchError(`${url}: the check box ${c.facet}=${c.value} is not ticked`);
    }
    const input = p.page.locator(SEL.input);
    const chars = [...q.text];
    for (let i = 1; i <= chars.length; i++) {
      const text = chars.slice(0, i).join('');
      // In one task: the `bench:typed` mark, the text put in the box with its input event (the widget
      // starts fetching the term shards the text needs), and Enter (the form submitted: the search
      // starts at once, without the debounce). A keystroke runs from this mark: the network round of
      // its shards is inside it, however early the widget starts it.
      const before = await input.evaluate((el, text) => {
        const n = performance.getEntriesByName('quanyu:search').length;
        performance.mark('bench:typed');
        el.value = text;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
        el.form.requestSubmit();
        return n;
      }, text);
      await p.page
        .waitForFunction((n) => performance.getEntriesByName('quanyu:search').length > n, before, { timeout: TIMEOUT, polling: 10 })
        .catch(async () => {
          const st = await statusOf(p.page).catch(() => null);
          throw new BenchError(`${url}: typing ${JSON.stringify(text)} gave no new quanyu:search measure within ${TIMEOUT} ms (status line: ${JSON.stringify(st)})`);
        });
      const r = await p.page.evaluate((n) => {
        const all = performance.getEntriesByName('quanyu:search');
        const search = all[all.length - 1];
        const typed = performance.getEntriesByName('bench:typed');
        // From the text's input event to the results on screen (see above).
        const m = { startTime: typed[typed.length - 1].startTime, duration: search.startTime + search.duration - typed[typed.length - 1].startTime };
        const end = m.startTime + m.duration;
        const fetched = performance
          .getEntriesByType('resource')
          .filter((e) => new URL(e.name).pathname.startsWith('/search/') && e.startTime >= m.startTime && e.startTime <= end);
        // After the last index response: the widget's own work (decoding, searching, rendering).
        const lastResponse = fetched.length ? Math.max(...fetched.map((e) => e.responseEnd)) : m.startTime;
        return {
          ms: m.duration,
          afterNetworkMs: Math.max(0, end - lastResponse),
          measures: all.length - n,
          files: fetched.map((e) => new URL(e.name).pathname),
          bytes: fetched.reduce((a, e) => a + e.transferSize, 0),
          // Each index file: [name, request start, response start, response end], ms since the mark.
          timeline: fetched.map((e) => [new URL(e.name).pathname.split('/').pop(), ...[e.requestStart, e.responseStart, e.responseEnd].map((t) => Math.round((t - m.startTime) * 10) / 10)]),
        };
      }, before);
      let bareMs = null;
      if (r.files.length) {
        const rounds = [r.files.filter((f) => !f.includes('/docs-')), r.files.filter((f) => f.includes('/docs-'))].filter((g) => g.length);
        bareMs = await peer.page.evaluate(async (rounds) => {
          const t = performance.now();
          for (const g of rounds) await Promise.all(g.map((f) => fetch(f).then((res) => res.arrayBuffer())));
          return performance.now() - t;
        }, rounds);
      }
      const st = await statusOf(p.page);
      const count = statusCount(st);
      if (count === null) throw new BenchError(`${url}: after typing ${JSON.stringify(text)} the status line shows no result count: ${JSON.stringify(st)}`);
      out.push({ view: view.name, kind: q.kind, query: q.text, text, ms: r.ms, afterNetworkMs: r.afterNetworkMs, network: r.files.length > 0, files: r.files, bytes: r.bytes, bareMs, timeline: r.timeline, count, measures: r.measures });
    }
    if (out.length && out[out.length - 1].count === 0) log(`warning: ${url}: ${JSON.stringify(q.text)} finds nothing: it measures only an empty result`);
    return out;
  } finally {
    await p.close();
    await peer.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Statistics

function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/** Nearest-rank percentile. */
function pct(xs, p) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
function stats(xs) {
  return { n: xs.length, median: median(xs), p95: pct(xs, 95), max: xs.length ? Math.max(...xs) : null };
}

// ---------------------------------------------------------------------------------------------------
// Run

const started = Date.now();
const result = { dist: DIST, base: BASE, protocol: PROTOCOL, latencyMs: opt.latency, chromium: CHROMIUM, browserVersion: browser.version(), loads: opt.loads, passes: opt.passes, views: [] };
let exit = 0;
try {
  const views = opt.views.split(',').map((v) => {
    if (!VIEWS[v.trim()]) throw new BenchError(`unknown view ${v} (known: ${Object.keys(VIEWS).join(', ')})`);
    return VIEWS[v.trim()];
  });
  // Warm-up, not measured: compresses the pages, starts Chromium's processes, fills the OS caches.
  for (const v of views) {
    log(`warm-up ${viewUrl(v)}`);
    const w = await measureLoad(viewUrl(v));
    const wasm = w.files.find((f) => f.url.endsWith('.wasm'));
    if (!wasm || wasm.encoding !== 'br') throw new BenchError(`the widget's wasm was not sent brotli-compressed (${JSON.stringify(wasm)}): does Chromium accept br from ${BASE}?`);
    const other = w.files.filter((f) => f.protocol !== PROTOCOL);
    if (other.length) throw new BenchError(`expected every response over ${PROTOCOL}, got ${other.map((f) => `${f.url} over ${f.protocol}`).join(', ')}`);
  }
  for (const v of views) {
    const url = viewUrl(v);
    const loads = [];
    for (let i = 0; i < opt.loads; i++) {
      const l = await measureLoad(url);
      log(`${url}: load ${i + 1}/${opt.loads}: first results ${l.markMs.toFixed(0)} ms after navigation (${l.sinceLoadMs.toFixed(0)} ms after load), ${(l.bytes / 1024).toFixed(1)} KB, ${l.count} results`);
      loads.push(l);
    }
    const keystrokes = [];
    for (let pass = 0; pass < opt.passes; pass++) {
      for (const q of QUERIES) {
        const ks = await typeQuery(v, q);
        log(`${url}: pass ${pass + 1}/${opt.passes} ${q.text}${q.params ? ` [${q.params.join('&')}]` : ''}: ${ks.map((k) => `${k.ms.toFixed(1)}${k.network ? '*' : ''}`).join(' ')} ms (* = fetched)`);
        keystrokes.push(...ks);
      }
    }
    const ms = (ks) => ks.map((k) => k.ms);
    const byKind = {};
    for (const kind of [...new Set(QUERIES.map((q) => q.kind))]) byKind[kind] = stats(ms(keystrokes.filter((k) => k.kind === kind)));
    // The median load's file list stands for the view.
    const mid = [...loads].sort((a, b) => a.markMs - b.markMs)[(loads.length - 1) >> 1];
    result.views.push({
      name: v.name,
      label: v.label,
      url,
      count: mid.count,
      firstResults: {
        markMs: median(loads.map((l) => l.markMs)),
        sinceDclMs: median(loads.map((l) => l.sinceDclMs)),
        sinceLoadMs: median(loads.map((l) => l.sinceLoadMs)),
        dclMs: median(loads.map((l) => l.dclMs)),
        loadMs: median(loads.map((l) => l.loadMs)),
        bytes: median(loads.map((l) => l.bytes)),
        widgetBytes: median(loads.map((l) => l.widgetBytes)),
        indexBytes: median(loads.map((l) => l.indexBytes)),
        pageBytes: median(loads.map((l) => l.pageBytes)),
        files: mid.files,
      },
      loads: loads.map(({ files, ...rest }) => ({ ...rest, files: files.length })),
      keystrokes: {
        all: stats(ms(keystrokes)),
        noNetwork: stats(ms(keystrokes.filter((k) => !k.network))),
        network: stats(ms(keystrokes.filter((k) => k.network))),
        // Keystrokes that fetched: the time from their last index response to their results.
        networkAfterResponse: stats(keystrokes.filter((k) => k.network).map((k) => k.afterNetworkMs)),
        networkFiles: stats(keystrokes.filter((k) => k.network).map((k) => k.files.length)),
        networkBytes: stats(keystrokes.filter((k) => k.network).map((k) => k.bytes)),
        // The same files fetched bare by the peer page, and each keystroke's time over that floor.
        networkBare: stats(keystrokes.filter((k) => k.network).map((k) => k.bareMs)),
        networkRatio: stats(keystrokes.filter((k) => k.network).map((k) => k.ms / k.bareMs)),
        byKind,
        zeroResults: keystrokes.filter((k) => k.count === 0).map((k) => k.text),
        multipleMeasures: keystrokes.filter((k) => k.measures !== 1).length,
        list: keystrokes,
      },
    });
  }
} catch (e) {
  log(e instanceof BenchError ? e.message : (e && e.stack) || String(e));
  exit = 1;
}
await browser.close().catch(() => {});
server.close();
result.seconds = (Date.now() - started) / 1000;
// Exit only once the JSON is written: stdout is a pipe under xtask, where writes are asynchronous and
// process.exit() would cut the output short.
if (exit === 0) process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
else process.exit(exit);
