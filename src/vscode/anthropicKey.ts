import type * as vscode from 'vscode';
import type { SecretScrubber } from '../core/security/scrub';
import { ApiKeyStore } from './apiKeyStore';
import { ANTHROPIC_KEY_SECRET, Commands } from './ids';

/** The Anthropic key: SecretStorage first, then ANTHROPIC_API_KEY. */
export class AnthropicKeyStore extends ApiKeyStore {
  constructor(secrets: vscode.SecretStorage, scrubber?: SecretScrubber) {
    super(
      { name: 'Anthropic API key', secretId: ANTHROPIC_KEY_SECRET, environmentVariable: 'ANTHROPIC_API_KEY', placeHolder: 'sk-ant-…', minLength: 20, setCommand: Commands.setAnthropicKey, clearCommand: Commands.clearAnthropicKey },
      secrets,
      scrubber,
    );
  }
}
