import { routeForProbability, type RoutingProfile } from '../classifier/profile';
import type { TaskRecord } from '../engine/taskRecord';
import type { EditorOutcome, ShadowResult } from '../ledger/ledger';
import { amendDecision } from '../classifier/amendDecision';
import { DAY_MS } from '../reports/period';
import { taskSize, type Decision } from '../task';
import { fitOffset, logit, sigmoid, type CorrectionResult, type Fit } from './correctionFit';
import { EMPTY_STATE, latestPerCategory, mergeStates, neededCloud, parseState, serializeState, type PersonalRoutingState, type PersonalRoutingStore, type ResultKind, type StoredResult } from './personalRoutingState';

export interface AdaptiveSettings {
  /** Opt-in: off, nothing is learned and nothing moves (what was learned stays until reset). */
  readonly enabled: boolean;
  /** How many of a category's latest results count. */
  readonly window: number;
  /** The personal correction never moves a score's log-odds further than this. */
  readonly maxCorrection: number;
  /** A result this many days old counts half; after four half-lives it is dropped. */
  readonly halfLifeDays: number;
  /** Until the category's results weigh this much (a new result weighs 1), the correction does not act. */
  readonly minResults: number;
}

export const DEFAULT_ADAPTIVE_SETTINGS: AdaptiveSettings = { enabled: false, window: 30, maxCorrection: 1.5, halfLifeDays: 7, minResults: 5 };

/** A result older than this many half-lives weighs under 1/16 and is dropped. */
const HALF_LIVES_KEPT = 4;
/** Corrections smaller than this change no score worth showing. */
const NEGLIGIBLE_OFFSET = 0.01;
/** A category's fit is reused this long when no result changed (age decay is slow). */
const FIT_REUSE_MS = 60_000;

/** The category's current correction and the results it rests on. */
export interface CategoryCorrection {
  readonly offset: number;
  readonly weight: number;
  readonly results: number;
  /** Results where the local model did (answers kept or accepted, comparisons passed). */
  readonly kept: number;
}

/**
 * Adaptive routing: a personal correction of the classifier, learned from this user's results.
 * For each category it keeps the latest results (a local answer kept, accepted, failed, undone,
 * rejected or asked again; a background comparison passed or lost) with the classifier's score
 * for each, and fits one offset on the log-odds that best explains them (see correctionFit.ts).
 * Decisions get the corrected score; when that changes the route, the first reason says so.
 * Explicit choices, category settings and prompts over the local limit are never moved.
 */
