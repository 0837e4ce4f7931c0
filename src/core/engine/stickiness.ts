import type { Plan } from '../policy/planRoute';
import { isLocal, type Target } from '../providers/types';
import type { Request } from '../conversation/types';

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

  /** The plan for the next request of the conversation. */
  adjust(key: string, request: Request, userTurnIndex: number, plan: Plan): Plan {
    const previous = this.memory.get(key);
    const first = plan.chain[0];
    if (previous === undefined || first === undefined || plan.refusal !== undefined) return plan;
    const sameUserTurn = previous.userTurnIndex === userTurnIndex && request.turns.length > previous.turnCount;
    if (!sameUserTurn) {
      if (first.id === previous.target.id) return plan;
      return { ...plan, notes: [...plan.notes, `The conversation moved from ${previous.target.model} to ${first.model} with this new message: ${plan.decision.reasons[0] ?? 'the new request was routed afresh'}.`] };
    }
    const at = plan.chain.findIndex((target) => target.id === previous.target.id);
    const why = previous.movedBecause === undefined ? '' : ` (it moved there because ${previous.movedBecause})`;
    if (at > 0) {
      return { ...plan, chain: plan.chain.slice(at), notes: [...plan.notes, `Stays on ${previous.target.model} for the rest of this user turn${why}; within one turn the route only moves up.`] };
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

/** The conversation's key: the caller's, else a hash of the system text and the first user turn (the same for every request of one conversation). */
export function conversationKey(request: Request): string {
  if (request.hints.conversationKey !== undefined) return request.hints.conversationKey;
  const firstUser = request.turns.find((turn) => turn.role === 'user');
  const opening = firstUser === undefined ? '' : firstUser.parts.map((part) => (part.type === 'text' ? part.text : part.type === 'tool-result' ? part.content : part.image.data.slice(0, 64))).join('\n');
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
