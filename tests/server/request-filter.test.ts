import { describe, expect, it } from 'vitest';
import { filterRequest } from '../../server/request-filter.ts';

// The hostile-input table of the public port (STYLE rule 12).
const cases: [string, string, string | undefined, number | 'ok'][] = [
  ['GET', '/', undefined, 'ok'],
  ['HEAD', '/iterations/7/', undefined, 'ok'],
  ['GET', '/site-data.json?x=1', undefined, 'ok'],
  ['POST', '/', undefined, 405],
  ['DELETE', '/site-data.json', undefined, 405],
  ['GET', '/api/journey', undefined, 404],
  ['GET', '/api', undefined, 404],
  ['GET', '/raw', undefined, 404],
  ['GET', '/status', undefined, 404],
  ['GET', '/.env', undefined, 404],
  ['GET', '/iterations/.hidden', undefined, 404],
  ['GET', '/../etc/passwd', undefined, 404],
  ['GET', '/%2e%2e/etc/passwd', undefined, 404],
  ['GET', '/a%2fb', undefined, 404],
  ['GET', '/a%5cb', undefined, 404],
  ['GET', '/a%00b', undefined, 404],
  ['GET', '/app.js.map', undefined, 404],
  ['GET', '/%E0%A4%A', undefined, 400],
  ['GET', '/a\\b', undefined, 400],
  ['GET', '//evil.example/', undefined, 400],
  ['GET', 'http://evil.example/', undefined, 400],
  ['GET', '/', 'bytes=10-5', 416],
  ['GET', '/', 'bytes=abc', 416],
  ['GET', '/', 'bytes=-', 416],
  ['GET', '/', 'bytes=0-99999999999999999999', 416],
  ['GET', '/', 'bytes=0-10', 'ok'],
  ['GET', '/', 'bytes=-10', 'ok'],
  ['GET', '/', 'bytes=0-1,5-6', 'ok'],
];

describe('request filter', () => {
  for (const [method, url, range, expected] of cases) {
    it(`answers ${expected} to ${method} ${url}${range ? ` with Range ${range}` : ''}`, () => {
      const verdict = filterRequest(method, url, range);
      if (expected === 'ok') expect(verdict.ok).toBe(true);
      else expect(verdict).toMatchObject({ ok: false, status: expected });
    });
  }
});
