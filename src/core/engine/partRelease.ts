import type { AnswerToolCall } from '../conversation/assemble';
import type { StreamPart } from '../conversation/streamParts';
import { mayBeWrittenToolCall, recoverWrittenToolCalls, toolCallProblem, toolModeProblem } from '../conversation/toolChecks';
import type { ToolMode, ToolSpec } from '../conversation/types';
import { looksLikeRefusal } from '../gates/refusal';

/**
 * When the caller may see parts: `after-gates` (editor, CLI) once the whole answer has passed
 * every check; `first-part` (chat, model picker, gateway) as they arrive, once the checks that
 * must hold before anything is shown have passed.
 */
export type CommitMode = 'after-gates' | 'first-part';

export interface ReleaseRules {
  readonly commit: CommitMode;
  readonly tools: readonly ToolSpec[];
  readonly toolMode: ToolMode;
  /**
   * Local drafts are checked before anything goes out: their tool calls, a refusal at the start,
   * a tool call written as text. The cloud's parts are passed on as they come.
   */
  readonly checkDraft: boolean;
}

/** How much of an answer's opening is read for a refusal before the text may go out. */
const REFUSAL_LEAD_CHARS = 240;
const SENTENCES_ENDED = /[.!?]\s[\s\S]*[.!?]\s/;
const WRITTEN_CALL_MARKER = /`{3}|<tool_call>|<function=|\{\s*"(name|function)"\s*:/;

/**
 * Stands between one attempt's stream and the caller: holds parts back while a check that must
 * pass first is still open, releases them once it has, and says why it rejects an answer. After
 * the first part is released (`committed`), a failure can no longer be hidden from the caller.
 */
export class PartRelease {
  private held: StreamPart[] = [];
  private heldText = '';
  private released = false;
  private problem: string | undefined;
  /** Tool calls as checked (and, for text-written ones, recovered). */
  readonly toolCalls: AnswerToolCall[] = [];
  /** Set when the answer's text held a tool call written as text, turned into a real call. */
  recovered = false;

  constructor(
    private readonly rules: ReleaseRules,
    private readonly emit: (part: StreamPart) => void,
  ) {}

  /** Whether anything has reached the caller. */
  get committed(): boolean {
    return this.released;
  }

  /** The first reason to reject the answer found so far. */
  get rejection(): string | undefined {
    return this.problem;
  }

  /** Takes the next part; returns a reason to stop the attempt when the answer has failed a check. */
  add(part: StreamPart): string | undefined {
    if (this.problem !== undefined) return this.problem;
    if (part.type === 'usage' || part.type === 'finish') return undefined;
    if (part.type === 'tool-call-start' || part.type === 'tool-call-delta') {
      // A call goes out whole once checked; from the cloud, its progress streams as it comes.
      if (!this.rules.checkDraft) this.pass(part);
      return undefined;
    }
    if (part.type === 'tool-call') return this.toolCall(part);
    this.heldText += part.text;
    this.pass(part);
    return this.problem;
  }

  /**
   * The attempt finished: runs the checks that needed the whole answer, recovers a tool call
   * written as text, and releases what was held. `text` is the answer's whole text.
   */
  finish(text: string): { readonly text: string; readonly problem?: string } {
    if (this.problem !== undefined) return { text, problem: this.problem };
    let finalText = text;
    if (!this.released && this.rules.checkDraft && this.toolCalls.length === 0) {
      const recovered = recoverWrittenToolCalls(text, this.rules.tools);
      if (recovered !== undefined) {
        const problems = recovered.toolCalls.map((call) => toolCallProblem(call, this.rules.tools)).filter((reason) => reason !== undefined);
        if (problems.length > 0) return { text, problem: `the model wrote a tool call as text, and ${problems[0]}` };
        this.recovered = true;
        finalText = recovered.text;
        this.held = [...(finalText === '' ? [] : [{ type: 'text-delta', text: finalText } as const]), ...recovered.toolCalls.flatMap(wholeCall)];
        this.toolCalls.push(...recovered.toolCalls);
      } else if (unreadableWrittenCall(text, this.rules.tools)) {
        return { text, problem: 'the model wrote a tool call as text that cannot be read as one' };
      }
    }
    const mode = toolModeProblem(this.toolCalls, this.rules.toolMode, this.rules.tools.length);
    if (mode !== undefined && this.rules.checkDraft) return { text: finalText, problem: mode };
    if (!this.released && this.rules.checkDraft && looksLikeRefusal(finalText) && this.toolCalls.length === 0) return { text: finalText, problem: 'the model declined the task' };
    return { text: finalText };
  }

  /** Sends whatever is still held: the answer passed every check. */
  flush(): void {
    this.released = true;
    for (const part of this.held) this.emit(part);
    this.held = [];
  }

  private toolCall(part: Extract<StreamPart, { type: 'tool-call' }>): string | undefined {
    const call: AnswerToolCall = { id: part.id, name: part.name, input: part.input, ...(part.rawInput === undefined ? {} : { rawInput: part.rawInput }) };
    if (this.rules.checkDraft) {
      const problem = toolCallProblem(call, this.rules.tools) ?? (this.rules.toolMode === 'none' ? 'the model called a tool although tools were not allowed' : undefined);
      if (problem !== undefined) {
        this.problem = problem;
        return problem;
      }
      this.toolCalls.push(call);
      for (const whole of wholeCall(call)) this.pass(whole);
      return undefined;
    }
    this.toolCalls.push(call);
    this.pass(part);
    return undefined;
  }

  /** Releases the part now if nothing checked later can reject what came before it, else holds it. */
  private pass(part: StreamPart): void {
    if (this.released) {
      this.emit(part);
      return;
    }
    this.held.push(part);
    if (this.rules.commit === 'after-gates' || !this.mayRelease()) return;
    if (this.rules.checkDraft && looksLikeRefusal(this.heldText)) {
      this.problem = 'the model declined the task';
      return;
    }
    this.flush();
  }

  /** In first-part mode: the opening has been read far enough for a refusal, and cannot turn into a tool call written as text. */
  private mayRelease(): boolean {
    const { tools, toolMode, checkDraft } = this.rules;
    if (!checkDraft) return true;
    // A required call may come after any amount of text; nothing goes out until it has.
    if (checkDraft && toolMode === 'required' && tools.length > 0 && this.toolCalls.length === 0) return false;
    if (this.toolCalls.length > 0 && this.heldText.trim() === '') return true;
    const opening = this.heldText.trimStart();
    if (opening === '') return false;
    if (tools.length > 0 && this.toolCalls.length === 0) {
      // A local model offered tools may write a call as text after a sentence of its own: the
      // opening is read further, and once a call's marker shows, the answer is held to its end.
      if (mayBeWrittenToolCall(opening) || WRITTEN_CALL_MARKER.test(opening)) return false;
      return opening.length >= REFUSAL_LEAD_CHARS;
    }
    // A refusal declares itself in the opening sentences.
    return opening.startsWith('```') || opening.includes('\n\n') || SENTENCES_ENDED.test(opening) || opening.length >= REFUSAL_LEAD_CHARS;
  }
}

/** A call to an offered tool written as text that did not parse: a broken answer, not prose. */
function unreadableWrittenCall(text: string, tools: readonly ToolSpec[]): boolean {
  return tools.some((tool) => text.includes(`"name": "${tool.name}"`) || text.includes(`"name":"${tool.name}"`) || text.includes(`<function=${tool.name}>`));
}

/** A checked call as the caller receives it: its start, its arguments in one piece, and the call. */
function wholeCall(call: AnswerToolCall): StreamPart[] {
  return [
    { type: 'tool-call-start', id: call.id, name: call.name },
    { type: 'tool-call-delta', id: call.id, inputDelta: JSON.stringify(call.input ?? {}) },
    { type: 'tool-call', id: call.id, name: call.name, input: call.input },
  ];
}
