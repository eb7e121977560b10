// Normalised views of a text: ANSI stripped, backslash escapes undone, percent-decoded, HTML entities
// decoded. Each view maps its offsets back to the raw text, so a secret found in a view is redacted
// where it really sits.
import { bufferOf, foldText, textBytes, type ScratchBytes } from './text-bytes.ts';

export interface View {
  name: string;
  /** What the rules search: the base views hold characters beyond Latin-1 folded (`foldText`). */
  text: string;
  /** `textBytes(text)`, made on first use: the detector's loops read these. */
  readonly bytes: Uint8Array;
  /** The real characters of [start, end) of `text`, unfolded (the same length). */
  slice(start: number, end: number): string;
  /** Maps a [start, end) range of this view to the range of the raw text it came from. */
  toRaw(start: number, end: number): [number, number];
}

interface ViewParts {
  name: string;
  text: string;
  toRaw: View['toRaw'];
  slice?: View['slice'];
  /** Makes the bytes, or returns them when they are already known. */
  toBytes?: () => Uint8Array;
}

function makeView({ name, text, toRaw, slice, toBytes }: ViewParts): View {
  let bytes: Uint8Array | undefined;
  return {
    name, text, toRaw,
    get bytes() {
      return (bytes ??= toBytes ? toBytes() : textBytes(text));
    },
    slice: slice ?? ((start, end) => text.slice(start, end)),
  };
}

/** An escape decoder. Its view holds only the lines with an escape, so it stays small when escapes are rare. */
interface Decoder {
  name: string;
  /** The character every escape starts with: found with memchr, many times faster than a regex scan. */
  lead: string;
  /** Sticky regex matching one escape where it starts. */
  escape: RegExp;
  decode(escape: string): string;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', colon: ':', sol: '/', bsol: '\\', period: '.', commat: '@',
  lowbar: '_', equals: '=', plus: '+', num: '#', dollar: '$', percnt: '%', lpar: '(', rpar: ')', ast: '*', excl: '!',
  quest: '?', hyphen: '-', dash: '-', comma: ',', semi: ';', Tab: '\t', NewLine: '\n', lsqb: '[', rsqb: ']', lcub: '{',
  rcub: '}', verbar: '|', tilde: '~', grave: '`', Hat: '^',
};

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

function fromCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

