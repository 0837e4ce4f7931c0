import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAUDE_CODE_BIN } from '../harness/paths';

/** What `claude -p … --output-format json` prints: the fields the tests read. */
export interface ClaudeCodeResult {
  readonly result: string;
  readonly is_error: boolean;
  readonly num_turns: number;
  readonly modelUsage?: Record<string, unknown>;
}

export interface ClaudeCodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The parsed JSON result, when the CLI printed one. */
  readonly output?: ClaudeCodeResult;
}

export interface ClaudeCodeOptions {
  readonly prompt: string;
  /** The folder Claude Code works in (its tools read and edit files there). */
  readonly cwd: string;
  /** ANTHROPIC_BASE_URL: the gateway. */
  readonly baseUrl: string;
  /** The gateway token, sent as the API key (`x-api-key`) or, with `auth: 'auth-token'`, as `Authorization: Bearer`. */
  readonly token: string;
  readonly auth?: 'api-key' | 'auth-token';
  readonly model?: string;
  readonly args?: readonly string[];
  /** Its HOME; the default is a fresh one. Claude Code names it in its system prompt, so runs whose bodies are compared share one. */
  readonly home?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs the real Claude Code CLI in print mode, offline: a scratch HOME (no login, no settings of
 * the developer's), no telemetry, no updater, no background traffic, and only the environment
 * named here, so no key of the machine's reaches it.
 */
export function runClaudeCode(options: ClaudeCodeOptions): Promise<ClaudeCodeRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.home ?? mkdtempSync(join(tmpdir(), 'llm-router-claude-home-')),
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ANTHROPIC_BASE_URL: options.baseUrl,
    [options.auth === 'auth-token' ? 'ANTHROPIC_AUTH_TOKEN' : 'ANTHROPIC_API_KEY']: options.token,
  };
  const args = ['-p', options.prompt, '--output-format', 'json', ...(options.model === undefined ? [] : ['--model', options.model]), ...(options.args ?? [])];
  return new Promise((resolve, reject) => {
    const child = spawn(CLAUDE_CODE_BIN, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...parsed(stdout) });
    });
  });
}

function parsed(stdout: string): { output?: ClaudeCodeResult } {
  try {
    return { output: JSON.parse(stdout) as ClaudeCodeResult };
  } catch {
    return {};
  }
}
