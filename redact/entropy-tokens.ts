// The second detector's other half: tokens that look random where no rule names them. A token is a
// run of base64, base64url or alphanumeric characters; it is reported when it mixes cases and digits
// with high entropy and is not a harmless shape (a hash, a UUID, an id with a known prefix, another
// tool's marker, a path, an identifier, a long data blob). In a quoted string or after `=` or `:` it
// is judged more readily than standing in prose: there one case and digits (`xsqbfsz0ms9q…`), and
// lengths past a data blob's, are judged too. Bare hex and UUIDs stay harmless everywhere: in a log
// they are commits, digests and request ids, and only a name (the grammar rules') says one is a key.
import { entropy } from './rule-checks.ts';
import { isPatterned } from './patterned-values.ts';
import { isPlaceholder } from './placeholders.ts';
import type { View } from './view.ts';

/** One entry per byte: 1 for characters a random token is made of. */
const TOKEN = new Uint8Array(256);
// Not `=`: it joins a name to its value (`sig=…`); padding is taken on after the run.
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-.~') TOKEN[char.charCodeAt(0)] = 1;

/**
 * Shortest and longest token judged: shorter is a word or an id; longer is data (an image, an
 * encrypted blob, a signature) standing in text. A value assigned or quoted is judged up to
 * MAX_ASSIGNED_TOKEN (a session or refresh token is often longer), unless its key names data.
 */
const MIN_TOKEN = 20;
const MAX_TOKEN = 160;
const MAX_ASSIGNED_TOKEN = 2048;

/**
 * Ids that agent records and APIs print everywhere and that grant nothing, as a prefix and an id of
 * at most 40 characters after it: the same prefix before a longer run, or a body that says
 * `secret` (Stripe's `pi_…_secret_…`), is no id.
 */
const ID_PREFIX = /^(?:toolu_|srvtoolu_|msg_|req_|call_|chatcmpl-|resp_|run_|thread_|asst_|file-|file_|org-|proj_|batch_|evt_|cus_|sub_|price_|prod_|pi_|ch_|in_|txn_|gen-|cmpl-|sess_|conv_|item_|rs_|fc_|ws_|step_|span_|trace_|user_|acct_|ticket_|git-|ref-)/i;
const MAX_ID_BODY = 40;

/** Content digests by name (`sha256-…` of npm's integrity, `sha256:…` of an image): any length. */
const DIGEST_PREFIX = /^(?:sha\d+[-:]|md5[-:]|blake2b?[-:])/i;

/** Shapes that are random-looking by design and harmless. */
const HARMLESS_SHAPES: readonly RegExp[] = [
  /^(?:0x)?[0-9a-fA-F]+$/, // hashes: commits, content, digests
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, // UUID
  /^[0-9A-HJKMNP-TV-Z]{26}$/, // ULID
  /^[\d.:+-]+$/, // numbers, times, versions
  /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.-]*)?$/, // versions with a pre-release or build (`v1.2.3-rc.1+g5d8f6cc`)
  /^[A-Za-z]+(?:[-_.][A-Za-z]+)*$/, // words and identifiers without digits
  /^[A-Za-z]+\d{0,4}$/, // camelCase with a small number
  /^[a-z0-9]+(?:[-_][a-z0-9]+)+$/, // kebab and snake case in one case
];

/** CONSTANT_CASE (`MAX_RETRY_COUNT_V2`, `ISO-8859-1`), whose pieces read: LICENSE_KEY tells a key of that alphabet apart. */
const CONSTANT_CASE = /^[A-Z0-9]+(?:[-_][A-Z0-9]+)+$/;

/**
 * A license or product key (`7XKQ2-M9PDR-4HT8W-JC3VN-Q6B2Y`): three groups or more of 4 to 8 capitals
 * and digits, of one length, most mixing both. Names in capitals are words and small numbers.
 */
function isLicenseKey(token: string): boolean {
  const groups = token.split(/[-_]/);
  if (groups.length < 3 || groups.some((group) => group.length < 4 || group.length > 8 || group.length !== groups[0]!.length)) return false;
  return groups.filter((group) => /\d/.test(group) && /[A-Z]/.test(group)).length * 2 > groups.length;
}

/** A piece of a name that reads: a word, a CamelCase word, a number, a version, a short capital. */
const WORD_PIECE = /^(?:[a-z]{2,}\d{0,3}|(?:[A-Z][a-z]+)+\d{0,3}|[A-Z]{1,4}\d{0,3}|\d{1,4}[A-Za-z]{0,2}|v\d+)$/;

/**
 * Something that looks like a path, a module, a domain or a composed name
 * (`openrouter-llama-4-maverick_maxiter_50_N_v0`): most of its pieces read as words.
 */