export const DECODERS: Record<string, Decoder> = {
  backslash: {
    name: 'backslash', lead: '\\',
    escape: /\\(?:u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[nrtbfv0'"\\/])/y,
    decode: (escape) => {
      const kind = escape[1]!;
      if (kind === 'u' || kind === 'x') {
        const hex = escape.slice(2).replace(/[{}]/g, '');
        return fromCodePoint(Number.parseInt(hex, 16)) ?? escape;
      }
      return SIMPLE_ESCAPES[kind] ?? kind;
    },
  },
  percent: {
    name: 'percent', lead: '%',
    escape: /(?:%[0-9a-fA-F]{2})+/y,
    decode: (escape) => {
      try {
        return decodeURIComponent(escape);
      } catch {
        return Buffer.from(escape.replace(/%/g, ''), 'hex').toString('latin1');
      }
    },
  },
  entity: {
    name: 'entity', lead: '&',
    escape: /&(?:#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)/y,
    decode: (escape) => {
      if (escape[1] === '#') {
        const hex = escape[2] === 'x' || escape[2] === 'X';
        const code = Number.parseInt(escape.slice(hex ? 3 : 2).replace(';', ''), hex ? 16 : 10);
        return fromCodePoint(code) ?? escape;
      }
      return NAMED_ENTITIES[escape.slice(1, -1)] ?? escape;
    },
  },
};

/**
 * Length of the ANSI escape sequence starting at `at` (0 when there is none): CSI `ESC [ params
 * intermediates final`, or a two-character escape. An OSC (`ESC ] text BEL`) loses only its framing
 * (`ESC ]` here, `ESC \\` as a two-character escape; BEL stays as a separator): its text is what a
 * tool printed, and deleting it, or everything after an unterminated one, would hide a secret from
 * every rule. ANSI_ESCAPE below is the same grammar as a regex.
 */
function ansiLength(text: string, at: number): number {
  const kind = text.charCodeAt(at + 1);
  if (kind === 0x5b) { // [
    let index = at + 2;
    for (let code = text.charCodeAt(index); (code >= 0x30 && code <= 0x3b) || code === 0x3f; code = text.charCodeAt(index)) index += 1;
    while (index < text.length && text.charCodeAt(index) >= 0x20 && text.charCodeAt(index) <= 0x2f) index += 1;
    const final = text.charCodeAt(index);
    return final >= 0x40 && final <= 0x7e ? index + 1 - at : 0;
  }
  return (kind >= 0x40 && kind <= 0x5a) || (kind >= 0x5c && kind <= 0x5f) ? 2 : 0;
}

/**
 * The escapes ansiLength() measures, for the native replace that builds the view's text (a coloured
 * log holds an escape every few dozen characters; joining slices in JS is three times slower).
 * The three character classes do not overlap, so backtracking cannot find a different match.
 */
const ANSI_ESCAPE = /\x1b(?:\[[0-;?]*[ -\/]*[@-~]|[@-Z\\-_])/g;

/**
 * The raw text as a view of itself, folded (`foldText`) so that regexes scan a one-byte string.
 * The bytes (and the folded text when it needs a copy) may be written to `scratch`.
 *
 * @example
 * rawView('a→b').text // 'a\x80b'
 */
export function rawView(text: string, scratch?: ScratchBytes): View {
  const { folded, bytes } = foldText(text, scratch?.take(text.length + 1));
  return makeView({
    name: 'raw', text: folded, toRaw: (start, end) => [start, end], slice: (start, end) => text.slice(start, end),
    ...(bytes ? { toBytes: () => bytes } : scratch ? { toBytes: () => scratch.bytesOf(folded) } : {}),
  });
}

/**
 * Offsets of the edits a decoder made: view [v, v+vl) stands for parent [p, p+pl), identity between.
 * Kept in one growing Int32Array: an ANSI-coloured log has millions of edits.
 */
class EditMap {
  // Small at first: most texts get a map and few edits (a zeroed 16 KiB array per view cost a
  // fifth of a full publish's redaction time).
  private cells = new Int32Array(4 * 16);
  private count = 0;

  add(v: number, p: number, vl: number, pl: number): void {
    if ((this.count + 1) * 4 > this.cells.length) {
      const grown = new Int32Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    const at = this.count * 4;
    this.cells[at] = v;
    this.cells[at + 1] = p;
    this.cells[at + 2] = vl;
    this.cells[at + 3] = pl;
    this.count += 1;
  }

  /** Index of the last edit with v <= offset (v < offset when `strict`), -1 if none. */
  private find(offset: number, strict: boolean): number {
    let low = 0;
    let high = this.count - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const v = this.cells[middle * 4]!;
      if (strict ? v < offset : v <= offset) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  private map(offset: number, strict: boolean): number {
    const k = this.find(offset, strict);
    if (k < 0) return offset;
    const cells = this.cells;
    const [v, p, vl, pl] = [cells[k * 4]!, cells[k * 4 + 1]!, cells[k * 4 + 2]!, cells[k * 4 + 3]!];
    const inside = offset - v;
    if (strict ? inside <= vl : inside < vl) return strict ? p + pl : p;
    return p + pl + inside - vl;
  }

  toParentStart(offset: number): number {
    return this.map(offset, false);
  }

  toParentEnd(offset: number): number {
    return this.map(offset, true);
  }
}

function viewOf(parent: View, name: string, text: string, edits: EditMap, slice?: View['slice'], toBytes?: () => Uint8Array): View {
  return makeView({
    name: parent.name === 'raw' ? name : `${parent.name}+${name}`, text,
    toRaw: (start, end) => parent.toRaw(edits.toParentStart(start), edits.toParentEnd(end)),
    ...(slice ? { slice } : {}), ...(toBytes ? { toBytes } : {}),
  });
}

/**
 * `parent` with its ANSI escape sequences deleted (the whole text: in a coloured log nearly every
 * line has some), or undefined when it has none.
 *
 * @example
 * ansiView(rawView('gh\u001b[1mp_x'))?.text // 'ghp_x'
 */
export function ansiView(parent: View, scratch?: ScratchBytes): View | undefined {
  const text = parent.text;
  if (!text.includes('\u001b')) return undefined;
  const edits = new EditMap();
  let removed = 0;
  for (let at = text.indexOf('\u001b'); at >= 0; at = text.indexOf('\u001b', at + 1)) {
    const length = ansiLength(text, at);
    if (length === 0) continue;
    edits.add(at - removed, at, 0, length);
    removed += length;
    at += length - 1;
  }
  if (removed === 0) return undefined;
  ANSI_ESCAPE.lastIndex = 0;
  const stripped = text.replace(ANSI_ESCAPE, '');
  // Two parsers of one grammar: should they ever disagree, every offset after would be wrong.
  if (stripped.length !== text.length - removed) throw new Error('ansiView: the escape regex and the escape parser disagree');
  // The real characters of a range: the parent's, escapes deleted (toParentEnd stops before a trailing one).
  const slice = (start: number, end: number) => {
    ANSI_ESCAPE.lastIndex = 0;
    return parent.slice(edits.toParentStart(start), edits.toParentEnd(end)).replace(ANSI_ESCAPE, '');
  };
  return viewOf(parent, 'ansi', stripped, edits, slice, scratch ? () => scratch.bytesOf(stripped) : undefined);
}

/**
 * Applies `decoder` to the lines of `parent` that hold an escape, or returns undefined when it would
 * change nothing.
 *
 * @example
 * deriveView(rawView('token\\u003dabc'), DECODERS.backslash!)?.text // 'token=abc'
 */
export function deriveView(parent: View, decoder: Decoder): View | undefined {
  const text = parent.text;
  const memory = bufferOf(parent.bytes);
  const lead = decoder.lead.charCodeAt(0);
  let at = memory.indexOf(lead);
  if (at < 0) return undefined;
  const edits = new EditMap();
  const pieces: string[] = [];
  let consumed = 0; // parent offset up to which the view is built
  let length = 0; // view length so far
  // The parent's real characters: a derived view is small, and its rules then see them unfolded.
  const copy = (to: number) => {
    pieces.push(parent.slice(consumed, to));
    length += to - consumed;
    consumed = to;
  };
  const replace = (replacement: string, to: number) => {
    edits.add(length, consumed, replacement.length, to - consumed);
    pieces.push(replacement);
    length += replacement.length;
    consumed = to;
  };
  let lineEnd = -1;
  for (; at >= 0; at = memory.indexOf(lead, at + 1)) {
    decoder.escape.lastIndex = at;
    const match = decoder.escape.exec(text);
    if (!match) continue;
    const decoded = decoder.decode(match[0]);
    if (decoded === match[0]) continue;
    if (at >= lineEnd) {
      if (lineEnd >= 0) copy(lineEnd);
      const start = Math.max(consumed, at === 0 ? 0 : memory.lastIndexOf(10, at - 1) + 1);
      if (start > consumed) replace(length === 0 ? '' : '\n', start);
      const newline = memory.indexOf(10, at);
      lineEnd = newline < 0 ? text.length : newline;
    }
    copy(at);
    replace(decoded, at + match[0].length);
    at += match[0].length - 1;
  }
  if (lineEnd < 0) return undefined;
  copy(lineEnd);
  if (consumed < text.length) replace('', text.length);
  return viewOf(parent, decoder.name, pieces.join(''), edits);
}

/** Views beyond the base: each decoder on the base, then once more on each result (double escaping). */
const MAX_VIEWS = 8;
// ANSI again: an escape written as \u001b in JSON only becomes one after decoding.
const SECOND_PASS: ReadonlyArray<(view: View) => View | undefined> = [
  (view) => deriveView(view, DECODERS.backslash!), (view) => deriveView(view, DECODERS.entity!),
  (view) => deriveView(view, DECODERS.percent!), ansiView,
];

/**
 * The views every rule runs on: the base (ANSI stripped when there is any) and its decoded forms.
 *
 * @example
 * buildViews('a\\\\u0041').map((v) => v.name) // ['raw', 'backslash', 'backslash+backslash']
 */
export function buildViews(text: string, scratch?: ScratchBytes): View[] {
  // The base view is the big one: its bytes may go to the scratch buffer, the small derived views' may not.
  // Both rawView and ansiView write to it, so the raw view's bytes are gone once an ANSI view is made:
  // the raw view is then dropped, and no view is built from its bytes.
  const raw = rawView(text, scratch);
  const base = ansiView(raw, scratch) ?? raw;
  const views: View[] = [base];
  for (let index = 0; index < views.length && views.length < MAX_VIEWS; index++) {
    const view = views[index]!;
    if (view.name.split('+').length > 2) continue;
    for (const derive of SECOND_PASS) {
      const derived = derive(view);
      if (derived && views.length < MAX_VIEWS) views.push(derived);
    }
  }
  return views;
}
