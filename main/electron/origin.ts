/**
 * The renderer's origin in Electron: a custom privileged scheme serving only app/dist/renderer
 * (docs/security.md "Why app:// and not file://").
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'stride';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of our own renderer and nothing else (not another host on the scheme, not file://). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** What the renderer may load at all: its own origin, plus in-page data/blob URLs and DevTools. */
export function isAllowedRequestUrl(raw: string): boolean {
  if (isAppUrl(raw)) return true;
  const scheme = raw.slice(0, raw.indexOf(':') + 1).toLowerCase();
  return scheme === 'data:' || scheme === 'blob:' || scheme === 'devtools:';
}

/**
 * The one permission the app may use: writing text to the clipboard ("Copy code"), from its own pages. Reading
 * the clipboard, media, notifications, devices, geolocation and everything else are denied.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}
