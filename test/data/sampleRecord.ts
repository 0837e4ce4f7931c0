import type { AttemptRecord, TaskRecord } from '../../src/core/engine/taskRecord';

/** A plausible record: a local answer, free, with its cloud baseline. */
export function sampleRecord(id: string, startedAt = '2026-11-22T10:00:00.000Z', overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id,
    startedAt,
    instruction: 'Add type hints',
    decision: { route: 'local', category: 'types', score: 0.1, promptTokens: 120, reasons: ['The instruction asks for type annotations → local'] },
    route: 'local',
    notes: [],
    attempts: [localAttempt(startedAt, { latencyMs: 800, timeToFirstTokenMs: 120, usage: usage(130, 60) })],
    outcome: 'answered',
    final: { targetId: 'local-code', provider: 'ollama', model: 'qwen2.5-coder:7b', local: true },
    latencyMs: 810,
    costUsd: 0,
    baselineCostUsd: 0.0012,
    ...overrides,
  };
}

/** Token usage without cache reads or writes. */
export const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 });

/** A local attempt that answered: 1,000 tokens in, 200 out, free. */
export const localAttempt = (startedAt: string, overrides: Partial<AttemptRecord> = {}): AttemptRecord => ({
  targetId: 'local-code',
  provider: 'ollama',
  model: 'qwen2.5-coder:7b',
  local: true,
  retry: 0,
  startedAt,
  latencyMs: 1000,
  usage: usage(1000, 200),
  costUsd: 0,
  outcome: 'answered',
  ...overrides,
});

/** A Claude attempt that answered: 1,500 tokens in, 300 out, $0.006. */
export const cloudAttempt = (startedAt: string, overrides: Partial<AttemptRecord> = {}): AttemptRecord => ({
  targetId: 'claude',
  provider: 'anthropic',
  model: 'claude-sonnet-5-5',
  local: false,
  retry: 0,
  startedAt,
  latencyMs: 3000,
  usage: usage(1500, 300),
  costUsd: 0.006,
  outcome: 'answered',
  ...overrides,
});
