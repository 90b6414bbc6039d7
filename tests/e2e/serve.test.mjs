// scripts/serve.mjs, the site's server (scripts/serve.sh and every browser test use it), over raw HTTP:
// brotli or gzip where the client accepts it, strong ETags and 304s on If-None-Match, Cache-Control, the CSP
// header, nothing outside the root. Needs no browser and no build: it serves a folder made here.
//   node tests/e2e/serve.test.mjs
import { request } from 'node:http';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { accepts, startServer } from '../../scripts/serve.mjs';

// harness.mjs's check loop, without its playwright-core import: this test needs no browser.
function expect(cond, what) { if (!cond) throw new Error(what); }
function checks() {
  let failed = 0, passed = 0;
  return {
    async check(name, fn) {
      try { await fn(); ++passed; console.log(`ok   ${name}`); }
      catch (e) { ++failed; console.log(`FAIL ${name}\n     ${String(e && e.message || e)}`); }
    },
    finish() { console.log(`${passed} passed, ${failed} failed`); return failed ? 1 : 0; },
  };
}

const root = await mkdtemp(join(tmpdir(), 'mm-serve-'));
const policy = "default-src 'none'; script-src 'self'";
const html = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${policy}"><p>${'ModelMeter '.repeat(200)}</p>`;
const wasm = Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(50000, 7)]);
const png = Buffer.alloc(4000, 1);
await writeFile(join(root, 'index.html'), html);
await writeFile(join(root, 'app.wasm'), wasm);
await writeFile(join(root, 'view.png'), png);
await mkdir(join(root, 'sub'));
await writeFile(join(root, 'sub', 'index.html'), html);
await writeFile(join(tmpdir(), 'mm-serve-secret.txt'), 'secret');

