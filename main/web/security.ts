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

/** Cookies are not isolated by port, so the name carries it: two servers never read each other's token. */
export const cookieName = (port: number): string => `stride_token_${port}`;

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
export function checkCredential(req: IncomingMessage, url: URL, token: string, port: number): Credential {
  const fromQuery = url.searchParams.get('token');
  const fromCookie = readCookie(req.headers.cookie, cookieName(port));
  if (fromQuery === null && fromCookie === undefined) return 'missing';
  return tokenMatches(fromQuery ?? fromCookie, token) ? 'ok' : 'wrong';
}

/**
 * DNS rebinding defence: a page on evil.example that re-resolves its name to 127.0.0.1 still sends
 * `Host: evil.example`. Only the exact origin we print is accepted.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  return req.headers.host === `127.0.0.1:${port}`;
}

/** Cross-site WebSocket hijacking defence: browsers always send Origin on a WebSocket handshake. */
export function originAllowed(req: IncomingMessage, origin: string): boolean {
  return req.headers.origin === origin;
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
