import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../data/datasets';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';

export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI without blocking the event loop (the fakes live in this process). */
export function cli(args: string[], env: Record<string, string>, options: { interruptWhen?: () => boolean; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const interruptWhen = options.interruptWhen;
    if (interruptWhen !== undefined) {
      const poll = setInterval(() => {
        if (!interruptWhen()) return;
        clearInterval(poll);
        child.kill('SIGINT');
      }, 20);
      child.on('close', () => clearInterval(poll));
    }
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A settings file (the CLI's --config) whose claude target is the fake, with any other keys. */
export function writeCliSettings(path: string, anthropic: FakeAnthropic, extra: Record<string, unknown> = {}): void {
  writeFileSync(path, JSON.stringify({ 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } }, ...extra }));
}

/** The fakes a CLI test talks to, a fresh folder with settings.json for them, and the environment that points there. */
export async function startCliFakes(prefix: string): Promise<{ ollama: FakeOllama; anthropic: FakeAnthropic; dir: string; env: Record<string, string> }> {
  const [ollama, anthropic] = await Promise.all([startFakeOllama(), startFakeAnthropic({ apiKey: 'sk-test' })]);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeCliSettings(join(dir, 'settings.json'), anthropic);
  return { ollama, anthropic, dir, env: { OLLAMA_HOST: ollama.url, ANTHROPIC_API_KEY: 'sk-test' } };
}
