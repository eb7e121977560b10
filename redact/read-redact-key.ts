// The fingerprint key: JOURNEY_REDACT_KEY, or `<data>/fingerprint.key`, or a per-process key with a warning.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrno } from '../cli/journey-error.ts';

export const REDACT_KEY_ENV = 'JOURNEY_REDACT_KEY';

/**
 * The installation's key. With `create`, `<data>/fingerprint.key` is made (mode 0600) on first use;
 * without, a missing file gives a per-process key and a warning, so fingerprints differ between runs.
 *
 * @example
 * const key = readRedactKey('data', { create: true });
 */
export function readRedactKey(dataDir: string, options: { create: boolean; warn?: (text: string) => void }): Buffer {
  const fromEnv = process.env[REDACT_KEY_ENV];
  if (fromEnv && fromEnv.length > 0) return Buffer.from(fromEnv, 'utf8');
  const file = path.join(dataDir, 'fingerprint.key');
  try {
    return readFileSync(file);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  if (!options.create) {
    options.warn?.(`warning: no ${REDACT_KEY_ENV} and no ${file}: fingerprints use a per-process key and will not match other runs`);
    return randomBytes(32);
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error; // another run created it first: use theirs
  }
  return readFileSync(file);
}
