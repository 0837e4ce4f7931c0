import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptRecord, TaskRecord } from '../../src/core/engine/taskRecord';
import { fileFor, lineOf } from '../../src/core/ledger/ledger';

const CATEGORIES = ['rename', 'types', 'docs', 'tests', 'convert', 'summary', 'debug', 'architecture', 'concurrency', 'security', 'long-context'];
const LOCAL = { targetId: 'local-code', provider: 'ollama' as const, model: 'qwen2.5-coder:7b', local: true };
const CLOUD = { targetId: 'claude', provider: 'anthropic' as const, model: 'claude-sonnet-5-5', local: false };
/** Where tasks come from, by share: most from the editor, agents through the chat view, the model picker and the gateway. */
const SOURCES: readonly { readonly upTo: number; readonly traffic: Pick<TaskRecord, 'surface' | 'client'> }[] = [
  { upTo: 0.55, traffic: {} },
  { upTo: 0.7, traffic: { surface: 'chat', client: 'github.copilot-chat' } },
  { upTo: 0.78, traffic: { surface: 'model-picker', client: 'acme.reviewer' } },
  { upTo: 0.93, traffic: { surface: 'gateway', client: 'claude-code' } },
  { upTo: 0.98, traffic: { surface: 'gateway', client: 'openai-sdk-python' } },
  { upTo: 1, traffic: { surface: 'cli' } },
];

/** A deterministic pseudo-random sequence, so every run writes the same ledger. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Writes `count` realistic records (70% local, fallbacks, retries, cloud answers; from the editor,
 * the chat view, the model picker, the gateway and the CLI) spread over November 2026, in ledger
 * files in `folder`, as the extension writes them.
 */
export function writeGeneratedLedger(folder: string, count: number): number {
  const next = random(47);
  const start = Date.UTC(2026, 10, 1);
  const span = 29 * 86_400_000;
  const fd = openSync(join(folder, fileFor(new Date(start))), 'a');
  let bytes = 0;
  let chunk = '';
  try {
    for (let index = 0; index < count; index++) {
      const startedAt = new Date(start + Math.floor((index / count) * span)).toISOString();
      chunk += lineOf(generatedRecord(index, startedAt, next));
      if (chunk.length > 1 << 20) {
        bytes += writeSync(fd, chunk);
        chunk = '';
      }
    }
    bytes += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function generatedRecord(index: number, startedAt: string, next: () => number): TaskRecord {
  const local = next() < 0.7;
  const category = CATEGORIES[Math.floor(next() * (local ? 6 : CATEGORIES.length))];
  const promptTokens = 200 + Math.floor(next() * 5000);
  const answerTokens = 50 + Math.floor(next() * 600);
  const attempt = (target: typeof LOCAL | typeof CLOUD, outcome: AttemptRecord['outcome'], latencyMs: number): AttemptRecord => ({
    ...target,
    retry: 0,
    startedAt,
    latencyMs,
    usage: { inputTokens: promptTokens, outputTokens: answerTokens, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costUsd: target.local ? 0 : (promptTokens * 3 + answerTokens * 15) / 1e6,
    outcome,
    ...(outcome === 'answered' ? {} : { reason: outcome === 'timeout' ? 'no first token within 60 s' : 'the edited code no longer parses' }),
  });
  const fellBack = local && next() < 0.08;
  const attempts = local ? (fellBack ? [attempt(LOCAL, next() < 0.5 ? 'timeout' : 'gate-failed', 60_000), attempt(CLOUD, 'answered', 2_000 + Math.round(next() * 6_000))] : [attempt(LOCAL, 'answered', 300 + Math.round(next() * 3_000))]) : [attempt(CLOUD, 'answered', 2_000 + Math.round(next() * 6_000))];
  const final = attempts.at(-1)!;
  const source = next();
  const { traffic } = SOURCES.find((entry) => source < entry.upTo) ?? SOURCES[0];
  return {
    id: `g${index}`,
    startedAt,
    language: 'typescript',
    decision: { route: local ? 'local' : 'cloud', category, score: local ? 0.2 : 0.8, promptTokens, reasons: [local ? 'A mechanical edit → local' : 'Asks why something fails → cloud', `The prompt is ${promptTokens} tokens, within the local limit of 4,000`], routeWithinLimit: local ? 'local' : 'cloud' },
    route: local ? 'local' : 'cloud',
    notes: [],
    attempts,
    outcome: 'answered',
    final: { targetId: final.targetId, provider: final.provider, model: final.model, local: final.local },
    latencyMs: attempts.reduce((sum, entry) => sum + entry.latencyMs, 0),
    costUsd: attempts.reduce((sum, entry) => sum + (entry.costUsd ?? 0), 0),
    answerTokens,
    baselineModel: 'claude-sonnet-5-5',
    baselineCostUsd: (promptTokens * 1.5 * 2 + answerTokens * 1.5 * 10) / 1e6,
    ...traffic,
  };
}
