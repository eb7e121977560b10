// Whether a token's body is words rather than chance: `NotARealKeyButItLooksLikeOne`,
// `updatePreferredCharacteristicValuesForBackgroundRefresh`. A vendor issues random bodies; words
// of that length are a name or a hand-made stand-in, never a working credential.

/** Fewest letters of words judged: shorter random letters read as words one time in a hundred thousand (36 letters), a million at 45. */
const MIN_WORD_LETTERS = 40;

/** A word of a name: a capital or none, then lower-case letters (`Real`, `App`, `checking`); or a lone capital (`A`). */
const WORD = /^[A-Z]?[a-z]+$|^[A-Z]$/;

/**
 * True when `body` (a token's body, its vendor prefix removed) is words: split at separators and
 * case changes, every piece is a word with a vowel and no five consonants in a row, or a small
 * number (one in four at most); few words are lone capitals, they are three letters long on average,
 * three letters in ten are vowels, and there are 40 letters or more
 * (`updatePreferredCharacteristicValuesForBackgroundRefresh`). A vendor's random characters break
 * into short fragments without vowels, runs of capitals and digits.
 *
 * @example
 * readsAsWords('updatePreferredCharacteristicValuesForBackgroundRefresh') // true
 * readsAsWords('wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx') // false
 */
export function readsAsWords(body: string): boolean {
  const pieces = body.split(/[-_.]+|(?<=[a-z])(?=[A-Z\d])|(?<=\d)(?=[A-Za-z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
  const numbers = pieces.filter((piece) => /^\d{1,4}$/.test(piece)).length;
  const words = pieces.filter((piece) => WORD.test(piece) && /[aeiouy]/i.test(piece) && !/[^aeiouy]{5}/i.test(piece));
  if (words.length < 3 || words.length + numbers < pieces.length || numbers * 4 > words.length) return false;
  const letters = words.reduce((sum, piece) => sum + piece.length, 0);
  const lone = words.filter((piece) => piece.length === 1).length;
  const vowels = words.join('').replace(/[^aeiouy]/gi, '').length;
  return letters >= MIN_WORD_LETTERS && lone * 4 <= words.length && letters >= words.length * 3 && vowels * 10 >= letters * 3;
}
