// An imported run's page, clipped for reading after it was redacted. The importers keep 12,000
// characters of each text (cut at a line or a space), the redactor reads all of them, and only then is
// each text cut to what a page shows: a cut in a secret's middle (a quoted passphrase, a token a
// terminal wrapped) happens before the redactor saw the rest of it only when the secret runs past the
// importer's margin of 4,000 characters, not at the page's cut.
import { derivedFromPublic, type PublicText } from '../core/public-text.ts';
import { placeholderOf, type RedactResult } from '../redact/redact-text.ts';
import { controlCount } from './redact-item.ts';
import { clipText } from '../sources/clip-text.ts';
import { firstLine } from '../sources/read-record.ts';
import { DEFAULT_READ_LIMITS } from '../sources/source-reader.ts';

/** Characters of one text an imported page shows: the importers' limit less a margin the redactor reads past. */
const PAGE_CLIP_CHARS = DEFAULT_READ_LIMITS.clipChars - 4000;
/** Characters of an imported run's title (the first line of its task), and of a subagent run's. */
const TITLE_CHARS = 200;

/**
 * What a page shows of one redacted text of an imported run: PAGE_CLIP_CHARS of what the redactor read,
 * counted in the text it read, not in its redacted form. Redaction shrinks or grows a text (a key block
 * becomes a short placeholder, a short value a longer one), and a cut counted in the redacted text would
 * fall past the margin, where the redactor saw no more than the importer kept. The findings' spans map
 * the cut into the redacted text (a span the cut falls in is shown as its placeholder); without them the
 * cut moves back by the text's net shrink.
 *
 * @example
 * clipShown(readText, result.text, result).length <= 8000
 */
export function clipShown(read: string, redacted: PublicText, result: RedactResult): PublicText {
  if (read.length <= PAGE_CLIP_CHARS) return redacted;
  const spans = result.spans?.length === result.findings.length ? result.spans : undefined;
  // The redactor reads a text without its control characters (createRedactor): each one read is one fewer shown.
  const budget = spans
    ? cutInRedacted(spans, result.findings.map((f) => placeholderOf(f).length)) - controlCount(read)
    : PAGE_CLIP_CHARS - Math.max(0, read.length - redacted.length);
  return redacted.length <= budget ? redacted : derivedFromPublic(clipText(redacted, Math.max(0, budget)).text);
}

/** Where PAGE_CLIP_CHARS of the text read falls in the redacted text: between spans both are the same, each span became its placeholder. */
function cutInRedacted(spans: ReadonlyArray<readonly [number, number]>, placeholders: readonly number[]): number {
  let readAt = 0;
  let outAt = 0;
  for (const [index, [start, end]] of spans.entries()) {
    if (start >= PAGE_CLIP_CHARS) break;
    outAt += start - readAt + placeholders[index]!;
    readAt = end;
    if (end >= PAGE_CLIP_CHARS) return outAt;
  }
  return outAt + (PAGE_CLIP_CHARS - readAt);
}

/**
 * The titles of a redacted imported page (its own, its subagent runs') cut to their first line of at
 * most TITLE_CHARS, at a space; its other texts were cut as they were redacted (clipShown). Takes and returns public text: clipping the redactor's output adds nothing to it.
 *
 * @example
 * clipImportedPage(redactedPage).title.length <= 201 // cut between words, with an ellipsis
 */
export function clipImportedPage<T extends { title: string; trace?: { subruns: { title: string | null }[] } | undefined }>(page: T): T {
  const trace = page.trace && { ...page.trace, subruns: page.trace.subruns.map((sub) => ({ ...sub, title: sub.title === null ? null : titleLine(sub.title) })) };
  return { ...page, title: titleLine(page.title), ...(trace ? { trace } : {}) };
}

/**
 * A title as a page shows it: the first line of the redacted text, cut to TITLE_CHARS between words.
 * An importer keeps the whole text its title starts (sources/read-record.ts fromFirstLine), so the
 * redactor read past the line's end before this cut.
 */
function titleLine(text: string): string {
  const line = firstLine(text) ?? text;
  const title = clipText(line, TITLE_CHARS);
  return title.clipped ? `${title.text.trimEnd()}…` : line;
}
