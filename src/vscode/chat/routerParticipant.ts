import * as vscode from 'vscode';
import type { Plan } from '../../core/policy/planRoute';
import { isoWeekOf, weekPeriod } from '../../core/reports/period';
import { statsMarkdown } from '../../core/reports/figureText';
import { reportMarkdown } from '../../core/reports/reportFormats';
import { savedByTask } from '../../core/reports/figures';
import { formatCount, formatSaving, formatSpent } from '../../core/reports/numbers';
import type { EngineHost } from '../engineHost';
import { Commands } from '../ids';
import type { LedgerService } from '../ledgerService';
import type { OutcomeTracker } from '../outcomeTracker';
import type { ReportService } from '../reportService';
import { chatTask } from './chatTask';
import { placeLabel } from '../../core/security/locality';
import { planAsking } from '../uploadConsent';

export const CHAT_PARTICIPANT_ID = 'llm-router.router';

/** What each answer carries in its result metadata (JSON). */
export interface RouterChatMetadata {
  readonly command: string;
  readonly plan?: { route: string; category: string; score: number; promptTokens: number; reasons: readonly string[]; notes: readonly string[]; chain: readonly string[] };
  readonly target?: string;
  readonly outcome?: string;
  readonly prompt?: string;
  /** The ledger record of the answer, so a retry can mark it re-asked. */
  readonly taskId?: string;
}

export interface ChatDependencies {
  readonly engines: EngineHost;
  readonly ledger: LedgerService;
  readonly reports: ReportService;
  readonly outcomes?: OutcomeTracker;
}

/** `@router`: routes the request like Route this refactor, and answers about its own decisions and spending. */
export function routerChatHandler(deps: ChatDependencies): vscode.ChatRequestHandler {
  return async (request, context, stream, token): Promise<vscode.ChatResult> => {
    switch (request.command) {
      case 'classify':
        return classify(deps, request, stream);
      case 'why':
        return why(context, stream);
      case 'stats':
        return stats(deps, stream);
      case 'report':
        return report(deps, stream);
      default:
        return answer(deps, request, context, stream, token);
    }
  };
}

async function classify(deps: ChatDependencies, request: vscode.ChatRequest, stream: vscode.ChatResponseStream): Promise<vscode.ChatResult> {
  const engine = await deps.engines.get();
  const plan = await engine.plan(await chatTask(request, undefined));
  stream.markdown(describePlan(plan));
  return { metadata: { command: 'classify', plan: planMetadata(plan), prompt: request.prompt } satisfies RouterChatMetadata };
}

function why(context: vscode.ChatContext, stream: vscode.ChatResponseStream): vscode.ChatResult {
  const last = [...context.history].reverse().find((turn): turn is vscode.ChatResponseTurn => turn instanceof vscode.ChatResponseTurn && (turn.result.metadata as RouterChatMetadata | undefined)?.plan !== undefined);
  const plan = (last?.result.metadata as RouterChatMetadata | undefined)?.plan;
  if (plan === undefined) {
    stream.markdown('There is no routing decision in this conversation yet. Ask `@router` something first, or use `/classify`.');
    return { metadata: { command: 'why' } satisfies RouterChatMetadata };
  }
  stream.markdown(
    `The last request went **${plan.route}** (${plan.category}, score ${plan.score.toFixed(2)}, ${plan.promptTokens} tokens) to ${plan.chain.join(' → ') || 'no target'}.\n\n` +
      plan.reasons.map((reason) => `- ${reason}`).join('\n') +
      (plan.notes.length === 0 ? '' : `\n\nPolicy:\n${plan.notes.map((note) => `- ${note}`).join('\n')}`),
  );
  return { metadata: { command: 'why', plan } satisfies RouterChatMetadata };
}

async function stats(deps: ChatDependencies, stream: vscode.ChatResponseStream): Promise<vscode.ChatResult> {
  await deps.ledger.ready();
  stream.markdown(statsMarkdown(deps.ledger.tally.figures(new Date())));
  return { metadata: { command: 'stats' } satisfies RouterChatMetadata };
}

