// The public request handler: pre-filter, then the release `current` points at when the request
// arrives (or a snapshot the served list names), answered from that release's index and nothing else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessLog } from './access-log.ts';
import type { ReleaseIndex } from './read-release-index.ts';
import { createReleaseTracker } from './release-tracker.ts';
import { filterRequest } from './request-filter.ts';
import { answerStatus, SECURITY_HEADERS } from './response-headers.ts';
import { HotFiles, serveReleaseFile } from './serve-release-file.ts';
import { createSnapshotTracker } from './snapshot-tracker.ts';
import { SNAPSHOT_ID } from '../../core/data-layout.ts';

/** Every path answers this while `npm run unpublish` is in force. */
const MAINTENANCE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Down for maintenance · journey</title></head>
<body><h1>Down for maintenance</h1><p>This journey site is offline for a moment. Please come back later.</p></body></html>
`;

/** `/snapshots/<id>/site-data.json`: the only paths served from outside the current release. */
const SNAPSHOT_PATH = new RegExp(`^/snapshots/(${SNAPSHOT_ID.source.slice(1, -1)})/site-data\\.json$`);

export interface StaticHandlerOptions {
  /** Bytes of small release files kept in memory per serving process. */
  hotBytes: number;
  /** JOURNEY_BASE_PATH: the site answers below this path only (`/journey/...`), and `/journey` redirects to `/journey/`. */
  basePath?: string;
  log?: AccessLog;
}

/**
 * Creates the handler for `<dataDir>/current` (see release-tracker.ts for how a swap is noticed):
 * every request is answered from the index of the release current when it arrived, while responses
 * already streaming finish on the release they started on.
 *
 * @example
 * http.createServer(createStaticHandler('/data/autoswe', { hotBytes: 64 << 20 })).listen(8765);
 */
export function createStaticHandler(dataDir: string, options: StaticHandlerOptions) {
  const releases = createReleaseTracker(dataDir);
  const snapshots = createSnapshotTracker(dataDir);
  const hot = new HotFiles(options.hotBytes);
  const base = options.basePath ?? '';

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
    let pathname = verdict.pathname;
    if (base) {
      // Under a base path the site lives below it; a relative Location keeps any proxy prefix in front.
      if (pathname === base) return answerStatus(res, 301, req.method, { Location: `${base.slice(base.lastIndexOf('/') + 1)}/${verdict.search}` });
      if (!pathname.startsWith(`${base}/`)) return answerStatus(res, 404, req.method);
      pathname = pathname.slice(base.length);
    }
    const { unpublished, index } = releases.state();
    if (unpublished) {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '3600', 'Cache-Control': 'no-store' });
      return void res.end(req.method === 'HEAD' ? undefined : MAINTENANCE_PAGE);
    }
    const snapshot = pathname.startsWith('/snapshots/') ? SNAPSHOT_PATH.exec(pathname) : null;
    if (snapshot) {
      // Only snapshots whose release is kept and not withdrawn; each body checked against its SHA-256 like a release file's.
      const file = snapshots.file(snapshot[1]!);
      return file ? serveReleaseFile(req, res, file, hot) : answerStatus(res, 404, req.method);
    }
    if (index instanceof Promise) return index.then((ready) => fromIndex(req, res, ready, pathname, verdict.search));
    return fromIndex(req, res, index, pathname, verdict.search);
  };

  const failed = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    options.log?.error(`answering ${req.method} ${String(req.url).slice(0, 200)}`, error);
    if (!res.headersSent) answerStatus(res, 404, req.method);
    else res.destroy();
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const sentBefore = options.log ? req.socket.bytesWritten ?? 0 : 0;
    try {
      const pending = answer(req, res);
      if (pending) pending.catch((error: unknown) => failed(req, res, error));
    } catch (error) {
      failed(req, res, error);
    }
    options.log?.request(req, res, started, sentBefore);
  };
  return Object.assign(handler, {
    close: () => {
      releases.close();
      snapshots.close();
    },
  });
}
