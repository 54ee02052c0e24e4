import { protocol } from 'electron';
import { promises as fs } from 'node:fs';
import { contentSecurityPolicy } from '../shell/csp';
import { cacheControlFor, contentTypeFor, resolveStaticFile } from '../shell/static';
import { APP_HOST, APP_SCHEME } from './origin';

/** Must run before `app.ready`: app:// behaves like https (secure context, own origin, fetch, CSP). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves app/dist/renderer on app://stride/ with the CSP and nosniff on every response. */
export function serveRenderer(rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
    if (url.host !== APP_HOST || request.method !== 'GET')
      return new Response('Not found', { status: 404, headers });
    const found = await resolveStaticFile(rendererDir, url.pathname);
    if (found.kind !== 'file') return new Response('Not found', { status: 404, headers });
    const body = await fs.readFile(found.path);
    return new Response(body, {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': contentTypeFor(found.path),
        'Cache-Control': cacheControlFor(found),
      },
    });
  });
}
