// The values the redactor learned from their context (a password after `password:`, a token after
// `Authorization: Bearer`), kept for every later publish: a secret once named is redacted wherever
// it stands, in any record, in any iteration, today or later. Kept in <data>/learned-secrets (mode
// 0600, one JSON record per line); never published, never printed.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { readDataSecretFile } from '../redact/read-known-secrets.ts';
import { parseLearned } from '../redact/replace-learned.ts';
import type { Learned } from './redact-item.ts';

export const LEARNED_SECRETS_FILE = 'learned-secrets';

/**
 * The learned values of a data folder ([] before the first is learned). A line that is not a
 * record (a write cut by a crash) is skipped: the value is learned again when its text is read.
 *
 * @example
 * readLearnedSecrets('/data/autoswe') // [{ value: 'Marrow-tidal-8812', placeholder: '[REDACTED:credential-assignment#3f2a]' }]
 */
export function readLearnedSecrets(dataDir: string): Learned[] {
  return parseLearned(readDataSecretFile(dataDir, LEARNED_SECRETS_FILE) ?? '');
}

/**
 * Appends `values` to the data folder's learned secrets, durably, before any page that depends on
 * them is written.
 *
 * @example
 * appendLearnedSecrets('/data/autoswe', [{ value: 'Marrow-tidal-8812', placeholder: '[REDACTED:credential-assignment#3f2a]' }]);
 */
export function appendLearnedSecrets(dataDir: string, values: readonly Learned[]): void {
  if (values.length === 0) return;
  const fd = openSync(path.join(dataDir, LEARNED_SECRETS_FILE), 'a', 0o600);
  try {
    writeSync(fd, values.map((v) => `${JSON.stringify({ value: v.value, placeholder: v.placeholder })}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
