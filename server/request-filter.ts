// Decides, before any disk access, whether a request may reach the static files: methods, paths, ranges.

export type FilterVerdict =
  | { ok: true; pathname: string }
  | { ok: false; status: 400 | 404 | 405 | 416; reason: string };

/** Paths that never serve, whatever the release holds. */
const BLOCKED = /^\/(?:api(?:\/|$)|raw(?:\/|$)|status(?:\/|$)|MANIFEST$)/;

/**
 * Checks one request. Only GET and HEAD pass; malformed encodings are 400; traversal, dotfiles,
 * source maps and the blocked API paths are 404; reversed or malformed byte ranges are 416
 * (sirv 3.0.2 exits the process on them).
 *
 * @example
 * filterRequest('GET', '/iterations/7/', undefined) // { ok: true, pathname: '/iterations/7/' }
 * filterRequest('GET', '/api/journey', undefined)   // { ok: false, status: 404, ... }
 */
export function filterRequest(method: string | undefined, url: string | undefined, range: string | undefined): FilterVerdict {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: 'method not allowed' };
  const raw = (url ?? '/').split('?')[0]!;
  if (!raw.startsWith('/') || raw.startsWith('//')) return { ok: false, status: 400, reason: 'bad request target' };
  if (/%2f|%5c|%00/i.test(raw)) return { ok: false, status: 404, reason: 'encoded separator' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(raw);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (/[\u0000-\u001f\u007f\\]/.test(pathname)) return { ok: false, status: 400, reason: 'control character or backslash' };
  const segments = pathname.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment.startsWith('.'))) {
    return { ok: false, status: 404, reason: 'dot segment' };
  }
  if (BLOCKED.test(pathname) || pathname.endsWith('.map')) return { ok: false, status: 404, reason: 'not served' };
  if (range !== undefined && !range.includes(',')) {
    const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!match || (match[1] === '' && match[2] === '')) return { ok: false, status: 416, reason: 'malformed range' };
    const start = match[1] === '' ? undefined : Number(match[1]);
    const end = match[2] === '' ? undefined : Number(match[2]);
    if ((start !== undefined && !Number.isSafeInteger(start)) || (end !== undefined && !Number.isSafeInteger(end))) {
      return { ok: false, status: 416, reason: 'range out of bounds' };
    }
    if (start !== undefined && end !== undefined && end < start) return { ok: false, status: 416, reason: 'reversed range' };
  }
  return { ok: true, pathname };
}
