// Decides, before any disk access, whether a request may reach the release: method and path; and,
// once the file's size is known, what its Range header asks for.

export type FilterVerdict =
  | { ok: true; pathname: string; search: string }
  | { ok: false; status: 400 | 404 | 405; reason: string };

/** Paths that never serve, whatever the release holds. */
const BLOCKED = /^\/(?:api(?:\/|$)|raw(?:\/|$)|status(?:\/|$)|MANIFEST$)/;

/** Longer paths are refused unread: no page of the site has one. */
const MAX_PATH_CHARS = 2048;

/**
 * Checks one request line. Only GET and HEAD pass (405); malformed percent-encoding is 400; NUL and
 * control characters, backslashes, encoded separators, dot segments and dotfiles, source maps and
 * the blocked API paths are 404. The path is decoded exactly once, and every check runs on the
 * decoded form, so `%2e%2e` is `..` and `%252e` stays the literal name `%2e`.
 *
 * @example
 * filterRequest('GET', '/iterations/7/?q=1') // { ok: true, pathname: '/iterations/7/', search: '?q=1' }
 * filterRequest('GET', '/api/journey')       // { ok: false, status: 404, ... }
 */
export function filterRequest(method: string | undefined, url: string | undefined): FilterVerdict {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: 'method not allowed' };
  const target = url ?? '';
  const query = target.indexOf('?');
  const raw = query === -1 ? target : target.slice(0, query);
  if (!raw.startsWith('/')) return { ok: false, status: 400, reason: 'request target is not a path' };
  if (raw.length > MAX_PATH_CHARS) return { ok: false, status: 404, reason: 'path too long' };
  let pathname = raw;
  if (raw.includes('%')) {
    if (/%(?:2f|5c|00)/i.test(raw)) return { ok: false, status: 404, reason: 'encoded separator or NUL' };
    try {
      pathname = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
  }
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(pathname)) return { ok: false, status: 404, reason: 'control character or backslash' };
  if (pathname.startsWith('//')) return { ok: false, status: 404, reason: 'empty first segment' };
  if (pathname.includes('/.')) return { ok: false, status: 404, reason: 'dot segment or dotfile' };
  if (BLOCKED.test(pathname) || pathname.endsWith('.map')) return { ok: false, status: 404, reason: 'not served' };
  return { ok: true, pathname, search: query === -1 ? '' : target.slice(query) };
}

export type RangeVerdict =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const WHOLE: RangeVerdict = Object.freeze({ kind: 'whole' });

/**
 * What a Range header asks of a file of `size` bytes. One range in any legal form is a part, its end
 * clamped to the file; several ranges are ignored (the whole file); reversed, unsatisfiable and
 * malformed ranges are unsatisfiable (416).
 *
 * @example
 * parseRange('bytes=-5', 20)   // { kind: 'part', start: 15, end: 19 }
 * parseRange('bytes=10-5', 20) // { kind: 'unsatisfiable' }
 */
export function parseRange(header: string | undefined, size: number): RangeVerdict {
  if (header === undefined || header.includes(',')) return WHOLE;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'unsatisfiable' };
  const first = match[1] === '' ? undefined : Number(match[1]);
  const last = match[2] === '' ? undefined : Number(match[2]);
  if (first === undefined) {
    if (last === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - last!), end: size - 1 };
  }
  if (first >= size) return { kind: 'unsatisfiable' };
  if (last !== undefined && last < first) return { kind: 'unsatisfiable' };
  return { kind: 'part', start: first, end: last === undefined ? size - 1 : Math.min(last, size - 1) };
}
