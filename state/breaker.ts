// A circuit breaker in journey.db, so it survives restarts: after `failures` failures in a row the
// reviewer is not called for `cooldownS`; then one call is let through (half-open): success closes
// the breaker, failure opens it again.
import { write, type Db } from './db.ts';

export type BreakerState = { kind: 'closed' } | { kind: 'open'; until: Date } | { kind: 'half-open' };

interface Row {
  failures: number;
  opened_at: string | null;
}

const row = (db: Db, name: string) => db.prepare('SELECT failures, opened_at FROM breakers WHERE name = ?').get(name) as Row | undefined;

/**
 * @example
 * const state = readBreaker(db, 'reviewer', 900, new Date()); // { kind: 'open', until: ... }
 */
export function readBreaker(db: Db, name: string, cooldownS: number, now: Date): BreakerState {
  const r = row(db, name);
  if (!r?.opened_at) return { kind: 'closed' };
  const until = new Date(Date.parse(r.opened_at) + cooldownS * 1000);
  return now < until ? { kind: 'open', until } : { kind: 'half-open' };
}

/** Records a call's outcome; returns the failures in a row after it. */
export function recordBreaker(db: Db, name: string, ok: boolean, threshold: number, now: Date): number {
  return write(db, () => {
    const before = row(db, name);
    const failures = ok ? 0 : (before?.failures ?? 0) + 1;
    // Open at the threshold, and again on a failed half-open call (it was open before).
    const opened = !ok && (failures >= threshold || before?.opened_at) ? now.toISOString() : null;
    db.prepare(`INSERT INTO breakers (name, failures, opened_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, opened_at = excluded.opened_at`).run(name, failures, opened);
    return failures;
  });
}
