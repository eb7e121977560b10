// Opens <data>/journey.db: WAL, a busy timeout, foreign keys, and the versioned migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { JourneyError } from '../core/journey-error.ts';
import { MIGRATIONS } from './migrations.ts';
import { DATA_LAYOUT } from '../core/data-layout.ts';

export type Db = Database.Database;

/**
 * Where journey.db lives: a data folder, or a configuration whose `dbDir` (JOURNEY_DB_DIR) puts it
 * apart from the data folder (on Kubernetes: a ReadWriteOnce volume, while releases are shared).
 */
export type DbLocation = string | { dataDir: string; dbDir?: string | undefined };

/**
 * Opens (and migrates) the state database of a data folder. Every write goes through `write`, which
 * takes the write lock up front (`BEGIN IMMEDIATE`), so concurrent writers wait instead of failing
 * with SQLITE_BUSY half-way through a transaction.
 *
 * @example
 * const db = openDb('./data');
 * const db = openDb(config); // config.dbDir, or config.dataDir
 * write(db, () => db.prepare('INSERT INTO audit ...').run());
 */
export function openDb(where: DbLocation): Db {
  const dir = typeof where === 'string' ? where : where.dbDir ?? where.dataDir;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, DATA_LAYOUT.db);
  let db: Db;
  try {
    db = new Database(file, { timeout: 30_000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    throw new JourneyError('JOURNEY_DB_UNUSABLE', `cannot open ${file}`, {
      fix: 'Check the data folder is writable and not on a network file system; move a damaged journey.db aside to start afresh (it is a cache plus history).',
      cause: error,
    });
  }
  migrate(db, file);
  return db;
}

function migrate(db: Db, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    db.close();
    throw new JourneyError('JOURNEY_DB_UNUSABLE', `${file} has schema version ${version}, newer than this journey knows (${MIGRATIONS.length})`, {
      fix: 'Run the newer journey that wrote it, or move journey.db aside.',
    });
  }
  for (let next = version; next < MIGRATIONS.length; next++) {
    write(db, () => {
      db.exec(MIGRATIONS[next]!);
      db.pragma(`user_version = ${next + 1}`);
    });
  }
}

/**
 * Opens the database of `dataDir` for one synchronous piece of work and closes it (the small CLIs).
 *
 * @example
 * withDb('./data', (db) => write(db, () => audit(db, 'unpin', 'release x unpinned')));
 */
export function withDb<T>(where: DbLocation, work: (db: Db) => T): T {
  const db = openDb(where);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Runs `work` in a `BEGIN IMMEDIATE` transaction and returns its result. */
export function write<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}

/** Appends one line to the audit log (inside the caller's transaction when there is one). */
export function audit(db: Db, action: string, detail: string, now: Date = new Date()): void {
  const actor = `${process.env['USER'] ?? 'unknown'}@pid${process.pid}`;
  db.prepare('INSERT INTO audit (ts, actor, action, detail) VALUES (?, ?, ?, ?)').run(now.toISOString(), actor, action, detail);
}

export function readSetting(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function writeSetting(db: Db, key: string, value: string | undefined): void {
  if (value === undefined) db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  else db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
