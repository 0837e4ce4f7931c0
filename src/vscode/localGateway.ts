import * as vscode from 'vscode';
import type { SecretScrubber } from '../core/security/scrub';
import type { RunningGateway } from '../gateway/server';
import type { EngineHost, KeySource } from './engineHost';
import { Commands, GATEWAY_TOKEN_SECRET, STATUS_BAR_GATEWAY_ID } from './ids';
import type { SettingsStore } from './settings';

/**
 * The local gateway inside VS Code (the same one `llm-router serve` runs): started and stopped by
 * command, its state in the status bar, its token kept in secret storage and shown only by
 * Copy Claude Code Setup.
 */
export class LocalGateway implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private running: RunningGateway | undefined;
  private starting: Promise<RunningGateway> | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly engines: EngineHost,
    private readonly settings: SettingsStore,
    private readonly keys: KeySource,
    private readonly log: vscode.LogOutputChannel,
    private readonly scrubber: SecretScrubber,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_GATEWAY_ID, vscode.StatusBarAlignment.Right, 99);
    this.item.name = 'LLM Router: Local Gateway';
    this.item.command = Commands.copyClaudeCodeSetup;
  }

  get url(): string | undefined {
    return this.running?.url;
  }

  async start(): Promise<RunningGateway> {
    if (this.running !== undefined) return this.running;
    this.starting ??= this.listen().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<boolean> {
    const running = this.running ?? (await this.starting?.catch(() => undefined));
    if (running === undefined) return false;
    this.running = undefined;
    await running.close();
    this.log.info(`gateway: stopped on ${running.url}`);
    this.render();
    return true;
  }

  /**
   * The environment lines for Claude Code (and any Anthropic SDK), with this install's token;
   * undefined while the gateway is stopped and llmRouter.gateway.port is 0, since its port is chosen when it starts.
   */
  async setupText(): Promise<string | undefined> {
    const port = this.settings.current.gatewayPort;
    const url = this.running?.url ?? (port === 0 ? undefined : `http://127.0.0.1:${port}`);
    if (url === undefined) return undefined;
    return `export ANTHROPIC_BASE_URL=${url}\nexport ANTHROPIC_AUTH_TOKEN=${await this.token()}\n`;
  }

  private async listen(): Promise<RunningGateway> {
    const [{ startGateway }, engine, token] = await Promise.all([import('../gateway/startGateway'), this.engines.get(), this.token()]);
    const options = { engine, settings: () => this.settings.current, anthropicKey: () => this.keys.get(), sink: this.engines.sink, token, log: (line: string) => this.log.info(`gateway: ${line}`) };
    const port = this.settings.current.gatewayPort;
    let running: RunningGateway;
    try {
      running = await startGateway({ ...options, port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
      this.log.warn(`gateway: port ${port} (llmRouter.gateway.port) is in use; listening on a free port instead`);
      running = await startGateway({ ...options, port: 0 });
    }
    this.running = running;
    this.log.info(`gateway: listening on ${running.url}`);
    this.render();
    return running;
  }

  /** The per-install token: generated once, kept in secret storage, never logged. */
  private async token(): Promise<string> {
    let token = await this.secrets.get(GATEWAY_TOKEN_SECRET);
    if (token === undefined || token === '') {
      token = (await import('../gateway/startGateway')).newGatewayToken();
      await this.secrets.store(GATEWAY_TOKEN_SECRET, token);
    }
    this.scrubber.remember(token);
    return token;
  }

  private render(): void {
    if (this.running === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = `$(radio-tower) Gateway :${this.running.port}`;
    this.item.tooltip = new vscode.MarkdownString(`**LLM Router gateway** on \`${this.running.url}\`: Claude Code, Cline, Continue and scripts routed like editor tasks.\n\nClick to copy the Claude Code setup. Stop it with **LLM Router: Stop Local Gateway**.`);
    this.item.accessibilityInformation = { label: `LLM Router gateway running on ${this.running.url}` };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    void this.running?.close();
    this.running = undefined;
  }
}

/** Returns the gateway's URL, or undefined when it could not start. */
export async function startLocalGatewayCommand(gateway: LocalGateway): Promise<string | undefined> {
  try {
    const running = await gateway.start();
    void vscode.window.showInformationMessage(`LLM Router: the gateway listens on ${running.url}.`, 'Copy Claude Code Setup').then((choice) => (choice === undefined ? undefined : copyClaudeCodeSetupCommand(gateway)));
    return running.url;
  } catch (error) {
    void vscode.window.showErrorMessage(`LLM Router: the gateway could not start: ${(error as Error).message}`);
    return undefined;
  }
}

export async function stopLocalGatewayCommand(gateway: LocalGateway): Promise<void> {
  const stopped = await gateway.stop();
  void vscode.window.showInformationMessage(stopped ? 'LLM Router: the gateway is stopped.' : 'LLM Router: the gateway is not running.');
}

export async function copyClaudeCodeSetupCommand(gateway: LocalGateway): Promise<void> {
  const setup = await gateway.setupText();
  if (setup === undefined) {
    void vscode.window
      .showInformationMessage('LLM Router: llmRouter.gateway.port is 0, so the gateway takes a free port when it starts; start it first, then copy the setup.', 'Start Local Gateway')
      .then((choice) => (choice === undefined ? undefined : startLocalGatewayCommand(gateway)));
    return;
  }
  await vscode.env.clipboard.writeText(setup);
  const running = gateway.url !== undefined;
  void vscode.window
    .showInformationMessage(`LLM Router: copied ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN. Paste them into the shell that runs claude.${running ? '' : ' The gateway is not running yet.'}`, ...(running ? [] : ['Start Local Gateway']))
    .then((choice) => (choice === undefined ? undefined : startLocalGatewayCommand(gateway)));
}
