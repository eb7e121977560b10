// What a finding's value is on a built page: the page's text, never its markup. A rule whose value runs
// to its line's end reads a page's source line, where the text of one block is followed by the tags of
// the next (`v</pre></section><section>…`); a browser shows those as a break, and no JSON the page was
// built from holds them, so the value the scan reports and withdraws stops at the first of them.
import { BREAKING_TAG } from '../contract/breaking-tags.ts';

/** A built page's name, a compressed twin's too (`iterations/7/index.html.gz`). */
const PAGE_NAME = /\.html?(?:\.gz|\.br)?$/i;

/**
 * True when `file` is a built page (HTML): its values end where its text does.
 *
 * @example
 * isPageFile('iterations/7/index.html.br') // true
 * isPageFile('iterations/7.json') // false
 */
export const isPageFile = (file: string) => PAGE_NAME.test(file);

/**
 * `value` up to the first tag a browser shows as a break (contract/breaking-tags.ts), its trailing
 * spaces dropped: the text of the page's block it was found in. A value that is markup from its start
 * is kept whole (it is no page text, and nothing shorter names it).
 *
 * @example
 * pageTextValue('Jr5-cobalt-Wen31</pre></section><section class="step">') // 'Jr5-cobalt-Wen31'
 * pageTextValue('a<b>c') // 'a<b>c'
 */
export function pageTextValue(value: string): string {
  for (let at = value.indexOf('<'); at >= 0; at = value.indexOf('<', at + 1)) {
    if (!BREAKING_TAG.test(value.slice(at, at + 16))) continue;
    const text = value.slice(0, at).trimEnd();
    return text.length > 0 ? text : value;
  }
  return value;
}
