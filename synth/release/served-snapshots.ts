// Which snapshots the public server may answer: those whose release is still kept and was not
// withdrawn by a rollback. synth writes the list as <data>/served-snapshots; the server reads nothing else.
import { SNAPSHOT_ID } from '../../core/data-layout.ts';


const HEADER = 'journey served-snapshots 1';

/** A stored snapshot as the list names it. */
export interface SnapshotRecord {
  id: string;
  /** The release it was taken of; undefined for a snapshot made before journey recorded it. */
  release: string | undefined;
  sha256: string;
  bytes: number;
}

/** What decides whether a snapshot may be served. */
export interface ReleaseStanding {
  /** Releases kept on disk (complete). */
  kept: ReadonlySet<string>;
  /** Kept releases a rollback went back past. */
  withdrawn: ReadonlySet<string>;
}

/**
 * The snapshots that may be served, in the order given: each one's release is kept and not
 * withdrawn. A snapshot that names no release is never served (fail-closed: nothing says whose it is).
 *
 * @example
 * servableSnapshots(records, { kept: new Set(['r2', 'r3']), withdrawn: new Set(['r3']) }) // the snapshots of r2
 */
export function servableSnapshots(records: readonly SnapshotRecord[], standing: ReleaseStanding): SnapshotRecord[] {
  return records.filter((r) => r.release !== undefined && standing.kept.has(r.release) && !standing.withdrawn.has(r.release));
}

/**
 * The text of <data>/served-snapshots: a header, then `<id> <sha256> <bytes>` per snapshot.
 *
 * @example
 * formatServedSnapshots([{ id: '20261121T101500Z', release: 'r2', sha256, bytes: 5120 }])
 */
export function formatServedSnapshots(records: readonly SnapshotRecord[]): string {
  return `${[HEADER, ...records.map((r) => `${r.id} ${r.sha256} ${r.bytes}`)].join('\n')}\n`;
}

const LINE = /^(\S+) ([0-9a-f]{64}) (\d{1,15})$/;

/**
 * Parses <data>/served-snapshots. Undefined when the header is not journey's; a line that is not a
 * well-formed entry is left out (never served), as is a repeated id.
 *
 * @example
 * parseServedSnapshots(text)?.get('20261121T101500Z') // { sha256, bytes }
 */
export function parseServedSnapshots(text: string): Map<string, { sha256: string; bytes: number }> | undefined {
  const [header, ...lines] = text.split('\n');
  if (header !== HEADER) return undefined;
  const served = new Map<string, { sha256: string; bytes: number }>();
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match || !SNAPSHOT_ID.test(match[1]!) || served.has(match[1]!)) continue;
    served.set(match[1]!, { sha256: match[2]!, bytes: Number(match[3]) });
  }
  return served;
}
