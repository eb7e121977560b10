// Phase `redact`: the site projected and redacted, and each value a context rule found looked for in every other page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { holdsLearned } from '../../redact/detect.ts';
import { readSetting } from '../../state/db.ts';
import { readCachedPage } from '../../state/iterations.ts';
import { planPublicFiles, type PublicIteration } from '../plan-public-files.ts';
import { publicJson } from '../../core/public-json.ts';
import { projectSite } from '../project-public.ts';
import type { IterationState } from '../read-changed-iterations.ts';
import { readParityHistory } from '../../state/parity.ts';
import { readWatchdogActions } from '../../state/watchdog-actions.ts';
import type { Learned } from '../redact-item.ts';
import { newlyLearned, valuesIn } from '../plan-learned.ts';
import { appendLearnedSecrets } from '../write-learned-secrets.ts';
import { siteDataSchema, type IterationPage, type SiteData } from '../../contract/site-data-schema.ts';
import type { PreviousIteration } from '../describe-changes.ts';
import { redactedText, type PublicText } from '../../core/public-text.ts';
import { dataPaths } from '../../core/data-layout.ts';
import type { Ingested } from './ingest.ts';
import type { PublishContext } from './publish-context.ts';

/** The public data of this publish: the site's data and its text, each iteration's file, and what was learned. */
export interface Redacted {
  site: ReturnType<typeof projectSite>;
  siteDataText: string;
  files: PublicIteration[];
  /** Values a context rule found, here or before: every page is clean of each. */
  known: readonly Learned[];
  /** Values an earlier release holds bare: purged after the swap. */
  purge: string[];
  /** The site's data made again (after the verify gate withholds a page). */
  projectAgain: () => ReturnType<typeof projectSite>;
}

/** The last written site-data.json, as text (undefined before the first publish). */
function readPreviousSiteData(dataDir: string): string | undefined {
  try {
    return readFileSync(path.join(dataPaths(dataDir).public, 'site-data.json'), 'utf8');
  } catch {
    return undefined;
  }
}

/** Of the last publish's iterations, what tells a change: number, status and verdict (other fields may be older). */
const previousIterationsSchema = z.array(siteDataSchema.shape.iterations.element.pick({ number: true, status: true, verdict: true }));

/** What "what changed" needs of the last written site-data.json. */
interface PreviousPublish {
  /** Its `changes`: kept when this publish changes nothing itself. */
  changes: SiteData['changes'];
  /** Its iterations: what is new since (undefined: the first publish). */
  iterations: ReadonlyMap<number, PreviousIteration> | undefined;
}

/** Of the last site-data.json, the parts that still fit today's schema (an older or damaged one gives none). */
function previousPublish(previous: string | undefined): PreviousPublish {
  if (previous === undefined) return { changes: null, iterations: undefined };
  let data: Partial<Record<keyof SiteData, unknown>>;
  try {
    data = JSON.parse(previous) as typeof data;
  } catch {
    return { changes: null, iterations: undefined };
  }
  const changes = siteDataSchema.shape.changes.safeParse(data.changes ?? null);
  const iterations = previousIterationsSchema.safeParse(data.iterations);
  return {
    changes: changes.success ? changes.data : null,
    iterations: iterations.success ? new Map(iterations.data.map((it) => [it.number, { status: it.status, verdict: it.verdict }])) : undefined,
  };
}

/** The public time of iteration `number`'s verdict, from its page (this publish's, else the cached one). */
function verdictTimeOf(states: readonly IterationState[], db: PublishContext['db']): (number: number) => PublicText | null {
  return (number) => {
    try {
      const json = states.find((s) => s.number === number)?.pageJson ?? readCachedPage(db, number);
      const ts = (JSON.parse(json) as IterationPage).verdict?.ts;
      return ts ? redactedText(ts) : null; // a published page's text: redacted when it was made
    } catch {
      return null; // no page kept: the change shows "time not recorded"
    }
  };
}

/** The setting that says how many learned values every cached page has been checked against. */
export const LEARNED_CHECKED = 'learned_values_checked';

/** Rounds of reading pages again: a page read again may name a secret of its own, once. */
const MAX_LEARN_ROUNDS = 3;

/**
 * A secret a context rule found in one record is redacted in every other one (the redactor sees one
 * record at a time): values new to this publish, and values a crash left unchecked, are stored, and
 * every page that holds one is read and redacted again, `states` updated in place. Returns the values
 * known now, how many pages were redone, and the values an earlier release holds (to purge after the
 * swap: the public saw them bare before anyone knew they were secrets).
 */