function get(url, path, reqHeaders = {}, method = 'GET') {
  return new Promise((ok, fail) => {
    const req = request(url + path.replace(/^\//, ''), { method, headers: reqHeaders }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', fail);
    req.end();
  });
}

const { check, finish } = checks();
const { server, url } = await startServer(root);
try {
  let gzEtag, plainEtag, brEtag;
  await check('brotli, else gzip, for text and wasm when accepted, with Vary and a strong ETag per representation', async () => {
    for (const [path, original] of [['/', Buffer.from(html)], ['/app.wasm', wasm]]) {
      for (const [accept, coding, decode] of [['gzip, deflate, br, zstd', 'br', brotliDecompressSync], ['deflate, gzip', 'gzip', gunzipSync]]) {
        const r = await get(url, path, { 'Accept-Encoding': accept });
        const what = `${path} (${accept})`;
        expect(r.status === 200, `${what}: ${r.status}`);
        expect(r.headers['content-encoding'] === coding, `${what}: content-encoding ${r.headers['content-encoding']}`);
        expect(r.headers.vary === 'Accept-Encoding', `${what}: vary ${r.headers.vary}`);
        expect(Number(r.headers['content-length']) === r.body.length, `${what}: content-length`);
        expect(r.body.length < original.length / 4, `${what}: ${r.body.length} bytes of ${original.length}`);
        expect(decode(r.body).equals(original), `${what}: the body does not decode to the file`);
        expect(new RegExp(`^"[A-Za-z0-9_-]+-${coding}"$`).test(r.headers.etag), `${what}: etag ${r.headers.etag}`);
        if (path === '/app.wasm' && coding === 'gzip') gzEtag = r.headers.etag;
        if (path === '/app.wasm' && coding === 'br') brEtag = r.headers.etag;
      }
    }
    expect(gzEtag.replace('-gzip', '') === brEtag.replace('-br', ''), 'the codings\' ETags name different files');
    const wasmType = await get(url, '/app.wasm', { 'Accept-Encoding': 'gzip' });
    expect(wasmType.headers['content-type'] === 'application/wasm', 'the wasm is not application/wasm (instantiateStreaming needs it)');
  });
  await check('identity without Accept-Encoding, with gzip;q=0, and for PNGs', async () => {
    for (const h of [{}, { 'Accept-Encoding': 'gzip;q=0, br;q=0, identity' }, { 'Accept-Encoding': 'zstd' }]) {
      const r = await get(url, '/app.wasm', h);
      expect(r.status === 200 && !r.headers['content-encoding'] && r.body.equals(wasm), `${JSON.stringify(h)}: ${r.headers['content-encoding']}`);
      plainEtag = r.headers.etag;
    }
    expect(/^"[A-Za-z0-9_-]+"$/.test(plainEtag) && plainEtag !== gzEtag && plainEtag !== brEtag, `identity etag ${plainEtag} vs ${gzEtag}`);
    const p = await get(url, '/view.png', { 'Accept-Encoding': 'gzip' });
    expect(p.status === 200 && !p.headers['content-encoding'] && p.body.equals(png) && !p.headers.vary, 'the PNG was encoded');
    expect(accepts('gzip;q=0.5', 'gzip') && accepts('*', 'gzip') && !accepts('*;q=0', 'gzip') && !accepts('', 'gzip')
      && !accepts('GZIP;Q=0', 'gzip') && accepts('deflate, GZip', 'gzip'), 'Accept-Encoding parsing');
  });
  await check('If-None-Match with the current ETag answers 304 without a body; another ETag gets the file', async () => {
    for (const inm of [gzEtag, `W/${gzEtag}`, `"nope", ${gzEtag}`, '*']) {
      const r = await get(url, '/app.wasm', { 'Accept-Encoding': 'gzip', 'If-None-Match': inm });
      expect(r.status === 304 && r.body.length === 0, `${inm}: ${r.status}, ${r.body.length} bytes`);
      expect(r.headers.etag === gzEtag && r.headers['cache-control'] === 'no-cache', `${inm}: headers ${JSON.stringify(r.headers)}`);
    }
    const other = await get(url, '/app.wasm', { 'Accept-Encoding': 'gzip', 'If-None-Match': plainEtag });
    expect(other.status === 200 && gunzipSync(other.body).equals(wasm), `the identity ETag revalidated the gzipped body: ${other.status}`);
  });
  await check('a changed file gets a new ETag; the old one no longer revalidates', async () => {
    const changed = Buffer.concat([wasm, Buffer.from('x')]);
    await writeFile(join(root, 'app.wasm'), changed);
    const r = await get(url, '/app.wasm', { 'If-None-Match': plainEtag });
    expect(r.status === 200 && r.body.equals(changed) && r.headers.etag !== plainEtag, `${r.status}, etag ${r.headers.etag}`);
  });
  await check('every response carries the CSP header and Cache-Control: no-cache; HEAD has no body', async () => {
    const r = await get(url, '/sub/', { 'Accept-Encoding': 'gzip' });
    expect(r.status === 200 && gunzipSync(r.body).toString() === html, `/sub/: ${r.status}`);
    expect(r.headers['content-security-policy'] === `${policy}; frame-ancestors 'none'`, `csp ${r.headers['content-security-policy']}`);
    expect(r.headers['cache-control'] === 'no-cache' && r.headers['x-content-type-options'] === 'nosniff', 'headers');
    const head = await get(url, '/', { 'Accept-Encoding': 'gzip' }, 'HEAD');
    expect(head.status === 200 && head.body.length === 0 && Number(head.headers['content-length']) === r.body.length,
      `HEAD: ${head.status}, ${head.body.length} bytes, content-length ${head.headers['content-length']}`);
    const post = await get(url, '/', {}, 'POST');
    expect(post.status === 405 && post.headers.allow === 'GET, HEAD', `POST: ${post.status}`);
  });
  await check('nothing outside the root, and a missing file is a 404', async () => {
    for (const path of ['/../mm-serve-secret.txt', '/%2e%2e/mm-serve-secret.txt', '/..%2fmm-serve-secret.txt']) {
      const r = await get(url, path);
      expect((r.status === 403 || r.status === 404) && !r.body.toString().includes('secret'), `${path}: ${r.status} ${r.body}`);
    }
    expect((await get(url, '/missing.js')).status === 404, 'missing file');
  });
} finally {
  server.close();
  await rm(root, { recursive: true, force: true });
  await rm(join(tmpdir(), 'mm-serve-secret.txt'), { force: true });
}
process.exit(finish());
