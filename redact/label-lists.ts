// Values under a label: the list items below `recovery codes:` or `## Password`, a setext heading's
// or a definition list's term and what follows it, a name alone on its line above a lone value, a
// sentence naming a credential above an indented block, and a label's flow sequence on its own line
// (`passwords: [a, b]`). Each value reads as `name: value` on its line, as the layout reading's cells do.
import { isCredentialName } from './credential-names.ts';
import { looksDrawn } from './credential-values.ts';
import { argumentsAt, cellEdits, cellsEdits, lineAt } from './table-cells.ts';
import type { Edit } from './view.ts';

/** A few words of a name. */
const NAME = String.raw`[A-Za-z][\w.-]{0,40}(?:[ \t][\w.-]{1,40}){0,3}`;

/** A line that is a label and nothing more: `recovery codes:`, `- **Password**:`, `  db_password:`. */
const LABEL_LINE = new RegExp(String.raw`^[ \t]*(?:[-*>#]+[ \t]+)?(?:\*\*|__)?(?<name>${NAME})(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*\r?$`);

/** A heading or a bold line that names what follows without a colon (`## Password`, `**Admin password**`). */
const HEADING_LINE = new RegExp(String.raw`^[ \t]*(?:#{1,6}[ \t]+(?<name>${NAME})|(?:\*\*|__)(?<bold>${NAME})(?:\*\*|__))[ \t]*\r?$`);

/** A name alone on its line, as a setext heading's or a definition list's term is (`Password`, `Admin password`); no flag (`-raw`): that is a command. */
const BARE_NAME_LINE = /^[ \t]{0,3}(?<name>[A-Za-z][\w.-]{0,40}(?:[ \t][A-Za-z0-9][\w.-]{0,39}){0,3})[ \t]*\r?$/;

/** What tells a bare name's line is a term: a setext underline, or a definition (`: v`, `~ v`) below it. */
const TERM_MARK = /^(?:[ \t]{0,3}(?:={2,}|-{2,})[ \t]*\r?$|[ \t]{0,3}[:~][ \t]+\S)/;

/** A label's flow sequence (`passwords: [a, b]`, `"recovery_codes": ["a", "b"],`): the list opens at the match's end. */
const FLOW_LINE = new RegExp(String.raw`^[ \t]*(?:[-*][ \t]+)?(?<quote>["']?)(?<name>${NAME})\k<quote>[ \t]*[:=][ \t]*(?=\[)`);

/**
 * A sentence that points at the value below it: it ends with a colon or with `below`, `following`,
 * `as follows`, `here` (`The password is below.`); no code's `=`, `{`, `;` or `(`.
 */
