import type { AnswerKind } from '../engine/prompts';
import type { Route, TaskDiagnostic, Task } from '../task';

/**
 * A request is a conversation: system text, turns, the tools offered and how they may be used.
 * Every surface (editor, @router, the model picker, the gateway, the CLI) builds one and hands it
 * to the engine; providers translate it to their wire formats and back. Nothing above the
 * providers sees a wire format.
 */

export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

/** An image the user attached or a tool gave back, base64 without a data: prefix. */
export interface Image {
  /** `image/png`, `image/jpeg`, `image/gif` or `image/webp`. */
  readonly mediaType: string;
  readonly data: string;
}

export interface ImagePart {
  readonly type: 'image';
  readonly image: Image;
}

/** The model asked to run a tool. `id` is the router's own and stays the same when the conversation moves between providers. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments, parsed (normally a JSON object). */
  readonly input: unknown;
}

export interface ToolCallPart extends ToolCall {
  readonly type: 'tool-call';
}

/**
 * A document a tool gave back. `text/plain`: `data` is its text, which every model reads;
 * `application/pdf`: `data` is base64, which only a model that reads PDFs can take.
 */
export interface Document {
  readonly mediaType: 'text/plain' | 'application/pdf';
  readonly data: string;
  readonly title?: string;
  /** What the document is, as the tool described it. */
  readonly context?: string;
}

export interface DocumentPart {
  readonly type: 'document';
  readonly document: Document;
}

/** A search hit a tool gave back: its title, where it is from, and its text. */
export interface SearchResultPart {
  readonly type: 'search-result';
  readonly title: string;
  readonly source: string;
  readonly texts: readonly string[];
}

/** What a tool can give back, in the order it gave it. */
export type ToolResultContent = TextPart | ImagePart | DocumentPart | SearchResultPart;

/** What running a tool gave back, sent in the next user turn. */
export interface ToolResult {
  /** The `id` of the call it answers. */
  readonly callId: string;
  /** Its text, images, documents and search results, in the order the tool gave them. */
  readonly content: readonly ToolResultContent[];
  readonly isError?: boolean;
}

export interface ToolResultPart extends ToolResult {
  readonly type: 'tool-result';
}

export type UserPart = TextPart | ImagePart | ToolResultPart;
export type AssistantPart = TextPart | ToolCallPart;

export type Turn =
  | { readonly role: 'user'; readonly parts: readonly UserPart[] }
  | { readonly role: 'assistant'; readonly parts: readonly AssistantPart[] };

export type UserTurn = Extract<Turn, { role: 'user' }>;
export type AssistantTurn = Extract<Turn, { role: 'assistant' }>;

/** A tool the caller offers; `inputSchema` is the JSON Schema its arguments must match. */
export interface ToolSpec {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

/** `auto`: the model may call a tool; `required`: it must call one; `none`: it must not. */
export type ToolMode = 'auto' | 'required' | 'none';

/** Where a request came from, as the ledger and the reports show it. */
export type Surface = 'editor' | 'chat' | 'model-picker' | 'gateway' | 'cli';

/** What the surface knows besides the conversation; none of it is sent to a model. */
export interface RequestHints {
  readonly surface: Surface;
  /** Who called: another extension, `claude-cli/2.1.332`, a script's user agent. */
  readonly client?: string;
  /** Keeps one conversation on one route across requests; unset, it is derived from the system text and the first user turn. */
  readonly conversationKey?: string;
  /** The user's explicit choice (`/local`, `/cloud`, a flag); always wins. */
  readonly override?: Route;
  /** One target chosen by the caller (a model in the model picker). */
  readonly targetId?: string;
  /** Every file the conversation's code comes from (checked against the local-only globs). */
  readonly paths?: readonly string[];
  readonly language?: string;
  readonly diagnostics?: readonly TaskDiagnostic[];
  /** The editor task the request was built from: routing reads its instruction and code as given. */
  readonly task?: Task;
  /** What the answer must be, for the checks: replacement code (`edit`), JSON, or prose (unset: prose, or JSON with a response schema). */
  readonly answerKind?: AnswerKind;
}

export interface Request {
  readonly system: string;
  readonly turns: readonly Turn[];
  readonly tools: readonly ToolSpec[];
  readonly toolMode: ToolMode;
  readonly maxOutputTokens?: number;
  /** The answer must be JSON matching this schema (structured output). */
  readonly responseSchema?: Readonly<Record<string, unknown>>;
  readonly hints: RequestHints;
}

export const text = (value: string): TextPart => ({ type: 'text', text: value });

/** The user turn a request of one instruction consists of. */
export function userText(value: string): UserTurn {
  return { role: 'user', parts: [text(value)] };
}
