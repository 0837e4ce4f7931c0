/** Every identifier shared with package.json, declared once. */
export const EXTENSION_ID = 'llm-router.llm-router';

export const Commands = {
  classifySelection: 'llmRouter.classifySelection',
  checkLocalEngine: 'llmRouter.checkOllama',
  showLog: 'llmRouter.showLog',
} as const;

export const SETTINGS_SECTION = 'llmRouter';
export const LOG_CHANNEL_NAME = 'LLM Router';
export const STATUS_BAR_LOCAL_ENGINE_ID = 'llmRouter.localEngine';
