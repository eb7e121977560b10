// Which values are too guessable to stand behind a fingerprint. A placeholder's `#ab12` is an HMAC
// cut to 16 bits: it cannot be reversed, but it confirms a guess. Whoever can get text into the loop
// can plant candidates (`PIN 0000` … `PIN 9999`), let journey publish their fingerprints beside the
// real one, and pick the match: a space of 10^4 is recovered outright, 10^6 narrowed to ~15. So a
// value gets no fingerprint unless its space is far beyond what any publish could carry.

/**
 * Shorter values get no fingerprint: PINs, short passwords and most of every leaked-password list
 * live here, and a person's choices fill far less of the space than their characters suggest.
 */
const MIN_LENGTH = 12;

/**
 * Nor does a value whose characters carry fewer bits than this at most (length times the bits of
 * the classes it draws from: a 14-digit number has 46). A publish of 100 MB holds about 2^23 lines:
 * planting candidates tests a vanishing part of 2^48.
 */
const MIN_BITS = 48;

/**
 * True when a fingerprint of `value` would help guess it: fewer than 12 characters, or fewer than
 * 48 bits by its character classes.
 *
 * @example
 * isGuessable('4821') // true
 * isGuessable('Lantern-harbor-2931') // false
 */
export function isGuessable(value: string): boolean {
  // 15 characters carry 48 bits even as digits alone, and 30 UTF-16 units hold at least 15: only
  // shorter values need counting (a value may be a megabyte).
  if (value.length >= 30) return false;
  const chars = [...value];
  if (chars.length < MIN_LENGTH) return true;
  let digit = 0;
  let lower = 0;
  let upper = 0;
  let other = 0;
  for (const char of chars) {
    if (char >= '0' && char <= '9') digit = 10;
    else if (char >= 'a' && char <= 'z') lower = 26;
    else if (char >= 'A' && char <= 'Z') upper = 26;
    else other = 33;
  }
  return chars.length * Math.log2(digit + lower + upper + other) < MIN_BITS;
}
