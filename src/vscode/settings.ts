import * as vscode from 'vscode';
import { readRouterSettings, type RouterSettings } from '../core/settings/routerSettings';
import { SETTINGS_SECTION } from './ids';

/** Holds the current settings snapshot, re-read when `llmRouter.*` changes. */
export class SettingsStore implements vscode.Disposable {
  private snapshot: RouterSettings;
  private readonly changed = new vscode.EventEmitter<RouterSettings>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.snapshot = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
      this.snapshot = this.read();
      this.changed.fire(this.snapshot);
    });
  }

  get current(): RouterSettings {
    return this.snapshot;
  }

  private read(): RouterSettings {
    const configuration = vscode.workspace.getConfiguration();
    const { settings, problems } = readRouterSettings((key) => configuration.get(key));
    for (const problem of problems) {
      this.log.warn(problem.message);
      void vscode.window.showWarningMessage(`LLM Router: ${problem.message}`, 'Open Settings').then((choice) => {
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', problem.setting);
      });
    }
    return settings;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
