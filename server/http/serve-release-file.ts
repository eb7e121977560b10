// Answers one request for one release file: conditional requests, byte ranges, precompressed
// variants, and bodies from memory (small hot files) or streamed from disk without following links.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { createHash } from 'node:crypto';
import type { ReleaseFile } from './read-release-index.ts';
import { parseRange, type RangeVerdict } from './request-filter.ts';
import { SECURITY_HEADERS, type Encoding } from './response-headers.ts';

/**
 * Bodies of small files, loaded on their first request and verified against the MANIFEST's SHA-256
 * (so memory holds exactly the bytes the leak scan passed), kept on the file's own index entry (no
 * lookup on the hot path) and evicted least recently used past a byte budget. One per serving
 * process; releases are immutable, so a file's bytes never go stale.
 */
/** Files up to this size are kept in memory; larger ones stream from disk. */
const MAX_HOT_FILE = 1024 * 1024;

export class HotFiles {
  readonly #loaded = new Set<ReleaseFile>();
  readonly #loading = new Map<ReleaseFile, Promise<Buffer>>();
  #bytes = 0;
  #clock = 0;
  readonly budget: number;
  readonly maxFile: number;

  constructor(budget: number, maxFile = Math.min(MAX_HOT_FILE, budget)) {
    this.budget = budget;
    this.maxFile = maxFile;
  }

  get(file: ReleaseFile): Buffer | undefined {
    if (file.body) file.used = ++this.#clock;
    return file.body;
  }

  wants(file: ReleaseFile): boolean {
    return file.size <= this.maxFile;
  }

  /** Reads and verifies `file` once, however many requests ask for it at the same time. */
  load(file: ReleaseFile): Promise<Buffer> {
    let loading = this.#loading.get(file);
    if (!loading) {
      loading = this.#read(file).finally(() => this.#loading.delete(file));
      this.#loading.set(file, loading);
    }
    return loading;
  }

  async #read(file: ReleaseFile): Promise<Buffer> {
    const handle = await open(file.abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    let body: Buffer;
    try {
      body = await handle.readFile();
    } finally {
      await handle.close();
    }
    if (body.length !== file.size || createHash('sha256').update(body).digest('hex') !== file.sha256) {
      throw new Error(`${file.abs} differs from its MANIFEST entry`);
    }
    if (!file.body) {
      file.body = body;
      file.used = ++this.#clock;
      this.#loaded.add(file);
      this.#bytes += body.length;
      if (this.#bytes > this.budget) this.#evict();
    }
    return body;
  }

  /** Lets go of the least recently used bodies until a tenth of the budget is free (rare: on loads past the budget). */
  #evict(): void {
    const oldestFirst = [...this.#loaded].sort((a, b) => a.used! - b.used!);
    for (const file of oldestFirst) {
      if (this.#bytes <= this.budget * 0.9) break;
      this.#bytes -= file.body!.length;
      file.body = undefined;
      this.#loaded.delete(file);
    }
  }
}

/** Whether Accept-Encoding allows `encoding` (`br;q=0` refuses it). */
function accepts(header: string | undefined, encoding: Encoding): boolean {
  if (!header?.includes(encoding)) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    return name!.trim().toLowerCase() === encoding && !params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p));
  });
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}

/**
 * Sends `file` (or its precompressed variant) for a GET or HEAD: at once from memory when the body is
 * hot, else a promise that settles once the response is under way. A body streamed from disk that
 * fails half way ends the connection (a client sees a short body, never wrong bytes with a right length).
 *
 * @example
 * await serveReleaseFile(req, res, route.file, hotFiles, 200);
 */
export function serveReleaseFile(req: IncomingMessage, res: ServerResponse, plain: ReleaseFile, hot: HotFiles | undefined, status = 200): void | Promise<void> {
  const accept = req.headers['accept-encoding'];
  const file = (accept !== undefined && ((accepts(accept, 'br') && plain.variants.br) || (accepts(accept, 'gzip') && plain.variants.gzip))) || plain;
  if (status === 200 && matchesEtag(req.headers['if-none-match'], file.etag)) {
    const { 'Content-Type': _type, 'Content-Length': _length, 'Accept-Ranges': _ranges, ...kept } = file.headers;
    res.writeHead(304, kept);
    return void res.end();
  }
  const ifRange = req.headers['if-range'];
  const range = status !== 200 || (ifRange !== undefined && ifRange !== file.etag) ? WHOLE : parseRange(req.headers.range, file.size);
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, { ...SECURITY_HEADERS, 'Content-Range': `bytes */${file.size}`, 'Content-Length': '0', 'Cache-Control': 'no-store' });
    return void res.end();
  }
  const body = hot?.get(file);
  if (body) return sendBody(req, res, file, status, range, body);
  if (hot?.wants(file)) return hot.load(file).then((loaded) => sendBody(req, res, file, status, range, loaded));
  return streamBody(req, res, file, status, range);
}

const WHOLE = { kind: 'whole' as const };

function partHeaders(file: ReleaseFile, start: number, end: number): Record<string, string> {
  return { ...file.headers, 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${file.size}` };
}

function sendBody(req: IncomingMessage, res: ServerResponse, file: ReleaseFile, status: number, range: RangeVerdict, body: Buffer): void {
  const head = req.method === 'HEAD';
  if (range.kind === 'part') {
    res.writeHead(206, partHeaders(file, range.start, range.end));
    return void res.end(head ? undefined : body.subarray(range.start, range.end + 1));
  }
  res.writeHead(status, file.headers);
  res.end(head ? undefined : body);
}

/** Streams a file too large for memory from disk: opened without following a link, checked against its MANIFEST size. */
async function streamBody(req: IncomingMessage, res: ServerResponse, file: ReleaseFile, status: number, range: RangeVerdict): Promise<void> {
  const handle = await open(file.abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  const stat = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!stat.isFile() || stat.size !== file.size) {
    await handle.close();
    throw new Error(`${file.abs} differs from its MANIFEST entry`);
  }
  const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, file.size - 1];
  res.writeHead(range.kind === 'part' ? 206 : status, range.kind === 'part' ? partHeaders(file, start, end) : file.headers);
  if (req.method === 'HEAD' || file.size === 0) {
    await handle.close();
    return void res.end();
  }
  pipeline(handle.createReadStream({ start, end }), res, (error) => {
    if (error) res.destroy();
  });
}
