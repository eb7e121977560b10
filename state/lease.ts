// Single flight across processes: a lease row in journey.db names the one publish running now.
import { hostname } from 'node:os';
import { audit, write, type Db } from './db.ts';
import { isAlive } from '../core/write-lock.ts';

const NAME = 'publish';

/** A run holds the lease this long past its last renewal; a crashed holder's lease lapses after it. */
export const LEASE_MS = 120_000;

export type LeaseAttempt =
  | { acquired: true; runId: number; recovered: number | undefined }
  | { acquired: false; holder: { pid: number; host: string; runId: number } };

interface LeaseRow { owner_pid: number; host: string; run_id: number; expires_at: number }

/** A lease is stale when it expired, or when its holder on this host has died. */
function isStale(row: LeaseRow, now: number): boolean {
  if (row.expires_at <= now) return true;
  return row.host === hostname() && row.owner_pid !== process.pid && !isAlive(row.owner_pid);
}

/**
 * Starts a run: records it and takes the lease in one `BEGIN IMMEDIATE` transaction. When a live run
 * holds the lease, records this one as `coalesced` and asks the holder for exactly one follow-up run.
 * A stale lease is taken over and its run recorded as `interrupted`.
 *
 * @example
 * const lease = acquireLease(db, { trigger: 'timer', flags: '--public' });
 * if (!lease.acquired) return; // the running publish will run once more
 */
export function acquireLease(db: Db, run: { trigger: string; flags: string }, now: Date = new Date()): LeaseAttempt {
  return write(db, () => {
    const row = db.prepare('SELECT owner_pid, host, run_id, expires_at FROM lease WHERE name = ?').get(NAME) as LeaseRow | undefined;
    const insertRun = db.prepare(`INSERT INTO runs (trigger, flags, pid, host, started_at, outcome) VALUES (?, ?, ?, ?, ?, ?)`);
    if (row && !isStale(row, now.getTime())) {
      const id = Number(insertRun.run(run.trigger, run.flags, process.pid, hostname(), now.toISOString(), 'coalesced').lastInsertRowid);
      db.prepare('UPDATE runs SET ended_at = ? WHERE id = ?').run(now.toISOString(), id);
      db.prepare('INSERT OR REPLACE INTO followups (name, requested_at) VALUES (?, ?)').run(NAME, now.toISOString());
      return { acquired: false, holder: { pid: row.owner_pid, host: row.host, runId: row.run_id } };
    }
    let recovered: number | undefined;
    if (row) {
      recovered = row.run_id;
      db.prepare(`UPDATE runs SET outcome = 'interrupted', ended_at = ? WHERE id = ? AND outcome = 'running'`).run(now.toISOString(), row.run_id);
      audit(db, 'recover-lease', `run ${row.run_id} of pid ${row.owner_pid} on ${row.host} held a stale lease; recorded as interrupted`, now);
    }
    const runId = Number(insertRun.run(run.trigger, run.flags, process.pid, hostname(), now.toISOString(), 'running').lastInsertRowid);
    db.prepare('INSERT OR REPLACE INTO lease (name, owner_pid, host, run_id, started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(NAME, process.pid, hostname(), runId, now.toISOString(), now.getTime() + LEASE_MS);
    return { acquired: true, runId, recovered };
  });
}

/** Extends the lease while a long phase runs (call every LEASE_MS / 4). */
export function renewLease(db: Db, runId: number): void {
  write(db, () => db.prepare('UPDATE lease SET expires_at = ? WHERE name = ? AND run_id = ?').run(Date.now() + LEASE_MS, NAME, runId));
}

/**
 * Ends a run: records its outcome and releases the lease. Returns true when a follow-up was asked for
 * while it ran (the request is consumed: the caller runs exactly once more).
 */
export function releaseLease(db: Db, runId: number, end: { outcome: string; phases: object; counts: object; errorCode?: string; releaseId?: string }): boolean {
  return write(db, () => {
    db.prepare('UPDATE runs SET outcome = ?, ended_at = ?, phases_json = ?, counts_json = ?, error_code = ?, release_id = ? WHERE id = ?')
      .run(end.outcome, new Date().toISOString(), JSON.stringify(end.phases), JSON.stringify(end.counts), end.errorCode ?? null, end.releaseId ?? null, runId);
    db.prepare('DELETE FROM lease WHERE name = ? AND run_id = ?').run(NAME, runId);
    return db.prepare('DELETE FROM followups WHERE name = ?').run(NAME).changes > 0;
  });
}

/**
 * Records a publish the server stopped at its timeout: the killed worker's running run (or, when the
 * worker never started one, a new row) ends as `timed-out`, and its lease is released at once
 * instead of lapsing.
 *
 * @example
 * recordTimedOut(db, { pid: worker.pid, trigger: 'timer', startedAt: new Date(started) });
 */
export function recordTimedOut(db: Db, run: { pid: number; trigger: string; startedAt: Date }, now: Date = new Date()): void {
  write(db, () => {
    const ended = db.prepare(`UPDATE runs SET outcome = 'timed-out', ended_at = ?, error_code = 'JOURNEY_PUBLISH_TIMED_OUT'
      WHERE pid = ? AND host = ? AND outcome = 'running'`).run(now.toISOString(), run.pid, hostname());
    if (ended.changes === 0) {
      db.prepare(`INSERT INTO runs (trigger, flags, pid, host, started_at, ended_at, outcome, error_code)
        VALUES (?, '', ?, ?, ?, ?, 'timed-out', 'JOURNEY_PUBLISH_TIMED_OUT')`)
        .run(run.trigger, run.pid, hostname(), run.startedAt.toISOString(), now.toISOString());
    }
    db.prepare('DELETE FROM lease WHERE name = ? AND owner_pid = ? AND host = ?').run(NAME, run.pid, hostname());
    audit(db, 'publish-timed-out', `the publish worker (pid ${run.pid}, trigger ${run.trigger}) ran past its timeout and was killed`, now);
  });
}
