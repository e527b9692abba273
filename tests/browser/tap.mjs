// What the browser tests share (tests/browser/*.mjs): Debian's Chromium launched headless with the flags
// every test uses (a fresh profile per launch; QUANYU_CHROMIUM names another binary), a page's console
// errors and uncaught exceptions collected, and the report each prints — `ok - name` or
// `not ok - name: reason` per test, then `N passed, M failed` — with the exit code CI reads: non-zero
// on a failure, and when no test ran (a script that tested nothing has failed).

import { chromium } from 'playwright-core';

/** The flags every test launches Chromium with (no sandbox as root, nothing that calls out). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium (`QUANYU_CHROMIUM`, else Debian's `/usr/bin/chromium`). */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.QUANYU_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Collects `page`'s console errors and uncaught exceptions into `problems`, which it returns. */
export function watchProblems(page, problems = []) {
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

/** Counts and prints the tests' results. */
export class Tap {
  passed = 0;
  failed = 0;

  /** Prints one result. */
  record(name, ok, detail = '') {
    console.log(ok ? `ok - ${name}` : `not ok - ${name}: ${detail}`);
    if (ok) this.passed++;
    else this.failed++;
  }

  /** Runs `body`: it fails on a throw, or when `problems` (e.g. from `watchProblems`) gained any — taken. */
  async test(name, body, problems = []) {
    try {
      await body();
      if (problems.length) throw new Error(problems.splice(0).join('; '));
      this.record(name, true);
    } catch (e) {
      this.record(name, false, (e && e.message) || String(e));
    }
  }

  /** Prints the totals; returns the exit code. */
  finish() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed > 0 || this.passed === 0 ? 1 : 0;
  }
}
