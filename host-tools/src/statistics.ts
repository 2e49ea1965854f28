/**
 * The nearest-rank percentile: the smallest value with at least p% of the values at or below it
 * (so the median of 1..100 is 50 and the 99th percentile 99). NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? NaN;
}