const POINTING_LINE = /^[ \t]{0,3}[A-Z][^=;{(\n]{0,300}?(?::|\b(?:below|following|as follows|here)[.:!]?)[ \t]*\r?$/;

/** A prompt's end (`The new password is:`): the value below it is the credential-prompt rule's. */
const PROMPT_END = /(?:pass(?:word|phrase|code)|pin|codes?|key|psk)(?:[ \t]+(?:is|was))?[ \t]*:$/i;

/** A cheap first look at a pointing line's end, before its pattern reads it from its start. */
function pointsBelow(line: string): boolean {
  const tail = line.trimEnd();
  if (tail.length > 320) return false;
  return tail.endsWith(':') ? !PROMPT_END.test(tail.slice(-24)) : /(?:below|following|follows|here)[.:!]?$/.test(tail.slice(-12));
}

/**
 * A line below a label that is one value: a list item (`- v`, `* v`, `+ v`, `• v`, `1. v`, `(1) v`,
 * `a. v`, `> v`, a checkbox's `- [ ] v`, a definition's `: v`), or, under a heading, a lone word
 * (under a label's colon that is the credential-prompt rule's); a comment may follow (`- v  # prod`).
 */
const VALUE_LINE = /^[ \t]*(?:(?:[-*+>:~]|\u2022|\x80|\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)])[ \t]+(?:\[[ xX]\][ \t]+)?|(?<lone>))(?<value>[^\s:#=][^\s]{3,200}?)(?:[ \t]+(?:#|\/\/)[^\n]{0,200}|[ \t]*,?[ \t]*)\r?$/;

/** Lines between a label and its list read past: blank lines, a lone dash, a code fence, a setext underline. */
const SPACER_LINE = /^[ \t]*(?:-|~{3,}[\w-]*|\x60{3,}[\w-]*|={2,}|-{2,})?[ \t]*\r?$/;

/** Lines below a label read as its values, at most: a longer list is data, read by its lines' own rules. */
const MAX_LIST_LINES = 32;

interface ListShape {
  /** A lone word on its line is a value (under a heading, a term, a sentence), not only a list item. */
  lone: boolean;
  /** Each value must read as drawn: only a bare name or a sentence points at it. */
  drawn: boolean;
}

/** Reads each value line below the label line ending at `labelEnd` as `name: value`; returns where the reading ended. */
function listEdits(text: string, name: string, labelEnd: number, edits: Edit[], shape: ListShape): number {
  let end = labelEnd;
  let found = 0;
  let spaced = false;
  for (let lines = 0; lines < MAX_LIST_LINES && end < text.length; lines++) {
    const start = end + 1;
    const newline = text.indexOf('\n', start);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(start, lineEnd);
    // Before the first value, a blank line, a lone dash, a fence or an underline is read past (`Password:` / `` / `- v`).
    if (found === 0 && lines < 3 && SPACER_LINE.test(line)) {
      end = lineEnd;
      spaced = true;
      continue;
    }
    const match = VALUE_LINE.exec(line);
    // A lone word right under a label's colon is the credential-prompt rule's; after a heading or a spacer, this reading's.
    if (!match || (match.groups!['lone'] !== undefined && !shape.lone && !spaced)) break;
    const value = match.groups!['value']!;
    if (shape.drawn && !looksDrawn(value)) break;
    found += 1;
    const at = start + match.index + match[0].indexOf(value);
    cellEdits(text, start, lineEnd, name, { start: at, end: at + value.length, text: value }, edits);
    end = lineEnd;
  }
  return found === 0 ? labelEnd : end;
}

/** `name` as a credential's name, a plural of passwords read as one (`tokens:` lists kinds of token, `passwords:` passwords), or undefined. */
function credentialNamed(name: string): string | undefined {
  if (isCredentialName(name)) return name;
  const singular = name.replace(/(pass(?:word|phrase|code)s?)s$/i, '$1');
  return isCredentialName(singular) ? singular : undefined;
}


/** The credential a sentence names at `at`: its word, or the word before and it (`recovery codes`). */
function nameAround(text: string, at: number, lineStart: number): string | undefined {
  let [a, b] = [at, at];
  while (a > lineStart && /[\w-]/.test(text[a - 1]!)) a--;
  while (b < text.length && /[\w-]/.test(text[b]!)) b++;
  const word = text.slice(a, b);
  const before = /([A-Za-z][\w-]{0,40})[ \t]+$/.exec(text.slice(Math.max(lineStart, a - 42), a))?.[1];
  return credentialNamed(word) ?? (before === undefined ? undefined : credentialNamed(`${before} ${word}`));
}

/** Reads a flow sequence's items as `name: item` each, when the label names a credential; returns whether the line was one. */
function flowEdits(text: string, start: number, end: number, edits: Edit[]): boolean {
  const line = text.slice(start, end);
  const match = FLOW_LINE.exec(line);
  if (!match) return false;
  const list = argumentsAt(text, start + match[0].length);
  const name = credentialNamed(match.groups!['name']!);
  // The list closes its line (a trailing comma or brace aside): a list inside code goes on.
  if (!list || name === undefined || !/^[ \t]*[,}]?[ \t]*\r?$/.test(text.slice(list.end, end))) return true;
  const items = list.cells.filter((cell) => cell.text !== '' && !/^[[{]/.test(cell.text));
  if (items.length > 0 && items.length <= MAX_LIST_LINES) cellsEdits(text, start, end, name, items, edits);
  return true;
}

/**
 * Reads the values the line [start, end) labels, when it is a label of any kind (a label line, a
 * heading, a term, a flow sequence, a sentence pointing below): returns where the reading ended, or
 * undefined when the line labels nothing (a table's line, prose). `hint` is where the line names a
 * credential.
 *
 * @example
 * const edits: Edit[] = []; labelEdits('Password\n--------\n\nGq2-saffron-Zt82e', 0, 8, 0, edits) // line 4 reads 'Password: Gq2-saffron-Zt82e'
 */
export function labelEdits(text: string, start: number, end: number, hint: number, edits: Edit[]): number | undefined {
  const line = text.slice(start, end);
  const label = LABEL_LINE.exec(line)?.groups?.['name'];
  const labelName = label === undefined ? undefined : credentialNamed(label);
  if (labelName !== undefined) return listEdits(text, labelName, end, edits, { lone: false, drawn: false });
  const heading = label === undefined ? HEADING_LINE.exec(line)?.groups : undefined;
  const headed = heading?.['name'] ?? heading?.['bold'];
  if (headed !== undefined) {
    const name = credentialNamed(headed);
    return name === undefined ? end : listEdits(text, name, end, edits, { lone: true, drawn: false });
  }
  if (line.includes('[') && flowEdits(text, start, end, edits)) return end;
  const bare = label === undefined ? BARE_NAME_LINE.exec(line)?.groups?.['name'] : undefined;
  const bareName = bare === undefined ? undefined : credentialNamed(bare);
  if (bareName !== undefined) {
    // A term (underlined, or with a definition below) names its value; a name alone above a lone word only when it reads as drawn.
    const read = listEdits(text, bareName, end, edits, { lone: true, drawn: !TERM_MARK.test(end >= text.length ? '' : text.slice(...lineAt(text, end + 1))) });
    if (read > end) return read;
  }
  if (pointsBelow(line) && POINTING_LINE.test(line)) {
    const name = nameAround(text, hint, start);
    if (name !== undefined) return listEdits(text, name, end, edits, { lone: true, drawn: true });
  }
  return label === undefined ? undefined : end;
}