function isWordy(token: string): boolean {
  const pieces = token.split(/[-_./+~]+/).filter(Boolean);
  // A long piece that reads as nothing is a token the words frame (`v2.local.<ciphertext>`).
  if (pieces.some(isRandomPiece)) return false;
  return pieces.length >= 3 && pieces.filter((piece) => WORD_PIECE.test(piece)).length >= pieces.length * 0.6;
}

/** A piece of a composed name that is a token of its own: long, mixing classes, and no hash. */
const isRandomPiece = (piece: string) => piece.length >= 24 && !/^[a-z]+$|^[0-9a-f]+$/i.test(piece) && mixesClasses(piece);

/**
 * [start, end) within `token` of what is random in it: from its first to its last piece that reads
 * as no word, when a long random piece (isRandomPiece) makes an otherwise wordy token
 * (`v2.local.<ciphertext>`, `MY_tskey-api-<id>-<secret>`); else the whole token. The words around
 * are no secret, and a rule that knows the framed token's shape names it.
 */
function randomSpan(token: string): [number, number] {
  if (!/[-_./+~]/.test(token)) return [0, token.length];
  const pieces = [...token.matchAll(/[^-_./+~]+/g)];
  const others = pieces.filter((piece) => !isRandomPiece(piece[0]));
  const words = others.filter((piece) => WORD_PIECE.test(piece[0])).length;
  if (others.length === pieces.length || words < 2 || words < others.length * 0.6) return [0, token.length];
  const unread = pieces.filter((piece) => !WORD_PIECE.test(piece[0]));
  return [unread[0]!.index, unread.at(-1)!.index + unread.at(-1)![0].length];
}

/** True when `token` mixes enough character classes to be random at all: the cheap test that comes first. */
function mixesClasses(token: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let beyondHex = 0;
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (code >= 65 && code <= 90) upper += 1;
    else if (code >= 97 && code <= 122) {
      lower += 1;
      if (code > 102) beyondHex += 1;
    } else if (code >= 48 && code <= 57) digit += 1;
  }
  return classesMix(upper, lower, digit, beyondHex, token.length);
}

/**
 * Upper and lower case and digits, or capitals and digits (a base32 seed, a license key), or only
 * lower-case letters and digits in a random measure (`xsqbfsz0ms9qve04pejxgzp0ql`, a Mattermost or
 * Twitch token) with letters past `f`: lower-case hex is a digest, and a path (`iterations/0001/plan.md`)
 * has separators, the two commonest tokens of a log, and neither costs more than this count.
 */
function classesMix(upper: number, lower: number, digit: number, beyondHex: number, length: number): boolean {
  if (upper >= 2 && digit >= 2 && (lower >= 2 || (lower === 0 && upper >= 3 && digit >= 3))) return true;
  return upper === 0 && lower + digit === length && beyondHex >= 3 && lower >= 6 && digit >= 3 && digit * 7 >= length;
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
  let beyondHex = 0;
  for (let index = from; index < end; index++) {
    const code = bytes[index]!;
    if (code >= 65 && code <= 90) upper += 1;
    else if (code >= 97 && code <= 122) {
      lower += 1;
      if (code > 102) beyondHex += 1;
    } else if (code >= 48 && code <= 57) digit += 1;
  }
  return classesMix(upper, lower, digit, beyondHex, end - from);
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
  // Upper case and digits only (a base32 seed, a license key, a password of capitals): quoted or
  // assigned, or in prose a key in groups (isLicenseKey), which no name of capitals looks like.
  if (lower === 0) return (!strict || isLicenseKey(token)) && upper >= 3 && digit >= 3 && bits >= 3.8;
  // Lower case and digits only: quoted or assigned only (in prose they are slugs, ids and build
  // names), and digits scattered as chance scatters them, not a word and a number (`release2024build`).
  if (upper === 0) return !strict && bits >= 3.6 && classSwitches(token) >= Math.max(4, token.length / 5);
  if (upper < 2 || lower < 2 || digit < 2) return false;
  return strict ? token.length >= 32 && bits >= 4.6 : bits >= (token.length >= 32 ? 4.3 : 4.0);
}

