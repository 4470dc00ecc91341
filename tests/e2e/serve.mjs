// A small static file server for the built site, on 127.0.0.1 only, with no dependencies.
// Serves DIR under the URL prefix BASE (for example /osi-session/), as a sub-path host would.
// With `encoding` ('gzip' or 'br'), it serves the wasm and the text files (HTML, JS, CSS, SVG, JSON)
// compressed as a static host does: the precompressed copy beside the file if there is one
// (scripts/site writes .gz and .br for the wasm and JS), else the file compressed once at the
// same level (gzip -9, brotli -q 11) before the server starts, so that no request waits for it
// (brotli -q 11 takes seconds), when the request accepts that encoding. With `maxAge`
// (seconds), it says the files may be cached that long, as GitHub Pages does (600).
// Usage: node serve.mjs DIR [PORT] [BASE] [gzip|br]
import { createServer } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
  '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.json', '.webmanifest']);
const COMPRESS = {
  gzip: { ext: '.gz', run: (b) => gzipSync(b, { level: 9 }) },
  br: { ext: '.br', run: (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) },
};

/** The body of `file` in `encoding`: its precompressed copy, or compressed here (once). */
async function encoded(file, encoding, cache) {
  const key = `${encoding} ${file}`;
  if (!cache.has(key)) {
    const { ext, run } = COMPRESS[encoding];
    cache.set(key, await readFile(file + ext).catch(async () => run(await readFile(file))));
  }
  return cache.get(key);
}

/** Starts the server; resolves to { url, close } once it listens. */
export async function serve(dir, port = 0, base = '/', { encoding = null, maxAge = null } = {}) {
  const root = resolve(dir);
  const cache = new Map();
  if (encoding) {
    for (const name of await readdir(root)) {
      if (COMPRESSIBLE.has(extname(name))) await encoded(join(root, name), encoding, cache);
    }
  }
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base)) { res.writeHead(404).end('not under ' + base); return; }
    let file = normalize(join(root, path.slice(base.length)));
    if (file !== root && !file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (maxAge !== null) headers['cache-control'] = `max-age=${maxAge}`;
      const accepts = (req.headers['accept-encoding'] ?? '').split(',').map((e) => e.trim().split(';')[0]);
      let body;
      if (encoding && COMPRESSIBLE.has(extname(file)) && accepts.includes(encoding)) {
        body = await encoded(file, encoding, cache);
        headers['content-encoding'] = encoding;
        headers.vary = 'accept-encoding';
      } else {
        body = await readFile(file);
      }
      res.writeHead(200, headers);
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
  const [dir, port = '8081', base = '/', encoding = null] = process.argv.slice(2);
  if (!dir) { console.error('usage: node serve.mjs DIR [PORT] [BASE] [gzip|br]'); process.exit(2); }
  const { url } = await serve(dir, Number(port), base, { encoding });
  console.log(`serving ${dir} at ${url}${encoding ? ` (${encoding})` : ''}`);
}
