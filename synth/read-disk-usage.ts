// Disk admission: how full the data folder's file system is.
import { statfsSync } from 'node:fs';

/**
 * Percent of the file system holding `dir` that is in use, the way `df` counts it (blocks reserved
 * for root count as unavailable).
 *
 * @example
 * if (readDiskUsedPercent('/data/autoswe') >= 90) refuse();
 */
export function readDiskUsedPercent(dir: string): number {
  const stats = statfsSync(dir);
  const used = stats.blocks - stats.bfree;
  const total = used + stats.bavail;
  return total === 0 ? 0 : (used / total) * 100;
}
