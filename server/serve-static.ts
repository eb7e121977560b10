// The public request handler: pre-filter, then the release `current` points at when the request
// arrives (or a snapshot), answered from that release's index and nothing else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import { constants } from 'node:fs';
import type { AccessLog } from './access-log.ts';
import type { ReleaseFile, ReleaseIndex } from './read-release-index.ts';
import { createReleaseTracker } from './release-tracker.ts';
import { filterRequest } from './request-filter.ts';
import { answerStatus, fileHeaders, SECURITY_HEADERS } from './response-headers.ts';
import { HotFiles, serveReleaseFile } from './serve-release-file.ts';

/** Every path answers this while `npm run unpublish` is in force. */
const MAINTENANCE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Down for maintenance · journey</title></head>
<body><h1>Down for maintenance</h1><p>This journey site is offline for a moment. Please come back later.</p></body></html>
`;

/** `/snapshots/<id>/site-data.json`: the only paths served from outside the current release. */
const SNAPSHOT_PATH = /^\/snapshots\/(\d{8}T\d{6}Z(?:-\d+)?)\/site-data\.json$/;

export interface StaticHandlerOptions {
  /** Bytes of small release files kept in memory per serving process. */
  hotBytes: number;
  log?: AccessLog;
}

/**
 * A snapshot is one immutable file written once by synth; new ones appear between publishes, so it
 * is looked up per request, never through a link, and cached for a year.
 */
async function snapshotFile(dataDir: string, id: string): Promise<ReleaseFile | undefined> {
  const folder = path.join(dataDir, 'snapshots', id);
  try {
    if (!(await lstat(folder)).isDirectory()) return undefined;
    const abs = path.join(folder, 'site-data.json');
    const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    const info = await handle.stat().finally(() => handle.close());
    if (!info.isFile()) return undefined;
    const etag = `"${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`;
    const headers = { ...fileHeaders('site-data.json', info.size, etag), 'Cache-Control': 'public, max-age=31536000, immutable' };
    return { abs, size: info.size, sha256: '', etag, headers, variants: {} };
  } catch {
    return undefined;
  }
}

/**
 * Creates the handler for `<dataDir>/current`. `current` is read on every request; when it points
 * somewhere new, that release is indexed once and every later request is answered from it, while
 * responses already streaming finish on the release they started on.
 *
 * @example
 * http.createServer(createStaticHandler('/data/autoswe', { hotBytes: 64 << 20 })).listen(8765);
 */
export function createStaticHandler(dataDir: string, options: StaticHandlerOptions) {
  const releases = createReleaseTracker(dataDir);
  const hot = new HotFiles(options.hotBytes);
  const cold = new HotFiles(0, -1);

  const fromIndex = (req: IncomingMessage, res: ServerResponse, index: ReleaseIndex | undefined, pathname: string, search: string): void | Promise<void> => {
    if (!index) return answerStatus(res, 503, req.method, { 'Retry-After': '60' });
    const route = index.routes.get(pathname);
    if (route?.kind === 'redirect') return answerStatus(res, 301, req.method, { Location: `${route.location}${search}` });
    if (route) return serveReleaseFile(req, res, route.file, hot);
    if (index.notFound) return serveReleaseFile(req, res, index.notFound, hot, 404);
    answerStatus(res, 404, req.method);
  };

  /** Answers at once when it can (a hot file of an indexed release); a promise only when it must wait. */
  const answer = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const verdict = filterRequest(req.method, req.url);
    if (!verdict.ok) return answerStatus(res, verdict.status, req.method);
    const { unpublished, index } = releases.state();
    if (unpublished) {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '3600', 'Cache-Control': 'no-store' });
      return void res.end(req.method === 'HEAD' ? undefined : MAINTENANCE_PAGE);
    }
    const snapshot = SNAPSHOT_PATH.exec(verdict.pathname);
    if (snapshot) {
      return snapshotFile(dataDir, snapshot[1]!).then((file) => file ? serveReleaseFile(req, res, file, cold) : answerStatus(res, 404, req.method));
    }
    if (index instanceof Promise) return index.then((ready) => fromIndex(req, res, ready, verdict.pathname, verdict.search));
    return fromIndex(req, res, index, verdict.pathname, verdict.search);
  };

  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    options.log?.error(`answering ${req.method} ${String(req.url).slice(0, 200)}`, error);
    if (!res.headersSent) answerStatus(res, 404, req.method);
    else res.destroy();
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    options.log?.begin(req, res);
    try {
      const pending = answer(req, res);
      if (pending) pending.catch((error: unknown) => failed(req, res, error));
    } catch (error) {
      failed(req, res, error);
    }
    options.log?.settled(res);
  };
  return Object.assign(handler, { close: () => releases.close() });
}
