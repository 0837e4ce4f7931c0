import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Ollama } from 'ollama';
import type { TaskRecord } from '../src/core/engine/taskRecord';
import { userText, type Request } from '../src/core/conversation/types';
import { startFakeOllama } from '../test/fakes/ollama';
import { engineFor, REPLY, TASK } from './benchTask';
import { median, pairedMedianMs, round } from './timing';

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
    const medians = await pairedMedianMs(direct, routed, iterations);
    const added = medians.second - medians.first;
    return { iterations, directTtftMedianMs: round(medians.first), routedTtftMedianMs: round(medians.second), addedMedianMs: round(added), targetMs: 2, withinTarget: added < 2 };
  } finally {
    await fake.close();
  }
}

const READ_FILE = { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };
const CHAT_REPLY = 'Renamed total to subtotal.\nThe loop now adds each price to subtotal, and the return value is unchanged.';

/**
 * Time to first part on the streaming path (engine.run of a conversation, `first-part`, as the
 * model picker and the gateway call it) against the bare `ollama` client on the same fake, for a
 * text answer, a text answer while tools are offered (read for a call written as text as it
 * streams) and an answer that is a tool call (checked before it is released).
 */
export async function streamingOverhead(iterations = 60) {
  const fake = await startFakeOllama();
  try {
    const engine = engineFor(fake.url);
    const client = new Ollama({ host: fake.url });
    const instruction = 'Rename the variable total to subtotal in src/orders.py';
    const measure = async (withTool: boolean, answer: 'text' | 'tool-call' = withTool ? 'tool-call' : 'text') => {
      const turn = answer === 'tool-call' ? { toolCalls: [{ name: 'read_file', input: { path: 'src/orders.py' } }] } : { reply: CHAT_REPLY };
      const request: Request = { system: 'You are a coding agent.', turns: [userText(instruction)], tools: withTool ? [READ_FILE] : [], toolMode: 'auto', hints: { surface: 'model-picker' } };
      const direct = async () => {
        fake.script.push(turn);
        const started = process.hrtime.bigint();
        let first: bigint | undefined;
        const parts = await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'system', content: request.system }, { role: 'user', content: instruction }], ...(withTool ? { tools: [{ type: 'function', function: { name: READ_FILE.name, parameters: READ_FILE.inputSchema } }] } : {}), stream: true });
        for await (const part of parts) if (first === undefined && (part.message.content !== '' || part.message.tool_calls !== undefined)) first = process.hrtime.bigint();
        return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
      };
      const routed = async () => {
        fake.script.push(turn);
        const started = process.hrtime.bigint();
        let first: bigint | undefined;
        await engine.run(request, { commit: 'first-part', observer: { onPart: () => (first ??= process.hrtime.bigint()) } });
        return Number((first ?? process.hrtime.bigint()) - started) / 1e6;
      };
      const medians = await pairedMedianMs(direct, routed, iterations);
      const added = medians.second - medians.first;
      return { directTtftMedianMs: round(medians.first), routedTtftMedianMs: round(medians.second), addedMedianMs: round(added), withinTarget: added < 2 };
    };
    return { iterations, targetMs: 2, text: await measure(false), textWithToolsOffered: await measure(true, 'text'), toolCall: await measure(true) };
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
