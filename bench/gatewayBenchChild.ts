import type { RunningGateway } from '../src/gateway/server';
import type { FakeAnthropic } from '../test/fakes/anthropic';
import type { FakeOllama } from '../test/fakes/ollama';
import { ollamaChats, startBenchFakes, startBenchGateway } from './gatewayBenchServers';

/**
 * One process of the gateway benchmark, forked by bench/gatewayBench.ts with an IPC channel:
 * `fakes` runs the fake Anthropic and Ollama servers, `gateway <anthropic url> <ollama url>` the
 * gateway on them, so that client, gateway and model server each have a process, as Claude Code,
 * the gateway and Ollama do. Sends its URLs once listening; answers `chats` with the fake
 * Ollama's chat count; exits when the channel closes.
 */
async function main(): Promise<void> {
  const [role, anthropicUrl, ollamaUrl] = process.argv.slice(2);
  let fakes: { anthropic: FakeAnthropic; ollama: FakeOllama } | undefined;
  let gateway: RunningGateway | undefined;
  if (role === 'fakes') {
    fakes = await startBenchFakes();
    process.send?.({ anthropic: fakes.anthropic.url, ollama: fakes.ollama.url });
  } else if (role === 'gateway' && anthropicUrl !== undefined && ollamaUrl !== undefined) {
    gateway = await startBenchGateway(anthropicUrl, ollamaUrl);
    process.send?.({ gateway: gateway.url });
  } else {
    throw new Error('usage: gatewayBenchChild fakes | gateway <anthropic url> <ollama url>');
  }
  process.on('message', (question) => {
    if (question === 'chats' && fakes !== undefined) process.send?.({ chats: ollamaChats(fakes.ollama) });
  });
  process.once('disconnect', () => {
    void Promise.all([gateway?.close(), fakes?.anthropic.close(), fakes?.ollama.close()]).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
