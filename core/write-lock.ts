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

/**
 * When process `pid` started, in clock ticks since boot (field 22 of /proc/<pid>/stat); undefined
 * where there is no /proc. A pid alone is not an owner: a container restarted on a persistent volume
 * starts its processes with the pids the dead ones had.
 */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The lock file's text: our pid and when we started. */
const ownText = () => `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim();

/** True when the lock text names a process that is still the one that took it. */
function ownerAlive(text: string): boolean {
  const [pidText, started] = text.trim().split(' ');
  const owner = Number(pidText);
  if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) return false;
  const now = started === undefined ? undefined : startTimeOf(owner);
  return started === undefined || now === undefined || now === started;
}

/** Creates `file` holding our pid and start time; false when a live process holds it. Recovers a dead owner's lock. */
function tryLock(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, ownText(), { flag: 'wx' });
      return true;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      continue; // released between our two calls: try again
    }
    if (ownerAlive(text)) return false;
    rmSync(file, { force: true }); // the owner died (or its pid now names another process): recover its lock
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
