import * as vscode from 'vscode';
import { toolResultText } from '../../core/conversation/toolResultText';
import type { AssistantPart, UserPart } from '../../core/conversation/types';
import { DEFAULT_MAX_OUTPUT_TOKENS } from '../../core/models/modelCapabilities';
import { routerModels, targetIdOf } from '../../core/models/routerModels';
import { OllamaModelShow } from '../../core/ollama/modelFacts';
import { DEFAULT_OLLAMA_HOST } from '../../core/ollama/ollamaHost';
import { COUNT_NOW } from '../../core/tokens/tokenCounter';
import type { EngineHost } from '../engineHost';
import type { SettingsStore } from '../settings';
import { planAsking } from '../uploadConsent';
import { reportPart } from './reportParts';
import { requestFromMessages } from './requestFromMessages';
import { requestSource } from './requestSource';

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

  /**
   * One request through the engine, as it arrives: the messages and tools become a core request
   * once, and the answer's parts stream back as they pass the engine's checks (a tool call only
   * once its name and arguments hold). A failure after parts are out ends the response with an
   * error, never with a quiet second answer.
   */
  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const targetId = targetIdOf(model.id);
    const request = requestFromMessages(messages, options, { ...requestSource(options), ...(targetId === undefined ? {} : { targetId }) });
    const engine = await this.engines.get();
    const plan = await planAsking(engine, request);
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const result = await engine.run(request, { plan, signal: controller.signal, commit: 'first-part', observer: { onPart: (part) => reportPart(progress, part) } });
      if (result.streamError !== undefined) throw new Error(`LLM Router: the answer broke off: ${result.streamError}`);
      if (result.answer === undefined) {
        if (result.record.outcome === 'cancelled') return;
        throw new Error(`LLM Router: ${result.record.failure ?? 'no model answered'}`);
      }
    } finally {
      subscription.dispose();
    }
  }

  /**
   * VS Code asks before it sends a request, so this never waits for the tokenizer: until the
   * first answer has loaded it, the count is the estimate, which errs high.
   */
  provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return Promise.resolve(COUNT_NOW.count(typeof text === 'string' ? text : countedText(text)));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

/** What a message puts into the prompt: its text, tool calls and tool results (images are counted by the provider). */
function countedText(message: vscode.LanguageModelChatRequestMessage): string {
  const { system, turns } = requestFromMessages([message], {}, { surface: 'model-picker' });
  const parts = turns.flatMap((turn): readonly (UserPart | AssistantPart)[] => turn.parts);
  return [system, ...parts.map((part) => (part.type === 'text' ? part.text : part.type === 'tool-call' ? `${part.name} ${JSON.stringify(part.input)}` : part.type === 'tool-result' ? toolResultText(part) : ''))].join('\n');
}
