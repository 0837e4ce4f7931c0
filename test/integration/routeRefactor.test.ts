import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RouteRefactorArgs, RouteRefactorOutcome } from '../../src/vscode/commands/routeRefactor';
import { isoWeekOf } from '../../src/core/reports/period';
import { Commands, PREVIEW_SCHEME } from '../../src/vscode/ids';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { snapshotEditor, tracesSince } from './editorTraces';
import { activatedExtension, openAndSelect, revertAndCloseAll, settingsScope, withSetting } from './extension';

const TOTAL = 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)';
const TYPED = 'def total(items: list[dict[str, float]]) -> float:\n    return sum(item["price"] * item["quantity"] for item in items)';
const route = (args: RouteRefactorArgs) => vscode.commands.executeCommand<RouteRefactorOutcome>(Commands.routeRefactor, args);
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const CART_TOTAL = 'export function cartTotal(prices: number[]): number {\n  let total = 0;\n  for (const price of prices) total += price;\n  return total;\n}';
const fenced = (code: string) => `\`\`\`ts\n${code}\n\`\`\``;
/** The first TypeScript check in a window loads VS Code's TypeScript and parses its library files: seconds, more on a busy machine. */
const FIRST_TYPESCRIPT_CHECK_MS = 120_000;
const chats = (fake: FakeOllama | FakeAnthropic, path: string) => fake.requests.filter((entry) => entry.path === path).length;
const diffPreviewOpen = () => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PREVIEW_SCHEME));

/**
 * Routes in preview mode and answers the "apply the proposed edit?" notification as a user
 * would: `notification.acceptPrimaryAction` is Accept; `notifications.clearAll` dismisses it,
 * which rejects. Each is repeated until the command returns, since the question appears a
 * moment after the diff opens.
 */
