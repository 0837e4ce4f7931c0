import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activatedExtension } from './extension';

interface Manifest {
  readonly contributes: {
    readonly commands: readonly { readonly command: string }[];
    readonly walkthroughs: readonly { readonly id: string; readonly steps: readonly { readonly description: string; readonly media: { readonly markdown: string }; readonly completionEvents: readonly string[] }[] }[];
  };
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


  it('offers a Getting Started walkthrough whose links, completion events and pages all exist', async () => {
    const { extension } = await activatedExtension();
    const manifest = JSON.parse(readFileSync(join(extension.extensionPath, 'package.json'), 'utf8')) as Manifest;
    const registered = new Set(await vscode.commands.getCommands(true));
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough?.steps.length, 5);
    for (const step of walkthrough?.steps ?? []) {
      assert.ok(existsSync(join(extension.extensionPath, step.media.markdown)), `${step.media.markdown} is shipped`);
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((match) => match[1]);
      const completing = step.completionEvents.map((event) => event.replace(/^onCommand:/, ''));
      assert.ok(linked.length > 0, 'each step has a button');
      for (const command of [...linked, ...completing]) assert.ok(registered.has(command ?? ''), `${command} is registered`);
    }
    await vscode.commands.executeCommand('llmRouter.openWalkthrough');
  });
});
