import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScriptCheck, ScriptChecker } from '../core/gates/scriptErrors';

/** What the checking thread is handed at start: the TypeScript to load (its lib/typescript.js). */
export interface ScriptCheckSetup {
  readonly typescriptPath: string;
}
export interface ScriptCheckRequest {
  readonly id: number;
  readonly check: ScriptCheck;
}
export type ScriptCheckReply = { readonly id: number; readonly errors: readonly string[] } | { readonly id: number; readonly failure: string };

export interface ScriptCheckLimits {
  /** A check taking longer is given up (nothing to compare) and its thread replaced. */
  readonly checkMs: number;
  /** An idle thread is stopped after this long, releasing the parsed library files. */
  readonly idleMs: number;
}

const LIMITS: ScriptCheckLimits = { checkMs: 30_000, idleMs: 5 * 60_000 };

/**
 * Runs the TypeScript checks on a thread of their own, so that loading TypeScript and parsing its
 * library files (seconds, the first time) never blocks the thread that called. One thread serves
 * every check and keeps what it parsed until it has been idle for a while.
 */
export class WorkerScriptChecker implements ScriptChecker {
  private worker: Worker | undefined;
  private unavailable = false;
  private sequence = 0;
  private readonly pending = new Map<number, (errors: readonly string[] | undefined) => void>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  /** `typescriptPath` is asked on first use; `onProblem` hears why no check can run (once) or why one failed. */
  constructor(
    private readonly typescriptPath: () => string | undefined,
    private readonly onProblem: (message: string) => void,
    private readonly limits: ScriptCheckLimits = LIMITS,
  ) {}

  errorsIn(check: ScriptCheck): Promise<readonly string[] | undefined> {
    const worker = this.started();
    if (worker === undefined) return Promise.resolve(undefined);
    clearTimeout(this.idleTimer);
    worker.ref();
    const id = ++this.sequence;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.settle(id, undefined);
        // Still busy with it: a fresh thread serves the next check.
        this.stop();
      }, this.limits.checkMs);
      this.pending.set(id, (errors) => {
        clearTimeout(timer);
        resolve(errors);
      });
      worker.postMessage({ id, check } satisfies ScriptCheckRequest);
    });
  }

  dispose(): void {
    this.unavailable = true;
    this.stop();
  }

  private started(): Worker | undefined {
    if (this.worker !== undefined || this.unavailable) return this.worker;
    const typescriptPath = this.typescriptPath();
    if (typescriptPath === undefined) return this.giveUp("VS Code's own TypeScript was not found");
    const worker = new Worker(join(__dirname, 'scriptCheckWorker.js'), { workerData: { typescriptPath } satisfies ScriptCheckSetup });
    worker.on('message', (reply: ScriptCheckReply) => {
      if ('failure' in reply) this.onProblem(`a TypeScript check failed: ${reply.failure}`);
      this.settle(reply.id, 'errors' in reply ? reply.errors : undefined);
    });
    // The thread could not load TypeScript, or broke: no check can run in this session.
    worker.on('error', (error) => {
      if (this.worker === worker) this.giveUp(`TypeScript could not be loaded from ${typescriptPath}: ${error.message}`);
    });
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.settleAll();
    });
    this.worker = worker;
    return worker;
  }

  private settle(id: number, errors: readonly string[] | undefined): void {
    const resolve = this.pending.get(id);
    if (resolve === undefined) return;
    this.pending.delete(id);
    resolve(errors);
    if (this.pending.size > 0 || this.worker === undefined) return;
    this.worker.unref();
    this.idleTimer = setTimeout(() => this.stop(), this.limits.idleMs);
    this.idleTimer.unref();
  }

  private settleAll(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, undefined);
  }

  private stop(): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.settleAll();
    void worker?.terminate();
  }

  private giveUp(reason: string): undefined {
    this.unavailable = true;
    this.stop();
    this.onProblem(`edits are not checked for TypeScript errors: ${reason}`);
    return undefined;
  }
}
