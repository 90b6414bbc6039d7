// The page's exports and what the page costs to load (issue 16, item 9), in Debian's Chromium:
//   node tests/e2e/exports.test.mjs --site build/wasm/site [--cli build/native-release/src/cli/modelmeter]
// Every export downloads and parses; view.png at 1600x1000 is a valid PNG (chunk CRCs, IHDR, inflated
// and unfiltered here) of at most 1 MB, without transient UI (the info line, hover and tooltips);
// report.zip is a valid, deflated archive (every entry inflated, its CRC-32 and sizes checked) holding
// byte for byte what `modelmeter report` writes for the same settings; the page's transfer stays within
// 450 KB (compressed by scripts/serve.mjs: brotli for Chromium) and a reload is answered with 304s.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { startServer } from '../../scripts/serve.mjs';
import { arg, checks, expect, launchChromium, openPage, pageState } from './harness.mjs';

const site = arg('--site', 'build/wasm/site');
const cli = arg('--cli', 'build/native-release/src/cli/modelmeter');
const PNG_BUDGET = 1000 * 1000, TRANSFER_BUDGET = 450 * 1000;  // kB as the README counts them

// A PNG decoder for what the app writes (8-bit RGBA) and what Chromium writes (8-bit RGB/RGBA):
// chunks and their CRCs, IHDR, the zlib stream inflated, the scanlines unfiltered.
export function decodePng(b) {
  expect(b.subarray(0, 8).toString('hex') === '89504e470d0a1a0a', 'no PNG signature');
  let at = 8, ihdr = null;
  const idat = [];
  for (;;) {
    expect(at + 12 <= b.length, 'the PNG ends inside a chunk');
    const len = b.readUInt32BE(at), type = b.toString('latin1', at + 4, at + 8);
    expect(at + 12 + len <= b.length, `chunk ${type} runs past the end`);
    expect(crc32(b.subarray(at + 4, at + 8 + len)) === b.readUInt32BE(at + 8 + len), `chunk ${type}: bad CRC`);
    const data = b.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') ihdr = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8], colour: data[9], interlace: data[12] };
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
    if (type === 'IEND') break;
  }
  expect(ihdr && ihdr.depth === 8 && (ihdr.colour === 6 || ihdr.colour === 2) && ihdr.interlace === 0, `IHDR ${JSON.stringify(ihdr)}`);
  const bpp = ihdr.colour === 6 ? 4 : 3, row = ihdr.width * bpp;
  const lines = inflateSync(Buffer.concat(idat));  // checks the zlib header and the Adler-32 too
  expect(lines.length === (row + 1) * ihdr.height, `${lines.length} bytes of scanlines for ${ihdr.width}x${ihdr.height}`);
  const px = Buffer.alloc(row * ihdr.height);
  for (let y = 0; y < ihdr.height; ++y) {
    const f = lines[y * (row + 1)];
    expect(f <= 4, `row ${y}: filter ${f}`);
    for (let i = 0; i < row; ++i) {
      const a = i >= bpp ? px[y * row + i - bpp] : 0, up = y ? px[(y - 1) * row + i] : 0, c = i >= bpp && y ? px[(y - 1) * row + i - bpp] : 0;
      const p = a + up - c, pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c);
      const pred = [0, a, up, (a + up) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? up : c][f];
      px[y * row + i] = (lines[y * (row + 1) + 1 + i] + pred) & 255;
    }
  }
  return { ...ihdr, bpp, pixels: px };
}

// Every entry of a ZIP: the central directory read from the end record, each local header checked
// against it, deflated entries inflated, sizes and CRC-32 compared.
export function readZip(b) {
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end >= 0 && end + 22 <= b.length, 'no end-of-central-directory record');
  const count = b.readUInt16LE(end + 10);
  let c = b.readUInt32LE(end + 16);
  expect(c + b.readUInt32LE(end + 12) === end, 'the central directory does not end where the end record starts');
  const entries = [];
  for (let i = 0; i < count; ++i) {
    expect(b.readUInt32LE(c) === 0x02014b50, `central entry ${i}: bad signature`);
    const method = b.readUInt16LE(c + 10), crc = b.readUInt32LE(c + 16), packed = b.readUInt32LE(c + 20), size = b.readUInt32LE(c + 24);
    const nameLen = b.readUInt16LE(c + 28), name = b.toString('utf8', c + 46, c + 46 + nameLen), local = b.readUInt32LE(c + 42);
    c += 46 + nameLen + b.readUInt16LE(c + 30) + b.readUInt16LE(c + 32);
    expect(b.readUInt32LE(local) === 0x04034b50, `${name}: no local header at ${local}`);
    expect(b.readUInt16LE(local + 8) === method && b.readUInt32LE(local + 14) === crc && b.readUInt32LE(local + 18) === packed
      && b.readUInt32LE(local + 22) === size, `${name}: local header and central directory disagree`);
    expect(b.toString('utf8', local + 30, local + 30 + nameLen) === name, `${name}: local name differs`);
    const start = local + 30 + nameLen + b.readUInt16LE(local + 28);
    const body = b.subarray(start, start + packed);
    expect(method === 0 || method === 8, `${name}: method ${method}`);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(data.length === size, `${name}: ${data.length} bytes inflated, ${size} recorded`);
    expect(crc32(data) === crc, `${name}: CRC-32 mismatch`);
    entries.push({ name, method, packed, data });
  }
  return entries;
}

