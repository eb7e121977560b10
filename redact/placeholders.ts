// The one allowlist of documented placeholder shapes, honoured by the redactor and the scanner alike.

/** Values that documentation prints in place of a real secret; matching them would only add noise. */
const DOCUMENTED_VALUES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'ASIAIOSFODNN7EXAMPLE',
]);

/** Words that mark a value as a stand-in (`sk-...your-key...`, `xoxb-your-bot-token`, `<token>`). */
const STAND_IN = /your[-_ ]?(?:own[-_ ]?)?(?:api[-_ ]?)?(?:key|token|secret|password|bot|app|user|pass|id)|\.\.\.|example|changeme|change[-_]me|replace[-_]?me|placeholder|redacted|dummy|<[^<>]{1,40}>|^<[A-Za-z_][\w-]{0,39}$|\$\{[^{}]{1,60}\}|\{\{[^{}]{1,60}\}\}|\$[A-Z_][A-Z0-9_]{2,}|%\([a-z_]+\)s|x{6,}|X{6,}|\*{4,}|•{4,}|0{8,}/i;

/** A value left with only these once journey's markers are removed holds nothing of its own. */
const SEPARATORS_ONLY = /^[\s:;,'"=@/]*$/;

/** What a withheld text is replaced with on the site. */
export const WITHHELD_MARKER = '[WITHHELD: could not be redacted safely]';

/** Longest marker journey writes: rule ids are at most 60 characters. */
const MARKER_REACH = Math.max(WITHHELD_MARKER.length, '[REDACTED:'.length + 60 + '#0000]'.length);
const MARKER_SOURCE = `\\[REDACTED:[a-z0-9-]{1,60}#[0-9a-f]{4}\\]|${WITHHELD_MARKER.replace(/[[\]]/g, '\\$&')}`;

/** journey's own markers: what the redactor wrote is never a finding. */
export const OWN_MARKER = new RegExp(MARKER_SOURCE, 'g');
const OWN_MARKER_HERE = new RegExp(MARKER_SOURCE, 'y');

/**
 * True when `value` is a documented placeholder rather than a secret.
 *
 * @example
 * isPlaceholder('sk-...your-key...') // true
 */
export function isPlaceholder(value: string): boolean {
  if (DOCUMENTED_VALUES.has(value)) return true;
  // `<token>` stays a placeholder when a page escaped its brackets.
  const unescaped = /[&\\]/.test(value) ? value.replace(/&lt;|\\x3c|\\u003c/gi, '<').replace(/&gt;|\\x3e|\\u003e/gi, '>') : value;
  if (STAND_IN.test(unescaped)) return true;
  // Nothing but journey's own markers and separators; without a `[`, there is no marker to remove.
  if (!value.includes('[')) return SEPARATORS_ONLY.test(value);
  OWN_MARKER.lastIndex = 0;
  return SEPARATORS_ONLY.test(value.replace(OWN_MARKER, ''));
}

/**
 * True when [start, end) of `text` lies inside one of journey's own markers, so that no rule counts
 * what was already redacted. A marker holds no `[` but its first character, so only the last `[`
 * at or before `start` can open it.
 *
 * @example
 * insideMarker('a [REDACTED:email#1a2b] b', 12, 17) // true
 */
export function insideMarker(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - MARKER_REACH);
  const open = text.slice(from, start + 1).lastIndexOf('[');
  if (open < 0) return false;
  OWN_MARKER_HERE.lastIndex = from + open;
  const marker = OWN_MARKER_HERE.exec(text);
  return marker !== null && marker.index + marker[0].length >= end;
}
