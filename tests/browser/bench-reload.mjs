#!/usr/bin/env node
// The browser half of `cargo xtask bench-reload`: how long from saving a content file to the reloaded
// page showing the change, with the real `sitegen serve` and Chromium.
//
//   node tests/browser/bench-reload.mjs --sitegen BIN --content DIR --out DIR --page /pages/about/
//        --file pages/about.md --runs N --json FILE
//
// Starts `sitegen serve` on DIR (127.0.0.1, a port of its choosing; the server is killed at the end),
// opens the page, then N times: waits until everything is quiet, appends a paragraph with a new marker to
// FILE and waits (bounded) for the reloaded page whose <main> shows it. One measurement is the time from
// just before the write to the reloaded page's first contentful paint (its DOMContentLoaded where the
// browser reports no paint), both on this machine's clock. The server's own time for the build comes from
// its `built … in X s` line. FILE is restored at the end. Writes the runs as JSON.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const argv = process.argv.slice(2);
const opt = { sitegen: null, content: null, out: null, page: '/pages/about/', file: 'pages/about.md', runs: '5', json: null };
for (let i = 0; i < argv.length; i += 2) {
  const k = argv[i].replace(/^--/, '');
  if (!(k in opt) || i + 1 >= argv.length) {
    console.error(`bench-reload.mjs: unknown or incomplete argument ${argv[i]}`);
    process.exit(2);
  }
  opt[k] = argv[i + 1];
}
for (const k of ['sitegen', 'content', 'out', 'json']) {
  if (!opt[k]) {
    console.error(`bench-reload.mjs: --${k} is required`);
    process.exit(2);
  }
}
const RUNS = Math.max(1, Number(opt.runs) || 5);
const CHROMIUM = process.env.QUANYU_CHROMIUM || '/usr/bin/chromium';
const FILE = path.join(path.resolve(opt.content), opt.file);
const ORIGINAL = fs.readFileSync(FILE, 'utf8');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let log = '';
const child = spawn(path.resolve(opt.sitegen), ['serve', '--content', path.resolve(opt.content), '--out', path.resolve(opt.out), '--port', '0'], {
  env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH || '1795104000' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const cleanup = () => {
  try {
    child.kill('SIGKILL');
  } catch {}
  try {
    fs.writeFileSync(FILE, ORIGINAL);
  } catch {}
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
child.stderr.setEncoding('utf8');
let shownUpTo = 0; // the server's lines echoed so far (whole lines only)
child.stderr.on('data', (d) => {
  log += d;
  const end = log.lastIndexOf('\n') + 1;
  const lines = log.slice(shownUpTo, end).split('\n');
  shownUpTo = end;
  process.stderr.write(lines.filter((l) => /^(built|serving|sitegen serve)/.test(l)).map((l) => `  server: ${l}\n`).join(''));
});

/** Waits (bounded) until `cond()` holds. */
async function until(cond, what, timeout) {
  const deadline = Date.now() + timeout;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms`);
    await sleep(20);
  }
}

/** The `built N pages [(what the build cache gave)] (V vacancies …) … in S s` lines printed so far. */
const builds = () => [...log.matchAll(/^built (\d+) pages (?:\([^()\n]*\) )?\((\d+) vacancies[^\n]* in ([\d.]+) s/gm)].map((m) => ({ pages: +m[1], vacancies: +m[2], secs: +m[3] }));

let exit = 0;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
try {
  await until(() => /at http:\/\/127\.0\.0\.1:\d+\//.test(log), 'the server printed its address (first build)', 20 * 60 * 1000);
  const base = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)[1];
  const first = builds()[0];
  if (!first) throw new Error(`the first build failed:\n${log}`);
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(base + opt.page);
  const runs = [];
  for (let i = 1; i <= RUNS; i++) {
    await sleep(1500); // quiet: no rebuild pending, the page idle
    const before = builds().length;
    const marker = `RELOAD-BENCH-${Date.now()}-${i}`;
    const savedAt = Date.now();
    fs.writeFileSync(FILE, `${ORIGINAL}\n\n${marker}\n`);
    // The reloaded page: a new document whose <main> holds the marker.
    const timeout = Math.max(30000, first.secs * 1000 * 4);
    await until(
      async () =>
        page.evaluate((m) => document.readyState !== 'loading' && (document.querySelector('main')?.textContent ?? '').includes(m), marker).catch(() => false),
      `run ${i}: the page showing ${marker}`,
      timeout,
    );
    // Its first paint is reported a frame or so after the DOM is there.
    await until(() => page.evaluate(() => performance.getEntriesByName('first-contentful-paint').length > 0), 'first paint', 2000).catch(() => {});
    const shown = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0];
      return performance.timeOrigin + (paint ? paint.startTime : nav.domContentLoadedEventEnd);
    });
    await until(async () => builds().length > before, `run ${i}: the server's build line`, 10000);
    const b = builds()[builds().length - 1];
    const ms = shown - savedAt;
    runs.push({ ms, build_ms: b.secs * 1000, pages: b.pages, vacancies: b.vacancies });
    process.stderr.write(`  run ${i}: saved → page shown ${ms.toFixed(0)} ms (build ${Math.round(b.secs * 1000)} ms)\n`);
  }
  fs.writeFileSync(opt.json, JSON.stringify({ page: opt.page, file: opt.file, runs }, null, 2));
  await context.close();
} catch (e) {
  console.error(`bench-reload.mjs: ${e.message}`);
  exit = 1;
} finally {
  await browser.close().catch(() => {});
  cleanup();
}
process.exit(exit);
