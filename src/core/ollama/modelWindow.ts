import { loadOllamaClient } from '../providers/ollamaProvider';

/**
 * The largest context an Ollama model takes, as `/api/show` reports it
 * (`model_info["<architecture>.context_length"]`), once per host and model; undefined when the
 * server does not answer in time or does not say.
 */
export class OllamaModelWindows {
  private readonly known = new Map<string, Promise<number | undefined>>();

  constructor(private readonly timeoutMs = 3_000) {}

  windowOf(host: string, model: string): Promise<number | undefined> {
    const key = `${host} ${model}`;
    let window = this.known.get(key);
    if (window === undefined) {
      window = this.ask(host, model);
      this.known.set(key, window);
      // A failure is not remembered: the server may be up next time.
      void window.then((value) => value === undefined && this.known.delete(key));
    }
    return window;
  }

  private async ask(host: string, model: string): Promise<number | undefined> {
    const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    try {
      const Ollama = await loadOllamaClient();
      const shown = await new Ollama({ host, fetch: timedFetch }).show({ model });
      const info = (shown.model_info ?? {}) as unknown as Record<string, unknown>;
      const architecture = info['general.architecture'];
      const length = typeof architecture === 'string' ? info[`${architecture}.context_length`] : undefined;
      if (typeof length === 'number' && Number.isInteger(length) && length > 0) return length;
      const any = Object.entries(info).find(([key, value]) => key.endsWith('.context_length') && typeof value === 'number');
      return any === undefined ? undefined : (any[1] as number);
    } catch {
      return undefined;
    }
  }
}
