import * as vscode from 'vscode';
import type { RouterEngine } from '../core/engine/routerEngine';
import type { Plan } from '../core/policy/planRoute';
import type { Request } from '../core/conversation/types';
import { formatCount, formatUsd } from '../core/reports/numbers';
import type { Task } from '../core/task';

/**
 * A plan whose prompt is over llmRouter.cloud.maxUploadTokens held back every target off this
 * machine: asks, in a modal with the size and the cost, whether to send it; re-plans with the
 * upload allowed if the user agrees. Otherwise the plan stands as it is (local only, or refused).
 */
export async function withUploadConsent(plan: Plan, replan: (options: Parameters<RouterEngine['plan']>[1]) => Promise<Plan>): Promise<Plan> {
  const consent = plan.uploadConsent;
  if (consent === undefined) return plan;
  const cost = consent.estimatedCostUsd === undefined ? '' : `, about ${formatUsd(consent.estimatedCostUsd)} for the input alone`;
  const send = `Send to ${consent.targetId}`;
  const choice = await vscode.window.showWarningMessage(
    `LLM Router: send ${formatCount(consent.promptTokens)} tokens to ${consent.model}?`,
    {
      modal: true,
      detail: `This prompt is about ${formatCount(consent.promptTokens)} tokens${cost}: over your upload limit of ${formatCount(consent.limit)} (llmRouter.cloud.maxUploadTokens). ${plan.chain.length > 0 ? 'Without it, only local models try.' : 'Without it, nothing is sent.'}`,
    },
    send,
  );
  return choice === send ? replan({ allowLargeUpload: true }) : plan;
}

/** The engine's plan for a task or a request, asking before a large upload. */
export async function planAsking(engine: RouterEngine, input: Task | Request): Promise<Plan> {
  return withUploadConsent(await engine.plan(input), (options) => engine.plan(input, options));
}
