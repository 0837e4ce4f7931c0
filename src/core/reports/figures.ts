import { isFailedOutcome, type EditorOutcome } from '../ledger/ledger';
import type { TaskRecord } from '../engine/taskRecord';
import type { TaskFacts } from '../ledger/taskFacts';

/**
 * The figures every surface shows of a set of tasks: the savings panel, the reports, the status
 * bar meter, `@router /stats` and the batch summary. Each is defined here once.
 */
export interface Figures {
  /** Tasks recorded, refused and cancelled ones included. */
  readonly tasks: number;
  /** Tasks with an answer: a model's that passed every check, or the editor's own action. */
  readonly answered: number;
  /** Of those, answered on this machine: by a local model or by the editor itself. */
  readonly answeredLocally: number;
  /** Of those, done by the editor itself without a model. */
  readonly editorActions: number;
  /** Tasks whose chain moved on from the target it tried first to another one. */
  readonly fellBack: number;
  /** Tasks that got no answer from any target. */
  readonly failed: number;
  readonly refused: number;
  readonly cancelled: number;
  /** Answers the user undid, rejected or asked again for: their work was not kept. */
  readonly notKept: number;
  /** Everything spent at a known price: every priced attempt of every task, those that failed included. */
  readonly costUsd: number;
  /** Tasks with an attempt that consumed tokens at no known price (a remote target without one): their spending is not in costUsd. */
  readonly costUnknownTasks: number;
  /** What the answers the user kept would have cost sent straight to the baseline model. */
  readonly baselineUsd: number;
  /** The baseline of the work kept minus everything spent; negative when routing cost more than all-cloud. */
  readonly savedUsd: number;
  /** savedUsd as a share of baselineUsd (0 without a baseline). */
  readonly savedShare: number;
  /** answeredLocally as a share of answered, 0–1 (0 without answers). */
  readonly localShare: number;
}

/** The running sums behind Figures: plain data, so that sums made apart (on worker threads) merge by adding. */
export type FigureSums = { -readonly [K in 'tasks' | 'answered' | 'answeredLocally' | 'editorActions' | 'fellBack' | 'failed' | 'refused' | 'cancelled' | 'notKept' | 'costUsd' | 'costUnknownTasks' | 'baselineUsd']: number };

export function emptySums(): FigureSums {
  return { tasks: 0, answered: 0, answeredLocally: 0, editorActions: 0, fellBack: 0, failed: 0, refused: 0, cancelled: 0, notKept: 0, costUsd: 0, costUnknownTasks: 0, baselineUsd: 0 };
}

/** Whether the task got an answer (a model's, or the editor's own action). */
export function isAnswered(facts: Pick<TaskFacts, 'outcome'>): boolean {
  return facts.outcome === 'answered' || facts.outcome === 'editor-action';
}

/** Whether the task was answered on this machine: by a local model, or by the editor itself. */
export function isAnsweredLocally(facts: Pick<TaskFacts, 'outcome' | 'final'>): boolean {
  return facts.final?.local === true || facts.outcome === 'editor-action';
}

/** The attempts after which the chain moved on to another target (a retry on the same target is not a move). */
export function chainMoves<T extends { readonly targetId: string }>(attempts: readonly T[]): T[] {
  const moves: T[] = [];
  for (let index = 0; index + 1 < attempts.length; index++) if (attempts[index + 1].targetId !== attempts[index].targetId) moves.push(attempts[index]);
  return moves;
}

/** Whether an attempt sent a request: one Claude could not be asked for (no API key) sent nothing, so no model row counts it. */
export function wasSent(attempt: { readonly why?: string }): boolean {
  return attempt.why !== 'no-api-key';
}

/** Whether the task fell back: its chain moved on from the target it tried first. */
export function fellBack(attempts: readonly { readonly targetId: string }[]): boolean {
  for (let index = 1; index < attempts.length; index++) if (attempts[index].targetId !== attempts[0].targetId) return true;
  return false;
}

/** Whether an attempt consumed tokens at no known price (a remote target without one, a Claude model without one). */
export function spentAtUnknownPrice(costUsd: number | undefined, tokens: number): boolean {
  return costUsd === undefined && tokens > 0;
}

/** Whether all the task spent has a price. */
export function spendKnown(facts: Pick<TaskFacts, 'attempts'>): boolean {
  return !facts.attempts.some((attempt) => spentAtUnknownPrice(attempt.costUsd, attempt.inputTokens + attempt.outputTokens));
}

/**
 * The baseline a task adds to the savings: the all-cloud cost of an answer the user kept. A task
 * without an answer, whose answer was undone, rejected or asked again for, or whose spending is
 * not all known (a remote target without a price), adds none.
 */
export function keptBaselineUsd(facts: Pick<TaskFacts, 'outcome' | 'attempts'>, outcome: EditorOutcome | undefined, baselineUsd: number | undefined): number {
  return baselineUsd !== undefined && isAnswered(facts) && !isFailedOutcome(outcome) && spendKnown(facts) ? baselineUsd : 0;
}

/** What one task saved as it finished (the user has not undone it yet), or undefined when its baseline or its spending is not known. */
export function savedByTask(record: Pick<TaskRecord, 'outcome' | 'costUsd' | 'baselineCostUsd' | 'costUnknown'>): number | undefined {
  if (record.baselineCostUsd === undefined || record.costUnknown === true) return undefined;
  return (isAnswered(record) ? record.baselineCostUsd : 0) - record.costUsd;
}

/** Adds one task: its facts, the user's latest outcome for it, and its all-cloud baseline (priced by the caller). */
export function addTask(sums: FigureSums, facts: TaskFacts, outcome: EditorOutcome | undefined, baselineUsd: number | undefined): void {
  sums.tasks++;
  if (isAnswered(facts)) {
    sums.answered++;
    if (isAnsweredLocally(facts)) sums.answeredLocally++;
    if (facts.outcome === 'editor-action') sums.editorActions++;
    if (isFailedOutcome(outcome)) sums.notKept++;
  } else if (facts.outcome === 'failed') sums.failed++;
  else if (facts.outcome === 'refused') sums.refused++;
  else sums.cancelled++;
  if (fellBack(facts.attempts)) sums.fellBack++;
  sums.costUsd += facts.costUsd;
  if (!spendKnown(facts)) sums.costUnknownTasks++;
  sums.baselineUsd += keptBaselineUsd(facts, outcome, baselineUsd);
}

/**
 * An outcome that arrived after its answered task was added (the user undid it a minute later):
 * moves the task between kept and not kept.
 */
export function relabelTask(sums: FigureSums, baselineUsd: number | undefined, before: EditorOutcome | undefined, after: EditorOutcome | undefined): void {
  const wasKept = !isFailedOutcome(before);
  const isKept = !isFailedOutcome(after);
  if (wasKept === isKept) return;
  const sign = isKept ? 1 : -1;
  sums.notKept -= sign;
  sums.baselineUsd += sign * (baselineUsd ?? 0);
}

export function mergeSums(into: FigureSums, from: FigureSums): void {
  for (const key of Object.keys(into) as (keyof FigureSums)[]) into[key] += from[key];
}

export function figuresOf(sums: FigureSums): Figures {
  const savedUsd = sums.baselineUsd - sums.costUsd;
  return {
    ...sums,
    savedUsd,
    savedShare: sums.baselineUsd > 0 ? savedUsd / sums.baselineUsd : 0,
    localShare: sums.answered === 0 ? 0 : sums.answeredLocally / sums.answered,
  };
}
