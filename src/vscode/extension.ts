import * as vscode from 'vscode';
import type { Plan } from '../core/policy/planRoute';
import type { Task } from '../core/task';
import { checkLocalEngine } from './commands/checkLocalEngine';
import { classifySelection, type ClassifySelectionArgs } from './commands/classifySelection';
import { Commands, LOG_CHANNEL_NAME } from './ids';
import { LocalEngineStatus } from './localEngineStatus';
import { SettingsStore } from './settings';
import { TaskPlanner } from './taskPlanner';

/** What other extensions (and the integration tests) can call. */
export interface LlmRouterApi {
  /** Where the task would go and why; no model is called. */
  plan(task: Task): Promise<Plan>;
  readonly tokenizerLoaded: boolean;
}

export function activate(context: vscode.ExtensionContext): LlmRouterApi {
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const settings = new SettingsStore(log);
  const planner = new TaskPlanner(settings);
  const localEngine = new LocalEngineStatus(settings, log);

  context.subscriptions.push(
    log,
    settings,
    localEngine,
    vscode.commands.registerCommand(Commands.classifySelection, (args?: ClassifySelectionArgs) => classifySelection(planner, log, args)),
    vscode.commands.registerCommand(Commands.checkLocalEngine, () => checkLocalEngine(localEngine)),
    vscode.commands.registerCommand(Commands.showLog, () => log.show()),
  );

  return {
    plan: (task) => planner.plan(task),
    get tokenizerLoaded() {
      return planner.tokenizerLoaded;
    },
  };
}

export function deactivate(): void {}
