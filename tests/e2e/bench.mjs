// The web app's budgets, measured and printed (not a test): one line per figure, "name value unit".
//   node tests/e2e/bench.mjs [--site build/wasm/site] [--runs 5] [--cli build/native-release/src/cli/modelmeter]
// With --cli, the native `modelmeter bench` runs too and the wasm/native ratios are printed (issue 14:
// analyze_config_us and sweep_10k_ms, the same configurations natively and in the page).
// Targets (issue 6): wasm <= 1 MB and <= 400 KB gzipped; first frame within 1.5 s on localhost;
// a 10,000-configuration re-analysis < 1 s in the browser.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const site = arg('--site', 'build/wasm/site');
const runs = Number(arg('--runs', '5'));
const cli = arg('--cli', '');
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
  const first = [], ready = [], sweeps = [], single = [], standard = [];
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
    // analyze_config_us as `modelmeter bench` measures it: runs of 200 standard analyses, warm.
    for (let r = 0; r < 5; ++r) standard.push(await page.evaluate(() => window.modelmeter.timeStandard(200) / 200 * 1000));
    await context.close();
  }
  line('first_frame_ms', median(first).toFixed(0), `ms (median of ${runs}; navigation start to the first drawn frame, SwiftShader)`);
  line('load_event_ms', median(ready).toFixed(0), 'ms');
  line('analyze_config_ms_wasm_cold', median(single).toFixed(3), 'ms per configuration (first 100, before the engine tiers up)');
  line('sweep_10k_ms_wasm', median(sweeps).toFixed(0), 'ms (10,000 full analyses: benchmark_points, as modelmeter bench)');
  line('analyze_config_us_wasm', median(standard).toFixed(2), 'us (the standard workload; median of runs of 200)');
  if (cli) {
    const out = execFileSync(cli, ['bench'], { encoding: 'utf8' });
    const native = (name) => Number((out.match(new RegExp(`^${name} ([0-9.]+)`, 'm')) || [])[1]);
    line('analyze_config_us_native', native('analyze_config_us'), 'us');
    line('sweep_10k_ms_native', native('sweep_10k_ms'), 'ms');
    line('ratio_analyze_config_wasm_native', (median(standard) / native('analyze_config_us')).toFixed(2), 'x');
    line('ratio_sweep_10k_wasm_native', (median(sweeps) / native('sweep_10k_ms')).toFixed(2), 'x');
  }
} finally {
  await browser.close();
  server.close();
}
