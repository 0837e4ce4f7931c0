/** What the user asked for, with its code. */
export interface Task {
  readonly instruction: string;
  readonly code: string;
  readonly language?: string;
  readonly path?: string;
  /** Further files the code comes from (a chat message with several attachments). */
  readonly paths?: readonly string[];
  /** The editor's diagnostics on the selection, when the caller has them. */
  readonly diagnostics?: readonly TaskDiagnostic[];
  /** A JSON Schema the answer must validate against (structured output). */
  readonly responseSchema?: Readonly<Record<string, unknown>>;
  /** The user's explicit choice (`/local`, `/cloud`, or a caller's flag); always wins. */
  readonly override?: Route;
  /**
   * The rest of what the model is sent, for a conversation: system text, earlier turns, tool
   * schemas. Counted in the prompt's size and scanned by privacy; the classifier reads only the
   * instruction and the code.
   */
  readonly context?: string;
}

export interface TaskDiagnostic {
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly message: string;
  readonly code?: string;
}

export type Route = 'local' | 'cloud';

/** The classifier's answer for one task. */
export interface Decision {
  readonly route: Route;
  /** The kind of work, such as `rename`, `docs`, `concurrency` or `long-context`. */
  readonly category: string;
  /** The calibrated probability that the task needs the cloud (0: mechanical, 1: hard reasoning). */
  readonly score: number;
  /** The probability from which the routing profile sends a task to the cloud (absent: 0.5). */
  readonly threshold?: number;
  /** The probability was in the uncertain band, so the routing profile settled the route. */
  readonly uncertain?: boolean;
  /** Human-readable sentences naming the signals that decided the route. */
  readonly reasons: readonly string[];
  /** Prompt size in cl100k_base tokens: everything the model is sent (for a conversation: system text, turns and tool schemas too). */
  readonly promptTokens: number;
  /**
   * For a conversation: the size of the task itself (the latest user message, its code, the tool
   * results since), which the local limit and the rules' token bounds read; the whole prompt must
   * fit the local model's window instead. Unset for an editor task, whose task is its prompt.
   */
  readonly taskTokens?: number;
  /** Set when an explicit override, not the signals, chose the route. */
  readonly overriddenBy?: string;
  /** The route the signals chose before the local token limit was applied (what a higher limit would do). */
  readonly routeWithinLimit?: Route;
  /** Set when this user's personal correction (adaptive routing) adjusted the score. */
  readonly personal?: PersonalAdjustment;
}

/** How the personal correction changed a decision: `score` is then the corrected probability. */
export interface PersonalAdjustment {
  /** The classifier's own score, before the correction. */
  readonly baseScore: number;
  /** What was added to the score's log-odds (negative: toward local). */
  readonly offset: number;
  /** The correction changed the route; the decision's first reason says so. */
  readonly moved: boolean;
}

/** The size the local limit (llmRouter.classifier.maxLocalTokens) and the rules' token bounds read. */
export function taskSize(decision: Pick<Decision, 'promptTokens' | 'taskTokens'>): number {
  return decision.taskTokens ?? decision.promptTokens;
}

/** Every file the task's code comes from. */
export function taskPaths(task: Task): string[] {
  return [...(task.path === undefined ? [] : [task.path]), ...(task.paths ?? [])];
}

/** The text a model would be sent for the task, as counted against context windows. */
export function promptText(task: Task): string {
  const core = task.code === '' ? task.instruction : `${task.instruction}\n\n${task.code}`;
  return task.context === undefined || task.context === '' ? core : `${task.context}\n\n${core}`;
}

const OVERRIDE_PREFIX = /^\s*\/(local|cloud)\b\s*/i;

/** Reads a leading `/local` or `/cloud` from an instruction typed by the user, and removes it. */
export function parseOverride(instruction: string): { instruction: string; override?: Route } {
  const match = OVERRIDE_PREFIX.exec(instruction);
  if (match === null) return { instruction };
  return { instruction: instruction.slice(match[0].length), override: match[1].toLowerCase() as Route };
}
