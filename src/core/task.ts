/** What the user asked for, with its code. */
export interface Task {
  readonly instruction: string;
  readonly code: string;
  readonly language?: string;
  readonly path?: string;
}

export type Route = 'local' | 'cloud';

/** The classifier's answer for one task. */
export interface Decision {
  readonly route: Route;
  /** The kind of work, such as `rename`, `docs`, `concurrency` or `long-context`. */
  readonly category: string;
  /** How strongly the task needs reasoning, from 0 (mechanical) to 1 (hard reasoning). */
  readonly score: number;
  /** Human-readable sentences naming the signals that decided the route. */
  readonly reasons: readonly string[];
  /** Prompt size (instruction and code) in cl100k_base tokens. */
  readonly promptTokens: number;
}

/** The text a model would be sent for the task, as counted against context windows. */
export function promptText(task: Task): string {
  return task.code === '' ? task.instruction : `${task.instruction}\n\n${task.code}`;
}
