// The status badge for READMEs (/badge.svg): a flat two-part badge in shields.io's look, drawn from
// the public data at publish time. Only numbers and journey's own words reach it: no font, script or link.
import type { BadgeFacts } from '../../contract/badge-facts.ts';

const COLOURS: Record<BadgeFacts['health'], string> = { OK: '#4c1', WARN: '#dfb317', CRIT: '#e05d44', unknown: '#9f9f9f' };

/** The badge's right-hand text: `iteration 42 · parity 30/45 · health OK`. */
function badgeMessage(facts: BadgeFacts): string {
  return [
    facts.iteration === null ? 'waiting' : `iteration ${facts.iteration}`,
    ...(facts.parity ? [`parity ${facts.parity.green}/${facts.parity.total}`] : []),
    `health ${facts.health}`,
  ].join(' · ');
}

// Widths of Verdana at 11 px (the font shields.io measures with), for the characters a badge uses;
// `textLength` makes any other font fill the same width, so an estimate is enough.
const NARROW = { ' ': 3.9, '·': 4.1, '/': 4.9, i: 3, l: 3, j: 3.8, f: 3.9, t: 4.3, r: 4.7, I: 4.6 } as Record<string, number>;
const WIDE = { m: 10.7, w: 9, W: 10.9, O: 8.7, N: 8.2, C: 7.7, K: 7.6, R: 7.6, A: 7.5, U: 8, E: 7, T: 6.8, H: 8.2 } as Record<string, number>;
const textWidth = (text: string) => [...text].reduce((sum, c) => sum + (NARROW[c] ?? WIDE[c] ?? (/[cszk]/.test(c) ? 5.8 : 6.8)), 0);

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);

/** One part's text, shadow first (shields' look), in tenths of a pixel as shields draws it. */
function partText(text: string, x: number, width: number): string {
  const at = Math.round(x * 10);
  const length = Math.round(width * 10);
  return `<text aria-hidden="true" x="${at}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="${length}">${escapeXml(text)}</text>`
    + `<text x="${at}" y="140" transform="scale(.1)" fill="#fff" textLength="${length}">${escapeXml(text)}</text>`;
}

/**
 * The badge as an SVG document: "journey" on grey, the message on the health state's colour.
 *
 * @example
 * statusBadge({ iteration: 42, parity: { green: 30, total: 45 }, health: 'OK' })
 * // '<svg xmlns="http://www.w3.org/2000/svg" width="…" height="20" role="img" aria-label="journey: iteration 42 · parity 30/45 · health OK">…'
 */
export function statusBadge(facts: BadgeFacts): string {
  const label = 'journey';
  const message = badgeMessage(facts);
  const [labelText, messageText] = [textWidth(label), textWidth(message)];
  const [left, right] = [Math.round(labelText + 10), Math.round(messageText + 10)];
  const width = left + right;
  const title = escapeXml(`${label}: ${message}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${COLOURS[facts.health]}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">',
    partText(label, left / 2, labelText),
    partText(message, left + right / 2, messageText),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
