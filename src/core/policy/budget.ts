/** A monthly cloud allotment in dollars; 0 means none is set. */
export interface BudgetSettings {
  readonly monthlyUsd: number;
}

export interface BudgetStatus {
  readonly allotmentUsd: number;
  readonly spentUsd: number;
  readonly remainingUsd: number;
  /** Spending against an even pace through the month: 1 is on pace, 2 is twice as fast. */
  readonly pace: number;
  readonly capped: boolean;
}

/** Month-to-date cloud spending, from the ledger. */
export interface SpendSource {
  monthToDateUsd(now: Date): number;
}

export function budgetStatus(settings: BudgetSettings, spentUsd: number, now: Date): BudgetStatus | undefined {
  if (settings.monthlyUsd <= 0) return undefined;
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  // At least one hour into the month, so the first dollar of the month is not an infinite pace.
  const elapsed = Math.max((now.getTime() - start) / (end - start), 1 / ((end - start) / 3_600_000));
  const pace = spentUsd / (settings.monthlyUsd * elapsed);
  return {
    allotmentUsd: settings.monthlyUsd,
    spentUsd,
    remainingUsd: Math.max(0, settings.monthlyUsd - spentUsd),
    pace: Math.round(pace * 100) / 100,
    capped: spentUsd >= settings.monthlyUsd,
  };
}

/**
 * How far above 0.5 a score still counts as borderline when spending runs ahead of pace: nothing
 * on pace, up to 0.2 at twice the pace.
 */
export function borderlineWidth(status: BudgetStatus | undefined): number {
  if (status === undefined || status.pace <= 1) return 0;
  return 0.2 * Math.min(1, status.pace - 1);
}
