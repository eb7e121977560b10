// The MANIFEST of a release: every file with its SHA-256, size and render key, sealed by a trailer.
import { sha256 } from '../../core/public-json.ts';

export interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
  /** What the file was made from (render key); `-` when the bytes are the input. */
  key: string;
}

const HEADER = 'journey-manifest 1\n';

/** The entries in a manifest's order (by path, as code units compare). */
export function sortedByPath(entries: readonly ManifestEntry[]): ManifestEntry[] {
  return [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Serialises entries (sorted by path). The last line, `end <count> <sha256 of everything above>`,
 * is what makes a manifest complete: a torn write never parses as complete.
 *
 * @example
 * writeFileSync('MANIFEST', formatManifest([{ path: 'index.html', sha256, bytes, key: '-' }]));
 */
export function formatManifest(entries: readonly ManifestEntry[]): string {
  const sorted = sortedByPath(entries);
  const body = HEADER + sorted.map((e) => `${e.sha256} ${e.bytes} ${e.key} ${e.path}\n`).join('');
  return `${body}end ${sorted.length} ${sha256(body)}\n`;
}

/** Parses a manifest; undefined unless it is complete and sealed (see formatManifest). */
export function parseManifest(text: string): ManifestEntry[] | undefined {
  const trailerAt = text.lastIndexOf('end ', text.length - 2);
  if (!text.startsWith(HEADER) || trailerAt < HEADER.length || !text.endsWith('\n')) return undefined;
  const body = text.slice(0, trailerAt);
  const trailer = /^end (\d+) ([0-9a-f]{64})\n$/.exec(text.slice(trailerAt));
  if (!trailer || trailer[2] !== sha256(body)) return undefined;
  const entries: ManifestEntry[] = [];
  for (const line of body.slice(HEADER.length).split('\n')) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) (\d+) (\S+) (.+)$/.exec(line);
    if (!match) return undefined;
    entries.push({ sha256: match[1]!, bytes: Number(match[2]), key: match[3]!, path: match[4]! });
  }
  return entries.length === Number(trailer[1]) ? entries : undefined;
}

