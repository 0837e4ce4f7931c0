import type { Route } from '../task';
import type { RoutingProfile } from './profile';
import type { RouterModel } from './routerModel';

/** Kept apart from classify.ts so that reading settings or printing usage loads no model. */
export interface ClassifierOptions {
  /** Prompts above this many tokens go to the cloud: a local model's context would cut them. */
  readonly maxLocalTokens: number;
  /** The user's fixed route for a category (a setting); wins over the model. */
  readonly categoryRoutes?: Readonly<Record<string, Route>>;
  /** Settles the uncertain decisions (llmRouter.routing.profile). */
  readonly profile?: RoutingProfile;
  /** Another model than the shipped one (the benchmark's cross-validation folds). */
  readonly model?: RouterModel;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = { maxLocalTokens: 4000 };
