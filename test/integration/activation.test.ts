import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activatedExtension } from './extension';

interface Manifest {
  readonly contributes: { readonly commands: readonly { readonly command: string }[] };
}

describe('activation', () => {
  it('activates without loading the tokenizer', async () => {
    const { extension, api } = await activatedExtension();
    assert.equal(extension.isActive, true);
    // The tokenizer's rank table is the one heavy thing the extension has; it loads on first use.
    assert.equal(api.tokenizerLoaded, false);
    // Nor the routing engine with its model clients: that waits for the first routed task.
    assert.equal(api.engineLoaded, false);
  });

  it('registers every command it contributes', async () => {
    const { extension } = await activatedExtension();
    const manifest = JSON.parse(readFileSync(join(extension.extensionPath, 'package.json'), 'utf8')) as Manifest;
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((entry) => entry.command);
    assert.ok(contributed.length > 0);
    assert.deepEqual(
      contributed.filter((command) => !registered.has(command)),
      [],
    );
  });

});
