import type { StreamPart } from '../core/conversation/streamParts';

/** Parts pushed by the engine's callback, read once as an async iterable; `fail` makes the reader throw after the parts so far. */
export class PartQueue implements AsyncIterable<StreamPart> {
  private readonly parts: StreamPart[] = [];
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  push(part: StreamPart): void {
    this.parts.push(part);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(message: string): void {
    this.error = new Error(message);
    this.ended = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StreamPart> {
    for (;;) {
      const part = this.parts.shift();
      if (part !== undefined) {
        yield part;
        continue;
      }
      if (this.ended) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
