import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Plan } from '../../src/core/policy/planRoute';
import { Commands } from '../../src/vscode/ids';
import { activatedExtension, openAndSelect, withSetting } from './extension';

const classifySelection = (instruction: string) => vscode.commands.executeCommand<Plan | undefined>(Commands.classifySelection, { instruction });

describe('LLM Router: Classify Selection', () => {
  before(async () => {
    await activatedExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('routes a type annotation of the selected function to the local model, with reasons', async () => {
    await openAndSelect('src/orders.py', 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)');
    const plan = await classifySelection('Add type hints');
    assert.ok(plan !== undefined);
    const { decision } = plan;
    assert.equal(decision.route, 'local');
    assert.equal(decision.category, 'types');
    assert.ok(decision.score < 0.5);
    assert.ok(decision.reasons.length > 0);
    assert.ok(decision.promptTokens > 10);
    assert.deepEqual(
      plan.chain.map((target) => `${target.id}:${target.model}`),
      ['local-code:qwen2.5-coder:7b', 'claude:claude-sonnet-5-5'],
    );
  });

  it('follows the routing settings: a per-category route and /local', async () => {
    await openAndSelect('src/orders.py', 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)');
    const forced = await withSetting('llmRouter.categoryRoutes', { types: 'cloud' }, () => classifySelection('Add type hints'));
    assert.equal(forced?.route, 'cloud');
    assert.equal(forced?.chain[0]?.id, 'claude');
    const local = await classifySelection('/local why does value() hang under load?');
    assert.equal(local?.route, 'local');
    assert.equal(local?.decision.overriddenBy, 'You (/local)');
  });

  it('routes a concurrency investigation of the selected class to Claude', async () => {
    const editor = await openAndSelect('src/orders.py');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
    const plan = await classifySelection('Sometimes value() hangs under load; why?');
    assert.ok(plan !== undefined);
    const { decision } = plan;
    assert.equal(decision.route, 'cloud');
    assert.deepEqual(
      plan.chain.map((target) => target.id),
      ['claude'],
    );
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
    const plan = await withSetting('llmRouter.classifier.maxLocalTokens', 256, async () => {
      const long = `Rename the variable items to line_items everywhere. ${'Keep the behaviour identical. '.repeat(60)}`;
      return classifySelection(long);
    });
    assert.ok(plan !== undefined);
    assert.equal(plan.decision.route, 'cloud');
    assert.equal(plan.decision.category, 'long-context');
  });

  it('does nothing and returns no decision when no editor is open', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const plan = await classifySelection('Add type hints');
    assert.equal(plan, undefined);
  });
});
