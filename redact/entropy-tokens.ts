// The second detector's other half: tokens that look random where no rule names them. A token is a
// run of base64, base64url or alphanumeric characters; it is reported when it mixes cases and digits
// with high entropy and is not a harmless shape (a hash, a UUID, an id with a known prefix, another
// tool's marker, a path, an identifier, a long data blob). In a quoted string or after `=` or `:` it
// is judged more readily than standing in prose.
import { entropy } from './rule-checks.ts';
import { isPlaceholder } from './placeholders.ts';
import type { View } from './view.ts';

/** One entry per byte: 1 for characters a random token is made of. */
const TOKEN = new Uint8Array(256);
// Not `=`: it joins a name to its value (`sig=…`); padding is taken on after the run.
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-.~') TOKEN[char.charCodeAt(0)] = 1;

/** Shortest and longest token judged: shorter is a word or an id; longer is data (an image, an encrypted blob, a signature). */
const MIN_TOKEN = 20;
const MAX_TOKEN = 160;

/** Ids that agent records and APIs print everywhere and that grant nothing. */
const ID_PREFIX = /^(?:toolu_|srvtoolu_|msg_|req_|call_|chatcmpl-|resp_|run_|thread_|asst_|file-|file_|org-|proj_|batch_|evt_|cus_|sub_|price_|prod_|pi_|ch_|in_|txn_|gen-|cmpl-|sess_|conv_|item_|rs_|fc_|ws_|step_|span_|trace_|user_|acct_|ticket_|sha\d+[-:]|md5[-:]|blake2b?[-:]|git-|ref-|v\d)/i;

/** Shapes that are random-looking by design and harmless. */
const HARMLESS_SHAPES: readonly RegExp[] = [
  /^(?:0x)?[0-9a-fA-F]+$/, // hashes: commits, content, digests
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, // UUID
  /^[0-9A-HJKMNP-TV-Z]{26}$/, // ULID
  /^[\d.:+-]+$/, // numbers, times, versions
  /^[A-Za-z]+(?:[-_.][A-Za-z]+)*$/, // words and identifiers without digits
  /^[A-Za-z]+\d{0,4}$/, // camelCase with a small number
  /^[a-z0-9]+(?:[-_][a-z0-9]+)+$/, // kebab and snake case in one case
  /^[A-Z0-9]+(?:[-_][A-Z0-9]+)+$/, // CONSTANT_CASE
];

/** A piece of a name that reads: a word, a CamelCase word, a number, a version, a short capital. */
const WORD_PIECE = /^(?:[a-z]{2,}\d{0,3}|(?:[A-Z][a-z]+)+\d{0,3}|[A-Z]{1,4}\d{0,3}|\d{1,4}[A-Za-z]{0,2}|v\d+)$/;

/**
 * Something that looks like a path, a module, a domain or a composed name
 * (`openrouter-llama-4-maverick_maxiter_50_N_v0`): most of its pieces read as words.
 */
function isWordy(token: string): boolean {
  const pieces = token.split(/[-_./+~]+/).filter(Boolean);
  return pieces.length >= 3 && pieces.filter((piece) => WORD_PIECE.test(piece)).length >= pieces.length * 0.6;
}

/** True when `token` mixes enough character classes to be random at all: the cheap test that comes first. */
function mixesClasses(token: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (code >= 65 && code <= 90) upper += 1;
    else if (code >= 97 && code <= 122) lower += 1;
    else if (code >= 48 && code <= 57) digit += 1;
  }
  return upper >= 2 && digit >= 2 && (lower >= 2 || (lower === 0 && upper >= 3 && digit >= 3));
}

/**
 * mixesClasses of the token in `bytes` [from, to) without its `=` padding, read from the bytes: most
 * tokens of a log (paths, identifiers, words) fail it, and then no string is made for them at all.
 */
function bytesMixClasses(bytes: Uint8Array, from: number, to: number): boolean {
  let end = to;
  while (end > from && bytes[end - 1] === 61) end -= 1;
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let index = from; index < end; index++) {
    const code = bytes[index]!;
    if (code >= 65 && code <= 90) upper += 1;
    else if (code >= 97 && code <= 122) lower += 1;
    else if (code >= 48 && code <= 57) digit += 1;
  }
  return upper >= 2 && digit >= 2 && (lower >= 2 || (lower === 0 && upper >= 3 && digit >= 3));
}

/** True when `token` reads as random: several digits, upper and lower case, high entropy. */
function looksRandom(token: string, strict: boolean): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (code >= 65 && code <= 90) upper += 1;
    else if (code >= 97 && code <= 122) lower += 1;
    else if (code >= 48 && code <= 57) digit += 1;
  }
  const bits = entropy(token);
  // Upper case and digits only (a base32 seed, a license key, a password of capitals): quoted or assigned only.
  if (lower === 0) return !strict && upper >= 3 && digit >= 3 && bits >= 3.8;
  if (upper < 2 || lower < 2 || digit < 2) return false;
  return strict ? token.length >= 32 && bits >= 4.6 : bits >= (token.length >= 32 ? 4.3 : 4.0);
}

/** The PEM blocks of public material (public keys, certificates, requests, signatures) in `text`, as [start, end) ranges. */
function publicBlocks(text: string): Array<[number, number]> {
  const blocks: Array<[number, number]> = [];
  for (let begin = text.indexOf('-----BEGIN '); begin >= 0; begin = text.indexOf('-----BEGIN ', begin + 1)) {
    if (!PUBLIC_PEM.test(text.slice(begin, begin + 80))) continue;
    const end = text.indexOf('-----END ', begin);
    blocks.push([begin, end < 0 ? text.length : end]);
  }
  return blocks;
}

