import * as vscode from 'vscode';
import { RECENT_INSTRUCTIONS_STATE } from './ids';

const KEEP = 12;

/** Instructions the user gave before, newest first, kept across sessions. */
export class RecentInstructions {
  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    return this.state.get<string[]>(RECENT_INSTRUCTIONS_STATE, []);
  }

  async remember(instruction: string): Promise<void> {
    await this.state.update(RECENT_INSTRUCTIONS_STATE, [instruction, ...this.list().filter((entry) => entry !== instruction)].slice(0, KEEP));
  }

  /** A quick input that offers the recent instructions and accepts a new one. */
  ask(title: string, placeholder: string): Promise<string | undefined> {
    const pick = vscode.window.createQuickPick();
    pick.title = title;
    pick.placeholder = placeholder;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    const recent = this.list().map((label) => ({ label, description: 'recent' }));
    pick.items = recent;
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      pick.items = typed === '' || recent.some((item) => item.label === typed) ? recent : [{ label: typed, description: 'new instruction' }, ...recent];
    });
    return new Promise((resolve) => {
      let done = false;
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0]?.label ?? pick.value.trim();
        if (chosen === '') return;
        done = true;
        resolve(chosen);
        pick.hide();
      });
      pick.onDidHide(() => {
        if (!done) resolve(undefined);
        pick.dispose();
      });
      pick.show();
    });
  }
}
