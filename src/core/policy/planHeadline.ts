import { correctionReason } from './adaptive';
import type { Plan } from './planRoute';

/**
 * The one sentence a short summary of a plan shows: why it was refused, else the first policy
 * note or reason, led by the personal correction's sentence whenever that moved the route.
 */
export function planHeadline(plan: Plan): string {
  const first = plan.refusal ?? plan.notes[0] ?? plan.decision.reasons[0] ?? '';
  const moved = correctionReason(plan.decision);
  return moved === undefined || moved === first ? first : `${moved}. ${first}`;
}
