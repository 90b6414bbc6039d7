// What the browser tests share: arguments, the check/report loop, Debian's Chromium (headless, WebGL 2
// through SwiftShader) and opening the page until the app says it is ready.
import { chromium } from 'playwright-core';

export const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };

export function expect(cond, what) { if (!cond) throw new Error(what); }

// check(name, fn): runs fn, prints "ok   name" or "FAIL name" with the reason; finish() prints the
// totals and returns the exit code.
export function checks() {
  const results = [];
  return {
    results,
    async check(name, fn) {
      try { await fn(); results.push([name, null]); console.log(`ok   ${name}`); }
      catch (e) { results.push([name, e]); console.log(`FAIL ${name}\n     ${String(e && e.message || e).split('\n').join('\n     ')}`); }
    },
    finish() {
      const failed = results.filter(([, e]) => e).length;
      console.log(`${results.length - failed} passed, ${failed} failed`);
      return failed ? 1 : 0;
    },
  };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-quic', '--disable-default-apps', '--disable-extensions'],
  });
}

// A fresh context and page at url; console errors and page errors go to `errors`, CSP violations
// (from the first byte of the page on) to window.__cspViolations.
export async function openPage(browser, url, errors, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...options });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
      { directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: `${e.sourceFile}:${e.lineNumber}` }));
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.modelmeter && window.modelmeter.ready === true, null, { timeout: 60000 });
  return page;
}

export const pageState = async (page) => JSON.parse(await page.evaluate(() => window.modelmeter.state()));

// A file dropped on the page as a user's drag and drop delivers it: a drop event carrying a File.
export async function dropFile(page, name, text) {
  await page.evaluate(([n, t]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, text]);
}
