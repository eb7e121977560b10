// One of the concurrent writers of the SQLite scenario: `count` writes into the same journey.db, each
// its own BEGIN IMMEDIATE transaction (runs and follow-up requests, as publishes record them). Prints
// one JSON line: writes done and SQLITE_BUSY errors met. With `hold`, takes the write lock and waits.
import { audit, openDb, write } from '../state/db.ts';

const [dataDir, mode, countText] = process.argv.slice(2);
const db = openDb(dataDir!);
if (mode === 'hold') {
  db.prepare('BEGIN IMMEDIATE').run();
  process.stdout.write('locked\n');
  setInterval(() => {}, 1000); // until killed
} else {
  let done = 0;
  let busy = 0;
  for (let i = 0; i < Number(countText); i++) {
    try {
      write(db, () => {
        audit(db, 'fault-writer', `pid ${process.pid} write ${i}`);
        db.prepare('INSERT INTO followups (name, requested_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET requested_at = excluded.requested_at')
          .run(`writer-${process.pid}`, new Date().toISOString());
      });
      done++;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') busy++;
      else throw error;
    }
  }
  db.close();
  process.stdout.write(`${JSON.stringify({ done, busy })}\n`);
}
