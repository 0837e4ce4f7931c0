import Anthropic from '@anthropic-ai/sdk';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAnthropic } from '../test/fakes/anthropic';
import { freePort } from '../test/harness/freePort';
import { pairedMedianMs, round } from './timing';

const VERSION = '2.0.0';
const KEY = 'sk-ant-bench';
const PROMPT = 'Why does this deadlock under load? Reason about the lock ordering across the worker threads.';

/** @musistudio/claude-code-router in the test cache (installed on first use, never into the package). */
async function installed(): Promise<string | { skipped: string }> {
  const folder = join(__dirname, '..', '..', '.vscode-test', `claude-code-router-${VERSION}`);
  const cli = join(folder, 'node_modules', '@musistudio', 'claude-code-router', 'dist', 'cli.js');
  if (existsSync(cli)) return cli;
  mkdirSync(folder, { recursive: true });
  const failure = await new Promise<string | undefined>((resolve) =>
    execFile('npm', ['install', '--no-audit', '--no-fund', '--prefix', folder, `@musistudio/claude-code-router@${VERSION}`], { timeout: 300_000 }, (error) => resolve(error === null ? undefined : error.message.split('\n')[0])),
  );
  return failure === undefined && existsSync(cli) ? cli : { skipped: `could not install @musistudio/claude-code-router@${VERSION}: ${failure ?? 'no dist/cli.js'}` };
}

async function timeToFirstText(client: Anthropic): Promise<number> {
  const started = process.hrtime.bigint();
  let first: bigint | undefined;
  for await (const event of client.messages.stream({ model: 'claude-opus-5-5', max_tokens: 256, messages: [{ role: 'user', content: PROMPT }] })) if (first === undefined && event.type === 'content_block_delta') first = process.hrtime.bigint();
  return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
}

/**
 * The same figure as the gateway's cloud pass-through for claude-code-router 2.0.0, configured to
 * pass Claude's requests through (its `Anthropic` transformer) to the same fake.
 */
export async function claudeCodeRouterOverhead(iterations = 60) {
  const cli = await installed();
  if (typeof cli !== 'string') return cli;
  const anthropic = await startFakeAnthropic({ apiKey: KEY });
  anthropic.script.defaults = { reply: 'The race comes from the eviction path taking the locks in the other order.' };
  const home = mkdtempSync(join(tmpdir(), 'ccr-home-'));
  const port = await freePort();
  mkdirSync(join(home, '.claude-code-router'));
  writeFileSync(
    join(home, '.claude-code-router', 'config.json'),
    JSON.stringify({ LOG: false, NON_INTERACTIVE_MODE: true, PORT: port, Providers: [{ name: 'fake', api_base_url: `${anthropic.url}/v1/messages`, api_key: KEY, models: ['claude-opus-5-5'], transformer: { use: ['Anthropic'] } }], Router: { default: 'fake,claude-opus-5-5' } }),
  );
  const child = spawn(process.execPath, [cli, 'start'], { env: { ...process.env, HOME: home }, stdio: 'ignore' });
  try {
    const through = new Anthropic({ apiKey: 'any', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await timeToFirstText(through);
        break;
      } catch (error) {
        if (Date.now() > deadline) return { skipped: `claude-code-router did not answer: ${(error as Error).message}` };
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    const direct = new Anthropic({ apiKey: KEY, baseURL: anthropic.url, maxRetries: 0 });
    const medians = await pairedMedianMs(() => timeToFirstText(direct), () => timeToFirstText(through), iterations);
    return { version: VERSION, iterations, directTtftMedianMs: round(medians.first), routerTtftMedianMs: round(medians.second), addedMedianMs: round(medians.second - medians.first) };
  } finally {
    child.kill('SIGTERM');
    await anthropic.close();
    rmSync(home, { recursive: true, force: true });
  }
}
