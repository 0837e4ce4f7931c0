import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { Ledger } from '../../src/core/ledger/ledger';
import { PriceTable } from '../../src/core/pricing/prices';
import { buildReport, type LedgerReport } from '../../src/core/reports/ledgerReport';
import { isoWeekOf, weekPeriod } from '../../src/core/reports/period';
import { formatReport, reportCsv, reportText } from '../../src/core/reports/reportFormats';
import { readLedgerSettings } from '../../src/core/settings/ledgerSettings';
import type { SettingProblem } from '../../src/core/settings/routerSettings';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { cloudAttempt, localAttempt, sampleRecord, usage } from '../data/sampleRecord';

/**
 * The week 2026-W47 (Mon 16 – Sun 22 November), by hand:
 * - t1 rename, local, answered: 1 request, baseline 1000×1.5 in + 200×1.5 out on Sonnet 5.5 ($2/$10) = 0.003 + 0.003 = $0.006
 * - t2 rename, local timed out then Claude answered: 2 requests, spent $0.006, baseline $0.006 → saved 0 (fallback: timeout)
 * - t3 docs, local answered but the user undid it: a local failure for docs, and no saving
 * - t4 architecture, cloud by signal: spent $0.006, shadow run locally passed → an unnecessary fallback
 * - t5 big refactor, cloud only because of its 6,000 tokens: would move local at a 6,000 threshold
 * - t6 in the week before: not counted
 */
