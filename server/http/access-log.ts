// One structured line per request and per publish: JSON when stdout is not a terminal, a short
// human line when it is. Lines are batched, and written in pieces no larger than a pipe's atomic
// write, so the lines of several serving processes never interleave.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatError } from '../../core/journey-error.ts';

const ATOMIC_WRITE = 4096;
const FLUSH_MS = 100;
const MAX_PATH_LOGGED = 300;

/** Printable ASCII without quote or backslash: written into JSON as it is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

interface PublishRecord { trigger: string; outcome: string; ms: number; exitCode?: number; release?: string; detail?: string }

export interface AccessLog {
  /**
   * Call when the handler returns, with the time the request arrived and the connection's
   * `bytesWritten` then: the line is written now when the response has ended, else when it closes.
   */
  request(req: IncomingMessage, res: ServerResponse, startedMs: number, sentBefore: number): void;
  publish(record: PublishRecord): void;
  error(what: string, error: unknown): void;
  flush(): void;
}

/**
 * Creates the log of one serving process, writing to `out` (stdout by default).
 *
 * @example
 * const log = createAccessLog();
 * server.on('request', (req, res) => {
 *   const started = performance.now(), sent = req.socket.bytesWritten;
 *   answer(req, res);
 *   log.request(req, res, started, sent);
 * });
 */
export function createAccessLog(out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): AccessLog {
  const human = out.isTTY === true;
  let pending = '';
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending !== '') out.write(pending);
    pending = '';
  };
  // Lines are written as soon as a pipe-sized piece is full, so they die young (a line kept for a
  // whole flush period would outlive garbage collections and cost more than writing it).
  const push = (line: string) => {
    const kept = line.length >= ATOMIC_WRITE ? `${line.slice(0, ATOMIC_WRITE - 2)}…\n` : line;
    if (pending.length + kept.length > ATOMIC_WRITE) {
      out.write(pending);
      pending = kept;
    } else {
      pending += kept;
    }
    timer ??= setTimeout(flush, FLUSH_MS).unref();
  };
  const emit = (record: Record<string, unknown>, text: string) => {
    push(`${human ? text : JSON.stringify({ t: new Date().toISOString(), ...record })}\n`);
  };

  /** The hot path: one line per request, built by hand; the timestamp is formatted once per millisecond. */
  let stampMs = 0;
  let stamp = '';
  const request = (req: IncomingMessage, res: ServerResponse, startedMs: number, sentBefore: number) => {
    const ms = Math.round((performance.now() - startedMs) * 100) / 100;
    const complete = res.writableEnded;
    const bytes = (req.socket?.bytesWritten ?? 0) - sentBefore; // on the wire, headers included
    const url = String(req.url ?? '');
    const where = PLAIN.test(url) && url.length <= MAX_PATH_LOGGED ? `"${url}"` : JSON.stringify(url.slice(0, MAX_PATH_LOGGED));
    if (human) return push(`${req.method} ${where.slice(1, -1)} ${res.statusCode} ${bytes} B ${ms} ms${complete ? '' : ' (aborted)'}\n`);
    const now = Date.now();
    if (now !== stampMs) {
      stampMs = now;
      stamp = new Date(now).toISOString();
    }
    push(`{"t":"${stamp}","kind":"request","method":${PLAIN.test(req.method ?? '') ? `"${req.method}"` : JSON.stringify(String(req.method))},"path":${where},"status":${res.statusCode},"bytes":${bytes},"ms":${ms}${complete ? '' : ',"aborted":true'}}\n`);
  };

  return {
    request(req, res, startedMs, sentBefore) {
      // A body from memory is handed to the socket before the handler returns: log it at once. A
      // streamed body is logged when it closes (complete or aborted). Nothing is stored on `res`:
      // extra properties on Node's response objects slow every request down.
      if (res.writableEnded) request(req, res, startedMs, sentBefore);
      else res.once('close', () => request(req, res, startedMs, sentBefore));
    },
    publish(record) {
      emit({ kind: 'publish', ...record },
        `publish (${record.trigger}): ${record.outcome} in ${(record.ms / 1000).toFixed(1)} s${record.release ? `, release ${record.release}` : ''}${record.detail ? ` (${record.detail})` : ''}`);
    },
    error(what, error) {
      emit({ kind: 'error', what, error: error instanceof Error ? error.message : String(error) }, `${what}: ${formatError(error)}`);
    },
    flush,
  };
}
