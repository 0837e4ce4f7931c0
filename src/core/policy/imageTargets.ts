import { isLocal } from '../providers/types';
import type { Plan } from './planRoute';

/**
 * A request with images goes to models that see them. The router cannot tell which local models
 * read images, so while a target off this machine can take the request, the local ones step
 * aside; a request that must stay local keeps its chain (the user's choice or privacy wins).
 */
export function imageCapableChain(plan: Plan, images: number): Plan {
  if (images === 0 || plan.localOnly || plan.decision.overriddenBy !== undefined || plan.refusal !== undefined) return plan;
  const seeing = plan.chain.filter((target) => !isLocal(target));
  if (seeing.length === 0 || seeing.length === plan.chain.length) return plan;
  const first = seeing[0];
  return {
    ...plan,
    route: 'cloud',
    chain: seeing,
    notes: [...plan.notes, `The request carries ${images === 1 ? 'an image' : `${images} images`}, so it goes to ${first?.model ?? 'a model'} that sees them rather than a local model.`],
  };
}
