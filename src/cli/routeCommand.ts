import { parseArgs } from 'node:util';
import type { Plan } from '../core/policy/planRoute';
import { formatSpent, formatUsd } from '../core/reports/numbers';
import { parseOverride, type Task } from '../core/task';
import { createCliEngine } from './cliEngine';
import { loadCliSettings } from './cliSettings';
import { personalCorrection } from './personalCorrection';
import { readFileSelection } from './fileSelection';
import type { CliIo } from './io';
import { ROUTE_USAGE } from './usage';

/** Exit codes: 0 answered, 1 no answer (failed or refused), 2 usage or unreadable input, 130 interrupted. */
export async function routeCommand(argv: string[], io: CliIo): Promise<number> {
  let values: { instruction?: string; file?: string; json?: boolean; 'dry-run'?: boolean; 'allow-large'?: boolean; config?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { instruction: { type: 'string', short: 'm' }, file: { type: 'string', short: 'f' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, 'allow-large': { type: 'boolean' }, config: { type: 'string' } },
    }));
  } catch (error) {
    io.stderr.write(`llm-router route: ${(error as Error).message}\n\n${ROUTE_USAGE}\n`);
    return 2;
  }
  if (values.instruction === undefined || values.instruction.trim() === '') {
    io.stderr.write(`llm-router route: --instruction is required\n\n${ROUTE_USAGE}\n`);
    return 2;
  }
  let task: Task;
  let engine;
  try {
    const { settings, problems } = loadCliSettings(values.config);
    for (const problem of problems) io.stderr.write(`warning: ${problem.message}\n`);
    const { instruction, override } = parseOverride(values.instruction);
    const selection = values.file === undefined ? undefined : readFileSelection(values.file);
    task = { instruction, code: selection?.code ?? '', ...(selection === undefined ? {} : { language: selection.language, path: selection.path, ...(selection.realPath === undefined ? {} : { paths: [selection.realPath] }) }), ...(override === undefined ? {} : { override }) };
    engine = createCliEngine(settings, undefined, undefined, await personalCorrection(settings));
  } catch (error) {
    io.stderr.write(`llm-router route: ${(error as Error).message}\n`);
    return 2;
  }

  const plan = await engine.plan(task, { allowLargeUpload: values['allow-large'] === true });
  if (values['dry-run'] === true) {
    io.stdout.write(values.json === true ? `${JSON.stringify(planJson(plan))}\n` : `${describePlan(plan)}\n`);
    return plan.refusal === undefined ? 0 : 1;
  }
  if (values.json !== true) io.stderr.write(`${describePlan(plan)}\n`);

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  io.onInterrupt(interrupt);
  const result = await engine.run(task, {
    plan,
    surface: 'cli',
    signal: controller.signal,
    observer:
      values.json === true
        ? {}
        : {
            onAttempt: (target, retry) => io.stderr.write(`… ${retry === 0 ? 'asking' : `retry ${retry}:`} ${target.id} (${target.model})\n`),
            onSetback: (attempt) => io.stderr.write(`✘ ${attempt.targetId}: ${attempt.reason ?? attempt.outcome}\n`),
          },
  });
  const { record, answer } = result;
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ ...planJson(plan), outcome: record.outcome, answer: answer?.text ?? null, code: answer?.code ?? null, target: record.final ?? null, failure: record.failure ?? null, record })}\n`);
  } else if (answer !== undefined) {
    io.stdout.write(answer.text.endsWith('\n') ? answer.text : `${answer.text}\n`);
    const baseline = record.baselineCostUsd === undefined ? '' : ` (all-cloud ${formatUsd(record.baselineCostUsd)})`;
    io.stderr.write(`✔ answered by ${answer.target.id} (${answer.target.model}) in ${(record.latencyMs / 1000).toFixed(1)} s · ${formatSpent(record)}${baseline}\n`);
  } else {
    io.stderr.write(`✘ ${record.failure ?? record.outcome}\n`);
  }
  if (record.outcome === 'cancelled') return 130;
  return answer === undefined ? 1 : 0;
}

function planJson(plan: Plan) {
  return {
    decision: plan.decision,
    route: plan.route,
    chain: plan.chain.map((target) => ({ id: target.id, provider: target.provider, model: target.model })),
    notes: plan.notes,
    refusal: plan.refusal ?? null,
    editorAction: plan.editorAction ?? null,
    budget: plan.budget ?? null,
    uploadConsent: plan.uploadConsent ?? null,
  };
}

export function describePlan(plan: Plan): string {
  const { decision } = plan;
  const chain = plan.chain.map((target) => `${target.id} (${target.model})`).join(' → ') || 'no target';
  const lines = [`${plan.route} · ${decision.category} · score ${decision.score.toFixed(2)} · ${decision.promptTokens} tokens → ${chain}`];
  for (const reason of decision.reasons.slice(0, 3)) lines.push(`  · ${reason}`);
  for (const note of plan.notes) lines.push(`  ! ${note}`);
  if (plan.refusal !== undefined) lines.push(`  ✘ ${plan.refusal}`);
  return lines.join('\n');
}
