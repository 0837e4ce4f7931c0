import type { Decision, Route, Task } from '../task';
import { codeSignals, DEEP_NESTING_LEVELS, DEEP_NESTING_WEIGHT, LONG_SELECTION_LINES, LONG_SELECTION_WEIGHT, nestingDepth } from './codeSignals';
import { instructionSignals, TOPIC_CAP, type SignalKind } from './instructionSignals';

export interface ClassifierOptions {
  /** Prompts above this many tokens go to the cloud: a local model's context would cut them. */
  readonly maxLocalTokens: number;
  /** The user's fixed route for a category (a setting); wins over the signals. */
  readonly categoryRoutes?: Readonly<Record<string, Route>>;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = { maxLocalTokens: 4000 };

/** How much of a selection over the local limit the code signals look at. */
const LONG_PROMPT_SIGNAL_CHARS = 65_536;

/** Terse fix requests are mechanical only on a selection this small. */
const TERSE_FIX_MAX_LINES = 40;

interface Evidence {
  readonly category: string;
  readonly kind: SignalKind | 'code' | 'size';
  readonly weight: number;
  readonly sentence: string;
}

/**
 * Decides whether a task needs reasoning (cloud) or is mechanical work a local model does well.
 * Pure and synchronous: the caller counts the prompt's tokens (see tokenCounter.ts).
 */
export function classify(task: Task, promptTokens: number, options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS): Decision {
  const lineCount = task.code === '' ? 0 : countLines(task.code);
  const tooLong = promptTokens > options.maxLocalTokens;
  // Past the local limit the route is settled: the code signals read only the start of a huge selection.
  const signalCode = tooLong && task.code.length > LONG_PROMPT_SIGNAL_CHARS ? task.code.slice(0, LONG_PROMPT_SIGNAL_CHARS) : task.code;
  const evidence = [
    ...instructionEvidence(task.instruction, lineCount),
    ...codeEvidence(signalCode, lineCount),
    ...diagnosticEvidence(task, evidenceMentionsFix(task.instruction)),
    ...outputEvidence(task),
  ];

  const logOdds = combine(evidence);
  let score = 1 / (1 + Math.exp(-logOdds));
  const reasons = evidence
    .slice()
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .map((item) => `${item.sentence} → ${item.weight < 0 ? 'local' : 'cloud'}`);

  if (tooLong) {
    score = Math.max(score, 0.9);
    reasons.unshift(
      `The prompt is ${formatCount(promptTokens)} tokens, over the local limit of ${formatCount(options.maxLocalTokens)}: a local model's context window would cut it → cloud`,
    );
  } else {
    reasons.push(`The prompt is ${formatCount(promptTokens)} tokens, within the local limit of ${formatCount(options.maxLocalTokens)}`);
  }
  if (evidence.length === 0) {
    reasons.unshift('No mechanical task and no reasoning request was recognised; unclear work goes to the cloud → cloud');
  }

  const signalled: Route = score >= 0.5 ? 'cloud' : 'local';
  const routeWithinLimit: Route = logOdds >= 0 ? 'cloud' : 'local';
  const category = tooLong ? 'long-context' : categoryOf(evidence, signalled);
  const override = explicitRoute(task, category, options);
  if (override !== undefined && override.route !== signalled) {
    reasons.unshift(`${override.by} chose ${override.route === 'local' ? 'the local model' : 'the cloud'}; the signals alone said ${signalled} → ${override.route}`);
  } else if (override !== undefined) {
    reasons.unshift(`${override.by} chose ${override.route === 'local' ? 'the local model' : 'the cloud'}, as the signals did → ${override.route}`);
  }
  return {
    route: override?.route ?? signalled,
    category,
    score: Math.round(score * 1000) / 1000,
    reasons,
    promptTokens,
    ...(override === undefined ? {} : { overriddenBy: override.by }),
    routeWithinLimit,
  };
}

function explicitRoute(task: Task, category: string, options: ClassifierOptions): { route: Route; by: string } | undefined {
  if (task.override !== undefined) return { route: task.override, by: `You (/${task.override})` };
  const fromSetting = options.categoryRoutes?.[category];
  if (fromSetting !== undefined) return { route: fromSetting, by: `Your setting for ${category} tasks` };
  return undefined;
}

const FIX_REQUEST = /\b(fix|repair|resolve|correct)\b|arregl|corrig|behebe|修复|修正|直して/i;

function evidenceMentionsFix(instruction: string): boolean {
  return FIX_REQUEST.test(instruction);
}

/** Errors the editor already pinpoints are mechanical to fix; a selection full of them is not. */
function diagnosticEvidence(task: Task, asksForFix: boolean): Evidence[] {
  const errors = task.diagnostics?.filter((diagnostic) => diagnostic.severity === 'error') ?? [];
  if (errors.length === 0) return [];
  const first = `“${excerpt(errors[0].message)}”`;
  if (errors.length >= MANY_DIAGNOSTICS) {
    return [{ category: 'debug', kind: 'code', weight: 0.75, sentence: `The editor reports ${errors.length} errors on the selection (${first}…), too many interacting problems for a small model` }];
  }
  if (!asksForFix) return [];
  return [{ category: 'debug', kind: 'code', weight: -1, sentence: `The editor pinpoints the error${errors.length > 1 ? 's' : ''} to fix (${first})` }];
}

const MANY_DIAGNOSTICS = 4;

/** An answer with a checkable shape (JSON to a schema) is work a local model does and a gate verifies. */
function outputEvidence(task: Task): Evidence[] {
  if (task.responseSchema === undefined) return [];
  return [{ category: 'extract-data', kind: 'code', weight: -1, sentence: 'The answer must be JSON matching a given schema, which is checked before it is used' }];
}

/** One case-insensitive regex per signal: a handful of calls per task instead of one per pattern. */
const compiledInstructionSignals = instructionSignals.map((signal) => ({
  ...signal,
  pattern: new RegExp(signal.patterns.map((pattern) => `(?:${pattern.source})`).join('|'), 'i'),
}));

function instructionEvidence(instruction: string, lineCount: number): Evidence[] {
  const found: Evidence[] = [];
  for (const signal of compiledInstructionSignals) {
    const match = signal.pattern.exec(instruction)?.[0];
    if (match === undefined) continue;
    if (signal.kind === 'task' && signal.category === 'debug' && lineCount > TERSE_FIX_MAX_LINES) continue;
    found.push({
      category: signal.category,
      kind: signal.kind,
      weight: signal.weight,
      sentence: `The instruction ${signal.meaning} (“${excerpt(match)}”)`,
    });
  }
  return found;
}

function codeEvidence(code: string, lineCount: number): Evidence[] {
  const found: Evidence[] = [];
  if (code === '') return found;
  for (const signal of codeSignals) {
    const match = signal.pattern.exec(code);
    if (match === null) continue;
    found.push({ category: signal.category, kind: 'code', weight: signal.weight, sentence: `The code ${signal.meaning} (“${excerpt(match[0])}”)` });
  }
  const depth = nestingDepth(code);
  if (depth >= DEEP_NESTING_LEVELS) {
    found.push({ category: 'complex-control-flow', kind: 'code', weight: DEEP_NESTING_WEIGHT, sentence: `The code nests ${depth} levels deep` });
  }
  if (lineCount > LONG_SELECTION_LINES) {
    found.push({
      category: 'long-context',
      kind: 'size',
      weight: LONG_SELECTION_WEIGHT,
      sentence: `The selection has ${formatCount(lineCount)} lines, more interacting parts than a small model tracks well`,
    });
  }
  return found;
}

/**
 * Mechanical tasks do not add up (two verbs are not more mechanical than one), reasoning
 * requests do, and hard topics add up only to a cap so they never outvote a task alone.
 */
function combine(evidence: readonly Evidence[]): number {
  let strongestTask = 0;
  let topics = 0;
  let rest = 0;
  for (const item of evidence) {
    if (item.kind === 'task') strongestTask = Math.min(strongestTask, item.weight);
    else if (item.kind === 'topic') topics += item.weight;
    else rest += item.weight;
  }
  return strongestTask + Math.min(topics, TOPIC_CAP) + rest;
}

function categoryOf(evidence: readonly Evidence[], route: Route): string {
  let best: Evidence | undefined;
  for (const item of evidence) {
    const leansRoute = route === 'cloud' ? item.weight > 0 : item.weight < 0;
    if (leansRoute && (best === undefined || Math.abs(item.weight) > Math.abs(best.weight))) best = item;
  }
  return best?.category ?? 'general';
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/** 12345 → "12,345" (toLocaleString costs more than the rest of a decision). */
function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
