// The redactor every command's output passes through: the same rules, known secrets and denylist
// as a publish, so a line that names a loop's file, a record key or a configured value prints
// redacted. A line the redactor cannot vouch for prints as the withheld marker.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JourneyConfig } from '../config/config-schema.ts';
import { createDetector, type Detector } from './detect.ts';
import { readKnownSecrets, readTakedownSecrets } from './read-known-secrets.ts';
import { readRedactKey, REDACT_KEY_ENV } from './read-redact-key.ts';
import { redactText, WITHHELD_MARKER } from './redact-text.ts';
import { parseLearned, replaceLearned, type LearnedValue } from './replace-learned.ts';

/**
 * The detector for command output. Reading the operator's secret sources may fail (the command
 * itself then reports why); the filter then knows the rules and the denylist only, and never warns:
 * a per-process key only numbers what was redacted in this output.
 */
function outputDetector(config: JourneyConfig): Detector {
  let key: Buffer;
  try {
    key = process.env[REDACT_KEY_ENV] ? readRedactKey(config.dataDir, { create: false }) : readRedactKey(config.dataDir, { create: false, warn: () => {} });
  } catch {
    key = randomBytes(32);
  }
  let knownSecrets: string[] = [];
  try {
    knownSecrets = [...readKnownSecrets(config), ...readTakedownSecrets(config.dataDir)];
  } catch {
    // unreadable sources: the command reports them; the rules still run
  }
  return createDetector({ key, denylist: config.denylist, knownSecrets });
}

/**
 * The values a publish learned from their context (`<data>/learned-secrets`, one JSON record per
 * line): a command that prints a loop's names or texts (a folder named after a password the log
 * states) replaces them as a publish does. Unreadable or absent: none.
 */
function learnedValues(dataDir: string): LearnedValue[] {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, 'learned-secrets'), 'utf8');
  } catch {
    return [];
  }
  return parseLearned(text);
}

/**
 * A filter for command output, line by line (a line is the unit a reader reads; a secret split
 * across two writes of one line is still seen whole).
 *
 * @example
 * setOutputFilter(readOutputFilter(config));
 */
export function readOutputFilter(config: JourneyConfig): (text: string) => string {
  // Made at the first line printed, not at start: a command's own work (a monitor's clock reading) comes first.
  let detector: Detector | undefined;
  let learned: LearnedValue[] | undefined;
  return (text) => {
    if (text.length === 0) return text;
    learned ??= learnedValues(config.dataDir);
    const result = redactText(text, (detector ??= outputDetector(config)), { learned: learned.map((l) => l.value) });
    return result.unsure ? `${WITHHELD_MARKER}${text.endsWith('\n') ? '\n' : ''}` : replaceLearned(result.text, learned);
  };
}
