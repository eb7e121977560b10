// The allowlist of documented placeholder shapes, as exact shapes: a value is a placeholder only when
// the whole of it is one (`xoxb-your-bot-token`, `${DB_PASSWORD}`, `<token>`, `xxxxxxxx`), never
// because it merely contains a word such as `example` or a `$`. Known secrets and taken-down values
// never meet it (literal rules skip it), nor does a URL's password (templateOnly decides there).
import { j } from './rule.ts';
import { cached, forgetVerdicts } from './verdict-cache.ts';

/** Vendors' documented example keys, exactly: the same key with one character changed is a secret. */
const DOCUMENTED_VALUES = new Set([
  j('AKIA', 'IOSFODNN7', 'EXAMPLE'),
  j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCY', 'EXAMPLEKEY'),
  j('ASIA', 'IOSFODNN7', 'EXAMPLE'),
]);

/**
 * A reference to a value kept elsewhere, as the whole value: `${VAR}`, `${VAR:-default}`, `$(cmd)`,
 * `{{ var }}`, `{VAR}`, `%VAR%`, `$VAR` (one case only: a real password mixes them), `<name>`,
 * `%(name)s`, `[NAME]`.
 */
const TEMPLATE = new RegExp([
  String.raw`\$\{[A-Za-z_][\w.:-]{0,60}(?::?[-=?+][^{}\s]{0,60})?\}`,
  String.raw`\$\([A-Za-z_][\w .:/-]{0,80}\)`,
  String.raw`\{\{\s*[A-Za-z_.][\w.\s|:()'"-]{0,60}\}\}`,
  String.raw`\{[A-Za-z_][\w.-]{0,60}\}`,
  String.raw`%[A-Za-z_]\w{0,60}%`,
  String.raw`\$[A-Z_][A-Z0-9_]{1,60}`,
  String.raw`\$[a-z_][a-z0-9_]{1,60}`,
  String.raw`<[A-Za-z_][\w .:/|-]{0,40}>`,
  String.raw`%\([a-z_]+\)s`,
  String.raw`%[sdr]`,
  String.raw`\{\d*\}`,
  String.raw`\[[A-Z_][A-Z0-9_ -]{2,40}\]`,
].map((shape) => `(?:${shape})`).join('|'));
const WHOLE_TEMPLATE = new RegExp(`^(?:${TEMPLATE.source})$`);

/**
 * A mask: one character repeated (`xxxxxxxx`, `********`, `••••`, `00000000`), after an optional
 * vendor prefix (`sk-xxxx`, `AIzaaaaaaaaa`, `glc_1111111111`), also in groups (`xoxb-xxxxxxxxx-xxxxxxxxxx`).
 */
const MASK = /^(?:[A-Za-z][A-Za-z0-9]{0,7}[-_.]?)?(?:x{4,}|X{4,}|\*{4,}|•{4,}|\.{3,}|#{4,}|0{8,})$|^(?:[A-Za-z][A-Za-z0-9]{0,7}[-_]?)?([A-Za-z0-9*])\1{7,}=*$|^(?:[A-Za-z]{2,8}[-_])(?:(?:x+|X+|\*+|0+)[-_.]?){2,}$/;

/** A part of a placeholder that masks rather than says (`xxxxxxxx`, `****`, `0000`). */
const MASK_PART = /^(?:x{3,}|X{3,}|\*{3,}|0{4,}|•{3,})$/;

/** Other tools' redaction markers as whole values: `[REDACTED]`, `[REDACTED_API_KEY len=40 sha=ab12]`, `***REDACTED***`. */
const FOREIGN_MARKER = /^(?:\[(?:REDACTED|MASKED|HIDDEN|FILTERED|REMOVED|SECRET)(?:[_:\s][^\]]{0,80})?\]|\*{1,5}(?:REDACTED|MASKED|HIDDEN)\*{1,5}|<(?:redacted|masked|hidden|secret)>|REDACTED|\(redacted\))$/i;

/**
 * Words a placeholder is made of (`your-api-key-here`, `sk-ant-...-notarealkey`, `REPLACE_WITH_PASSWORD`).
 * A value made of nothing else, an optional vendor prefix and separators names no secret; one word
 * outside the list (`tok3n`, `2024`) makes it a value again.
 */
const STAND_IN_WORDS = new Set([
  'your', 'yours', 'my', 'our', 'the', 'a', 'an', 'own', 'here', 'goes', 'insert', 'enter', 'put', 'paste', 'add', 'set', 'use',
  'replace', 'with', 'me', 'change', 'changeme', 'placeholder', 'example', 'examples', 'sample', 'dummy', 'fake', 'mock',
  'redacted', 'not', 'real', 'notreal', 'notarealkey', 'notarealtoken', 'notasecret', 'invalid', 'none', 'null', 'todo', 'tbd', 'fixme',
  'secret', 'secrets', 'token', 'tokens', 'key', 'keys', 'api', 'apikey', 'password', 'passwd', 'pass', 'pwd', 'passphrase',
  'user', 'username', 'login', 'id', 'bot', 'app', 'access', 'auth', 'value', 'string', 'xxx', 'foo', 'bar', 'baz', 'test', 'demo',
  'client', 'private', 'public', 'personal', 'account', 'service', 'project', 'org', 'team', 'webhook', 'url', 'host', 'db', 'database',
]);

