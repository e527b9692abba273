#!/usr/bin/env node
// Browser tests of the live preview (`sitegen serve`, issue 12): the real binary on a temporary copy of
// a content folder, driven in Debian's Chromium (playwright-core).
//
//   node tests/browser/serve.mjs --sitegen <sitegen binary> --content <content dir> [--only <substring>]
//
// The content is copied into a temporary folder whose files the tests edit; each server listens on
// 127.0.0.1 with a port of its own choosing (`--port 0`: the address is read from its first lines) and is
// killed at the end (also when a test fails). Every wait is bounded. Prints `ok - name` / `not ok - name:
// reason` per test, then `N passed, M failed`; exits non-zero when any test fails. Tests run one after
// another (they edit the same files), each in a fresh browser context, and fail on an uncaught page error
// or a console error (except, where a test says so, the 503 of the page shown while no site exists).
//
// Made for sitegen/tests/fixtures/good (one district, `demo`; pages/about.md): edit a page → the page
// reloads showing the change; break it → an overlay lists the diagnostic (`path:line:col`) over the last
// good page, also on the widget's listing page; fix it → the overlay goes and the page reloads; a server
// started on broken content shows the errors page (no earlier output) or the earlier output with the
// overlay. The output folder never contains the dev server's script.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

// ---------------------------------------------------------------------------------------------------
// Arguments

const argv = process.argv.slice(2);
const opt = { sitegen: null, content: null, only: null };
for (let i = 0; i < argv.length; i++) {
  const k = argv[i].replace(/^--/, '');
  if (!(k in opt) || i + 1 >= argv.length) {
    console.error('usage: node serve.mjs --sitegen <binary> --content <dir> [--only <substring of a test name>]');
    process.exit(2);
  }
  opt[k] = argv[++i];
}
if (!opt.sitegen || !opt.content) {
  console.error('usage: node serve.mjs --sitegen <binary> --content <dir> [--only <substring of a test name>]');
  process.exit(2);
}
const SITEGEN = path.resolve(opt.sitegen);
const SOURCE = path.resolve(opt.content);
const CHROMIUM = process.env.QUANYU_CHROMIUM || '/usr/bin/chromium';
// The fixture's vacancies are dated around the sample build date (2026-11-20, China time).
const EPOCH = process.env.SOURCE_DATE_EPOCH || '1795104000';

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'quanyu-serve-'));
const CONTENT = path.join(WORK, 'content');
fs.cpSync(SOURCE, CONTENT, { recursive: true });

class Failure extends Error {}
function assert(cond, message) {
  if (!cond) throw new Failure(message);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reads a content file; writes one (returning its previous text). */
const read = (rel) => fs.readFileSync(path.join(CONTENT, rel), 'utf8');
function write(rel, text) {
  const before = read(rel);
  fs.writeFileSync(path.join(CONTENT, rel), text);
  return before;
}

// ---------------------------------------------------------------------------------------------------
// Servers: `sitegen serve` processes, all killed at exit.

const servers = new Set();
function killAll() {
  for (const s of servers) {
    try {
      s.child.kill('SIGKILL');
    } catch {}
  }
  servers.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

/**
 * Starts `sitegen serve` on CONTENT with output `out`; resolves once it prints its address (after the
 * first build), with `{url, child, log(), builds()}`. `builds()` counts the build lines printed so far
 * (successful or failed), so a test can wait for the next one.
 */
function startServer(out, { timeout = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(SITEGEN, ['serve', '--content', CONTENT, '--out', out, '--port', '0'], {
      env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const server = { child, url: null, log: () => log };
    servers.add(server);
    const timer = setTimeout(() => reject(new Failure(`sitegen serve printed no address within ${timeout} ms:\n${log}`)), timeout);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      log += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (m && !server.url) {
        server.url = m[1];
        clearTimeout(timer);
        resolve(server);
      }
    });
    child.on('exit', (code) => {
      servers.delete(server);
      if (!server.url) {
        clearTimeout(timer);
        reject(new Failure(`sitegen serve exited (${code}) before serving:\n${log}`));
      }
    });
  });
}

function stopServer(server) {
  server.child.kill('SIGKILL');
  servers.delete(server);
}

// ---------------------------------------------------------------------------------------------------
// Page helpers

/** Waits until `page` has reloaded (its `window.__qyMark` gone) and `check()` holds in it. */
async function reloaded(page, check, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await page
      .evaluate(() => ({ marked: window.__qyMark === true, ready: document.readyState !== 'loading' }))
      .catch(() => ({ marked: true, ready: false })); // mid-navigation
    if (!state.marked && state.ready && (await check().catch(() => false))) return;
    if (Date.now() > deadline) throw new Failure(`${what}: the page did not reload within ${timeout} ms`);
    await sleep(50);
  }
}

