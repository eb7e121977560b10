// The public request handler: pre-filter, then sirv over the release `current` points at right now.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { realpathSync } from 'node:fs';
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
