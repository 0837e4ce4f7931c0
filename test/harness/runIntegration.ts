import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { GREP_VARIABLE, RESULTS_FILE_VARIABLE, type TestRunResults } from '../integration/results';
import { launchChromium } from './browser';
import { NO_BACKGROUND_COMPARISONS, startCodeServer } from './codeServer';
import { ensureVscode } from './installVscode';
import { exitOnFailure } from './prerequisites';
import { ARTIFACTS_DIR, REPO_ROOT } from './paths';
import { copySampleWorkspace } from './workspace';

/** The whole run, start-up included; a hung extension host fails the run instead of hanging CI. */
const RUN_TIMEOUT_MS = 5 * 60_000;

/**
 * Launcher A: runs test/integration inside the extension host of a real VS Code (code-server),
 * opened with the development payload in headless Chromium, and reports every test's outcome.
 */
async function main(): Promise<number> {
  ensureVscode({ browser: true });
  const workspace = copySampleWorkspace();
  const resultsFile = join(mkdtempSync(join(tmpdir(), 'llm-router-results-')), 'results.json');
  const server = await startCodeServer({
    workspace,
    smokeTestDriver: true,
    // The tests' edits stay in the buffer until a test reverts them (VS Code in a browser saves after a second by default).
    userSettings: { ...NO_BACKGROUND_COMPARISONS, 'files.autoSave': 'off' },
    // A closed port: no test may reach a real Ollama by accident; tests that need one start a fake.
    env: { [RESULTS_FILE_VARIABLE]: resultsFile, OLLAMA_HOST: 'http://127.0.0.1:9', ...grepArgument() },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'))],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    const results = await waitForResults(resultsFile, () => server.process.exitCode !== null);
    if (results === undefined) {
      await saveScreenshot(page, 'integration-timeout.png');
      console.error(`No results within ${RUN_TIMEOUT_MS / 1000} s. code-server said:\n${server.output().slice(-4000)}`);
      return 1;
    }
    report(results);
    if (results.failed > 0 || results.fatal !== undefined) {
      await saveScreenshot(page, 'integration-failure.png');
      return 1;
    }
    return results.passed > 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** `--grep <pattern>` on the command line: run only the tests whose full title matches. */
function grepArgument(): Record<string, string> {
  const at = process.argv.indexOf('--grep');
  const pattern = at < 0 ? undefined : process.argv[at + 1];
  return pattern === undefined ? {} : { [GREP_VARIABLE]: pattern };
}

async function waitForResults(file: string, serverGone: () => boolean): Promise<TestRunResults | undefined> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (Date.now() < deadline && !serverGone()) {
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as TestRunResults;
      } catch {
        // still being written
      }
    }
    await sleep(250);
  }
  return undefined;
}

function report(results: TestRunResults): void {
  console.log(`\nIntegration tests inside VS Code ${results.vscodeVersion} (code-server, extension host)\n`);
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? '✔' : test.state === 'failed' ? '✘' : '-';
    const duration = test.durationMs === undefined ? '' : ` (${test.durationMs} ms)`;
    console.log(`  ${mark} ${test.title}${duration}`);
    if (test.error !== undefined) console.log(indent(test.error, '      '));
  }
  if (results.fatal !== undefined) console.log(`\n  ✘ ${results.fatal}`);
  console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.pending} pending · VS Code ${results.vscodeVersion}`);
}

async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, name);
  await page.screenshot({ path }).catch(() => undefined);
  console.error(`Screenshot: ${path}`);
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

main().then((code) => process.exit(code), exitOnFailure);