/** Marks the page's window, so that a reload (a new window) can be told from no reload. */
const mark = (page) => page.evaluate(() => (window.__qyMark = true));

/** The overlay as the page shows it: {shadow, role, items, contrast} or null. */
function overlay(page) {
  return page.evaluate(() => {
    const host = document.querySelector('quanyu-dev-overlay');
    if (!host || !host.isConnected) return null;
    const root = host.shadowRoot;
    const panel = root && root.querySelector('[role]');
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (fg, bg) => {
      const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    };
    const bg = panel ? getComputedStyle(panel).backgroundColor : 'rgb(0,0,0)';
    const texts = panel ? [...root.querySelectorAll('h2, p, li')].map((e) => ratio(getComputedStyle(e).color, bg)) : [];
    const rect = host.getBoundingClientRect();
    return {
      shadow: !!root,
      role: panel ? panel.getAttribute('role') : null,
      items: root ? [...root.querySelectorAll('li')].map((li) => li.textContent) : [],
      contrast: texts.length ? Math.min(...texts) : 0,
      visible: rect.width > 0 && rect.height > 0,
    };
  });
}

async function waitOverlay(page, test, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    last = await overlay(page).catch(() => null);
    if (last && test(last)) return last;
    if (Date.now() > deadline) throw new Failure(`${what}: no such overlay within ${timeout} ms (shown: ${JSON.stringify(last)})`);
    await sleep(50);
  }
}

/** The text of the page's <main>. */
const mainText = (page) => page.evaluate(() => document.querySelector('main')?.textContent ?? '');

// The page edited by the tests, and a break of it whose diagnostic has a line and column.
const PAGE_FILE = 'pages/about.md';
const PAGE_URL = '/pages/about/';
const breakFront = (text) => text.replace(/^title = /m, 'titel = ');
const DIAG = /pages\/about\.md:\d+:\d+: error: .*titel/;

// ---------------------------------------------------------------------------------------------------
// Tests

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

let main = null; // the server most tests share (started by the first test that needs it)
const mainOut = path.join(WORK, 'dist');
async function mainServer() {
  if (!main || !servers.has(main)) main = await startServer(mainOut);
  return main;
}

test('an edited page reloads by itself and shows the change', async (t) => {
  const s = await mainServer();
  await t.page.goto(s.url + PAGE_URL);
  assert(!(await mainText(t.page)).includes('LIVE-1'), 'the marker is not there yet');
  await mark(t.page);
  write(PAGE_FILE, read(PAGE_FILE).replace('本站用于测试', '本站用于测试 LIVE-1'));
  await reloaded(t.page, async () => (await mainText(t.page)).includes('LIVE-1'), 'after the edit');
  assert((await overlay(t.page)) === null, 'no overlay after a good build');
});

test('a broken file shows its diagnostic over the last good page; fixing it reloads the page without it', async (t) => {
  const s = await mainServer();
  await t.page.goto(s.url + PAGE_URL);
  const before = await mainText(t.page);
  await mark(t.page);
  const good = write(PAGE_FILE, breakFront(read(PAGE_FILE)));
  const o = await waitOverlay(t.page, (o) => o.items.some((i) => DIAG.test(i)), 'after breaking the page');
  assert(o.shadow, 'the overlay lives in a shadow root');
  assert(o.role === 'alert', `the overlay is announced (role="alert"), got ${o.role}`);
  assert(o.visible, 'the overlay is visible');
  assert(o.contrast >= 4.5, `overlay text contrast ${o.contrast.toFixed(2)} < 4.5`);
  assert(await t.page.evaluate(() => window.__qyMark === true), 'a failed build does not reload the page');
  assert((await mainText(t.page)) === before, 'the page still shows the last good build');
  const served = await fetch(s.url + PAGE_URL).then((r) => r.text());
  assert(served.includes('本站用于测试'), 'the server still serves the last good page');
  // Diagnostics are text, never markup: the page gains no element from them.
  assert(o.items.every((i) => !i.includes('<li')), 'diagnostics shown as text');

  write(PAGE_FILE, good);
  await reloaded(t.page, async () => (await overlay(t.page)) === null && (await mainText(t.page)).includes('本站用于测试'), 'after the fix');
});

