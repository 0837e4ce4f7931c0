/** What the in-host test run hands back to the launcher (the browser page has no exit code). */
export interface TestOutcome {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: string;
}

export interface TestRunResults {
  readonly vscodeVersion: string;
  readonly tests: readonly TestOutcome[];
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  /** Set when the run itself broke before or outside a test. */
  readonly fatal?: string;
}

/** The environment variable through which the launcher tells the extension host where to write results. */
export const RESULTS_FILE_VARIABLE = 'LLM_ROUTER_TEST_RESULTS';

/** A pattern the launcher passes on (`npm run test:integration -- --grep <pattern>`): only tests whose full title matches run. */
export const GREP_VARIABLE = 'LLM_ROUTER_TEST_GREP';
