import { Ollama } from 'ollama';
import { classify } from '../src/core/classifier/classify';
import type { TaskRecord } from '../src/core/engine/taskRecord';
import { promptText, type Task } from '../src/core/task';
import { isTokenCounterLoaded, loadTokenCounter } from '../src/core/tokens/tokenCounter';
import { readRouterSettings } from '../src/core/settings/routerSettings';
import { estimateTokens } from '../src/core/tokens/tokenEstimate';
import { engineFor, TASK } from './benchTask';

/** 3,000 cl100k tokens of TypeScript that the estimate puts over the 4,000-token local limit. */
const NEAR_LIMIT_TASK: Task = { instruction: 'Add JSDoc comments', code: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(150), language: 'typescript' };

/**
 * One fresh process, one first request to the Ollama at argv[3]: `bare` through the `ollama`
 * client alone, `routed` through the router (`routed-near-limit`: a task whose estimated size
 * is over the local limit and whose exact size is not). Prints the time to first token (from
 * the call, modules already loaded) and, when routed, what the router knew at that moment.
 * `classify` makes no request: it prints how long the first classification of the routed task
 * takes in a fresh process, the classifier's share of the routed first request.
 */
async function main(): Promise<void> {
  const [mode, url] = process.argv.slice(2);
  if (url === undefined || (mode !== 'bare' && mode !== 'routed' && mode !== 'routed-near-limit' && mode !== 'classify')) throw new Error('usage: firstRequestChild bare|routed|routed-near-limit|classify <ollama url>');
  const task = mode === 'routed-near-limit' ? NEAR_LIMIT_TASK : TASK;
  if (mode === 'classify') {
    const { settings } = readRouterSettings(() => undefined);
    const tokens = estimateTokens(promptText(TASK));
    const started = process.hrtime.bigint();
    classify(TASK, tokens, { maxLocalTokens: settings.maxLocalTokens, categoryRoutes: settings.routing.categoryRoutes });
    process.stdout.write(`${JSON.stringify({ ttftMs: Number(process.hrtime.bigint() - started) / 1e6 })}\n`);
    return;
  }
  if (mode === 'bare') {
    const client = new Ollama({ host: url });
    const started = process.hrtime.bigint();
    let first: bigint | undefined;
    const parts = await client.chat({ model: 'qwen2.5-coder:7b', messages: [{ role: 'user', content: TASK.instruction }], stream: true });
    for await (const part of parts) if (first === undefined && part.message.content !== '') first = process.hrtime.bigint();
    process.stdout.write(`${JSON.stringify({ ttftMs: Number((first ?? process.hrtime.bigint()) - started) / 1e6 })}\n`);
    return;
  }
  const records: TaskRecord[] = [];
  const engine = engineFor(url, records);
  let first: bigint | undefined;
  let tokenizerLoadedAtFirstToken: boolean | undefined;
  const started = process.hrtime.bigint();
  const result = await engine.run(task, {
    observer: {
      onText: () => {
        if (first !== undefined) return;
        first = process.hrtime.bigint();
        tokenizerLoadedAtFirstToken = isTokenCounterLoaded();
      },
    },
  });
  const counter = await loadTokenCounter();
  process.stdout.write(
    `${JSON.stringify({
      ttftMs: Number((first ?? process.hrtime.bigint()) - started) / 1e6,
      outcome: result.record.outcome,
      route: result.record.route,
      tokenizerLoadedAtFirstToken,
      decidedOnPromptTokens: result.plan.decision.promptTokens,
      recordedPromptTokens: records[0]?.decision.promptTokens,
      exactPromptTokens: counter.count(promptText(task)),
      recordedAnswerTokens: records[0]?.answerTokens,
      exactAnswerTokens: result.answer === undefined ? undefined : counter.count(result.answer.text),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
