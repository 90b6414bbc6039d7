// A static file server for the built site, on the loopback interface only. Used by scripts/serve.sh
// (the README's first command) and by the browser tests. Serves files under ROOT and nothing else:
// brotli or gzip where the browser accepts it, with strong ETags and Cache-Control: no-cache (see
// startServer).
//   node scripts/serve.mjs ROOT [--port 8080]
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.data': 'application/octet-stream',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};
// Sent compressed to a browser that accepts it: text, the wasm and the .data (the preloaded font).
// PNGs and unknown types go as they are.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.data', '.json', '.svg', '.txt']);
// Brotli where the browser takes it (Chromium and Firefox do, on http://127.0.0.1 too), else gzip.
// Both at their best ratio: each file is compressed once, in the background, when the server starts.
const CODINGS = [
  ['br', promisify(brotliCompress), (body) => ({ params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })],
  ['gzip', promisify(gzip), () => ({ level: 9 })],
];

// The page's Content-Security-Policy, read from the <meta> in ROOT/index.html so that header and page
// never disagree; the header adds what a <meta> cannot carry (frame-ancestors).
export async function sitePolicy(root) {
  const html = await readFile(join(root, 'index.html'), 'utf8');
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  if (!m) throw new Error(`${root}/index.html has no Content-Security-Policy <meta>`);
  return m[1];
}

// Does the request's Accept-Encoding take `coding` (RFC 9110 12.5.3: a listed coding or "*", q > 0)?
export function accepts(header, coding) {
  let star = false;
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (name === coding) return weight > 0;
    if (name === '*') star = weight > 0;
  }
  return star;
}

// Does If-None-Match name `etag` (weak comparison, RFC 9110 13.1.2: W/ prefixes do not count)?
function matches(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (t) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => bare(t) === bare(etag));
}

export async function startServer(root, port = 0) {
  const base = resolve(root);
  // Every response may be stored but is revalidated before use (no-cache): the site's file names carry
  // no content hash, so a rebuilt modelmeter-app.wasm must never be served from a stale cache. A
  // revalidation costs a 304 with no body: each representation has a strong ETag, the SHA-256 of the
  // file's bytes, marked with the coding for a compressed one.
  const headers = {
    'Content-Security-Policy': `${await sitePolicy(base)}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  // file -> { mtimeMs, size, ready: Promise of { body, hash, encoded: { coding: Promise of Buffer } } }
  const cache = new Map();
  async function load(file) {
    const info = await stat(file);
    let entry = cache.get(file);
    if (!entry || entry.mtimeMs !== info.mtimeMs || entry.size !== info.size) {
      entry = { mtimeMs: info.mtimeMs, size: info.size, ready: readFile(file).then((body) => {
        const encoded = {};
        if (COMPRESSIBLE.has(extname(file))) {
          for (const [coding, compress, options] of CODINGS) {
            encoded[coding] = compress(body, options(body));
            encoded[coding].catch(() => {});  // a failure is seen (and answered) where it is awaited
          }
        }
        return { body, hash: createHash('sha256').update(body).digest('base64url').slice(0, 32), encoded };
      }) };
      cache.set(file, entry);
    }
    return entry.ready;
  }
  // Start compressing the site now, so that the first page load need not wait for it.
  readdir(base, { recursive: true }).then((names) => names.forEach((n) => load(join(base, n)).catch(() => {})), () => {});
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed');
        return;
      }
      const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) { res.writeHead(403, headers).end('forbidden'); return; }
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const entry = await load(file);
      const type = extname(file);
      let body = entry.body, etag = `"${entry.hash}"`;
      const out = { ...headers, 'Content-Type': TYPES[type] || 'application/octet-stream' };
      if (COMPRESSIBLE.has(type)) {
        out.Vary = 'Accept-Encoding';
        const coding = CODINGS.map(([c]) => c).find((c) => accepts(req.headers['accept-encoding'], c));
        if (coding) {
          body = await entry.encoded[coding];
          etag = `"${entry.hash}-${coding}"`;
          out['Content-Encoding'] = coding;
        }
      }
      out.ETag = etag;
      if (matches(req.headers['if-none-match'], etag)) {
        delete out['Content-Encoding'];
        res.writeHead(304, out).end();
        return;
      }
      out['Content-Length'] = body.length;
      res.writeHead(200, out);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2];
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 8080;
  if (!root) { console.error('usage: node scripts/serve.mjs ROOT [--port 8080]'); process.exit(2); }
  try {
    await stat(join(root, 'index.html'));
  } catch {
    console.error(`${root}/index.html does not exist: build the site first (scripts/serve.sh does).`);
    process.exit(2);
  }
  const { url } = await startServer(root, port).catch((e) => {
    console.error(e.code ? `Cannot listen on 127.0.0.1:${port}: ${e.code}. Try another port: --port N.` : e.message);
    process.exit(2);
  });
  console.log(`ModelMeter is served at ${url}  (Ctrl+C stops it)`);
}
