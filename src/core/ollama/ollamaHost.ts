export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

/**
 * Picks the Ollama address: an explicit setting wins, then `OLLAMA_HOST` (as the Ollama CLI reads
 * it), then the default. The ollama client normalises the form (a bare `host:port`, a missing port).
 */
export function resolveOllamaHost(setting: string | undefined, environment: string | undefined): string {
  const configured = setting?.trim();
  if (configured !== undefined && configured !== '' && configured !== DEFAULT_OLLAMA_HOST) return configured;
  const fromEnvironment = environment?.trim();
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  return DEFAULT_OLLAMA_HOST;
}
