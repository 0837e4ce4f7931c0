import { isFailedOutcome, type EditorOutcome, type Ledger, type TaskLabels } from '../ledger/ledger';
import type { TaskFacts } from '../ledger/taskFacts';
import { tokensPerCl100k, type PriceTable } from '../pricing/prices';
import { countLatency, emptyHistogram, latencyAt, mergeLatencies, type LatencyHistogram } from './latencyHistogram';
import { MIN_TRIES_FOR_A_FLAG, rateText, wilsonInterval, type Interval } from './confidence';
import { addTask, chainMoves, emptySums, figuresOf, keptBaselineUsd, mergeSums, spentAtUnknownPrice, wasSent, type FigureSums, type Figures } from './figures';
import { formatCount, formatPercent } from './numbers';
import { DAY_MS, dayKey, type Period } from './period';
import { addTraffic, emptyTraffic, mergeTraffic, trafficOf, type Traffic, type TrafficSums } from './traffic';

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
  /** What its priced requests cost. */
  readonly costUsd: number;
  /** Requests that consumed tokens at no known price (a remote target without one): their cost is not in costUsd. */
  readonly costUnknownRequests: number;
}

export interface DayRow {
  readonly day: string;
  readonly tasks: number;
  readonly localTokens: number;
  readonly cloudTokens: number;
  readonly costUsd: number;
  /** The baseline of the answers kept, as in Figures. */
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
  /** The 95% interval of the failure rate: how sure the rate is. */
  readonly interval: Interval;
  /** Above the flag share (10%) over at least ten local tries: a candidate for a "route to the cloud" rule. */
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
  readonly totals: Figures & {
    /** Requests sent, retries and failed attempts included. */
    readonly requests: number;
    readonly localTokens: number;
    readonly cloudTokens: number;
  };
  readonly models: readonly ModelRow[];
  /** Where the tasks came from: per surface, and per client where the caller is known. */
  readonly traffic: Traffic;
  readonly days: readonly DayRow[];
  readonly fallbacks: {
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
  /** Categories whose local failure rate is above this share, over at least MIN_TRIES_FOR_A_FLAG tries, are flagged (0.1). */
  readonly flagShare?: number;
}


interface ModelAccumulator {
  local: boolean;
  requests: number;
  answered: number;
  latencies: LatencyHistogram;
  latencySum: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costUnknownRequests: number;
}

/** What the builder has added up so far: plain data, so that partial tallies (one per worker) can be merged. */
export interface ReportTally {
  figures: FigureSums;
  requests: number;
  localTokens: number;
  cloudTokens: number;
  models: Map<string, ModelAccumulator>;
  traffic: TrafficSums;
  days: Map<number, { tasks: number; localTokens: number; cloudTokens: number; costUsd: number; baselineUsd: number }>;
  categories: Map<string, { tasks: number; localTries: number; localFailures: number }>;
  reasons: Map<string, number>;
  compared: number;
  unnecessary: number;
  outcomes: Record<EditorOutcome, number>;
  /**
   * Per what-if threshold bucket (tasks whose prompt size falls between two thresholds): past local
   * tasks, and cloud tasks that were cloud only for their size, with their shadow verdicts.
   */
  localSizes: number[];
  sizeBound: { tasks: number; compared: number; failed: number }[];
}

function emptyTally(buckets: number): ReportTally {
  return {
    figures: emptySums(),
    requests: 0,
    localTokens: 0,
    cloudTokens: 0,
    models: new Map(),
    traffic: emptyTraffic(),
    days: new Map(),
    categories: new Map(),
    reasons: new Map(),
    compared: 0,
    unnecessary: 0,
    outcomes: { accepted: 0, rejected: 0, undone: 0, 're-asked': 0 },
    localSizes: new Array<number>(buckets).fill(0),
    sizeBound: Array.from({ length: buckets }, () => ({ tasks: 0, compared: 0, failed: 0 })),
  };
}

/** Adds `from` into `into`, entry by entry. */
function mergeTally(into: ReportTally, from: ReportTally): void {
  mergeSums(into.figures, from.figures);
  const sums = ['requests', 'localTokens', 'cloudTokens', 'compared', 'unnecessary'] as const;
  for (const key of sums) into[key] += from[key];
  for (const key of Object.keys(into.outcomes) as EditorOutcome[]) into.outcomes[key] += from.outcomes[key];
  for (const [model, entry] of from.models) {
    const target = into.models.get(model);
    if (target === undefined) into.models.set(model, entry);
    else {
      target.requests += entry.requests;
      target.answered += entry.answered;
      mergeLatencies(target.latencies, entry.latencies);
      target.latencySum += entry.latencySum;
      target.inputTokens += entry.inputTokens;
      target.outputTokens += entry.outputTokens;
      target.costUsd += entry.costUsd;
      target.costUnknownRequests += entry.costUnknownRequests;
    }
  }
  mergeTraffic(into.traffic, from.traffic);
  for (const [day, entry] of from.days) {
    const target = into.days.get(day);
    if (target === undefined) into.days.set(day, entry);
    else for (const key of Object.keys(entry) as (keyof typeof entry)[]) target[key] += entry[key];
  }
  for (const [category, entry] of from.categories) {
    const target = into.categories.get(category);
    if (target === undefined) into.categories.set(category, entry);
    else for (const key of Object.keys(entry) as (keyof typeof entry)[]) target[key] += entry[key];
  }
  for (const [reason, count] of from.reasons) into.reasons.set(reason, (into.reasons.get(reason) ?? 0) + count);
  from.localSizes.forEach((count, index) => (into.localSizes[index] += count));
  from.sizeBound.forEach((entry, index) => {
    const target = into.sizeBound[index];
    target.tasks += entry.tasks;
    target.compared += entry.compared;
    target.failed += entry.failed;
  });
}

/** Folds task facts, one at a time, into a report; memory grows with models, days, categories and the longest latencies, not with tasks. */
export class ReportBuilder {
  /** The what-if thresholds, ascending; bucket i holds sizes in (thresholds[i-1], thresholds[i]], the last bucket everything above. */
  private readonly thresholds: number[];
  private readonly tally: ReportTally;
  private readonly baselinePrices = new Map<number, { input: number; output: number } | undefined>();
  private readonly baselineFactor: number;

