import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY, NODE_BIN_DIR, REPO_ROOT } from './paths';

/** Packages the extension exactly as `npm run package` does, into a temporary folder. */
export function packageVsix(): string {
  const { name, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = join(mkdtempSync(join(tmpdir(), 'llm-router-vsix-')), `${name}-${version}.vsix`);
  run(join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], {});
  return vsix;
}

/** Installs a .vsix the way a user would, with code-server's --install-extension. */
export function installVsix(vsix: string, extensionsDir: string): void {
  run(join(NODE_BIN_DIR, 'node'), [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    PATH: `${NODE_BIN_DIR}:${process.env.PATH ?? ''}`,
  });
}

function run(command: string, args: readonly string[], env: Record<string, string>): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}
