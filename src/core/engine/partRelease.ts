import type { AnswerToolCall } from '../conversation/assemble';
import type { StreamPart } from '../conversation/streamParts';
import { recoverWrittenToolCalls, toolCallProblem, toolModeProblem } from '../conversation/toolChecks';
import { namesToolAsCall } from '../conversation/writtenCallForms';
import { WrittenCallWatch } from '../conversation/writtenCallWatch';
import type { ToolMode, ToolSpec } from '../conversation/types';
import { looksLikeRefusal, mayBecomeRefusal } from '../gates/refusal';

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

/**
 * Stands between one attempt's stream and the caller: holds parts back while a check that must
 * pass first is still open, releases them once it has, and says why it rejects an answer. After
 * the first part is released (`committed`), a failure can no longer be hidden from the caller.
 * A local model offered tools may write a call as text at any point of its answer: from where
 * one may begin, its text waits until the call is decided (`WrittenCallWatch`).
 */
export class PartRelease {
  private held: StreamPart[] = [];
  /** The answer's text so far. */
  private text = '';
  /** How much of `text` has been passed on (released, or held with the other parts). */
  private passedUpTo = 0;
  /** The text after that, which waits on the watch. */
  private unpassed = '';
  /** Whether the text passed on so far ends a line (or is empty). */
  private passedEndsLine = true;
  private readonly watch: WrittenCallWatch | undefined;
  /** A whole tool call written as text was seen: the text from it on waits for the end of the answer. */
  private writtenCallSeen = false;
  private released = false;
  private problem: string | undefined;
  /** Tool calls as checked (and, for text-written ones, recovered). */
  readonly toolCalls: AnswerToolCall[] = [];
  /** Set when the answer's text held a tool call written as text, turned into a real call. */
  recovered = false;
  /** Why a tool call written as text after text had been shown could not be made, so it went out as the model's text. */
  releasedAsText: string | undefined;

