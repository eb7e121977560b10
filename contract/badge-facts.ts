// What the status badge (/badge.svg) says, from the site data. The badge is drawn from these facts
// alone, so they are its render key too (contract/site-data-routes.ts): a publish that changes the
// iterations but not the iteration the badge names leaves the badge's bytes as they are.
import { heartbeatState } from './health-status.ts';
import type { SiteData } from './site-data-schema.ts';

/** What the badge says: the overview's iteration, parity and heartbeat state. */
export interface BadgeFacts {
  /** The loop's current iteration (else the newest published one); null before the loop starts. */
  iteration: number | null;
  parity: { green: number; total: number } | null;
  /** The overview's heartbeat state, `unknown` without a monitor sample that measured it. */
  health: 'OK' | 'WARN' | 'CRIT' | 'unknown';
}

/**
 * The badge's facts from the site data: what the overview shows in its status strip and parity counts.
 *
 * @example
 * badgeFacts(siteData) // { iteration: 42, parity: { green: 30, total: 45 }, health: 'OK' }
 */
export function badgeFacts(data: SiteData): BadgeFacts {
  const age = data.health.latest?.heartbeat_age_s;
  const heartbeatWithheld = data.withheld_sections.some((w) => w.section === 'heartbeat');
  const newest = data.iterations.reduce<number | null>((max, it) => (max === null || it.number > max ? it.number : max), null);
  return {
    iteration: data.state?.iteration ?? newest,
    parity: data.parity ? { green: data.parity.counts.green ?? 0, total: data.parity.features.length } : null,
    health: typeof age === 'number' && !heartbeatWithheld ? heartbeatState(age) : 'unknown',
  };
}
