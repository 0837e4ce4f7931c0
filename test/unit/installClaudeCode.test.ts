import * as assert from 'node:assert/strict';
import { ensureClaudeCode, type ClaudeCodeProbes } from '../harness/installClaudeCode';
import { CLAUDE_CODE_BIN, CLAUDE_CODE_VERSION } from '../harness/paths';

/** A machine whose installed Claude Code reports `before` until the installer runs, then `after`. */
function machine(options: { before?: string; after?: string; registry: boolean }): ClaudeCodeProbes & { installs: number; install(): void } {
  const state = { installs: 0 };
  return {
    get installs() {
      return state.installs;
    },
    installedVersion: () => (state.installs > 0 ? options.after : options.before),
    registryReachable: () => options.registry,
    install: () => void state.installs++,
  };
}

describe('the agent tests’ Claude Code install', () => {
  it('uses the installed binary of the pinned version without asking the registry', () => {
    const probes = machine({ before: CLAUDE_CODE_VERSION, registry: false });
    assert.deepEqual(ensureClaudeCode(probes, probes), { ready: true, binary: CLAUDE_CODE_BIN });
    assert.equal(probes.installs, 0);
  });

  it('installs it on first use, and again when the cache holds another version', () => {
    for (const before of [undefined, '2.0.1']) {
      const probes = machine({ ...(before === undefined ? {} : { before }), after: CLAUDE_CODE_VERSION, registry: true });
      assert.deepEqual(ensureClaudeCode(probes, probes), { ready: true, binary: CLAUDE_CODE_BIN });
      assert.equal(probes.installs, 1);
    }
  });

  it('skips, saying why, only when nothing is installed and the registry cannot be reached', () => {
    const probes = machine({ registry: false });
    const readiness = ensureClaudeCode(probes, probes);
    assert.equal(readiness.ready, false);
    assert.match(readiness.ready ? '' : readiness.skipReason, new RegExp(`Claude Code ${CLAUDE_CODE_VERSION.replace(/\./g, '\\.')} is not in .* the npm registry cannot be reached`));
    assert.equal(probes.installs, 0);
  });

  it('fails when the install leaves no working binary of the pinned version', () => {
    const probes = machine({ registry: true });
    assert.throws(() => ensureClaudeCode(probes, probes), /left no working binary/);
  });
});
