import { RouterEngine } from '../src/core/engine/routerEngine';
import { readRouterSettings } from '../src/core/settings/routerSettings';
import type { RunningGateway } from '../src/gateway/server';
import { startGateway } from '../src/gateway/startGateway';
import { startFakeAnthropic, type FakeAnthropic } from '../test/fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../test/fakes/ollama';

export const BENCH_TOKEN = 'llmr-bench-token';
export const BENCH_KEY = 'sk-ant-bench';
const REPLY = 'Rename total to subtotal everywhere in orders.py';

/** The fake Anthropic and Ollama servers, both answering every request with the same reply. */
export async function startBenchFakes(): Promise<{ anthropic: FakeAnthropic; ollama: FakeOllama }> {
  const [anthropic, ollama] = await Promise.all([startFakeAnthropic({ apiKey: BENCH_KEY }), startFakeOllama()]);
  anthropic.script.defaults = { reply: REPLY };
  ollama.script.defaults = { reply: REPLY };
  return { anthropic, ollama };
}

/** The gateway on its engine, with Claude at the fake Anthropic and the local models at the fake Ollama. */
export async function startBenchGateway(anthropicUrl: string, ollamaUrl: string): Promise<RunningGateway> {
  const { settings } = readRouterSettings(
    (key) => ({ 'llmRouter.ollama.host': ollamaUrl, 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropicUrl] } }, 'llmRouter.shadow.sampleRate': 0 })[key],
  );
  const engine = new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(BENCH_KEY) });
  return startGateway({ engine, settings: () => settings, anthropicKey: () => Promise.resolve(BENCH_KEY), port: 0, token: BENCH_TOKEN });
}

/** How many chat requests the fake Ollama has answered. */
export function ollamaChats(ollama: FakeOllama): number {
  return ollama.requests.filter((entry) => entry.path === '/api/chat').length;
}
