// The site's only input: the redacted public data. The publisher hands it to each render in
// `Astro.locals.journey`; a plain `astro build` (the reference build in the tests) reads the public
// folder named by JOURNEY_PUBLIC_DIR instead.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IterationPage, SiteData } from './site-data-schema.ts';
import { badgeFacts, type BadgeFacts } from './badge-facts.ts';
import { listPages, type ListPage } from './list-pages.ts';
import { traceChunks, traceStepPage, type TraceStepPage } from './trace-pages.ts';

/** A snapshot as the history page lists it. */
export interface SnapshotEntry {
  id: string;
  sha256: string;
}

/** What the publisher passes to one render. */
export interface RenderData {
  /** Absent for iteration pages: a page that depends only on its own data stays byte-identical. */
  siteData?: SiteData;
  /** The iteration an iteration page renders. */
  page?: IterationPage;
  /** The steps a later page of a long trace renders (/iterations/<n>/steps/<k>/), not the whole page. */
  stepPage?: TraceStepPage;
  /** The two iterations a compare page renders (/compare/<a>/<b>/), their neighbour links left out. */
  comparePages?: { a: IterationPage; b: IterationPage };
  /** What the status badge (/badge.svg) says: it is drawn from these facts alone. */
  badge?: BadgeFacts;
  /** The slice a page of the iteration list renders. */
  listPage?: ListPage;
  /** The public base URL (JOURNEY_SITE_URL), for the feed's absolute links. */
  siteUrl?: string;
  /** JOURNEY_NOINDEX: every page asks search engines not to index it. */
  noindex?: boolean;
  /** JOURNEY_BASE_PATH: the renderer puts it in front of every root-relative link (synth/render/read-renderer.ts). */
  basePath?: string;
  /** The snapshots, newest first (the /history/ page). */
  history?: SnapshotEntry[];
}

function publicDir(): string {
  const dir = process.env['JOURNEY_PUBLIC_DIR'];
  if (!dir) throw new Error('JOURNEY_PUBLIC_DIR is not set: publish the site with `npm run synth`, not `astro build`.');
  return dir;
}

const given = (locals: object): RenderData | undefined => (locals as { journey?: RenderData }).journey;

let cached: SiteData | undefined;

/** site-data.json of this render. */
export function readSiteData(locals: object): SiteData {
  const data = given(locals);
  if (data?.siteData) return data.siteData;
  if (data) throw new Error('an iteration page must not read site-data.json: its bytes would change with every publish');
  cached ??= JSON.parse(readFileSync(path.join(publicDir(), 'site-data.json'), 'utf8')) as SiteData;
  return cached;
}

/** What the badge of this render says: the facts the publisher passes, or those of site-data.json in the reference build. */
export function readBadgeFacts(locals: object): BadgeFacts {
  return given(locals)?.badge ?? badgeFacts(readSiteData(locals));
}

/** iterations/<n>.json of this render. */
export function readIterationPage(locals: object, number: number): IterationPage {
  const page = given(locals)?.page;
  if (page) return page;
  return JSON.parse(readFileSync(path.join(publicDir(), 'iterations', `${number}.json`), 'utf8')) as IterationPage;
}

/**
 * Page `k` (2 or more) of iteration `number`'s trace in this render.
 *
 * @example
 * const stepPage = readTraceStepPage(Astro.locals, Number(Astro.params.n), Number(Astro.params.k));
 */
export function readTraceStepPage(locals: object, number: number, k: number): TraceStepPage {
  const stepPage = given(locals)?.stepPage;
  if (stepPage) return stepPage;
  const text = readFileSync(path.join(publicDir(), 'iterations', `${number}.json`), 'utf8');
  const page = JSON.parse(text) as IterationPage;
  return traceStepPage(page, traceChunks(page), k, createHash('sha256').update(text).digest('hex'));
}

/**
 * Iterations `a` and `b` of a compare page in this render.
 *
 * @example
 * const { a, b } = readComparePages(Astro.locals, Number(Astro.params.a), Number(Astro.params.b));
 */
export function readComparePages(locals: object, a: number, b: number): { a: IterationPage; b: IterationPage } {
  return given(locals)?.comparePages ?? { a: readIterationPage({}, a), b: readIterationPage({}, b) };
}

/** Page `k` of the iteration list of this render. */
export function readListPage(locals: object, k: number): ListPage {
  const page = given(locals)?.listPage;
  if (page) return page;
  const pages = listPages(readSiteData(locals).iterations);
  return pages[k - 1] ?? { k, pages: pages.length, rows: [] };
}

/** The public base URL of this render (JOURNEY_SITE_URL), if one is configured. */
export function readSiteUrl(locals: object): string | undefined {
  const data = given(locals);
  return data ? data.siteUrl : process.env['JOURNEY_SITE_URL'] || undefined;
}

/** Whether this render's pages ask not to be indexed (JOURNEY_NOINDEX). */
export function readNoindex(locals: object): boolean {
  const data = given(locals);
  return data ? data.noindex === true : /^(?:1|true|yes|on)$/i.test(process.env['JOURNEY_NOINDEX'] ?? '');
}

/** The snapshots the /history/ page lists, newest first (none in the reference `astro build`). */
export function readHistory(locals: object): SnapshotEntry[] {
  return given(locals)?.history ?? [];
}
