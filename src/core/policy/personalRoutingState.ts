/** How a result turned out: the local answer kept or not, or a background comparison passed or lost. */
export type ResultKind = 'kept' | 'accepted' | 'failed' | 'undone' | 'rejected' | 're-asked' | 'passed' | 'lost';

/** One result of adaptive routing, as kept and stored: no prompt, no code, no path. */
export interface StoredResult {
  /** The task's id (a comparison's ends in `#shadow`). */
  readonly id: string;
  readonly category: string;
  readonly at: number;
  /** The classifier's own log-odds that the task needed the cloud. */
  readonly logit: number;
  readonly kind: ResultKind;
}

/** What adaptive routing keeps between sessions (the file `personal-routing.json` in the ledger folder). */
export interface PersonalRoutingState {
  /** Results before this time were forgotten by Reset Personal Routing (in any window). */
  readonly resetAt: number;
  readonly results: readonly StoredResult[];
}

/** Where the state is kept: a port, so that the core reads and writes no file itself. */
export interface PersonalRoutingStore {
  read(): Promise<string | undefined>;
  /** Replaces the stored text as a whole. */
  write(text: string): Promise<void>;
}

const VERSION = 1;
const KINDS: ReadonlySet<string> = new Set<ResultKind>(['kept', 'accepted', 'failed', 'undone', 'rejected', 're-asked', 'passed', 'lost']);

export const EMPTY_STATE: PersonalRoutingState = { resetAt: 0, results: [] };

export function neededCloud(kind: ResultKind): boolean {
  return kind !== 'kept' && kind !== 'accepted' && kind !== 'passed';
}

export function serializeState(state: PersonalRoutingState): string {
  return `${JSON.stringify({ v: VERSION, resetAt: state.resetAt, results: state.results.map((result) => [result.id, result.category, result.at, Math.round(result.logit * 10_000) / 10_000, result.kind]) })}\n`;
}

/** The stored state, or the empty one when the text is missing or not one this version wrote (a bad file never stops routing). */
export function parseState(text: string | undefined): PersonalRoutingState {
  if (text === undefined) return EMPTY_STATE;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return EMPTY_STATE;
  }
  const candidate = value as { v?: unknown; resetAt?: unknown; results?: unknown };
  if (typeof value !== 'object' || value === null || candidate.v !== VERSION || !Array.isArray(candidate.results)) return EMPTY_STATE;
  const results: StoredResult[] = [];
  for (const row of candidate.results as unknown[]) {
    if (!Array.isArray(row)) continue;
    const [id, category, at, logit, kind] = row as unknown[];
    if (typeof id === 'string' && typeof category === 'string' && typeof at === 'number' && typeof logit === 'number' && Number.isFinite(logit) && typeof kind === 'string' && KINDS.has(kind)) {
      results.push({ id, category, at, logit, kind: kind as ResultKind });
    }
  }
  return { resetAt: typeof candidate.resetAt === 'number' ? candidate.resetAt : 0, results };
}

/**
 * Two windows' states as one: the later reset wins, and for a task both know, `mine` (this
 * window ran it, so it saw its outcome). Each category keeps its latest `window` results.
 */
export function mergeStates(mine: PersonalRoutingState, theirs: PersonalRoutingState, window: number): PersonalRoutingState {
  const resetAt = Math.max(mine.resetAt, theirs.resetAt);
  const byId = new Map<string, StoredResult>();
  for (const result of [...theirs.results, ...mine.results]) if (result.at >= resetAt) byId.set(result.id, result);
  return { resetAt, results: latestPerCategory([...byId.values()], window) };
}

/** Each category's latest `window` results, oldest first. */
export function latestPerCategory(results: readonly StoredResult[], window: number): StoredResult[] {
  const sorted = [...results].sort((a, b) => a.at - b.at);
  const seen = new Map<string, number>();
  const kept: StoredResult[] = [];
  for (let index = sorted.length - 1; index >= 0; index--) {
    const result = sorted[index];
    const count = seen.get(result.category) ?? 0;
    if (count >= window) continue;
    seen.set(result.category, count + 1);
    kept.push(result);
  }
  return kept.reverse();
}
