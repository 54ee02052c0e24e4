import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { contentSecurityPolicy } from '../shell/csp';

/** 32 random bytes, URL-safe: the capability that lets a page talk to this server. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison that also hides the expected length. */
export function tokenMatches(candidate: string | null | undefined, expected: string): boolean {
  if (candidate === null || candidate === undefined || candidate === '') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(candidate), digest(expected));
}

/** Cookies are not isolated by port, so the name carries it: two Stride servers never read each other's token. */
export const cookieName = (port: number): string => `stride_token_${port}`;

/**
 * The path the app is served under: `/s/<128 random bits>/`. Browsers send a cookie to every port of a host,
 * so a cookie on `/` would reach any other HTTP server on 127.0.0.1; a cookie on this path reaches another
 * server only for requests to this path, which nothing but holders of the token learn (the redirect that
 * reveals it requires the token).
 */
export function createAppPath(): string {
  return `/s/${randomBytes(16).toString('base64url')}/`;
}

/** The Set-Cookie value that hands the token to the page's later requests (assets, reloads, the WebSocket). */
export function tokenCookie(port: number, token: string, appPath: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=${appPath}`;
}

/**
 * The request target as a URL on our origin, or null when it is not an origin-form path (`/…`): an
 * absolute-form target (`http://x/…`), a scheme-relative one (`//x/…`), an unparseable one (`http://[/`,
 * a port over 65535) or `*`. Never throws: a malformed target is answered 400, it must not end the process.
 */
export function parseTarget(raw: string | undefined, origin: string): URL | null {
  if (raw === undefined || !raw.startsWith('/') || raw.startsWith('//')) return null;
  try {
    const base = new URL(origin);
    const url = new URL(raw, base);
    return url.origin === base.origin ? url : null;
  } catch {
    return null;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type Credential = 'missing' | 'wrong' | 'ok';

/** The token from `?token=` (a first page load, the WebSocket URL) or from the cookie set by that load. */
export function checkCredential(
  req: Pick<IncomingMessage, 'headers'>,
  url: URL,
  token: string,
  port: number,
): Credential {
  const fromQuery = url.searchParams.get('token');
  const fromCookie = readCookie(req.headers.cookie, cookieName(port));
  if (fromQuery === null && fromCookie === undefined) return 'missing';
  return tokenMatches(fromQuery ?? fromCookie, token) ? 'ok' : 'wrong';
}

/** The `Host` values a browser sends for our address: with the port, and without it on HTTP's default port. */
export function allowedHosts(port: number): readonly string[] {
  return port === 80 ? ['127.0.0.1:80', '127.0.0.1'] : [`127.0.0.1:${port}`];
}

/**
 * DNS rebinding defence: a page on evil.example that re-resolves its name to 127.0.0.1 still sends
 * `Host: evil.example`. Only our own address is accepted, in the forms browsers send for it.
 */
export function hostAllowed(req: Pick<IncomingMessage, 'headers'>, port: number): boolean {
  const host = req.headers.host;
  return host !== undefined && allowedHosts(port).includes(host);
}

/**
 * Cross-site WebSocket hijacking defence: browsers always send Origin on a WebSocket handshake, and serialize
 * it without a default port (`http://127.0.0.1` on port 80).
 */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>, port: number): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && allowedHosts(port).some((host) => origin === `http://${host}`);
}

export function securityHeaders(port: number): OutgoingHttpHeaders {
  return {
    'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`]),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  };
}
