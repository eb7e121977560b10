// Checks the rule table uses to accept a match: checksums, address ranges, entropy, boundaries.
import { isIPv6 } from 'node:net';

/** Luhn checksum of the digits in `value` (separators ignored). */
export function passesLuhn(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * A payment card number: an issuer prefix, a card length, one separator style in the grouping cards
 * print (4-4-4-4, 4-6-5), and a valid Luhn digit. `2222222 100644` of a git index line is no card.
 */
export function isCardNumber(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (new Set(value.replace(/\d/g, '')).size > 1) return false;
  const groups = value.split(/[ -]/).map((group) => group.length);
  if (groups.length > 1 && !(groups.slice(0, -1).every((g) => g === 4) && groups.at(-1)! <= 4) && !/^4,6,[45]$/.test(groups.join(','))) return false;
  const issuer = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9]|2))/.test(digits);
  return issuer && passesLuhn(digits);
}

/** IPv4 addresses other than loopback, unspecified, broadcast, netmasks and the documentation ranges. */
export function isReportableIpv4(value: string): boolean {
  const octets = value.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => octet > 255)) return false;
  if (value.split('.').some((octet) => octet.length > 1 && octet.startsWith('0'))) return false; // 1.02.3.4 is a version
  const [a, b, c] = octets as [number, number, number, number];
  if (a === 127 || a === 0 || a === 255) return false;
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return false; // RFC 5737 documentation ranges
  }
  return true;
}

/** True when `value` with a prefix of `bits` is a network address: every host bit is zero (`10.0.0.0/8`). */
export function isNetworkAddress(value: string, bits: number): boolean {
  if (bits > 32) return false;
  const address = value.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const hostBits = 32 - bits;
  return hostBits === 0 ? false : address % 2 ** hostBits === 0;
}

/** IPv6 addresses other than loopback, unspecified and the documentation range 2001:db8::/32. */
export function isReportableIpv6(value: string): boolean {
  const address = value.replace(/%[\w.]+$/, '');
  if (!isIPv6(address) || !/\d/.test(address)) return false;
  const groups = address.split(':').filter(Boolean);
  if (groups.length < 2 && !address.startsWith('::ffff:')) return false; // `a::1`: a C++ scope or a tiny literal
  // `1::2`, `10::20` are slices; an address has a group of three hex digits or more (`fe80::1`) or many groups.
  if (groups.length < 4 && groups.every((group) => group.length < 3)) return false;
  const lower = address.toLowerCase();
  if (lower === '::1' || lower === '::' || /^2001:0?db8:/.test(lower) || /^::ffff:127\./.test(lower)) return false;
  return true;
}

/** Counts of each UTF-16 unit, reused by entropy(); entries are zeroed again after each call. */
const unitCounts = new Int32Array(1 << 16);
/** The distinct units of one value, in order of first occurrence. */
const distinct = new Uint16Array(1 << 16);

/**
 * Shannon entropy in bits per character (code point). Summed in order of first occurrence, as
 * entropyOf sums its Map, so both give the same bits to the last digit; without a surrogate pair a
 * value's code points are its units, counted in a reused array instead of a Map (a tenth of the time
 * of the entropy pass, which judges thousands of tokens per megabyte).
 */
export function entropy(value: string): number {
  const { length } = value;
  let kinds = 0;
  for (let index = 0; index < length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      for (let kind = 0; kind < kinds; kind++) unitCounts[distinct[kind]!] = 0;
      return entropyOf(value);
    }
    const seen = unitCounts[unit]!;
    unitCounts[unit] = seen + 1;
    if (seen === 0) distinct[kinds++] = unit;
  }
  let bits = 0;
  for (let kind = 0; kind < kinds; kind++) {
    const p = unitCounts[distinct[kind]!]! / length;
    unitCounts[distinct[kind]!] = 0;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** entropy() by code point, for a value holding a surrogate pair. */
function entropyOf(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A type or schema word written where a value goes (`password: string`, `cookie: required`). */
export const TYPE_NAME = /^(?:string|number|boolean|undefined|null|any|unknown|object|none|required|optional)$/i;

const CODE_WORDS = /^(?:true|false|bytes|secret|password|token|process\.env\..*|os\.environ.*|env\..*|self\..*|this\..*|config\..*|settings\..*|options\..*|props\..*|args\..*)$/i;

/**
 * A value assigned to a secret-looking name that looks like a real secret: mixed letters and digits,
 * symbols, or high entropy; not a code expression, a type name or a number.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (TYPE_NAME.test(value) || CODE_WORDS.test(value) || /^[\d.]+$/.test(value) || /^[a-z]+(?:[._-][a-z]+)*$/.test(value)) return false;
  const hasDigit = /\d/.test(value);
  const hasLetter = /[A-Za-z]/.test(value);
  if (hasDigit && hasLetter) return true;
  if (/[!@#$%^&*+/=~]/.test(value) && hasLetter) return true;
  return value.length >= 16 && entropy(value) >= 3.5;
}

/** Characters that continue a token: a match that touches one on either side is part of something longer. */
export function isTokenChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_-]/.test(char);
}
