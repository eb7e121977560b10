// The iteration cache in journey.db: what each iteration folder was last projected to.
import { readSetting, writeSetting, type Db } from './db.ts';
import type { Public } from '../core/public-text.ts';
import type { PublicProblem } from '../loop/problem.ts';
import type { IterationSummary } from '../contract/site-data-schema.ts';
import type { ModelUsage } from '../contract/iteration-checks.ts';

/** A cached iteration, without its page (read on demand with readCachedPage). */
export interface CachedIteration {
  number: number;
  folder: string;
  stampKey: string;
  inputHash: string;
  /** What a publish stored after redaction: public already. */
  summary: Public<IterationSummary>;
  byRule: Record<string, number>;
  models: Public<ModelUsage>[];
  problems: PublicProblem[];
  prev: number | null;
  next: number | null;
  publicSha: string;
}

/** A row to write: the cached facts plus the page JSON (prev/next null). */
export interface IterationRow extends CachedIteration {
  pageJson: string;
}

interface Raw {
  number: number; folder: string; stamp_key: string; input_hash: string; summary_json: string; rules_json: string; models_json: string;
  problems_json: string; prev: number | null; next: number | null; public_sha: string;
}

// The publish worker is long-lived: it keeps the parsed cache between runs and rereads it only when
// another process wrote it (the generation in settings changed).
const memo = new Map<string, { generation: string; rows: Map<number, CachedIteration> }>();
const GENERATION = 'iterations_generation';

/**
 * Every cached iteration by number. The map is shared with later calls on the same connection:
 * treat it as read-only.
 */
export function readCachedIterations(db: Db): ReadonlyMap<number, CachedIteration> {
  const generation = readSetting(db, GENERATION) ?? '0';
  const known = memo.get(db.name);
  if (known?.generation === generation) return known.rows;
  const rows = db.prepare(`SELECT number, folder, stamp_key, input_hash, summary_json, rules_json, models_json, problems_json, prev, next, public_sha
    FROM iterations`).all() as Raw[];
  const map = new Map(rows.map((r) => [r.number, {
    number: r.number, folder: r.folder, stampKey: r.stamp_key, inputHash: r.input_hash,
    // Stored by a publish after redaction: public as they were written.
    summary: JSON.parse(r.summary_json) as Public<IterationSummary>, byRule: JSON.parse(r.rules_json) as Record<string, number>,
    models: JSON.parse(r.models_json) as Public<ModelUsage>[], problems: JSON.parse(r.problems_json) as PublicProblem[],
    prev: r.prev, next: r.next, publicSha: r.public_sha,
  }]));
  memo.set(db.name, { generation, rows: map });
  return map;
}

export function readCachedPage(db: Db, number: number): string {
  return (db.prepare('SELECT page_json FROM iterations WHERE number = ?').get(number) as { page_json: string }).page_json;
}

/** Upserts and deletes in the caller's transaction. */
export function writeIterations(db: Db, rows: readonly IterationRow[], moves: readonly Pick<CachedIteration, 'number' | 'stampKey' | 'prev' | 'next' | 'publicSha'>[], removed: readonly number[], now: string): void {
  const upsert = db.prepare(`INSERT INTO iterations (number, folder, stamp_key, input_hash, page_json, summary_json, rules_json, models_json, problems_json, prev, next, public_sha, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (number) DO UPDATE SET folder = excluded.folder, stamp_key = excluded.stamp_key, input_hash = excluded.input_hash,
      page_json = excluded.page_json, summary_json = excluded.summary_json, rules_json = excluded.rules_json, models_json = excluded.models_json,
      problems_json = excluded.problems_json, prev = excluded.prev, next = excluded.next, public_sha = excluded.public_sha, updated_at = excluded.updated_at`);
  for (const r of rows) {
    upsert.run(r.number, r.folder, r.stampKey, r.inputHash, r.pageJson, JSON.stringify(r.summary), JSON.stringify(r.byRule), JSON.stringify(r.models),
      JSON.stringify(r.problems), r.prev, r.next, r.publicSha, now);
  }
  const move = db.prepare('UPDATE iterations SET stamp_key = ?, prev = ?, next = ?, public_sha = ?, updated_at = ? WHERE number = ?');
  for (const m of moves) move.run(m.stampKey, m.prev, m.next, m.publicSha, now, m.number);
  const remove = db.prepare('DELETE FROM iterations WHERE number = ?');
  for (const number of removed) remove.run(number);
  const generation = `${process.pid}-${Date.now()}-${Math.random()}`;
  writeSetting(db, GENERATION, generation);
  // Keep this process's copy in step, so the next run skips re-reading 10,000 rows.
  const known = memo.get(db.name);
  if (!known) return;
  for (const { pageJson: _page, ...row } of rows) known.rows.set(row.number, row);
  for (const m of moves) {
    const row = known.rows.get(m.number);
    if (row) known.rows.set(m.number, { ...row, ...m });
  }
  for (const number of removed) known.rows.delete(number);
  known.generation = generation;
}