  constructor(
    private readonly options: ReportOptions,
    private readonly labels: TaskLabels = { outcomes: new Map(), shadows: new Map() },
  ) {
    this.baselineFactor = tokensPerCl100k(options.baselineModel);
    this.thresholds = whatIfThresholds(options.maxLocalTokens);
    this.tally = emptyTally(this.thresholds.length + 1);
  }

  add(facts: TaskFacts): void {
    const outcome = this.labels.outcomes.size === 0 ? undefined : this.labels.outcomes.get(facts.id);
    const dayIndex = Math.floor(facts.at / DAY_MS);
    let day = this.tally.days.get(dayIndex);
    if (day === undefined) {
      day = { tasks: 0, localTokens: 0, cloudTokens: 0, costUsd: 0, baselineUsd: 0 };
      this.tally.days.set(dayIndex, day);
    }
    day.tasks++;
    day.costUsd += facts.costUsd;

    const baseline = this.baselineOf(facts, dayIndex);
    addTask(this.tally.figures, facts, outcome, baseline);
    addTraffic(this.tally.traffic, facts, outcome, baseline);
    day.baselineUsd += keptBaselineUsd(facts, outcome, baseline);
    if (facts.outcome === 'editor-action') {
      this.tally.localTokens += facts.promptTokens;
      day.localTokens += facts.promptTokens;
    }

    let localTried = false;
    let localFailed = false;
    for (const attempt of facts.attempts) {
      if (!wasSent(attempt)) continue;
      this.tally.requests++;
      const tokens = attempt.inputTokens + attempt.outputTokens;
      if (attempt.local) {
        this.tally.localTokens += tokens;
        day.localTokens += tokens;
        localTried = true;
        if (attempt.outcome !== 'answered' && attempt.outcome !== 'cancelled') localFailed = true;
      } else {
        this.tally.cloudTokens += tokens;
        day.cloudTokens += tokens;
      }
      let model = this.tally.models.get(attempt.model);
      if (model === undefined) {
        model = { local: attempt.local, requests: 0, answered: 0, latencies: emptyHistogram(), latencySum: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, costUnknownRequests: 0 };
        this.tally.models.set(attempt.model, model);
      }
      model.requests++;
      if (attempt.outcome === 'answered') model.answered++;
      countLatency(model.latencies, attempt.latencyMs);
      model.latencySum += attempt.latencyMs;
      model.inputTokens += attempt.inputTokens;
      model.outputTokens += attempt.outputTokens;
      model.costUsd += attempt.costUsd ?? 0;
      if (spentAtUnknownPrice(attempt.costUsd, tokens)) model.costUnknownRequests++;
    }
    // A setback that moved the chain to another target is a fallback reason; a retry on the same one is not.
    for (const setback of chainMoves(facts.attempts)) if (setback.why !== undefined) this.tally.reasons.set(setback.why, (this.tally.reasons.get(setback.why) ?? 0) + 1);

    if (outcome !== undefined) this.tally.outcomes[outcome]++;
    if (facts.final?.local === true && isFailedOutcome(outcome)) localFailed = true;

    let category = this.tally.categories.get(facts.category);
    if (category === undefined) {
      category = { tasks: 0, localTries: 0, localFailures: 0 };
      this.tally.categories.set(facts.category, category);
    }
    category.tasks++;
    if (localTried) {
      category.localTries++;
      if (localFailed) category.localFailures++;
    }

    const shadow = this.labels.shadows.size === 0 ? undefined : this.labels.shadows.get(facts.id);
    if (shadow !== undefined && facts.final !== undefined && !facts.final.local) {
      this.tally.compared++;
      if (shadow.passed) this.tally.unnecessary++;
    }
    if (!facts.overridden && facts.outcome !== 'refused') {
      if (facts.decided === 'local') this.tally.localSizes[this.bucketOf(facts.promptTokens)]++;
      else if (facts.routeWithinLimit === 'local' && facts.promptTokens > 0) {
        const bucket = this.tally.sizeBound[this.bucketOf(facts.promptTokens)];
        bucket.tasks++;
        if (shadow !== undefined) {
          bucket.compared++;
          if (!shadow.passed) bucket.failed++;
        }
      }
    }
  }

