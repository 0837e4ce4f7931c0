import type { EditorOutcome } from './ledger';
import type { TaskFacts } from './taskFacts';
import { isAnswered, spendKnown } from '../reports/figures';
import { RunTally, type RunSummary } from '../reports/runSummary';

/** Answered tasks remembered for an outcome that arrives after them (an undo within the undo window). */
const REMEMBERED_ANSWERS = 1_000;

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

  add(record: TaskFacts, outcome: EditorOutcome | undefined): void {
    this.run.add(record, outcome);
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
  private outcomes: ReadonlyMap<string, EditorOutcome> = new Map();
  /** The latest answered tasks, oldest first, with what an outcome arriving later needs to move them. */
  private readonly answers = new Map<string, { month: string; day: string; task: Pick<TaskFacts, 'surface' | 'client'>; baselineUsd: number | undefined; outcome: EditorOutcome | undefined }>();

  /** Starts over for the month of `now`, with the outcomes recorded so far; its records follow through add (a scan of the ledger). */
  begin(now: Date, outcomes: ReadonlyMap<string, EditorOutcome> = new Map()): void {
    this.month = new Span(monthKey(now.getTime()));
    this.day = new Span('');
    this.outcomes = outcomes;
    this.answers.clear();
  }

  /** A record of this month; a record of a later month starts that month, one of an earlier month is left out. */
  add(record: TaskFacts): void {
    const month = monthKey(record.at);
    if (month < this.month.key) return;
    if (month > this.month.key) {
      this.month = new Span(month);
      this.day = new Span('');
    }
    const outcome = this.outcomes.size === 0 ? undefined : this.outcomes.get(record.id);
    this.month.add(record, outcome);
    const day = dayKey(record.at);
    if (day > this.day.key) this.day = new Span(day);
    if (day === this.day.key) this.day.add(record, outcome);
    if (isAnswered(record)) {
      this.answers.set(record.id, { month, day, task: { surface: record.surface, ...(record.client === undefined ? {} : { client: record.client }) }, baselineUsd: spendKnown(record) ? record.baselineCostUsd : undefined, outcome });
      if (this.answers.size > REMEMBERED_ANSWERS) this.answers.delete(this.answers.keys().next().value as string);
    }
  }

  /** What the user did with an answer already added: an undone, rejected or re-asked one no longer counts as saved. */
  outcome(taskId: string, outcome: EditorOutcome): void {
    const answer = this.answers.get(taskId);
    if (answer === undefined) return;
    if (answer.month === this.month.key) this.month.run.relabel(answer.task, answer.baselineUsd, answer.outcome, outcome);
    if (answer.day === this.day.key) this.day.run.relabel(answer.task, answer.baselineUsd, answer.outcome, outcome);
    answer.outcome = outcome;
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
