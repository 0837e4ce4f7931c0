import type { Route } from '../task';

/**
 * The route a probability that the cloud is needed calls for. The one place the personal
 * correction turns its corrected probability back into a route.
 */
export function routeForScore(score: number): Route {
  return score >= 0.5 ? 'cloud' : 'local';
}
