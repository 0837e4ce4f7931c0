import { DEFAULT_OLLAMA_HOST } from '../ollama/ollamaHost';

/** How long a host that refused a connection is passed over while others are available. */
const UNHEALTHY_MS = 30_000;

interface HostState {
  active: number;
  unhealthyUntil: number;
}

export interface HostLease {
  readonly host: string;
  release(): void;
  /** Marks the host as down for a while, so the next lease prefers another. */
  markUnreachable(): void;
}

/**
 * Spreads requests over one or more Ollama hosts: at most `perHostLimit` at once on each (like
 * OLLAMA_NUM_PARALLEL), the least busy healthy host first, and a FIFO wait when all are full.
 */
export class OllamaHostPool {
  private readonly hosts = new Map<string, HostState>();
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly perHostLimit = 4,
    private readonly now: () => number = Date.now,
  ) {}

  /** A slot on the best host; `onQueued` is called once if every host is full and the request must wait. */
  async acquire(endpoints: readonly string[] | undefined, signal: AbortSignal, onQueued?: () => void): Promise<HostLease> {
    const candidates = endpoints !== undefined && endpoints.length > 0 ? endpoints : [DEFAULT_OLLAMA_HOST];
    let queued = false;
    for (;;) {
      signal.throwIfAborted();
      const host = this.pick(candidates);
      if (host !== undefined) return this.lease(host);
      if (!queued) {
        queued = true;
        onQueued?.();
      }
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const index = this.waiting.indexOf(wake);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(wake);
      });
    }
  }

  /** Requests running on a host now (for status displays and tests). */
  activeOn(host: string): number {
    return this.hosts.get(host)?.active ?? 0;
  }

  private pick(candidates: readonly string[]): string | undefined {
    const now = this.now();
    let best: string | undefined;
    let bestRank = Infinity;
    for (const host of candidates) {
      const state = this.state(host);
      if (state.active >= this.perHostLimit) continue;
      // Healthy hosts first, then the least busy; ties keep the configured order.
      const rank = (state.unhealthyUntil > now ? this.perHostLimit + 1 : 0) + state.active;
      if (rank < bestRank) {
        best = host;
        bestRank = rank;
      }
    }
    return best;
  }

  private lease(host: string): HostLease {
    const state = this.state(host);
    state.active++;
    let released = false;
    return {
      host,
      release: () => {
        if (released) return;
        released = true;
        state.active--;
        this.waiting.shift()?.();
      },
      markUnreachable: () => {
        state.unhealthyUntil = this.now() + UNHEALTHY_MS;
      },
    };
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (state === undefined) {
      state = { active: 0, unhealthyUntil: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }
}
