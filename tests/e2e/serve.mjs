// A small static file server for the built site, on 127.0.0.1 only, with no dependencies.
// Serves DIR under the URL prefix BASE (for example /osi-session/), as a sub-path host would.
// Usage: node serve.mjs DIR [PORT] [BASE]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
  '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/** Starts the server; resolves to { url, close } once it listens. */
export function serve(dir, port = 0, base = '/') {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base)) { res.writeHead(404).end('not under ' + base); return; }
    let file = normalize(join(root, path.slice(base.length)));
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => {
    // Closing also drops kept-alive connections, so that a stopped server is gone for the
    // browser too (the offline test stops one).
    ok({
      url: `http://127.0.0.1:${server.address().port}${base}`,
      close: () => { server.close(); server.closeAllConnections(); },
    });
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, port = '8081', base = '/'] = process.argv.slice(2);
  if (!dir) { console.error('usage: node serve.mjs DIR [PORT] [BASE]'); process.exit(2); }
  const { url } = await serve(dir, Number(port), base);
  console.log(`serving ${dir} at ${url}`);
}
