// Addresses written so that a machine does not see them and a person still does: `jane [at] acme
// [dot] io`, `ops(at)acme.io`, defanged `acme[.]io` and `10[.]0[.]0[.]5`, spelled out `jane at acme
// dot io`, and a quoted local part `"jane.doe"@acme.io`. The reader's view reads them as written
// plainly, so the e-mail and IP rules see what the reader sees.
import { bufferOf } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

const isWordByte = (code: number | undefined) => code !== undefined && ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45);
const isBlank = (code: number | undefined) => code === 32 || code === 9;

/** Each closing bracket and its opening one. */
const OPENING: Record<number, number> = { 93: 91, 41: 40, 125: 123, 62: 60 }; // ] [  ) (  } {  > <

/** Lower-cases an ASCII letter's code. */
const lower = (code: number | undefined) => (code !== undefined && code >= 65 && code <= 90 ? code | 32 : code);

/**
 * What the inside of a bracket pair ending before `inner` reads as (`@` for `at` or `@`, `.` for
 * `dot` or `.`) and where it starts, or undefined: compared byte by byte, as most closing brackets
 * of a log close something else.
 */
function bracketed(bytes: Uint8Array, inner: number): { reading: string; open: number } | undefined {
  const last = lower(bytes[inner - 1]);
  if (last === 64 || last === 46) return { reading: last === 64 ? '@' : '.', open: inner - 1 }; // @ .
  if (last !== 116) return undefined; // t
  if (lower(bytes[inner - 2]) === 97) return { reading: '@', open: inner - 2 }; // at
  if (lower(bytes[inner - 2]) === 111 && lower(bytes[inner - 3]) === 100) return { reading: '.', open: inner - 3 }; // dot
  return undefined;
}

/**
 * `[at]`, `(dot)`, `{.}`, `<@>`, with blanks inside and around: found from each closing bracket,
 * read backwards; kept when a word stands on both sides.
 */
function bracketedEdits(view: View, out: Edit[]): void {
  const { bytes } = view;
  const memory = bufferOf(bytes);
  for (const close of [93, 41, 125, 62]) {
    for (let at = memory.indexOf(close); at >= 0; at = memory.indexOf(close, at + 1)) {
      let inner = at;
      while (isBlank(bytes[inner - 1])) inner -= 1;
      const found = bracketed(bytes, inner);
      if (!found) continue;
      let { open } = found;
      while (isBlank(bytes[open - 1])) open -= 1;
      if (bytes[open - 1] !== OPENING[close]) continue;
      let start = open - 1;
      let end = at + 1;
      while (isBlank(bytes[start - 1])) start -= 1;
      while (isBlank(bytes[end])) end += 1;
      if (isWordByte(bytes[start - 1]) && isWordByte(bytes[end])) out.push({ at: start, end, text: found.reading });
    }
  }
}

/** `jane at acme-ledger dot io`: spelled-out words, only before a top-level domain people write (prose says `look at this dot`). */
const SPELLED = /(?<=[\w.+-])[ \t]+(?:at|AT)[ \t]+([\w-]{1,63}(?:[ \t]+(?:dot|DOT)[ \t]+[\w-]{1,63})*)[ \t]+(?:dot|DOT)[ \t]+(?:com|org|net|edu|gov|io|co|de|uk|fr|nl|se|no|dk|fi|ch|at|be|es|it|pl|cz|ru|ua|jp|cn|kr|in|au|ca|us|br|me|dev|app|ai)(?![\w-])/y;

/**
 * Found from each spelled-out `dot` (far rarer in a log than ` at `, which every stack frame holds),
 * then the ` at ` before it on the same line.
 */
function spelledEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  for (const word of ['dot ', 'DOT ']) {
    let done = 0;
    for (let dot = memory.indexOf(word); dot >= 0; dot = memory.indexOf(word, dot + 1)) {
      if (!isBlank(bytes[dot - 1]) || dot < done) continue;
      const from = Math.max(0, dot - 256);
      const before = text.slice(from, dot);
      const lineStart = before.lastIndexOf('\n') + 1;
      const at = Math.max(before.lastIndexOf(' at ', before.length - 1), before.lastIndexOf(' AT ', before.length - 1));
      if (at < lineStart) continue;
      SPELLED.lastIndex = from + at;
      const match = SPELLED.exec(text);
      if (!match) continue;
      const end = from + at + match[0].length;
      const plain = match[0].replace(/^[ \t]+(?:at|AT)[ \t]+/, '@').replace(/[ \t]+(?:dot|DOT)[ \t]+/g, '.');
      out.push({ at: from + at, end, text: plain });
      done = end;
    }
  }
}

/** `"jane.doe"@acme.io`: the quotes of a quoted local part, which a reader reads past. */
function quotedLocalEdits(view: View, out: Edit[]): void {
  const { bytes } = view;
  const memory = bufferOf(bytes);
  for (let at = memory.indexOf('"@'); at >= 0; at = memory.indexOf('"@', at + 1)) {
    let open = at - 1;
    while (open >= 0 && at - open <= 64 && bytes[open] !== 34 && bytes[open] !== 10 && bytes[open] !== 92) open -= 1;
    if (open < 0 || bytes[open] !== 34 || open === at - 1) continue;
    out.push({ at: open, end: at + 1, text: view.slice(open + 1, at) });
  }
}

/**
 * The edits that write each obfuscated address plainly.
 *
 * @example
 * addressEdits(rawView('jane [at] acme [dot] io'), []) // [{ at: 4, end: 10, text: '@' }, { at: 14, end: 21, text: '.' }]
 */
export function addressEdits(view: View, out: Edit[]): void {
  bracketedEdits(view, out);
  spelledEdits(view, out);
  quotedLocalEdits(view, out);
}
