#!/usr/bin/env node
// Saved searches count what is new (issue 14 §2), across two builds of the portal.
//
//   node tests/browser/saved-search.mjs --sitegen <sitegen binary built with the widget> [--content content]
//
// Builds the sample content (SOURCE_DATE_EPOCH 1795104000, 2026-11-20 China time) into a temporary folder
// and serves it on 127.0.0.1; in Debian's Chromium, searches Huangpu's listing for 焊工 and saves the
// search; "我的收藏" then says 0 new. Then a copy of the content gets new vacancies posted after that
// build — welders in Huangpu (they match), an accountant in Huangpu and a welder in Tianhe (they do not:
// other words, another district) — and is built, a week later, into the same folder the server serves.
// Back on "我的收藏" (same browser storage), the saved search must count exactly the new matching
// vacancies, and its link must open them sorted newest first, those new ones on top. Prints `ok` / `not
// ok` per test and `N passed, M failed`; exits non-zero on a failure, a console error or a page error.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveSite } from './static-files.mjs';
import { Tap, launchChromium, watchProblems } from './tap.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const SITEGEN = arg('--sitegen');
const CONTENT = path.resolve(arg('--content', 'content'));
if (!SITEGEN || !fs.existsSync(SITEGEN) || !fs.existsSync(path.join(CONTENT, 'site.toml'))) {
  console.error('usage: node saved-search.mjs --sitegen <sitegen binary> [--content <sample content folder>]');
  process.exit(2);
}
const FIRST_EPOCH = 1795104000; // 2026-11-20 in China
const SECOND_EPOCH = FIRST_EPOCH + 7 * 86400; // a week later
const POSTED = '2026-11-25'; // after the first build, before the second

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quanyu-saved-'));
const DIST = path.join(tmp, 'dist');
const build = (content, epoch) =>
  execFileSync(SITEGEN, ['build', '--content', content, '--out', DIST], { env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) }, stdio: ['ignore', 'ignore', 'pipe'] });

/** A vacancy posted after the first build. */
function vacancy(id, title, occupation, skills) {
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    identifier: id,
    title,
    datePosted: POSTED,
    validThrough: '2027-01-31T23:59:59+08:00',
    employmentType: 'FULL_TIME',
    hiringOrganization: { name: '测试用新雇主有限公司' },
    jobLocation: { address: { addressCountry: 'CN', addressRegion: '广东省广州市', addressLocality: '龙湖街道', streetAddress: '九龙大道1号' } },
    baseSalary: { '@type': 'MonetaryAmount', currency: 'CNY', value: { '@type': 'QuantitativeValue', minValue: 7000, maxValue: 9000, unitText: 'MONTH' } },
    occupationalCategory: occupation,
    skills,
    description: `新发布的${title}岗位。`,
  };
}

build(CONTENT, FIRST_EPOCH);
const { server, base: BASE } = await serveSite(DIST);
const browser = await launchChromium();
// One context for the whole test: its storage is the citizen's browser coming back.
const context = await browser.newContext({ locale: 'zh-CN' });
const page = await context.newPage();
const problems = watchProblems(page);
const tap = new Tap();
const test = (name, body) => tap.test(name, body, problems);
function assertEq(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** The saved search's "new" count on 我的收藏 (waits for the count to appear). */
async function newCount(name) {
  await page.goto(BASE + '/saved/');
  const item = page.locator('#qy-saved .qy-saved-searches li', { has: page.locator('a', { hasText: name }) });
  await item.locator('.qy-new:not([hidden])').waitFor({ timeout: 15000 });
  return Number(await item.locator('.qy-new').getAttribute('data-count'));
}

/** The result links once the widget's results stop changing. */
async function results() {
  await page.waitForSelector('ul.qy-results > li.job');
  let last = '';
  for (let i = 0; i < 50; i++) {
    const now = JSON.stringify(await page.$$eval('ul.qy-results > li.job > h3 > a', (as) => as.map((a) => a.getAttribute('href'))));
    if (now === last) return JSON.parse(now);
    last = now;
    await page.waitForTimeout(200);
  }
  return JSON.parse(last);
}

const NAME = '黄埔焊工';
await test('a saved search: saved from the listing, nothing new on the build it was saved from', async () => {
  await page.goto(`${BASE}/huangpu/jobs/?q=${encodeURIComponent('焊工')}&district=huangpu`);
  await results();
  await page.locator('#qy-search-name').fill(NAME);
  await page.locator('#qy-save-search button[type=submit]').click();
  assertEq(await newCount(NAME), 0, 'new vacancies on the same build');
});

await test('after a rebuild with new vacancies, the saved search counts exactly the new matching ones and opens them newest first', async () => {
  const content = path.join(tmp, 'content');
  fs.cpSync(CONTENT, content, { recursive: true });
  const fresh = [
    vacancy('hp-new-welder-1', '焊工', '6-18-02 焊接人员', ['电焊']),
    vacancy('hp-new-welder-2', '氩弧焊工', '6-18-02 焊接人员', ['氩弧焊']),
    vacancy('hp-new-welder-3', '二氧化碳保护焊工', '6-18-02 焊接人员', ['二保焊']),
    vacancy('hp-new-accountant', '会计', '2-06-03 会计专业人员', ['Excel']),
  ];
  fs.writeFileSync(path.join(content, 'districts/huangpu/vacancies/new.json'), JSON.stringify(fresh));
  fs.writeFileSync(path.join(content, 'districts/tianhe/vacancies/new.json'), JSON.stringify([vacancy('th-new-welder', '焊工', '6-18-02 焊接人员', ['电焊'])]));
  build(content, SECOND_EPOCH);
  // The new vacancies that match: those the rebuilt index finds for the search, posted after the first build.
  const expected = fresh.filter((v) => v.title.includes('焊工')).length;
  assertEq(await newCount(NAME), expected, 'new vacancies of the saved search');
  await page.locator('#qy-saved .qy-saved-searches a', { hasText: NAME }).click();
  const hrefs = await results();
  assertEq(await page.locator('.qy-sort select').inputValue(), 'newest', 'the order the saved search opens in');
  assertEq(hrefs.slice(0, expected).map((h) => h.split('/').at(-2)).sort(), fresh.filter((v) => v.title.includes('焊工')).map((v) => v.identifier).sort(), 'the new ones on top');
  // Opened: they are no longer new.
  assertEq(await newCount(NAME), 0, 'new vacancies once opened');
});

await browser.close();
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(tap.finish());
