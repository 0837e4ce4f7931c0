import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import { RouterEngine } from '../src/core/engine/routerEngine';
import { readRouterSettings } from '../src/core/settings/routerSettings';
import { startGateway } from '../src/gateway/startGateway';
import { startFakeAnthropic } from '../test/fakes/anthropic';
import { startFakeOllama } from '../test/fakes/ollama';
import { pairedMedianMs, round } from './timing';

const TOKEN = 'llmr-bench-token';
const KEY = 'sk-ant-bench';
const REASONING = 'Why does this deadlock under load? Reason about the lock ordering across the worker threads and the race in the cache eviction path.';
const TITLE = 'Write a five-word title for: rename total to subtotal in orders.py';
const REPLY = 'Rename total to subtotal everywhere in orders.py';

/** Milliseconds from sending a streamed Messages request to its first text delta. */
async function timeToFirstText(client: Anthropic, model: string, content: string): Promise<number> {
  const started = process.hrtime.bigint();
  let first: bigint | undefined;
  const stream = client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content }] });
  for await (const event of stream) if (first === undefined && event.type === 'content_block_delta') first = process.hrtime.bigint();
  return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
}

/** Interleaves the two measures (warm-up first), so a slow moment of the machine falls on both. */
async function paired(direct: () => Promise<number>, through: () => Promise<number>, iterations: number) {
  const medians = await pairedMedianMs(direct, through, iterations);
  const added = medians.second - medians.first;
  return { iterations, directTtftMedianMs: round(medians.first), gatewayTtftMedianMs: round(medians.second), addedMedianMs: round(added), targetMs: 2, withinTarget: added < 2 };
}

/**
 * Time to first token the gateway adds, with the same Anthropic client: Claude's path (planned,
 * then passed through unchanged) against the client calling the fake Anthropic directly, and the
 * local path (a small-model call answered by the engine from the fake Ollama, translated back)
 * against the ollama client calling the fake Ollama directly.
 */
export async function gatewayOverhead(iterations = 60) {
  const [anthropic, ollama] = await Promise.all([startFakeAnthropic({ apiKey: KEY }), startFakeOllama()]);
  anthropic.script.defaults = { reply: REPLY };
  ollama.script.defaults = { reply: REPLY };
  const { settings } = readRouterSettings(
    (key) => ({ 'llmRouter.ollama.host': ollama.url, 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } }, 'llmRouter.shadow.sampleRate': 0 })[key],
  );
  const engine = new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(KEY) });
  const gateway = await startGateway({ engine, settings: () => settings, anthropicKey: () => Promise.resolve(KEY), port: 0, token: TOKEN });
  try {
    const direct = new Anthropic({ apiKey: KEY, baseURL: anthropic.url, maxRetries: 0 });
    const through = new Anthropic({ apiKey: TOKEN, baseURL: gateway.url, maxRetries: 0 });
    const cloudPassThrough = await paired(() => timeToFirstText(direct, 'claude-opus-5-5', REASONING), () => timeToFirstText(through, 'claude-opus-5-5', REASONING), iterations);
    const ollamaClient = new Ollama({ host: ollama.url });
    const directToOllama = async () => {
      const started = process.hrtime.bigint();
      let first: bigint | undefined;
      for await (const part of await ollamaClient.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: TITLE }], stream: true })) if (first === undefined && part.message.content !== '') first = process.hrtime.bigint();
      return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
    };
    const localPath = await paired(directToOllama, () => timeToFirstText(through, 'claude-haiku-5-5', TITLE), iterations);
    const wentLocal = ollama.requests.filter((entry) => entry.path === '/api/chat').length >= iterations;
    return { cloudPassThrough, localPath: { ...localPath, answeredByTheLocalModel: wentLocal } };
  } finally {
    await gateway.close();
    await Promise.all([anthropic.close(), ollama.close()]);
  }
}
