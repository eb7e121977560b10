// Atomic file and symlink writes: temp file in the same folder, fsync, rename (STYLE rule 13).
import { closeSync, fsyncSync, openSync, renameSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { faultPoint } from './fault-point.ts';

/** fsyncs a directory so a rename inside it survives a power cut. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `content` to `file` so that readers see the old or the new file, never a part. `durable:
 * false` skips the fsync where a power cut may lose the write but must not tear it (<data>/public,
 * which a later run rewrites; the release it feeds is flushed before its manifest).
 *
 * @example
 * writeFileAtomic('data/public/site-data.json', JSON.stringify(siteData));
 */
export function writeFileAtomic(file: string, content: string | Buffer, options: { durable?: boolean } = {}): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    if (options.durable !== false) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

/**
 * Points the symlink `link` at `target` (relative) with one rename(2): a reader resolves the old
 * or the new target, never a missing link.
 */
export function swapSymlink(link: string, target: string): void {
  const temp = path.join(path.dirname(link), `.${path.basename(link)}.tmp-${process.pid}`);
  rmSync(temp, { force: true });
  symlinkSync(target, temp);
  faultPoint('swap-linked');
  renameSync(temp, link);
  faultPoint('swap-renamed');
  fsyncDir(path.dirname(link));
}
