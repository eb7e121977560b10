import { describe, expect, it } from 'vitest';
import { filterRequest, parseRange } from '../../server/http/request-filter.ts';

// The hostile-input table of the public port (STYLE rule 12); the generated payloads run against a
// live server in hostile-requests.test.ts.
const cases: [string, string, number | 'ok'][] = [
  ['GET', '/', 'ok'],
  ['HEAD', '/iterations/7/', 'ok'],
  ['GET', '/site-data.json?x=1', 'ok'],
  ['GET', '/%252e%252e/etc/passwd', 'ok'], // decoded once: the literal name "%2e%2e", which no release holds
  ['POST', '/', 405],
  ['DELETE', '/site-data.json', 405],
  ['OPTIONS', '*', 405],
  ['GET', '/api/journey', 404],
  ['GET', '/api', 404],
  ['GET', '/raw', 404],
  ['GET', '/status', 404],
  ['GET', '/MANIFEST', 404],
  ['GET', '/.env', 404],
  ['GET', '/iterations/.hidden', 404],
  ['GET', '/../etc/passwd', 404],
  ['GET', '/%2e%2e/etc/passwd', 404],
  ['GET', '/a/%2E%2E/%2e%2e/b', 404],
  ['GET', '/a%2fb', 404],
  ['GET', '/a%5cb', 404],
  ['GET', '/a%00b', 404],
  ['GET', '/a%0ab', 404],
  ['GET', '/a%7fb', 404],
  ['GET', '/a\\b', 404],
  ['GET', '//evil.example/', 404],
  ['GET', '/%2fevil.example/', 404],
  ['GET', '/app.js.map', 404],
  ['GET', `/${'a'.repeat(8192)}`, 404],
  ['GET', '/%E0%A4%A', 400],
  ['GET', '/%c0%ae%c0%ae/etc/passwd', 400], // overlong UTF-8 is malformed, not a dot
  ['GET', '/%zz', 400],
  ['GET', 'http://evil.example/', 400],
  ['GET', '*', 400],
];

describe('request filter', () => {
  for (const [method, url, expected] of cases) {
    it(`answers ${expected} to ${method} ${url.slice(0, 60)}`, () => {
      const verdict = filterRequest(method, url);
      if (expected === 'ok') expect(verdict.ok).toBe(true);
      else expect(verdict).toMatchObject({ ok: false, status: expected });
    });
  }

  it('keeps the query string apart from the decoded path', () => {
    expect(filterRequest('GET', '/iterations/%37/?page=2')).toEqual({ ok: true, pathname: '/iterations/7/', search: '?page=2' });
  });
});

const ranges: [string | undefined, ReturnType<typeof parseRange>][] = [
  [undefined, { kind: 'whole' }],
  ['bytes=0-0', { kind: 'part', start: 0, end: 0 }],
  ['bytes=5-9', { kind: 'part', start: 5, end: 9 }],
  ['bytes=5-', { kind: 'part', start: 5, end: 19 }],
  ['bytes=-5', { kind: 'part', start: 15, end: 19 }],
  ['bytes=-500', { kind: 'part', start: 0, end: 19 }],
  ['bytes=10-99999999999999999999', { kind: 'part', start: 10, end: 19 }],
  ['BYTES = 1 - 2', { kind: 'part', start: 1, end: 2 }],
  ['bytes=0-1,5-6', { kind: 'whole' }],
  ['bytes=10-5', { kind: 'unsatisfiable' }],
  ['bytes=20-', { kind: 'unsatisfiable' }],
  ['bytes=99999999999999999999-', { kind: 'unsatisfiable' }],
  ['bytes=-0', { kind: 'unsatisfiable' }],
  ['bytes=-', { kind: 'unsatisfiable' }],
  ['bytes=abc', { kind: 'unsatisfiable' }],
  ['items=0-5', { kind: 'unsatisfiable' }],
  ['bytes=1.5-2', { kind: 'unsatisfiable' }],
];

describe('range parsing of a 20-byte file', () => {
  for (const [header, expected] of ranges) {
    it(`reads ${header ?? 'no Range header'} as ${expected.kind}`, () => {
      expect(parseRange(header, 20)).toEqual(expected);
    });
  }

  it('finds nothing satisfiable in an empty file', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
