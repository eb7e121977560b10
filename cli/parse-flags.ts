// Reads a command's argv against its flag table: the usage errors a new user meets (a typo, a missing
// value, a negative number) say what was meant, instead of parseArgs' "argument is ambiguous".
import { parseArgs } from 'node:util';
import { JourneyError } from '../core/journey-error.ts';

/** What parse-flags needs to know of a flag (define-command's FlagSpec is one). */
export interface FlagShape {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** A whole number in this range; checked here, so every command words it the same way. */
  range?: { min: number; max: number };
}

export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** A negative number is a value, not an option (`--iterations -3`, `--port -1`). */
const NUMBER = /^-\d/;

/** Levenshtein distance of two short words. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/**
 * The flags closest to a mistyped one: a flag it begins (`--pub` → `--public`) or one a few edits away
 * (a third of its length, at least one). Two equally close ones are both offered; more, none.
 *
 * @example
 * closestFlags('pubic', ['public', 'full', 'help']) // ['public']
 */
function closestFlags(typed: string, names: readonly string[]): string[] {
  const word = typed.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  if (word === '') return [];
  const limit = Math.max(1, Math.floor(word.length / 3));
  const scored = [...new Set(names)].map((name) => ({ name, score: name.startsWith(word) ? 0.5 : distance(word, name) }))
    .filter((entry) => entry.score <= limit);
  const best = Math.min(...scored.map((entry) => entry.score));
  const closest = scored.filter((entry) => entry.score === best).map((entry) => entry.name);
  return closest.length <= 2 ? closest : [];
}

function unknownOption(raw: string, names: readonly string[]): string {
  const shown = raw.split('=')[0]!;
  const closest = closestFlags(shown, names).map((name) => `--${name}`);
  const hint = closest.length > 0 ? `; did you mean ${closest.join(' or ')}?` : '';
  return `unknown option ${shown}${hint}`;
}

function checkRange(flag: FlagShape, value: string): void {
  if (!flag.range) return;
  const { min, max } = flag.range;
  if (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max) return;
  const shown = value.length > 24 ? `${value.slice(0, 24)}...` : value;
  throw new JourneyError('JOURNEY_USAGE', `--${flag.name} must be a whole number from ${min} to ${max}, got ${shown === '' ? 'nothing' : shown}`);
}

/**
 * Parses argv as parseArgs' strict mode would, with usage errors in the operator's words: an unknown
 * flag with a did-you-mean, a flag missing its value, a value given to a switch, a stray argument, a
 * number out of its range. `--flag -3` and `--flag=-3` both give the string flag `-3`.
 *
 * @example
 * parseFlags([{ name: 'iterations', type: 'string', range: { min: 0, max: 100 } }], ['--iterations', '-3'], false)
 * // throws JOURNEY_USAGE: --iterations must be a whole number from 0 to 100, got -3
 */
export function parseFlags(flags: readonly FlagShape[], argv: readonly string[], allowPositionals: boolean): ParsedFlags {
  const byName = new Map(flags.map((flag) => [flag.name, flag]));
  const names = [...byName.keys()];
  const options = Object.fromEntries(flags.map((flag) => [flag.name, { type: flag.type, ...(flag.multiple ? { multiple: true } : {}) }]));
  // Not strict: parseArgs would refuse `--iterations -3` as ambiguous; each of its checks is made below.
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!allowPositionals) throw new JourneyError('JOURNEY_USAGE', `unexpected argument ${token.value}: this command takes options only`);
      continue;
    }
    if (token.kind !== 'option') continue;
    const flag = byName.get(token.name);
    const raw = argv[token.index]!;
    if (!flag || !raw.startsWith('--')) throw new JourneyError('JOURNEY_USAGE', unknownOption(raw, names));
    if (flag.type === 'boolean' && token.value !== undefined) {
      throw new JourneyError('JOURNEY_USAGE', `--${flag.name} is a switch and takes no value`);
    }
    if (flag.type !== 'string') continue;
    if (token.value === undefined) throw new JourneyError('JOURNEY_USAGE', `--${flag.name} needs a value`);
    if (!token.inlineValue && token.value.startsWith('-') && !NUMBER.test(token.value)) {
      // `--out --public`: the value was forgotten; a value that does start with a dash goes after `=`.
      throw new JourneyError('JOURNEY_USAGE', `--${flag.name} needs a value, got the option ${token.value}; write --${flag.name}=${token.value} if that is the value`);
    }
    checkRange(flag, token.value);
  }
  return { values: values as ParsedFlags['values'], positionals };
}
