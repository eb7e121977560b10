// The gutter reading: a listing's lines without what stands before each one's text. A line number
// (Claude Code's `     2→`, `cat -n`'s `     2<TAB>`, `nl`'s, an editor's `12 | `, `grep -n`'s `12:`),
// or a prefix every line of a run repeats (a quote's `> `, a comment's `// ` `# ` `-- ` `; `, a diff's
// `+`). A label on one line and its value on the next (`2→  password:` / `3→    v`) are then read as
// the rules read them without it.
import type { Edit, View } from './view.ts';

/** A line number and its separator at a line's start: `→` (folded to 0x80 in a base view) or a tab always, `:` or `|` in a run of two or more. */
const NUMBER_GUTTER = /^[ \t]*\d{1,7}(?:(?<strong>\x80|→|\t)|[ \t]*(?<weak>[|:│])[ \t]?)/;

/** Prefixes a run of lines repeats, the longest first: a run of two or more such lines reads without them. */
const REPEATED_PREFIXES = ['// ', '-- ', '> ', '# ', '; ', '+ ', '//', '>', '#', '+'];

/** Characters a line's gutter or prefix may start with: other lines are passed over at once. */
const GUTTER_STARTS = new Set([' ', '\t', '/', '-', '>', '#', ';', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

interface Line {
  start: number;
  end: number;
}

/** The gutter of the line, its length and whether it stands alone (a strong separator) or needs a run. */
function numberGutter(text: string, line: Line, real: (at: number) => string): { length: number; strong: boolean } | undefined {
  let first = line.start;
  while (first < line.end && (text[first] === ' ' || text[first] === '\t')) first++;
  const code = text.charCodeAt(first);
  if (code < 48 || code > 57) return undefined; // no digit first: most indented lines go no further
  const match = NUMBER_GUTTER.exec(text.slice(line.start, Math.min(line.end, line.start + 24)));
  if (!match) return undefined;
  const strong = match.groups!['strong'];
  if (strong === '\x80' && real(line.start + match[0].length - 1) !== '→') return undefined;
  return { length: match[0].length, strong: strong !== undefined };
}

/**
 * The gutter at `at` read as as many spaces: the line's text keeps its place, so a value found after
 * it maps back to itself alone, and an indented label or value stays indented.
 */
const blanked = (at: number, length: number): Edit => ({ at, end: at + length, text: ' '.repeat(length) });

/** The repeated prefix the line starts with, if any. */
const prefixOf = (text: string, line: Line) => REPEATED_PREFIXES.find((prefix) => text.startsWith(prefix, line.start) && line.start + prefix.length <= line.end);

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
  let run: { key: string; edits: Edit[]; labelled: boolean } | undefined;
  const close = () => {
    if (run && run.edits.length >= 2 && run.labelled) edits.push(...run.edits);
    run = undefined;
  };
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const line = { start, end: newline < 0 ? text.length : newline };
    start = line.end + 1;
    if (!GUTTER_STARTS.has(text[line.start]!)) {
      close();
      continue;
    }
    const gutter = numberGutter(text, line, real);
    if (gutter?.strong) {
      close();
      edits.push(blanked(line.start, gutter.length));
      continue;
    }
    const key = gutter ? 'number' : prefixOf(text, line);
    if (key === undefined) {
      close();
      continue;
    }
    if (run?.key !== key) close();
    run ??= { key, edits: [], labelled: false };
    run.edits.push(blanked(line.start, gutter ? gutter.length : key.length));
    if (!run.labelled) {
      let last = line.end - 1;
      while (last > line.start && (text[last] === ' ' || text[last] === '\t' || text[last] === '\r')) last--;
      run.labelled = text[last] === ':';
    }
  }
  close();
  return edits;
}
