import type { Plan } from '../policy/planRoute';
import { isLocal, type Target } from '../providers/types';
import { toolResultText } from '../conversation/toolResultText';
import type { Request } from '../conversation/types';
import type { RoutingView } from '../conversation/routingView';
import type { Decision } from '../task';

/** What the stickiness needs of the engine to keep a tool loop where it is, or move it up. */
export interface StickinessContext {
  /** The target as configured now (a remembered one may carry a context sized for a shorter prompt). */
  readonly resolve: (id: string) => Target | undefined;
  readonly localPaused: boolean;
  /** The classifier's view of a failure a tool reported, read after the turn's instruction. */
  readonly judgeFailure: (content: string) => Decision;
}

/** Failed tool results in one user turn past which the local model is not given another try. */
const FAILURES_BEFORE_MOVING_UP = 2;

/** Where a conversation's last request ended, and where its latest user turn began. */
interface Remembered {
  readonly userTurnIndex: number;
  readonly turnCount: number;
  readonly target: Pick<Target, 'id' | 'model'>;
  readonly local: boolean;
  /** Why the last request left the target it started on, when it did. */
  readonly movedBecause?: string;
}

const MAX_CONVERSATIONS = 500;

/**
 * Keeps one conversation on one route: within one user turn (a tool loop: call, result, call…)
 * the chain may only move up from where the last request ended, never back down without anyone
 * noticing; a new user turn is decided afresh, and the notes say when the route moved.
 */
export class ConversationStickiness {
  private readonly memory = new Map<string, Remembered>();

  /**
   * The plan for the next request of the conversation. A tool loop that began on a local model
   * stays there while its tool results go well (the classifier reading a file the model fetched
   * is no reason to move); it moves up when the whole prompt outgrows the local window (checked
   * afterwards), when a failed tool result needs reasoning, or after repeated failures.
   */
  adjust(key: string, request: Request, view: RoutingView, plan: Plan, context: StickinessContext): Plan {
    const previous = this.memory.get(key);
    const first = plan.chain[0];
    const userTurnIndex = view.userTurnIndex;
    if (previous === undefined || first === undefined || plan.refusal !== undefined) return plan;
    const sameUserTurn = previous.userTurnIndex === userTurnIndex && request.turns.length > previous.turnCount;
    if (!sameUserTurn) {
      if (first.id === previous.target.id) return plan;
      return { ...plan, notes: [...plan.notes, `The conversation moved from ${previous.target.model} to ${first.model} with this new message: ${plan.decision.reasons[0] ?? 'the new request was routed afresh'}.`] };
    }
    const at = plan.chain.findIndex((target) => target.id === previous.target.id);
    const why = previous.movedBecause === undefined ? '' : ` (it moved there because ${previous.movedBecause})`;
    if (previous.local) {
      const failure = failureEscalation(view, previous.turnCount, context.judgeFailure);
      const upward = plan.chain.filter((target) => !isLocal(target));
      if (failure !== undefined && upward.length > 0) {
        return { ...plan, route: 'cloud', chain: upward, notes: [...plan.notes, `Moves up from ${previous.target.model} within this user turn: ${failure}.`] };
      }
      if (failure !== undefined || at === 0) return plan;
    }
    if (at > 0) {
      return { ...plan, chain: plan.chain.slice(at), notes: [...plan.notes, `Stays on ${previous.target.model} for the rest of this user turn${why}; within one turn the route only moves up.`] };
    }
    if (at < 0 && previous.local) {
      const target = context.localPaused ? undefined : context.resolve(previous.target.id);
      if (target === undefined || !isLocal(target)) return plan;
      return {
        ...plan,
        route: 'local',
        chain: [target, ...plan.chain.filter((candidate) => candidate.id !== target.id)],
        notes: [...plan.notes, `Stays on ${target.model} for the rest of this user turn: its tool results show no failure it cannot handle, and within one turn the route only moves up.`],
      };
    }
    if (at < 0 && !previous.local) {
      const upward = plan.chain.filter((target) => !isLocal(target));
      if (upward.length > 0 && upward.length < plan.chain.length) {
        return { ...plan, chain: upward, notes: [...plan.notes, `Stays off the local models for the rest of this user turn: it had moved to ${previous.target.model}${why}.`] };
      }
    }
    return plan;
  }

  /** Where the request ended. */
  remember(key: string, request: Request, userTurnIndex: number, final: Target | undefined, movedBecause: string | undefined): void {
    if (final === undefined) return;
    this.memory.delete(key);
    this.memory.set(key, { userTurnIndex, turnCount: request.turns.length, target: { id: final.id, model: final.model }, local: isLocal(final), ...(movedBecause === undefined ? {} : { movedBecause }) });
    if (this.memory.size > MAX_CONVERSATIONS) this.memory.delete(this.memory.keys().next().value as string);
  }
}

/**
 * Why a tool loop on a local model should move up, judged from the failures its tools reported:
 * a new failure that the classifier, reading it with the turn's instruction, sends to the cloud
 * (a deadlock, a crash in code the model did not write), or repeated failures in one user turn.
 */
function failureEscalation(view: RoutingView, seenTurns: number, judge: (content: string) => Decision): string | undefined {
  const fresh = view.failures.filter((failure) => failure.turnIndex >= seenTurns);
  const latest = fresh.at(-1);
  if (latest === undefined) return undefined;
  if (view.failures.length >= FAILURES_BEFORE_MOVING_UP) return `${view.failures.length} tool results in this user turn reported a failure, more than the local model is given to recover from`;
  const judged = judge(latest.content);
  if (judged.route === 'cloud') return `a tool reported a failure that needs reasoning (${judged.reasons[0] ?? `score ${judged.score.toFixed(2)}`})`;
  return undefined;
}

/** The conversation's key: the caller's, else a hash of the system text and the first user turn (the same for every request of one conversation). */
export function conversationKey(request: Request): string {
  if (request.hints.conversationKey !== undefined) return request.hints.conversationKey;
  const firstUser = request.turns.find((turn) => turn.role === 'user');
  const opening = firstUser === undefined ? '' : firstUser.parts.map((part) => (part.type === 'text' ? part.text : part.type === 'tool-result' ? toolResultText(part) : part.image.data.slice(0, 64))).join('\n');
  return `h${fnv1a(`${request.system}\u0000${opening}`)}`;
}

/** Two 32-bit FNV-1a hashes (different offsets) as hex: stable, fast on long system prompts, enough to tell conversations apart. */
function fnv1a(text: string): string {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code, 0x01000193);
  }
  return `${(high >>> 0).toString(16).padStart(8, '0')}${(low >>> 0).toString(16).padStart(8, '0')}`;
}
