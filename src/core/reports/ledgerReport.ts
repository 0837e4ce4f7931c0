import type { EditorOutcome, Ledger, TaskLabels } from '../ledger/ledger';
import type { TaskFacts } from '../ledger/taskFacts';
import { tokensPerCl100k, type PriceTable } from '../pricing/prices';
import { formatCount, formatPercent } from './numbers';
import { dayKey, type Period } from './period';

export interface ModelRow {
  readonly model: string;
  readonly local: boolean;
  /** Requests sent, retries and failed attempts included. */
  readonly requests: number;
  readonly answered: number;
  readonly avgLatencyMs: number;
  readonly p50LatencyMs: number;
  readonly p95LatencyMs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

export interface DayRow {
  readonly day: string;
  readonly tasks: number;
  readonly localTokens: number;
  readonly cloudTokens: number;
  readonly costUsd: number;
  readonly baselineUsd: number;
}

export interface CategoryRow {
  readonly category: string;
  readonly tasks: number;
  /** Tasks a local model was tried on. */
  readonly localTries: number;
  /** Of those, tasks where the local answer failed (error, timeout, gate) or the user rejected, undid or re-asked it. */
  readonly localFailures: number;
  readonly failureRate: number;
  /** Above the flag share (10%): a candidate for a "route to the cloud" rule. */
  readonly flagged: boolean;
  readonly routedTo?: 'local' | 'cloud';
}

export interface WhatIfStep {
  readonly threshold: number;
  /** Past local tasks that a lower threshold would have sent to the cloud. */
  readonly toCloud: number;
  /** Past cloud tasks, cloud only for their size, that a higher threshold would have kept local. */
  readonly toLocal: number;
  /** Shadow comparisons among the tasks that would move to local, and how many of those local answers failed. */
  readonly compared: number;
  readonly comparedFailed: number;
}

export interface ThresholdSuggestion {
  readonly title: string;
  readonly detail: string;
  readonly setting: { readonly key: string; readonly value: unknown };
}

export interface LedgerReport {
  readonly period: { readonly from: string; readonly to: string; readonly label: string };
  readonly baselineModel: string;
  readonly totals: {
    readonly tasks: number;
    readonly answered: number;
    readonly failed: number;
    readonly refused: number;
    readonly cancelled: number;
    readonly editorActions: number;
    readonly answeredLocally: number;
    /** Answered locally (or by the editor itself) as a share of everything answered, 0–1. */
    readonly localShare: number;
    readonly requests: number;
    readonly localTokens: number;
    readonly cloudTokens: number;
    readonly costUsd: number;
    readonly baselineUsd: number;
    readonly savedUsd: number;
    readonly savedShare: number;
  };
  readonly models: readonly ModelRow[];
  readonly days: readonly DayRow[];
  readonly fallbacks: {
    /** Tasks where the chain moved on from its first target. */
    readonly triggered: number;
    /** Cloud-answered tasks whose local answer, run in the background, passed the same gates. */
    readonly unnecessary: number;
    /** Cloud-answered tasks with a background local comparison. */
    readonly compared: number;
    readonly reasons: readonly { readonly reason: string; readonly count: number }[];
  };
  readonly categories: readonly CategoryRow[];
  readonly outcomes: Readonly<Record<EditorOutcome, number>>;
  readonly whatIf: { readonly current: number; readonly steps: readonly WhatIfStep[] };
  readonly suggestions: readonly ThresholdSuggestion[];
  /** Ledger lines that could not be read. */
  readonly problems: number;
}

export interface ReportOptions {
  readonly period: Period;
  readonly baselineModel: string;
  readonly prices: PriceTable;
  /** The current local token limit (llmRouter.classifier.maxLocalTokens). */
  readonly maxLocalTokens: number;
  readonly categoryRoutes?: Readonly<Record<string, 'local' | 'cloud'>>;
  /** Categories whose local failure rate is above this share are flagged (0.1). */
  readonly flagShare?: number;
}

const DAY_MS = 86_400_000;
const FAILED_OUTCOMES: ReadonlySet<EditorOutcome | undefined> = new Set<EditorOutcome | undefined>(['rejected', 'undone', 're-asked']);
const MIN_COMPARED_FOR_SUGGESTION = 3;

interface ModelAccumulator {
  local: boolean;
  requests: number;
  answered: number;
  latencies: number[];
  latencySum: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Folds task facts, one at a time, into a report; memory grows with models, days and categories, not with tasks (latencies aside). */
export class ReportBuilder {
  private tasks = 0;
  private readonly counts = { answered: 0, failed: 0, refused: 0, cancelled: 0, 'editor-action': 0 };
  private answeredLocally = 0;
  private requests = 0;
  private localTokens = 0;
  private cloudTokens = 0;
  private costUsd = 0;
  private baselineUsd = 0;
  private costOfBaselined = 0;
  private readonly models = new Map<string, ModelAccumulator>();
  private readonly days = new Map<number, { tasks: number; localTokens: number; cloudTokens: number; costUsd: number; baselineUsd: number }>();
  private readonly categories = new Map<string, { tasks: number; localTries: number; localFailures: number }>();
  private readonly reasons = new Map<string, number>();
  private triggered = 0;
  private compared = 0;
  private unnecessary = 0;
  private readonly outcomes: Record<EditorOutcome, number> = { accepted: 0, rejected: 0, undone: 0, 're-asked': 0 };
  /** Prompt sizes of past local tasks, and of cloud tasks that were cloud only for their size (with any shadow verdict). */
  private readonly localSizes: number[] = [];
  private readonly sizeBoundCloud: { tokens: number; shadowPassed?: boolean }[] = [];
  private readonly baselinePrices = new Map<number, { input: number; output: number } | undefined>();
  private readonly baselineFactor: number;

