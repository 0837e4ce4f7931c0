import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../data/datasets';

export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI without blocking the event loop (the fakes live in this process). */
export function cli(args: string[], env: Record<string, string>, options: { interruptWhen?: () => boolean; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd === undefined ? {} : { cwd: options.cwd }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const interruptWhen = options.interruptWhen;
    if (interruptWhen !== undefined) {
      const poll = setInterval(() => {
        if (!interruptWhen()) return;
        clearInterval(poll);
        child.kill('SIGINT');
      }, 20);
      child.on('close', () => clearInterval(poll));
    }
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
