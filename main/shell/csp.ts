/**
 * The Content-Security-Policy of the renderer, in both shells: nothing but the app's own origin (no CDN, no
 * remote fonts, no analytics), no plugins, no framing, no form posts. Inline styles are allowed because
 * React Flow and Monaco set element styles; inline and eval'd scripts are not.
 * `connect` adds the one extra endpoint a shell needs (browser mode: its WebSocket).
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", ...connect],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
