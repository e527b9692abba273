#!/usr/bin/env node
// The site `sitegen init` starts a team with, in the browser: its listing pages search.
//
//   node tests/browser/init.mjs <dist-dir>
//
// <dist-dir> is a build of a folder made by `sitegen init --district huangpu=黄埔区` (the xtask makes it).
// Serves it on 127.0.0.1 (the same static-file rules and `_headers` as run.mjs), opens the district's
// listing in Debian's Chromium, waits for the widget's results (the JSON examples and the spreadsheet's
// rows), then searches for the examples' titles (电工, 保洁, 仓库) and checks each finds exactly its
// vacancy, linked to its page. Prints `ok` / `not ok` per test
// and `N passed, M failed`; exits non-zero on a failure, a console error or a page error.

import fs from 'node:fs';
import path from 'node:path';
import { serveSite } from './static-files.mjs';
import { Tap, launchChromium, watchProblems } from './tap.mjs';

const DIST = path.resolve(process.argv[2] || '');
if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error('usage: node init.mjs <dist-dir of a sitegen init site>');
  process.exit(2);
}
const { server, base: BASE } = await serveSite(DIST);

const SEL = {
  input: 'form.qy-search[role=search] input[type=search]',
  status: 'p.qy-status[role=status]',
  links: 'ul.qy-results > li.job > h3 > a',
};

const browser = await launchChromium();
const tap = new Tap();
/** A test in a context of its own. */
async function test(name, body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await tap.test(name, () => body(page), watchProblems(page));
  await context.close();
}

/** Types `text` and waits until the results are those of that query (the URL carries it, the links settle). */
async function search(page, text) {
  await page.locator(SEL.input).fill(text);
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, text, { timeout: 5000 });
  await page.waitForFunction(
    ([sel, q]) => [...document.querySelectorAll(sel)].length > 0 && [...document.querySelectorAll(sel)].every((a) => a.textContent.includes(q)),
    [SEL.links, text],
    { timeout: 5000 },
  );
  return page.$$eval(SEL.links, (as) => as.map((a) => ({ href: a.getAttribute('href'), title: a.textContent.trim() })));
}

await test('the init site listing starts the widget and lists the examples of the JSON file and the sheet', async (page) => {
  await page.goto(`${BASE}/huangpu/jobs/`);
  // The widget starts when the citizen reaches for its search box.
  await page.hover('form.qy-search input[type=search]', { timeout: 10000 });
  await page.waitForSelector(SEL.links, { timeout: 10000 });
  const titles = (await page.$$eval(SEL.links, (as) => as.map((a) => a.textContent.trim()))).sort();
  const want = ['仓库管理员', '电工', '社区保洁员', '社区食堂帮厨'].sort();
  if (JSON.stringify(titles) !== JSON.stringify(want)) throw new Error(`results: ${JSON.stringify(titles)}`);
});

await test('the init site searches: 电工, 保洁 and 仓库 each find their vacancy', async (page) => {
  await page.goto(`${BASE}/huangpu/jobs/`);
  // The widget starts when the citizen reaches for its search box.
  await page.hover('form.qy-search input[type=search]', { timeout: 10000 });
  await page.waitForSelector(SEL.links, { timeout: 10000 });
  for (const [q, id] of [['电工', 'huangpu-example-1'], ['保洁', 'huangpu-example-2'], ['仓库', 'huangpu-sheet-1']]) {
    const found = await search(page, q);
    if (found.length !== 1 || !found[0].href.endsWith(`/huangpu/jobs/${id}/`)) throw new Error(`${q}: ${JSON.stringify(found)}`);
    const res = await fetch(BASE + found[0].href);
    if (res.status !== 200) throw new Error(`${found[0].href}: HTTP ${res.status}`);
  }
});

await browser.close();
server.close();
process.exit(tap.finish());
