// Scenario 4: eight processes write into one journey.db at once (500 writes each; 100 in the short
// form): 0 SQLITE_BUSY, every write kept; and a process killed while it holds the write lock
// releases it at once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit, openDb, write } from '../state/db.ts';
import type { Scenario } from './scenario.ts';

const WRITER = fileURLToPath(new URL('./writer-process.ts', import.meta.url));

function writer(dataDir: string, args: string[]) {
  const child = spawn(process.execPath, [WRITER, dataDir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, output: () => out, exited: new Promise<number | null>((resolve) => child.on('close', resolve)) };
}

export const sqliteWriters: Scenario = {
  name: 'concurrent SQLite writers',
  promise: '8 writers: 0 SQLITE_BUSY, no write lost; a killed lock holder frees the lock at once',
  async run({ short, log }) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'journey-fault-sqlite-'));
    try {
      openDb(dataDir).close(); // migrate once, before the race
      const each = short ? 100 : 500;
      const writers = Array.from({ length: 8 }, () => writer(dataDir, ['write', String(each)]));
      const deadline = setTimeout(() => {
        for (const w of writers) w.child.kill('SIGKILL');
      }, 120_000);
      await Promise.all(writers.map((w) => w.exited));
      clearTimeout(deadline);
      const reports = writers.map((w) => JSON.parse(w.output().trim() || '{"done":0,"busy":-1}') as { done: number; busy: number });
      const busy = reports.reduce((sum, r) => sum + r.busy, 0);
      const db = openDb(dataDir);
      const rows = (db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'fault-writer'").get() as { n: number }).n;
      db.close();
      log(`  ${writers.length} writers x ${each}: ${rows} rows, ${busy} SQLITE_BUSY`);

      // A writer holds the lock and is killed with SIGKILL: the next write must not wait for a timeout.
      const holder = writer(dataDir, ['hold']);
      const start = Date.now();
      while (!holder.output().includes('locked') && Date.now() - start < 30_000) await new Promise((resolve) => setTimeout(resolve, 20));
      holder.child.kill('SIGKILL');
      await holder.exited;
      const after = openDb(dataDir);
      const started = performance.now();
      write(after, () => audit(after, 'fault-after-kill', 'the lock was free'));
      const waitedMs = performance.now() - started;
      after.close();
      const ok = busy === 0 && rows === 8 * each && waitedMs < 1000;
      return { ok, figure: `${rows}/${8 * each} writes kept, ${busy} SQLITE_BUSY; after kill -9 of the lock holder the next write took ${waitedMs.toFixed(1)} ms` };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
