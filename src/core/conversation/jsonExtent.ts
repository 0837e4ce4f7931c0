/**
 * Finds where a JSON object or array that begins at `start` ends, in a text that may still be
 * growing: each call reads on from where the last one stopped. Brackets inside strings are skipped.
 * Positions count from the start of the whole text; `offset` is where the `text` given begins in it
 * (a stream's unsettled tail).
 */
export class JsonExtent {
  private index: number;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private end: number | undefined;

  constructor(readonly start: number) {
    this.index = start;
  }

  /** The index just past the closing bracket, or undefined while the value is still open. */
  endIn(text: string, offset = 0): number | undefined {
    for (; this.end === undefined && this.index - offset < text.length; this.index++) {
      const char = text[this.index - offset];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (char === '\\') this.escaped = true;
        else if (char === '"') this.inString = false;
      } else if (char === '"') this.inString = true;
      else if (char === '{' || char === '[') this.depth++;
      else if ((char === '}' || char === ']') && --this.depth === 0) this.end = this.index + 1;
    }
    return this.end;
  }
}

/** Where the JSON object or array beginning at `start` ends in `text`; undefined when it does not close. */
export function jsonEnd(text: string, start: number): number | undefined {
  return new JsonExtent(start).endIn(text);
}
