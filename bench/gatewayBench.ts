import Anthropic from '@anthropic-ai/sdk';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Ollama } from 'ollama';
import { BENCH_KEY, BENCH_TOKEN, ollamaChats, startBenchFakes, startBenchGateway } from './gatewayBenchServers';
import { pairedMedianMs, round } from './timing';

const REASONING = 'Why does this deadlock under load? Reason about the lock ordering across the worker threads and the race in the cache eviction path.';
const TITLE = 'Write a five-word title for: rename total to subtotal in orders.py';

/** Where the benchmark's clients send their requests, and how many chats the fake Ollama answered. */
interface BenchServers {
  readonly anthropic: string;
  readonly ollama: string;
  readonly gateway: string;
  chats(): Promise<number>;
  close(): Promise<void>;
}

/** Milliseconds from sending a streamed Messages request to its first text delta. */
async function timeToFirstText(client: Anthropic, model: string, content: string): Promise<number> {
  const started = process.hrtime.bigint();
  let first: bigint | undefined;
  const stream = client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content }] });
  for await (const event of stream) if (first === undefined && event.type === 'content_block_delta') first = process.hrtime.bigint();
  return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
}

/** Milliseconds from sending a streamed Ollama chat to its first non-empty content. */
async function timeToFirstContent(client: Ollama, content: string): Promise<number> {
  const started = process.hrtime.bigint();
  let first: bigint | undefined;
  for await (const part of await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content }], stream: true })) if (first === undefined && part.message.content !== '') first = process.hrtime.bigint();
  return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
}

/** Interleaves the two measures (warm-up first), so a slow moment of the machine falls on both. */
async function paired(direct: () => Promise<number>, through: () => Promise<number>, iterations: number) {
  const medians = await pairedMedianMs(direct, through, iterations);
  const added = medians.second - medians.first;
  return { iterations, directTtftMedianMs: round(medians.first), gatewayTtftMedianMs: round(medians.second), addedMedianMs: round(added), targetMs: 2, withinTarget: added < 2 };
}

/**
 * The same fakes and the same prompts, with the same Anthropic client: Claude's path (planned,
 * then passed through unchanged) against the client calling the fake Anthropic directly, and the
 * local path (a small-model call answered by the engine from the fake Ollama, translated back)
 * against the ollama client calling the fake Ollama directly.
 */
async function measure(servers: BenchServers, iterations: number) {
  try {
    const direct = new Anthropic({ apiKey: BENCH_KEY, baseURL: servers.anthropic, maxRetries: 0 });
    const through = new Anthropic({ apiKey: BENCH_TOKEN, baseURL: servers.gateway, maxRetries: 0 });
    const cloudPassThrough = await paired(() => timeToFirstText(direct, 'claude-opus-5-5', REASONING), () => timeToFirstText(through, 'claude-opus-5-5', REASONING), iterations);
    const ollama = new Ollama({ host: servers.ollama });
    const before = await servers.chats();
    const localPath = await paired(() => timeToFirstContent(ollama, TITLE), () => timeToFirstText(through, 'claude-haiku-5-5', TITLE), iterations);
    // Every direct call is a chat; the gateway's small-model calls must have added one each.
    const wentLocal = (await servers.chats()) - before >= 2 * (iterations + 10);
    return { cloudPassThrough, localPath: { ...localPath, answeredByTheLocalModel: wentLocal } };
  } finally {
    await servers.close();
  }
}

/** Everything in this process: the clients' work, the gateway's and the fakes' all take turns on one thread. */
async function inOneProcess(): Promise<BenchServers> {
  const { anthropic, ollama } = await startBenchFakes();
  const gateway = await startBenchGateway(anthropic.url, ollama.url);
  return {
    anthropic: anthropic.url,
    ollama: ollama.url,
    gateway: gateway.url,
    chats: () => Promise.resolve(ollamaChats(ollama)),
    close: async () => {
      await gateway.close();
      await Promise.all([anthropic.close(), ollama.close()]);
    },
  };
}

/** The clients here, the gateway in a process of its own, the fakes in a third: as Claude Code, `llm-router serve` and Ollama run. */
async function apart(): Promise<BenchServers> {
  const fakes = await forked(['fakes']);
  const gateway = await forked(['gateway', String(fakes.ready.anthropic), String(fakes.ready.ollama)]).catch((error: unknown) => {
    fakes.child.disconnect();
    throw error;
  });
  return {
    anthropic: String(fakes.ready.anthropic),
    ollama: String(fakes.ready.ollama),
    gateway: String(gateway.ready.gateway),
    chats: async () => Number((await ask(fakes.child, 'chats')).chats),
    close: async () => {
      await Promise.all([gateway.child, fakes.child].map((child) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.disconnect())))));
    },
  };
}

async function forked(args: string[]): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const child = fork(join(__dirname, 'gatewayBenchChild.js'), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`the gateway benchmark's ${args[0]} process exited (${String(code)}) before it was ready`)));
  });
  return { child, ready };
}

function ask(child: ChildProcess, question: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as Record<string, unknown>));
    child.send(question);
  });
}

/**
 * Time to first token the gateway adds. `asDeployed` is the figure the target is set on: client,
 * gateway and model server in three processes, so the gateway's work after it has sent the first
 * bytes (the ledger record) overlaps the client reading them, as it does for a real client.
 * `inOneProcess` runs all three on the bench's one thread, where every millisecond of any of them
 * (the clients' parsing included) delays the others: stricter than any real set-up.
 */
export async function gatewayOverhead(iterations = 60) {
  return { asDeployed: await measure(await apart(), iterations), inOneProcess: await measure(await inOneProcess(), iterations) };
}
