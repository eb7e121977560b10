// The public request handler: pre-filter, then sirv over the release `current` points at right now.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import sirv from 'sirv';
import { filterRequest } from './request-filter.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

/** Every path answers this while `npm run unpublish` is in force. */
const MAINTENANCE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Down for maintenance · journey</title></head>
<body style="font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem"><h1>Down for maintenance</h1>
<p>This journey site is offline for a moment. Please come back later.</p></body></html>
`;

/** `/snapshots/<id>/site-data.json`: the only paths served from outside the current release. */
const SNAPSHOT_PATH = /^\/snapshots\/(\d{8}T\d{6}Z(?:-\d+)?)\/site-data\.json$/;

const MESSAGES: Record<number, string> = {
  400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 416: 'Range Not Satisfiable', 503: 'No release published yet',
};

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS, ...(status === 405 ? { Allow: 'GET, HEAD' } : {}) });
  res.end(`${status} ${MESSAGES[status] ?? ''}\n`);
}

/**
 * Creates the handler for `<dataDir>/current`. `current` is resolved on every request, and each release
 * gets its own sirv instance: releases are immutable, so sirv's cached file list stays true for it,
 * and in-flight requests finish on the release they started on.
 *
 * @example
 * http.createServer(createStaticHandler('/data/autoswe')).listen(8765);
 */
export function createStaticHandler(dataDir: string) {
  const current = path.join(dataDir, 'current');
  const unpublished = path.join(dataDir, 'unpublished');
  const snapshots = sirv(path.join(dataDir, 'snapshots'), { dev: true, etag: true, dotfiles: false, setHeaders: (res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  } }) as Handler;
  const handlers = new Map<string, Handler>();
  const handlerFor = (root: string): Handler => {
    let handler = handlers.get(root);
    if (!handler) {
      handler = sirv(root, { dev: false, etag: true, dotfiles: false, extensions: ['html'], setHeaders: (res) => {
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
        res.setHeader('Cache-Control', 'no-cache');
      } }) as Handler;
      handlers.set(root, handler);
      for (const old of [...handlers.keys()].slice(0, -3)) handlers.delete(old); // keep a few recent releases warm
    }
    return handler;
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const verdict = filterRequest(req.method, req.url, req.headers.range);
    if (!verdict.ok) return answer(res, verdict.status);
    if (req.headers.range?.includes(',')) delete req.headers.range; // several ranges: whole file
    if (existsSync(unpublished)) {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '3600', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      return void res.end(req.method === 'HEAD' ? undefined : MAINTENANCE_PAGE);
    }
    if (verdict.pathname.startsWith('/snapshots/')) {
      // Snapshots are written once and never change, but new ones appear: sirv in dev mode looks each up.
      if (!SNAPSHOT_PATH.test(verdict.pathname)) return answer(res, 404);
      return snapshots(Object.assign(req, { url: verdict.pathname.slice('/snapshots'.length) }), res, () => answer(res, 404));
    }
    let root: string;
    try {
      root = realpathSync(current);
    } catch {
      return answer(res, 503);
    }
    try {
      handlerFor(root)(req, res, () => answer(res, 404));
    } catch {
      if (!res.headersSent) answer(res, 404);
      else res.destroy();
    }
  };
}
