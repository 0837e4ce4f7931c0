import Ajv, { type ValidateFunction } from 'ajv';
import type { AnswerToolCall } from './assemble';
import { jsonEnd } from './jsonExtent';
import { mintCallId } from './toolCalls';
import type { ToolMode, ToolSpec } from './types';
import { FENCE, FENCE_INFO, FUNCTION_TAG, JSON_OPENERS, literal, PARAMETER_TAG, TOOL_CALL_TAG } from './writtenCallForms';

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new WeakMap<object, ValidateFunction | Error>();

/** Why a tool call cannot be run as made, or undefined when it can: the tool exists and its arguments parse and match its schema. */
export function toolCallProblem(call: AnswerToolCall, tools: readonly ToolSpec[]): string | undefined {
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (tool === undefined) return `the model called a tool that was not offered ("${call.name}")`;
  if (call.rawInput !== undefined) return `the arguments of the call to ${call.name} are not valid JSON`;
  let validate = compiled.get(tool.inputSchema);
  if (validate === undefined) {
    try {
      validate = ajv.compile(tool.inputSchema);
    } catch (error) {
      validate = error as Error;
    }
    compiled.set(tool.inputSchema, validate);
  }
  // A schema ajv cannot read is the caller's to answer for; the call is checked as far as it can be.
  if (validate instanceof Error) return undefined;
  if (validate(call.input)) return undefined;
  const first = validate.errors?.[0];
  return `the arguments of the call to ${call.name} do not match its schema: ${first?.instancePath || '(root)'} ${first?.message ?? 'is invalid'}`;
}

/** Why the answer's tool use breaks the request's tool mode, or undefined. */
export function toolModeProblem(toolCalls: readonly AnswerToolCall[], mode: ToolMode, offered: number): string | undefined {
  if (mode === 'required' && offered > 0 && toolCalls.length === 0) return 'a tool call was required and the model answered without one';
  if (mode === 'none' && toolCalls.length > 0) return 'the model called a tool although tools were not allowed';
  return undefined;
}

/**
 * The tool calls a model wrote as text instead of making them (local models do: a JSON object
 * `{"name", "arguments"}`, bare on a line of its own, fenced or in `<tool_call>` tags, or
 * `<function=…><parameter=…>` XML), each naming an offered tool. The rest of the text (a sentence
 * before the call) is kept as `text`.
 */
export function recoverWrittenToolCalls(text: string, tools: readonly ToolSpec[]): { readonly text: string; readonly toolCalls: AnswerToolCall[] } | undefined {
  if (tools.length === 0) return undefined;
  const names = new Set(tools.map((tool) => tool.name));
  const found: { name: string; input: unknown }[] = [];
  let rest = text;
  for (const pattern of [XML_CALL, TAGGED_JSON, FENCED_JSON]) {
    rest = rest.replace(pattern, (whole: string, ...groups: string[]) => {
      const call = pattern === XML_CALL ? xmlCall(groups[0] ?? '', groups[1] ?? '') : jsonCall(groups[0] ?? '');
      if (call === undefined || !names.has(call.name)) return whole;
      found.push(call);
      return '';
    });
  }
  if (found.length === 0) {
    const bare = lineStartCalls(text, names);
    if (bare === undefined) return undefined;
    found.push(...bare.calls);
    rest = bare.rest;
  }
  rest = rest.replaceAll(TOOL_CALL_TAG.open, '').replaceAll(TOOL_CALL_TAG.close, '');
  return { text: rest.trim(), toolCalls: found.map((call) => ({ id: mintCallId(), name: call.name, input: call.input })) };
}

const OPEN_TAG = literal(TOOL_CALL_TAG.open);
const CLOSE_TAG = literal(TOOL_CALL_TAG.close);
const TAGGED_JSON = new RegExp(`${OPEN_TAG}\\s*(\\{[\\s\\S]*?\\})\\s*${CLOSE_TAG}`, 'g');
const FENCED_JSON = new RegExp(`${literal(FENCE)}(?:${FENCE_INFO})?\\s*\\n(\\{[\\s\\S]*?\\})\\s*\\n${literal(FENCE)}`, 'g');
const XML_CALL = new RegExp(`(?:${OPEN_TAG}\\s*)?${literal(FUNCTION_TAG.open)}([\\w.-]+)>([\\s\\S]*?)${literal(FUNCTION_TAG.close)}(?:\\s*${CLOSE_TAG})?`, 'g');
const LINE_OPENING_JSON = new RegExp(`^[ \\t]*[${JSON_OPENERS.map(literal).join('')}]`, 'gm');
const XML_PARAMETER = new RegExp(`${literal(PARAMETER_TAG.open)}([\\w.-]+)>\\n?([\\s\\S]*?)\\n?${literal(PARAMETER_TAG.close)}`, 'g');

function jsonCall(body: string): { name: string; input: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  return callShape(value);
}

/** Calls written as bare JSON, each starting a line (`{…}` or a list `[{…}]`), and the text around them. */
function lineStartCalls(text: string, names: ReadonlySet<string>): { calls: { name: string; input: unknown }[]; rest: string } | undefined {
  const calls: { name: string; input: unknown }[] = [];
  let rest = '';
  let kept = 0;
  for (const line of text.matchAll(LINE_OPENING_JSON)) {
    const start = line.index + line[0].length - 1;
    if (start < kept) continue;
    const end = jsonEnd(text, start);
    if (end === undefined) continue;
    const written = jsonCalls(text.slice(start, end));
    if (written === undefined || written.some((call) => !names.has(call.name))) continue;
    calls.push(...written);
    rest += text.slice(kept, start);
    kept = end;
  }
  return calls.length === 0 ? undefined : { calls, rest: rest + text.slice(kept) };
}

/** One call object or a list of them, the whole text. */
function jsonCalls(body: string): { name: string; input: unknown }[] | undefined {
  if (!JSON_OPENERS.some((opener) => body.startsWith(opener))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const list = Array.isArray(value) ? value : [value];
  const calls = list.map(callShape);
  return calls.length > 0 && calls.every((call) => call !== undefined) ? (calls) : undefined;
}

/** `{"name", "arguments"}` (Hermes, Qwen), `{"name", "parameters"}` (Llama) or `{"function": {...}}`; arguments may be a JSON string. */
function callShape(value: unknown): { name: string; input: unknown } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const inner = typeof record.function === 'object' && record.function !== null ? (record.function as Record<string, unknown>) : record;
  if (typeof inner.name !== 'string') return undefined;
  let input: unknown = inner.arguments ?? inner.parameters ?? inner.input ?? {};
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input) as unknown;
    } catch {
      return undefined;
    }
  }
  return { name: inner.name, input };
}

function xmlCall(name: string, body: string): { name: string; input: unknown } {
  const input: Record<string, unknown> = {};
  for (const [, key, raw] of body.matchAll(XML_PARAMETER)) {
    if (key === undefined) continue;
    const value = (raw ?? '').trim();
    try {
      input[key] = /^[[{"\d-]|^(true|false|null)$/.test(value) ? (JSON.parse(value) as unknown) : value;
    } catch {
      input[key] = value;
    }
  }
  return { name, input };
}