const PUBLIC_PEM = /^-----BEGIN (?:[A-Z0-9]+ )*(?:PUBLIC KEY|CERTIFICATE(?: REQUEST)?|X509 CRL|PKCS7|SSH2 PUBLIC KEY|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|PGP MESSAGE)-----/;

/**
 * Public key material: an SSH public key (its wire format always opens with `AAAA`, after
 * `ssh-ed25519 ` or `ecdsa-sha2-…`), or a line inside a PEM block of a public key, certificate or request.
 */
function isPublicKeyMaterial(text: string, token: string, start: number, blocks: () => readonly [number, number][]): boolean {
  if (/^AAAA[A-Za-z0-9+/]{16,}/.test(token) && /(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-[\w-]+|sk-ssh-[\w@.-]+)\s+$/.test(text.slice(Math.max(0, start - 48), start))) return true;
  return blocks().some(([from, to]) => start > from && start < to);
}

export interface EntropyToken {
  start: number;
  end: number;
}

/** What stands before a token: `"`, `'`, `=`, `:` make it a value; a JSON key names what it holds. */
function contextOf(text: string, start: number, end: number): { quoted: boolean; assigned: boolean; key: string } {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  const quoted = (before === 34 || before === 39 || before === 96) && after === before;
  const lead = text.slice(Math.max(0, start - 48), start);
  const assigned = /[=:][ \t]*["'`]?$/.test(lead);
  // A key ends the same way an assignment does: without one there is none to look for.
  const key = assigned ? /["']?([\w.-]{1,40})["']?[ \t]*[:=][ \t]*["'`]?$/.exec(lead)?.[1]?.toLowerCase() ?? '' : '';
  return { quoted, assigned, key };
}

/** Keys whose values are random by design: signatures, ciphertext, ids, hashes. */
const DATA_KEY = /(?:signature|encrypted|ciphertext|content_hash|hash|digest|checksum|integrity|etag|nonce|salt|iv|id|uuid|sha|commit|revision|fingerprint|request_?id|trace|span|cursor)$/;

/**
 * The random-looking tokens of a view that no harmless shape explains.
 *
 * @example
 * findEntropyTokens(rawView('config "Zk8fQ2mX9vR4tL7pW1sN6bY3"')) // [{ start: 8, end: 32 }]
 */
export function findEntropyTokens(view: View): EntropyToken[] {
  const { text, bytes } = view;
  const found: Array<EntropyToken & { token: string }> = [];
  /** Tokens seen as the value of an id, hash or signature key: the same token elsewhere is that id. */
  const data = new Set<string>();
  // Looked for only when a token needs them: most views hold no random-looking token.
  let publicPems: Array<[number, number]> | undefined;
  const blocks = () => (publicPems ??= publicBlocks(text));
  const length = bytes.length;
  let start = 0;
  while (start + MIN_TOKEN <= length) {
    // Skip ahead: a token of MIN_TOKEN needs every character of the window to qualify.
    let probe = start + MIN_TOKEN - 1;
    while (probe >= start && TOKEN[bytes[probe]!] === 1) probe -= 1;
    if (probe >= start) {
      start = probe + 1;
      continue;
    }
    let end = start + MIN_TOKEN;
    while (end < length && TOKEN[bytes[end]!] === 1) end += 1;
    while (end < length && bytes[end] === 61 && end - start < MAX_TOKEN + 3) end += 1; // `=` padding
    const next = end;
    // Trailing padding and punctuation belong to the sentence, not the token.
    while (end > start && (bytes[end - 1] === 46 || bytes[end - 1] === 45 || bytes[end - 1] === 95)) end -= 1;
    let from = start;
    while (from < end && (bytes[from] === 46 || bytes[from] === 45)) from += 1;
    if (end - from >= MIN_TOKEN && end - from <= MAX_TOKEN && bytesMixClasses(bytes, from, end)) {
      const token = view.slice(from, end);
      const verdict = judge(text, token, from, end, blocks);
      if (verdict === 'data') data.add(token);
      else if (verdict === 'random') found.push({ start: from, end, token });
    }
    start = next;
  }
  return found.filter((candidate) => !data.has(candidate.token)).map(({ start: from, end }) => ({ start: from, end }));
}

/** What a token is: harmless, random (a candidate secret), or data (random by design, under an id or hash key). */
function judge(text: string, token: string, start: number, end: number, blocks: () => readonly [number, number][]): 'harmless' | 'random' | 'data' {
  const body = token.replace(/=+$/, '');
  if (!mixesClasses(body)) return 'harmless';
  if (ID_PREFIX.test(body) || HARMLESS_SHAPES.some((shape) => shape.test(body)) || isWordy(body) || isPlaceholder(body)) return 'harmless';
  // A base64 data blob: `data:image/png;base64,` or a longer run this is a piece of.
  if (/base64,$/.test(text.slice(Math.max(0, start - 8), start))) return 'harmless';
  if (isPublicKeyMaterial(text, body, start, blocks)) return 'harmless';
  const { quoted, assigned, key } = contextOf(text, start, end);
  if (DATA_KEY.test(key)) return 'data';
  return looksRandom(body, !(quoted || assigned)) ? 'random' : 'harmless';
}