  /** The sums so far, to hand to another builder (a worker's share of the ledger). */
  tallySoFar(): ReportTally {
    return this.tally;
  }

  merge(tally: ReportTally): void {
    mergeTally(this.tally, tally);
  }

  build(problems = 0): LedgerReport {
    const { period } = this.options;
    const flagShare = this.options.flagShare ?? 0.1;
    const categories = [...this.tally.categories.entries()]
      .map(([category, entry]) => {
        const failureRate = entry.localTries === 0 ? 0 : entry.localFailures / entry.localTries;
        const routedTo = this.options.categoryRoutes?.[category];
        const flagged = entry.localTries >= MIN_TRIES_FOR_A_FLAG && failureRate > flagShare;
        return { category, ...entry, failureRate, interval: wilsonInterval(entry.localFailures, entry.localTries), flagged, ...(routedTo === undefined ? {} : { routedTo }) };
      })
      .sort((a, b) => b.failureRate - a.failureRate || b.tasks - a.tasks);
    const whatIf = this.whatIf();
    return {
      period: { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label },
      baselineModel: this.options.baselineModel,
      totals: {
        ...figuresOf(this.tally.figures),
        requests: this.tally.requests,
        localTokens: this.tally.localTokens,
        cloudTokens: this.tally.cloudTokens,
      },
      models: [...this.tally.models.entries()]
        .map(([model, entry]) => ({
          model,
          local: entry.local,
          requests: entry.requests,
          answered: entry.answered,
          avgLatencyMs: entry.requests === 0 ? 0 : entry.latencySum / entry.requests,
          p50LatencyMs: latencyAt(entry.latencies, entry.requests, 0.5),
          p95LatencyMs: latencyAt(entry.latencies, entry.requests, 0.95),
          inputTokens: entry.inputTokens,
          outputTokens: entry.outputTokens,
          costUsd: entry.costUsd,
          costUnknownRequests: entry.costUnknownRequests,
        }))
        .sort((a, b) => b.requests - a.requests),
      traffic: trafficOf(this.tally.traffic),
      days: this.dayRows(),
      fallbacks: {
        unnecessary: this.tally.unnecessary,
        compared: this.tally.compared,
        reasons: [...this.tally.reasons.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
      },
      categories,
      outcomes: { ...this.tally.outcomes },
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
      const entry = this.tally.days.get(index) ?? { tasks: 0, localTokens: 0, cloudTokens: 0, costUsd: 0, baselineUsd: 0 };
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
    const { localSizes, sizeBound } = this.tally;
    const steps = this.thresholds.map((threshold, index) => {
      // Local tasks larger than the threshold would have gone to the cloud; size-bound cloud tasks up to it would have stayed local.
      let toCloud = 0;
      for (let bucket = index + 1; bucket < localSizes.length; bucket++) toCloud += localSizes[bucket];
      let toLocal = 0;
      let compared = 0;
      let comparedFailed = 0;
      for (let bucket = 0; bucket <= index; bucket++) {
        toLocal += sizeBound[bucket].tasks;
        compared += sizeBound[bucket].compared;
        comparedFailed += sizeBound[bucket].failed;
      }
      return { threshold, toCloud, toLocal, compared, comparedFailed };
    });
    return { current: this.options.maxLocalTokens, steps };
  }

  /** The bucket of a prompt size: the first threshold it does not exceed. */
  private bucketOf(tokens: number): number {
    let low = 0;
    let high = this.thresholds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.thresholds[middle] < tokens) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private suggestions(whatIf: LedgerReport['whatIf'], categories: readonly CategoryRow[]): ThresholdSuggestion[] {
    const suggestions: ThresholdSuggestion[] = [];
    const total = this.tally.figures.tasks;
    const candidates = whatIf.steps.filter((step) => step.threshold > whatIf.current && step.toLocal > 0 && step.compared >= MIN_TRIES_FOR_A_FLAG && step.comparedFailed / step.compared <= 0.1);
    const best = candidates.at(-1);
    if (best !== undefined && total > 0) {
      suggestions.push({
        title: `Raise the local token threshold from ${formatCount(whatIf.current)} to ${formatCount(best.threshold)}`,
        detail: `${formatPercent(best.toLocal / total)} more tasks local (${formatCount(best.toLocal)}); in background comparisons their local answers failed ${rateText(best.comparedFailed, best.compared, 'times')}.`,
        setting: { key: 'llmRouter.classifier.maxLocalTokens', value: best.threshold },
      });
    }
    for (const category of categories) {
      if (!category.flagged || category.routedTo === 'cloud') continue;
      suggestions.push({
        title: `Route ${category.category} tasks to the cloud`,
        detail: `Local answers to ${category.category} tasks failed a check or were undone, rejected or asked again for: ${rateText(category.localFailures, category.localTries, 'failed')}.`,
        setting: { key: 'llmRouter.categoryRoutes', value: { ...this.options.categoryRoutes, [category.category]: 'cloud' } },
      });
    }
    return suggestions;
  }
}

/** A builder holding the period's tally, to build the report from and to add later tasks to. */
export interface TalliedPeriod {
  readonly builder: ReportBuilder;
  /** Ledger lines that could not be read. */
  readonly problems: number;
}

/** Reads the period's facts and labels from the ledger into a builder. */
export async function tallyLedger(ledger: Ledger, options: ReportOptions): Promise<TalliedPeriod> {
  const labels = await ledger.labels(options.period.from, options.period.to);
  const builder = new ReportBuilder(options, labels);
  const problems = await ledger.scan(options.period.from, options.period.to, (facts) => builder.add(facts));
  return { builder, problems: problems.length };
}

/** Reads the period's facts and labels from the ledger and builds the report. */
export async function buildReport(ledger: Ledger, options: ReportOptions): Promise<LedgerReport> {
  const { builder, problems } = await tallyLedger(ledger, options);
  return builder.build(problems);
}

/** The what-if slider's thresholds: every 500 tokens to 8,000, every 2,000 beyond, and the current setting. */
function whatIfThresholds(current: number): number[] {
  const thresholds = new Set<number>([current]);
  for (let threshold = 500; threshold <= Math.max(16_000, current * 2); threshold += threshold < 8_000 ? 500 : 2_000) thresholds.add(threshold);
  return [...thresholds].sort((a, b) => a - b);
}
