// The page's side of the bad-input table (tests/bad_input/cases.jsonl, issue 7). For every case with
// page: true, in one page: take the state, feed the case the way a person would (a file through the
// real <input type=file>, a link through the address's hash), wait for the app to answer, then check
// that the sentence it shows holds the case's fragment and that everything else in the state (the
// analysis, the inputs, the link) is as before. Prints one line per case.
//   node tests/e2e/bad_input.test.mjs --site build/wasm/site [--only ID]
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { loadCases } from '../bad_input/cases.mjs';
import { arg, checks, expect, launchChromium, openPage, pageState } from './harness.mjs';

const site = arg('--site', 'build/wasm/site');
const only = arg('--only');
const { check, finish } = checks();

// What a bad input must leave alone: the whole state but the sentences that report it.
const kept = (s) => { const { last_error: _e, notices: _n, ...rest } = s; return JSON.stringify(rest); };
const WAITING = '(bad-input test: waiting for the app)';

const cases = loadCases().filter((c) => c.page && (!only || c.id === only));
const dir = mkdtempSync(join(tmpdir(), 'mm-bad-input-page-'));
const { server, url } = await startServer(site);
const browser = await launchChromium();
const errors = [];
let page = await openPage(browser, url, errors);

try {
  for (const c of cases) {
    const fragment = c.pageMessage ?? c.message;
    const t0 = Date.now();
    await check(`${c.id}: ${c.what}`, async () => {
      const before = await pageState(page);
      let shown;
      if (c.kind === 'file') {
        // The app answers every file with last_error; a sentinel tells a new answer from the last one.
        // (A pick starts afresh, clearing the sentinel before the file is read: wait for a sentence.)
        await page.evaluate((w) => window.Module.reportError(w), WAITING);
        let files;
        if (c.sparseSize !== undefined) {  // a hole on disk, handed to the browser by path, never read here
          const path = join(dir, c.name.replace(/[/\0]/g, '_'));
          const fd = openSync(path, 'w');
          ftruncateSync(fd, c.sparseSize);
          closeSync(fd);
          files = path;
        } else {
          files = { name: c.name, mimeType: 'application/octet-stream', buffer: c.bytes };
        }
        await page.setInputFiles('#file-picker', files);
        await page.waitForFunction((w) => { const e = JSON.parse(window.modelmeter.state()).last_error; return e !== w && e !== null; },
          WAITING, { timeout: 30000 });
        shown = (await pageState(page)).last_error;
      } else {
        await page.evaluate((link) => window.modelmeter.setHash(link), c.link);
        await page.waitForTimeout(100);  // the hashchange event, which must not undo the notices
        shown = (await pageState(page)).notices.join(' | ');
      }
      const after = await pageState(page);
      console.log(`     ${c.kind === 'file' ? 'last_error' : 'notices'} after ${Date.now() - t0} ms: ${shown}`);
      expect(typeof shown === 'string' && shown.includes(fragment), `expected the fragment "${fragment}"`);
      expect(kept(after) === kept(before), 'the state changed:\n before ' + kept(before).slice(0, 400) + '\n after  ' + kept(after).slice(0, 400));
      expect(await page.evaluate(() => window.__pwned === undefined), 'window.__pwned is set');
    });
    // A page that died (an abort in the wasm, a hang) is replaced, so one case cannot fail the rest.
    const alive = await Promise.race([page.evaluate(() => typeof window.modelmeter.state() === 'string').catch(() => false),
      new Promise((ok) => setTimeout(() => ok(false), 10000))]);
    if (!alive) {
      console.log('     the page stopped answering; opening a fresh one');
      await page.context().close().catch(() => {});
      page = await openPage(browser, url, errors);
    }
  }
  await check('the page is still whole: no CSP violation, no console error', async () => {
    const violations = await page.evaluate(() => window.__cspViolations);
    expect(violations.length === 0, JSON.stringify(violations));
    expect(errors.length === 0, errors.join('\n'));
  });
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${cases.length} page cases of the bad-input table`);
process.exit(finish());
