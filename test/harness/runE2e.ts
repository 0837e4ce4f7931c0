import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Mocha from 'mocha';
import { startFakeOllama } from '../fakes/ollama';
import { screenshot, setSession } from '../e2e/session';
import { launchChromium } from './browser';
import { ASK_MODE_WITHOUT_COPILOT, NO_BACKGROUND_COMPARISONS, startCodeServer } from './codeServer';
import { ensureVscode } from './installVscode';
import { exitOnFailure } from './prerequisites';
import { installVsix, packageVsix } from './packageExtension';
import { ARTIFACTS_DIR, REPO_ROOT } from './paths';
import { copySampleWorkspace } from './workspace';

/**
 * End-to-end tests: the packaged .vsix installed into a real VS Code (code-server) the way a user
 * installs it, driven through the workbench in headless Chromium.
 */
async function main(): Promise<number> {
  ensureVscode({ browser: true });
  const extensionsDir = mkdtempSync(join(tmpdir(), 'llm-router-extensions-'));
  installVsix(packageVsix(), extensionsDir);

  const ollama = await startFakeOllama({ models: ['qwen2.5-coder:7b', 'llama3.1:8b'] });
  const workspace = copySampleWorkspace();
  const server = await startCodeServer({ workspace, extensionsDir, env: { OLLAMA_HOST: ollama.url }, userSettings: { ...NO_BACKGROUND_COMPARISONS, ...ASK_MODE_WITHOUT_COPILOT } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    setSession({ page, ollama, userSettingsFile: join(server.userDataDir, 'User', 'settings.json') });

    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false });
    // `--grep <pattern>`: only the tests whose full title matches.
    const grep = process.argv[process.argv.indexOf('--grep') + 1];
    if (process.argv.includes('--grep') && grep !== undefined) mocha.grep(grep);
    const testsDir = join(REPO_ROOT, 'out', 'test', 'e2e');
    for (const file of readdirSync(testsDir).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(join(testsDir, file));
    const failures = await new Promise<number>((resolve) => {
      const runner = mocha.run(resolve);
      runner.on('fail', (test) => void screenshot(`failed-${test.fullTitle().replace(/[^\w]+/g, '-')}`).catch(() => undefined));
    });
    if (failures > 0) console.error(`Screenshots of the failures are in ${ARTIFACTS_DIR}.\ncode-server said:\n${server.output().slice(-3000)}`);
    return failures === 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
    await ollama.close();
  }
}

main().then((code) => process.exit(code), exitOnFailure);
