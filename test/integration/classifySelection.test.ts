import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Decision } from '../../src/core/task';
import { Commands } from '../../src/vscode/ids';
import { activatedExtension, openAndSelect, withSetting } from './extension';

const classifySelection = (instruction: string) => vscode.commands.executeCommand<Decision | undefined>(Commands.classifySelection, { instruction });

describe('LLM Router: Classify Selection', () => {
  before(async () => {
    await activatedExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('routes a type annotation of the selected function to the local model, with reasons', async () => {
    await openAndSelect('src/orders.py', 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)');
    const decision = await classifySelection('Add type hints');
    assert.ok(decision !== undefined);
    assert.equal(decision.route, 'local');
    assert.equal(decision.category, 'types');
    assert.ok(decision.score < 0.5);
    assert.ok(decision.reasons.length > 0);
    assert.ok(decision.promptTokens > 10);
  });

  it('routes a concurrency investigation of the selected class to Claude', async () => {
    const editor = await openAndSelect('src/orders.py');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
    const decision = await classifySelection('Sometimes value() hangs under load; why?');
    assert.ok(decision !== undefined);
    assert.equal(decision.route, 'cloud');
    assert.ok(decision.score >= 0.5);
    assert.ok(decision.reasons.some((reason) => /concurren|lock|debug|why/i.test(reason)), decision.reasons.join(' | '));
  });

  it('loads the tokenizer on first use', async () => {
    const { api } = await activatedExtension();
    await openAndSelect('src/orders.py', 'def total(items):');
    await classifySelection('Write a docstring');
    assert.equal(api.tokenizerLoaded, true);
  });

  it('sends a selection longer than the local context limit to the cloud', async () => {
    const editor = await openAndSelect('src/orders.py');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
    const decision = await withSetting('llmRouter.classifier.maxLocalTokens', 256, async () => {
      const long = `Rename the variable items to line_items everywhere. ${'Keep the behaviour identical. '.repeat(60)}`;
      return classifySelection(long);
    });
    assert.ok(decision !== undefined);
    assert.equal(decision.route, 'cloud');
    assert.equal(decision.category, 'long-context');
  });

  it('does nothing and returns no decision when no editor is open', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const decision = await classifySelection('Add type hints');
    assert.equal(decision, undefined);
  });
});
