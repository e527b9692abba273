#!/usr/bin/env node
// One network round per new term (issue 14 §4), on a site too large to be fetched whole.
//
//   node tests/browser/one-round.mjs <dist-dir of a site with more than 2,000 vacancies>
//
// `cargo xtask test` builds 3,000 generated vacancies for it (`crate::browser::run_one_round`). Served on
// 127.0.0.1, in Debian's Chromium: once the first results of a listing are on screen, the widget fetches
// the result tables (`results-*.qy`) of the districts it searches, quietly — the district's page its own
// district's, the city-wide view every district's — and nothing of the whole index. After that, typing
// a term no search has used fetches its term shards and nothing else (no result chunk `docs-*.qy`), and
// the results show: titles and links of vacancies whose pages exist (in the page's language: the
// zh-HK and English listings' results link to their own language's pages). Prints `ok` / `not ok` per test and
// `N passed, M failed`; exits non-zero on a failure, a console error or a page error.

import fs from 'node:fs';
import path from 'node:path';
import { serveSite } from './static-files.mjs';
import { Tap, launchChromium, watchProblems } from './tap.mjs';

const DIST = path.resolve(process.argv[2] || '');
if (!process.argv[2] || !fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error('usage: node one-round.mjs <dist-dir>');
  process.exit(2);
}
const SEL = {
  input: 'form.qy-search[role=search] input[type=search]',
  status: 'p.qy-status[role=status]',
  links: 'ul.qy-results > li.job > h3 > a',
};
const DISTRICTS = fs.readdirSync(DIST).filter((d) => fs.existsSync(path.join(DIST, d, 'jobs', 'index.html')));
/** Terms to type and what the titles found show (vacancies are shown as written: 電工 finds 电工). */
const TERMS = [['焊工', '焊工'], ['保安', '保安'], ['普工', '普工'], ['电工', '电工']];
/** The site's other languages: their folder, the terms typed there. */
const LANGUAGES = [
  { prefix: 'zh-hk', terms: [...TERMS.slice(0, 3), ['電工', '电工']] },
  { prefix: 'en', terms: TERMS },
].filter((l) => DISTRICTS.length && fs.existsSync(path.join(DIST, l.prefix, DISTRICTS[0], 'jobs', 'index.html')));

const { server, base: BASE } = await serveSite(DIST);
const browser = await launchChromium();
const tap = new Tap();
/** A test in a context of its own, told of every index file its page requests. */
async function test(name, body) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = watchProblems(page);
  // Every index file requested, in order, and how many are on their way.
  const net = { files: [], inflight: 0, last: Date.now() };
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith('/search/')) net.files.push(p.split('/').pop());
    net.inflight++;
  });
  const done = () => {
    net.inflight--;
    net.last = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  await tap.test(name, () => body(page, net), problems);
  await context.close();
}
function assert(cond, what) {
  if (!cond) throw new Error(what);
}

/** Waits until nothing is on its way and nothing ended for half a second. */
async function idle(page, net) {
  const deadline = Date.now() + 20000;
  while (!(net.inflight === 0 && Date.now() - net.last >= 500)) {
    assert(Date.now() < deadline, `the network did not go idle (${net.inflight} requests on their way)`);
    await page.waitForTimeout(50);
  }
}

/** The status line's count once it shows one. */
async function count(page) {
  await page.waitForFunction((sel) => /\d/.test(document.querySelector(sel)?.textContent || ''), SEL.status, { timeout: 20000 });
  const text = await page.locator(SEL.status).textContent();
  return Number(/\d[\d,]*/.exec(text)[0].replace(/,/g, ''));
}

/** Searches for `text` (Enter: at once) and returns the index files it fetched and the results. */
async function search(page, net, text) {
  const before = net.files.length;
  const measures = await page.evaluate(() => performance.getEntriesByName('quanyu:search').length);
  await page.locator(SEL.input).fill(text);
  await page.locator(SEL.input).press('Enter');
  await page.waitForFunction((n) => performance.getEntriesByName('quanyu:search').length > n, measures, { timeout: 20000 });
  const fetched = net.files.slice(before);
  const titles = await page.$$eval(SEL.links, (as) => as.map((a) => a.textContent.trim()));
  const hrefs = await page.$$eval(SEL.links, (as) => as.map((a) => a.getAttribute('href')));
  return { fetched, titles, hrefs, count: await count(page) };
}

const tables = (files) => files.filter((f) => f.startsWith('results-'));

assert(DISTRICTS.length >= 2, `${DIST}: fewer than two district listings (${DISTRICTS})`);
const manifest = fs.readdirSync(path.join(DIST, 'search')).filter((f) => f.startsWith('results-'));
assert(manifest.length === DISTRICTS.length, `${DIST}/search holds ${manifest.length} result tables for ${DISTRICTS.length} districts`);

for (const [name, url, expected, terms, prefix] of [
  ["a district's listing", `/${DISTRICTS[0]}/jobs/`, 1, TERMS, ''],
  ['the city-wide view', `/${DISTRICTS[0]}/jobs/?district=`, DISTRICTS.length, TERMS, ''],
  ...LANGUAGES.map((l) => [`a district's listing in ${l.prefix}`, `/${l.prefix}/${DISTRICTS[0]}/jobs/`, 1, l.terms, `/${l.prefix}`]),
]) {
  await test(`${name}: its result tables come after the first results, then a new term needs its term shards only`, async (page, net) => {
    await page.goto(BASE + url);
    // The widget starts when the citizen reaches for its search box (or at once, with a search in the URL).
    await page.hover('form.qy-search input[type=search]', { timeout: 10000 });
    assert((await count(page)) > 0, 'first results');
    await idle(page, net);
    const t = tables(net.files);
    assert(t.length === expected, `result tables fetched: ${JSON.stringify(t)} (expected ${expected})`);
    assert(!net.files.some((f) => f.startsWith('words-') || f.startsWith('sounds-') || f.startsWith('profile-')), `nothing else: ${net.files}`);
    let fetching = 0;
    for (const [term, shown] of terms) {
      const r = await search(page, net, term);
      assert(r.count > 0 && r.titles.length > 0, `${term}: results (${r.count})`);
      // A term whose shard an earlier one brought fetches nothing at all.
      assert(r.fetched.every((f) => f.startsWith('terms-')), `${term}: term shards only, fetched ${JSON.stringify(r.fetched)}`);
      fetching += r.fetched.length > 0;
      assert(r.titles.some((x) => x.includes(shown)), `${term}: titles ${JSON.stringify(r.titles.slice(0, 5))}`);
      for (const h of r.hrefs.slice(0, 3)) {
        assert(h.startsWith(`${prefix}/`) && (prefix || !/^\/(zh-hk|en)\//.test(h)), `${term}: result link ${h} is not a page of this language`);
        const res = await fetch(BASE + h);
        assert(res.ok, `${term}: result link ${h} gives HTTP ${res.status}`);
      }
    }
    assert(fetching > 0, 'no search fetched a term shard: the test measured nothing');
  });
}

await browser.close();
server.close();
process.exit(tap.finish());