test('the overlay works on the widget listing page, which keeps working under it', async (t) => {
  const s = await mainServer();
  await t.page.goto(s.url + '/demo/jobs/');
  const hasWidget = fs.existsSync(path.join(mainOut, 'widget'));
  if (hasWidget) {
    // Started as a citizen starts it: reaching for its search box.
    await t.page.hover('form.qy-search input[type=search]', { timeout: 15000 });
    await t.page.waitForSelector('ul.qy-results', { timeout: 15000 });
  }
  await mark(t.page);
  const good = write(PAGE_FILE, breakFront(read(PAGE_FILE)));
  await waitOverlay(t.page, (o) => o.items.some((i) => DIAG.test(i)), 'on the listing page');
  if (hasWidget) {
    const n = await t.page.locator('ul.qy-results > li').count();
    assert(n > 0, 'the widget still shows its results under the overlay');
  }
  // The page's own elements are untouched: one <main>, and the overlay is the body's last child.
  assert((await t.page.locator('main').count()) === 1, 'one <main>');
  assert(await t.page.evaluate(() => document.body.lastElementChild.localName === 'quanyu-dev-overlay'), 'the overlay is appended, nothing else moves');
  // Its button hides it (keyboard reachable: a real <button>).
  await t.page.locator('quanyu-dev-overlay button').click();
  assert((await overlay(t.page)) === null, 'hidden after "Hide"');
  write(PAGE_FILE, good);
  await reloaded(t.page, async () => (await overlay(t.page)) === null, 'after the fix, on the listing page');
  if (hasWidget) {
    // Started as a citizen starts it: reaching for its search box.
    await t.page.hover('form.qy-search input[type=search]', { timeout: 15000 });
    await t.page.waitForSelector('ul.qy-results', { timeout: 15000 });
  }
});

test('a burst of saves gives one rebuild, showing the last', async (t) => {
  const s = await mainServer();
  await t.page.goto(s.url + PAGE_URL);
  await mark(t.page);
  const buildsBefore = (s.log().match(/^built /gm) || []).length;
  // Five saves 10 ms apart (one burst), the last one with the text that must show.
  const base = read(PAGE_FILE);
  for (let i = 1; i <= 5; i++) {
    write(PAGE_FILE, base.replace('本站用于测试', `本站用于测试 BURST-${i}`));
    await sleep(10);
  }
  await reloaded(t.page, async () => (await mainText(t.page)).includes('BURST-5'), 'after the burst');
  await sleep(1500); // a second rebuild, if there were one, would have started and finished by now
  const builds = (s.log().match(/^built /gm) || []).length - buildsBefore;
  assert(builds === 1, `one rebuild for the burst, got ${builds}`);
  write(PAGE_FILE, base);
  await reloaded(t.page, async () => !(await mainText(t.page)).includes('BURST-5'), 'after restoring');
});

test('a save during a rebuild is not lost: one more rebuild follows and the page shows it', async (t) => {
  const s = await mainServer();
  await t.page.goto(s.url + PAGE_URL);
  await mark(t.page);
  const count = (re) => (s.log().match(re) || []).length;
  const [started, built] = [count(/change detected; rebuilding/g), count(/^built /gm)];
  const base = read(PAGE_FILE);
  write(PAGE_FILE, base.replace('本站用于测试', '本站用于测试 DURING-1'));
  const deadline = Date.now() + 10000;
  while (count(/change detected; rebuilding/g) === started) {
    assert(Date.now() < deadline, 'the rebuild did not start');
    await sleep(5);
  }
  // The rebuild has just started (it reads the content first): this save lands during it.
  write(PAGE_FILE, base.replace('本站用于测试', '本站用于测试 DURING-2'));
  await reloaded(t.page, async () => (await mainText(t.page)).includes('DURING-2'), 'the second save');
  // The first rebuild may already show the second save (it read the content after it); the one more
  // rebuild follows it, however slow the machine: wait for it, then make sure no third comes. Rebuilds
  // are counted as they start: this test saves in place (truncate, then write), so on a busy machine the
  // first rebuild can read the file half-written and fail (no "built" line) — the one more rebuild is
  // what brings the second save, and the page shows it (above).
  const rebuilds = () => count(/change detected; rebuilding/g) - started;
  const second = Date.now() + 15000;
  while ((rebuilds() < 2 || count(/^built /gm) === built) && Date.now() < second) await sleep(50);
  await sleep(1000);
  assert(rebuilds() === 2, `two rebuilds (the second for the save during the first), got ${rebuilds()}`);
  assert(count(/^built /gm) - built >= 1, 'the last rebuild succeeded');
  write(PAGE_FILE, base);
  await reloaded(t.page, async () => !(await mainText(t.page)).includes('DURING-2'), 'after restoring');
});

