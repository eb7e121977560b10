// The installation's fingerprint key: created once in the data folder, never published.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrno } from '../cli/journey-error.ts';

/** Reads `<data>/fingerprint.key`, creating it (mode 0600) on first use. */
export function readFingerprintKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'fingerprint.key');
  try {
    return readFileSync(file);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error; // another run created it first: use theirs
  }
  return readFileSync(file);
}
