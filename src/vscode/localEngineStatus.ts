import * as vscode from 'vscode';
import { probeLocalEngine, type LocalEngineState } from '../core/ollama/localEngineProbe';
import { resolveOllamaHost } from '../core/ollama/ollamaHost';
import { Commands, STATUS_BAR_LOCAL_ENGINE_ID } from './ids';
import type { SettingsStore } from './settings';

const PROBE_TIMEOUT_MS = 3000;
/** The first probe waits until the window has settled, so activation does no network work. */
const FIRST_PROBE_DELAY_MS = 1500;

/** The status bar item that says whether the local engine (Ollama) answers and has the model. */
export class LocalEngineStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private lastState: LocalEngineState | undefined;
  private firstProbe: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_LOCAL_ENGINE_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'LLM Router: Local Engine';
    this.item.text = '$(loading~spin) Ollama';
    this.item.tooltip = 'LLM Router is checking the local engine (Ollama)…';
    this.item.command = Commands.checkLocalEngine;
    this.item.show();
    this.disposables.push(this.item, settings.onDidChange(() => void this.refresh()));
    this.firstProbe = setTimeout(() => void this.refresh(), FIRST_PROBE_DELAY_MS);
  }

  get state(): LocalEngineState | undefined {
    return this.lastState;
  }

  /** Probes the server and updates the item; logs every change of state. */
  async refresh(): Promise<LocalEngineState> {
    if (this.firstProbe !== undefined) clearTimeout(this.firstProbe);
    this.firstProbe = undefined;
    const { ollamaHost, ollamaModel } = this.settings.current;
    const host = resolveOllamaHost(ollamaHost, process.env.OLLAMA_HOST);
    const state = await probeLocalEngine({ host, model: ollamaModel, timeoutMs: PROBE_TIMEOUT_MS });
    if (this.lastState === undefined || describe(this.lastState) !== describe(state)) {
      const line = `local engine: ${describe(state)}`;
      if (state.kind === 'ready') this.log.info(line);
      else this.log.warn(line);
    }
    this.lastState = state;
    this.render(state);
    return state;
  }

  private render(state: LocalEngineState): void {
    const tooltip = new vscode.MarkdownString(undefined, true);
    switch (state.kind) {
      case 'ready':
        this.item.text = '$(server-process) Ollama';
        this.item.backgroundColor = undefined;
        tooltip.appendMarkdown(`**Ollama ${state.version}** at \`${state.host}\`\n\nLocal model \`${state.model}\` is installed.`);
        break;
      case 'model-missing':
        this.item.text = '$(warning) Ollama: model missing';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        tooltip.appendMarkdown(`**Ollama ${state.version}** at \`${state.host}\` does not have \`${state.model}\`.\n\nRun \`ollama pull ${state.model}\`, then click to check again.`);
        break;
      case 'unreachable':
        this.item.text = '$(debug-disconnect) Ollama: not running';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        tooltip.appendMarkdown(`No Ollama server answers at \`${state.host}\`: ${state.detail}.\n\nStart it with \`ollama serve\`, or set **llmRouter.ollama.host**. Click to check again.`);
        break;
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `LLM Router local engine: ${describe(state)}` };
  }

  dispose(): void {
    if (this.firstProbe !== undefined) clearTimeout(this.firstProbe);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function describe(state: LocalEngineState): string {
  switch (state.kind) {
    case 'ready':
      return `Ollama ${state.version} at ${state.host} is running with ${state.model}`;
    case 'model-missing':
      return `Ollama ${state.version} at ${state.host} is running but ${state.model} is not installed (has: ${state.installedModels.join(', ') || 'no models'})`;
    case 'unreachable':
      return `no Ollama server answers at ${state.host} (${state.detail}); local routing is unavailable`;
  }
}
