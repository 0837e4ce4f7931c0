import type { TaskRecord } from '../../src/core/engine/taskRecord';

/** A plausible record: a local answer, free, with its cloud baseline. */
export function sampleRecord(id: string, startedAt = '2026-11-22T10:00:00.000Z', overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id,
    startedAt,
    instruction: 'Add type hints',
    decision: { route: 'local', category: 'types', score: 0.1, promptTokens: 120, reasons: ['The instruction asks for type annotations → local'] },
    route: 'local',
    notes: [],
    attempts: [
      {
        targetId: 'local-code',
        provider: 'ollama',
        model: 'qwen2.5-coder:7b',
        local: true,
        retry: 0,
        startedAt,
        latencyMs: 800,
        timeToFirstTokenMs: 120,
        usage: { inputTokens: 130, outputTokens: 60, cacheReadTokens: 0, cacheWriteTokens: 0 },
        costUsd: 0,
        outcome: 'answered',
      },
    ],
    outcome: 'answered',
    final: { targetId: 'local-code', provider: 'ollama', model: 'qwen2.5-coder:7b', local: true },
    latencyMs: 810,
    costUsd: 0,
    baselineCostUsd: 0.0012,
    ...overrides,
  };
}
