import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What `llm-router ollama on` remembers of the server it started, so `off` stops that one and no other. */
export interface StartedServer {
  readonly pid: number;
  readonly host: string;
  readonly executable: string;
  readonly startedAt: string;
}

/** Where the CLI keeps that note: LLM_ROUTER_STATE_DIR, else $XDG_STATE_HOME/llm-router, else ~/.local/state/llm-router. */
export function stateFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LLM_ROUTER_STATE_DIR !== undefined && env.LLM_ROUTER_STATE_DIR !== '') return env.LLM_ROUTER_STATE_DIR;
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'llm-router');
}

const NOTE = 'ollama-serve.json';

export function readStartedServer(folder: string): StartedServer | undefined {
  try {
    const value = JSON.parse(readFileSync(join(folder, NOTE), 'utf8')) as Partial<StartedServer>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? (value as StartedServer) : undefined;
  } catch {
    return undefined;
  }
}

export function forgetStartedServer(folder: string): void {
  rmSync(join(folder, NOTE), { force: true });
}

/** Starts `ollama serve` on `host`, detached so it outlives this command; its output goes to ollama-serve.log beside the note. */
export function startDetachedOllama(executable: string, host: string, folder: string): StartedServer {
  mkdirSync(folder, { recursive: true });
  const log = openSync(join(folder, 'ollama-serve.log'), 'a');
  const child = spawn(executable, ['serve'], { env: { ...process.env, OLLAMA_HOST: host }, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${executable} serve`);
  const started: StartedServer = { pid: child.pid, host, executable, startedAt: new Date().toISOString() };
  writeFileSync(join(folder, NOTE), `${JSON.stringify(started)}\n`);
  return started;
}

/** Whether the process still runs and is still an `ollama serve` (a pid can be reused once it exits). */
export function stillOurs(server: StartedServer, platform: NodeJS.Platform = process.platform): boolean {
  try {
    process.kill(server.pid, 0);
  } catch {
    return false;
  }
  if (platform !== 'linux') return true;
  try {
    const command = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
    return command.includes('serve') && command.some((part) => part.includes('ollama'));
  } catch {
    return false;
  }
}

/** SIGTERM (Ollama shuts down gracefully on it), then SIGKILL after `graceMs`; resolves once it is gone. */
export async function stopServer(server: StartedServer, graceMs = 5000): Promise<void> {
  const gone = () => {
    try {
      process.kill(server.pid, 0);
    } catch {
      return true;
    }
    // Exited but not yet reaped by whoever adopted it: gone all the same.
    try {
      return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${server.pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  process.kill(server.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (!gone() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!gone()) process.kill(server.pid, 'SIGKILL');
}
