import type { LocalEngineState } from '../core/ollama/localEngineProbe';
import { resolveOllamaHost } from '../core/ollama/ollamaHost';
import { findExecutable } from '../node/ollamaProcess';
import { forgetStartedServer, readStartedServer, startDetachedOllama, stateFolder, stillOurs, stopServer } from '../node/ollamaDaemon';
import { loadCliSettings } from './cliSettings';
import type { CliIo } from './io';
import { OLLAMA_USAGE } from './usage';

const START_TIMEOUT_MS = 20_000;

/**
 * `llm-router ollama status|on|off`, with the editor's rule: `on` starts a server only when none
 * answers; `off` stops only a server this command started, never one someone else runs.
 * Exit codes: 0 done (status: the server answers with the model), 1 not done, 2 usage.
 */
export async function ollamaCommand(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [action, ...rest] = argv;
  const configAt = rest.indexOf('--config');
  const config = configAt >= 0 ? rest[configAt + 1] : undefined;
  if (!['status', 'on', 'off'].includes(action ?? '') || (configAt >= 0 && config === undefined) || rest.length !== (configAt >= 0 ? 2 : 0)) {
    io.stderr.write(`${OLLAMA_USAGE}\n`);
    return 2;
  }
  let settings;
  try {
    settings = loadCliSettings(config).settings;
  } catch (error) {
    io.stderr.write(`llm-router ollama: ${(error as Error).message}\n`);
    return 2;
  }
  const host = resolveOllamaHost(settings.ollamaHost, env.OLLAMA_HOST);
  // The Ollama client loads only when this command runs.
  const { probeLocalEngine } = await import('../core/ollama/localEngineProbe');
  const probe = (timeoutMs = 3000) => probeLocalEngine({ host, model: settings.ollamaModel, timeoutMs });
  const folder = stateFolder(env);
  const ours = readStartedServer(folder);
  const oursRunning = ours !== undefined && ours.host === host && stillOurs(ours);

  if (action === 'status') {
    const state = await probe();
    io.stdout.write(`${describeState(state)}${state.kind !== 'unreachable' && oursRunning ? ` (started by llm-router, pid ${ours.pid})` : ''}\n`);
    return state.kind === 'ready' ? 0 : 1;
  }

  if (action === 'on') {
    const state = await probe();
    if (state.kind !== 'unreachable') {
      io.stdout.write(`${describeState(state)}; nothing to start.\n`);
      return 0;
    }
    const url = new URL(/^https?:\/\//.test(host) ? host : `http://${host}`);
    if (!['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(url.hostname)) {
      io.stderr.write(`llm-router ollama: no server answers at ${host}, and it is not on this machine: start it there.\n`);
      return 1;
    }
    const executable = findExecutable(settings.ollamaPath, env.PATH ?? '');
    if (executable === undefined) {
      io.stderr.write(`llm-router ollama: no server answers at ${host}, and there is no "${settings.ollamaPath}" executable to start one. Install Ollama (https://ollama.com/download) or set llmRouter.ollama.path.\n`);
      return 1;
    }
    const started = startDetachedOllama(executable, `${url.hostname === 'localhost' ? '127.0.0.1' : url.hostname}:${url.port || '11434'}`, folder);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline && stillOurs(started)) {
      const now = await probe(1000);
      if (now.kind !== 'unreachable') {
        io.stdout.write(`Started ${executable} serve (pid ${started.pid}): ${describeState(now)}.\n`);
        if (now.kind === 'model-missing') io.stdout.write(`Pull the model with: ollama pull ${now.model}\n`);
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    if (stillOurs(started)) await stopServer(started);
    forgetStartedServer(folder);
    io.stderr.write(`llm-router ollama: ${executable} serve did not start; see ${folder}/ollama-serve.log\n`);
    return 1;
  }

  // off
  if (!oursRunning) {
    if (ours !== undefined) forgetStartedServer(folder);
    const state = await probe();
    if (state.kind === 'unreachable') {
      io.stdout.write(`No Ollama server answers at ${host}; nothing to stop.\n`);
      return 0;
    }
    io.stderr.write(`llm-router ollama: the server at ${host} was not started by llm-router, so it keeps running. Stop it where it was started.\n`);
    return 1;
  }
  await stopServer(ours);
  forgetStartedServer(folder);
  io.stdout.write(`Stopped the ollama serve llm-router started (pid ${ours.pid}).\n`);
  return 0;
}

export function describeState(state: LocalEngineState): string {
  switch (state.kind) {
    case 'ready':
      return `Ollama ${state.version} at ${state.host} is running with ${state.model}${state.loadedModels.length === 0 ? '' : ` (loaded: ${state.loadedModels.join(', ')})`}`;
    case 'model-missing':
      return `Ollama ${state.version} at ${state.host} is running but does not have ${state.model} (has: ${state.installedModels.join(', ') || 'no models'})`;
    case 'unreachable':
      return `No Ollama server answers at ${state.host} (${state.detail})`;
  }
}
