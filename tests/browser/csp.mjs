#!/usr/bin/env node
// The portal's Content-Security-Policy in the browser (issue 15 §5).
//
//   node tests/browser/csp.mjs <dist-dir>
//
// Serves the built sample on 127.0.0.1 with exactly the headers of its `_headers` file (static-files.mjs,
// as a host reading that file would), and opens every page type — home, district, listing, a filtered
// listing, a search (the widget fetches the index and shows results), vacancy, policies, policy,
// stations, station, events, event, the city's and a district's pages, 404, the embed page — in the three
// languages (zh-CN, /zh-hk/, /en/), then every zh-CN one again in large text with high contrast (the
// display switch's inline script takes the other branch). Every page must come with the policy (script
// only from the portal and by hash, no 'unsafe-inline'), and no `securitypolicyviolation` event (a
// listener added before any page script), CSP console message or uncaught error may occur. The JSON-LD
// data blocks of vacancy and event pages are not scripts: they stay in the page, parse, and cause no
// violation. So that the test cannot pass by nothing running: the widget must show results on the listing
// and for the search, having fetched index files, the display script must have applied the remembered
// mode, and a script injected on purpose must be reported as a violation (the listener works).
// Prints `ok` / `not ok` and `N passed, M failed`; exits non-zero on a failure.

import fs from 'node:fs';
import path from 'node:path';
import { serveSite } from './static-files.mjs';
import { launchChromium } from './tap.mjs';

const DIST = path.resolve(process.argv[2] || '');
if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error('usage: node csp.mjs <dist-dir>');
  process.exit(2);
}
const started = Date.now();
const { server, base: BASE } = await serveSite(DIST);

/** The first sub-folder of `rel` (a folder of the built site) that holds a page, sorted by name. */
function firstPage(rel) {
  const dir = path.join(DIST, rel);
  const names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
  if (!names.length) throw new Error(`${rel}: no page below it in ${DIST}`);
  return `/${rel}/${names[0]}/`;
}

const DISTRICT = 'huangpu';
const LISTING = `/${DISTRICT}/jobs/`;
const QUERY = '焊工';
// Page types, as zh-CN paths (the other languages add their prefix). Found in the build, not written down.
const PAGES = {
  home: '/',
  district: `/${DISTRICT}/`,
  listing: LISTING,
  'listing filtered': firstPage(`${DISTRICT}/jobs/type`),
  search: `${LISTING}?q=${encodeURIComponent(QUERY)}`,
  vacancy: firstPage(`${DISTRICT}/jobs`),
  policies: `/${DISTRICT}/policies/`,
  policy: firstPage(`${DISTRICT}/policies`),
  stations: `/${DISTRICT}/stations/`,
  station: firstPage(`${DISTRICT}/stations`),
  events: `/${DISTRICT}/events/`,
  event: firstPage(`${DISTRICT}/events`),
  'city page': firstPage('pages'),
  'district page': firstPage(`${DISTRICT}/pages`),
  404: '/no-such-page/',
  embed: '/embed/',
};
const LANGS = ['', '/zh-hk', '/en'];

const browser = await launchChromium();