async function learnAcrossRecords(ctx: {
  store: readonly Learned[]; checked: number; states: IterationState[]; site: ReturnType<typeof projectSite>;
  pageOf: (number: number) => string; previousSiteData: string | undefined; record: (fresh: readonly Learned[]) => void;
  reread: (numbers: ReadonlySet<number>, known: readonly Learned[]) => Promise<IterationState[]>;
  /** Whether a text holds one of the values in any reading (the detector's search). */
  holds?: (text: string, values: readonly string[]) => boolean;
}): Promise<{ known: readonly Learned[]; redone: number; purge: string[] }> {
  let known = ctx.store;
  let toCheck = ctx.store.slice(Math.min(ctx.checked, ctx.store.length));
  let found = [...ctx.states.flatMap((s) => s.learned ?? []), ...ctx.site.learned];
  const purge = new Set<string>();
  let redone = 0;
  for (let round = 0; round < MAX_LEARN_ROUNDS; round++) {
    const fresh = newlyLearned(known, found);
    toCheck = [...toCheck, ...fresh];
    if (toCheck.length === 0) break;
    ctx.record(fresh);
    known = [...known, ...fresh];
    const again = new Set<number>();
    for (const state of ctx.states) {
      const published = state.cached ? valuesIn(ctx.pageOf(state.number), toCheck, ctx.holds) : [];
      for (const value of published) purge.add(value.value);
      const now = state.pageJson === undefined ? published : valuesIn(state.pageJson, toCheck, ctx.holds);
      if (now.length > 0) again.add(state.number);
    }
    for (const value of valuesIn(ctx.previousSiteData ?? '', toCheck, ctx.holds)) purge.add(value.value);
    toCheck = [];
    if (again.size === 0) break;
    const reread = await ctx.reread(again, known);
    redone += reread.length;
    for (const state of reread) ctx.states[ctx.states.findIndex((s) => s.number === state.number)] = state;
    found = reread.flatMap((s) => s.learned ?? []);
  }
  return { known, redone, purge: [...purge] };
}

/** Phase `redact`: the site projected and redacted, each value a context rule found looked for in every other page. */
export function redactSite(ctx: PublishContext, ingested: Ingested, narrative: string | null): Promise<Redacted> {
  const { db, config } = ctx;
  const { top, states, ops, learnedStore } = ingested;
  const parityHistory = readParityHistory(db);
  const restarts = readWatchdogActions(db);
  const previousSiteData = readPreviousSiteData(config.dataDir);
  const previous = previousPublish(previousSiteData);
  const project = (known: readonly Learned[]) => projectSite(top, states.map((s) => s.facts), ctx.redactor, {
    takenDown: [...ctx.takenDown].sort((a, b) => a - b), narrative, samples: ops.samples, restarts, reviews: ops.reviews, opsProblems: ops.problems,
    parityHistory, previousChanges: previous.changes, known, verdictTime: verdictTimeOf(states, db),
    ...(previous.iterations ? { previousIterations: previous.iterations } : {}),
    // The loop's clock, not ours: the same loop files give the same site data, whenever they are published.
    at: top.state?.updated_at ?? top.heartbeat?.ts ?? ctx.now.toISOString(),
  });
  return ctx.step('redact', async () => {
    const first = project(learnedStore);
    const learned = await learnAcrossRecords({
      store: learnedStore, checked: Number(readSetting(db, LEARNED_CHECKED) ?? 0), states, site: first, pageOf: (n) => readCachedPage(db, n),
      previousSiteData, record: (fresh) => {
        if (!ctx.options.dryRun) appendLearnedSecrets(config.dataDir, fresh);
      },
      reread: (numbers, all) => ingested.readIterations(all, numbers),
      holds: (text, values) => holdsLearned(text, ctx.detector, values),
    });
    const site = learned.known === learnedStore ? first : project(learned.known);
    const files = planPublicFiles(states, (n) => readCachedPage(db, n), ctx.full);
    return { site, files, siteDataText: publicJson(site.siteData), known: learned.known, purge: learned.purge, projectAgain: () => project(learned.known), redone: learned.redone };
  }, ({ site, files, redone }) => `${site.siteData.redactions.total} values redacted in all, ${files.filter((f) => f.text !== undefined).length} pages changed${
    redone > 0 ? ` (${redone} read again: they held a secret named elsewhere)` : ''}`);
}
