import { createReadStream, promises as fs } from 'node:fs';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, resolve } from 'node:path';
import { isWithin } from '../host/paths';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticOutcome = 'served' | 'not-found' | 'bad-path';

/** Serves one file of the built renderer; never anything outside `root` (lexically and after symlinks). */
export async function serveStatic(
  root: string,
  pathname: string,
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  headOnly: boolean,
): Promise<StaticOutcome> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 'bad-path';
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 'bad-path';
  const relative = decoded === '/' ? 'index.html' : `.${decoded}`;
  const file = resolve(root, relative);
  if (!isWithin(resolve(root), file)) return 'bad-path';
  let real: string;
  let size: number;
  try {
    real = await fs.realpath(file);
    const stat = await fs.stat(real);
    if (!stat.isFile()) return 'not-found';
    size = stat.size;
  } catch {
    return 'not-found';
  }
  if (!isWithin(await fs.realpath(root), real)) return 'bad-path';
  const isIndex = real.endsWith('index.html');
  res.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    // The index names the hashed bundles of this build: never reuse a stale one.
    'Cache-Control': isIndex ? 'no-store' : 'no-cache',
  });
  if (headOnly) {
    res.end();
    return 'served';
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(real);
    stream.on('error', () => {
      res.destroy();
      done();
    });
    stream.on('end', done);
    stream.pipe(res);
  });
  return 'served';
}
