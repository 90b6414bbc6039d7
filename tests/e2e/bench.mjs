// The web app's budgets, measured and printed (not a test): one line per figure, "name value unit".
//   node tests/e2e/bench.mjs [--site build/wasm/site] [--runs 5]
// Targets (issue 6): wasm <= 1 MB and <= 400 KB gzipped; first frame within 1.5 s on localhost;
// a 10,000-configuration re-analysis < 1 s in the browser.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const site = arg('--site', 'build/wasm/site');
const runs = Number(arg('--runs', '5'));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const line = (name, value, unit) => console.log(`${name} ${value} ${unit}`);

for (const f of readdirSync(site).sort()) {
  const bytes = readFileSync(join(site, f));
  const key = f.replace(/[^a-z0-9]+/gi, '_');
  line(`size_${key}`, statSync(join(site, f)).size, 'bytes');
  if (/\.(wasm|js)$/.test(f)) line(`gzip_${key}`, gzipSync(bytes, { level: 9 }).length, 'bytes');
}

const { server, url } = await startServer(site);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const first = [], ready = [], sweeps = [], single = [];
  for (let i = 0; i < runs; ++i) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.modelmeter && window.modelmeter.firstFrameMs !== null, null, { timeout: 60000 });
    const t = await page.evaluate(() => ({ first: window.modelmeter.firstFrameMs, nav: performance.timeOrigin }));
    first.push(t.first);
    ready.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd));
    single.push(await page.evaluate(() => window.modelmeter.timeSweep(100) / 100));
    sweeps.push(await page.evaluate(() => window.modelmeter.timeSweep(10000)));
    await context.close();
  }
  line('first_frame_ms', median(first).toFixed(0), `ms (median of ${runs}; navigation start to the first drawn frame, SwiftShader)`);
  line('load_event_ms', median(ready).toFixed(0), 'ms');
  line('analyze_config_ms_wasm_cold', median(single).toFixed(3), 'ms per configuration (first 100, before the engine tiers up)');
  line('sweep_10k_ms_wasm', median(sweeps).toFixed(0), 'ms (10,000 full analyses)');
} finally {
  await browser.close();
  server.close();
}
