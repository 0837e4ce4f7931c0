/** How figures read everywhere the router shows them: reports, the meter, the panel. */

/** 12,345 */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** 0.426 → "43%" */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** 1234 → "1.2k", 3400000 → "3.4M" */
export function formatCompact(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (value >= 1_000) return `${(value / 1_000).toFixed(1)}k`;
  return String(value);
}

/** Dollars to the cent from $1, to the hundredth of a cent below. */
export function formatUsd(value: number): string {
  return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`;
}
