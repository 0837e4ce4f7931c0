import { planTask } from '../core/engine/planTask';
import type { AdaptiveRouting } from '../core/policy/adaptive';
import type { Plan } from '../core/policy/planRoute';
import type { Task } from '../core/task';
import { isTokenCounterLoaded, loadTokenCounter } from '../core/tokens/tokenCounter';
import type { SettingsStore } from './settings';
import { workspacePathBase } from './workspacePaths';

/** Decides where a task goes with the current settings; loads the tokenizer on first use, not at activation. */
export class TaskPlanner {
  constructor(
    private readonly settings: SettingsStore,
    private readonly localPaused: () => boolean,
    private readonly adaptive?: AdaptiveRouting,
  ) {}

  async plan(task: Task): Promise<Plan> {
    return planTask(task, this.settings.current, {
      counter: await loadTokenCounter(),
      now: new Date(),
      localPaused: this.localPaused(),
      ...(workspacePathBase() === undefined ? {} : { pathBase: workspacePathBase() }),
      ...(this.adaptive === undefined ? {} : { adaptive: this.adaptive }),
      ...(process.env.OLLAMA_HOST === undefined ? {} : { ollamaHostFromEnvironment: process.env.OLLAMA_HOST }),
    });
  }

  get tokenizerLoaded(): boolean {
    return isTokenCounterLoaded();
  }
}
