// Phase `write`: the iteration cache in journey.db and the public folder.
import path from 'node:path';
import { write, writeSetting } from '../../state/db.ts';
import { writeIterations, type IterationRow } from '../../state/iterations.ts';
import type { PublicIteration } from '../plan-public-files.ts';
import type { IterationState } from '../read-changed-iterations.ts';
import { writeParityChanges } from '../../state/parity.ts';
import { writePublic } from '../write-public.ts';
import { dataPaths } from '../../core/data-layout.ts';
import type { Ingested } from './ingest.ts';
import type { PublishContext } from './publish-context.ts';
import { LEARNED_CHECKED, type Redacted } from './redact-site.ts';

function rowsToWrite(states: readonly IterationState[], files: readonly PublicIteration[]) {
  const rows: IterationRow[] = [];
  const moves: { number: number; stampKey: string; prev: number | null; next: number | null; publicSha: string }[] = [];
  states.forEach((state, index) => {
    const file = files[index]!;
    if (state.kind === 'projected') {
      // The page is stored as published (prev/next included); withNeighbours re-links it later.
      rows.push({ number: state.number, folder: state.folder, stampKey: state.stampKey, inputHash: state.inputHash,
        pageJson: file.text!, ...state.facts, prev: file.prev, next: file.next, publicSha: file.sha });
    } else if (state.kind === 'restamped' || file.text !== undefined) {
      moves.push({ number: state.number, stampKey: state.stampKey, prev: file.prev, next: file.next, publicSha: file.sha });
    }
  });
  return { rows, moves };
}

/** Phase `write`: the iteration cache in journey.db and the public folder; new page texts become files. */
export async function writePublicData(ctx: PublishContext, ingested: Ingested, redacted: Redacted, textOf: (file: PublicIteration) => string): Promise<void> {
  const { db, config } = ctx;
  const { states, cache } = ingested;
  const publicDir = dataPaths(config.dataDir).public;
  await ctx.step('write', () => {
    const { rows, moves } = rowsToWrite(states, redacted.files);
    const present = new Set(states.map((s) => s.number));
    const removed = [...cache.keys()].filter((n) => !present.has(n));
    write(db, () => {
      writeIterations(db, rows, moves, removed, ctx.now.toISOString());
      writeParityChanges(db, redacted.site.parityChanges);
      // Every cached page is now clean of every learned value: a crash before this line checks them again.
      writeSetting(db, LEARNED_CHECKED, String(redacted.known.length));
    });
    const written = writePublic(publicDir, redacted.siteDataText, redacted.files, textOf, ctx.full);
    // The new texts are files now: let them go (tens of thousands of pages); the release links those files.
    for (const file of redacted.files) {
      if (file.text === undefined) continue;
      file.source = path.join(publicDir, 'iterations', `${file.number}.json`);
      delete file.text;
    }
    return written;
  }, (written) => `${written} public files`);
}
