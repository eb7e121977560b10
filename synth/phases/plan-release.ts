// Phase `bundle` and the plan of a release: every file it holds and what each is made from, against the current release.
import type { JourneyConfig } from '../../config/config-schema.ts';
import { ensureRenderer } from '../render/build-renderer-process.ts';
import type { PublicIteration } from '../plan-public-files.ts';
import { publicJson, sha256 } from '../../core/public-json.ts';
import { renderCachePath } from '../../core/data-layout.ts';
import { BUILD_JSON, planReleaseFiles, sameAsPrevious } from '../release/plan-release-files.ts';
import type { ManifestEntry } from '../release/release-manifest.ts';
import { readSiteCodeHash } from '../read-code-hash.ts';
import { readScannedClean } from '../../state/scan-cache.ts';
import { readRenderer, readRendererAssets } from '../render/read-renderer.ts';
import type { IterationPage } from '../../contract/site-data-schema.ts';
import type { TraceStepPage } from '../../contract/trace-pages.ts';
import type { RenderData } from '../../contract/read-public-data.ts';
import { nextSnapshotId, planSnapshotHistory } from '../release/write-snapshot.ts';
import { planServedAfterPublish } from '../release/write-served-snapshots.ts';
import { currentReleaseDir, currentReleaseId, readManifest } from '../release/write-release.ts';
import type { Ingested } from './ingest.ts';
import type { PublishContext } from './publish-context.ts';
import type { Redacted } from './redact-site.ts';

/** The release this publish would make, against the current one. */
export interface ReleasePlan {
  wanted: ReturnType<typeof planReleaseFiles>;
  /** Hashes the leak scan passed already under this epoch (the verify gate's texts included). */
  clean: Set<string>;
  /** The hashes journey.db remembers as passed under this detector (a subset of `clean`). */
  remembered: ReadonlySet<string>;
  currentId: string | undefined;
  previous: { dir: string; entries: readonly ManifestEntry[] } | undefined;
  snapshotId: string;
  entry: string;
  renderOptions: { noindex: boolean; basePath: string };
}

/** Which field of the render's data a page's JSON is: an iteration page, a step page, or a compare page's two pages. */
type RenderAs = 'page' | 'stepPage' | 'comparePages';
type ComparePages = NonNullable<RenderData['comparePages']>;

/** Freshness when no timer publishes (the site calls itself stale past twice this). */
const ASSUMED_PUBLISH_EVERY_SECONDS = 900;

/** Phase `bundle`, then the plan: every file of the release, with what it is made from. */
export async function planRelease(ctx: PublishContext, ingested: Ingested, redacted: Redacted, textOf: (file: PublicIteration) => string): Promise<ReleasePlan> {
  const { db, config, now } = ctx;
  const siteHash = readSiteCodeHash();
  const { entry } = await ctx.step('bundle', () => ensureRenderer({
    cacheDir: renderCachePath(config), siteHash, timeoutMs: config.publishTimeoutSeconds * 1000,
  }), ({ built }) => `site code ${siteHash.slice(0, 12)}, ${built ? 'built now' : 'cached'}`);
  // Site-wide render options are part of every page's bytes, so they join the code hash of every render key.
  const renderOptions = { noindex: config.noindex, basePath: config.basePath };
  const render = await readRenderer(entry, renderOptions);
  const currentId = currentReleaseId(config.dataDir);
  const currentDir = currentReleaseDir(config.dataDir);
  const previousEntries = currentId && !ctx.full ? readManifest(config.dataDir, currentId) : undefined;
  // This publish's snapshot is named now, so /history/ and build.json can list it before it exists.
  const snapshotId = nextSnapshotId(config.dataDir, now);
  const history = planSnapshotHistory(config.dataDir, { id: snapshotId, sha256: sha256(redacted.siteDataText) }, retentionOf(config), now,
    planServedAfterPublish(db, config.dataDir, keepOf(config), now));
  const buildJson = publicJson({
    built_at: now.toISOString(), snapshot: snapshotId, iterations: ingested.states.length, site_code: siteHash.slice(0, 12), schema_version: 1,
    publish_every_seconds: config.timerEverySeconds || ASSUMED_PUBLISH_EVERY_SECONDS,
  });
  // An iteration page renders from its page, a step page of a long trace from its own steps (contract/trace-pages.ts),
  // a compare page from its two pages (synth/release/plan-compare-pages.ts).
  const renderHere = (route: string, pageJson: string, as: RenderAs) => render(route, as === 'page'
    ? { page: JSON.parse(pageJson) as IterationPage }
    : as === 'stepPage' ? { stepPage: JSON.parse(pageJson) as TraceStepPage } : { comparePages: JSON.parse(pageJson) as ComparePages });
  const renderIteration = (route: string, pageJson: string, as: RenderAs = 'page') => (ctx.run.threads.render
    ? ctx.run.threads.render.run<Uint8Array>('render', { entry, route, pageJson, as, site: renderOptions }, () => renderHere(route, pageJson, as), 2 * pageJson.length)
    : renderHere(route, pageJson, as));
  const wanted = planReleaseFiles({
    siteHash: sha256(`${siteHash}\0${JSON.stringify(renderOptions)}`), noindex: config.noindex, siteData: redacted.site.siteData, siteDataText: redacted.siteDataText,
    iterations: redacted.files, iterationText: textOf, render, renderIteration, assets: readRendererAssets(entry), buildJson, history, siteUrl: config.siteUrl,
    previous: previousEntries,
  });
  const remembered = readScannedClean(db, ctx.epoch);
  const clean = new Set(remembered);
  // The verify gate scanned these exact bytes as the leak scan would (same detector, same epoch).
  for (const file of redacted.files) if (file.text !== undefined || file.source !== undefined) clean.add(file.sha);
  clean.add(sha256(redacted.siteDataText));
  return { wanted, clean, remembered, currentId, previous: previousEntries && currentDir ? { dir: currentDir, entries: previousEntries } : undefined, snapshotId, entry, renderOptions };
}

export const retentionOf = (config: JourneyConfig) => ({ days: config.snapshotDays, max: config.snapshotMax });

export const keepOf = (config: JourneyConfig) => ({ keep: config.keepReleases, graceMs: config.releaseGraceSeconds * 1000 });

/** Nothing to publish: the same files as the current release, each passed by this detector already. */
export function unchanged(plan: ReleasePlan): boolean {
  const { previous, wanted, clean } = plan;
  return previous !== undefined && sameAsPrevious(previous.entries, wanted) && previous.entries.every((e) => e.path === BUILD_JSON || clean.has(e.sha256));
}
