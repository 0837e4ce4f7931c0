import type { Route } from '../task';

/**
 * How the user trades money for safety on the tasks the model is unsure about
 * (`llmRouter.routing.profile`). Clear-cut tasks route the same under every profile.
 */
export type RoutingProfile = 'economy' | 'balanced' | 'quality';

export const ROUTING_PROFILES: readonly RoutingProfile[] = ['economy', 'balanced', 'quality'];

export const DEFAULT_ROUTING_PROFILE: RoutingProfile = 'balanced';

/** The calibrated probability that a task needs the cloud at or above which each profile sends it there. */
export const PROFILE_THRESHOLDS: Readonly<Record<RoutingProfile, number>> = {
  economy: 0.6,
  balanced: 0.45,
  quality: 0.3,
};

/** Probabilities in this band are uncertain: the model alone does not settle them, the profile does. */
export const UNCERTAIN_BAND: { readonly low: number; readonly high: number } = { low: 0.25, high: 0.65 };

export interface ProfileRoute {
  readonly route: Route;
  /** True when the probability is in the uncertain band, so the profile, not the model, chose. */
  readonly uncertain: boolean;
  readonly threshold: number;
}

/** The route a calibrated cloud probability gets under a profile. Pure; used by the classifier and by personal corrections. */
export function routeForProbability(probability: number, profile: RoutingProfile = DEFAULT_ROUTING_PROFILE): ProfileRoute {
  const threshold = PROFILE_THRESHOLDS[profile];
  return {
    route: probability >= threshold ? 'cloud' : 'local',
    uncertain: probability >= UNCERTAIN_BAND.low && probability < UNCERTAIN_BAND.high,
    threshold,
  };
}

/** The sentence the reasons carry for an uncertain decision: "uncertain (p = 0.47); the balanced profile sends it local". */
export function uncertaintySentence(probability: number, profile: RoutingProfile, route: Route): string {
  return `Uncertain (p = ${probability.toFixed(2)}); the ${profile} profile sends it ${route === 'local' ? 'local' : 'to the cloud'} (it routes to the cloud from p = ${PROFILE_THRESHOLDS[profile].toFixed(2)})`;
}

export function isRoutingProfile(value: unknown): value is RoutingProfile {
  return typeof value === 'string' && (ROUTING_PROFILES as readonly string[]).includes(value);
}
