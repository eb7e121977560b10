// Reads one file of the loop folder safely: containment after realpath, size cap, text only.
import { closeSync, lstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { isErrno } from '../core/journey-error.ts';

export type Rejected = { kind: 'rejected'; reason: string; fix: string };
export type FileRead = { kind: 'missing' } | { kind: 'text'; text: string } | Rejected;
export type BytesRead = { kind: 'missing' } | { kind: 'bytes'; bytes: Buffer } | Rejected;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when `target` is `root` itself or lies below it (`root + sep`, never a bare prefix). */
export function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root + path.sep);
}

/** Decodes bytes the loop wrote as text: NUL bytes and invalid UTF-8 are rejected, never guessed at. */
export function decodeText(bytes: Buffer): { kind: 'text'; text: string } | Rejected {
  if (bytes.includes(0)) return { kind: 'rejected', reason: 'holds binary data (NUL bytes)', fix: 'The loop must write text here.' };
  try {
    return { kind: 'text', text: utf8.decode(bytes) };
  } catch {
    return { kind: 'rejected', reason: 'is not valid UTF-8', fix: 'The loop must write UTF-8 text here.' };
  }
}

/** The real path of `relative` below the real loop folder `root` and its size, or why it cannot be read. */
export function locateLoopFile(root: string, relative: string): { kind: 'file'; real: string; size: number } | { kind: 'missing' } | Rejected {
  const absolute = path.join(root, relative);
  let real: string;
  try {
    lstatSync(absolute);
    real = realpathSync(absolute);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { kind: 'missing' };
    if (isErrno(error, 'ELOOP')) return { kind: 'rejected', reason: 'is a symlink loop', fix: 'Replace the link with the file itself.' };
    return { kind: 'rejected', reason: `cannot be read (${(error as NodeJS.ErrnoException).code})`, fix: 'Check its permissions.' };
  }
  if (!isInside(root, real)) {
    return { kind: 'rejected', reason: 'is a symlink pointing outside the loop folder', fix: 'Replace the link with the file itself.' };
  }
  const info = statSync(real);
  if (!info.isFile()) return { kind: 'rejected', reason: 'is not a regular file', fix: 'Remove it or make it a file.' };
  return { kind: 'file', real, size: info.size };
}

/**
 * Reads the bytes of `relative` below the real loop folder `root` (synchronously: a publish reads
 * tens of thousands of small files, and a thread-pool round trip per call would cost more than the read). Never throws for bad input:
 * symlinks out of the folder, non-files and files over `maxBytes` come back as `rejected`.
 */
function readLoopBytes(root: string, relative: string, maxBytes: number): BytesRead {
  const found = locateLoopFile(root, relative);
  if (found.kind !== 'file') return found;
  if (found.size > maxBytes) {
    return {
      kind: 'rejected',
      reason: `is ${found.size} bytes, over the size cap of ${maxBytes}`,
      fix: 'Have the loop write a smaller file, or raise JOURNEY_MAX_FILE_BYTES.',
    };
  }
  return { kind: 'bytes', bytes: readFileSync(found.real) };
}

/**
 * Reads `relative` as UTF-8 text: readLoopBytes plus decodeText.
 *
 * @example
 * const read = readLoopFile('/srv/loop', 'iterations/7/plan.md', 20 * 1024 * 1024);
 */
export function readLoopFile(root: string, relative: string, maxBytes: number): FileRead {
  const read = readLoopBytes(root, relative, maxBytes);
  return read.kind === 'bytes' ? decodeText(read.bytes) : read;
}

/**
 * The whole lines among the last `bytes` bytes of `relative` (the whole file when it is shorter), with
 * the same containment as readLoopBytes and no size cap: a file that only grows (verdicts.jsonl) is
 * read from its end, at a cost that does not grow with it. A line cut by the window is left out.
 *
 * @example
 * const read = readLoopEnd('/srv/loop', 'verdicts.jsonl', 64 * 1024);
 */
export function readLoopEnd(root: string, relative: string, bytes: number): BytesRead {
  const found = locateLoopFile(root, relative);
  if (found.kind !== 'file') return found;
  const length = Math.min(bytes, found.size);
  const fd = openSync(found.real, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    const read = buffer.subarray(0, readSync(fd, buffer, 0, length, found.size - length));
    const cut = length < found.size;
    return { kind: 'bytes', bytes: cut ? read.subarray(read.indexOf(10) + 1) : read };
  } finally {
    closeSync(fd);
  }
}
