// Lines that share values would hide each other: where series coincide, each one is drawn a few
// pixels off, always in the same direction for the same series, so every line stays visible.

/** Pixels between two lines drawn at the same value. */
const TIE_GAP_PX = 3;

/** Values nearer than this (in pixels) count as the same. */
const SAME_PX = 0.5;

/**
 * The vertical offset of each point of each series: 0 where a point is alone at its x, spread
 * around 0 by series order where several series meet at the same x and height.
 *
 * @example
 * tieOffsets([[[1, 50]], [[1, 50]]]) // [[-1.5], [1.5]]
 */
export function tieOffsets(series: readonly (readonly (readonly [number, number])[])[]): number[][] {
  const offsets = series.map((points) => points.map(() => 0));
  const byX = new Map<number, { s: number; i: number; y: number }[]>();
  for (const [s, points] of series.entries()) {
    for (const [i, [x, y]] of points.entries()) byX.set(x, [...(byX.get(x) ?? []), { s, i, y }]);
  }
  for (const column of byX.values()) {
    if (column.length < 2) continue;
    column.sort((a, b) => a.y - b.y || a.s - b.s);
    let start = 0;
    for (let end = 1; end <= column.length; end++) {
      if (end < column.length && column[end]!.y - column[end - 1]!.y < SAME_PX) continue;
      const tied = column.slice(start, end).sort((a, b) => a.s - b.s);
      tied.forEach((p, rank) => { offsets[p.s]![p.i] = (rank - (tied.length - 1) / 2) * TIE_GAP_PX; });
      start = end;
    }
  }
  return offsets;
}
