// Browser test of the page's hardening (issue 7): its Content-Security-Policy holds for a whole session
// without one violation, the page makes no request once the app is ready, the policy refuses eval and
// requests to other origins, and a file whose name and contents are HTML never becomes HTML.
//   node tests/e2e/hardening.test.mjs --site build/wasm/site --shots DIR --fixtures tests/fixtures
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { sitePolicy, startServer } from '../../scripts/serve.mjs';
import { arg, checks, expect, launchChromium, openPage, pageState } from './harness.mjs';

const site = arg('--site', 'build/wasm/site');
const shots = arg('--shots', 'build/wasm/screenshots');
const fixtures = arg('--fixtures', 'tests/fixtures');
await mkdir(shots, { recursive: true });
const { check, finish } = checks();

const { server, url } = await startServer(site);
// Another origin (another port), counting what reaches it: a refused request must never arrive.
let otherHits = 0;
const other = createServer((req, res) => { otherHits++; res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('reached'); });
await new Promise((ok) => other.listen(0, '127.0.0.1', ok));
const otherUrl = `http://127.0.0.1:${other.address().port}/`;
const browser = await launchChromium();
const errors = [];

// After the app is ready the page has all it needs: the wasm, its data and the page's files are
// loaded. So every request from then on counts, same origin included, except blob: and data: URLs,
// which never leave the browser (an export is a blob: download).
const leaves = (u) => !u.startsWith('blob:') && !u.startsWith('data:');

