// The pages rendered from site-data.json, and which of its fields each one reads. A page's render key
// covers only those fields, so a publish that changes others (one more iteration changes `iterations`
// and `totals`, not `reviews`) keeps the page's bytes without rendering it. The page reads site data
// through `siteDataFields`, which throws on any field its route does not list: a page that starts
// reading one more field fails its render in the tests, never goes stale in a release. (The badge
// is drawn from its facts alone, contract/badge-facts.ts, and keyed by them.)
import type { SiteData } from './site-data-schema.ts';

type Field = keyof SiteData;

/** Every field, checked complete by the type: the pages that show the whole site's facts (their content hash covers all of it). */
const EVERY_FIELD: Record<Field, true> = {
  schema_version: true, state: true, heartbeat: true, narrative: true, totals: true, cost_by_model: true, verdict_counts: true, parity: true,
  health: true, reviews: true, changes: true, iterations: true, subagents: true, withheld: true, withheld_sections: true, redactions: true,
  redactions_by_file: true,
};
const ALL = Object.keys(EVERY_FIELD) as Field[];

/** A route rendered from site-data.json (and the site URL) alone. */
interface SiteDataRoute {
  route: string;
  /** The release file it is written to. */
  file: string;
  /** The fields it reads; its render key covers them. */
  fields: readonly Field[];
}

/** The routes rendered from site-data.json alone. */
export const SITE_DATA_ROUTES: readonly SiteDataRoute[] = [
  { route: '/', file: 'index.html', fields: ALL },
  { route: '/iterations/', file: 'iterations/index.html', fields: ['iterations', 'totals'] },
  { route: '/feed.xml', file: 'feed.xml', fields: ['iterations', 'state'] },
  { route: '/parity/', file: 'parity/index.html', fields: ['parity', 'redactions_by_file', 'withheld', 'withheld_sections'] },
  { route: '/health/', file: 'health/index.html', fields: ['health', 'parity', 'withheld', 'withheld_sections'] },
  { route: '/reviews/', file: 'reviews/index.html', fields: ['reviews', 'redactions_by_file', 'withheld', 'withheld_sections'] },
  { route: '/search/', file: 'search/index.html', fields: ['iterations'] },
  { route: '/compare/', file: 'compare/index.html', fields: ['iterations'] },
  { route: '/insights/', file: 'insights/index.html', fields: ALL },
];

/**
 * `data` as the page of `route` may read it: any field `fields` does not list throws, naming the
 * route, the field and where to list it. Enumerating the whole object (JSON.stringify, Object.keys)
 * throws too unless every field is listed.
 *
 * @example
 * render('/health/', { siteData: siteDataFields(siteData, ['health', 'parity'], '/health/') })
 */
export function siteDataFields(data: SiteData, fields: readonly Field[], route: string): SiteData {
  const listed = new Set<string | symbol>(fields);
  const refuse = (what: string): never => {
    throw new Error(`${route} reads ${what} of site-data.json, which contract/site-data-routes.ts does not list for it: `
      + 'add the field to its route there, or a publish that changes only that field would keep the page\'s old bytes');
  };
  const guard = (key: string | symbol) => {
    if (typeof key === 'string' && Object.hasOwn(data, key) && !listed.has(key)) refuse(`the field "${key}"`);
  };
  return new Proxy(data, {
    get(target, key, receiver) {
      guard(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      guard(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      guard(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      if (keys.some((key) => !listed.has(key))) refuse('every field');
      return keys;
    },
  });
}
