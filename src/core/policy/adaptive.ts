import { isFailedOutcome, type EditorOutcome, type ShadowResult } from '../ledger/ledger';
import { formatPercent } from '../reports/numbers';
import { DAY_MS } from '../reports/period';
import type { TaskFacts } from '../ledger/taskFacts';
import type { Decision } from '../task';

export interface AdaptiveSettings {
  /** Opt-in. */
  readonly enabled: boolean;
  /** Above this share of failed local answers in a category, its borderline tasks go to the cloud. */
  readonly maxLocalFailureRate: number;
  /** How many of the category's latest local results count. */
  readonly window: number;
  /** Fewer results than this say nothing yet. */
  readonly minResults: number;
  /** A local decision scoring at least this is borderline (0.5 is where the cloud starts). */
  readonly borderlineScore: number;
  /** Results older than this stop counting, so a category recovers even when nothing runs locally. */
  readonly maxAgeDays: number;
}

export const DEFAULT_ADAPTIVE_SETTINGS: AdaptiveSettings = { enabled: false, maxLocalFailureRate: 0.2, window: 20, minResults: 5, borderlineScore: 0.3, maxAgeDays: 14 };

interface Result {
  readonly at: number;
  readonly failed: boolean;
  readonly taskId: string;
}


/**
 * Adaptive routing: remembers each category's latest local results (answers, failed attempts,
 * what the user did with them, background comparisons) and moves borderline local tasks of a
 * category to the cloud while its local failure rate is over the user's limit, saying so.
 */
export class AdaptiveRouting {
  private readonly results = new Map<string, Result[]>();
  private readonly categoryOfTask = new Map<string, string>();

  constructor(private readonly settings: () => AdaptiveSettings) {}

  /** A finished task: its local attempts are results for its category. */
  observeTask(facts: TaskFacts): void {
    const local = facts.attempts.filter((attempt) => attempt.local && attempt.outcome !== 'cancelled');
    if (local.length === 0) return;
    const failed = local.some((attempt) => attempt.outcome !== 'answered');
    this.push(facts.category, { at: facts.at, failed, taskId: facts.id });
  }

  /** The user rejected, undid or re-asked a local answer: that result becomes a failure. */
  observeOutcome(taskId: string, outcome: EditorOutcome): void {
    if (!isFailedOutcome(outcome)) return;
    const category = this.categoryOfTask.get(taskId);
    const entry = category === undefined ? undefined : this.results.get(category)?.find((result) => result.taskId === taskId);
    if (category === undefined || entry === undefined || entry.failed) return;
    const list = this.results.get(category)!;
    list[list.indexOf(entry)] = { ...entry, failed: true };
  }

  /** A cloud task also answered locally in the background: a local result for its category. */
  observeShadow(result: ShadowResult): void {
    if (result.category === undefined) return;
    this.push(result.category, { at: Date.parse(result.at), failed: !result.passed, taskId: `${result.taskId}#shadow` });
  }

  /** The category's recent local failure rate, or undefined while there are too few results. */
  failureRate(category: string, now: number): { failed: number; results: number; rate: number } | undefined {
    const settings = this.settings();
    const recent = (this.results.get(category) ?? []).filter((result) => now - result.at <= settings.maxAgeDays * DAY_MS).slice(-settings.window);
    if (recent.length < settings.minResults) return undefined;
    const failed = recent.filter((result) => result.failed).length;
    return { failed, results: recent.length, rate: failed / recent.length };
  }

  /** The decision, moved to the cloud with its reason when its category is failing locally and it is borderline. */
  adjust(decision: Decision, now: number): Decision {
    const settings = this.settings();
    if (!settings.enabled || decision.route !== 'local' || decision.overriddenBy !== undefined || decision.score < settings.borderlineScore) return decision;
    const observed = this.failureRate(decision.category, now);
    if (observed === undefined || observed.rate <= settings.maxLocalFailureRate) return decision;
    return {
      ...decision,
      route: 'cloud',
      // An override like a category rule: later policy steps must not move it back for its low score.
      overriddenBy: 'Adaptive routing',
      reasons: [
        `Adaptive routing: local answers for ${decision.category} failed on ${observed.failed} of the last ${observed.results} tasks (${formatPercent(observed.rate)}, over your ${formatPercent(settings.maxLocalFailureRate)} limit), and this task is borderline (score ${decision.score}); it goes to the cloud until the rate recovers → cloud`,
        ...decision.reasons,
      ],
    };
  }

  private push(category: string, result: Result): void {
    let list = this.results.get(category);
    if (list === undefined) {
      list = [];
      this.results.set(category, list);
    }
    list.push(result);
    this.categoryOfTask.set(result.taskId, category);
    // Keep a bounded history: twice the window is enough to slide it.
    const keep = this.settings().window * 2;
    if (list.length > keep) for (const dropped of list.splice(0, list.length - keep)) this.categoryOfTask.delete(dropped.taskId);
  }
}
