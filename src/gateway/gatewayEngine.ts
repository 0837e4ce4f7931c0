import type { StreamPart } from '../core/conversation/streamParts';
import type { Request } from '../core/conversation/types';
import type { AttemptRecord, TaskRecord } from '../core/engine/taskRecord';
import type { BudgetStatus } from '../core/policy/budget';
import type { Usage } from '../core/providers/types';

/** What the wire request says beyond the conversation, which routing reads too. */
export interface WireFacts {
  /** The model the client asked for (`claude-haiku-5-5`, `gpt-4o`…). */
  readonly model: string;
  /** Content only Claude can take (images by URL, PDFs, server tools). */
  readonly cloudOnly: readonly string[];
  readonly images: number;
}

/** Where one gateway request goes, and why. */
export interface GatewayPlan {
  /** Who answers first. */
  readonly first: 'local' | 'cloud';
  /** The local targets may take it (first, or when Claude fails). */
  readonly localAllowed: boolean;
  /** Claude may take it (first, or when the local draft fails). */
  readonly cloudAllowed: boolean;
  /** Set when nothing may take it (the allotment is spent and only Claude could): the client is told this. */
  readonly refusal?: string;
  readonly decision: TaskRecord['decision'];
  readonly notes: readonly string[];
  readonly budget?: BudgetStatus;
  /** The Anthropic endpoint Claude's requests go to, and the target id the ledger names. */
  readonly cloud: { readonly targetId: string; readonly baseUrl: string };
}

/** Why `runLocal` could not start: the plan names no local target that may take the request. */
export const NO_LOCAL_TARGET = 'no local target is configured for it';

/** A local answer whose first part passed the checks, or why none did. */
export type LocalStart =
  /** `parts` yields every part from the first; it throws if the answer fails after that. */
  | { readonly kind: 'started'; readonly parts: AsyncIterable<StreamPart>; readonly model: string }
  /**
   * `draft`: the failed local run's record, left unwritten because Claude may take the request
   * over: Claude's record opens with its attempts, or `recordDraft` writes it if nothing follows.
   */
  | {
      readonly kind: 'failed';
      readonly reason: string;
      readonly draft?: TaskRecord;
      /** Claude was in the chain and could not be asked (no key); `otherFailure` is why the chain's other target failed, if one was tried. */
      readonly missingKey?: { readonly otherFailure?: string };
    };

/** A Claude request the gateway passed through, for the ledger. */
export interface CloudOutcome {
  readonly plan: GatewayPlan;
  readonly request: Request;
  readonly model: string;
  readonly tries: readonly { readonly retry: number; readonly startedAt: number; readonly latencyMs: number; readonly status?: number; readonly failure?: string; readonly timeToFirstByteMs?: number }[];
  readonly usage: Usage;
  /** Tool calls in Claude's answer. */
  readonly toolCalls: number;
  readonly outcome: 'answered' | 'failed' | 'cancelled';
  readonly failure?: string;
  /** Nothing was sent: no Anthropic key is set. The record has one unsent Claude attempt that says so (`no-api-key`), as the editor's has. */
  readonly missingKey?: boolean;
  /** Why Claude answered after the local path was tried first. */
  readonly escalatedFrom?: string;
  /** The failed local draft's attempts, which open the record before Claude's tries. */
  readonly earlierAttempts?: readonly AttemptRecord[];
}

/** Claude's failed pass-through that a local answer stands in for. */
export interface FailedCloud {
  readonly outcome: CloudOutcome;
  /** Why the local model answers, for the record's notes. */
  readonly reason: string;
}

/** The engine as the gateway uses it: the same planning, local targets, checks and ledger as every surface. */
export interface GatewayEngine {
  plan(request: Request, wire: WireFacts): Promise<GatewayPlan>;
  /**
   * Runs the request on the plan's local targets; checks hold before the first part is handed over.
   * `failedCloud`: Claude was tried first and failed; its tries open the one record of the request.
   * When Claude could not be asked at all (no key), only the chain's own local targets take over, as for an editor task.
   */
  runLocal(request: Request, plan: GatewayPlan, signal: AbortSignal, failedCloud?: FailedCloud): Promise<LocalStart>;
  /** Runs the request on the whole chain, in the plan's order (the OpenAI side, which has no wire format to pass through). */
  run(request: Request, plan: GatewayPlan, signal: AbortSignal): Promise<LocalStart>;
  /** The real Anthropic key; never sent toward the client. */
  anthropicKey(): Promise<string | undefined>;
  recordCloud(outcome: CloudOutcome): Promise<void>;
  /** Writes a failed local draft's record when the request goes no further (cancelled, or no Claude). */
  recordDraft(draft: TaskRecord): Promise<void>;
  /** The prompt's size in cl100k tokens (count_tokens, message_start). */
  countTokens(request: Request): number;
  /** Local target models and Claude models offered on /v1/models. */
  models(): readonly { readonly id: string; readonly local: boolean }[];
}
