// Single flight: one synth at a time per data folder; a lock left by a dead process is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrno, JourneyError } from '../cli/journey-error.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

/**
 * Takes `<data>/synth.lock` or throws JOURNEY_PUBLISH_LOCKED; returns the release function.
 *
 * @example
 * const release = acquireLock(dataDir);
 * try { await publish(); } finally { release(); }
 */
export function acquireLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'synth.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const owner = Number(readFileSync(file, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new JourneyError('JOURNEY_PUBLISH_LOCKED', `another synth (pid ${owner}) is publishing into ${dataDir}`, {
        fix: 'Wait for it to finish; a trigger during a run is picked up by the next run.',
        state: 'nothing was changed by this run',
      });
    }
    rmSync(file, { force: true }); // the owner died: recover its lock
  }
  throw new JourneyError('JOURNEY_PUBLISH_LOCKED', `could not take ${file}`, { fix: 'Remove the file if no synth is running.' });
}
