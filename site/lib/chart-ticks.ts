// Axis ticks for the site's charts: round steps, and whole numbers where the data are counts or
// iteration numbers (a 3-iteration loop has no iteration 1.5).

/**
 * A round step (1, 2 or 5 times a power of ten) for about `count` ticks across `span`; at least 1
 * when `whole`.
 *
 * @example
 * niceStep(7, 4) // 2
 * niceStep(2, 6, true) // 1, not 0.5
 */
export function niceStep(span: number, count: number, whole = false): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return whole ? Math.max(1, unit * power) : unit * power;
}

/** Removes float noise (0.30000000000000004) from a tick's value, at any scale. */
const clean = (n: number) => Number(n.toPrecision(12));

/**
 * The tick values from the first multiple of `step` at or after `min` up to `max`.
 *
 * @example
 * tickValues(1, 3, 1) // [1, 2, 3]
 */
export function tickValues(min: number, max: number, step: number): number[] {
  const values: number[] = [];
  // Integer multiples, so the loop ends after about span / step ticks whatever the float error.
  for (let i = Math.ceil(min / step - 1e-9), last = Math.floor(max / step + 1e-9); i <= last; i++) values.push(clean(i * step));
  return values;
}

/**
 * True when every value is a whole number: the axis then has whole-number ticks only.
 *
 * @example
 * allWhole([1, 2, 3]) // true
 */
export function allWhole(values: readonly number[]): boolean {
  return values.every((v) => Number.isInteger(v));
}
