// What the console's pages show, read per request: journey's status and the monitor's latest
// sample; for one iteration, its raw files (marked by the redactor) beside its public page.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { JourneyConfig } from '../../config/config-schema.ts';
import { readStatus } from '../../ops/read-status.ts';
import type { Detector } from '../../redact/detect.ts';
import type { Db } from '../../state/db.ts';
import type { MonitorSample } from '../../contract/ops-schemas.ts';
import { readLoopFile } from '../../loop/read-loop-file.ts';
import { readOps } from '../../synth/read-ops.ts';
import type { IterationPage, SiteData } from '../../contract/site-data-schema.ts';
import { dataPaths } from '../../core/data-layout.ts';
import { markRedactions, type Segment } from './mark-redactions.ts';

export interface ConsoleHome {
  status: ReturnType<typeof readStatus>;
  sample: MonitorSample | null;
  iterations: SiteData['iterations'];
  message: string | undefined;
}

export interface ConsoleIteration {
  number: number;
  withheld: string[];
  files: { name: string; segments: Segment[] | null; unsure: string | undefined; public: string | null }[];
}

/** The raw files an iteration page is made from, and the public field each becomes. */
const FILES = [['plan.md', 'plan'], ['diff.patch', 'diff'], ['judge.md', 'judge'], ['log.txt', 'log']] as const;
const MAX_BYTES = 20 * 1024 * 1024;

export function readConsoleHome(db: Db, config: JourneyConfig, message: string | undefined): ConsoleHome {
  const site = path.join(dataPaths(config.dataDir).public, 'site-data.json');
  const iterations = existsSync(site) ? (JSON.parse(readFileSync(site, 'utf8')) as SiteData).iterations : [];
  return {
    status: readStatus(db, config, new Date()), sample: readOps(config.dataDir, config.maxFileBytes, ['samples']).samples.at(-1) ?? null,
    iterations: [...iterations].sort((a, b) => b.number - a.number).slice(0, 30), message,
  };
}

/** Undefined when journey has no such iteration. */
export function readConsoleIteration(db: Db, config: JourneyConfig, detector: Detector, number: number): ConsoleIteration | undefined {
  const row = db.prepare('SELECT folder FROM iterations WHERE number = ?').get(number) as { folder: string } | undefined;
  if (!row || !config.loopDir) return undefined;
  const pageFile = path.join(dataPaths(config.dataDir).public, 'iterations', `${number}.json`);
  const page = existsSync(pageFile) ? JSON.parse(readFileSync(pageFile, 'utf8')) as IterationPage : undefined;
  const root = realpathSync(config.loopDir);
  return {
    number,
    withheld: page ? [...(page.withheld_reason ? [page.withheld_reason] : []), ...page.withheld_fields] : ['not published'],
    files: FILES.map(([name, field]) => {
      const read = readLoopFile(root, `${row.folder}/${name}`, MAX_BYTES);
      const marked = read.kind === 'text' ? markRedactions(read.text, detector) : undefined;
      return {
        name: `${row.folder}/${name}`, segments: marked?.segments ?? null,
        unsure: marked?.unsure ?? (read.kind === 'rejected' ? read.reason : undefined), public: page?.[field] ?? null,
      };
    }),
  };
}
