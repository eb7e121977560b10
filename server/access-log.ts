// One structured line per request and per publish: JSON when stdout is not a terminal, a short
// human line when it is. Lines are batched, and written in pieces no larger than a pipe's atomic
// write, so the lines of several serving processes never interleave.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatError } from '../cli/journey-error.ts';

const ATOMIC_WRITE = 4096;
const FLUSH_MS = 100;
const MAX_PATH_LOGGED = 300;

/** Printable ASCII without quote or backslash: written into JSON as it is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

const STARTED = Symbol('started');
const SENT_BEFORE = Symbol('sentBefore');
interface Timed { [STARTED]?: number; [SENT_BEFORE]?: number }

export interface PublishRecord { trigger: string; outcome: string; ms: number; exitCode?: number; release?: string; detail?: string }

export interface AccessLog {
  /** Call when a request arrives. */
  begin(req: IncomingMessage, res: ServerResponse): void;
  /** Call when the handler returns: the line is written now when the response is already ended, else when it closes. */
  settled(res: ServerResponse): void;
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
 *   log.begin(req, res);
 *   answer(req, res);
 *   log.settled(res);
 * });
 */
export function createAccessLog(out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout): AccessLog {
  const human = out.isTTY === true;
  let lines: string[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    let chunk = '';
    for (const line of lines) {
      if (chunk.length + line.length > ATOMIC_WRITE && chunk !== '') {
        out.write(chunk);
        chunk = '';
      }
      chunk += line;
    }
    if (chunk !== '') out.write(chunk);
    lines = [];
    size = 0;
  };
  const push = (line: string) => {
    lines.push(line.length >= ATOMIC_WRITE ? `${line.slice(0, ATOMIC_WRITE - 2)}…\n` : line);
    size += line.length;
    if (size > 64 * 1024) flush();
    else timer ??= setTimeout(flush, FLUSH_MS).unref();
  };
  const emit = (record: Record<string, unknown>, text: string) => {
    push(`${human ? text : JSON.stringify({ t: new Date().toISOString(), ...record })}\n`);
  };

  /** The hot path: one line per request, built by hand; the timestamp is formatted once per millisecond. */
  let stampMs = 0;
  let stamp = '';
  const request = (res: ServerResponse & Timed) => {
    const req = res.req;
    const ms = Math.round((performance.now() - res[STARTED]!) * 100) / 100;
    const complete = res.writableEnded;
    const bytes = (req.socket?.bytesWritten ?? 0) - res[SENT_BEFORE]!; // on the wire, headers included
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
  function onClose(this: ServerResponse & Timed): void {
    request(this);
  }

  return {
    begin(req, res: ServerResponse & Timed) {
      res[STARTED] = performance.now();
      res[SENT_BEFORE] = req.socket?.bytesWritten ?? 0;
    },
    settled(res: ServerResponse & Timed) {
      // A body from memory is handed to the socket before the handler returns: log it at once, which
      // saves a listener per request; a streamed body is logged when it closes (complete or aborted).
      if (res.writableEnded) request(res);
      else res.on('close', onClose);
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
