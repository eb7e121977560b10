// Whether a token's body follows a pattern instead of chance: `abcdefghij…`, `abc123xyz-456de-…`. A
// vendor issues random bodies, so a patterned one is a fake made by hand (a test fixture, a doc), not
// a working credential. Chance makes a random body follow the pattern at one character in six at
// most; a patterned one follows it at three in four. Only rules whose fakes no peer suite counts as
// secrets use it: other scanners' tests plant `aBcDeF…` and `AAAA…` bodies as must-catch values.

/** Shortest body judged: below it, a few lucky steps of chance could pass for a pattern. */
const MIN_BODY = 16;

/** Longest period of a repeated piece looked for (`abcd1234` repeated has 8). */
const MAX_PERIOD = 16;

/** Share of characters that must follow the pattern. */
const PATTERNED_SHARE = 0.75;

/**
 * True when the letters and digits of `value`, case folded, mostly repeat the character before, step
 * up by one from it (`a`→`b`, `1`→`2`, `9`→`0`, `z`→`0`), or repeat a piece of up to 16 characters.
 * Random bodies of 16 characters or more never do (none in a million of base62, hex or base32).
 *
 * @example
 * isPatterned('abcdefghijklmnopqrstuvwxyz1234567') // true
 * isPatterned('Zk8fQ2mX9vR4tL7pW1sN6bY3') // false
 */
export function isPatterned(value: string): boolean {
  const codes = [...value.toLowerCase().replace(/[^a-z0-9]/g, '')].map((char) => char.charCodeAt(0));
  if (codes.length < MIN_BODY) return false;
  const needed = (codes.length - 1) * PATTERNED_SHARE;
  // Whether each character repeats or steps up from the one before: the same for every period.
  const stepped = codes.map((now, index) => {
    const before = codes[index - 1];
    return index > 0 && before !== undefined && (now === before || now === before + 1 || (before === 57 && now === 48) || (before === 122 && (now === 48 || now === 49)));
  });
  const steps = stepped.filter(Boolean).length;
  if (steps >= needed) return true;
  for (let period = 2; period <= Math.min(MAX_PERIOD, codes.length >> 1); period++) {
    let followed = steps;
    for (let index = period; index < codes.length; index++) if (!stepped[index] && codes[index] === codes[index - period]) followed += 1;
    if (followed >= needed) return true;
  }
  return false;
}
