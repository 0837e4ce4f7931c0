import type { ApiKeySpec } from './apiKeyStore';
import { ANTHROPIC_KEY_SECRET, Commands, OPENAI_COMPATIBLE_KEY_SECRET } from './ids';

/** The Anthropic key: SecretStorage first, then ANTHROPIC_API_KEY. */
export const ANTHROPIC_KEY: ApiKeySpec = {
  name: 'Anthropic API key',
  secretId: ANTHROPIC_KEY_SECRET,
  environmentVariable: 'ANTHROPIC_API_KEY',
  placeHolder: 'sk-ant-…',
  minLength: 20,
  setCommand: Commands.setAnthropicKey,
  clearCommand: Commands.clearAnthropicKey,
};

/**
 * The key of an OpenAI-compatible server started with one (LM Studio with a token, llama.cpp
 * --api-key, vLLM): SecretStorage first, then LLM_ROUTER_OPENAI_API_KEY, as the CLI reads it.
 */
export const OPENAI_COMPATIBLE_KEY: ApiKeySpec = {
  name: 'OpenAI-compatible API key',
  secretId: OPENAI_COMPATIBLE_KEY_SECRET,
  environmentVariable: 'LLM_ROUTER_OPENAI_API_KEY',
  placeHolder: 'the key the server was started with',
  minLength: 8,
  setCommand: Commands.setOpenAiCompatibleKey,
  clearCommand: Commands.clearOpenAiCompatibleKey,
};
