// The fingerprint key: JOURNEY_REDACT_KEY, or `<data>/fingerprint.key`, or a per-process key with a
// warning. A weak key is refused: fingerprints are 16 bits, and with a key one can guess, a value
// can be found offline from its fingerprint.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrno, JourneyError } from '../core/journey-error.ts';

export const REDACT_KEY_ENV = 'JOURNEY_REDACT_KEY';

/** Shortest key accepted: 16 characters (or bytes of the key file). */
const MIN_KEY_LENGTH = 16;

/**
 * Fewest bits a key may carry by its characters (length times the bits of the classes it draws
 * from, as guessable-values.ts counts): 80 bits is beyond any offline search, and every key made
 * the documented way (32 random bytes, 64 hex digits) has far more.
 */
const MIN_KEY_BITS = 80;

/** Bits a key's characters carry at most; a key of raw bytes counts 8 per byte outside printable ASCII. */
function keyBits(key: Buffer): number {
  let classes = 0;
  const seen = new Set<number>();
  for (const byte of key) {
    seen.add(byte);
    if (byte >= 48 && byte <= 57) classes |= 1;
    else if (byte >= 97 && byte <= 122) classes |= 2;
    else if (byte >= 65 && byte <= 90) classes |= 4;
    else if (byte >= 32 && byte < 127) classes |= 8;
    else classes |= 16;
  }
  const pool = (classes & 16 ? 256 : 0) || (classes & 1 ? 10 : 0) + (classes & 2 ? 26 : 0) + (classes & 4 ? 26 : 0) + (classes & 8 ? 33 : 0);
  // A key of one repeated character (or two) has no more bits than its few distinct characters.
  return key.length * Math.log2(Math.min(pool, seen.size * seen.size));
}

/** Refuses a key a search could find (`x`, `secret`, `aaaa…`), naming the fix; never prints the key. */
function checked(key: Buffer, source: string): Buffer {
  if (key.length >= MIN_KEY_LENGTH && keyBits(key) >= MIN_KEY_BITS) return key;
  throw new JourneyError('JOURNEY_REDACT_KEY_WEAK', `${source} is too weak for a fingerprint key (${key.length} characters, about ${Math.floor(keyBits(key))} bits; at least ${MIN_KEY_LENGTH} characters and ${MIN_KEY_BITS} bits are needed)`, {
    fix: `Set ${REDACT_KEY_ENV} to 32 random bytes, e.g. \`export ${REDACT_KEY_ENV}=$(openssl rand -hex 32)\`, or unset it and remove the file so journey writes a random <data>/fingerprint.key itself. Fingerprints change with the key; nothing was published.`,
  });
}

/**
 * The installation's key. With `create`, `<data>/fingerprint.key` is made (mode 0600) on first use;
 * without, a missing file gives a per-process key and a warning, so fingerprints differ between runs.
 * A weak key (from the environment or the file) is refused with JOURNEY_REDACT_KEY_WEAK.
 *
 * @example
 * const key = readRedactKey('data', { create: true });
 */
export function readRedactKey(dataDir: string, options: { create: boolean; warn?: (text: string) => void }): Buffer {
  const fromEnv = process.env[REDACT_KEY_ENV];
  if (fromEnv && fromEnv.length > 0) return checked(Buffer.from(fromEnv, 'utf8'), REDACT_KEY_ENV);
  const file = path.join(dataDir, 'fingerprint.key');
  try {
    return checked(readFileSync(file), file);
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
  return checked(readFileSync(file), file);
}
