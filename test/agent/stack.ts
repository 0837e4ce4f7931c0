import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { Ledger } from '../../src/core/ledger/ledger';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { runClaudeCode, type ClaudeCodeOptions, type ClaudeCodeRun } from './claudeCode';
import { startGateway, type RunningGateway } from './gatewayProcess';

/** The real key the gateway holds; Claude Code only ever has the gateway's token. */
export const CLOUD_KEY = 'sk-ant-agent-tests';
/** Claude Code's prompt is about 11,000 cl100k tokens before the user types (docs/claude-code-traffic.md). */
const LOCAL_WINDOW = 65_536;

/**
 * What an agent test runs against: the fakes, `llm-router serve` in front of them with settings a
 * user serving Claude Code locally would choose (a local limit above Claude Code's prompt), and a
 * fresh folder for Claude Code to work in.
 */
export interface Stack {
  readonly anthropic: FakeAnthropic;
  readonly ollama: FakeOllama;
  readonly gateway: RunningGateway;
  /** Claude Code's working folder. */
  readonly workspace: string;
  /** Claude Code's HOME, the same for every run of the test. */
  readonly home: string;
  /** Runs Claude Code in the workspace against the gateway. */
  claude(prompt: string, options?: Partial<ClaudeCodeOptions>): Promise<ClaudeCodeRun>;
  /** The ledger's records for this month, once there are at least `count` (or after 5 s) and no more arrive for a moment. */
  records(count: number): Promise<LedgerLine[]>;
  stop(): Promise<void>;
}

/** A record as the ledger holds it, with the fields a newer record type may add (surface, client, counts) readable. */
export type LedgerLine = TaskRecord & Readonly<Record<string, unknown>>;

export async function startStack(options: { settings?: Record<string, unknown>; anthropic?: FakeAnthropicOptions } = {}): Promise<Stack> {
  const [anthropic, ollama] = await Promise.all([startFakeAnthropic({ apiKey: CLOUD_KEY, ...options.anthropic }), startFakeOllama({ contextLength: LOCAL_WINDOW })]);
  const settings = {
    'llmRouter.targets': {
      claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] },
      'local-code': { provider: 'ollama', model: 'qwen2.5-coder:7b', endpoints: [ollama.url], contextWindow: LOCAL_WINDOW },
    },
    'llmRouter.shadow.sampleRate': 0,
    ...options.settings,
  };
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({ settings, env: { ANTHROPIC_API_KEY: CLOUD_KEY, OLLAMA_HOST: ollama.url } });
  } catch (error) {
    await Promise.all([anthropic.close(), ollama.close()]);
    throw error;
  }
  const workspace = mkdtempSync(join(tmpdir(), 'llm-router-agent-workspace-'));
  const home = mkdtempSync(join(tmpdir(), 'llm-router-claude-home-'));
  return {
    anthropic,
    ollama,
    gateway,
    workspace,
    home,
    claude: (prompt, extra = {}) => runClaudeCode({ prompt, cwd: workspace, home, baseUrl: gateway.url, token: gateway.token, ...extra }),
    records: (count) => readRecords(gateway.ledgerDir, count),
    stop: async () => {
      await gateway.stop();
      await Promise.all([anthropic.close(), ollama.close()]);
      for (const dir of [workspace, home]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A record written a moment after the answer would be missed by a test that reads at once; one written twice would be missed by a test that stops at the count. */
const SETTLE_MS = 300;

async function readRecords(ledgerDir: string, count: number): Promise<LedgerLine[]> {
  const ledger = new Ledger(new NodeLedgerFiles(ledgerDir));
  const read = async () => {
    const { records, problems } = await ledger.readMonth(new Date());
    if (problems.length > 0) throw new Error(`the ledger has unreadable lines: ${problems.map((problem) => problem.reason).join('; ')}`);
    return records as LedgerLine[];
  };
  const deadline = Date.now() + 5_000;
  while ((await read()).length < count && Date.now() < deadline) await sleep(100);
  await sleep(SETTLE_MS);
  return read();
}