const samePixels = (a, b) => a.width === b.width && a.height === b.height && a.bpp === b.bpp && a.pixels.equals(b.pixels);

async function download(page, what) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.evaluate((w) => window.modelmeter.exportFile(w), what)]);
  const body = await readFile(await d.path());
  console.log(`     ${what} -> ${d.suggestedFilename()} (${body.length} bytes)`);
  return { name: d.suggestedFilename(), body };
}

const { check, finish } = checks();
const { server, url } = await startServer(site);
const browser = await launchChromium();
const errors = [];
try {
  await check('the page transfers at most 450 KB (compressed by scripts/serve.mjs), and a reload gets 304s', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const finished = [];
    page.on('requestfinished', (r) => finished.push(r));
    await page.goto(url);
    await page.waitForFunction(() => window.modelmeter && window.modelmeter.ready === true, null, { timeout: 60000 });
    let total = 0;
    const parts = [];
    for (const r of finished) {
      const s = await r.sizes();
      total += s.responseBodySize + s.responseHeadersSize;
      parts.push(`${new URL(r.url()).pathname} ${s.responseBodySize} (${(await r.response()).headers()['content-encoding'] || 'identity'})`);
    }
    console.log(`     ${total} bytes: ${parts.join(', ')}`);
    expect(finished.length >= 6, `only ${finished.length} requests finished`);
    expect(total <= TRANSFER_BUDGET, `the page transferred ${total} bytes, over the budget of ${TRANSFER_BUDGET}`);
    // The reload, as the server answers it (Playwright reports a revalidated fetch as its cached 200).
    const answered = [];
    const log = (req, res) => res.on('finish', () => answered.push(`${req.url} ${res.statusCode}`));
    server.prependListener('request', log);
    await page.reload();
    await page.waitForFunction(() => window.modelmeter && window.modelmeter.ready === true, null, { timeout: 60000 });
    server.off('request', log);
    expect(answered.length >= 6 && answered.every((a) => a.endsWith(' 304')), `the reload: ${answered.join(', ')}`);
    await context.close();
  });

  const page = await openPage(browser, url + '#new_tokens=100', errors, { viewport: { width: 1600, height: 1000 } });
  const downloads = {};
  await check('each export downloads and parses', async () => {
    const expectations = [
      ['analysis.json', (b) => { const j = JSON.parse(b.toString()); expect(j.stages && j.workload.new_tokens === 100, 'analysis.json content'); }],
      ['netron-attachment.json', (b) => { const j = JSON.parse(b.toString()); expect(j.signature === 'netron:attachment' && j.metrics.length > 1000, 'attachment content'); }],
      ['report.json', (b) => { const j = JSON.parse(b.toString());
        expect(j.report_id && j.modules.length > 500 && j.module_metrics.length === j.modules.length, 'report.json content'); }],
      ['summary.json', (b) => { const j = JSON.parse(b.toString()); expect(j.top_modules.length > 0, 'summary.json content'); }],
      ['modules.csv', (b) => { const rows = b.toString().trim().split('\n'); expect(rows.length > 500, `modules.csv has ${rows.length} rows`); }],
    ];
    for (const [what, verify] of expectations) {
      downloads[what] = (await download(page, what)).body;
      verify(downloads[what]);
    }
    const s = await pageState(page);
    expect(s.info === `Downloaded modules.csv (${downloads['modules.csv'].length} bytes).`, `info line: ${s.info}`);
  });

  await check('report.zip is deflated, valid (every entry inflates to its CRC and size) and holds `modelmeter report`\'s files', async () => {
    const { name, body } = await download(page, 'report.zip');
    const entries = readZip(body);
    const raw = entries.reduce((n, e) => n + e.data.length, 0);
    console.log(`     ${entries.length} entries, ${raw} bytes inflated, ${body.length} in the zip (${(100 * body.length / raw).toFixed(1)} %)`);
    expect(entries.filter((e) => e.method === 8).length >= entries.length - 1, 'entries left stored');
    expect(body.length < raw / 3, `the zip is ${body.length} bytes for ${raw} bytes of files: not compressed`);
    const byName = new Map(entries.map((e) => [e.name, e.data]));
    const at = (part) => [...byName.keys()].find((k) => k.endsWith(`/static_analysis/analytic_model/${part}`));
    expect(byName.get(at('report.json')).equals(downloads['report.json']), 'the zip\'s report.json differs from the report.json download');
    expect(byName.get(at('modules.csv')).equals(downloads['modules.csv']), 'the zip\'s modules.csv differs from the modules.csv download');
    // The same settings through the native CLI: the same folder, file for file, byte for byte.
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build the native preset first (scripts/test.sh does)`);
    const s = await pageState(page);
    const out = await mkdtemp(join(tmpdir(), 'mm-report-'));
    try {
      execFileSync(cli, ['report', '--link', s.url_state, '--out', out], { encoding: 'utf8' });
      const files = [];
      const walk = async (dir) => { for (const e of await readdir(dir, { withFileTypes: true })) e.isDirectory() ? await walk(join(dir, e.name)) : files.push(join(dir, e.name)); };
      await walk(out);
      const names = files.map((f) => relative(out, f)).sort();
      expect(JSON.stringify(names) === JSON.stringify([...byName.keys()].sort()),
        `the zip holds ${byName.size} files, the CLI wrote ${names.length}; zip ${[...byName.keys()].slice(0, 3)}, CLI ${names.slice(0, 3)}`);
      for (const f of names) {
        const mine = byName.get(f), theirs = await readFile(join(out, f));
        if (mine.equals(theirs)) continue;
        const a = mine.toString().split('\n'), b = theirs.toString().split('\n');
        const i = a.findIndex((l, k) => l !== b[k]);
        throw new Error(`${f} differs from the CLI's at line ${i + 1}:\n page ${a[i]}\n cli  ${b[i]}`);
      }
      expect(name === `${names[0].split('/')[0]}.zip`, `zip named ${name}`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  await check('view.png at 1600x1000 is a valid PNG within 1 MB, without the info line, hover or tooltips', async () => {
    // On screen: the info line names the last download, and the mouse rests on the theme button (top
    // right), whose hover colour and tooltip show. The picture must show neither.
    const away = async () => { await page.mouse.move(800, 4); await page.waitForTimeout(400); };
    const hover = async () => { await page.mouse.move(1560, 14); await page.waitForTimeout(400); };
    await away();
    const shotAway = decodePng(await page.screenshot());
    await hover();
    const shotHover = decodePng(await page.screenshot());
    expect(!samePixels(shotAway, shotHover), 'hovering the theme button changes nothing on screen: the test hovers the wrong place');
    const before = await pageState(page);
    expect(/^Downloaded .*\.zip/.test(before.info), `info line before the picture: ${before.info}`);
    const first = await download(page, 'view.png');
    const png = decodePng(first.body);
    expect(png.width === 1600 && png.height === 1000, `the picture is ${png.width}x${png.height}`);
    expect(first.body.length <= PNG_BUDGET, `the picture is ${first.body.length} bytes, over the budget of ${PNG_BUDGET}`);
    expect(first.name === 'modelmeter-breakdown.png', `named ${first.name}`);
    const after = await pageState(page);
    expect(after.info === `Downloaded ${first.name} (${first.body.length} bytes).`, `info line after: ${after.info}`);
    // Again, with another info line on screen and the mouse away: the very same pixels.
    await away();
    const second = decodePng((await download(page, 'view.png')).body);
    expect(samePixels(png, second), 'the picture changed with the info line or the mouse: transient UI is in it');
    // And it is the view: opaque, and not one flat colour.
    let opaque = true;
    for (let i = 3; i < png.pixels.length; i += 4) if (png.pixels[i] !== 255) { opaque = false; break; }
    expect(opaque, 'the picture has transparent pixels');
    expect(new Set(Array.from({ length: 2000 }, (_, i) => png.pixels.readUInt32BE(4 * Math.floor(i * png.pixels.length / 8000)))).size > 5, 'the picture is flat');
  });

  await check('without CompressionStream (an older browser) the exports are stored, and still valid', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 }, acceptDownloads: true });
    await context.addInitScript(() => { delete window.CompressionStream; });
    const old = await context.newPage();
    old.on('pageerror', (e) => errors.push(`pageerror (no CompressionStream): ${e.message}`));
    await old.goto(url);
    await old.waitForFunction(() => window.modelmeter && window.modelmeter.ready === true, null, { timeout: 60000 });
    expect(await old.evaluate(() => typeof CompressionStream) === 'undefined', 'CompressionStream is still there');
    const entries = readZip((await download(old, 'report.zip')).body);
    expect(entries.length > 800 && entries.every((e) => e.method === 0), 'the zip without CompressionStream is not stored');
    const png = decodePng((await download(old, 'view.png')).body);
    expect(png.width === 800 && png.height === 600, `the picture is ${png.width}x${png.height}`);
    await context.close();
  });

  await check('no console errors', async () => { expect(errors.length === 0, errors.join('\n')); });
} finally {
  await browser.close();
  server.close();
}
process.exit(finish());
