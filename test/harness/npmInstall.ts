import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding node_modules for an install path like <root>/node_modules/<name>. */
export function rootOf(packageDir: string): string {
  return dirname(dirname(packageDir));
}

export function npmInstall(root: string, spec: string, node: string, env: Record<string, string>): void {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "private": true }\n');
  const result = spawnSync(node, [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', spec], {
    cwd: root,
    // An outer `npm test` exports its own user agent (naming the machine's Node), which the inner
    // npm would take as config, and code-server's install script reads the Node version from it.
    env: { ...process.env, npm_config_user_agent: undefined, ...env },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm install ${spec} failed in ${root} (exit ${result.status ?? result.signal})`);
}

/** npm's own script: the one running us when started by npm, else the one beside the machine's Node. */
export function npmCli(): string {
  const candidates = [process.env.npm_execpath, join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')];
  const found = candidates.find((candidate) => candidate !== undefined && candidate.endsWith('.js') && existsSync(candidate));
  if (found === undefined) throw new Error('Cannot find npm-cli.js; run the tests through npm (npm test).');
  return found;
}
