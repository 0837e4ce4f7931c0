import type * as vscode from 'vscode';
import type { SecretScrubber } from '../core/security/scrub';
import { ApiKeyStore } from './apiKeyStore';
import { Commands, OPENAI_COMPATIBLE_KEY_SECRET } from './ids';

/**
 * The key of an OpenAI-compatible server started with one (LM Studio with a token, llama.cpp
 * --api-key, vLLM): SecretStorage first, then LLM_ROUTER_OPENAI_API_KEY, as the CLI reads it.
 */
export class OpenAiCompatibleKeyStore extends ApiKeyStore {
  constructor(secrets: vscode.SecretStorage, scrubber?: SecretScrubber) {
    super(
      { name: 'OpenAI-compatible API key', secretId: OPENAI_COMPATIBLE_KEY_SECRET, environmentVariable: 'LLM_ROUTER_OPENAI_API_KEY', placeHolder: 'the key the server was started with', minLength: 8, setCommand: Commands.setOpenAiCompatibleKey, clearCommand: Commands.clearOpenAiCompatibleKey },
      secrets,
      scrubber,
    );
  }
}