  constructor(
    private readonly options: ReportOptions,
    private readonly labels: TaskLabels = { outcomes: new Map(), shadows: new Map() },
  ) {
    this.baselineFactor = tokensPerCl100k(options.baselineModel);
  }

  add(facts: TaskFacts): void {
    this.tasks++;
    this.counts[facts.outcome]++;
    const local = facts.final?.local === true || facts.outcome === 'editor-action';
    if (local) this.answeredLocally++;
    this.costUsd += facts.costUsd;
    const dayIndex = Math.floor(facts.at / DAY_MS);
    let day = this.days.get(dayIndex);
    if (day === undefined) {
      day = { tasks: 0, localTokens: 0, cloudTokens: 0, costUsd: 0, baselineUsd: 0 };
      this.days.set(dayIndex, day);
    }
    day.tasks++;
    day.costUsd += facts.costUsd;

    const baseline = this.baselineOf(facts, dayIndex);
    if (baseline !== undefined) {
      this.baselineUsd += baseline;
      this.costOfBaselined += facts.costUsd;
      day.baselineUsd += baseline;
    }
    if (facts.outcome === 'editor-action') {
      this.localTokens += facts.promptTokens;
      day.localTokens += facts.promptTokens;
    }

    let localTried = false;
    let localFailed = false;
    let movedOn = false;
    const attempts = facts.attempts;
    for (let index = 0; index < attempts.length; index++) {
      const attempt = attempts[index];
      this.requests++;
      if (attempt.targetId !== attempts[0].targetId) movedOn = true;
      const tokens = attempt.inputTokens + attempt.outputTokens;
      if (attempt.local) {
        this.localTokens += tokens;
        day.localTokens += tokens;
        localTried = true;
        if (attempt.outcome !== 'answered' && attempt.outcome !== 'cancelled') localFailed = true;
      } else {
        this.cloudTokens += tokens;
        day.cloudTokens += tokens;
      }
      let model = this.models.get(attempt.model);
      if (model === undefined) {
        model = { local: attempt.local, requests: 0, answered: 0, latencies: [], latencySum: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
        this.models.set(attempt.model, model);
      }
      model.requests++;
      if (attempt.outcome === 'answered') model.answered++;
      model.latencies.push(attempt.latencyMs);
      model.latencySum += attempt.latencyMs;
      model.inputTokens += attempt.inputTokens;
      model.outputTokens += attempt.outputTokens;
      model.costUsd += attempt.costUsd ?? 0;
      // A setback that moved the chain to another target is a fallback reason; a retry on the same one is not.
      const next = attempts[index + 1];
      if (attempt.why !== undefined && next !== undefined && next.targetId !== attempt.targetId) this.reasons.set(attempt.why, (this.reasons.get(attempt.why) ?? 0) + 1);
    }
    if (movedOn) this.triggered++;

    const outcome = this.labels.outcomes.get(facts.id);
    if (outcome !== undefined) this.outcomes[outcome]++;
    if (facts.final?.local === true && FAILED_OUTCOMES.has(outcome)) localFailed = true;

    let category = this.categories.get(facts.category);
    if (category === undefined) {
      category = { tasks: 0, localTries: 0, localFailures: 0 };
      this.categories.set(facts.category, category);
    }
    category.tasks++;
    if (localTried) {
      category.localTries++;
      if (localFailed) category.localFailures++;
    }

    const shadow = this.labels.shadows.get(facts.id);
    if (shadow !== undefined && facts.final !== undefined && !facts.final.local) {
      this.compared++;
      if (shadow.passed) this.unnecessary++;
    }
    if (!facts.overridden && facts.outcome !== 'refused') {
      if (facts.decided === 'local') this.localSizes.push(facts.promptTokens);
      else if (facts.routeWithinLimit === 'local' && facts.promptTokens > 0) this.sizeBoundCloud.push({ tokens: facts.promptTokens, ...(shadow === undefined ? {} : { shadowPassed: shadow.passed }) });
    }
  }

  build(problems = 0): LedgerReport {
    const { period } = this.options;
    const answered = this.counts.answered + this.counts['editor-action'];
    const savedUsd = this.baselineUsd - this.costOfBaselined;
    const flagShare = this.options.flagShare ?? 0.1;
    const categories = [...this.categories.entries()]
      .map(([category, entry]) => {
        const failureRate = entry.localTries === 0 ? 0 : entry.localFailures / entry.localTries;
        const routedTo = this.options.categoryRoutes?.[category];
        return { category, ...entry, failureRate, flagged: failureRate > flagShare, ...(routedTo === undefined ? {} : { routedTo }) };
      })
      .sort((a, b) => b.failureRate - a.failureRate || b.tasks - a.tasks);
    const whatIf = this.whatIf();
    return {
      period: { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label },
      baselineModel: this.options.baselineModel,
      totals: {
        tasks: this.tasks,
        answered: this.counts.answered,
        failed: this.counts.failed,
        refused: this.counts.refused,
        cancelled: this.counts.cancelled,
        editorActions: this.counts['editor-action'],
        answeredLocally: this.answeredLocally,
        localShare: answered === 0 ? 0 : this.answeredLocally / answered,
        requests: this.requests,
        localTokens: this.localTokens,
        cloudTokens: this.cloudTokens,
        costUsd: this.costUsd,
        baselineUsd: this.baselineUsd,
        savedUsd,
        savedShare: this.baselineUsd > 0 ? savedUsd / this.baselineUsd : 0,
      },
      models: [...this.models.entries()]
        .map(([model, entry]) => {
          const sorted = Float64Array.from(entry.latencies).sort();
          return {
            model,
            local: entry.local,
            requests: entry.requests,
            answered: entry.answered,
            avgLatencyMs: entry.requests === 0 ? 0 : entry.latencySum / entry.requests,
            p50LatencyMs: percentile(sorted, 0.5),
            p95LatencyMs: percentile(sorted, 0.95),
            inputTokens: entry.inputTokens,
            outputTokens: entry.outputTokens,
            costUsd: entry.costUsd,
          };
        })
        .sort((a, b) => b.requests - a.requests),
      days: this.dayRows(),
      fallbacks: {
        triggered: this.triggered,
        unnecessary: this.unnecessary,
        compared: this.compared,
        reasons: [...this.reasons.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
      },
      categories,
      outcomes: { ...this.outcomes },
      whatIf,
      suggestions: this.suggestions(whatIf, categories),
      problems,
    };
  }

  /** Every day of the period, empty days included, so charts have no gaps. */
  private dayRows(): DayRow[] {
    const { from, to } = this.options.period;
    const rows: DayRow[] = [];
    for (let index = Math.floor(from.getTime() / DAY_MS); index * DAY_MS < to.getTime(); index++) {
      const entry = this.days.get(index) ?? { tasks: 0, localTokens: 0, cloudTokens: 0, costUsd: 0, baselineUsd: 0 };
      rows.push({ day: dayKey(index * DAY_MS), ...entry });
    }
    return rows;
  }

  /** What the task would have cost on the baseline model, priced at the day it ran. */
  private baselineOf(facts: TaskFacts, dayIndex: number): number | undefined {
    if (facts.outcome !== 'answered' && facts.outcome !== 'editor-action') return undefined;
    if (facts.answerTokens === undefined) return facts.baselineModel === undefined || facts.baselineModel === this.options.baselineModel ? facts.baselineCostUsd : undefined;
    let price = this.baselinePrices.get(dayIndex);
    if (!this.baselinePrices.has(dayIndex)) {
      price = this.options.prices.priceOf(this.options.baselineModel, dayKey(dayIndex * DAY_MS));
      this.baselinePrices.set(dayIndex, price);
    }
    if (price === undefined) return undefined;
    const input = Math.round(facts.promptTokens * this.baselineFactor);
    const output = Math.round(facts.answerTokens * this.baselineFactor);
    if (input > 100_000) return this.options.prices.baselineCost(this.options.baselineModel, facts.promptTokens, facts.answerTokens, dayKey(dayIndex * DAY_MS));
    return (input * price.input + output * price.output) / 1_000_000;
  }

  private whatIf(): LedgerReport['whatIf'] {
    const current = this.options.maxLocalTokens;
    const local = Float64Array.from(this.localSizes).sort();
    const sizeBound = [...this.sizeBoundCloud].sort((a, b) => a.tokens - b.tokens);
    const thresholds = new Set<number>([current]);
    for (let threshold = 500; threshold <= Math.max(16_000, current * 2); threshold += threshold < 8_000 ? 500 : 2_000) thresholds.add(threshold);
    const steps = [...thresholds]
      .sort((a, b) => a - b)
      .map((threshold) => {
        const toCloud = local.length - upperBound(local, threshold);
        let toLocal = 0;
        let compared = 0;
        let comparedFailed = 0;
        for (const entry of sizeBound) {
          if (entry.tokens > threshold) break;
          toLocal++;
          if (entry.shadowPassed !== undefined) {
            compared++;
            if (!entry.shadowPassed) comparedFailed++;
          }
        }
        return { threshold, toCloud, toLocal, compared, comparedFailed };
      });
    return { current, steps };
  }

  private suggestions(whatIf: LedgerReport['whatIf'], categories: readonly CategoryRow[]): ThresholdSuggestion[] {
    const suggestions: ThresholdSuggestion[] = [];
    const total = this.tasks;
    const candidates = whatIf.steps.filter((step) => step.threshold > whatIf.current && step.toLocal > 0 && step.compared >= MIN_COMPARED_FOR_SUGGESTION && step.comparedFailed / step.compared <= 0.1);
    const best = candidates.at(-1);
    if (best !== undefined && total > 0) {
      suggestions.push({
        title: `Raise the local token threshold from ${formatCount(whatIf.current)} to ${formatCount(best.threshold)}`,
        detail: `${formatPercent(best.toLocal / total)} more tasks local (${formatCount(best.toLocal)}); observed local failure rate for them ${formatPercent(best.comparedFailed / best.compared)} (${formatCount(best.compared)} compared in the background).`,
        setting: { key: 'llmRouter.classifier.maxLocalTokens', value: best.threshold },
      });
    }
    for (const category of categories) {
      if (!category.flagged || category.routedTo === 'cloud') continue;
      suggestions.push({
        title: `Route ${category.category} tasks to the cloud`,
        detail: `Local answers failed or were undone on ${formatCount(category.localFailures)} of ${formatCount(category.localTries)} ${category.category} tasks (${formatPercent(category.failureRate)}).`,
        setting: { key: 'llmRouter.categoryRoutes', value: { ...this.options.categoryRoutes, [category.category]: 'cloud' } },
      });
    }
    return suggestions;
  }
}

/** Reads the period's facts and labels from the ledger and builds the report. */
export async function buildReport(ledger: Ledger, options: ReportOptions): Promise<LedgerReport> {
  const labels = await ledger.labels(options.period.from, options.period.to);
  const builder = new ReportBuilder(options, labels);
  const problems = await ledger.scan(options.period.from, options.period.to, (facts) => builder.add(facts));
  return builder.build(problems.length);
}

function percentile(sorted: Float64Array, share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? 0;
}

/** How many values are ≤ `value` in a sorted array. */
function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
