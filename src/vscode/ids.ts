/** Every identifier shared with package.json, declared once. */
export const EXTENSION_ID = 'llm-router.llm-router';

export const Commands = {
  classifySelection: 'llmRouter.classifySelection',
  checkLocalEngine: 'llmRouter.checkOllama',
  showLog: 'llmRouter.showLog',
  routeRefactor: 'llmRouter.routeRefactor',
  explainSelection: 'llmRouter.explainSelection',
  setAnthropicKey: 'llmRouter.setAnthropicKey',
  clearAnthropicKey: 'llmRouter.clearAnthropicKey',
  setOpenAiCompatibleKey: 'llmRouter.setOpenAiCompatibleKey',
  clearOpenAiCompatibleKey: 'llmRouter.clearOpenAiCompatibleKey',
  showUsage: 'llmRouter.showUsage',
  toggleOllama: 'llmRouter.toggleOllama',
  pullModel: 'llmRouter.pullModel',
  manageModels: 'llmRouter.manageModels',
  exportReport: 'llmRouter.exportReport',
  showSavings: 'llmRouter.showSavings',
  openWalkthrough: 'llmRouter.openWalkthrough',
  startGateway: 'llmRouter.startGateway',
  stopGateway: 'llmRouter.stopGateway',
  copyClaudeCodeSetup: 'llmRouter.copyClaudeCodeSetup',
  resetPersonalRouting: 'llmRouter.resetPersonalRouting',
} as const;

/** SecretStorage key of the Anthropic API key. */
export const ANTHROPIC_KEY_SECRET = 'llmRouter.anthropicApiKey';
/** SecretStorage key of the OpenAI-compatible server's API key. */
export const OPENAI_COMPATIBLE_KEY_SECRET = 'llmRouter.openaiCompatibleApiKey';
/** globalState key of the recent Route this refactor instructions. */
export const RECENT_INSTRUCTIONS_STATE = 'llmRouter.recentInstructions';
/** URI scheme of the read-only proposed-edit documents shown in the diff preview. */
export const PREVIEW_SCHEME = 'llm-router-preview';

export const SETTINGS_SECTION = 'llmRouter';
export const WALKTHROUGH_ID = 'llmRouter.gettingStarted';
export const LOG_CHANNEL_NAME = 'LLM Router';
export const STATUS_BAR_LOCAL_ENGINE_ID = 'llmRouter.localEngine';
export const STATUS_BAR_METER_ID = 'llmRouter.tokenMeter';
export const STATUS_BAR_GATEWAY_ID = 'llmRouter.gateway';
/** SecretStorage key of the local gateway's per-install token. */
export const GATEWAY_TOKEN_SECRET = 'llmRouter.gatewayToken';
