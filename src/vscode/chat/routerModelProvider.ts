import * as vscode from 'vscode';
import { resolveOllamaHost } from '../../core/ollama/ollamaHost';
import { resolveTarget } from '../../core/policy/policy';
import type { Target } from '../../core/providers/types';
import { placeLabel } from '../../core/security/locality';
import { policyFrom } from '../../core/settings/policySettings';
import type { Task } from '../../core/task';
import { COUNT_NOW } from '../../core/tokens/tokenCounter';
import type { EngineHost } from '../engineHost';
import type { SettingsStore } from '../settings';
import { planAsking, withUploadConsent } from '../uploadConsent';

export const LANGUAGE_MODEL_VENDOR = 'llm-router';
export const AUTO_MODEL_ID = 'auto';
const TARGET_PREFIX = 'target:';

/**
 * "LLM Router Auto" and each configured target as models in VS Code's model picker. Auto routes
 * every request; a target runs on that target alone (privacy still applies).
 */
export class RouterModelProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(
    private readonly settings: SettingsStore,
    private readonly engines: EngineHost,
  ) {
    this.subscription = settings.onDidChange(() => this.changed.fire());
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    const settings = this.settings.current;
    const policy = policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, process.env.OLLAMA_HOST));
    const targets = Object.entries(settings.routing.targets).map(([id, spec]) => ({
      id: `${TARGET_PREFIX}${id}`,
      name: `${spec.model} (via LLM Router)`,
      family: spec.provider,
      version: '1',
      detail: placeOf(resolveTarget(id, policy)),
      tooltip: `LLM Router target "${id}": ${spec.provider} ${spec.model}`,
      maxInputTokens: spec.provider === 'anthropic' ? 200_000 : (spec.numCtx ?? 32_768),
      maxOutputTokens: spec.maxOutputTokens ?? 4_096,
      capabilities: {},
    }));
    return [
      {
        id: AUTO_MODEL_ID,
        name: 'LLM Router Auto',
        family: 'llm-router',
        version: '1',
        detail: 'routes each request',
        tooltip: 'Each request goes to the cheapest model that can do it well: a local model for structured work, Claude for reasoning.',
        maxInputTokens: 200_000,
        maxOutputTokens: 4_096,
        capabilities: {},
      },
      ...targets,
    ];
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    _options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const task = taskFromMessages(messages);
    const engine = await this.engines.get();
    const targetId = model.id.slice(TARGET_PREFIX.length);
    const plan = model.id === AUTO_MODEL_ID ? await planAsking(engine, task) : await withUploadConsent(await engine.planWithTarget(task, targetId), (options) => engine.planWithTarget(task, targetId, options));
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const result = await engine.run(task, { plan, answerKind: 'answer', signal: controller.signal });
      if (result.answer === undefined) {
        if (result.record.outcome === 'cancelled') return;
        throw new Error(`LLM Router: ${result.record.failure ?? 'no model answered'}`);
      }
      progress.report(new vscode.LanguageModelTextPart(result.answer.text));
    } finally {
      subscription.dispose();
    }
  }

  /**
   * VS Code asks before it sends a request, so this never waits for the tokenizer: until the
   * first answer has loaded it, the count is the estimate, which errs high.
   */
  provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return Promise.resolve(COUNT_NOW.count(typeof text === 'string' ? text : textOf(text)));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function placeOf(target: Target | undefined): string {
  return target === undefined ? 'not configured' : placeLabel(target);
}

/** The last user message is the instruction; earlier turns come along as context. */
export function taskFromMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): Task {
  const lastUser = [...messages].reverse().find((message) => message.role === vscode.LanguageModelChatMessageRole.User);
  const earlier = messages.filter((message) => message !== lastUser).map(textOf).filter((text) => text.trim() !== '');
  return { instruction: lastUser === undefined ? '' : textOf(lastUser), code: earlier.join('\n\n') };
}

function textOf(message: vscode.LanguageModelChatRequestMessage): string {
  return message.content
    .filter((part): part is vscode.LanguageModelTextPart => part instanceof vscode.LanguageModelTextPart)
    .map((part) => part.value)
    .join('');
}
