// The gutter reading: a listing's lines without what stands before each one's text. A line number
// (Claude Code's `     2→`, `cat -n`'s `     2<TAB>`, `nl`'s, `less -N`'s, an editor's `12 | `, `grep -n`'s
// `12:` and `13-`, after a file's name too), a log's time, level or source, or a mark every line of a run
// repeats (a quote's `> `, a comment's `// ` `# ` `-- ` `; ` `% ` `! `, a diff's `+` and `-`). A label on one line and its value on the next (`2→  password:` / `3→    v`) are then read as
// the rules read them without it.
import { FOLDED_CHAR } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

/**
 * A line number and its separator at a line's start: `→` (folded to 0x80 in a base view) or a tab
 * always; `:`, `-` (grep's context lines), `|` or blanks alone in a run of two or more; after a file's
 * name as grep prints it (`config/app.yml:12:`, `config/app.yml-13-`).
 */
const NUMBER_GUTTER = /[ \t]*(?:[\w./-]{1,160}?[:-])?\d{1,7}(?:(?<strong>\x80|→|\t)|[ \t]*(?<weak>[|:│-])[ \t]?|(?<blank>[ \t]+))/y;

/**
 * What a log puts before each line (a time, a level or a source in brackets, a build step's number and
 * time): different on every line, the same kind in a run.
 */
const LOG_PREFIX = /(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?|\[[^\]\n]{1,80}\]|#\d{1,4}[ \t]+\d{1,6}\.\d{1,4})[ \t]+/y;

/** Marks a run of lines repeats (a quote's `>`, nested `> >`; a comment's `//`, `///`, `#`, `--`, `;`, `;;`, `%`, `!`; a diff's `+` and `-`), blanks between. */
const REPEATED_PREFIX = /(?:\/\/\/?|--|;;?|[>#%!+-])(?:[ \t]*(?:>|\/\/))*[ \t]?/y;

/** Characters a log's prefix starts with, and a repeated mark. */
const LOG_STARTS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '[', '#']);
const MARK_STARTS = new Set(['/', '-', '>', '#', ';', '+', '%', '!']);

interface Line {
  start: number;
  end: number;
}

/** What stands before a line's text: its length, the kind of run it makes (`key`), and whether it stands alone (a strong gutter). */
interface Gutter {
  length: number;
  key: string;
  strong: boolean;
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/** True when a digit follows the first `:` or `-` of the line, within a file name's reach: where grep's file name may end. */
function numberAfterName(text: string, line: Line): boolean {
  // The line's head only, char by char: a search of the text for a line without one would run to the next such line.
  let [colon, dash] = [false, false];
  for (let at = line.start + 1, reach = Math.min(line.end, line.start + 160); at < reach && !(colon && dash); at++) {
    const char = text[at];
    if ((char === ':' && !colon) || (char === '-' && !dash)) {
      if (isDigit(text[at + 1])) return true;
      if (char === ':') colon = true;
      else dash = true;
    }
  }
  return false;
}

/** A sticky match of `pattern` at the line's start, or undefined. */
function matchAt(pattern: RegExp, text: string, line: Line): RegExpExecArray | undefined {
  pattern.lastIndex = line.start;
  const match = pattern.exec(text);
  return match && match.index + match[0].length <= line.end ? match : undefined;
}

/** The gutter or repeated mark of the line, if any. */
function gutterOf(text: string, line: Line, real: (at: number) => string): Gutter | undefined {
  const first = text[line.start];
  // A log's time first: its date would read as a file's name and a number.
  const log = first !== undefined && LOG_STARTS.has(first) ? matchAt(LOG_PREFIX, text, line) : undefined;
  if (log) return { length: log[0].length, key: 'log', strong: false };
  let lead = line.start;
  while (lead < line.end && (text[lead] === ' ' || text[lead] === '\t')) lead++;
  if (isDigit(text[lead]) || (lead === line.start && numberAfterName(text, line))) {
    const number = matchAt(NUMBER_GUTTER, text, line);
    if (number) {
      const strong = number.groups!['strong'];
      if (strong !== FOLDED_CHAR || real(line.start + number[0].length - 1) === '→') {
        return { length: number[0].length, key: number.groups!['blank'] ? 'number-blank' : 'number', strong: strong !== undefined };
      }
    }
  }
  const mark = first !== undefined && MARK_STARTS.has(first) ? matchAt(REPEATED_PREFIX, text, line) : undefined;
  // The run's kind is its marks without their blanks: `+password:` and `+  v` are one diff's lines.
  return mark ? { length: mark[0].length, key: mark[0].replace(/[ \t]/g, ''), strong: false } : undefined;
}

/**
 * The gutter at `at` read as as many spaces: the line's text keeps its place, so a value found after
 * it maps back to itself alone, and an indented label or value stays indented.
 */
const blanked = (at: number, length: number): Edit => ({ at, end: at + length, text: ' '.repeat(length) });

/**
 * The edits of the gutter reading of `view`, in order and without overlaps: each line's number gutter
 * blanked, and each repeated prefix of a run of two or more lines with a label among them.
 *
 * @example
 * gutterEdits(rawView('  1→password:\n  2→  v')) // [{ at: 0, end: 4, text: '    ' }, { at: 14, end: 18, text: '    ' }]
 */
export function gutterEdits(view: View): Edit[] {
  const { text } = view;
  const real = (at: number) => view.slice(at, at + 1);
  const edits: Edit[] = [];
  /**
   * The run of lines whose prefix or weak gutter is pending: it counts only if it has two lines, one
   * of them a label with its value below (a line ending in `:`). A diff's or a comment block's other
   * runs read the same without their prefix, and would only cost a reading of every such line.
   */
  let run: { key: string; gutters: Array<[number, number]>; labelled: boolean } | undefined;
  const close = () => {
    // The edits are made only for a run that is kept: most runs (a diff, a log) are not.
    if (run && run.gutters.length >= 2 && run.labelled) for (const [at, length] of run.gutters) edits.push(blanked(at, length));
    run = undefined;
  };
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const line = { start, end: newline < 0 ? text.length : newline };
    start = line.end + 1;
    const gutter = gutterOf(text, line, real);
    if (gutter?.strong) {
      close();
      edits.push(blanked(line.start, gutter.length));
      continue;
    }
    if (gutter === undefined) {
      close();
      continue;
    }
    if (run?.key !== gutter.key) close();
    run ??= { key: gutter.key, gutters: [], labelled: false };
    run.gutters.push([line.start, gutter.length]);
    if (!run.labelled) {
      let last = line.end - 1;
      while (last > line.start && (text[last] === ' ' || text[last] === '\t' || text[last] === '\r')) last--;
      run.labelled = text[last] === ':';
    }
  }
  close();
  return edits;
}
