import { loadOllamaClient } from '../providers/ollamaProvider';

/** What Ollama's `/api/show` says about a model. */
export interface OllamaModelFacts {
  /** The largest context the model takes (`model_info["<architecture>.context_length"]`); undefined when the server does not say. */
  readonly contextLength?: number;
  /** What the model can do, as the server lists it (`completion`, `tools`, `vision`, …); undefined when the server does not say (Ollama before 0.6). */
  readonly capabilities?: readonly string[];
}

/** Asks `/api/show` once per host and model; undefined when the server does not answer in time. */
export class OllamaModelShow {
  private readonly known = new Map<string, Promise<OllamaModelFacts | undefined>>();

  constructor(private readonly timeoutMs = 3_000) {}

  factsOf(host: string, model: string): Promise<OllamaModelFacts | undefined> {
    const key = `${host} ${model}`;
    let facts = this.known.get(key);
    if (facts === undefined) {
      facts = this.ask(host, model);
      this.known.set(key, facts);
      // A failure is not remembered: the server may be up next time.
      void facts.then((value) => value === undefined && this.known.delete(key));
    }
    return facts;
  }

  async windowOf(host: string, model: string): Promise<number | undefined> {
    return (await this.factsOf(host, model))?.contextLength;
  }

  private async ask(host: string, model: string): Promise<OllamaModelFacts | undefined> {
    const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    try {
      const Ollama = await loadOllamaClient();
      const shown = await new Ollama({ host, fetch: timedFetch }).show({ model });
      const info = (shown.model_info ?? {}) as unknown as Record<string, unknown>;
      const listed: unknown = (shown as { capabilities?: unknown }).capabilities;
      const capabilities = Array.isArray(listed) ? listed.filter((entry): entry is string => typeof entry === 'string') : undefined;
      const contextLength = contextLengthOf(info);
      return { ...(contextLength === undefined ? {} : { contextLength }), ...(capabilities === undefined ? {} : { capabilities }) };
    } catch {
      return undefined;
    }
  }
}

function contextLengthOf(info: Record<string, unknown>): number | undefined {
  const architecture = info['general.architecture'];
  const length = typeof architecture === 'string' ? info[`${architecture}.context_length`] : undefined;
  if (typeof length === 'number' && Number.isInteger(length) && length > 0) return length;
  const any = Object.entries(info).find(([key, value]) => key.endsWith('.context_length') && typeof value === 'number');
  return any === undefined ? undefined : (any[1] as number);
}
