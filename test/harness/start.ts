import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { probeLocalEngine } from '../../src/core/ollama/localEngineProbe';
import { DEFAULT_OLLAMA_HOST, resolveOllamaHost } from '../../src/core/ollama/ollamaHost';
import { ASK_MODE_WITHOUT_COPILOT, startCodeServer } from './codeServer';
import { ensureVscode } from './installVscode';
import { exitOnFailure } from './prerequisites';
import { CACHE_DIR, REPO_ROOT } from './paths';
import { startWorkspace } from './workspace';

/** What an installed extension folder holds (the same allow-list as .vscodeignore). */
const EXTENSION_FILES = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'media/icon.png'];
const START_DIR = join(CACHE_DIR, 'start');

/**
 * `npm start`: the freshly built extension in a real VS Code (code-server) with a sample workspace,
 * served on a local URL for a person to use in a browser. Settings (in .vscode-test/start) and the
 * workspace (in the temporary folder, outside the clone) persist between runs.
 */
async function main(): Promise<void> {
  ensureVscode({ browser: false });
  const extensionsDir = join(START_DIR, 'extensions');
  installBuild(extensionsDir);
  const workspace = startWorkspace();

  const ollamaHost = resolveOllamaHost(undefined, process.env.OLLAMA_HOST);
  const engine = await probeLocalEngine({ host: ollamaHost, model: 'qwen2.5-coder:7b', timeoutMs: 2000 });
  const port = process.env.PORT === undefined ? undefined : Number(process.env.PORT);
  const server = await startCodeServer({ workspace, extensionsDir, userDataDir: join(START_DIR, 'user-data'), userSettings: ASK_MODE_WITHOUT_COPILOT, ...(port === undefined ? {} : { port }) });

  console.log(`\nLLM Router is running in VS Code at ${server.url}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, "/")}\n`);
  switch (engine.kind) {
    case 'ready':
      console.log(`Ollama ${engine.version} answers at ${engine.host} and has ${engine.model}.`);
      break;
    case 'model-missing':
      console.log(`Ollama ${engine.version} answers at ${engine.host} but has no ${engine.model}: run \`ollama pull ${engine.model}\`.`);
      break;
    case 'unreachable':
      console.log(
        `No Ollama answers at ${engine.host} (${engine.detail}). The status bar will say so; start \`ollama serve\`` +
          (ollamaHost === DEFAULT_OLLAMA_HOST ? ' or set OLLAMA_HOST' : '') +
          ' to route to a local model.',
      );
      break;
  }
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = () => {
    stopping = true;
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server.process.once('exit', (code) => {
    if (stopping) return;
    console.error(`code-server exited (${code ?? 'signal'}):\n${server.output().slice(-3000)}`);
    process.exit(1);
  });
}

/** Replaces the installed copy with the current build, as an unpacked extension folder. */
function installBuild(extensionsDir: string): void {
  const { publisher, name, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, string>;
  const target = join(extensionsDir, `${publisher}.${name}-${version}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const entry of EXTENSION_FILES) cpSync(join(REPO_ROOT, entry), join(target, entry), { recursive: true });
}

main().catch(exitOnFailure);
