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
 * `{{ var }}`, `${{ secrets.X }}`, `%VAR%`, `$VAR`, `%(name)s`, `%s`, `{0}`, `[NAME]`. The shapes whose inside is a bare
 * name (`{name}`, `<name>`, `$name`) are NAMED_TEMPLATE's.
 */
const TEMPLATE = new RegExp([
  String.raw`\$\{[A-Za-z_][\w.:-]{0,60}(?::?[-=?+][^{}\s]{0,60})?\}`,
  String.raw`\$\([A-Za-z_][\w .:/-]{0,80}\)`,
  String.raw`\{\{\s*[A-Za-z_.][\w.\s|:()'"-]{0,60}\}\}`,
  String.raw`\$\{\{\s*[A-Za-z_.][\w.\s|:()'"-]{0,80}\}\}`,
  String.raw`%[A-Za-z_]\w{0,60}%`,
  String.raw`\$[A-Z_][A-Z0-9_]{1,60}`,
  String.raw`%\([a-z_]+\)s`,
  String.raw`%[sdr]`,
  String.raw`\{\d*\}`,
  String.raw`\[[A-Z_][A-Z0-9_ -]{2,40}\]`,
].map((shape) => `(?:${shape})`).join('|'));
const WHOLE_TEMPLATE = new RegExp(`^(?:${TEMPLATE.source})$`);

/** `{name}`, `<name>` and `$name` (lower case): templates only when the inside reads as the name of a value. */
const NAMED_TEMPLATE = /^(?:\{(?<brace>[A-Za-z_][\w.-]{0,60})\}|<(?<angle>[A-Za-z_][\w .:/|-]{0,40})>|\$(?<dollar>[a-z_][a-z0-9_]{1,60}))$/;

/** A word of a name: letters, perhaps a small number after them (`token2`), or a number alone. */
const NAME_WORD = /^(?:[a-z]{2,}\d{0,2}|\d+)$/;

/**
 * True when `inside` (of `{…}` or `<…>`) reads as a name: words of two letters or more
 * (`{tenant_id}`, `<your api key>`, `<PROJECT_ID>`), at most one with a number. `{x}`, `<x y>`,
 * `{Tr0ub4dor3}` and `<Do5-quill-Dar55>` name nothing.
 */
function readsAsName(inside: string): boolean {
  const words = inside.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean).map((word) => word.toLowerCase());
  // Two words with a number each (`<Do5-quill-Dar55>`) are a passphrase's pattern, not a name's (`{token2}`).
  return words.length > 0 && words.every((word) => NAME_WORD.test(word)) && words.some((word) => /^[a-z]{3,}/.test(word))
    && words.filter((word) => /\d/.test(word)).length < 2;
}

/**
 * Words a shell variable standing for a credential is named with (`$db_pass`, `$pw`, `$api_token`).
 * `$dragon_fly99` names nothing: a `$` in front of a word is how people spell an `s` in a password.
 */
const VARIABLE_WORDS = new Set(['var', 'val', 'arg', 'args', 'input', 'env', 'name', 'host', 'port', 'pw', 'pwd', 'pass', 'passwd',
  'password', 'secret', 'token', 'key', 'cred', 'creds', 'credential', 'credentials', 'auth', 'new', 'old', 'db', 'mysql', 'pg',
  'postgres', 'redis', 'admin', 'root', 'user', 'usr', 'login', 'conf', 'config', 'cfg', 'opt', 'tmp', 'str', 'pat', 'pin', 'otp']);

/** True when `value` is a template reference as a whole. */
function isTemplate(value: string): boolean {
  if (WHOLE_TEMPLATE.test(value)) return true;
  const groups = NAMED_TEMPLATE.exec(value)?.groups;
  if (groups === undefined) return false;
  if (groups['dollar'] !== undefined) {
    return groups['dollar'].split('_').some((word) => VARIABLE_WORDS.has(word.replace(/\d+$/, '')) || STAND_IN_WORDS.has(word));
  }
  return readsAsName(groups['brace'] ?? groups['angle'] ?? '');
}

