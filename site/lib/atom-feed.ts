// The Atom feed of the journey: the newest iterations with their verdicts (RFC 4287), from the
// public summaries only.
import type { SiteData } from '../../contract/site-data-schema.ts';
import { markdownText } from './render-markdown.ts';

/** Entries in the feed. */
export const FEED_ENTRIES = 50;

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`)
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd'); // characters XML 1.0 forbids

/**
 * Renders the feed. Links are absolute under `siteUrl` (JOURNEY_SITE_URL) when it is set, else
 * relative to the feed; ids are `tag:` URIs that do not change when the site moves.
 *
 * @example
 * atomFeed(siteData, 'https://journey.example.org') // '<?xml version="1.0" ...<feed ...'
 */
export function atomFeed(data: SiteData, siteUrl: string | undefined): string {
  const base = siteUrl ? siteUrl.replace(/\/+$/, '') : '';
  const newest = [...data.iterations].sort((a, b) => b.number - a.number).slice(0, FEED_ENTRIES);
  const stamp = (value: string | null) => value ?? '1970-01-01T00:00:00.000Z';
  const updated = newest.map((it) => stamp(it.ended_at ?? it.started_at)).sort().at(-1) ?? stamp(null);
  const goal = data.state ? markdownText(data.state.goal) : 'An autonomous coding loop'; // the overview's heading, as text
  const entries = newest.map((it) => {
    const title = it.status === 'withheld' ? `Iteration ${it.number} withheld: ${it.withheld_reason ?? 'invalid input'}` : `Iteration ${it.number}: ${it.title}`;
    const verdict = it.verdict ? `verdict ${it.verdict}` : it.status === 'in-progress' ? 'in progress' : 'no verdict';
    return [
      '  <entry>',
      `    <id>tag:journey,2026:iteration:${it.number}</id>`,
      `    <title>${escapeXml(title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(`${base}/iterations/${it.number}/`)}"/>`,
      `    <updated>${stamp(it.ended_at ?? it.started_at)}</updated>`,
      `    <summary>${escapeXml(`${verdict}; ${it.tokens_in + it.tokens_out} tokens; ${it.cost_usd === null ? 'cost not recorded' : `$${it.cost_usd.toFixed(2)}`}`)}</summary>`,
      ...(it.verdict ? [`    <category term="${it.verdict}"/>`] : []),
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>tag:journey,2026:feed</id>`,
    `  <title>${escapeXml(`journey: ${goal}`)}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/feed.xml`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(`${base}/`)}"/>`,
    `  <updated>${updated}</updated>`,
    '  <author><name>journey</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