try {
  await check('the server sends the page\'s policy as a header, plus frame-ancestors', async () => {
    const res = await fetch(url);
    const meta = await sitePolicy(site);
    expect(/script-src 'self' 'wasm-unsafe-eval'/.test(meta) && !/unsafe-inline|unsafe-eval'/.test(meta.replace("'wasm-unsafe-eval'", '')),
      `policy ${meta}`);
    expect(res.headers.get('content-security-policy') === `${meta}; frame-ancestors 'none'`, `header ${res.headers.get('content-security-policy')}`);
    console.log(`     ${meta}`);
  });

  const requests = [];
  const page = await openPage(browser, url, errors);
  const loadRequests = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  page.on('request', (r) => requests.push(r.url()));
  console.log(`     until ready: ${loadRequests.length + 1} requests (the page, ${loadRequests.map((u) => u.replace(url, '')).join(', ')})`);

  await check('a whole session: sample, a picked file, hash changes, views and every export', async () => {
    await page.evaluate(() => window.modelmeter.loadSample());
    expect((await pageState(page)).inputs.length === 1, 'the sample did not load');
    await page.evaluate(() => window.modelmeter.clearInputs());
    const text = await readFile(join(fixtures, 'torchinfo', 'cnn-summary.txt'));
    await page.setInputFiles('#file-picker', { name: 'cnn-summary.txt', mimeType: 'text/plain', buffer: text });
    await page.waitForFunction(() => JSON.parse(window.modelmeter.state()).inputs.length === 1, null, { timeout: 20000 });
    const s = await pageState(page);
    expect(s.last_error === null && s.inputs[0].name === 'cnn-summary.txt' && s.network, JSON.stringify([s.last_error, s.inputs]));
    await page.evaluate(() => window.modelmeter.setHash('batch=4&view=roofline'));
    await page.evaluate(() => { location.hash = 'batch=2&view=treemap'; });  // as a person edits the address
    await page.waitForFunction(() => JSON.parse(window.modelmeter.state()).view === 'treemap');
    expect((await pageState(page)).workload.batch === 2, 'the edited hash did not apply');
    for (const view of ['memory', 'sweep', 'torchinfo', 'breakdown']) {
      await page.evaluate((v) => window.modelmeter.setHash(`view=${v}`), view);
      await page.waitForTimeout(150);  // a few frames of each view
    }
    for (const what of ['analysis.json', 'netron-attachment.json', 'view.png']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate((w) => window.modelmeter.exportFile(w), what)]);
      console.log(`     ${what} -> ${download.suggestedFilename()} (${(await readFile(await download.path())).length} bytes)`);
    }
  });

  await check('no request leaves the page after the app is ready (blob:/data: stay in the browser)', async () => {
    const out = requests.filter(leaves);
    console.log(`     after ready: ${requests.length} requests, ${requests.length - out.length} blob:/data:, ${out.length} others`);
    expect(out.length === 0, `requests after ready:\n${out.join('\n')}`);
    // The recorder is not blind: a same-origin fetch, which the policy allows, shows up in it.
    await page.evaluate(() => fetch('style.css').then((r) => r.text()));
    expect(requests.some((u) => u.endsWith('/style.css')), 'a fetch of style.css was not recorded');
    requests.length = 0;
  });

  await check('no CSP violation and no console error during the session', async () => {
    const violations = await page.evaluate(() => window.__cspViolations);
    expect(violations.length === 0, JSON.stringify(violations));
    expect(errors.length === 0, errors.join('\n'));
  });

  await check('a file named and filled with HTML stays text, through the picker and a drop', async () => {
    const name = '<img src=x onerror="window.__pwned=1">.json';
    const body = '<script>window.__pwned=2</script>';
    // Playwright's setInputFiles leaves an empty style attribute on the input: it carries nothing.
    const dom = () => page.evaluate(() => ({ html: document.body.outerHTML.replace(/ style=""/g, ''), count: document.getElementsByTagName('*').length }));
    const before = await dom();
    await page.evaluate(() => window.Module.reportError('(waiting)'));
    await page.setInputFiles('#file-picker', { name, mimeType: 'application/json', buffer: Buffer.from(body) });
    await page.waitForFunction(() => { const e = JSON.parse(window.modelmeter.state()).last_error; return e !== '(waiting)' && e !== null; }, null, { timeout: 20000 });
    const picked = (await pageState(page)).last_error;
    await page.evaluate(() => window.Module.reportError('(waiting)'));
    await page.evaluate(([n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'application/json' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [name, body]);
    await page.waitForFunction(() => { const e = JSON.parse(window.modelmeter.state()).last_error; return e !== '(waiting)' && e !== null; }, null, { timeout: 20000 });
    const dropped = (await pageState(page)).last_error;
    await page.waitForTimeout(400);  // the error on screen, and time for any injected handler to run
    await page.screenshot({ path: join(shots, 'page-hostile-file.png') });
    console.log(`     the page says: ${dropped}`);
    expect(picked.includes(name) && dropped.includes(name), `the error does not quote the name verbatim:\n ${picked}\n ${dropped}`);
    expect(await page.evaluate(() => window.__pwned === undefined), `window.__pwned is ${await page.evaluate(() => window.__pwned)}`);
    const after = await dom();
    expect(after.count === before.count && after.html === before.html, `the DOM changed:\n before ${before.html}\n after  ${after.html}`);
    expect(await page.evaluate(() => document.querySelectorAll('img, script:not([src]), [onerror]').length === 0), 'an img, inline script or onerror is in the DOM');
  });

  await check('the policy bites: eval, new Function, HTML sinks and other origins are refused', async () => {
    const r = await page.evaluate(async (otherUrl) => {
      // Each attempt runs in a task of its own: code that DevTools evaluates may use eval whatever the
      // policy says (Runtime.evaluate's allowUnsafeEvalBlockedByCSP), the page's own code may not.
      const outcome = (fn) => new Promise((done) => setTimeout(async () => {
        try { await fn(); done('allowed'); } catch (e) { done(`refused (${e.name})`); }
      }, 0));
      return {
        eval: await outcome(() => eval('1')),
        newFunction: await outcome(() => new Function('return 1')()),
        innerHTML: await outcome(() => { document.createElement('div').innerHTML = '<b>x</b>'; }),
        scriptSrc: await outcome(() => { document.createElement('script').src = otherUrl; }),
        fetchOther: await outcome(() => fetch(otherUrl, { mode: 'no-cors' })),
        fetchInvalid: await outcome(() => fetch('http://example.invalid/', { mode: 'no-cors' })),
        image: await new Promise((done) => { const i = new Image(); i.onload = () => done('allowed'); i.onerror = () => done('refused'); i.src = otherUrl + 'x.png'; }),
      };
    }, otherUrl);
    await page.waitForTimeout(200);  // violation events are queued
    const violations = [...new Set(await page.evaluate(() => window.__cspViolations.map((v) => v.directive)))];
    console.log(`     ${JSON.stringify(r)}\n     violations reported: ${violations.join(', ')}; requests that reached the other origin: ${otherHits}`);
    for (const [what, result] of Object.entries(r)) expect(result.startsWith('refused'), `${what}: ${result}`);
    expect(otherHits === 0, `${otherHits} requests reached ${otherUrl}`);
    // eval and new Function on a string meet Trusted Types first (a TrustedScript is required and no
    // policy may make one), so they report require-trusted-types-for; script-src would refuse them next.
    for (const d of ['connect-src', 'img-src', 'require-trusted-types-for'])
      expect(violations.includes(d), `no ${d} violation was reported: ${violations}`);
  });
  await page.context().close();
} finally {
  await browser.close();
  server.close();
  other.close();
}
console.log(`screenshots in ${shots}`);
process.exit(finish());
