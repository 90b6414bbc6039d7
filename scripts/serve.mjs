// A static file server for the built site, on the loopback interface only. Used by scripts/serve.sh
// (the README's first command) and by the browser tests. Serves files under ROOT and nothing else.
//   node scripts/serve.mjs ROOT [--port 8080]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.data': 'application/octet-stream',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
};

// The page's Content-Security-Policy, read from the <meta> in ROOT/index.html so that header and page
// never disagree; the header adds what a <meta> cannot carry (frame-ancestors).
export async function sitePolicy(root) {
  const html = await readFile(join(root, 'index.html'), 'utf8');
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  if (!m) throw new Error(`${root}/index.html has no Content-Security-Policy <meta>`);
  return m[1];
}

export async function startServer(root, port = 0) {
  const base = resolve(root);
  const headers = {
    'Content-Security-Policy': `${await sitePolicy(base)}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) { res.writeHead(403, headers).end('forbidden'); return; }
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
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
