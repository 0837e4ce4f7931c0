import * as assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { fileFor, lineOf } from '../../src/core/ledger/ledger';
import { isoWeekOf } from '../../src/core/reports/period';
import type { RouteRefactorOutcome } from '../../src/vscode/commands/routeRefactor';
import { Commands } from '../../src/vscode/ids';
import type { SavingsPanel } from '../../src/vscode/savingsPanel';
import { sampleRecord } from '../data/sampleRecord';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';
import { activatedExtension, openAndSelect, settingsScope } from './extension';

const TOTAL = 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)';
const TYPED = 'def total(items: list[dict[str, float]]) -> float:\n    return sum(item["price"] * item["quantity"] for item in items)';

function within<T>(ms: number, what: string, promise: Thenable<T>): Promise<T> {
  return Promise.race([Promise.resolve(promise), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);
}

describe('LLM Router: savings panel', () => {
  const settings = settingsScope();
  let ollama: FakeOllama;

  before(async () => {
    await activatedExtension();
    ollama = await startFakeOllama();
    await settings.set('llmRouter.ollama.host', ollama.url);
  });
  after(async () => {
    await settings.restore();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await ollama.close();
  });

  it('renders this week from the ledger: KPIs that match the report, four charts, recent decisions, and follows new records', async () => {
    await openAndSelect('src/orders.py', TOTAL);
    ollama.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\`` });
    assert.equal((await vscode.commands.executeCommand<RouteRefactorOutcome>(Commands.routeRefactor, { instruction: 'Add type hints' })).status, 'applied');
    await vscode.commands.executeCommand('undo');

    const panel = await within(5000, 'the panel opens', vscode.commands.executeCommand<SavingsPanel>(Commands.showSavings));
    const summary = await within(15_000, 'the panel renders', panel.nextRender());
    const { api } = await activatedExtension();
    const report = await api.report(isoWeekOf(new Date()));
    assert.ok(report !== undefined && report.totals.tasks > 0);
    assert.equal(summary.kpis.Requests, report.totals.requests.toLocaleString('en-US'));
    assert.equal(summary.kpis['Local share'], `${Math.round(report.totals.localShare * 100)}%`);
    assert.deepEqual(summary.charts, ['Requests per model', 'Tokens per day', 'Spend vs all-cloud baseline', 'Latency per model (p50 / p95)']);
    assert.ok(summary.recentRows >= 1, 'the refactor just routed is in the recent decisions');
    const editorRow = summary.trafficRows.find((row) => row.startsWith('Editor tasks | '));
    const editor = report.traffic.surfaces.find((row) => row.surface === 'editor');
    assert.ok(editorRow !== undefined && editor !== undefined, `traffic rows: ${summary.trafficRows.join(' / ')}`);
    assert.equal(editorRow.split(' | ')[1], editor.tasks.toLocaleString('en-US'), 'the panel shows the editor tasks the report counts');
    assert.ok(summary.requestTicks.length > 0 && summary.requestTicks.every((tick) => /^\d+$/.test(tick)), `requests axis: ${summary.requestTicks.join(', ')}`);
    const daysSoFar = report.days.filter((day) => day.day <= new Date().toISOString().slice(0, 10)).length;
    assert.equal(summary.baselinePoints, daysSoFar, 'the all-cloud line stops at today');
    assert.ok(!summary.flaggedCategories.includes('types'), 'one undone local answer is too few to flag types');

    // A new record refreshes the panel while it is visible: here beside the editor.
    await vscode.commands.executeCommand('workbench.action.moveEditorToNextGroup');
    await within(15_000, 'the moved panel renders again', panel.nextRender());
    const next = panel.nextRender();
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await openAndSelect('src/orders.py', TOTAL);
    ollama.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\`` });
    await vscode.commands.executeCommand(Commands.routeRefactor, { instruction: 'Add type hints' });
    const refreshed = await within(15_000, 'the panel follows the new record', next);
    assert.equal(refreshed.kpis.Requests, (report.totals.requests + 1).toLocaleString('en-US'));

    // A task with no editor outcome to follow (a chat answer) is added to what the panel holds,
    // without reading the ledger again; the figures are those of a report read afresh.
    const incremental = panel.nextRender();
    const [auto] = await vscode.lm.selectChatModels({ vendor: 'llm-router', id: 'auto' });
    assert.ok(auto !== undefined);
    ollama.script.push({ reply: 'Renamed.' });
    const response = await auto.sendRequest([vscode.LanguageModelChatMessage.User('Rename the variable x to count in: let x = 1;')], {}, new vscode.CancellationTokenSource().token);
    for await (const chunk of response.text) void chunk;
    const added = await within(15_000, 'the panel adds the chat task', incremental);
    const afresh = await api.report(isoWeekOf(new Date()));
    assert.ok(afresh !== undefined);
    assert.equal(added.kpis.Requests, afresh.totals.requests.toLocaleString('en-US'));
    assert.equal(added.kpis.Requests, (report.totals.requests + 2).toLocaleString('en-US'));
    assert.equal(added.kpis['Local share'], `${Math.round(afresh.totals.localShare * 100)}%`);

    // Tasks another process appends (llm-router batch --record) show up too.
    const external = panel.nextRender();
    appendFileSync(join(api.ledgerFolder, fileFor(new Date())), lineOf(sampleRecord('from-the-cli', new Date().toISOString())));
    const followed = await within(15_000, 'the panel shows a task another process recorded', external);
    assert.equal(followed.kpis.Requests, (report.totals.requests + 3).toLocaleString('en-US'));
    panel.dispose();
  });
});
