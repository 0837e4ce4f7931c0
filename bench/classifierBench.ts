import { measureAgreement, type AgreementReport } from '../src/core/classifier/agreement';
import { classify } from '../src/core/classifier/classify';
import { promptText } from '../src/core/task';
import type { TokenCounter } from '../src/core/tokens/tokenCounter';
import { CHALLENGE_SET_PATH, DEV_SET_PATH, isHeldOut, readLabelled, type LabelledTask } from '../test/data/datasets';
import { median, pairedMedianMicros, round } from './timing';

/** Routing quality against human labels: the whole dev set, its tuned and held-out parts, and our own challenge set. */
export function classifierQuality(counter: TokenCounter): Record<string, Omit<AgreementReport, 'misrouted'> & { misrouted: readonly string[] }> {
  const dev = readLabelled(DEV_SET_PATH);
  const measure = (tasks: readonly LabelledTask[]) =>
    measureAgreement(tasks.map((task) => ({ id: task.id, label: task.label, route: classify(task, counter.count(promptText(task))).route })));
  return {
    devSet: measure(dev),
    devSetTunedPart: measure(dev.filter((task) => !isHeldOut(task.id))),
    devSetHeldOut: measure(dev.filter((task) => isHeldOut(task.id))),
    challengeSet: measure(readLabelled(CHALLENGE_SET_PATH)),
  };
}

/**
 * Decision cost against the cost of counting the same prompt's tokens with js-tiktoken alone,
 * measured side by side in this run. The decision includes the count.
 */
export function classifierSpeed(counter: TokenCounter) {
  const decide = (task: LabelledTask) => classify(task, counter.count(promptText(task)));
  const countOnly = (task: LabelledTask) => counter.count(promptText(task));

  const typical = readLabelled(DEV_SET_PATH).filter((task) => promptText(task).length < 2000);
  // Samples of the two taken in turn per task, so both see the same machine state.
  const typicalDecisions: number[] = [];
  const typicalCounts: number[] = [];
  for (const task of typical) {
    const { first: count, second: decision } = pairedMedianMicros(() => countOnly(task), () => decide(task), 41, 20);
    typicalCounts.push(count);
    typicalDecisions.push(decision);
  }

  const sizes = [500, 2_000, 10_000, 50_000, 200_000];
  const bySize = sizes.map((chars) => {
    const task = syntheticTask(chars);
    const iterations = chars > 20_000 ? 15 : 100;
    const { first: countMicros, second: decisionMicros } = pairedMedianMicros(() => countOnly(task), () => decide(task), iterations);
    return { chars, decisionMicros: round(decisionMicros, 1), countOnlyMicros: round(countMicros, 1), ratio: round(decisionMicros / countMicros) };
  });
  const typicalRatios = typical.map((_, index) => typicalDecisions[index] / typicalCounts[index]);
  return {
    typicalTasks: typical.length,
    typicalDecisionMedianMs: round(median(typicalDecisions) / 1000, 4),
    typicalCountOnlyMedianMs: round(median(typicalCounts) / 1000, 4),
    typicalRatioMedian: round(median(typicalRatios)),
    typicalRatioMax: round(Math.max(...typicalRatios)),
    bySize,
    worstRatio: round(Math.max(...typicalRatios, ...bySize.map((row) => row.ratio))),
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
