import * as vscode from 'vscode';
import type { SecretScrubber } from '../core/security/scrub';

/** One API key the extension keeps: where it is stored, the environment variable the CLI reads too, and how to ask for it. */
export interface ApiKeySpec {
  /** "Anthropic API key": completes "LLM Router: … saved". */
  readonly name: string;
  readonly secretId: string;
  readonly environmentVariable: string;
  readonly placeHolder: string;
  readonly minLength: number;
  readonly setCommand: string;
  readonly clearCommand: string;
}

/** A key: SecretStorage first, then its environment variable. Never logged (the scrubber learns it), never in settings. */
export class ApiKeyStore {
  constructor(
    private readonly spec: ApiKeySpec,
    private readonly secrets: vscode.SecretStorage,
    private readonly scrubber?: SecretScrubber,
  ) {}

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(this.spec.secretId);
    const fromEnvironment = process.env[this.spec.environmentVariable]?.trim();
    const key = stored !== undefined && stored !== '' ? stored : fromEnvironment === '' ? undefined : fromEnvironment;
    this.scrubber?.remember(key);
    return key;
  }

  /** Asks for the key (masked) and stores it; returns whether one was stored. */
  async promptAndStore(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: `LLM Router: ${this.spec.name}`,
      prompt: 'Stored in VS Code’s secret storage on this machine; never written to settings or logs.',
      placeHolder: this.spec.placeHolder,
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length < this.spec.minLength ? `That is too short to be an ${this.spec.name}.` : undefined),
    });
    if (key === undefined) return false;
    this.scrubber?.remember(key.trim());
    await this.secrets.store(this.spec.secretId, key.trim());
    void vscode.window.showInformationMessage(`LLM Router: ${this.spec.name} saved in secret storage.`);
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.spec.secretId);
    void vscode.window.showInformationMessage(`LLM Router: ${this.spec.name} removed from secret storage.`);
  }

  register(): vscode.Disposable[] {
    return [vscode.commands.registerCommand(this.spec.setCommand, () => this.promptAndStore()), vscode.commands.registerCommand(this.spec.clearCommand, () => this.clear())];
  }
}
