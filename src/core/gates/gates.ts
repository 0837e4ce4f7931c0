import Ajv from 'ajv';
import type { AnswerToolCall } from '../conversation/assemble';
import type { AnswerKind } from '../engine/prompts';
import { firstCodeBlock, sameCode, sameText } from '../engine/codeBlocks';
import { looksLikeRefusal } from './refusal';
import type { FinishReason } from '../providers/types';
import type { Decision, Task } from '../task';

export interface GateInput {
  readonly task: Task;
  readonly decision: Decision;
  readonly kind: AnswerKind;
  readonly text: string;
  /** The checked tool calls the answer makes (an answer of tool calls alone has no text). */
  readonly toolCalls?: readonly AnswerToolCall[];
  readonly finish: FinishReason;
  /** The fenced code of an edit answer, when there is one. */
  readonly code?: string;
}

export type GateResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A check every answer passes before it counts. The editor layer adds its own (parse, diagnostics). */
export interface QualityGate {
  readonly name: string;
  check(input: GateInput): GateResult | Promise<GateResult>;
}

const pass: GateResult = { ok: true };
const fail = (reason: string): GateResult => ({ ok: false, reason });

export const nonEmpty: QualityGate = {
  name: 'non-empty',
  check: ({ text, toolCalls }) => (text.trim() === '' && (toolCalls ?? []).length === 0 ? fail('the answer was empty') : pass),
};

export const notTruncated: QualityGate = {
  name: 'not truncated',
  check: ({ finish }) => {
    if (finish === 'length') return fail('the answer was cut off at the output limit');
    if (finish === 'input-truncated') return fail("the model's context window cut the prompt, so it did not see the whole task");
    if (finish === 'context-exceeded') return fail("the prompt did not fit the model's context window");
    return pass;
  },
};

export const noRefusal: QualityGate = {
  name: 'no refusal',
  check: ({ finish, text }) => (finish === 'refusal' || looksLikeRefusal(text) ? fail('the model declined the task') : pass),
};

export const codeBlockForEdits: QualityGate = {
  name: 'code block',
  check: ({ kind, code }) => (kind === 'edit' && code === undefined ? fail('an edit must come as one fenced code block, and there was none') : pass),
};

/** An edit that gives the selection back as it was did nothing; for formatting, white space is the change. */
export const changesTheCode: QualityGate = {
  name: 'changes the code',
  check: ({ kind, code, task, decision }) => {
    if (kind !== 'edit' || code === undefined || task.code.trim() === '') return pass;
    const unchanged = decision.category === 'format' ? sameText(code, task.code) : sameCode(code, task.code);
    return unchanged ? fail('the edit returned the selected code unchanged') : pass;
  },
};

/** Categories whose answer is expected to grow well beyond the input. */
const GROWING = new Set(['tests', 'boilerplate', 'feature-small', 'docs', 'defensive']);

export const saneEditSize: QualityGate = {
  name: 'sane size',
  check: ({ kind, code, task, decision }) => {
    if (kind !== 'edit' || code === undefined) return pass;
    const before = task.code.trim().length;
    const after = code.trim().length;
    // Small selections legitimately change size a lot.
    if (before < 200) return after === 0 ? fail('the edit deleted the whole selection') : pass;
    if (after < before * 0.3) return fail(`the edit is ${after} characters for a ${before}-character selection; code was probably dropped`);
    const limit = GROWING.has(decision.category) ? 10 : 4;
    if (after > before * limit) return fail(`the edit is ${Math.round(after / before)}× the selection's size; the model probably added unrelated code`);
    return pass;
  },
};

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

export const matchesSchema: QualityGate = {
  name: 'JSON schema',
  check: ({ kind, text, task }) => {
    if (kind !== 'json' || task.responseSchema === undefined) return pass;
    const body = firstCodeBlock(text) ?? text;
    let value: unknown;
    try {
      value = JSON.parse(body.trim());
    } catch {
      return fail('the answer is not valid JSON');
    }
    let validate = compiled.get(task.responseSchema);
    if (validate === undefined) {
      try {
        validate = ajv.compile(task.responseSchema);
      } catch (error) {
        return fail(`the requested schema itself is invalid (${(error as Error).message})`);
      }
      compiled.set(task.responseSchema, validate);
    }
    if (validate(value)) return pass;
    const first = validate.errors?.[0];
    return fail(`the JSON does not match the schema: ${first?.instancePath || '(root)'} ${first?.message ?? 'is invalid'}`);
  },
};

/** Run in this order on every answer. */
export const STANDARD_GATES: readonly QualityGate[] = [nonEmpty, notTruncated, noRefusal, codeBlockForEdits, changesTheCode, saneEditSize, matchesSchema];
