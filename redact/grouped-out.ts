// A value read out in groups of two to four characters, one blank between every two (`gh p_ Rk 4T n8 Wq …`,
// `AKI AQX 7RT 2LM ZP4 KD9 WB`), as a person reads a key over the phone: the spelled reading
// (spelled-out.ts) joins such a run too, so every rule sees the word.
import type { Edit } from './view.ts';

/**
 * Five groups and more, the last perhaps of one. A quote or a bracket may open the run and a sign end
 * it (`"AKI AQX … WB".`, `(gh p_ …)`); the blank before it is consumed, not looked behind for (a third
 * of the time).
 */
const GROUPED = /(?:^|[\s"'\x60([{])(?:[A-Za-z0-9_+/=-]{2,4} ){4,128}[A-Za-z0-9_+/=-]{1,4}(?=[\s.,;:!?"'\x60)\]}]|$)/g;
/** A group that holds a letter and a digit (`4T`, `ZP4`): words of prose hold one or the other. */
const MIXED_GROUP = /^(?=[^ ]*[A-Za-z])(?=[^ ]*\d)[^ ]+$/;

/**
 * Adds the edits that join each run of groups of sixteen characters and more to `edits`: its blanks
 * deleted, where two groups or more mix letters and digits (`at 10 am on day 12 of` mixes none) and a
 * letter is no hex digit's (`7f45 4c46 0201 0100`, a dump's groups, are hex that the encoded runs read).
 *
 * @example
 * groupedEdits('AKI AQX 7RT 2LM ZP4 KD9 WB', edits) // six edits, one per blank
 */
export function groupedEdits(text: string, edits: Edit[]): void {
  GROUPED.lastIndex = 0;
  for (const run of text.matchAll(GROUPED)) {
    const blank = /^[\s"'\x60([{]/.test(run[0]) ? 1 : 0;
    const groups = run[0].slice(blank).split(' ');
    // A token's length joined (sixteen and more: `v1 v2 v3 rc1 rc2 go` is a list of versions).
    if (run[0].length - blank - (groups.length - 1) < 16 || groups.filter((group) => MIXED_GROUP.test(group)).length < 2 || !/[g-zG-Z_]/.test(run[0])) continue;
    let at = run.index + blank;
    for (const group of groups.slice(0, -1)) {
      at += group.length;
      edits.push({ at, end: at + 1, text: '' });
      at += 1;
    }
  }
}
