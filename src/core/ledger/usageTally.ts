import type { TaskFacts } from './taskFacts';
import { summarise, type RunSummary } from '../reports/runSummary';

export interface MeterFigures {
  /** Tokens sent to and received from cloud models today. */
  readonly cloudTokensToday: number;
  /** Tokens local models (and the editor's own actions) handled today instead of the cloud. */
  readonly localTokensToday: number;
  readonly costTodayUsd: number;
  readonly savedTodayUsd: number;
  readonly monthCostUsd: number;
  readonly today: RunSummary;
  readonly month: RunSummary;
}

/** This month's records in memory: the status bar meter and the budget read from here. */
export class UsageTally {
  private records: TaskFacts[] = [];
  private month = '';

  /** Replaces the tally with the month's records as read from the ledger. */
  load(records: readonly TaskFacts[], now: Date): void {
    this.month = monthKey(now);
    this.records = records.filter((record) => monthKey(new Date(record.at)) === this.month);
  }

  add(record: TaskFacts): void {
    const month = monthKey(new Date(record.at));
    if (month !== this.month) {
      this.month = month;
      this.records = [];
    }
    this.records.push(record);
  }

  monthCostUsd(now: Date): number {
    if (monthKey(now) !== this.month) return 0;
    return this.records.reduce((sum, record) => sum + record.costUsd, 0);
  }

  figures(now: Date): MeterFigures {
    const day = now.toISOString().slice(0, 10);
    const monthRecords = monthKey(now) === this.month ? this.records : [];
    const todayRecords = monthRecords.filter((record) => new Date(record.at).toISOString().startsWith(day));
    let cloudTokensToday = 0;
    let localTokensToday = 0;
    for (const record of todayRecords) {
      for (const attempt of record.attempts) {
        const tokens = attempt.inputTokens + attempt.outputTokens;
        if (attempt.local) localTokensToday += tokens;
        else cloudTokensToday += tokens;
      }
      if (record.outcome === 'editor-action') localTokensToday += record.promptTokens;
    }
    const today = summarise(todayRecords);
    const month = summarise(monthRecords);
    return { cloudTokensToday, localTokensToday, costTodayUsd: today.costUsd, savedTodayUsd: today.savedUsd, monthCostUsd: month.costUsd, today, month };
  }
}

function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}
