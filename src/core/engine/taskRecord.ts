import type { BudgetStatus } from '../policy/budget';
import type { ProviderErrorKind, ProviderKind, Usage } from '../providers/types';
import type { PersonalAdjustment, Route } from '../task';
import type { Surface } from '../conversation/types';

export type AttemptOutcome = 'answered' | 'error' | 'gate-failed' | 'timeout' | 'cancelled';

/** One target tried once. */
export interface AttemptRecord {
  readonly targetId: string;
  readonly provider: ProviderKind;
  readonly model: string;
  readonly local: boolean;
  /** 0 for the first try on this target, 1 for the first retry… */
  readonly retry: number;
  readonly startedAt: string;
  /** From the start of the attempt to its end, including any wait for a free slot (`queuedMs`). */
  readonly latencyMs: number;
  /** From when the request was sent (after any wait for a slot) to the first token. */
  readonly timeToFirstTokenMs?: number;
  /** How long the request waited for a free slot on a busy host before it was sent; absent when it did not wait. */
  readonly queuedMs?: number;
  readonly usage: Usage;
  /** USD; undefined when the model's price is unknown. */
  readonly costUsd?: number;
  readonly outcome: AttemptOutcome;
  readonly errorKind?: ProviderErrorKind;
  /** Why this attempt did not produce the answer, in words (also why the chain moved on). */
  readonly reason?: string;
}

export type TaskOutcome = 'answered' | 'failed' | 'refused' | 'cancelled' | 'editor-action';

/** The ledger line for one task: decision, every attempt, the final target, and the all-cloud baseline. */
export interface TaskRecord {
  readonly id: string;
  readonly startedAt: string;
  /** What the user asked; the ledger keeps it only when llmRouter.ledger.keepPrompts is on. */
  readonly instruction?: string;
  readonly language?: string;
  readonly path?: string;
  readonly decision: { readonly route: Route; readonly category: string; readonly score: number; readonly promptTokens: number; readonly taskTokens?: number; readonly reasons: readonly string[]; readonly overriddenBy?: string; readonly routeWithinLimit?: Route; readonly personal?: PersonalAdjustment };
  readonly route: Route;
  readonly notes: readonly string[];
  readonly attempts: readonly AttemptRecord[];
  readonly outcome: TaskOutcome;
  readonly final?: { readonly targetId: string; readonly provider: ProviderKind; readonly model: string; readonly local: boolean };
  readonly failure?: string;
  readonly latencyMs: number;
  /** What the priced attempts cost; with `costUnknown`, part of the spending had no price. */
  readonly costUsd: number;
  /** An attempt consumed tokens on a target without a price (a remote one with no inputPerMTok and outputPerMTok): the task claims no savings. */
  readonly costUnknown?: true;
  /** What sending the task straight to the baseline model would have cost. */
  readonly baselineCostUsd?: number;
  readonly baselineModel?: string;
  /** cl100k tokens of the answer, so reports can re-price the baseline on another model. */
  readonly answerTokens?: number;
  readonly budget?: BudgetStatus;
  /** Where the request came from: the editor, @router, the model picker, the gateway, the CLI. */
  readonly surface?: Surface;
  /** Who called, when the surface knows (another extension, a client's user agent). */
  readonly client?: string;
  /** Turns in the conversation sent (1 for an editor task). */
  readonly turns?: number;
  /** Tools the caller offered. */
  readonly toolsOffered?: number;
  /** Tool calls the answer made. */
  readonly toolCalls?: number;
}

/** Where records go (the ledger, a JSON-lines file, the CLI summary). */
export interface RecordSink {
  write(record: TaskRecord): void | Promise<void>;
}
