import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './freePort';
import { CODE_SERVER_ENTRY, NODE_BIN_DIR } from './paths';

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  readonly workspace: string;
  /** Extensions installed as unpacked folders (publisher.name-version) before start. */
  readonly extensionsDir?: string;
  /** Allow a development payload (extensionDevelopmentPath / extensionTestsPath) in the URL. */
  readonly smokeTestDriver?: boolean;
  /** Extra environment for the server and its extension host. */
  readonly env?: Record<string, string>;
  /** User settings written before start. */
  readonly userSettings?: Record<string, unknown>;
  /** Fixed port; a free one otherwise. */
  readonly port?: number;
  /** Where user data lives; a fresh temporary folder otherwise (kept between runs by `npm start`). */
  readonly userDataDir?: string;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly process: ChildProcess;
  /** The server's own output so far (for diagnosing failures). */
  output(): string;
  stop(): Promise<void>;
}

/** Tests count the requests each fake receives; a sampled background comparison would add one at random. */
export const NO_BACKGROUND_COMPARISONS = { 'llmRouter.shadow.sampleRate': 0 };

/**
 * Without a Copilot sign-in, VS Code 1.139's chat view starts in Agent mode, whose requests stop at
 * the GitHub Copilot sign-in (test/e2e/agentMode.test.ts shows it). With agent mode off it offers
 * Ask mode, where LLM Router's models can be chosen and @router answers (the README tells users
 * the same).
 */
export const ASK_MODE_WITHOUT_COPILOT = { 'chat.agent.enabled': false };

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const port = options.port ?? (await freePort());
  const root = mkdtempSync(join(tmpdir(), 'llm-router-vscode-'));
  const userDataDir = options.userDataDir ?? join(root, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  // A kept user-data folder keeps the person's own settings.
  if (!existsSync(settingsFile)) {
    writeFileSync(
      settingsFile,
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'telemetry.telemetryLevel': 'off',
          'update.mode': 'none',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'security.workspace.trust.enabled': false,
          // The workspaces the harness opens are copies outside the clone; should one still sit
          // inside a git repository, VS Code would ask about it on every start.
          'git.openRepositoryInParentFolders': 'never',
          ...options.userSettings,
        },
        null,
        2,
      ),
    );
  }
  const args = [
    CODE_SERVER_ENTRY,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(options.smokeTestDriver === true ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    options.workspace,
  ];
  const child = spawn(join(NODE_BIN_DIR, 'node'), args, {
    env: { ...process.env, PATH: `${NODE_BIN_DIR}:${process.env.PATH ?? ''}`, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
    if (timedOut) child.kill('SIGKILL');
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return { url, port, userDataDir, process: child, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
}
