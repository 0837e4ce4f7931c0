import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { GREP_VARIABLE, RESULTS_FILE_VARIABLE, type TestOutcome, type TestRunResults } from './results';

/**
 * The mocha entry both launchers use (code-server in CI, @vscode/test-electron on the desktop).
 * Runs every *.test.js beside this file inside the extension host and, when the launcher asks
 * for it, writes the outcome of each test to a JSON file.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  const grep = process.env[GREP_VARIABLE];
  if (grep !== undefined && grep !== '') mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));

  const outcomes: TestOutcome[] = [];
  const resultsFile = process.env[RESULTS_FILE_VARIABLE];
  const write = (fatal?: string) => {
    if (resultsFile === undefined) return;
    const count = (state: TestOutcome['state']) => outcomes.filter((outcome) => outcome.state === state).length;
    const results: TestRunResults = { vscodeVersion: vscode.version, tests: outcomes, passed: count('passed'), failed: count('failed'), pending: count('pending'), fatal };
    writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  };

  try {
    await mocha.loadFilesAsync();
  } catch (error) {
    write(`could not load the tests: ${String(error)}`);
    throw error;
  }
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => outcomes.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, error: Error) => outcomes.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: error.stack ?? error.message }));
    runner.on('pending', (test) => outcomes.push({ title: test.fullTitle(), state: 'pending' }));
  });
  write();
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
