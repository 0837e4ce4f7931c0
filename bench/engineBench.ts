import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Ollama } from 'ollama';
import type { TaskRecord } from '../src/core/engine/taskRecord';
import { startFakeOllama } from '../test/fakes/ollama';
import { engineFor, REPLY, TASK } from './benchTask';
import { median, round } from './timing';

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

/** The bundled child that makes one first request in a fresh process (bench/firstRequestChild.ts). */
export const FIRST_REQUEST_CHILD = join(__dirname, 'firstRequestChild.js');

/** Runs the child once against the Ollama at `url` and returns what it printed. */
export function firstRequestIn(mode: 'bare' | 'routed' | 'routed-near-limit' | 'classify', url: string): Promise<Record<string, unknown> & { ttftMs: number }> {
  return new Promise((resolve, reject) => {
    // Asynchronous, so the fake in this process keeps answering.
    execFile(process.execPath, [FIRST_REQUEST_CHILD, mode, url], (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, unknown> & { ttftMs: number });
    });
  });
}

/**
 * The first routed request of a fresh process (nothing warmed: no tokenizer, no connection)
 * against the bare client's first request in a fresh process, on the same fake, taken in turn.
 * Target: the router adds at most 20 ms.
 */
export async function firstRequestOverhead(processes = 12) {
  const fake = await startFakeOllama();
  fake.script.defaults = { reply: REPLY };
  try {
    const bare: number[] = [];
    const routed: number[] = [];
    const classifier: number[] = [];
    let tokenizerOnPath = false;
    for (let index = 0; index < processes; index++) {
      bare.push((await firstRequestIn('bare', fake.url)).ttftMs);
      const run = await firstRequestIn('routed', fake.url);
      routed.push(run.ttftMs);
      tokenizerOnPath ||= run.tokenizerLoadedAtFirstToken === true;
      classifier.push((await firstRequestIn('classify', fake.url)).ttftMs);
    }
    const added = median(routed) - median(bare);
    return {
      processes,
      bareTtftMedianMs: round(median(bare), 1),
      routedTtftMedianMs: round(median(routed), 1),
      addedMedianMs: round(added, 1),
      // Of what the router adds: the first classification in a fresh process, and everything else.
      addedByFirstClassifyMedianMs: round(median(classifier), 1),
      addedBesidesClassifyMs: round(added - median(classifier), 1),
      ratio: round(median(routed) / median(bare)),
      tokenizerOnPath,
      targetMs: 20,
      withinTarget: added <= 20 && !tokenizerOnPath,
    };
  } finally {
    await fake.close();
  }
}
