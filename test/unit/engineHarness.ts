import { RouterEngine, type EngineDependencies } from '../../src/core/engine/routerEngine';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/openaiCompatible';

/** The three fakes, an engine wired to them, and what it recorded. */
export interface EngineRig {
  readonly ollama: FakeOllama;
  readonly anthropic: FakeAnthropic;
  readonly lmStudio: FakeOpenAiCompatible;
  readonly records: TaskRecord[];
  /** Every wait the engine asked for between retries (no real waiting happens). */
  readonly waits: number[];
  engine(settings?: Record<string, unknown>, extra?: Partial<EngineDependencies>): RouterEngine;
  close(): Promise<void>;
}

export async function startEngineRig(): Promise<EngineRig> {
  const [ollama, anthropic, lmStudio] = await Promise.all([startFakeOllama(), startFakeAnthropic({ apiKey: 'sk-test' }), startFakeOpenAiCompatible()]);
  const records: TaskRecord[] = [];
  const waits: number[] = [];
  return {
    ollama,
    anthropic,
    lmStudio,
    records,
    waits,
    engine: (overrides = {}, extra = {}) => {
      const values: Record<string, unknown> = {
        'llmRouter.ollama.host': ollama.url,
        'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } },
        'llmRouter.timeouts.localFirstTokenSeconds': 2,
        'llmRouter.timeouts.cloudFirstTokenSeconds': 2,
        ...overrides,
      };
      const { settings } = readRouterSettings((key) => values[key]);
      return new RouterEngine({
        settings: () => settings,
        anthropicKey: () => Promise.resolve('sk-test'),
        sink: { write: (record) => void records.push(record) },
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
        ...extra,
      });
    },
    close: async () => {
      await Promise.all([ollama.close(), anthropic.close(), lmStudio.close()]);
    },
  };
}

export const chatRequests = (fake: { requests: readonly { path: string; body: unknown }[] }, path: string) => fake.requests.filter((entry) => entry.path === path);