  constructor(
    private readonly rules: ReleaseRules,
    private readonly emit: (part: StreamPart) => void,
  ) {
    this.watch = rules.checkDraft && rules.tools.length > 0 ? new WrittenCallWatch(rules.tools) : undefined;
  }

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
    this.text += part.text;
    this.unpassed += part.text;
    this.passText(this.watchedEnd());
    return this.problem;
  }

  /**
   * The attempt finished: runs the checks that needed the whole answer, recovers a tool call
   * written as text, and releases what was held. Returns the answer's text as the caller gets it.
   */
  finish(): { readonly text: string; readonly problem?: string } {
    const text = this.text;
    if (this.problem !== undefined) return { text, problem: this.problem };
    let finalText = text;
    if (this.watch !== undefined && this.toolCalls.length === 0) {
      const recovered = this.released ? { text: this.recoverAfterRelease() } : this.recoverBeforeRelease();
      if (recovered.problem !== undefined) return { text, problem: recovered.problem };
      finalText = recovered.text;
    }
    if (!this.recovered) this.passRest();
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

  /** Nothing reached the caller yet: a call written anywhere in the text is recovered, and a bad one sends the draft back. */
  private recoverBeforeRelease(): { readonly text: string; readonly problem?: string } {
    const recovered = recoverWrittenToolCalls(this.text, this.rules.tools);
    if (recovered === undefined) return unreadableWrittenCall(this.text, this.rules.tools) ? { text: this.text, problem: 'the model wrote a tool call as text that cannot be read as one' } : { text: this.text };
    const problems = recovered.toolCalls.map((call) => toolCallProblem(call, this.rules.tools)).filter((reason) => reason !== undefined);
    if (problems.length > 0) return { text: this.text, problem: `the model wrote a tool call as text, and ${problems[0]}` };
    this.adoptRecovered(recovered.toolCalls);
    this.held = [...(recovered.text === '' ? [] : [{ type: 'text-delta', text: recovered.text } as const]), ...recovered.toolCalls.flatMap(wholeCall)];
    return { text: recovered.text };
  }

  /**
   * Text already reached the caller, so a call written after it cannot be sent back to be
   * redone: a good one becomes a real call after the text shown; anything else is the model's
   * text and goes out as written.
   */
  private recoverAfterRelease(): string {
    const shown = this.text.slice(0, this.passedUpTo);
    const recovered = recoverWrittenToolCalls(this.unpassed, this.rules.tools);
    const problem = recovered === undefined ? (unreadableWrittenCall(this.unpassed, this.rules.tools) ? 'it cannot be read as one' : undefined) : this.rules.toolMode === 'none' ? 'tools were not allowed' : recovered.toolCalls.map((call) => toolCallProblem(call, this.rules.tools)).find((reason) => reason !== undefined);
    if (recovered === undefined || problem !== undefined) {
      this.releasedAsText = problem;
      return this.text;
    }
    const after = recovered.text === '' ? '' : `\n\n${recovered.text}`;
    this.adoptRecovered(recovered.toolCalls);
    this.held.push(...(after === '' ? [] : [{ type: 'text-delta', text: after } as const]), ...recovered.toolCalls.flatMap(wholeCall));
    return shown + after;
  }

  private adoptRecovered(calls: readonly AnswerToolCall[]): void {
    this.recovered = true;
    this.passedUpTo = this.text.length;
    this.unpassed = '';
    this.toolCalls.push(...calls);
  }

  private toolCall(part: Extract<StreamPart, { type: 'tool-call' }>): string | undefined {
    const call: AnswerToolCall = { id: part.id, name: part.name, input: part.input, ...(part.rawInput === undefined ? {} : { rawInput: part.rawInput }) };
    // The model made a real call: text it held back was not one.
    this.passText(this.text.length);
    if (this.problem !== undefined) return this.problem;
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

  /** How far the text may be passed on: all of it, unless a tool call written as text may have begun. */
  private watchedEnd(): number {
    if (this.watch === undefined || this.toolCalls.length > 0) return this.text.length;
    if (this.writtenCallSeen) return this.passedUpTo;
    const held = this.watch.heldFrom(this.unpassed, this.passedUpTo, this.passedEndsLine);
    if (held.call) this.writtenCallSeen = true;
    return this.passedUpTo + held.at;
  }

  /** Passes the text up to `end` (counted in the whole answer) on as one delta. */
  private passText(end: number): void {
    if (end <= this.passedUpTo) return;
    const piece = this.takeUnpassed(end - this.passedUpTo);
    this.pass({ type: 'text-delta', text: piece });
  }

  private takeUnpassed(length: number): string {
    const piece = this.unpassed.slice(0, length);
    this.unpassed = this.unpassed.slice(length);
    this.passedUpTo += piece.length;
    this.passedEndsLine = piece.endsWith('\n');
    return piece;
  }

  /** The text the watch held back was no call: it goes out (or waits with the rest for the end of the checks) as written. */
  private passRest(): void {
    if (this.unpassed === '') return;
    const rest: StreamPart = { type: 'text-delta', text: this.takeUnpassed(this.unpassed.length) };
    if (this.released) this.emit(rest);
    else this.held.push(rest);
  }

  /** Releases the part now if nothing checked later can reject what came before it, else holds it. */
  private pass(part: StreamPart): void {
    if (this.released) {
      this.emit(part);
      return;
    }
    this.held.push(part);
    if (this.rules.commit === 'after-gates' || !this.mayRelease()) return;
    if (this.rules.checkDraft && looksLikeRefusal(this.passedText())) {
      this.problem = 'the model declined the task';
      return;
    }
    this.flush();
  }

  private passedText(): string {
    return this.text.slice(0, this.passedUpTo);
  }

  /** In first-part mode: the opening has been read far enough for a refusal (a text-written call is the watch's to hold back). */
  private mayRelease(): boolean {
    const { tools, toolMode, checkDraft } = this.rules;
    if (!checkDraft) return true;
    // A required call may come after any amount of text; nothing goes out until it has.
    if (toolMode === 'required' && tools.length > 0 && this.toolCalls.length === 0) return false;
    const passed = this.passedText().trim();
    if (this.toolCalls.length > 0 && passed === '') return true;
    if (passed === '') return false;
    // A refusal declares itself in the opening sentences, read on into what the watch still holds; an opening no refusal can begin with goes at once.
    const opening = this.text.trimStart();
    return opening.startsWith('```') || opening.includes('\n\n') || SENTENCES_ENDED.test(opening) || opening.length >= REFUSAL_LEAD_CHARS || !mayBecomeRefusal(opening);
  }
}

/** A call to an offered tool written as text that did not parse: a broken answer, not prose. */
function unreadableWrittenCall(text: string, tools: readonly ToolSpec[]): boolean {
  return tools.some((tool) => namesToolAsCall(text, tool.name));
}

/** A checked call as the caller receives it: its start, its arguments in one piece, and the call. */
function wholeCall(call: AnswerToolCall): StreamPart[] {
  return [
    { type: 'tool-call-start', id: call.id, name: call.name },
    { type: 'tool-call-delta', id: call.id, inputDelta: JSON.stringify(call.input ?? {}) },
    { type: 'tool-call', id: call.id, name: call.name, input: call.input },
  ];
}
