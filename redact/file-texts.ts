// What the leak scanner reads out of one built file: compressed twins are unpacked, images and fonts
// give up their text chunks and printable runs, everything else is text.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface FileText {
  /** How the text was obtained: `text`, `gzip`, `brotli`, `image-text`... */
  view: string;
  text: string;
}

/** A compressed file never unpacks to more than this; a larger one is a finding, not a hang. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

const SIGNATURES: Array<[string, number[], number]> = [
  ['png', [0x89, 0x50, 0x4e, 0x47], 0], ['jpeg', [0xff, 0xd8, 0xff], 0], ['gif', [0x47, 0x49, 0x46, 0x38], 0],
  ['webp', [0x57, 0x45, 0x42, 0x50], 8], ['ico', [0x00, 0x00, 0x01, 0x00], 0], ['woff', [0x77, 0x4f, 0x46, 0x46], 0],
  ['woff2', [0x77, 0x4f, 0x46, 0x32], 0], ['ttf', [0x00, 0x01, 0x00, 0x00], 0], ['otf', [0x4f, 0x54, 0x54, 0x4f], 0],
];

/** The image or font format `bytes` start with, if any. */
function binaryKind(bytes: Buffer): string | undefined {
  return SIGNATURES.find(([, magic, offset]) => magic.every((byte, index) => bytes[offset + index] === byte))?.[0];
}

/** Printable ASCII runs of 6 or more characters, one per line (what `strings` prints). */
function printableRuns(bytes: Buffer): string {
  return bytes.toString('latin1').match(/[\x20-\x7e\t]{6,}/g)?.join('\n') ?? '';
}

/** Text of PNG tEXt, zTXt and iTXt chunks, compressed ones inflated. */
function pngText(bytes: Buffer): string {
  const texts: string[] = [];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length));
    if (type === 'tEXt') texts.push(data.toString('latin1').replace('\0', ': '));
    else if (type === 'zTXt' || type === 'iTXt') {
      const nul = data.indexOf(0);
      const compressed = type === 'zTXt' || data[nul + 1] === 1;
      const rest = type === 'zTXt' ? data.subarray(nul + 2) : data.subarray(data.indexOf(0, data.indexOf(0, nul + 3) + 1) + 1);
      try {
        texts.push(`${data.toString('latin1', 0, nul)}: ${(compressed ? inflateSync(rest, { maxOutputLength: MAX_UNPACKED_BYTES }) : rest).toString('utf8')}`);
      } catch {
        texts.push(printableRuns(data));
      }
    }
    at += 12 + length;
  }
  return texts.join('\n');
}

/**
 * The texts to scan in one file. Throws when a compressed twin cannot be unpacked (the caller turns
 * that into a finding: what cannot be read cannot be vouched for).
 *
 * @example
 * fileTexts('index.html.gz', bytes) // [{ view: 'gzip', text: '<!doctype html>...' }]
 */
export function fileTexts(name: string, bytes: Buffer): FileText[] {
  if (name.endsWith('.gz')) {
    return fileTexts(name.slice(0, -3), gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES }))
      .map((t) => ({ ...t, view: `gzip+${t.view}` }));
  }
  if (name.endsWith('.br')) {
    return fileTexts(name.slice(0, -3), brotliDecompressSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES }))
      .map((t) => ({ ...t, view: `brotli+${t.view}` }));
  }
  const kind = binaryKind(bytes);
  if (kind === 'png') return [{ view: 'png-text', text: pngText(bytes) }, { view: 'image-strings', text: printableRuns(bytes) }];
  if (kind) return [{ view: `${kind}-strings`, text: printableRuns(bytes) }];
  try {
    return [{ view: 'text', text: STRICT_UTF8.decode(bytes) }];
  } catch {
    throw new UnknownFileTypeError(name);
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes that are neither UTF-8 text nor a known image or font: the scanner cannot know what a secret
 * looks like inside them (UTF-16, some archive), so the file is a finding, never passed as text.
 */
export class UnknownFileTypeError extends Error {
  constructor(name: string) {
    super(`${name} is neither UTF-8 text nor a known image or font`);
  }
}
