// Builds the detector from the resolved configuration: key, denylist and the operator's known secrets.
import type { JourneyConfig } from '../config/config-schema.ts';
import { createDetector, type Detector, type DetectorOptions } from './detect.ts';
import { readKnownSecrets, readTakedownSecrets } from './read-known-secrets.ts';
import { readRedactKey } from './read-redact-key.ts';

/**
 * The detector every command uses: the operator's secret sources plus the values taken down with
 * `npm run takedown`. `createKey` makes `<data>/fingerprint.key` when missing (synth);
 * the standalone CLIs warn and use a per-process key instead.
 *
 * @example
 * const detector = readDetector(config, { createKey: true });
 */
export function readDetector(config: JourneyConfig, options: { createKey: boolean; warn?: (text: string) => void }): Detector {
  return createDetector(readDetectorOptions(config, options));
}

/**
 * What readDetector builds its detector from; a worker thread gets these (never a file path to
 * read again), so every thread of a publish detects exactly the same.
 */
export function readDetectorOptions(config: JourneyConfig, options: { createKey: boolean; warn?: (text: string) => void }): DetectorOptions {
  return {
    key: readRedactKey(config.dataDir, { create: options.createKey, ...(options.warn ? { warn: options.warn } : {}) }),
    denylist: config.denylist,
    knownSecrets: [...readKnownSecrets(config), ...readTakedownSecrets(config.dataDir)],
  };
}
