import { JsonExtent } from './jsonExtent';
import { recoverWrittenToolCalls } from './toolChecks';
import type { ToolSpec } from './types';
import { CALL_TAGS, FENCE, FENCE_INFO, JSON_OPENERS } from './writtenCallForms';

/** How far a streamed answer may be shown while a tool call written as text may still be coming. */
export interface HeldFrom {
  /** Text of the tail before this index may be shown; from it on, the answer waits. */
  readonly at: number;
  /** A complete call to an offered tool begins at `at`: the rest of the answer waits for its end. */
  readonly call: boolean;
}

type Verdict = { readonly kind: 'open' } | { readonly kind: 'call' } | { readonly kind: 'prose'; readonly next: number };

const OPEN: Verdict = { kind: 'open' };
const CALL: Verdict = { kind: 'call' };

/**
 * Reads a local model's answer as it streams, for the places a tool call written as text may begin
 * (the forms of `writtenCallForms`, which the recovery reads): a line opening with `{` or `[{`, a
 * fence whose body opens with `{`, a call tag. Each such place is held
 * until it is decided: it closes as a call to an offered tool, or it shows itself to be prose or
 * code and may be shown. Text without such a place is never held.
 */
export class WrittenCallWatch {
  /** JSON values being read, by where they begin in the whole answer. */
  private readonly extents = new Map<number, JsonExtent>();
  /** Where the tail being read begins in the whole answer. */
  private offset = 0;
  private lineStart = true;

  constructor(private readonly tools: readonly ToolSpec[]) {}

  /**
   * `tail`: the answer's text not yet let through (only the tail is read, so a long answer is not
   * scanned again with every piece); `offset`: how much was let through before it; `lineStart`:
   * whether the tail begins a line.
   */
  heldFrom(tail: string, offset: number, lineStart: boolean): HeldFrom {
    for (const start of this.extents.keys()) if (start < offset) this.extents.delete(start);
    this.offset = offset;
    this.lineStart = lineStart;
    let index = 0;
    while (index < tail.length) {
      const candidate = this.nextCandidate(tail, index);
      if (candidate === undefined) break;
      const verdict = this.judge(tail, candidate);
      if (verdict.kind === 'prose') {
        index = Math.max(verdict.next, candidate + 1);
        continue;
      }
      return { at: blanksBefore(tail, candidate), call: verdict.kind === 'call' };
    }
    // Blanks at the end wait for what follows them: they go with a call that may start the next line.
    return { at: blanksBefore(tail, tail.length), call: false };
  }

  /** The next place at or after `index` where a written call may begin: a line's first non-blank character, or a `<`. */
  private nextCandidate(text: string, index: number): number | undefined {
    for (let at = index; at < text.length; at++) {
      const char = text[at];
      if (CALL_TAGS.some((tag) => tag.open[0] === char)) return at;
      if (at === 0 ? !this.lineStart : text[at - 1] !== '\n') continue;
      let first = at;
      while (text[first] === ' ' || text[first] === '\t') first++;
      if (first >= text.length) return undefined;
      const opener = text[first] ?? '';
      if (JSON_OPENERS.includes(opener) || opener === FENCE[0]) return first;
      if (first > at) at = first - 1;
    }
    return undefined;
  }

  private judge(text: string, at: number): Verdict {
    const char = text[at] ?? '';
    if (JSON_OPENERS.includes(char)) return this.json(text, at);
    if (char === FENCE[0]) return this.fence(text, at);
    return this.tag(text, at);
  }

  private json(text: string, at: number): Verdict {
    let object = at;
    if (text[at] === '[') {
      object = skipBlanks(text, at + 1);
      if (object >= text.length) return OPEN;
      if (text[object] !== '{') return { kind: 'prose', next: at + 1 };
    }
    const key = skipBlanks(text, object + 1);
    if (key >= text.length) return OPEN;
    if (text[key] !== '"') return { kind: 'prose', next: at + 1 };
    let extent = this.extents.get(this.offset + at);
    if (extent === undefined) this.extents.set(this.offset + at, (extent = new JsonExtent(this.offset + at)));
    const end = extent.endIn(text, this.offset);
    if (end === undefined) return OPEN;
    return this.verdictOn(text, at, end - this.offset);
  }

  private fence(text: string, at: number): Verdict {
    const opening = text.slice(at, at + FENCE.length);
    if (opening !== FENCE) return FENCE.startsWith(opening) && at + opening.length === text.length ? OPEN : { kind: 'prose', next: at + 1 };
    const lineEnd = text.indexOf('\n', at + FENCE.length);
    const info = text.slice(at + FENCE.length, lineEnd === -1 ? text.length : lineEnd).trim();
    if (lineEnd === -1) return FENCE_INFO.startsWith(info) ? OPEN : { kind: 'prose', next: at + FENCE.length };
    if (info !== '' && info !== FENCE_INFO) return { kind: 'prose', next: lineEnd };
    const body = skipBlanks(text, lineEnd + 1);
    if (body >= text.length) return OPEN;
    if (text[body] !== '{') return { kind: 'prose', next: lineEnd };
    const close = text.indexOf(`\n${FENCE}`, body);
    if (close === -1) return OPEN;
    return this.verdictOn(text, at, close + 1 + FENCE.length);
  }

  private tag(text: string, at: number): Verdict {
    for (const { open, close } of CALL_TAGS) {
      const head = text.slice(at, at + open.length);
      if (head.length < open.length) {
        if (open.startsWith(head)) return OPEN;
        continue;
      }
      if (head !== open) continue;
      const closing = text.indexOf(close, at + open.length);
      if (closing === -1) return OPEN;
      return this.verdictOn(text, at, closing + close.length);
    }
    return { kind: 'prose', next: at + 1 };
  }

  /** A closed candidate is a call when the recovery reads a call to an offered tool in it. */
  private verdictOn(text: string, at: number, end: number): Verdict {
    return recoverWrittenToolCalls(text.slice(at, end), this.tools) === undefined ? { kind: 'prose', next: end } : CALL;
  }
}

/** Where the run of blanks that ends at `index` begins: blanks before a held place are held with it (and dropped if it is a call). */
function blanksBefore(text: string, index: number): number {
  let at = index;
  while (at > 0 && /\s/.test(text[at - 1] ?? '')) at--;
  return at;
}

/** The first index at or after `index` that is not a space, tab or line break. */
function skipBlanks(text: string, index: number): number {
  let at = index;
  while (at < text.length && /\s/.test(text[at] ?? '')) at++;
  return at;
}