/**
 * A mask of mask characters: `xxxxxxxx`, `********`, `••••`, `....`, after an optional vendor prefix
 * (`sk-xxxx`), also in groups (`xoxb-xxxxxxxxx-xxxxxxxxxx`).
 */
// Each group is a whole run of one mask character (the lookahead after it): a run cannot be split
// between groups, so a long run before a character that fails the match is tried once, not in every
// split (`agent-XXXX…Xglwt` took minutes with `(?:X+[-_.]?){2,}`).
const MASK = /^(?:[A-Za-z][A-Za-z0-9]{0,7}[-_.~]?)?(?:x{4,}|X{4,}|\*{4,}|•{4,}|\.{3,}|#{4,})$|^(?:[A-Za-z]{2,8}[-_])(?=[^-_.]{2}|[^-_.][-_.][^-_.])(?:(?:x+(?!x)|X+(?!X)|\*+(?!\*)|0+(?!0))[-_.]?)+$/;

/** A short prefix a repeated character may follow (`AIza`, `glc_`, `sk-`, `GR1348941`). */
const MASK_PREFIX = /^(?:[A-Za-z][A-Za-z0-9]{0,8}[-_]?)?$/;

/**
 * True when `value` is a mask: mask characters (MASK), or one character repeated eight times or
 * more (`00000000`, `AIzaaaaaaaaa`, `glc_1111111111`) after a prefix at most half as long as the
 * run. `Summer2000000000` is a word and a number: a password.
 */
function isMask(value: string): boolean {
  if (MASK.test(value)) return true;
  const body = value.replace(/=+$/, '');
  const last = body.at(-1) ?? '';
  if (!/[A-Za-z0-9*]/.test(last)) return false;
  let start = body.length;
  while (start > 0 && body[start - 1] === last) start -= 1;
  const run = body.length - start;
  return run >= 8 && run >= 2 * start && MASK_PREFIX.test(body.slice(0, start));
}

/** A part of a placeholder that masks rather than says (`xxxxxxxx`, `****`, `0000`, the last `X` of `xxxx-xxxx-X`). */
const MASK_PART = /^(?:x{3,}|X{3,}|\*{3,}|0{4,}|•{3,}|[xX])$/;

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

/**
 * Stand-in words that say the value is to be filled in or is not real: stand-in words are a
 * placeholder only with one of them. `api-token`, `MySecretPassword` and `demo-db-pass` say what a
 * value is, not that it is missing: people choose such passwords.
 */
const SIGNAL_WORDS = new Set([
  'your', 'yours', 'here', 'goes', 'insert', 'enter', 'put', 'paste', 'add', 'replace', 'change', 'changeme', 'placeholder', 'example',
  'examples', 'sample', 'dummy', 'fake', 'mock', 'redacted', 'not', 'notreal', 'notarealkey', 'notarealtoken', 'notasecret', 'invalid',
  'none', 'null', 'todo', 'tbd', 'fixme', 'xxx', 'foo', 'bar', 'baz',
]);

/** Weaker signals, enough only after a vendor prefix whose real tokens are random (`xoxb-my-bot-token`, `sk_test_demo_key`). */
const PREFIXED_SIGNAL_WORDS = new Set(['my', 'our', 'own', 'the', 'test', 'demo']);

/**
 * Vendor prefixes before a placeholder body, shortest first: `sk-`, `sk-ant-api03-`, `xoxb-`, `ghp_`, `sk_live_`, `sha256~`;
 * last, a prefix a mask follows directly (`sha256xxxx…`: the reader's view joins `sha256~xxxx` as emphasis).
 */
const VENDOR_PREFIXES = [
  ...[0, 1, 2].map((more) => new RegExp(`^[A-Za-z][A-Za-z0-9]{1,7}(?:[-_~][A-Za-z0-9]{2,8}){${more}}[-_~]`)),
  /^[A-Za-z][A-Za-z0-9]{1,7}(?=x{4,}|X{4,})/,
];

/**
 * True when `value` is stand-in words, masks and templates only, after an optional vendor prefix,
 * and says it is not real: one word alone (`auth=auth`, `token: demo`), or a signal word, a mask, a
 * template or an ellipsis (what was left out) among several.
 */
function isStandIn(value: string): boolean {
  const tryBody = (body: string, prefixed: boolean) => {
    const parts = body.replace(/\.{3,}|…/g, '.').split(/[-_.\s/]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
    const filler = (part: string) => MASK_PART.test(part) || isTemplate(part);
    const signal = (word: string) => SIGNAL_WORDS.has(word) || (prefixed && PREFIXED_SIGNAL_WORDS.has(word));
    return parts.length > 0 && parts.every((part) => STAND_IN_WORDS.has(part.toLowerCase()) || filler(part))
      && ((parts.length === 1 && !prefixed) || /\.{3,}|…/.test(body) || parts.some((part) => filler(part) || signal(part.toLowerCase())));
  };
  if (tryBody(value, false)) return true;
  return VENDOR_PREFIXES.some((shape) => {
    const prefix = shape.exec(value)?.[0];
    return prefix !== undefined && tryBody(value.slice(prefix.length), true);
  });
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
  // A guessable value's marker has no fingerprint (guessable-values.ts): `[REDACTED:pin]`.
  const redacted = ids.length > 0 ? `\\[REDACTED:(?:${ids.join('|')})(?:#[0-9a-f]{4})?\\]|` : '';
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
  if (isTemplate(unescaped) || isMask(unescaped) || FOREIGN_MARKER.test(unescaped) || isStandIn(unescaped)) return true;
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
  return isTemplate(unescaped) || isMask(unescaped) || (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(unescaped) && isStandIn(unescaped));
}

/**
 * True when [start, end) of `text` lies inside one of journey's own markers (or runs past its end
 * over closing punctuation alone), so that no rule counts what was already redacted. A marker holds no `[` but its first character, so only the last `[`
 * at or before `start` can open it.
 *
 * @example
 * insideMarker('a [REDACTED:email#1a2b] b', 12, 17) // true
 */
export function insideMarker(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - MARKER_REACH);
  const open = text.slice(from, start + 1).lastIndexOf('[');
  if (open < 0) return insideEncodedMarker(text, from, start, end);
  ownMarkerHere.lastIndex = from + open;
  const marker = ownMarkerHere.exec(text);
  if (marker === null) return false;
  return closedByMarker(text, marker.index + marker[0].length, end);
}

/**
 * Whether a span ending at `end` holds nothing past a marker ending at `markerEnd`: a value read past
 * the marker over closing quotes and brackets only (`[REDACTED:…]"}` of a JSON line, a block scalar read
 * to its line's end), or over a page's markup and its quotes written as entities (`[REDACTED:…]&quot;}</pre></div>`
 * of a built page), holds nothing the marker did not replace.
 */
const closedByMarker = (text: string, markerEnd: number, end: number) => markerEnd >= end || CLOSING_ONLY.test(text.slice(markerEnd, end).replace(MARKUP, ''));

/**
 * The same for a marker a page's link target percent-encodes (`href="#%5BREDACTED:credential-label#5585%5D"`,
 * what a renderer makes of `[password](<#[REDACTED:…]>)`): its brackets as `%5B` and `%5D`.
 */
function insideEncodedMarker(text: string, from: number, start: number, end: number): boolean {
  // The span may start a character or two before the encoded bracket (`/%5B…` of `#/%5B…`).
  const open = text.slice(from, start + 6).toUpperCase().lastIndexOf('%5B');
  if (open < 0) return false;
  const at = from + open;
  const decoded = `[${text.slice(at + 3, at + 3 + MARKER_REACH).replace(/%5D/i, ']')}`;
  ownMarkerHere.lastIndex = 0;
  const marker = ownMarkerHere.exec(decoded);
  if (marker === null || marker.index !== 0) return false;
  // Its raw length: the two brackets are three characters each.
  return closedByMarker(text, at + marker[0].length + 4, end);
}

/** Closing quotes, brackets, separators and escapes: no letter or digit. */
const CLOSING_ONLY = /^[\s"'\x60)}\]>,;.|\\]*$/;

/** A page's tags (the last perhaps cut off where a value ends) and the entities its quotes and brackets are written as. */
const MARKUP = /<\/?[A-Za-z][^<>]{0,200}>?|&(?:quot|apos|#0?39|#x27|#34|#x22|gt|lt|amp);/gi;