/** A context whose pages record CSP violations from before their first script. */
async function newContext(display) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  context.setDefaultTimeout(10000);
  await context.addInitScript((mode) => {
    if (mode) localStorage.setItem('qy-display', mode);
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || '?'}:${e.lineNumber} (${(e.sample || '').slice(0, 60)})`);
    });
  }, display);
  return context;
}

/** Opens `url` and checks it (see the header); returns the page, still open. */
async function visit(context, type, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    // The 404 page is served with status 404, which Chromium reports for the document itself.
    if (type === '404' && text.includes('status of 404')) return;
    if (msg.type() === 'error' || /Content.Security.Policy/i.test(text)) problems.push(`console ${msg.type()}: ${text}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  const index = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/search/') && r.ok()) index.push(r.url());
  });
  const response = await page.goto(BASE + url, { waitUntil: 'load' });
  const csp = response.headers()['content-security-policy'] || '';
  const scriptSrc = (csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) || '').split(/\s+/);
  const loose = scriptSrc.filter((s) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:'].includes(s));
  if (!scriptSrc.includes("'self'") || !scriptSrc.some((s) => s.startsWith("'sha256-")) || loose.length) {
    problems.push(`no strict script-src in the page's Content-Security-Policy (${loose.join(' ') || 'no hash'}): ${JSON.stringify(csp.slice(0, 200))}`);
  }
  for (const d of ["object-src 'none'", "base-uri 'none'", 'frame-ancestors ']) {
    if (!csp.includes(d)) problems.push(`the policy lacks ${d}`);
  }
  if (type === 'listing' || type === 'search') {
    // A listing without a search in its URL starts its widget when the citizen reaches for its box.
    if (type === 'listing') await page.hover('form.qy-search input[type=search]', { timeout: 10000 }).catch(() => problems.push('no search box'));
    await page.waitForSelector('ul.qy-results > li.job', { timeout: 10000 }).catch(() => problems.push('the widget showed no results'));
    if (!index.length) problems.push('the widget fetched no index file');
    if (type === 'search') {
      const input = await page.locator('form.qy-search input[type=search]').inputValue().catch(() => '');
      if (input !== QUERY) problems.push(`the search box holds ${JSON.stringify(input)}, not the query of the URL`);
    }
  }
  if (type === 'embed') {
    // The embed page's live preview is the widget itself in a <quanyu-jobs> element.
    await page.waitForFunction(() => document.querySelector('quanyu-jobs')?.shadowRoot?.querySelector('li.job'), null, { timeout: 10000 }).catch(() => problems.push('the embed preview showed no results'));
  }
  if (type === 'vacancy' || type === 'event') {
    const blocks = await page.$$eval('script[type="application/ld+json"]', (s) => s.map((x) => x.textContent));
    // The JSON-LD is on the zh-CN page only (other languages point to it as their canonical).
    if (!url.startsWith('/zh-hk/') && !url.startsWith('/en/')) {
      if (!blocks.length) problems.push('no JSON-LD block');
      for (const b of blocks) {
        try {
          const type = JSON.parse(b)['@type'];
          if (type !== 'JobPosting' && type !== 'Event') problems.push(`JSON-LD of type ${type}`);
        } catch (e) {
          problems.push(`JSON-LD does not parse: ${e.message}`);
        }
      }
    }
  }
  await page.waitForTimeout(100); // late violations (the widget's own work)
  const violations = await page.evaluate(() => window.__csp);
  problems.push(...violations.map((v) => `violation: ${v}`));
  return { page, problems };
}

// The checks, run two at a time (each in a context of its own); their lines come out in this order.
const checks = [];
function check(name, fn) {
  checks.push({ name, fn });
}
async function runCheck({ name, fn }) {
  const t0 = Date.now();
  try {
    const problems = await fn();
    return problems.length ? `not ok - ${name}: ${problems.join(' | ')}` : `ok - ${name} [${Date.now() - t0} ms]`;
  } catch (e) {
    return `not ok - ${name}: ${(e && e.stack) || e}`;
  }
}

for (const prefix of LANGS) {
  check(`every page type in ${prefix || 'zh-CN'} runs under the policy with no violation`, async () => {
    const context = await newContext(null);
    const problems = [];
    for (const [type, url] of Object.entries(PAGES)) {
      const { page, problems: p } = await visit(context, type, prefix + url);
      problems.push(...p.map((x) => `${prefix + url} (${type}): ${x}`));
      await page.close();
    }
    await context.close();
    return problems;
  });
}

check('every page type in large text with high contrast, with no violation', async () => {
  const context = await newContext('large contrast');
  const problems = [];
  for (const [type, url] of Object.entries(PAGES)) {
    const { page, problems: p } = await visit(context, type, url);
    const applied = await page.evaluate(() => document.documentElement.classList.contains('qy-large') && document.documentElement.classList.contains('qy-contrast'));
    if (!applied) p.push('the display script did not apply the remembered mode (did it run?)');
    problems.push(...p.map((x) => `${url} (${type}): ${x}`));
    await page.close();
  }
  await context.close();
  return problems;
});

check('a script the policy does not allow is blocked and reported (the listener works)', async () => {
  const context = await newContext(null);
  const { page, problems } = await visit(context, 'home', '/');
  const ran = await page.evaluate(async () => {
    window.__ran = false;
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true;';
    document.head.appendChild(s);
    await new Promise((r) => setTimeout(r, 50));
    return window.__ran;
  });
  const violations = await page.evaluate(() => window.__csp);
  await context.close();
  const out = problems.filter((p) => !p.startsWith('console'));
  if (ran) out.push('an injected inline script ran');
  if (!violations.some((v) => v.startsWith('script-src'))) out.push(`no violation reported for it: ${JSON.stringify(violations)}`);
  return out;
});

const results = new Array(checks.length);
let next = 0;
await Promise.all(
  [0, 1].map(async () => {
    while (next < checks.length) {
      const i = next++;
      results[i] = await runCheck(checks[i]);
    }
  }),
);
await browser.close();
server.close();
let passed = 0;
for (const line of results) {
  console.log(line);
  if (line.startsWith('ok')) passed++;
}
console.log(`csp browser tests: ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length && passed > 0 ? 0 : 1);
