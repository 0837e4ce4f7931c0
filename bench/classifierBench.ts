import { readFileSync } from 'node:fs';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { join } from 'node:path';
import { planTask } from '../src/core/engine/planTask';
import { DEFAULT_SETTINGS } from '../src/core/settings/routerSettings';
import { classify } from '../src/core/classifier/classify';
import { promptText } from '../src/core/task';
import type { TokenCounter } from '../src/core/tokens/tokenCounter';
import { REPO_ROOT, type LabelledTask } from '../test/data/datasets';
import { typicalCorpusTasks } from './routingQuality';
import { median, pairedMedianMicros, round } from './timing';

/**
 * Decision cost (the count included) in absolute terms and against counting the same prompt
 * alone, measured side by side in this run: with the counter the router uses, and with
 * js-tiktoken's own `encode`, the full count the ratio target was set against (counting has
 * since become several times faster, which raises the ratio to it without the decision
 * getting any slower).
 */
export function classifierSpeed(counter: TokenCounter) {
  const encoder = new Tiktoken(cl100k);
  // The whole decision, its reasons and nearest examples included (a request writes them when its record is written, after the answer).
  const decide = (task: LabelledTask) => classify(task, counter.count(promptText(task))).reasons;
  const countOnly = (task: LabelledTask) => counter.count(promptText(task));
  const encodeCount = (task: LabelledTask) => encoder.encode(promptText(task), [], []).length;

  // 120 tasks drawn at random: the median over them moves by a few microseconds from the median over 300, in a fifth of the time.
  const typical: LabelledTask[] = typicalCorpusTasks(counter, 120).map((row) => ({ ...row.task, id: row.id, label: row.label }));
  // Samples of each pair taken in turn per task, so both see the same machine state.
  const typicalDecisions: number[] = [];
  const typicalCounts: number[] = [];
  const typicalEncodes: number[] = [];
  const typicalToCount: number[] = [];
  const typicalToEncode: number[] = [];
  for (const task of typical) {
    const withCount = pairedMedianMicros(() => countOnly(task), () => decide(task), 21, 10);
    const withEncode = pairedMedianMicros(() => encodeCount(task), () => decide(task), 21, 10);
    typicalCounts.push(withCount.first);
    typicalEncodes.push(withEncode.first);
    typicalDecisions.push(withCount.second);
    typicalToCount.push(withCount.second / withCount.first);
    typicalToEncode.push(withEncode.second / withEncode.first);
  }

  const sizes = [500, 2_000, 10_000, 50_000, 200_000];
  const bySize = sizes.map((chars) => {
    const task = syntheticTask(chars);
    const iterations = chars > 20_000 ? 15 : 100;
    const withCount = pairedMedianMicros(() => countOnly(task), () => decide(task), iterations);
    const withEncode = pairedMedianMicros(() => encodeCount(task), () => decide(task), iterations);
    return {
      chars,
      decisionMicros: round(withCount.second, 1),
      countOnlyMicros: round(withCount.first, 1),
      encodeCountMicros: round(withEncode.first, 1),
      ratioToCount: round(withCount.second / withCount.first),
      ratioToEncodeCount: round(withEncode.second / withEncode.first),
    };
  });
  const typicalDecisionMedianMs = median(typicalDecisions) / 1000;
  const typicalRatioToEncodeCountMedian = median(typicalToEncode);
  const worstSizeRatioToEncodeCount = Math.max(...bySize.map((row) => row.ratioToEncodeCount));
  // The first decision of a process parses the shipped model; timed alone in firstRequestOfAFreshProcess.
  return {
    typicalTasks: typical.length,
    typicalDecisionMedianMs: round(typicalDecisionMedianMs, 4),
    typicalDecisionTargetMs: 1,
    typicalCountOnlyMedianMs: round(median(typicalCounts) / 1000, 4),
    typicalEncodeCountMedianMs: round(median(typicalEncodes) / 1000, 4),
    typicalRatioToCountMedian: round(median(typicalToCount)),
    typicalRatioToCountMax: round(Math.max(...typicalToCount)),
    typicalRatioToEncodeCountMedian: round(typicalRatioToEncodeCountMedian),
    typicalRatioToEncodeCountMax: round(Math.max(...typicalToEncode)),
    bySize,
    worstRatioToCount: round(Math.max(...typicalToCount, ...bySize.map((row) => row.ratioToCount))),
    worstRatioToEncodeCount: round(Math.max(...typicalToEncode, worstSizeRatioToEncodeCount)),
    // The target holds for the typical median and for every size; tiny inputs, where both take a few microseconds, are in the max above.
    ratioToEncodeCountTarget: 1.5,
    withinTargets: typicalDecisionMedianMs < 1 && typicalRatioToEncodeCountMedian <= 1.5 && worstSizeRatioToEncodeCount <= 1.5,
  };
}

