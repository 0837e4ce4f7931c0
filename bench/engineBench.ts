import { Ollama } from 'ollama';
import { RouterEngine } from '../src/core/engine/routerEngine';
import type { TaskRecord } from '../src/core/engine/taskRecord';
import { readRouterSettings } from '../src/core/settings/routerSettings';
import type { Task } from '../src/core/task';
import { startFakeOllama } from '../test/fakes/ollama';
import { median, round } from './timing';

const TASK: Task = { instruction: 'Add type hints', code: 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)', language: 'python', path: 'src/orders.py' };
const REPLY = '```python\ndef total(items: list[dict[str, float]]) -> float:\n    return sum(item["price"] * item["quantity"] for item in items)\n```';

function engineFor(ollamaUrl: string, records?: TaskRecord[]): RouterEngine {
  const { settings } = readRouterSettings((key) => (key === 'llmRouter.ollama.host' ? ollamaUrl : undefined));
  return new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(undefined), ...(records === undefined ? {} : { sink: { write: (record) => void records.push(record) } }) });
}

/**
 * Time to first token through the router (classify, plan, provider, gates' bookkeeping) against
 * the same `ollama` client calling the same fake directly, interleaved in one run.
 */
export async function routerOverhead(iterations = 60) {
  const fake = await startFakeOllama();
  fake.script.defaults = { reply: REPLY };
  try {
    const engine = engineFor(fake.url);
    const client = new Ollama({ host: fake.url });
    const direct = async () => {
      const started = process.hrtime.bigint();
      let first: bigint | undefined;
      const parts = await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: TASK.instruction }], stream: true });
      for await (const part of parts) if (first === undefined && part.message.content !== '') first = process.hrtime.bigint();
      return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
    };
    const routed = async () => {
      const started = process.hrtime.bigint();
      let first: bigint | undefined;
      await engine.run(TASK, { observer: { onText: () => (first ??= process.hrtime.bigint()) } });
      return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
    };
    for (let index = 0; index < 10; index++) {
      await direct();
      await routed();
    }
    const directSamples: number[] = [];
    const routedSamples: number[] = [];
    for (let index = 0; index < iterations; index++) {
      directSamples.push(await direct());
      routedSamples.push(await routed());
    }
    const added = median(routedSamples) - median(directSamples);
    return { iterations, directTtftMedianMs: round(median(directSamples)), routedTtftMedianMs: round(median(routedSamples)), addedMedianMs: round(added), targetMs: 2, withinTarget: added < 2 };
  } finally {
    await fake.close();
  }
}

/**
 * Wall time of 40 tasks at parallelism 4 against the ideal: ten rounds of the time one task takes
 * alone, both measured here against a fake with 80 ms of scripted latency per request.
 */
export async function batchEfficiency(tasks = 40, parallel = 4) {
  const fake = await startFakeOllama();
  fake.script.defaults = { reply: REPLY, latencyMs: 80 };
  try {
    const records: TaskRecord[] = [];
    const engine = engineFor(fake.url, records);
    await engine.run(TASK);
    const singles: number[] = [];
    for (let index = 0; index < 5; index++) {
      const started = performance.now();
      await engine.run(TASK);
      singles.push(performance.now() - started);
    }
    const single = median(singles);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < tasks) {
          next++;
          await engine.run(TASK);
        }
      }),
    );
    const wall = performance.now() - started;
    const ideal = Math.ceil(tasks / parallel) * single;
    const answered = records.filter((record) => record.outcome === 'answered').length;
    return { tasks, parallel, singleTaskMs: round(single, 1), wallMs: round(wall, 1), idealMs: round(ideal, 1), ratio: round(wall / ideal), target: 1.1, withinTarget: wall / ideal <= 1.1, allAnswered: answered === tasks + 6 };
  } finally {
    await fake.close();
  }
}
