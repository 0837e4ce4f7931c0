import * as vscode from 'vscode';
import { probeLocalEngine, type LocalEngineState } from '../core/ollama/localEngineProbe';
import { resolveOllamaHost } from '../core/ollama/ollamaHost';
import { findExecutable, OllamaServeProcess } from '../node/ollamaProcess';
import { Commands, STATUS_BAR_LOCAL_ENGINE_ID } from './ids';
import type { SettingsStore } from './settings';

const PROBE_TIMEOUT_MS = 3000;
/** The first probe waits until the window has settled, so activation does no network work. */
const FIRST_PROBE_DELAY_MS = 1500;
const START_TIMEOUT_MS = 20_000;

/**
 * The Ollama item in the status bar: whether the local engine answers and has the model, and the
 * on/off toggle. Off starts `ollama serve` (or resumes local routing); on stops the server this
 * extension started, or pauses local routing when someone else runs the server. A server it did
 * not start is never stopped.
 */
export class LocalEngineStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private lastState: LocalEngineState | undefined;
  private firstProbe: ReturnType<typeof setTimeout> | undefined;
  private started: OllamaServeProcess | undefined;
  private pausedByUser = false;
  private busy = false;
  private readonly stateChanged = new vscode.EventEmitter<LocalEngineState>();
  /** Fires when the local engine starts or stops answering, or gains or loses the model. */
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly settings: SettingsStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_LOCAL_ENGINE_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'LLM Router: Local Engine';
    this.item.text = '$(loading~spin) Ollama';
    this.item.tooltip = 'LLM Router is checking the local engine (Ollama)…';
    this.item.command = Commands.toggleOllama;
    this.item.show();
    this.disposables.push(this.item, this.stateChanged, settings.onDidChange(() => void this.refresh()));
    this.firstProbe = setTimeout(() => void this.refresh(), FIRST_PROBE_DELAY_MS);
  }

  get state(): LocalEngineState | undefined {
    return this.lastState;
  }

  /** Local routing is paused by the user; the planner skips local targets. */
  get paused(): boolean {
    return this.pausedByUser;
  }

  get host(): string {
    return resolveOllamaHost(this.settings.current.ollamaHost, process.env.OLLAMA_HOST);
  }

  /** Probes the server and updates the item; logs every change of state. */
  async refresh(): Promise<LocalEngineState> {
    if (this.firstProbe !== undefined) clearTimeout(this.firstProbe);
    this.firstProbe = undefined;
    const state = await probeLocalEngine({ host: this.host, model: this.settings.current.ollamaModel, timeoutMs: PROBE_TIMEOUT_MS });
    const changed = this.lastState === undefined || describe(this.lastState) !== describe(state);
    if (changed) {
      const line = `local engine: ${describe(state)}`;
      if (state.kind === 'ready') this.log.info(line);
      else this.log.warn(line);
    }
    this.lastState = state;
    if (changed) this.stateChanged.fire(state);
    this.render(state);
    return state;
  }

  /** The status bar click. Returns what the local engine is afterwards. */
  async toggle(): Promise<{ state: LocalEngineState; paused: boolean }> {
    if (this.busy) return { state: this.lastState ?? (await this.refresh()), paused: this.pausedByUser };
    this.busy = true;
    try {
      if (this.pausedByUser) {
        this.pausedByUser = false;
        void vscode.window.showInformationMessage('LLM Router: local routing resumed.');
        return { state: await this.refresh(), paused: false };
      }
      const state = await this.refresh();
      if (state.kind !== 'unreachable') {
        if (this.started !== undefined && !this.started.exited) {
          await this.started.stop();
          this.log.info('local engine: stopped the ollama serve LLM Router started');
          this.started = undefined;
          void vscode.window.showInformationMessage('LLM Router: stopped the Ollama server it had started. Local tasks go to the cloud until you turn it on again.');
          return { state: await this.refresh(), paused: false };
        }
        this.pausedByUser = true;
        this.render(state);
        void vscode.window.showInformationMessage(`LLM Router: local routing paused. The Ollama server at ${state.host} keeps running: LLM Router did not start it, so it does not stop it.`);
        return { state, paused: true };
      }
      return { state: await this.start(state), paused: false };
    } finally {
      this.busy = false;
    }
  }

  private async start(unreachable: LocalEngineState & { kind: 'unreachable' }): Promise<LocalEngineState> {
    const host = new URL(/^https?:\/\//.test(this.host) ? this.host : `http://${this.host}`);
    if (!['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(host.hostname)) {
      void vscode.window.showWarningMessage(`LLM Router: no Ollama server answers at ${unreachable.host}. It is not on this machine, so start it there.`, 'Open Settings').then(openSettings);
      return unreachable;
    }
    const executable = findExecutable(this.settings.current.ollamaPath);
    if (executable === undefined) {
      void vscode.window
        .showWarningMessage(`LLM Router: no Ollama server answers at ${unreachable.host}, and there is no "${this.settings.current.ollamaPath}" executable to start one. Install Ollama or set llmRouter.ollama.path.`, 'Download Ollama', 'Open Settings')
        .then((choice) => {
          if (choice === 'Download Ollama') void vscode.env.openExternal(vscode.Uri.parse('https://ollama.com/download'));
          else openSettings(choice);
        });
      return unreachable;
    }
    const server = OllamaServeProcess.start(executable, `${host.hostname === 'localhost' ? '127.0.0.1' : host.hostname}:${host.port || '11434'}`);
    this.started = server;
    this.log.info(`local engine: started ${executable} serve (pid ${server.pid ?? '?'})`);
    this.item.text = '$(loading~spin) Ollama: starting';
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline && !server.exited) {
      const state = await probeLocalEngine({ host: this.host, model: this.settings.current.ollamaModel, timeoutMs: 1000 });
      if (state.kind !== 'unreachable') {
        this.lastState = state;
        this.render(state);
        void vscode.window.showInformationMessage(`LLM Router: started ollama serve (pid ${server.pid ?? '?'}).`);
        if (state.kind === 'model-missing') void this.offerPull(state.model);
        return state;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const output = server.lastOutput();
    await server.stop();
    this.started = undefined;
    void vscode.window.showErrorMessage(`LLM Router: ollama serve did not start${output === '' ? '' : `: ${output}`}`, 'Show Log').then((choice) => {
      if (choice === 'Show Log') this.log.show();
    });
    return this.refresh();
  }

  /** Asks to pull the missing model. */
  async offerPull(model: string): Promise<void> {
    const choice = await vscode.window.showWarningMessage(`LLM Router: Ollama does not have ${model} yet.`, `Pull ${model}`);
    if (choice !== undefined) await vscode.commands.executeCommand(Commands.pullModel);
  }

  private render(state: LocalEngineState): void {
    const tooltip = new vscode.MarkdownString(undefined, true);
    const owner = this.started !== undefined && !this.started.exited ? ' (started by LLM Router)' : '';
    if (this.pausedByUser) {
      this.item.text = '$(debug-pause) Ollama: paused';
      this.item.backgroundColor = undefined;
      tooltip.appendMarkdown(`Local routing is **paused**: local tasks go to the cloud. The server at \`${state.host}\` keeps running.\n\nClick to resume.`);
    } else {
      switch (state.kind) {
        case 'ready': {
          this.item.text = '$(server-process) Ollama';
          this.item.backgroundColor = undefined;
          const loaded = state.loadedModels.length === 0 ? 'none (the first request loads the model)' : state.loadedModels.map((name) => `\`${name}\``).join(', ');
          tooltip.appendMarkdown(`**Ollama ${state.version}** at \`${state.host}\`${owner}\n\nModel \`${state.model}\` is installed. Loaded now: ${loaded}.\n\nClick to ${owner === '' ? 'pause local routing' : 'stop the server'}.`);
          break;
        }
        case 'model-missing':
          this.item.text = '$(warning) Ollama: model missing';
          this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
          tooltip.appendMarkdown(`**Ollama ${state.version}** at \`${state.host}\`${owner} does not have \`${state.model}\`.\n\nRun **LLM Router: Pull the Local Model** (or \`ollama pull ${state.model}\`).`);
          break;
        case 'unreachable':
          this.item.text = '$(debug-disconnect) Ollama: not running';
          this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
          tooltip.appendMarkdown(`No Ollama server answers at \`${state.host}\`: ${state.detail}.\n\nClick to start \`ollama serve\`, or set **llmRouter.ollama.host**.`);
          break;
      }
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `LLM Router local engine: ${this.pausedByUser ? 'local routing paused; ' : ''}${describe(state)}` };
  }

  dispose(): void {
    if (this.firstProbe !== undefined) clearTimeout(this.firstProbe);
    for (const disposable of this.disposables) disposable.dispose();
    void this.started?.stop();
  }
}

function openSettings(choice: string | undefined): void {
  if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'llmRouter.ollama');
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
