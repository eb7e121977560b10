// An iteration's public JSON without its neighbour links: what its ATIF export, its words in the
// search index and its compare pages are made from. A new iteration changes its neighbour's next
// link, not those files, so they are keyed by this text and one more iteration renders none of them
// for its neighbour.
import { sha256 } from '../../core/public-json.ts';
import { withNeighbours, type PublicIteration } from '../plan-public-files.ts';
import type { ManifestEntry } from './release-manifest.ts';

/** What keying by the unlinked text needs of the release's inputs. */
export interface UnlinkedInputs {
  siteHash: string;
  iterationText(file: PublicIteration): string;
  /** The current release's files: an iteration whose JSON and page did not change keeps its key from there, its text not read. */
  previous?: readonly ManifestEntry[] | undefined;
}

/**
 * The release file whose key is an iteration's unlinked key (the ATIF export, made from nothing else).
 *
 * @example
 * trajectoryPath(7) // 'iterations/7/trajectory.json'
 */
export const trajectoryPath = (n: number): string => `iterations/${n}/trajectory.json`;

/**
 * An iteration's public JSON without its neighbour links (prev and next null).
 *
 * @example
 * unlinkedText(file, inputs) // '{\n "number": 7,\n ...\n "prev": null,\n "next": null\n}\n'
 */
export const unlinkedText = (file: PublicIteration, inputs: Pick<UnlinkedInputs, 'iterationText'>): string =>
  withNeighbours(file.text ?? inputs.iterationText(file), null, null);

/**
 * A function giving each iteration its unlinked key: the site code and the sha256 of its unlinked
 * text. When the current release made the iteration's page with the key this release gives it
 * (`pageKey`: the same site code and JSON), the key is taken from its trajectory.json there rather
 * than worked out again from the text.
 *
 * @example
 * const unlinkedKey = unlinkedKeys(inputs, pageKey);
 * unlinkedKey(file) // 'c0ffee...', the same after the next iteration changes file's next link
 */
export function unlinkedKeys(inputs: UnlinkedInputs, pageKey: (file: PublicIteration) => string): (file: PublicIteration) => string {
  const before = new Map<string, ManifestEntry>();
  for (const entry of inputs.previous ?? []) if (entry.path.startsWith('iterations/')) before.set(entry.path, entry);
  // The page key holds the site code and the JSON's sha256: equal, the JSON is unchanged too.
  const known = (file: PublicIteration) => (before.get(`iterations/${file.number}.html`)?.key === pageKey(file) ? before.get(trajectoryPath(file.number))?.key : undefined);
  const keys = new Map<number, string>();
  return (file) => {
    let key = keys.get(file.number);
    if (key === undefined) {
      key = known(file) ?? sha256(`${inputs.siteHash}\0atif\0${sha256(unlinkedText(file, inputs))}`);
      keys.set(file.number, key);
    }
    return key;
  };
}
