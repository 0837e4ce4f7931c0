import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../harness/freePort';
import { REPO_ROOT } from '../harness/paths';

export interface RunningGateway {
  /** ANTHROPIC_BASE_URL for a client, e.g. `http://127.0.0.1:43127`. */
  readonly url: string;
  readonly token: string;
  readonly ledgerDir: string;
  /** What `serve` printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** `llmRouter.*` settings for `--config`. */
  readonly settings: Record<string, unknown>;
  /** The environment beyond the token: ANTHROPIC_API_KEY (the real key), OLLAMA_HOST. */
  readonly env: Record<string, string>;
}

const START_TIMEOUT_MS = 15_000;

/** Starts the built `llm-router serve` on a free loopback port with its own settings file and ledger folder, and waits for its health line. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-router-gateway-'));
  const config = join(dir, 'settings.json');
  const ledgerDir = join(dir, 'ledger');
  writeFileSync(config, JSON.stringify(options.settings));
  const port = await freePort();
  const token = `gw-test-${port}`;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'serve', '--port', String(port), '--config', config, '--ledger', ledgerDir], {
    env: { ...process.env, ...options.env, LLM_ROUTER_GATEWAY_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    token,
    ledgerDir,
    output: () => output,
    stop: async () => {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `GET /` answers without a token once the gateway listens. */
async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llm-router serve exited with ${child.exitCode} before it listened:\n${output()}`);
    const healthy = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await sleep(100);
  }
  throw new Error(`llm-router serve did not answer GET / within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/** Ctrl+C, as a user stops `serve` (it closes the server and flushes the ledger); a gateway that hangs on it is killed. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('close', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGINT');
  });
}
