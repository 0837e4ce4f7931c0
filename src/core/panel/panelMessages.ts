import type { BudgetStatus } from '../policy/budget';
import type { LedgerReport } from '../reports/ledgerReport';

/** The period picker's choice; custom dates are whole days, both included. */
export type PeriodChoice = { readonly kind: 'today' | 'week' | 'month' } | { readonly kind: 'custom'; readonly from: string; readonly to: string };

/** One row of the recent decisions table. */
export interface RecentDecision {
  readonly at: string;
  readonly category: string;
  readonly route: 'local' | 'cloud';
  readonly outcome: string;
  readonly model?: string;
  readonly local?: boolean;
  readonly latencyMs: number;
  readonly costUsd: number;
  readonly reasons: readonly string[];
  /** Why the chain moved on from its first target, when it did (the report's "fell back"). */
  readonly fallback?: string;
  /** Why the task got no answer, when it got none. */
  readonly failure?: string;
}

export interface PanelState {
  readonly period: PeriodChoice;
  readonly report: LedgerReport;
  readonly recent: readonly RecentDecision[];
  readonly budget?: BudgetStatus;
  /** How long reading the ledger and building the report took. */
  readonly buildMs: number;
}

/** What the extension sends the savings panel. */
export type HostMessage = { readonly type: 'state'; readonly state: PanelState } | { readonly type: 'error'; readonly message: string };

/** What the panel shows, as the panel itself reports it after rendering (for the log and tests). */
export interface RenderedSummary {
  readonly kpis: Readonly<Record<string, string>>;
  readonly charts: readonly string[];
  /** The labels on the requests-per-model chart's count axis. */
  readonly requestTicks: readonly string[];
  /** Days the spend chart draws its all-cloud baseline for. */
  readonly baselinePoints: number;
  readonly flaggedCategories: readonly string[];
  readonly recentRows: number;
  /** The traffic table's rows as shown, cells joined by " | ". */
  readonly trafficRows: readonly string[];
}

/** What the savings panel sends the extension. */
export type PanelMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'period'; readonly period: PeriodChoice }
  | { readonly type: 'applySuggestion'; readonly index: number }
  | { readonly type: 'export' }
  | { readonly type: 'rendered'; readonly summary: RenderedSummary }
  /** The panel could not render what it was sent. */
  | { readonly type: 'failed'; readonly message: string };

export function isPanelMessage(value: unknown): value is PanelMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'period' || type === 'applySuggestion' || type === 'export' || type === 'rendered' || type === 'failed';
}
