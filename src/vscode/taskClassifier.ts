import { classify } from '../core/classifier/classify';
import { promptText, type Decision, type Task } from '../core/task';
import { isTokenCounterLoaded, loadTokenCounter } from '../core/tokens/tokenCounter';
import type { SettingsStore } from './settings';

/** The classifier with the current settings; loads the tokenizer on first use, not at activation. */
export class TaskClassifier {
  constructor(private readonly settings: SettingsStore) {}

  async classify(task: Task): Promise<Decision> {
    const counter = await loadTokenCounter();
    return classify(task, counter.count(promptText(task)), { maxLocalTokens: this.settings.current.maxLocalTokens });
  }

  get tokenizerLoaded(): boolean {
    return isTokenCounterLoaded();
  }
}
