// The pages of site data: each reads only the fields contract/site-data-routes.ts lists for it, and
// its render key follows those fields (or the badge's facts), so a publish that changes other fields
// links the page unchanged instead of rendering it again.
import { describe, expect, it } from 'vitest';
import { SITE_DATA_ROUTES, siteDataFields } from '../../contract/site-data-routes.ts';
import type { SiteData } from '../../contract/site-data-schema.ts';
import { planReleaseFiles, type ReleaseInputs } from '../../synth/release/plan-release-files.ts';

const row = (number: number) => ({
  number, title: `Iteration ${number}`, status: 'complete' as const, withheld_reason: null, started_at: '2026-11-01T10:00:00Z',
  ended_at: '2026-11-01T11:00:00Z', verdict: 'pass' as const, score: 0.9, tokens_in: 10, tokens_out: 5, cost_usd: 0.01, redactions: 0, withheld_fields: 0,
});

/** Site data with the fields these tests read and compare; the renderer never runs here. */
const siteData = (over: Partial<SiteData> = {}): SiteData => ({
  schema_version: 1, state: null, heartbeat: null, parity: null, withheld: [], withheld_sections: [],
  health: { latest: null, series: [] }, reviews: { items: [], scores: [] }, iterations: [row(1), row(2)], redactions_by_file: {}, ...over,
}) as SiteData;

/** The release's inputs for `data`, rendering with `render`; the renderer itself never runs here. */
const inputsOf = (data: SiteData, render: ReleaseInputs['render'] = async () => new Uint8Array()): ReleaseInputs => ({
  siteHash: 'site-code', siteData: data, siteDataText: JSON.stringify(data), iterations: [], iterationText: () => '{}',
  render, renderIteration: async () => new Uint8Array(), assets: [], buildJson: '{}', history: [], siteUrl: undefined, noindex: false,
});

/** The pages drawn from site data: each route's file, and the badge. */
const FILES = new Set([...SITE_DATA_ROUTES.map((r) => r.file), 'badge.svg']);

/** Each page of site data's render key, as a release of `data` would give it. */
function keysOf(data: SiteData): Map<string, string> {
  return new Map(planReleaseFiles(inputsOf(data)).filter((w) => FILES.has(w.path)).map((w) => [w.path, w.key]));
}

/** The pages whose key differs between `a` and `b`. */
function rendered(a: SiteData, b: SiteData): string[] {
  const before = keysOf(a);
  return [...keysOf(b)].filter(([file, key]) => before.get(file) !== key).map(([file]) => file).sort();
}

describe('pages of site data', () => {
  it('read the fields their route lists and throw, naming the route, the field and where to list it, on any other', () => {
    const data = siteData();
    const view = siteDataFields(data, ['health', 'parity'], '/health/');
    expect(view.health).toBe(data.health);
    expect(view.parity).toBeNull();
    expect(() => view.reviews).toThrow('/health/ reads the field "reviews" of site-data.json, which contract/site-data-routes.ts does not list for it');
    expect(() => 'iterations' in view).toThrow(/the field "iterations"/);
    expect(() => JSON.stringify(view)).toThrow(/\/health\/ reads every field/);
    expect(() => ({ ...view })).toThrow(/every field/);
    // A page that lists every field may read the whole of it.
    const whole = siteDataFields(data, Object.keys(data) as (keyof SiteData)[], '/');
    expect(JSON.parse(JSON.stringify(whole))).toEqual(JSON.parse(JSON.stringify(data)));
  });

  it('are rendered from the guarded view: a page reading a field its route does not list fails its render, naming it', async () => {
    const data = siteData();
    const unlistedBy = (route: string) => (Object.keys(data) as (keyof SiteData)[])
      .find((field) => !SITE_DATA_ROUTES.find((r) => r.route === route)!.fields.includes(field));
    const peek: ReleaseInputs['render'] = async (route, given) => {
      const unlisted = unlistedBy(route);
      if (unlisted !== undefined) void given.siteData![unlisted];
      return new Uint8Array();
    };
    const wanted = planReleaseFiles(inputsOf(data, peek)).filter((w) => SITE_DATA_ROUTES.some((r) => r.file === w.path));
    expect(wanted).toHaveLength(SITE_DATA_ROUTES.length);
    let refused = 0;
    for (const file of wanted) {
      const route = SITE_DATA_ROUTES.find((r) => r.file === file.path)!.route;
      if (unlistedBy(route) === undefined) continue; // it lists every field of this data (the overview, insights)
      await expect(Promise.resolve().then(() => file.make()), file.path).rejects.toThrow(`${route} reads the field`);
      refused++;
    }
    expect(refused).toBe(SITE_DATA_ROUTES.length - 2);
    // The badge gets its facts only: it cannot read site data at all.
    const badge = planReleaseFiles(inputsOf(siteData(), async (_route, data) => {
      expect(Object.keys(data)).toEqual(['badge']);
      return new Uint8Array();
    })).find((w) => w.path === 'badge.svg')!;
    await badge.make();
  });

  it('are keyed by the fields they read: new reviews render /reviews/ and the whole-site pages, not /health/ or /parity/', () => {
    const reviewed = { items: [], scores: [{ ts: '2026-11-02T00:00:00Z', score: 7 }] };
    expect(rendered(siteData(), siteData({ reviews: reviewed }))).toEqual(['index.html', 'insights/index.html', 'reviews/index.html']);
    const sample = { ts: '2026-11-02T00:00:00Z', overall: 'OK', heartbeat_age_s: 30 } as SiteData['health']['latest'];
    expect(rendered(siteData(), siteData({ health: { latest: sample, series: [] } })))
      .toEqual(['badge.svg', 'health/index.html', 'index.html', 'insights/index.html']);
  });

  it('key the badge by what it says: one more iteration under the same loop iteration keeps it, a new loop iteration does not', () => {
    const state = { iteration: 2, phase: 'judge', status: 'running', goal: 'g', started_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T11:00:00Z' };
    const more = rendered(siteData({ state }), siteData({ state, iterations: [row(1), row(2), row(3)] }));
    expect(more).not.toContain('badge.svg');
    expect(more).toEqual(expect.arrayContaining(['iterations/index.html', 'search/index.html', 'compare/index.html', 'feed.xml']));
    expect(more).not.toContain('parity/index.html');
    expect(rendered(siteData({ state }), siteData({ state: { ...state, iteration: 3 } }))).toContain('badge.svg');
  });
});