/** How often a token switches between letters and digits: a random one every few characters. */
function classSwitches(token: string): number {
  let switches = 0;
  for (let index = 1; index < token.length; index++) {
    const digitBefore = token.charCodeAt(index - 1) <= 57;
    if ((token.charCodeAt(index) <= 57) !== digitBefore) switches += 1;
  }
  return switches;
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

/** Keys whose values are random by design: signatures, ciphertext, ids, hashes. A session's id is its credential, not one of them. */
const DATA_KEY = /(?:signature|encrypted|ciphertext|content_hash|hash|digest|checksum|integrity|etag|nonce|salt|iv|id|uuid|sha\d*|md5|commit|revision|fingerprint|request_?id|trace|span|cursor)$/;
const SESSION_KEY = /(?:^|[_.-])(?:session|sess|sid)(?:[_.-]?id)?$|sessionid$|sessid$/;

/**
 * Keys whose values are derived from others (a digest, a signature, ciphertext): the same token
 * elsewhere in the text is that value again. An id key is a weaker promise: anything can be written
 * under `request_id` once, so only a token the text files under id keys twice or more (an id it
 * refers to, as agent records do) is an id everywhere else too.
 */
const DERIVED_KEY = /(?:signature|encrypted|ciphertext|hash|digest|checksum|integrity|etag|sha\d*|md5|fingerprint)$/;

/** Keys of blobs (an image, a file, an embedding): a long token under one is data, not a token. */
const BLOB_KEY = /(?:data|content|body|payload|image|img|icon|logo|file|blob|bytes|b64|base64|encoded|chunk|buffer|raw|svg|png|jpe?g|gif|webp|font|woff2?|wasm|pdf|zip|mappings|source|embedding|audio|video|thumbnail|screenshot|attachment)$/;

/**
 * The random-looking tokens of a view that no harmless shape explains.
 *
 * @example
 * findEntropyTokens(rawView('config "Zk8fQ2mX9vR4tL7pW1sN6bY3"')) // [{ start: 8, end: 32 }]
 */
export function findEntropyTokens(view: View): EntropyToken[] {
  const { text, bytes } = view;
  const found: Array<EntropyToken & { token: string }> = [];
  /** How often each token stood under a data key: a digest once, an id twice, and it is data everywhere (DERIVED_KEY). */
  const dataCount = new Map<string, number>();
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
    while (end < length && bytes[end] === 61 && end - start < MAX_ASSIGNED_TOKEN + 3) end += 1; // `=` padding
    const next = end;
    // Trailing padding and punctuation belong to the sentence, not the token.
    while (end > start && (bytes[end - 1] === 46 || bytes[end - 1] === 45 || bytes[end - 1] === 95)) end -= 1;
    let from = start;
    while (from < end && (bytes[from] === 46 || bytes[from] === 45)) from += 1;
    if (end - from >= MIN_TOKEN && end - from <= MAX_ASSIGNED_TOKEN && bytesMixClasses(bytes, from, end)) {
      const token = view.slice(from, end);
      const verdict = judge(text, token, from, end, blocks);
      if (verdict === 'derived') dataCount.set(token, 2);
      else if (verdict === 'id') dataCount.set(token, (dataCount.get(token) ?? 0) + 1);
      else if (verdict === 'random') {
        const [at, to] = randomSpan(token);
        found.push({ start: from + at, end: from + to, token });
      }
    }
    start = next;
  }
  return found.filter((candidate) => (dataCount.get(candidate.token) ?? 0) < 2).map(({ start: from, end }) => ({ start: from, end }));
}

/** A prefixed id (ID_PREFIX), short enough to be one and not saying it is a secret. */
function isPrefixedId(body: string): boolean {
  const prefix = ID_PREFIX.exec(body)?.[0];
  return prefix !== undefined && body.length - prefix.length <= MAX_ID_BODY && !/secret/i.test(body);
}

/**
 * What a token is: harmless, random (a candidate secret), derived (under a digest or signature key)
 * or an id (under an id key): harmless where it stands, and data elsewhere as DERIVED_KEY says.
 */
function judge(text: string, token: string, start: number, end: number, blocks: () => readonly [number, number][]): 'harmless' | 'random' | 'derived' | 'id' {
  const body = token.replace(/=+$/, '');
  if (!mixesClasses(body)) return 'harmless';
  // A path's slashes before a hash (`attachment://463777a0…`) are not part of it.
  const core = body.charCodeAt(0) === 47 ? body.replace(/^\/+/, '') : body;
  if (HARMLESS_SHAPES.some((shape) => shape.test(core)) || DIGEST_PREFIX.test(body) || isPrefixedId(body)) return 'harmless';
  if ((CONSTANT_CASE.test(body) || isWordy(body)) && !isLicenseKey(body)) return 'harmless';
  // An alphabet walked in both cases (`aBcDeF…123456`, `aAbBcC…`): a fixture typed by hand, not drawn. A
  // patterned run in one case stays judged: a key chosen by a person looks like that (`12345678ABCDEFH…`).
  if (isPlaceholder(body) || (/[a-z]/.test(body) && /[A-Z]/.test(body) && isPatterned(body))) return 'harmless';
  // A base64 data blob: `data:image/png;base64,` or a longer run this is a piece of.
  if (/base64,$/.test(text.slice(Math.max(0, start - 8), start))) return 'harmless';
  if (isPublicKeyMaterial(text, body, start, blocks)) return 'harmless';
  const { quoted, assigned, key } = contextOf(text, start, end);
  const valued = quoted || assigned;
  if (body.length > MAX_TOKEN && (!valued || BLOB_KEY.test(key))) return 'harmless';
  if (DATA_KEY.test(key) && !SESSION_KEY.test(key)) return DERIVED_KEY.test(key) ? 'derived' : 'id';
  return looksRandom(body, !valued) ? 'random' : 'harmless';
}
