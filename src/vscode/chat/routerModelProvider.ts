import * as vscode from 'vscode';
import { DEFAULT_MAX_OUTPUT_TOKENS } from '../../core/models/modelCapabilities';
import { routerModels, targetIdOf } from '../../core/models/routerModels';
import { OllamaModelShow } from '../../core/ollama/modelFacts';
import { DEFAULT_OLLAMA_HOST } from '../../core/ollama/ollamaHost';
import type { Task } from '../../core/task';
import { loadTokenCounter } from '../../core/tokens/tokenCounter';
import type { EngineHost } from '../engineHost';
import type { SettingsStore } from '../settings';
import { planAsking, withUploadConsent } from '../uploadConsent';

export const LANGUAGE_MODEL_VENDOR = 'llm-router';

/**
 * "LLM Router Auto" and each configured target as models in VS Code's model picker. Auto routes
 * every request; a target runs on that target alone (privacy still applies).
 */
export class RouterModelProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  private readonly show = new OllamaModelShow();

  constructor(
    private readonly settings: SettingsStore,
    private readonly engines: EngineHost,
    /** Fires when the local engine comes or goes, so what its models can do is asked again. */
    localEngineChanged?: vscode.Event<unknown>,
  ) {
    this.subscriptions = [settings.onDidChange(() => this.changed.fire()), ...(localEngineChanged === undefined ? [] : [localEngineChanged(() => this.changed.fire())])];
  }

  /** Auto and each target, with the tools, images and window each really takes (Ollama is asked about its models). */
  async provideLanguageModelChatInformation(): Promise<vscode.LanguageModelChatInformation[]> {
    const models = await routerModels(this.settings.current, (target) => this.show.factsOf(target.endpoints?.[0] ?? DEFAULT_OLLAMA_HOST, target.model), process.env.OLLAMA_HOST, DEFAULT_MAX_OUTPUT_TOKENS);
    return models.map((model) => ({
      id: model.id,
      name: model.name,
      family: model.family,
      version: '1',
      detail: model.detail,
      tooltip: model.tooltip,
      maxInputTokens: model.capabilities.maxInputTokens,
      maxOutputTokens: model.capabilities.maxOutputTokens,
      capabilities: { toolCalling: model.capabilities.toolCalling, imageInput: model.capabilities.imageInput },
    }));
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
    const targetId = targetIdOf(model.id);
    const plan = targetId === undefined ? await planAsking(engine, task) : await withUploadConsent(await engine.planWithTarget(task, targetId), (options) => engine.planWithTarget(task, targetId, options));
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

  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const counter = await loadTokenCounter();
    return counter.count(typeof text === 'string' ? text : textOf(text));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
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
