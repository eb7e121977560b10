// The headers of every response on the public port: security headers, content types and caching.
import type { ServerResponse } from 'node:http';

/** On every response, errors and redirects included. The site ships no inline script or style. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export type Encoding = 'br' | 'gzip';

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8', json: 'application/json; charset=utf-8', xml: 'application/xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8', txt: 'text/plain; charset=utf-8', svg: 'image/svg+xml',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif',
  ico: 'image/x-icon', woff: 'font/woff', woff2: 'font/woff2', wasm: 'application/wasm',
  webmanifest: 'application/manifest+json', pdf: 'application/pdf',
};

/** The content type of a release file by its extension; unknown kinds download as bytes (nosniff). */
function contentType(name: string): string {
  if (name === 'feed.xml') return 'application/atom+xml; charset=utf-8';
  const dot = name.lastIndexOf('.');
  return (dot === -1 ? undefined : TYPES[name.slice(dot + 1).toLowerCase()]) ?? 'application/octet-stream';
}

/**
 * Hashed build assets (Astro's `_astro/` folder, named by content) never change: cache them for a
 * year. Everything else revalidates with its ETag on every visit, so a publish shows at once.
 */
function cacheControl(name: string): string {
  return name.startsWith('_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * The headers of a whole-file 200 for release file `name` (the plain name for a precompressed
 * variant, which then carries its Content-Encoding), computed once per release.
 *
 * @example
 * fileHeaders('index.html', 20480, '"3f2a…"')['Cache-Control'] // 'no-cache'
 */
export function fileHeaders(name: string, size: number, etag: string, encoding?: Encoding): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    'Content-Type': contentType(name),
    'Content-Length': String(size),
    'Cache-Control': cacheControl(name),
    ETag: etag,
    'Accept-Ranges': 'bytes',
    ...(encoding ? { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' } : {}),
  };
}

const REASONS: Readonly<Record<number, string>> = {
  301: 'Moved Permanently', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 416: 'Range Not Satisfiable',
  431: 'Request Header Fields Too Large', 503: 'Service Unavailable',
};

/** A short plain-text status page: its reason phrase, body and headers (security headers included). */
export function statusPage(status: number, extra: Record<string, string> = {}): { reason: string; body: string; headers: Record<string, string> } {
  const reason = REASONS[status] ?? '';
  const body = `${status} ${reason}\n`;
  return {
    reason, body,
    headers: {
      ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store', ...(status === 405 ? { Allow: 'GET, HEAD' } : {}), ...extra,
    },
  };
}

/**
 * Answers with a short plain-text status page (and the security headers).
 *
 * @example
 * answerStatus(res, 405, 'HEAD') // Allow: GET, HEAD; no body
 */
export function answerStatus(res: ServerResponse, status: number, method: string | undefined, extra: Record<string, string> = {}): void {
  const page = statusPage(status, extra);
  res.writeHead(status, page.headers);
  res.end(method === 'HEAD' ? undefined : page.body);
}
