// Escape decoders: what a reader undoes at once when they read a JSON string, a page, a URL or a
// mail (backslash escapes of every language, HTML entities of any length, percent and
// quoted-printable encoding). Each gives the edits of one view; viewFromEdits builds it.
import { decodeHTMLStrict } from 'entities';
import { bufferOf } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

/** An escape decoder. Its view holds only the lines with an escape, so it stays small when escapes are rare. */
export interface EscapeDecoder {
  name: string;
  /** The character every escape starts with: found with memchr, many times faster than a regex scan. */
  lead: string;
  /** Sticky regex matching one escape (or a run of them) where it starts. */
  escape: RegExp;
  /** The decoded text, or the escape itself when it decodes to nothing a reader would see differently. */
  decode(escape: string): string;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', a: '\x07', e: '\x1b' };

function fromCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** Printable ASCII, a tab or a line break: what a decoded quoted-printable byte may be to count as text. */
const isTextByte = (code: number) => (code >= 0x20 && code < 0x7f) || code === 9 || code === 10 || code === 13;

/**
 * A decoded reference as a page shows it: a space of any width (`&ensp;`, `&#8202;`) or a line or
 * paragraph separator (`&LineSeparator;`) as a blank, so the rules that read a name, a blank and a
 * value read past it. Anything else as itself.
 */
const asRead = (decoded: string): string => (/^[\p{Zs}\u2028\u2029\u0085]$/u.test(decoded) && decoded !== '\u00a0' ? ' ' : decoded);

export const DECODERS: Record<'backslash' | 'css' | 'entity' | 'percent' | 'quotedPrintable', EscapeDecoder> = {
  backslash: {
    // JSON, JavaScript, C, Python and shell: \uXXXX, \u{X}, \UXXXXXXXX, \xXX, \x{X}, octal \NNN,
    // and the one-character escapes, a backslash before any other punctuation included.
    name: 'backslash', lead: '\\',
    escape: /\\(?:u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[nrtbfvae'"\\/`$?!#%&()*+,\-.:;<=>@[\]^_{|}~ ])/y,
    decode: (escape) => {
      const kind = escape[1]!;
      if (kind === 'u' || kind === 'U' || kind === 'x') return fromCodePoint(Number.parseInt(escape.slice(2).replace(/[{}]/g, ''), 16)) ?? escape;
      if (kind >= '0' && kind <= '7') return fromCodePoint(Number.parseInt(escape.slice(1), 8)) ?? escape;
      return SIMPLE_ESCAPES[kind] ?? kind;
    },
  },
  css: {
    // CSS and its selectors: `\67 \68 \70 \5f` is `ghp_`, one to six hex digits and the one space
    // that may end them. Only a run of two or more, or one ended by its space: a lone `\Default` of
    // a Windows path or `\d` of a regex is not CSS.
    name: 'css', lead: '\\',
    escape: /(?:\\[0-9a-fA-F]{1,6}[ \t]?)+/y,
    decode: (escape) => {
      const escapes = [...escape.matchAll(/\\([0-9a-fA-F]{1,6})[ \t]?/g)];
      if (escapes.length === 1 && !/[ \t]$/.test(escape)) return escape;
      let text = '';
      for (const [, hex] of escapes) {
        const code = Number.parseInt(hex!, 16);
        const char = code === 0 ? undefined : fromCodePoint(code);
        if (char === undefined) return escape;
        text += char;
      }
      return text;
    },
  },
  entity: {
    // Numeric references of any length (`&#0000000112;` is `p`), hex ones, and every HTML5 named one.
    name: 'entity', lead: '&',
    escape: /&(?:#0*\d{1,7};?|#[xX]0*[0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)/y,
    decode: (escape) => {
      if (escape[1] === '#') {
        const hex = escape[2] === 'x' || escape[2] === 'X';
        const char = fromCodePoint(Number.parseInt(escape.slice(hex ? 3 : 2).replace(';', ''), hex ? 16 : 10));
        return char === undefined ? escape : asRead(char);
      }
      return asRead(decodeHTMLStrict(escape));
    },
  },
  percent: {
    name: 'percent', lead: '%',
    escape: /(?:%[0-9a-fA-F]{2}|%u[0-9a-fA-F]{4})+/y,
    decode: (escape) => {
      if (escape.includes('%u')) return escape.replace(/%u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
      try {
        return decodeURIComponent(escape);
      } catch {
        return Buffer.from(escape.replace(/%/g, ''), 'hex').toString('latin1');
      }
    },
  },
  quotedPrintable: {
    // `=3D` is `=`, `=` at a line end joins the lines (a soft break). Bytes that are not text stay
    // as they are: `count=10` is not a mail.
    name: 'quoted-printable', lead: '=',
    escape: /(?:=[0-9A-F]{2}|=\r?\n)+/y,
    decode: (escape) => {
      const bytes: number[] = [];
      for (const part of escape.match(/=[0-9A-F]{2}|=\r?\n/g) ?? []) {
        if (part[1] === '\n' || part[1] === '\r') continue;
        const code = Number.parseInt(part.slice(1), 16);
        if (!isTextByte(code) && code < 0x80) return escape;
        bytes.push(code);
      }
      return Buffer.from(bytes).toString('utf8');
    },
  },
};

/**
 * The edits `decoder` makes in `view`: each escape found at a lead character, decoded; escapes that
 * decode to themselves are left alone.
 *
 * @example
 * [...escapeEdits(rawView('a\\u003db'), DECODERS.backslash)] // [{ at: 1, end: 7, text: '=' }]
 */
export function* escapeEdits(view: View, decoder: EscapeDecoder): Generator<Edit> {
  const text = view.text;
  const memory = bufferOf(view.bytes);
  const lead = decoder.lead.charCodeAt(0);
  for (let at = memory.indexOf(lead); at >= 0; at = memory.indexOf(lead, at + 1)) {
    decoder.escape.lastIndex = at;
    const match = decoder.escape.exec(text);
    if (!match) continue;
    // The real characters: a named entity or an escaped character beyond Latin-1 is folded in a base view.
    const escape = view.slice(at, at + match[0].length);
    const decoded = decoder.decode(escape);
    if (decoded === escape) continue;
    yield { at, end: at + match[0].length, text: decoded };
    at += match[0].length - 1;
  }
}
