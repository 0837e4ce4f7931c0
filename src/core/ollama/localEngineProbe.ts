import { Ollama } from 'ollama';
import { describeConnectionError } from '../providers/errors';

export type LocalEngineState =
  | { readonly kind: 'ready'; readonly host: string; readonly version: string; readonly model: string; readonly installedModels: readonly string[]; readonly loadedModels: readonly string[] }
  | { readonly kind: 'model-missing'; readonly host: string; readonly version: string; readonly model: string; readonly installedModels: readonly string[] }
  | { readonly kind: 'unreachable'; readonly host: string; readonly detail: string };

export interface ProbeOptions {
  readonly host: string;
  /** The model the user routes local work to, such as `qwen2.5-coder:7b`. */
  readonly model: string;
  readonly timeoutMs: number;
}

/** Asks an Ollama server, through the official client, whether it answers and has the model. */
export async function probeLocalEngine(options: ProbeOptions): Promise<LocalEngineState> {
  const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
  const client = new Ollama({ host: options.host, fetch: timedFetch });
  try {
    const [{ version }, { models }, running] = await Promise.all([client.version(), client.list(), client.ps()]);
    const installedModels = models.map((entry) => entry.name);
    if (!hasModel(installedModels, options.model)) return { kind: 'model-missing', host: options.host, version, model: options.model, installedModels };
    return { kind: 'ready', host: options.host, version, model: options.model, installedModels, loadedModels: running.models.map((entry) => entry.name) };
  } catch (error) {
    return { kind: 'unreachable', host: options.host, detail: describeFailure(error) };
  }
}

/** Ollama names without a tag mean `:latest`. */
export function hasModel(installed: readonly string[], wanted: string): boolean {
  const normalise = (name: string) => (name.includes(':') ? name : `${name}:latest`);
  const target = normalise(wanted);
  return installed.some((name) => normalise(name) === target);
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer before the timeout';
    const connection = describeConnectionError(error);
    if (connection === 'connection refused') return 'connection refused (is `ollama serve` running?)';
    return connection ?? error.message;
  }
  return String(error);
}
