import * as vscode from 'vscode';
import type { SecretScrubber } from '../core/security/scrub';
import { ANTHROPIC_KEY_SECRET, Commands } from './ids';

/** The Anthropic key: SecretStorage first, then ANTHROPIC_API_KEY. Never logged, never in settings. */
export class AnthropicKeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly scrubber?: SecretScrubber,
  ) {}

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(ANTHROPIC_KEY_SECRET);
    const fromEnvironment = process.env.ANTHROPIC_API_KEY?.trim();
    const key = stored !== undefined && stored !== '' ? stored : fromEnvironment === '' ? undefined : fromEnvironment;
    this.scrubber?.remember(key);
    return key;
  }

  /** Asks for the key (masked) and stores it; returns whether one was stored. */
  async promptAndStore(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'LLM Router: Anthropic API Key',
      prompt: 'Stored in VS Code’s secret storage on this machine; never written to settings or logs.',
      placeHolder: 'sk-ant-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length < 20 ? 'That is too short to be an Anthropic API key.' : undefined),
    });
    if (key === undefined) return false;
    await this.secrets.store(ANTHROPIC_KEY_SECRET, key.trim());
    void vscode.window.showInformationMessage('LLM Router: Anthropic API key saved in secret storage.');
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(ANTHROPIC_KEY_SECRET);
    void vscode.window.showInformationMessage('LLM Router: Anthropic API key removed from secret storage.');
  }
}

export function registerKeyCommands(store: AnthropicKeyStore): vscode.Disposable[] {
  return [vscode.commands.registerCommand(Commands.setAnthropicKey, () => store.promptAndStore()), vscode.commands.registerCommand(Commands.clearAnthropicKey, () => store.clear())];
}