async function report(deps: ChatDependencies, stream: vscode.ChatResponseStream): Promise<vscode.ChatResult> {
  stream.progress('Reading the ledger…');
  const week = weekPeriod(isoWeekOf(new Date()))!;
  stream.markdown(reportMarkdown(await deps.reports.build(week)).replace(/^# /, '### '));
  stream.button({ command: Commands.exportReport, title: 'Export Routing Report…' });
  return { metadata: { command: 'report' } satisfies RouterChatMetadata };
}

async function answer(deps: ChatDependencies, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const override = request.command === 'local' || request.command === 'cloud' ? request.command : undefined;
  if (override !== undefined) markRetried(deps, request, context);
  const task = await chatTask(request, override);
  const engine = await deps.engines.get();
  stream.progress('Routing…');
  const plan = await planAsking(engine, task);
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  let streamed = false;
  try {
    const result = await engine.run(task, {
      plan,
      answerKind: 'answer',
      signal: controller.signal,
      observer: {
        onAttempt: (target, retry) => stream.progress(`${retry > 0 ? `Retry ${retry}: ` : ''}asking ${target.model} (${placeLabel(target)})…`),
        onText: (text) => {
          streamed = true;
          stream.markdown(text);
        },
        onSetback: (attempt) => {
          if (streamed) stream.markdown(`\n\n---\n*${attempt.model}'s answer was set aside: ${attempt.reason ?? attempt.outcome}.*\n\n`);
          streamed = false;
        },
      },
    });
    const { record, answer: final } = result;
    const metadata: RouterChatMetadata = { command: request.command ?? 'route', plan: planMetadata(plan), outcome: record.outcome, prompt: request.prompt, taskId: record.id, ...(final === undefined ? {} : { target: final.target.id }) };
    if (final === undefined) {
      if (record.outcome === 'cancelled') return { metadata };
      return { errorDetails: { message: `No answer: ${record.failure ?? record.outcome}` }, metadata };
    }
    const tokens = record.attempts.reduce((sum, attempt) => sum + attempt.usage.inputTokens + attempt.usage.outputTokens + attempt.usage.cacheReadTokens + attempt.usage.cacheWriteTokens, 0);
    const savedUsd = savedByTask(record);
    const saved = savedUsd === undefined ? '' : ` · ${formatSaving(savedUsd)}`;
    stream.markdown(`\n\n---\n*${final.target.model} · ${placeLabel(final.target)} · ${formatCount(tokens)} tokens · ${formatSpent(record)}${saved}*`);
    return { metadata };
  } finally {
    subscription.dispose();
  }
}

/** "Retry in the cloud / locally" on the last answer: that answer did not do. */
function markRetried(deps: ChatDependencies, request: vscode.ChatRequest, context: vscode.ChatContext): void {
  const last = [...context.history].reverse().find((turn): turn is vscode.ChatResponseTurn => turn instanceof vscode.ChatResponseTurn);
  const metadata = last?.result.metadata as RouterChatMetadata | undefined;
  if (metadata?.taskId !== undefined && metadata.outcome === 'answered' && metadata.prompt === request.prompt) deps.outcomes?.reAsked(metadata.taskId);
}

/** Follow-ups after an answer: the same request on the other side. */
export const routerFollowups: vscode.ChatFollowupProvider = {
  provideFollowups(result) {
    const metadata = result.metadata as RouterChatMetadata | undefined;
    if (metadata?.plan === undefined || metadata.prompt === undefined || metadata.command === 'classify' || metadata.command === 'why') return [];
    return [
      { prompt: metadata.prompt, command: 'cloud', label: 'Retry in the cloud' },
      { prompt: metadata.prompt, command: 'local', label: 'Retry locally' },
    ];
  },
};

function planMetadata(plan: Plan): NonNullable<RouterChatMetadata['plan']> {
  return {
    route: plan.route,
    category: plan.decision.category,
    score: plan.decision.score,
    promptTokens: plan.decision.promptTokens,
    reasons: plan.decision.reasons,
    notes: plan.notes,
    chain: plan.chain.map((target) => `${target.id} (${target.model})`),
  };
}

function describePlan(plan: Plan): string {
  const chain = plan.chain.map((target) => `\`${target.model}\``).join(' → ') || 'no target';
  return [
    `**${plan.route === 'local' ? 'Local model' : 'Cloud (Claude)'}** · ${plan.decision.category} · score ${plan.decision.score.toFixed(2)} · ${plan.decision.promptTokens} tokens → ${chain}`,
    '',
    ...plan.decision.reasons.map((reason) => `- ${reason}`),
    ...plan.notes.map((note) => `- *${note}*`),
    ...(plan.refusal === undefined ? [] : ['', `**Refused:** ${plan.refusal}`]),
    '',
    'No model was called.',
  ].join('\n');
}
