import type { TaskFacts } from './taskFacts';
import { RunTally, type RunSummary } from '../reports/runSummary';

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

/** One day or month of tasks, added up as they come. */
class Span {
  readonly run = new RunTally();
  costUsd = 0;
  cloudTokens = 0;
  localTokens = 0;

  constructor(readonly key: string) {}

  add(record: TaskFacts): void {
    this.run.add(record);
    this.costUsd += record.costUsd;
    for (const attempt of record.attempts) {
      const tokens = attempt.inputTokens + attempt.outputTokens;
      if (attempt.local) this.localTokens += tokens;
      else this.cloudTokens += tokens;
    }
    if (record.outcome === 'editor-action') this.localTokens += record.promptTokens;
  }
}

/**
 * Today's and this month's tasks, added up as they are recorded: the status bar meter and the
 * budget read from here, in constant time and memory however many tasks the month holds.
 */
export class UsageTally {
  private month = new Span('');
  private day = new Span('');

  /** Starts over for the month of `now`; its records follow through add (a scan of the ledger). */
  begin(now: Date): void {
    this.month = new Span(monthKey(now.getTime()));
    this.day = new Span('');
  }

  /** A record of this month; a record of a later month starts that month, one of an earlier month is left out. */
  add(record: TaskFacts): void {
    const month = monthKey(record.at);
    if (month < this.month.key) return;
    if (month > this.month.key) {
      this.month = new Span(month);
      this.day = new Span('');
    }
    this.month.add(record);
    const day = dayKey(record.at);
    if (day > this.day.key) this.day = new Span(day);
    if (day === this.day.key) this.day.add(record);
  }

  monthCostUsd(now: Date): number {
    return monthKey(now.getTime()) === this.month.key ? this.month.costUsd : 0;
  }

  figures(now: Date): MeterFigures {
    const month = monthKey(now.getTime()) === this.month.key ? this.month : new Span('');
    const day = dayKey(now.getTime()) === this.day.key ? this.day : new Span('');
    const today = day.run.summary();
    return {
      cloudTokensToday: day.cloudTokens,
      localTokensToday: day.localTokens,
      costTodayUsd: today.costUsd,
      savedTodayUsd: today.savedUsd,
      monthCostUsd: month.costUsd,
      today,
      month: month.run.summary(),
    };
  }
}

function monthKey(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

function dayKey(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
