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
// Expected values are read from the pages and the static listings themselves (counts next to filters,
// the status line, the server-rendered lists), never written down here, so the suite keeps passing when
// the sample vacancies are regenerated.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { MIME, resolveFile as resolveStatic } from './static-files.mjs';

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
// Static file server


const resolveFile = (urlPath) => resolveStatic(DIST, urlPath);

function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const send = (status, file, headers = {}) => {
    const body = file ? fs.readFileSync(file) : Buffer.alloc(0);
    const type = file ? MIME[path.extname(file).toLowerCase()] || 'application/octet-stream' : 'text/plain';
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-cache', ...headers });
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
  const net = { inflight: 0, last: Date.now() };
  context.on('request', () => {
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
 * there" alone does not mean "the results of this search are there").
 */
async function settle(t, page, { quietMs = 300, timeout = 10000, needReady = true } = {}) {
  const deadline = Date.now() + timeout;
  let prev = null;
  let since = Date.now();
  for (;;) {
    const snap = await snapshot(page);
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

/** Opens a page and waits until the widget shows results. */
async function open(t, p, page = t.page) {
  await page.goto(BASE + p);
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

test('when the index cannot be fetched, an error shows and the static list stays', async (t) => {
  // Aborting the index requests makes Chromium log "Failed to load resource: net::ERR_FAILED" for each
  // of them as a console *error*: that is the browser reporting the failed network request we caused,
  // not the page misbehaving, so exactly that message, for /search/ URLs, is ignored in this test.
  t.ignoreConsole = (msg) => msg.text().startsWith('Failed to load resource') && new URL(msg.location().url || BASE).pathname.startsWith('/search/');
  await t.context.route('**/search/**', (route) => route.abort('failed'));
  await t.page.goto(BASE + LISTING);
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

test('without JavaScript the listing shows the static vacancies and pagination', async (t) => {
  const page = t.page;
  await page.goto(BASE + LISTING);
  const list = page.locator(SEL.staticList);
  assert(await list.isVisible(), 'the static list is not visible');
  const jobs = await page.$$eval(`${SEL.staticList} li.job h3 a`, (as) => as.map((a) => a.getAttribute('href')));
  assert(jobs.length > 0, 'no static vacancies');
  assertEq(await page.locator('.qy').count(), 0, 'widget elements without JavaScript');
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
  await page.waitForSelector(SEL.status, { timeout: 10000 });
  if (await page.locator('#static-results').isVisible()) {
    assertEq(await top(), before, 'top of the static list once the widget shows its loading state');
  }
  await page.waitForSelector(SEL.results, { timeout: 10000 });
  await settle(t, page);
  const shifts = await page.evaluate(() => window.__shifts);
  const cls = shifts.reduce((a, b) => a + b.value, 0);
  assert(cls < 0.01, `layout shift ${cls.toFixed(4)} (Lighthouse counts 0.1 as poor): ${JSON.stringify(shifts)}`);
});

test("the test server answers as the portal's host would (types, folders, 404)", async () => {
  // Guards the harness itself: with a wrong type the widget would still start (wasm-bindgen falls back
  // from streaming compilation) and the tests would not run under the conditions of production.
  const html = (await get(LISTING)).text;
  const boot = /<script type="module" src="([^"]+)"/.exec(html);
  assert(boot, `${LISTING} loads no module script`);
  const manifest = /data-index="([^"]+)"/.exec(html);
  assert(manifest, `${LISTING} has no data-index`);
  const wasmFile = fs.readdirSync(DIST, { recursive: true }).find((f) => String(f).endsWith('.wasm'));
  assert(wasmFile, `no .wasm file in ${DIST}`);
  const wasmPath = '/' + String(wasmFile).split(path.sep).join('/');
  const type = async (p) => (await fetch(BASE + p)).headers.get('content-type');
  assert(/^text\/javascript/.test(await type(boot[1])), `type of ${boot[1]}: ${await type(boot[1])}`);
  assertEq(await type(wasmPath), 'application/wasm', `type of ${wasmPath}`);
  assertEq(await type(manifest[1]), 'application/octet-stream', `type of ${manifest[1]}`);
  const miss = await fetch(BASE + '/no/such/page/');
  assertEq(miss.status, 404, 'status of a missing page');
  assert((await miss.text()).includes('<html'), 'a missing page gets no 404.html');
  const folder = await fetch(BASE + LISTING.replace(/\/$/, ''), { redirect: 'manual' });
  assertEq([folder.status, folder.headers.get('location')], [301, LISTING], 'a folder without its slash');
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
console.log(`browser tests: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
