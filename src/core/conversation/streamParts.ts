import type { Usage } from '../providers/types';

/**
 * How an answer ended, in the router's words. `tool-calls`: the model stopped to have tools run.
 * `length`: cut at the output limit. `input-truncated`: the server silently dropped part of the
 * prompt (Ollama past `num_ctx`). `refusal`: the model declined. `context-exceeded`: the prompt
 * and answer overflowed the model's window.
 */
export type FinishReason = 'stop' | 'tool-calls' | 'length' | 'input-truncated' | 'refusal' | 'context-exceeded';

/** The router's reason and the provider's own word for it (`end_turn`, `tool_use`, `stop`, `length`…). */
export interface Finish {
  readonly unified: FinishReason;
  readonly raw?: string;
}

/** One piece of a streamed answer, the same for every provider. */
export type StreamPart =
  | { readonly type: 'text-delta'; readonly text: string }
  /** A tool call begins; its arguments follow as `tool-call-delta`s (providers that stream them) and end in `tool-call`. */
  | { readonly type: 'tool-call-start'; readonly id: string; readonly name: string }
  /** A piece of a tool call's arguments, as JSON text. */
  | { readonly type: 'tool-call-delta'; readonly id: string; readonly inputDelta: string }
  /**
   * A complete tool call. `input` is the parsed arguments; when they were not valid JSON, `input`
   * is undefined and `rawInput` holds the text as the model wrote it.
   */
  | { readonly type: 'tool-call'; readonly id: string; readonly name: string; readonly input: unknown; readonly rawInput?: string }
  /** What the request has consumed so far, as the provider reported it (cumulative totals). */
  | { readonly type: 'usage'; readonly usage: Usage }
  | { readonly type: 'finish'; readonly usage: Usage; readonly reason: Finish };

export type ToolCallStreamPart = Extract<StreamPart, { type: 'tool-call' }>;
export type FinishPart = Extract<StreamPart, { type: 'finish' }>;
