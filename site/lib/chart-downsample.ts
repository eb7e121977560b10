// Long chart series in short: the points of each x-bucket become their mean (the line) and their
// range (a band), so thousands of noisy samples read as a band, not as a comb, and draw fast.

/** One bucket of a downsampled series: where it sits and what its points span. */
export interface Bucket {
  /** The mean x of the bucket's points. */
  x: number;
  mean: number;
  min: number;
  max: number;
}

/**
 * Splits [xMin, xMax] into `count` equal buckets and sums up the points in each; empty buckets are
 * left out (a gap in the samples stays a straight stretch of the line).
 *
 * @example
 * downsample([[0, 1], [1, 3], [2, 2], [3, 6]], 2, 0, 3) // [{ x: 0.5, mean: 2, min: 1, max: 3 }, { x: 2.5, mean: 4, min: 2, max: 6 }]
 */
export function downsample(points: readonly (readonly [number, number])[], count: number, xMin: number, xMax: number): Bucket[] {
  const width = (xMax - xMin) / count;
  const sums = Array.from({ length: count }, () => ({ n: 0, x: 0, y: 0, min: Infinity, max: -Infinity }));
  for (const [x, y] of points) {
    const sum = sums[width > 0 ? Math.min(count - 1, Math.floor((x - xMin) / width)) : 0]!;
    sum.n++;
    sum.x += x;
    sum.y += y;
    sum.min = Math.min(sum.min, y);
    sum.max = Math.max(sum.max, y);
  }
  return sums.filter((s) => s.n > 0).map((s) => ({ x: s.x / s.n, mean: s.y / s.n, min: s.min, max: s.max }));
}