test('a hidden tab closes its stream and, shown again, catches up with the changes it missed', async (t) => {
  const s = await mainServer();
  await t.page.goto(s.url + PAGE_URL);
  await mark(t.page);
  const setHidden = (hidden) =>
    t.page.evaluate((h) => {
      Object.defineProperty(document, 'hidden', { value: h, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  const built = (s.log().match(/^built /gm) || []).length;
  const base = read(PAGE_FILE);
  write(PAGE_FILE, base.replace('本站用于测试', '本站用于测试 HIDDEN-1'));
  const deadline = Date.now() + 15000;
  while ((s.log().match(/^built /gm) || []).length === built) {
    assert(Date.now() < deadline, 'no rebuild after the edit');
    await sleep(50);
  }
  await sleep(500);
  assert(await t.page.evaluate(() => window.__qyMark === true), 'a hidden page does not reload (its stream is closed)');
  await setHidden(false);
  await reloaded(t.page, async () => (await mainText(t.page)).includes('HIDDEN-1'), 'shown again');
  write(PAGE_FILE, base);
  await reloaded(t.page, async () => !(await mainText(t.page)).includes('HIDDEN-1'), 'after restoring');
});

test('started on broken content with no earlier output: every page lists the errors, and becomes the site once fixed', async (t) => {
  t.ignore503 = true;
  const good = write(PAGE_FILE, breakFront(read(PAGE_FILE)));
  const out = path.join(WORK, 'fresh-dist');
  try {
    const s = await startServer(out);
    const r = await fetch(s.url + '/demo/');
    assert(r.status === 503, `status ${r.status}, expected 503 while no site exists`);
    await t.page.goto(s.url + '/demo/');
    const items = await t.page.locator('ol[role=alert] li').allTextContents();
    assert(items.some((i) => DIAG.test(i)), `the errors page lists the diagnostic: ${JSON.stringify(items)}`);
    await mark(t.page);
    write(PAGE_FILE, good);
    await reloaded(t.page, async () => (await t.page.locator('main h1').count()) === 1 && (await overlay(t.page)) === null, 'after the fix');
    stopServer(s);
  } finally {
    write(PAGE_FILE, good);
  }
});

test('started on broken content with an earlier output: that site is served, with the overlay', async (t) => {
  // The main server's output is an earlier good build.
  await mainServer();
  stopServer(main);
  const good = write(PAGE_FILE, breakFront(read(PAGE_FILE)));
  try {
    const s = await startServer(mainOut);
    await t.page.goto(s.url + PAGE_URL);
    assert((await mainText(t.page)).includes('本站用于测试'), 'the earlier output is served');
    await waitOverlay(t.page, (o) => o.items.some((i) => DIAG.test(i)), 'over the earlier output');
    await mark(t.page);
    write(PAGE_FILE, good);
    await reloaded(t.page, async () => (await overlay(t.page)) === null, 'after the fix');
    main = s;
  } finally {
    write(PAGE_FILE, good);
  }
});

test('the output folder never holds the dev server script', async () => {
  const seen = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(html|js|json|xml|txt)$/.test(e.name) && fs.readFileSync(p, 'utf8').includes('__quanyu')) seen.push(p);
    }
  };
  for (const out of [mainOut, path.join(WORK, 'fresh-dist')]) if (fs.existsSync(out)) walk(out);
  assert(fs.existsSync(path.join(mainOut, 'index.html')), 'the served output exists');
  assert(seen.length === 0, `files with the script: ${seen.slice(0, 5).join(', ')}`);
});

// ---------------------------------------------------------------------------------------------------
// Runner

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TEST_TIMEOUT_MS = 90000;

let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
} catch (e) {
  console.error(`serve.mjs: cannot launch ${CHROMIUM}: ${e.message}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const { name, fn } of tests.filter((x) => !opt.only || x.name.includes(opt.only))) {
  const errors = [];
  const t = { ignore503: false };
  const context = await browser.newContext({ locale: 'zh-CN' });
  context.setDefaultTimeout(15000);
  context.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (t.ignore503 && /status of 503/.test(msg.text())) return;
    errors.push(`console error: ${msg.text()}`);
  });
  context.on('weberror', (e) => errors.push(`page error: ${e.error().message}`));
  t.page = await context.newPage();
  const t0 = Date.now();
  let failure = null;
  let timer;
  try {
    await Promise.race([fn(t), new Promise((_, reject) => (timer = setTimeout(() => reject(new Failure(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS)))]);
  } catch (e) {
    failure = e instanceof Failure ? e.message : (e && e.stack) || String(e);
  } finally {
    clearTimeout(timer);
  }
  await context.close().catch(() => {});
  const errs = [...new Set(errors)].join('; ');
  if (!failure && errs) failure = errs;
  const ms = Date.now() - t0;
  if (failure) {
    failed++;
    console.log(`not ok - ${name}: ${failure.replace(/\s*\n\s*/g, ' | ')} [${ms} ms]`);
  } else {
    passed++;
    console.log(`ok - ${name} [${ms} ms]`);
  }
}

await browser.close().catch(() => {});
killAll();
fs.rmSync(WORK, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