async function routeInPreview(answer: 'accept' | 'reject'): Promise<RouteRefactorOutcome> {
  await vscode.commands.executeCommand('notifications.clearAll');
  let settled = false;
  const running = route({ instruction: 'Make the parameter readonly', applyMode: 'preview' }).then((outcome) => {
    settled = true;
    return outcome;
  });
  await eventually(() => Promise.resolve(diffPreviewOpen() || settled ? true : undefined), 30_000);
  assert.equal(settled, false, 'the diff preview waits for an answer');
  while (!settled) {
    await vscode.commands.executeCommand(answer === 'accept' ? 'notification.acceptPrimaryAction' : 'notifications.clearAll');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return running;
}

describe('LLM Router: Route this refactor', () => {
  let ollama: FakeOllama;
  let anthropic: FakeAnthropic;
  const settings = settingsScope();
  const set = settings.set;

  before(async () => {
    await activatedExtension();
  });

  beforeEach(async () => {
    [ollama, anthropic] = await Promise.all([startFakeOllama(), startFakeAnthropic({ apiKey: 'sk-ant-integration-test-key-0001' })]);
    process.env.ANTHROPIC_API_KEY = 'sk-ant-integration-test-key-0001';
    await set('llmRouter.ollama.host', ollama.url);
    await set('llmRouter.targets', { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } });
  });

  afterEach(async () => {
    await settings.restore();
    delete process.env.ANTHROPIC_API_KEY;
    await revertAndCloseAll();
    await Promise.all([ollama.close(), anthropic.close()]);
  });

  it('applies the local answer as one edit, and one undo restores the buffer exactly (and is recorded as undone)', async () => {
    const { api } = await activatedExtension();
    const week = isoWeekOf(new Date());
    const outcomesBefore = (await api.report(week))?.outcomes;
    const editor = await openAndSelect('src/orders.py', TOTAL);
    const before = editor.document.getText();
    ollama.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\`` });
    const outcome = await route({ instruction: 'Add type hints' });
    assert.equal(outcome.status, 'applied');
    assert.equal(outcome.result?.answer?.target.id, 'local-code');
    assert.equal(editor.document.getText(), before.replace(TOTAL, TYPED));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
    assert.equal(chats(anthropic, '/v1/messages'), 0);
    const outcomes = await eventually(async () => {
      const now = (await api.report(week))?.outcomes;
      return now !== undefined && now.undone > (outcomesBefore?.undone ?? 0) ? now : undefined;
    });
    assert.equal(outcomes.undone, (outcomesBefore?.undone ?? 0) + 1, 'the undo within the window marks the answer undone');
    assert.equal(outcomes.accepted, outcomesBefore?.accepted ?? 0, 'the latest outcome wins: it no longer counts as accepted');
  });

  it('escalates to Claude when the local answer fails a check, and says which model answered', async () => {
    const editor = await openAndSelect('src/orders.py', TOTAL);
    const before = editor.document.getText();
    ollama.script.push({ reply: 'Add `-> float` to the signature.' });
    anthropic.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\`` });
    const outcome = await route({ instruction: 'Add type hints' });
    assert.equal(outcome.status, 'applied');
    assert.equal(outcome.result?.answer?.target.id, 'claude');
    assert.match(outcome.result?.record.attempts[0]?.reason ?? '', /fenced code block/);
    assert.equal(editor.document.getText(), before.replace(TOTAL, TYPED));
  });

  it('rejects an edit that adds errors the editor reports, checked on a copy', async function () {
    this.timeout(FIRST_TYPESCRIPT_CHECK_MS);
    const editor = await openAndSelect('src/cart.ts', 'export function cartTotal(prices: number[]): number {\n  let total = 0;\n  for (const price of prices) total += price;\n  return total;\n}');
    const before = editor.document.getText();
    ollama.script.push({ reply: '```ts\nexport function cartTotal(prices: number[]): number {\n  let total = 0;\n  for (const price of prices) total += price\n  return total.;\n}\n```' });
    anthropic.script.push({ reply: '```ts\nexport function cartTotal(prices: readonly number[]): number {\n  let total = 0;\n  for (const price of prices) total += price;\n  return total;\n}\n```' });
    const outcome = await route({ instruction: 'Make the parameter readonly' });
    assert.equal(outcome.result?.record.attempts[0]?.outcome, 'gate-failed', JSON.stringify(outcome.result?.record.attempts));
    assert.match(outcome.result?.record.attempts[0]?.reason ?? '', /adds \d+ errors? in the edited code/);
    assert.equal(outcome.status, 'applied');
    assert.match(editor.document.getText(), /prices: readonly number\[\]/);
    assert.notEqual(editor.document.getText(), before);
  });

  it('leaves no document, tab, Problems entry or unsaved file behind when the check rejects every answer', async function () {
    this.timeout(FIRST_TYPESCRIPT_CHECK_MS);
    const editor = await openAndSelect('src/cart.ts', CART_TOTAL);
    const before = editor.document.getText();
    const snapshot = snapshotEditor();
    // A syntax error from the local model, a type error (semantic only) from Claude.
    ollama.script.defaults = { reply: fenced(CART_TOTAL.replace('return total;', 'return total.;')) };
    anthropic.script.defaults = { reply: fenced(CART_TOTAL.replace('let total = 0;', 'let total: string = 0;')) };
    const outcome = await route({ instruction: 'Make the parameter readonly' });
    assert.equal(outcome.status, 'failed');
    const attempts = outcome.result?.record.attempts ?? [];
    assert.deepEqual(new Set(attempts.map((attempt) => attempt.targetId)), new Set(['local-code', 'claude']));
    for (const attempt of attempts) assert.match(attempt.reason ?? '', /adds \d+ errors? in the edited code/, JSON.stringify(attempt));
    assert.equal(editor.document.getText(), before);
    assert.deepEqual(await tracesSince(snapshot, editor.document.uri, false), []);
  });

  it('leaves nothing behind but the applied edit when the check passes', async () => {
    const editor = await openAndSelect('src/cart.ts', CART_TOTAL);
    const snapshot = snapshotEditor();
    ollama.script.push({ reply: fenced(CART_TOTAL.replace('prices: number[]', 'prices: readonly number[]')) });
    const outcome = await route({ instruction: 'Make the parameter readonly' });
    assert.equal(outcome.status, 'applied');
    assert.equal(outcome.result?.answer?.target.id, 'local-code');
    assert.deepEqual(await tracesSince(snapshot, editor.document.uri, true), []);
  });

  it('leaves no tab, Problems entry or unsaved file behind after an accepted diff preview, only the edit', async function () {
    this.timeout(FIRST_TYPESCRIPT_CHECK_MS);
    const editor = await openAndSelect('src/cart.ts', CART_TOTAL);
    const before = editor.document.getText();
    const snapshot = snapshotEditor();
    ollama.script.push({ reply: fenced(CART_TOTAL.replace('prices: number[]', 'prices: readonly number[]')) });
    const outcome = await routeInPreview('accept');
    assert.equal(outcome.status, 'applied');
    assert.equal(editor.document.getText(), before.replace('prices: number[]', 'prices: readonly number[]'));
    assert.equal(diffPreviewOpen(), false);
    assert.deepEqual(await tracesSince(snapshot, editor.document.uri, true), []);
  });

  it('leaves the file as it was and nothing behind after a rejected diff preview', async function () {
    this.timeout(FIRST_TYPESCRIPT_CHECK_MS);
    const editor = await openAndSelect('src/cart.ts', CART_TOTAL);
    const before = editor.document.getText();
    const snapshot = snapshotEditor();
    ollama.script.push({ reply: fenced(CART_TOTAL.replace('prices: number[]', 'prices: readonly number[]')) });
    const outcome = await routeInPreview('reject');
    assert.equal(outcome.status, 'rejected');
    assert.equal(editor.document.getText(), before);
    assert.equal(editor.document.isDirty, false);
    assert.equal(diffPreviewOpen(), false);
    assert.deepEqual(await tracesSince(snapshot, editor.document.uri, false), []);
  });

  it('renames through the editor’s own rename provider, with no model at all', async () => {
    const editor = await openAndSelect('src/cart.ts', 'export function cartTotal(prices: number[]): number {');
    const outcome = await route({ instruction: 'Rename cartTotal to sumPrices' });
    assert.equal(outcome.status, 'renamed');
    const text = editor.document.getText();
    assert.ok(!text.includes('cartTotal'), text);
    assert.equal(text.match(/sumPrices/g)?.length, 2, 'the declaration and its use');
    assert.equal(chats(ollama, '/api/chat') + chats(anthropic, '/v1/messages'), 0);
  });

  it('leaves the buffer alone when the file changes while the model works', async () => {
    const editor = await openAndSelect('src/orders.py', TOTAL);
    ollama.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\``, latencyMs: 600 });
    const running = route({ instruction: 'Add type hints' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '# edited meanwhile\n'));
    const during = editor.document.getText();
    const outcome = await running;
    assert.equal(outcome.status, 'stale');
    assert.equal(editor.document.getText(), during);
  });

  it('leaves the buffer alone when cancelled', async () => {
    const editor = await openAndSelect('src/orders.py', TOTAL);
    const before = editor.document.getText();
    ollama.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\``, tokensPerSecond: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const outcome = await route({ instruction: 'Add type hints', signal: controller.signal });
    assert.equal(outcome.status, 'cancelled');
    assert.equal(editor.document.getText(), before);
    assert.equal(chats(anthropic, '/v1/messages'), 0);
  });

  it('leaves the buffer alone and says why when every model fails', async () => {
    const editor = await openAndSelect('src/orders.py', TOTAL);
    const before = editor.document.getText();
    ollama.script.defaults = { fault: { kind: 'model-missing' } };
    delete process.env.ANTHROPIC_API_KEY;
    const outcome = await route({ instruction: 'Add type hints' });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.result?.record.failure ?? '', /ollama pull qwen2\.5-coder:7b.*no Anthropic API key/s);
    assert.equal(editor.document.getText(), before);
  });

  it('keeps a sensitive file on this machine', async () => {
    await openAndSelect('src/orders.py', TOTAL);
    await set('llmRouter.privacy.localOnlyGlobs', ['**/orders.py']);
    ollama.script.defaults = { fault: { kind: 'model-missing' } };
    const outcome = await route({ instruction: 'Why does this deadlock under load?' });
    assert.equal(outcome.plan?.localOnly, true);
    assert.equal(chats(anthropic, '/v1/messages'), 0);
    assert.notEqual(outcome.status, 'applied');
  });

  it('asks for a selection first', async () => {
    const editor = await openAndSelect('src/orders.py');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const outcome = await withSetting('llmRouter.apply.mode', 'direct', () => route({ instruction: 'Add type hints' }));
    assert.equal(outcome.status, 'no-selection');
  });
});
