// An imported run's page, clipped for reading after it was redacted. The importers keep 12,000
// characters of each text (cut at a line or a space), the redactor reads all of them, and only then is
// each text cut to what a page shows: a cut in a secret's middle (a quoted passphrase, a token a
// terminal wrapped) happens before the redactor saw the rest of it only when the secret runs past the
// importer's margin of 4,000 characters, not at the page's cut.
import { derivedFromPublic, type PublicText } from '../core/public-text.ts';
import { clipText } from '../sources/clip-text.ts';
import { firstLine } from '../sources/read-record.ts';
import { DEFAULT_READ_LIMITS } from '../sources/source-reader.ts';

/** Characters of one text an imported page shows: the importers' limit less a margin the redactor reads past. */
const PAGE_CLIP_CHARS = DEFAULT_READ_LIMITS.clipChars - 4000;
/** Characters of an imported run's title (the first line of its task), and of a subagent run's. */
const TITLE_CHARS = 200;

/**
 * What a page shows of one redacted text of an imported run: PAGE_CLIP_CHARS of what the redactor read,
 * counted in the text it read, not in its redacted form. Redaction shrinks a text (a key block becomes
 * a short placeholder), and a cut counted in the shrunk text would fall past the margin, where the
 * redactor saw no more than the importer kept. So the cut moves back by as much as the text shrank:
 * never later than PAGE_CLIP_CHARS of the text read, sooner when the shrinking lay after it.
 *
 * @example
 * clipShown(readText, redactedText).length <= 8000
 */
export function clipShown(read: string, redacted: PublicText): PublicText {
  if (read.length <= PAGE_CLIP_CHARS) return redacted;
  const budget = PAGE_CLIP_CHARS - Math.max(0, read.length - redacted.length);
  return redacted.length <= budget ? redacted : derivedFromPublic(clipText(redacted, Math.max(0, budget)).text);
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
