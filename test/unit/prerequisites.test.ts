import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureVscode, type Installer } from '../harness/installVscode';
import { CHROMIUM, REPO_ROOT } from '../harness/paths';
import { MissingPrerequisites, missingPackages, type Probes } from '../harness/prerequisites';

/** A machine with only the given files and commands. */
function machine(options: { files?: readonly string[]; commands?: readonly string[]; nodeVersion?: string; platform?: string; isRoot?: boolean }): Probes {
  const files = new Set(options.files ?? []);
  const commands = new Set(options.commands ?? []);
  return { fileExists: (path) => files.has(path) || [...files].some((file) => path.endsWith(file)), commandExists: (name) => commands.has(name), nodeVersion: options.nodeVersion ?? '20.20.2', platform: options.platform ?? 'linux-x64', isRoot: options.isRoot ?? true };
}
const BUILD_TOOLS = { files: ['/usr/include/gssapi/gssapi.h'], commands: ['g++', 'make', 'python3'] };
/** What an installed cache folder holds. */
const CACHED = ['/bin/node', '/out/node/entry.js', '/extensions/node_modules/typescript/lib/typescript.js'];

function recordingInstaller(): Installer & { readonly calls: string[] } {
  const calls: string[] = [];
  return { calls, node: () => void calls.push('node'), codeServer: () => void calls.push('code-server') };
}
function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof MissingPrerequisites, String(error));
    return error.message;
  }
  assert.fail('expected the prerequisites to be refused');
}

describe('the harness’s prerequisites', () => {
  it('on a fresh machine, names every missing package in one line with the exact command, and downloads nothing', () => {
    const installer = recordingInstaller();
    const message = refusal(() => ensureVscode({ browser: true }, machine({}), installer));
    assert.equal(
      message,
      `Missing Debian packages: libkrb5-dev (the Kerberos headers code-server’s native modules build against), g++ (to compile them), make, python3 (for node-gyp), chromium (the browser the tests drive, at ${CHROMIUM}). ` +
        'Nothing was downloaded; install them, then run this again: apt-get update && apt-get install -y libkrb5-dev g++ make python3 chromium',
    );
    assert.ok(!message.includes('\n'));
    assert.deepEqual(installer.calls, []);
  });

  it('asks for sudo when not run as root, and for Node.js 20 when older', () => {
    const message = refusal(() => ensureVscode({ browser: false }, machine({ commands: BUILD_TOOLS.commands, nodeVersion: '18.19.0', isRoot: false }), recordingInstaller()));
    assert.equal(
      message,
      'Node.js 20 or newer is needed (this is 18.19.0: https://nodejs.org/en/download). Missing Debian package: libkrb5-dev (the Kerberos headers code-server’s native modules build against). ' +
        'Nothing was downloaded; install them, then run this again: sudo apt-get update && sudo apt-get install -y libkrb5-dev',
    );
  });

  it('says where it runs on another platform, before anything else', () => {
    const installer = recordingInstaller();
    const message = refusal(() => ensureVscode({ browser: true }, machine({ platform: 'darwin-arm64' }), installer));
    assert.equal(message, 'The harness runs on Linux x64 (this is darwin-arm64); `npm run test:desktop` runs the integration tests elsewhere. Nothing was downloaded.');
    assert.deepEqual(installer.calls, []);
  });

  it('needs no build tools once code-server is installed, and a browser only for the tests', () => {
    const installed = machine({ files: CACHED });
    const installer = recordingInstaller();
    ensureVscode({ browser: false }, installed, installer);
    assert.deepEqual(installer.calls, []);
    assert.deepEqual(missingPackages({ buildCodeServer: false, browser: true }, installed), ['chromium']);
    assert.match(refusal(() => ensureVscode({ browser: true }, installed, installer)), /Missing Debian package: chromium .* apt-get install -y chromium$/);
  });

  it('installs Node 24, then code-server, when every prerequisite is there', () => {
    const installer = recordingInstaller();
    ensureVscode({ browser: true }, machine({ files: [...BUILD_TOOLS.files, CHROMIUM], commands: BUILD_TOOLS.commands }), installer);
    assert.deepEqual(installer.calls, ['node', 'code-server']);
  });

  it('ends `npm run test:integration` with that line alone, no stack trace, when a package is missing', function () {
    this.timeout(30_000);
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'out', 'test', 'harness', 'runIntegration.js')], { env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' }, encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '', 'nothing was installed or started');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0] ?? '', /^\[harness\] Missing Debian packages?: .*chromium \(the browser the tests drive, at \/nonexistent\/chromium\)\..* apt-get install -y (\S+ )*chromium$/);
  });
});
