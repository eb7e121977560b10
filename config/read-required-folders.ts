// The folders a command needs, checked before it creates anything: a mistyped --loop-dir or --data-dir
// fails with its fix instead of leaving an empty data folder (and a fresh journey.db) behind.
import { statSync } from 'node:fs';
import { JourneyError } from '../core/journey-error.ts';
import type { JourneyConfig } from './config-schema.ts';
import { requireLoopDir } from './resolve-config.ts';

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false; // missing, unreadable or a dangling link: the error below names the folder either way
  }
}

/**
 * The loop folder, which must be configured and exist; `state` says what the disk holds meanwhile.
 *
 * @example
 * const loopDir = requireLoopFolder(config, 'nothing was created or published');
 */
export function requireLoopFolder(config: JourneyConfig, state: string): string {
  const loopDir = requireLoopDir(config);
  if (!isFolder(loopDir)) {
    throw new JourneyError('JOURNEY_LOOP_DIR_MISSING', `the loop folder ${loopDir} does not exist or is not a folder`, {
      fix: 'Pass the folder your loop writes with --loop-dir or JOURNEY_LOOP_DIR.', state,
    });
  }
  return loopDir;
}

/**
 * The data folder, which must exist: for the commands that work on what a publish made (releases,
 * rollback, unpin), a missing one is a mistyped path, not a fresh start.
 *
 * @example
 * requireDataFolder(config); // throws JOURNEY_DATA_DIR_MISSING for --data-dir /data/autosw
 */
export function requireDataFolder(config: JourneyConfig): void {
  if (isFolder(config.dataDir)) return;
  throw new JourneyError('JOURNEY_DATA_DIR_MISSING', `the data folder ${config.dataDir} does not exist`, {
    fix: 'Pass the folder journey publishes into with --data-dir or JOURNEY_DATA_DIR (`npm run synth -- --public --rebuild-site` creates it).',
    state: 'nothing was changed or created',
  });
}
