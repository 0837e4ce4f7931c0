/**
 * The forms a local model writes a tool call in when it writes it as text instead of making it:
 * the recovery (`toolChecks.recoverWrittenToolCalls`) reads them, and the stream watch
 * (`WrittenCallWatch`) holds text back from where one of them may begin.
 */

export interface WrittenCallTag {
  readonly open: string;
  readonly close: string;
}

/** `<tool_call>{"name": …, "arguments": …}</tool_call>` (Hermes, Qwen). */
export const TOOL_CALL_TAG: WrittenCallTag = { open: '<tool_call>', close: '</tool_call>' };

/** `<function=name>…</function>` (Qwen3-Coder), its arguments each in a PARAMETER_TAG. */
export const FUNCTION_TAG: WrittenCallTag = { open: '<function=', close: '</function>' };

/** `<parameter=key>value</parameter>` inside a FUNCTION_TAG. */
export const PARAMETER_TAG: WrittenCallTag = { open: '<parameter=', close: '</parameter>' };

/** The tags a written call may open with. */
export const CALL_TAGS: readonly WrittenCallTag[] = [TOOL_CALL_TAG, FUNCTION_TAG];

/** A call may be fenced: FENCE, optionally FENCE_INFO, a line break, then its JSON object. */
export const FENCE = '```';
export const FENCE_INFO = 'json';

/** The first characters of a line that may open a call written as bare JSON: an object, or a list of them. */
export const JSON_OPENERS: readonly string[] = ['{', '['];

/** Whether the text names `tool` the way a written call does (to tell a call that does not parse from prose). */
export function namesToolAsCall(text: string, tool: string): boolean {
  return text.includes(`"name": "${tool}"`) || text.includes(`"name":"${tool}"`) || text.includes(`${FUNCTION_TAG.open}${tool}>`);
}

/** `text` as a regular expression source that matches it literally. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