/** A realistic selection of about `chars` characters: TypeScript with branches, calls and comments. */
function syntheticTask(chars: number): LabelledTask {
  const block = [
    'export async function loadOrders(client: HttpClient, ids: readonly string[]): Promise<Order[]> {',
    '  const results: Order[] = [];',
    '  for (const id of ids) {',
    '    // Orders archived before 2020 live in the cold store.',
    '    const response = await client.get(`/orders/${encodeURIComponent(id)}`);',
    '    if (response.status === 404) continue;',
    '    results.push(parseOrder(await response.json()));',
    '  }',
    '  return results.sort((a, b) => a.createdAt.localeCompare(b.createdAt));',
    '}',
    '',
  ].join('\n');
  const code = block.repeat(Math.ceil(chars / block.length)).slice(0, chars);
  return { id: `synthetic-${chars}`, label: 'local', instruction: 'Add JSDoc comments to these functions', code, language: 'typescript', path: 'src/orders.ts' };
}

/**
 * The whole decision (count, classify, privacy, plan) on a 10 MB selection of real code (the
 * TypeScript compiler's own source), against tokenizing all of it: counting stops soon after
 * the local limit, so the decision must not grow with the selection (target: under 50 ms).
 * Tokenizing 1 MB is timed and scaled to 10 MB (it is linear).
 */
export function hugeSelectionSpeed(counter: TokenCounter) {
  const megabyte = 1024 * 1024;
  const lib = join(REPO_ROOT, 'node_modules', 'typescript', 'lib');
  let code = readFileSync(join(lib, 'typescript.js'), 'utf8');
  if (code.length < 10 * megabyte) code += readFileSync(join(lib, '_tsc.js'), 'utf8');
  code = code.slice(0, 10 * megabyte);
  const decisions: number[] = [];
  for (let run = 0; run < 9; run++) {
    // Each run starts the selection somewhere else, so its first pieces have not been counted before.
    const offset = run * 400_003;
    const selection = code.slice(offset) + code.slice(0, offset);
    // Flattened first, as an editor's selection is: joining two strings leaves a rope that the first reader would pay to copy.
    selection.charCodeAt(selection.length - 1);
    const task = { instruction: 'Add JSDoc comments to these functions', code: selection, language: 'javascript', path: 'src/compiler.js' };
    const start = process.hrtime.bigint();
    planTask(task, DEFAULT_SETTINGS, { counter, now: new Date() });
    if (run >= 2) decisions.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const sample = code.slice(0, megabyte);
  counter.count(sample.slice(0, 50_000));
  const countStart = process.hrtime.bigint();
  counter.count(sample);
  const wholeCountMs = (Number(process.hrtime.bigint() - countStart) / 1e6) * 10;
  const decisionMs = median(decisions);
  return { megabytes: 10, decisionMedianMs: round(decisionMs, 1), wholeCountEstimatedMs: Math.round(wholeCountMs), ratioToWholeCount: round(decisionMs / wholeCountMs, 4), targetMs: 50, meetsTarget: decisionMs < 50 };
}