export class AdaptiveRouting {
  private state: PersonalRoutingState = EMPTY_STATE;
  private readonly fits = new Map<string, { version: number; at: number; fit: CategoryCorrection | undefined; start: number }>();
  private version = 0;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: () => AdaptiveSettings,
    private readonly store?: PersonalRoutingStore,
  ) {}

  /** Reads what was learned before (this or another window). */
  async load(): Promise<void> {
    if (this.store === undefined) return;
    this.replace(mergeStates(this.state, parseState(await this.store.read()), this.settings().window));
  }

  /** Stores what was learned, merged with what other windows stored meanwhile. Saves run one at a time. */
  save(): Promise<void> {
    const store = this.store;
    if (store === undefined) return Promise.resolve();
    this.saving = this.saving.catch(() => undefined).then(async () => {
      this.replace(mergeStates(this.state, parseState(await store.read()), this.settings().window));
      await store.write(serializeState(this.state));
    });
    return this.saving;
  }

  /** Forgets every result, here and in the store: routing follows the classifier alone until it learns again. Returns how many were forgotten. */
  async reset(now: number): Promise<number> {
    const forgotten = this.state.results.length;
    await this.saving.catch(() => undefined);
    this.replace({ resetAt: now, results: [] });
    await this.store?.write(serializeState(this.state));
    return forgotten;
  }

  /** A finished task with a local attempt: a result for its category. True when something was learned. */
  observeTask(record: TaskRecord, maxLocalTokens: number): boolean {
    if (!this.settings().enabled || record.decision.overriddenBy !== undefined || taskSize(record.decision) > maxLocalTokens) return false;
    // An unreachable server or a missing model says nothing about how well the model does this kind of task.
    const local = record.attempts.filter((attempt) => attempt.local && (attempt.outcome === 'answered' || attempt.outcome === 'gate-failed' || attempt.outcome === 'timeout'));
    if (local.length === 0) return false;
    const kind: ResultKind = local.some((attempt) => attempt.outcome !== 'answered') ? 'failed' : 'kept';
    this.add({ id: record.id, category: record.decision.category, at: Date.parse(record.startedAt), logit: logit(record.decision.personal?.baseScore ?? record.decision.score), kind });
    return true;
  }

  /** What the user did with a local answer. True when something was learned. */
  observeOutcome(taskId: string, outcome: EditorOutcome): boolean {
    if (!this.settings().enabled) return false;
    const index = this.state.results.findIndex((result) => result.id === taskId);
    const result = this.state.results[index];
    // A failed local attempt stays failed: the outcome is then about the answer that replaced it.
    if (result === undefined || result.kind === 'failed' || result.kind === outcome) return false;
    const results = [...this.state.results];
    results[index] = { ...result, kind: outcome };
    this.replace({ ...this.state, results });
    return true;
  }

  /** A cloud-answered task also run on the local model in the background. True when something was learned. */
  observeShadow(shadow: ShadowResult): boolean {
    if (!this.settings().enabled || shadow.category === undefined || shadow.score === undefined) return false;
    this.add({ id: `${shadow.taskId}#shadow`, category: shadow.category, at: Date.parse(shadow.at), logit: logit(shadow.score), kind: shadow.passed ? 'passed' : 'lost' });
    return true;
  }

  /** The category's correction, or undefined while its results are too few (or too old) to act on. */
  correction(category: string, now: number): CategoryCorrection | undefined {
    const cached = this.fits.get(category);
    if (cached !== undefined && cached.version === this.version && Math.abs(now - cached.at) < FIT_REUSE_MS) return cached.fit;
    const fit = this.fit(category, now, cached?.start ?? 0);
    this.fits.set(category, { version: this.version, at: now, fit: fit.correction, start: fit.unclamped });
    return fit.correction;
  }

  /** The decision with the corrected score, and the route that score calls for under the profile, explained when it moved. */
  adjust(decision: Decision, now: number, maxLocalTokens: number, profile?: RoutingProfile): Decision {
    if (!this.settings().enabled || decision.overriddenBy !== undefined || taskSize(decision) > maxLocalTokens) return decision;
    const correction = this.correction(decision.category, now);
    if (correction === undefined) return decision;
    const score = Math.round(sigmoid(logit(decision.score) + correction.offset) * 1000) / 1000;
    // Only a correction that crosses the profile's threshold moves the route; the classifier's own route stands otherwise.
    const crossed = routeForProbability(score, profile).route !== routeForProbability(decision.score, profile).route;
    const route = crossed ? routeForProbability(score, profile).route : decision.route;
    const moved = route !== decision.route;
    const personal = { baseScore: decision.score, offset: Math.round(correction.offset * 100) / 100, moved };
    if (!moved) return amendDecision(decision, { score, personal });
    const tally = route === 'local' ? `${correction.kept} of ${correction.results} kept` : `${correction.results - correction.kept} of ${correction.results} not kept`;
    const reason = `Your recent results for ${decision.category} (${tally}) moved this borderline task to ${route === 'local' ? 'local' : 'the cloud'}: your personal correction of ${signed(personal.offset)} on the log-odds takes its score from ${decision.score.toFixed(2)} to ${score.toFixed(2)} → ${route}`;
    return amendDecision(decision, { route, score, personal }, (own) => [reason, ...own]);
  }

  /** The category's correction (undefined while it may not act), and the fitted offset before its cap, where the next fit starts. */
  private fit(category: string, now: number, start: number): { correction: CategoryCorrection | undefined; unclamped: number } {
    const settings = this.settings();
    const oldest = now - HALF_LIVES_KEPT * settings.halfLifeDays * DAY_MS;
    const results: CorrectionResult[] = this.state.results
      .filter((result) => result.category === category && result.at >= oldest)
      .map((result) => ({ at: result.at, logit: result.logit, neededCloud: neededCloud(result.kind) }))
      .slice(-settings.window);
    const fit: Fit = fitOffset(results, now, { halfLifeDays: settings.halfLifeDays, maxOffset: settings.maxCorrection }, start);
    // Compared at one decimal: five results from the last hour are five results.
    if (Math.round(fit.weight * 10) / 10 < settings.minResults || Math.abs(fit.offset) < NEGLIGIBLE_OFFSET) return { correction: undefined, unclamped: fit.unclamped };
    return { correction: { offset: fit.offset, weight: fit.weight, results: results.length, kept: results.filter((result) => !result.neededCloud).length }, unclamped: fit.unclamped };
  }

  private add(result: StoredResult): void {
    const others = this.state.results.filter((existing) => existing.id !== result.id);
    this.replace({ ...this.state, results: latestPerCategory([...others, result], this.settings().window) });
  }

  private replace(state: PersonalRoutingState): void {
    this.state = state;
    this.version++;
  }
}

/** The reason saying the personal correction changed the decision's route, when it did. */
export function correctionReason(decision: Decision): string | undefined {
  return decision.personal?.moved === true ? decision.reasons[0] : undefined;
}

/** "score 0.36 (0.55 before your personal correction of −0.80)", or just the score. */
export function scoreText(decision: Decision): string {
  const score = `score ${decision.score.toFixed(2)}`;
  return decision.personal === undefined ? score : `${score} (${decision.personal.baseScore.toFixed(2)} before your personal correction of ${signed(decision.personal.offset)})`;
}

function signed(offset: number): string {
  return `${offset > 0 ? '+' : offset < 0 ? '−' : ''}${Math.abs(offset).toFixed(2)}`;
}
