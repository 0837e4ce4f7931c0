/** How figures read everywhere the router shows them: reports, the meter, the panel. */

/**
 * 12,345, as toLocaleString('en-US') writes it. Whole numbers are grouped here: a first call
 * into Intl loads locale data for tens of milliseconds, and a decision shows its token count
 * before the first request is sent.
 */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const grouped = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
  return value < 0 ? `-${grouped}` : grouped;
}

/** "1 task", "2 tasks", "1,204 ledger lines": a count and its noun, singular only for exactly one. */
export function countOf(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
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

/** Dollars to the cent from $1, to the hundredth of a cent below; "-$0.0050" below zero. */
export function formatUsd(value: number): string {
  const size = Math.abs(value);
  const text = size >= 1 ? `$${size.toFixed(2)}` : `$${size.toFixed(4)}`;
  return value < 0 && text !== '$0.0000' ? `-${text}` : text;
}

/** What a task spent: "$0.0042"; "cost unknown", or "$0.0042 + cost unknown", when part of it had no price. */
export function formatSpent(record: { readonly costUsd: number; readonly costUnknown?: true }): string {
  if (record.costUnknown !== true) return formatUsd(record.costUsd);
  return record.costUsd > 0 ? `${formatUsd(record.costUsd)} + cost unknown` : 'cost unknown';
}

/** A saving as it reads beside a figure: "saved $0.0042", or "$0.0010 more than all-cloud" when routing cost more. */
export function formatSaving(savedUsd: number): string {
  return savedUsd < 0 && formatUsd(savedUsd) !== '$0.0000' ? `${formatUsd(-savedUsd)} more than all-cloud` : `saved ${formatUsd(Math.max(0, savedUsd))}`;
}
