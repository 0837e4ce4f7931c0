import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { npmCli, npmInstall } from './npmInstall';
import { CLAUDE_CODE_BIN, CLAUDE_CODE_DIR, CLAUDE_CODE_VERSION } from './paths';

/** What the machine is asked; tests answer for it. */
export interface ClaudeCodeProbes {
  /** The version the installed binary reports (`claude --version`), undefined when it is absent or does not run. */
  installedVersion(): string | undefined;
  /** The npm registry answers (`npm ping`). */
  registryReachable(): boolean;
}

export interface ClaudeCodeInstaller {
  install(): void;
}

export type ClaudeCodeReadiness = { readonly ready: true; readonly binary: string } | { readonly ready: false; readonly skipReason: string };

/**
 * Makes sure the pinned Claude Code CLI is in the test cache folder, installing it from the npm
 * registry on first use (about 400 MB, once). With the registry unreachable and nothing installed,
 * the agent tests cannot run: the answer says so instead of failing. An install that does not leave
 * a working binary of the pinned version throws.
 */
export function ensureClaudeCode(probes: ClaudeCodeProbes = machineProbes, installer: ClaudeCodeInstaller = npmInstaller): ClaudeCodeReadiness {
  if (probes.installedVersion() === CLAUDE_CODE_VERSION) return { ready: true, binary: CLAUDE_CODE_BIN };
  if (!probes.registryReachable()) {
    return { ready: false, skipReason: `Claude Code ${CLAUDE_CODE_VERSION} is not in ${CLAUDE_CODE_DIR} and the npm registry cannot be reached to install it` };
  }
  installer.install();
  const version = probes.installedVersion();
  if (version !== CLAUDE_CODE_VERSION) throw new Error(`installing @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} left ${version === undefined ? 'no working binary' : `version ${version}`} at ${CLAUDE_CODE_BIN}`);
  return { ready: true, binary: CLAUDE_CODE_BIN };
}

const machineProbes: ClaudeCodeProbes = {
  installedVersion: () => {
    if (!existsSync(CLAUDE_CODE_BIN)) return undefined;
    // Prints e.g. "2.1.332 (Claude Code)"; the placeholder left by a failed postinstall prints something else.
    const run = spawnSync(CLAUDE_CODE_BIN, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DISABLE_AUTOUPDATER: '1' } });
    return run.status === 0 ? /^(\d+\.\d+\.\d+) \(Claude Code\)/.exec(run.stdout)?.[1] : undefined;
  },
  registryReachable: () => spawnSync(process.execPath, [npmCli(), 'ping', '--loglevel=silent', '--fetch-retries=0', '--fetch-timeout=15000'], { timeout: 30_000, stdio: 'ignore' }).status === 0,
};

const npmInstaller: ClaudeCodeInstaller = {
  install: () => {
    console.log(`[harness] installing Claude Code ${CLAUDE_CODE_VERSION} (npm package @anthropic-ai/claude-code, about 400 MB) into ${CLAUDE_CODE_DIR.replace(`${process.cwd()}/`, '')}`);
    // Its postinstall copies the platform's binary (an optional dependency) over bin/claude.exe.
    npmInstall(dirname(dirname(dirname(CLAUDE_CODE_DIR))), `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`, process.execPath, {});
  },
};
