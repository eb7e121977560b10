// Iterations the operator took down (`npm run takedown -- --iteration N`), in journey.db: a publish
// withholds each of them until `npm run restore -- --iteration N`.
import type { Db } from './db.ts';

/** The numbers of the iterations taken down. */
export function readTakenDown(db: Db): Set<number> {
  return new Set((db.prepare('SELECT number FROM takedown_iterations').all() as { number: number }[]).map((r) => r.number));
}

/** Takes iterations down (in the caller's transaction). */
export function addTakenDown(db: Db, numbers: readonly number[], now: Date): void {
  const add = db.prepare('INSERT OR IGNORE INTO takedown_iterations (number, added_at) VALUES (?, ?)');
  for (const number of numbers) add.run(number, now.toISOString());
}

/** Restores an iteration; false when it was not taken down. */
export function removeTakenDown(db: Db, number: number): boolean {
  return db.prepare('DELETE FROM takedown_iterations WHERE number = ?').run(number).changes > 0;
}
