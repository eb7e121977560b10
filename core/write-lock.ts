// Pid lock files: one Astro build per checkout at a time; a dead owner's lock is taken over.
// (One publish per data folder is the lease in journey.db, db-lease.ts.)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrno, JourneyError } from './journey-error.ts';

/** True while process `pid` exists (EPERM: it exists, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

/** Creates `file` holding our pid; false when a live process holds it. Recovers a dead owner's lock. */
function tryLock(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(file, 'utf8'));
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      continue; // released between our two calls: try again
    }
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) return false;
    rmSync(file, { force: true }); // the owner died: recover its lock
  }
  return false;
}

/** Waits up to `timeoutMs` for `file`, polling; rejects with JOURNEY_BUILD_FAILED when it stays taken. */
export async function waitForLock(file: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(file)) {
    if (Date.now() > deadline) {
      throw new JourneyError('JOURNEY_BUILD_FAILED', `waited ${timeoutMs} ms for ${file}`, { fix: 'Another build holds it; retry later.' });
    }
    await sleep(200);
  }
  return () => rmSync(file, { force: true });
}
