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

export const contentTypeFor = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

export type StaticFile =
  | { readonly kind: 'file'; readonly path: string; readonly size: number; readonly isIndex: boolean }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'bad-path' };

/**
 * Maps a URL path to a file of the built renderer, never anything outside `root` (checked on the lexical
 * path and again after resolving symlinks). Used by browser mode's HTTP server and Electron's app:// protocol.
 */
export async function resolveStaticFile(root: string, pathname: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad-path' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad-path' };
  const file = resolve(root, decoded === '/' || decoded === '' ? 'index.html' : `.${decoded}`);
  if (!isWithin(resolve(root), file)) return { kind: 'bad-path' };
  try {
    const real = await fs.realpath(file);
    const stat = await fs.stat(real);
    if (!stat.isFile()) return { kind: 'not-found' };
    const realRoot = await fs.realpath(root);
    if (!isWithin(realRoot, real)) return { kind: 'bad-path' };
    return { kind: 'file', path: real, size: stat.size, isIndex: real === resolve(realRoot, 'index.html') };
  } catch {
    return { kind: 'not-found' };
  }
}

/** The index names the hashed bundles of this build: never reuse a stale one. */
export const cacheControlFor = (file: { isIndex: boolean }): string =>
  file.isIndex ? 'no-store' : 'no-cache';

export async function serveStatic(
  root: string,
  pathname: string,
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  headOnly: boolean,
): Promise<StaticFile['kind']> {
  const found = await resolveStaticFile(root, pathname);
  if (found.kind !== 'file') return found.kind;
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeFor(found.path),
    'Content-Length': found.size,
    'Cache-Control': cacheControlFor(found),
  });
  if (headOnly) {
    res.end();
    return 'file';
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(found.path);
    stream.on('error', () => {
      res.destroy();
      done();
    });
    stream.on('end', done);
    stream.pipe(res);
  });
  return 'file';
}
