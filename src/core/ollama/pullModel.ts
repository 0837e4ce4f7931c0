import { Ollama } from 'ollama';

export interface PullProgress {
  readonly status: string;
  /** 0–1 once the server reports sizes. */
  readonly fraction?: number;
}

/** Pulls a model through the official client, reporting progress; the signal cancels it (Ollama resumes next time). */
export async function pullModel(host: string, model: string, onProgress: (progress: PullProgress) => void, signal: AbortSignal): Promise<void> {
  const client = new Ollama({ host, fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }) });
  const parts = await client.pull({ model, stream: true });
  for await (const part of parts) {
    const fraction = part.total > 0 && part.completed !== undefined ? part.completed / part.total : undefined;
    onProgress({ status: part.status, ...(fraction === undefined ? {} : { fraction }) });
  }
}
