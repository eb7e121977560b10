// Parity history in journey.db: each feature's state changes, as published.
import type { Db } from './db.ts';
import type { ParityChange } from '../contract/site-data-schema.ts';

/** State changes kept per parity feature. */
export const PARITY_HISTORY = 50;

/** A parity feature's change this publish: the row journey.db keeps. */
export interface ParityChangeRow extends ParityChange {
  feature: string;
  name: string;
  from: ParityChange['state'] | null;
}

/** Every feature's recorded changes, oldest first (the newest PARITY_HISTORY of each). */
export function readParityHistory(db: Db): Map<string, ParityChange[]> {
  const rows = db.prepare('SELECT feature, state, iteration, at FROM parity_changes ORDER BY id').all() as
    { feature: string; state: ParityChange['state']; iteration: number | null; at: string }[];
  const history = new Map<string, ParityChange[]>();
  for (const row of rows) {
    const list = history.get(row.feature) ?? [];
    list.push({ state: row.state, iteration: row.iteration, at: row.at });
    if (list.length > PARITY_HISTORY) list.shift();
    history.set(row.feature, list);
  }
  return history;
}

/** Records this publish's changes, in the caller's transaction. */
export function writeParityChanges(db: Db, changes: readonly ParityChangeRow[]): void {
  const insert = db.prepare('INSERT INTO parity_changes (feature, name, state, iteration, at) VALUES (?, ?, ?, ?, ?)');
  for (const c of changes) insert.run(c.feature, c.name, c.state, c.iteration, c.at);
}