/** A vendor prefix before a placeholder body: `sk-`, `sk-ant-api03-`, `xoxb-`, `ghp_`, `sk_live_`. */
const VENDOR_PREFIX = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{2,8}){0,2}[-_]/;

/** True when `value` is stand-in words, ellipses and templates only, after an optional vendor prefix. */
function isStandIn(value: string): boolean {
  const tryBody = (body: string) => {
    const parts = body.split(/[-_.\s/]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
    return parts.length > 0 && parts.some((part) => part !== '...') && parts.every((part) =>
      STAND_IN_WORDS.has(part.toLowerCase()) || /^\.{3,}$|^…$/.test(part) || MASK_PART.test(part) || WHOLE_TEMPLATE.test(part));
  };
  if (tryBody(value.replace(/\.{3,}|…/g, '.'))) return true;
  const prefix = VENDOR_PREFIX.exec(value)?.[0];
  return prefix !== undefined && tryBody(value.slice(prefix.length).replace(/\.{3,}|…/g, '.'));
}

/** A value left with only these once journey's markers are removed holds nothing of its own. */
const SEPARATORS_ONLY = /^[\s:;,'"=@/]*$/;

/** What a withheld text is replaced with on the site. */
export const WITHHELD_MARKER = '[WITHHELD: could not be redacted safely]';

/** Longest marker journey writes: rule ids are at most 60 characters. */
const MARKER_REACH = Math.max(WITHHELD_MARKER.length, '[REDACTED:'.length + 60 + '#0000]'.length);

/**
 * The rule ids a marker may name. A marker is only journey's when it names a real rule: a loop that
 * writes `[REDACTED:hunter2-prod#0000]` itself must not smuggle `hunter2-prod` through as one.
 */
const markerRules = new Set<string>();
let ownMarker = markerRegex('g');
let ownMarkerHere = markerRegex('y');

function markerRegex(flags: string): RegExp {
  const ids = [...markerRules].sort((a, b) => b.length - a.length).map((id) => id.replace(/[-]/g, '\\-'));
  const redacted = ids.length > 0 ? `\\[REDACTED:(?:${ids.join('|')})#[0-9a-f]{4}\\]|` : '';
  return new RegExp(`${redacted}${WITHHELD_MARKER.replace(/[[\]]/g, '\\$&')}`, flags);
}

/**
 * Makes `ids` names journey's markers may carry (createDetector registers its rule table).
 *
 * @example
 * registerMarkerRules(['github-token', 'email']);
 */
export function registerMarkerRules(ids: Iterable<string>): void {
  const before = markerRules.size;
  for (const id of ids) markerRules.add(id);
  if (markerRules.size === before) return;
  forgetVerdicts(); // a placeholder verdict depends on which markers are journey's
  ownMarker = markerRegex('g');
  ownMarkerHere = markerRegex('y');
}

/** journey's own markers in `text`, replaced by `by`. */
export function replaceOwnMarkers(text: string, by: string): string {
  ownMarker.lastIndex = 0;
  return text.replace(ownMarker, by);
}

/** `&lt;token&gt;` and `\u003ctoken\u003e` are `<token>` as a page or a JSON file writes it. */
function unescapeBrackets(value: string): string {
  return /[&\\]/.test(value) ? value.replace(/&lt;|\\x3c|\\u003c/gi, '<').replace(/&gt;|\\x3e|\\u003e/gi, '>') : value;
}

/**
 * True when the whole of `value` is a documented placeholder rather than a secret: a vendor's
 * documented example key, a template reference, a mask, another tool's redaction marker, stand-in
 * words, or journey's own markers.
 *
 * @example
 * isPlaceholder('sk-...your-key...') // true
 * isPlaceholder('P@$$w0rd2024') // false
 */
export function isPlaceholder(value: string): boolean {
  return placeholderVerdict(value);
}

const placeholderVerdict = cached(judgePlaceholder);

function judgePlaceholder(value: string): boolean {
  if (DOCUMENTED_VALUES.has(value)) return true;
  // journey's own placeholders inside a template stand for what they replaced: `{{ x | default('[REDACTED:…]') }}` is still a template.
  const unescaped = (value.includes('[REDACTED:') ? replaceOwnMarkers(unescapeBrackets(value), 'x') : unescapeBrackets(value)).trim();
  if (unescaped.length === 0) return true;
  if (WHOLE_TEMPLATE.test(unescaped) || MASK.test(unescaped) || FOREIGN_MARKER.test(unescaped) || isStandIn(unescaped)) return true;
  // Nothing but journey's own markers and separators; without a `[`, there is no marker to remove.
  if (!value.includes('[')) return SEPARATORS_ONLY.test(value);
  return SEPARATORS_ONLY.test(replaceOwnMarkers(value, '').replace(/\\[nrt]/g, ''));
}

/**
 * True when the whole of `value` is a template reference or a mask: the only stand-ins a URL's
 * password, where anything else is a real password however it reads, may be.
 *
 * @example
 * isTemplateOnly('${DB_PASSWORD}') // true
 * isTemplateOnly('example-pass') // false
 */
export function isTemplateOnly(value: string): boolean {
  const unescaped = unescapeBrackets(value);
  return WHOLE_TEMPLATE.test(unescaped) || MASK.test(unescaped) || (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(unescaped) && isStandIn(unescaped));
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
  ownMarkerHere.lastIndex = from + open;
  const marker = ownMarkerHere.exec(text);
  return marker !== null && marker.index + marker[0].length >= end;
}