function weekRecords(): TaskRecord[] {
  const at = (day: number, hour = 10) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const local = (id: string, startedAt: string, category: string, overrides: Partial<TaskRecord> = {}) =>
    sampleRecord(id, startedAt, {
      decision: { route: 'local', category, score: 0.1, promptTokens: 1000, reasons: ['mechanical → local'], routeWithinLimit: 'local' },
      attempts: [localAttempt(startedAt)],
      answerTokens: 200,
      baselineModel: 'claude-sonnet-5-5',
      baselineCostUsd: 0.006,
      ...overrides,
    });
  return [
    local('t1', at(16), 'rename'),
    local('t2', at(17), 'rename', {
      attempts: [localAttempt(at(17), { outcome: 'timeout', errorKind: undefined, reason: 'no first token within 60 s', usage: usage(0, 0), latencyMs: 60000 }), cloudAttempt(at(17))],
      final: { targetId: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', local: false },
      costUsd: 0.006,
    }),
    local('t3', at(18), 'docs'),
    sampleRecord('t4', at(19), {
      decision: { route: 'cloud', category: 'architecture', score: 0.9, promptTokens: 1000, reasons: ['design → cloud'], routeWithinLimit: 'cloud' },
      route: 'cloud',
      attempts: [cloudAttempt(at(19))],
      final: { targetId: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', local: false },
      costUsd: 0.006,
      answerTokens: 200,
      baselineModel: 'claude-sonnet-5-5',
      baselineCostUsd: 0.006,
    }),
    sampleRecord('t5', at(20), {
      decision: { route: 'cloud', category: 'long-context', score: 0.9, promptTokens: 6000, reasons: ['too long → cloud'], routeWithinLimit: 'local' },
      route: 'cloud',
      attempts: [cloudAttempt(at(20))],
      final: { targetId: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', local: false },
      costUsd: 0.006,
      answerTokens: 200,
      baselineModel: 'claude-sonnet-5-5',
    }),
    local('t6', at(12), 'rename'),
  ];
}

async function seededReport(baselineModel = 'claude-sonnet-5-5'): Promise<LedgerReport> {
  const ledger = new Ledger(new NodeLedgerFiles(mkdtempSync(join(tmpdir(), 'llm-router-report-'))));
  for (const record of weekRecords()) await ledger.write(record);
  await ledger.writeOutcome({ taskId: 't3', at: '2026-11-18T10:01:00.000Z', outcome: 'undone' });
  await ledger.writeOutcome({ taskId: 't1', at: '2026-11-16T10:01:00.000Z', outcome: 'accepted' });
  await ledger.writeShadow({ taskId: 't4', at: '2026-11-19T10:02:00.000Z', model: 'qwen2.5-coder:7b', passed: true });
  return buildReport(ledger, { period: weekPeriod('2026-W47')!, baselineModel, prices: new PriceTable(), maxLocalTokens: 4000 });
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('routing report', () => {
  it('reads ISO weeks', () => {
    const week = weekPeriod('2026-W47');
    assert.equal(week?.from.toISOString(), '2026-11-16T00:00:00.000Z');
    assert.equal(week?.to.toISOString(), '2026-11-23T00:00:00.000Z');
    assert.equal(isoWeekOf(new Date('2026-11-22T23:00:00Z')), '2026-W47');
    assert.equal(isoWeekOf(new Date('2027-01-01T12:00:00Z')), '2026-W53');
    assert.equal(weekPeriod('2026-W60'), undefined);
  });

  it('adds up the week against hand-computed figures', async () => {
    const report = await seededReport();
    assert.equal(report.totals.tasks, 5, 'the week before is not counted');
    assert.equal(report.totals.requests, 6);
    assert.equal(report.totals.answeredLocally, 2);
    close(report.totals.costUsd, 0.018);
    // Baselines: the answers kept (t3 was undone); t5's 6,000 prompt tokens → 9,000 × $2 + 300 × $10 per million = $0.021.
    close(report.totals.baselineUsd, 0.006 * 3 + 0.021);
    close(report.totals.savedUsd, 0.006 * 3 + 0.021 - 0.018);
    const local = report.models.find((model) => model.model === 'qwen2.5-coder:7b');
    assert.equal(local?.requests, 3);
    assert.equal(local?.avgLatencyMs, (1000 + 60000 + 1000) / 3);
    assert.equal(report.models.find((model) => model.model === 'claude-sonnet-5-5')?.requests, 3);
    assert.equal(report.totals.fellBack, 1);
    assert.deepEqual(report.fallbacks, { unnecessary: 1, compared: 1, reasons: [{ reason: 'timeout', count: 1 }] });
    assert.deepEqual(report.outcomes, { accepted: 1, rejected: 0, undone: 1, 're-asked': 0 });
    assert.equal(report.days.length, 7);
    assert.equal(report.days[0]?.day, '2026-11-16');
  });

  it('flags nothing and suggests nothing from a handful of local tries (1 of 1 undone)', async () => {
    const report = await seededReport();
    const docs = report.categories.find((category) => category.category === 'docs');
    assert.deepEqual([docs?.localTries, docs?.localFailures, docs?.flagged], [1, 1, false]);
    const rename = report.categories.find((category) => category.category === 'rename');
    assert.deepEqual([rename?.localTries, rename?.localFailures, rename?.failureRate, rename?.flagged], [2, 1, 0.5, false]);
    assert.deepEqual(report.suggestions, []);
  });

  it('flags a category from ten local tries on, with a one-click rule that says how sure it is', async () => {
    const ledger = new Ledger(new NodeLedgerFiles(mkdtempSync(join(tmpdir(), 'llm-router-report-'))));
    const at = (index: number) => `2026-11-18T10:${String(index).padStart(2, '0')}:00.000Z`;
    const types = (index: number, failed: boolean) =>
      sampleRecord(`types-${index}`, at(index), {
        decision: { route: 'local', category: 'types', score: 0.1, promptTokens: 1000, reasons: [] },
        attempts: failed ? [localAttempt(at(index), { outcome: 'gate-failed', reason: 'the code does not parse' }), cloudAttempt(at(index))] : [localAttempt(at(index))],
        ...(failed ? { final: { targetId: 'claude', provider: 'anthropic' as const, model: 'claude-sonnet-5-5', local: false }, costUsd: 0.006 } : {}),
      });
    // 7 of 12 local tries failed: 5 failed a check, 2 were undone.
    for (let index = 0; index < 12; index++) await ledger.write(types(index, index < 5));
    for (const index of [5, 6]) await ledger.writeOutcome({ taskId: `types-${index}`, at: at(40 + index), outcome: 'undone' });
    // 9 tries of docs, all failed: not yet enough to flag.
    for (let index = 0; index < 9; index++) await ledger.write(sampleRecord(`docs-${index}`, at(20 + index), { decision: { route: 'local', category: 'docs', score: 0.1, promptTokens: 1000, reasons: [] } }));
    for (let index = 0; index < 9; index++) await ledger.writeOutcome({ taskId: `docs-${index}`, at: at(50 + index), outcome: 'rejected' });
    const report = await buildReport(ledger, { period: weekPeriod('2026-W47')!, baselineModel: 'claude-sonnet-5-5', prices: new PriceTable(), maxLocalTokens: 4000 });

    const typesRow = report.categories.find((category) => category.category === 'types');
    assert.deepEqual([typesRow?.localTries, typesRow?.localFailures, typesRow?.flagged], [12, 7, true]);
    assert.deepEqual([Math.round((typesRow?.interval.low ?? 0) * 100), Math.round((typesRow?.interval.high ?? 0) * 100)], [32, 81]);
    assert.equal(report.categories.find((category) => category.category === 'docs')?.flagged, false, '9 of 9 is not yet ten tries');
    assert.equal(report.suggestions.length, 1);
    const [rule] = report.suggestions;
    assert.equal(rule?.title, 'Route types tasks to the cloud');
    assert.match(rule?.detail ?? '', /7 of 12 failed \(58%, 95% interval 32–81%\)/);
    assert.deepEqual(rule?.setting, { key: 'llmRouter.categoryRoutes', value: { types: 'cloud' } });
    assert.match(formatReport(report, 'md'), /\| types \| 12 \| 7 \| 58% \(32–81%\) \|/);
  });

  it('counts the past tasks a different token threshold would move', async () => {
    const report = await seededReport();
    const step = (threshold: number) => report.whatIf.steps.find((entry) => entry.threshold === threshold);
    assert.deepEqual([step(500)?.toCloud, step(500)?.toLocal], [3, 0], 'the three local tasks of 1,000 tokens would go to the cloud');
    assert.deepEqual([step(4000)?.toCloud, step(4000)?.toLocal], [0, 0]);
    assert.deepEqual([step(6000)?.toCloud, step(6000)?.toLocal], [0, 1], 't5 would stay local');
  });

  it('re-prices the baseline on another model, such as GPT-4o', async () => {
    const report = await seededReport('gpt-4o');
    // GPT-4o counts ≈ cl100k: three kept tasks of 1,000 in + 200 out at $2.50/$10, and t5 at 6,000 in + 200 out.
    close(report.totals.baselineUsd, 3 * (0.0025 + 0.002) + (0.015 + 0.002));
  });

  it('prints the reference layout, markdown, CSV and JSON', async () => {
    const report = await seededReport();
    const text = reportText(report);
    assert.match(text, /Period: 2026-11-16 – 2026-11-22 \(2026-W47\)/);
    assert.match(text, /Total requests: 6 · 5 tasks · 2 of 5 answered on this machine \(40%\) · 1 fell back · 0 failed · 1 undone, rejected or re-asked\n/);
    assert.match(text, /qwen2\.5-coder:7b \(local\)\s+3\s+20\.7 s\s+\$0\.0000/);
    assert.match(text, /Baseline \(all claude-sonnet-5-5\)\s+\$0\.0390/);
    assert.match(text, /Savings\s+\$0\.0210 \(54%\)/);
    assert.match(text, /Triggered:\s+1 \(20% of tasks\)/);
    assert.match(text, /Unnecessary:\s+1 of 1 compared/);
    assert.match(text, /Top reasons:\s+timeout \(1\)/);
    assert.match(formatReport(report, 'md'), /\| `claude-sonnet-5-5` \| cloud \| 3 \|/);
    const csv = reportCsv(report).trim().split('\n');
    assert.equal(csv[0], 'period,row,model,where,requests,answered,avg_latency_ms,p95_latency_ms,input_tokens,output_tokens,cost_usd');
    assert.ok(csv.includes('2026-W47,savings,,,,,,,,,0.021000'));
    assert.equal((JSON.parse(formatReport(report, 'json')) as LedgerReport).totals.tasks, 5);
  });
});

describe('pricing', () => {
  it('prices by the date: Sonnet 5.5 cache reads were cut on 2026-10-07', () => {
    const prices = new PriceTable();
    const target = { provider: 'anthropic' as const, model: 'claude-sonnet-5-5' };
    const reads = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 1_000_000, cacheWriteTokens: 0 };
    close(prices.costOf(target, reads, '2026-10-06T12:00:00Z') ?? -1, 0.2);
    close(prices.costOf(target, reads, '2026-10-07T12:00:00Z') ?? -1, 0.1);
  });

  it('lets settings override a model and charge a local rate', () => {
    const problems: SettingProblem[] = [];
    const settings = readLedgerSettings(
      (key) =>
        ({
          'llmRouter.pricing.models': { 'claude-sonnet-5-5': { input: 1, output: 5 }, broken: { input: 'x' } },
          'llmRouter.pricing.localUsdPerMillionTokens': 0.05,
          'llmRouter.savings.baselineModel': 'gpt-4o',
        })[key],
      problems,
    );
    const prices = new PriceTable(settings.pricing);
    close(prices.costOf({ provider: 'anthropic', model: 'claude-sonnet-5-5' }, usage(1_000_000, 1_000_000), '2026-11-22') ?? -1, 6);
    close(prices.costOf({ provider: 'ollama', model: 'qwen2.5-coder:7b' }, usage(1_000_000, 1_000_000), '2026-11-22') ?? -1, 0.1);
    assert.equal(settings.baselineModel, 'gpt-4o');
    assert.deepEqual(
      problems.map((problem) => problem.setting),
      ['llmRouter.pricing.models'],
    );
    assert.match(problems[0]?.message ?? '', /"broken" needs "input" and "output"/);
  });
});
