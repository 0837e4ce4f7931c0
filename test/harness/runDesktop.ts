import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { RESULTS_FILE_VARIABLE } from '../integration/results';
import { REPO_ROOT } from './paths';
import { copySampleWorkspace } from './workspace';

/**
 * Launcher B, for machines with internet: the same integration tests in desktop VS Code, which
 * @vscode/test-electron downloads into .vscode-test/. CI uses runIntegration (code-server) instead.
 */
async function main(): Promise<void> {
  const resultsDir = mkdtempSync(join(tmpdir(), 'llm-router-results-'));
  await runTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [copySampleWorkspace(), '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { [RESULTS_FILE_VARIABLE]: join(resultsDir, 'results.json'), OLLAMA_HOST: 'http://127.0.0.1:9' },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
