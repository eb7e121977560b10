// Record values written back as JSON text (a tool call's arguments, a result that is no text): a value
// nested deeper than JSON.stringify follows is shown as a note, and the rest of the record is read.

/** What a page shows for a value nested too deeply to write out: journey's words, never the record's. */
const TOO_DEEP_TO_SHOW = '[nested too deeply to show]';

/**
 * `value` as JSON text; '' for undefined; the note TOO_DEEP_TO_SHOW for a value nested past the
 * stack (a record may nest arguments 20,000 levels deep: JSON.parse builds them, JSON.stringify cannot).
 *
 * @example
 * jsonText({ command: 'ls' }) // '{"command":"ls"}'
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    if (error instanceof RangeError) return TOO_DEEP_TO_SHOW;
    throw error;
  }
}
