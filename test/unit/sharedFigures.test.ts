import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { fileFor, Ledger } from '../../src/core/ledger/ledger';
import { UsageTally } from '../../src/core/ledger/usageTally';
import { fallbackRows, kpiCards } from '../../src/core/panel/panelFigures';
import type { PanelState } from '../../src/core/panel/panelMessages';
import { recentDecision } from '../../src/core/panel/recentDecisions';
import { PriceTable } from '../../src/core/pricing/prices';
import { meterText, meterTooltip, statsMarkdown } from '../../src/core/reports/figureText';
import { buildReport } from '../../src/core/reports/ledgerReport';
import { monthPeriod } from '../../src/core/reports/period';
import { reportCsv, reportMarkdown, reportText } from '../../src/core/reports/reportFormats';
import { summarise } from '../../src/core/reports/runSummary';
import { factsOf } from '../../src/core/ledger/taskFacts';
import { formatSummary } from '../../src/cli/batchCommand';
import { ProgressBar } from '../../src/cli/progressBar';
import type { CliIo } from '../../src/cli/io';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { cloudAttempt, localAttempt, sampleRecord, usage } from '../data/sampleRecord';

const NOW = new Date('2026-11-22T18:00:00Z');
const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`;
const claude = { targetId: 'claude', provider: 'anthropic' as const, model: 'claude-sonnet-5-5', local: false };
const baselined = { answerTokens: 200, baselineModel: 'claude-sonnet-5-5', baselineCostUsd: 0.006 };
const decision = (route: 'local' | 'cloud') => ({ route, category: 'types', score: 0.1, promptTokens: 1000, reasons: ['The instruction asks for type annotations → local'] });

/** One ledger with every kind of task. Each baseline is $0.006 (1,000 prompt and 200 answer tokens on Sonnet 5.5). */
function ledgerRecords(): TaskRecord[] {
  const local = (id: string, minute: number) => sampleRecord(id, at(minute), { decision: decision('local'), attempts: [localAttempt(at(minute))], ...baselined });
  return [
    local('kept', 1),
    local('plain', 2),
    // The local model timed out, Claude answered: fell back, $0.006 spent.
    sampleRecord('fallback', at(3), { decision: decision('local'), attempts: [localAttempt(at(3), { outcome: 'timeout', reason: 'no first token within 60 s', usage: usage(0, 0) }), cloudAttempt(at(3))], final: claude, costUsd: 0.006, ...baselined }),
    // Claude alone, timed out after streaming: failed, $0.004 spent, no fallback.
    sampleRecord('cloud-failed', at(4), { decision: decision('cloud'), route: 'cloud', attempts: [cloudAttempt(at(4), { outcome: 'timeout', reason: 'no answer within 120 s', costUsd: 0.004 })], outcome: 'failed', failure: 'claude timed out', final: undefined, costUsd: 0.004, baselineCostUsd: undefined }),
    // The local model failed, then Claude did too: fell back and failed, $0.002 spent.
    sampleRecord('no-answer', at(5), {
      decision: decision('local'),
      attempts: [localAttempt(at(5), { outcome: 'error', errorKind: 'unreachable', reason: 'Ollama is not running' }), cloudAttempt(at(5), { outcome: 'error', errorKind: 'overloaded', reason: 'overloaded', costUsd: 0.002 })],
      outcome: 'failed',
      failure: 'every target failed',
      final: undefined,
      costUsd: 0.002,
      baselineCostUsd: undefined,
    }),
    local('undone', 6),
    local('rejected', 7),
    sampleRecord('editor', at(8), { decision: decision('local'), attempts: [], outcome: 'editor-action', final: undefined, ...baselined }),
    // A remote OpenAI-compatible target without a price answered: its spending is unknown, it claims no saving.
    sampleRecord('unpriced', at(10), {
      decision: decision('cloud'),
      route: 'cloud',
      attempts: [cloudAttempt(at(10), { targetId: 'team-server', provider: 'openai-compatible', model: 'team-llama', costUsd: undefined })],
      final: { targetId: 'team-server', provider: 'openai-compatible', model: 'team-llama', local: false },
      costUsd: 0,
      costUnknown: true,
      ...baselined,
    }),
    sampleRecord('refused', at(9), { decision: { ...decision('cloud'), overriddenBy: 'privacy' }, route: 'cloud', attempts: [], outcome: 'refused', failure: 'local-only file', final: undefined, baselineCostUsd: undefined }),
  ];
}

/**
 * By hand: 10 tasks; answered: kept, plain, fallback, undone, rejected, editor, unpriced = 7, of
 * which 5 on this machine; fell back: fallback, no-answer = 2; failed: cloud-failed, no-answer = 2;
 * spent $0.006 + $0.004 + $0.002 = $0.012 at a known price, and the unpriced task at unknown cost;
 * kept baselines: kept, plain, fallback, editor = $0.024 (not the unpriced one); saved $0.012.
 */
const EXPECTED = { tasks: 10, answeredLocally: 5, answered: 7, fellBack: 2, failed: 2, spent: '$0.0120 + 1 task at unknown cost', saved: '$0.0120' };

type Shown = typeof EXPECTED;

/** The shared figures as a surface's text shows them. */
function read(text: string, money: { spent: RegExp; saved: RegExp }): Shown {
  const number = (pattern: RegExp) => {
    const match = pattern.exec(text);
    assert.ok(match !== null, `${pattern} in:\n${text}`);
    return match.slice(1).map((value) => (value === undefined ? NaN : Number(value.replace(/,/g, ''))));
  };
  const word = (pattern: RegExp) => pattern.exec(text)?.[1]?.trim() ?? `no ${pattern} in:\n${text}`;
  const [answeredLocally, answered] = number(/([\d,]+) of ([\d,]+) answered on this machine/);
  return {
    tasks: number(/([\d,]+) tasks?\b/)[0],
    answeredLocally: answeredLocally,
    answered: answered,
    fellBack: number(/(?:([\d,]+) fell back|Triggered:?\s+([\d,]+))/).find((value) => !Number.isNaN(value))!,
    failed: number(/([\d,]+) failed/)[0],
    spent: word(money.spent),
    saved: word(money.saved),
  };
}

describe('one ledger, the same figures on every surface', () => {
  it('the report, the panel, the meter and @router /stats agree on tasks, local answers, fallbacks, failures, cost and saving', async () => {
    const ledger = new Ledger(new NodeLedgerFiles(mkdtempSync(join(tmpdir(), 'llm-router-figures-'))));
    for (const record of ledgerRecords()) await ledger.write(record);
    await ledger.writeOutcome({ taskId: 'kept', at: at(30), outcome: 'accepted' });
    await ledger.writeOutcome({ taskId: 'undone', at: at(31), outcome: 'accepted' });
    await ledger.writeOutcome({ taskId: 'undone', at: at(32), outcome: 'undone' });
    await ledger.writeOutcome({ taskId: 'rejected', at: at(33), outcome: 'rejected' });

    // The reports (llm-router report, Export Routing Report, @router /report) and the panel read one report.
    const report = await buildReport(ledger, { period: monthPeriod(NOW), baselineModel: 'claude-sonnet-5-5', prices: new PriceTable(), maxLocalTokens: 4000 });
    // The meter and @router /stats read the tally the extension keeps, fed as it reads the month.
    const tally = new UsageTally();
    const month = monthPeriod(NOW);
    tally.begin(NOW, (await ledger.labels(month.from, month.to)).outcomes);
    await ledger.scanAppended(fileFor(NOW), 0, (facts) => tally.add(facts));
    const figures = tally.figures(NOW);

    const state: Pick<PanelState, 'report' | 'recent'> = { report, recent: (await ledger.recent(50, NOW)).map(recentDecision) };
    const cards = Object.fromEntries(kpiCards(state).map((card) => [card.label, card]));
    const panel = [...Object.values(cards).map((card) => `${card.label}: ${card.value} (${card.detail})`), ...fallbackRows(report).map(([term, description]) => `${term}: ${description}`)].join('\n');

    const shown: Record<string, Shown> = {
      'report (text)': read(reportText(report), { spent: /^Total\s+[\d,]+\s+(\$[\d.]+(?: \+ [\d,]+ tasks? at unknown cost)?)$/m, saved: /^Savings\s+(-?\$[\d.]+)/m }),
      'report (markdown)': read(reportMarkdown(report), { spent: /\*\*Total\*\*.*\*\*(\$[\d.]+(?: \+ [\d,]+ tasks? at unknown cost)?)\*\*/, saved: /\*\*Savings:\*\* (-?\$[\d.]+)/ }),
      panel: read(panel, { spent: /^Spend: (\$[\d.]+(?: \+ [\d,]+ tasks? at unknown cost)?)/m, saved: /^Saved: (-?\$[\d.]+)/m }),
      'meter tooltip (this month)': read(meterTooltip(figures, undefined).split('**This month**')[1] ?? '', { spent: /spent (\$[\d.]+(?: \+ [\d,]+ tasks? at unknown cost)?)/, saved: /saved (-?\$[\d.]+)/ }),
      '@router /stats (today)': read(statsMarkdown(figures).split('**This month**')[0] ?? '', { spent: /spent (\$[\d.]+(?: \+ [\d,]+ tasks? at unknown cost)?)/, saved: /saved (-?\$[\d.]+)/ }),
      '@router /stats (this month)': read(statsMarkdown(figures).split('**This month**')[1] ?? '', { spent: /spent (\$[\d.]+(?: \+ [\d,]+ tasks? at unknown cost)?)/, saved: /saved (-?\$[\d.]+)/ }),
    };
    for (const [surface, figuresShown] of Object.entries(shown)) assert.deepEqual(figuresShown, EXPECTED, surface);
    assert.match(meterText(figures), /saved \$0\.0120$/, 'the status bar');
    // The batch summary (no editor outcomes in a batch) says the same of what was spent.
    assert.match(formatSummary(summarise(ledgerRecords().map(factsOf)), 10, 10, 0), /^spent \$0\.0120 \+ 1 task at unknown cost · /m, 'llm-router batch');
    assert.match(reportCsv(report), /,tasks_at_unknown_cost,,,1,/, 'the CSV report');
    assert.equal(report.totals.costUnknownTasks, 1, 'the JSON report');

    // "Fell back: claude…" in the recent decisions exactly for the tasks the fallback analysis counts.
    const fellBack = state.recent.filter((row) => row.fallback !== undefined);
    assert.equal(fellBack.length, report.totals.fellBack);
    assert.deepEqual(fellBack.map((row) => row.fallback).sort(), ['qwen2.5-coder:7b: Ollama is not running', 'qwen2.5-coder:7b: no first token within 60 s']);
    assert.equal(state.recent.find((row) => row.at === at(4))?.fallback, undefined, 'a cloud task that failed on its only target did not fall back');
  });

  it('a model or target without a price reads as unknown cost in every row, never $0.0000, and the batch progress bar says so', async () => {
    const ledger = new Ledger(new NodeLedgerFiles(mkdtempSync(join(tmpdir(), 'llm-router-unpriced-'))));
    for (const record of ledgerRecords()) await ledger.write(record);
    const report = await buildReport(ledger, { period: monthPeriod(NOW), baselineModel: 'claude-sonnet-5-5', prices: new PriceTable(), maxLocalTokens: 4000 });
    const row = report.models.find((model) => model.model === 'team-llama');
    assert.deepEqual([row?.costUsd, row?.costUnknownRequests], [0, 1]);
    assert.match(reportText(report), /^team-llama +1 +3\.0 s +unknown cost$/m, 'report (text)');
    assert.match(reportMarkdown(report), /^\| `team-llama` \| cloud \| 1 \| 3\.0 s \| 3\.0 s \| unknown cost \|$/m, 'report (markdown)');
    assert.match(reportCsv(report), /^[^,]+,model,team-llama,cloud,1,1,3000,3000,1500,300,$/m, 'the CSV leaves the cost empty');
    assert.match(reportText(report), /^claude-sonnet-5-5 +\d+ +[\d.]+ s +\$0\.0120$/m, 'a priced model keeps its cost');

    const tally = new UsageTally();
    tally.begin(NOW);
    await ledger.scanAppended(fileFor(NOW), 0, (facts) => tally.add(facts));
    assert.match(statsMarkdown(tally.figures(NOW)), /^\| team-llama \| cloud \| 1 \| 1\.8k \| unknown cost \|$/m, 'the meter tooltip and /stats');
    assert.match(formatSummary(summarise(ledgerRecords().map(factsOf)), 10, 10, 0), /^team-server \(team-llama\) .* unknown cost /m, 'llm-router batch');

    let shown = '';
    const io = { stdout: process.stdout, stderr: Object.assign({ write: (text: string) => ((shown += text), true) }, { isTTY: true, columns: 120 }), onInterrupt: () => undefined } as unknown as CliIo;
    new ProgressBar(io, 10).update({ done: 4, running: 1, failed: 0, costUsd: 0.012, costUnknownTasks: 1, savedUsd: 0.01 }, true);
    assert.match(shown, /spent \$0\.0120 \+ 1 task at unknown cost · saved \$0\.0100/);
  });
});
