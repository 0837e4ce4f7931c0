import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { ensureClaudeCode } from './installClaudeCode';
import { exitOnFailure } from './prerequisites';
import { REPO_ROOT } from './paths';

/**
 * The agent tier: the real Claude Code CLI, installed on first use into the test cache, drives
 * `llm-router serve` (the built dist/cli.js) against the loopback fakes.
 */
async function main(): Promise<number> {
  const readiness = ensureClaudeCode();
  if (!readiness.ready) {
    console.log(`[harness] skipping the agent tests: ${readiness.skipReason}.`);
    return 0;
  }
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `node esbuild.mjs --tests` first (npm run test:agent does).');
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec', color: false, ...grepOption() });
  const testsDir = join(REPO_ROOT, 'out', 'test', 'agent');
  for (const file of readdirSync(testsDir).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(join(testsDir, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  return failures === 0 ? 0 : 1;
}

/** `--grep <pattern>` on the command line: run only the tests whose full title matches. */
function grepOption(): { grep?: string } {
  const at = process.argv.indexOf('--grep');
  const pattern = at < 0 ? undefined : process.argv[at + 1];
  return pattern === undefined ? {} : { grep: pattern };
}

main().then((code) => process.exit(code), exitOnFailure);
