import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The `ollama` executable: a path as given, or the first match on PATH; undefined when there is none. */
export function findExecutable(nameOrPath: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = isAbsolute(nameOrPath) || nameOrPath.includes('/') ? [nameOrPath] : path.split(delimiter).filter(Boolean).map((folder) => join(folder, nameOrPath));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** An `ollama serve` this extension started; only such a server is ever stopped by it. */
export class OllamaServeProcess {
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Starts `ollama serve` listening on `host` (`127.0.0.1:11434`). */
  static start(executable: string, host: string): OllamaServeProcess {
    return new OllamaServeProcess(spawn(executable, ['serve'], { env: { ...process.env, OLLAMA_HOST: host }, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The last lines it printed, for error messages. */
  lastOutput(): string {
    return this.output.trim().split('\n').slice(-3).join('\n');
  }

  /** SIGTERM (Ollama shuts down gracefully on it), then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
