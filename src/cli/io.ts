import type { Writable } from 'node:stream';

/** What a command talks to; the real process in main.ts, a capture in tests. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Registers what Ctrl+C does; a second Ctrl+C always exits at once. */
  onInterrupt(handler: () => void): void;
}
