import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { Ledger } from '../../src/core/ledger/ledger';
import { factsOf } from '../../src/core/ledger/taskFacts';
import { UsageTally } from '../../src/core/ledger/usageTally';
import { PriceTable } from '../../src/core/pricing/prices';
import { savedByTask } from '../../src/core/reports/figures';
import { buildReport } from '../../src/core/reports/ledgerReport';
import { formatSaving } from '../../src/core/reports/numbers';
import { monthPeriod } from '../../src/core/reports/period';
import { summarise } from '../../src/core/reports/runSummary';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { cloudAttempt, localAttempt, sampleRecord, usage } from '../data/sampleRecord';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`;
const claude = { targetId: 'claude', provider: 'anthropic' as const, model: 'claude-sonnet-5-5', local: false };

/**
 * Each task's baseline is 1,000 prompt and 200 answer tokens on Sonnet 5.5: 1,500 × $2 + 300 × $10 per million = $0.006.
 * - kept: a local answer the user kept → saves its baseline
 * - undone, rejected: local answers the user undid or rejected → save nothing
 * - no-answer: the cloud timed out after streaming, $0.004 spent → a loss of $0.004
 * - cancelled: the user stopped it after $0.001 → a loss of $0.001
 * - cloud: answered by Claude for $0.006 → saves nothing
 * Saved: $0.006 kept − ($0.004 + $0.001 + $0.006) spent = −$0.005.
 */
function records(): TaskRecord[] {
  const answered = (id: string, minute: number, overrides: Partial<TaskRecord> = {}) =>
    sampleRecord(id, at(minute), { decision: { route: 'local', category: 'types', score: 0.1, promptTokens: 1000, reasons: [] }, attempts: [localAttempt(at(minute))], answerTokens: 200, baselineModel: 'claude-sonnet-5-5', baselineCostUsd: 0.006, ...overrides });
  return [
    answered('kept', 1),
    answered('undone', 2),
    answered('rejected', 3),
    sampleRecord('no-answer', at(4), {
      route: 'cloud',
      attempts: [cloudAttempt(at(4), { outcome: 'timeout', reason: 'no answer within 120 s', usage: usage(1500, 100), costUsd: 0.004 })],
      outcome: 'failed',
      final: undefined,
      costUsd: 0.004,
      baselineCostUsd: undefined,
    }),
    sampleRecord('cancelled', at(5), { route: 'cloud', attempts: [cloudAttempt(at(5), { outcome: 'cancelled', costUsd: 0.001 })], outcome: 'cancelled', final: undefined, costUsd: 0.001, baselineCostUsd: undefined }),
    answered('cloud', 6, { route: 'cloud', attempts: [cloudAttempt(at(6))], final: claude, costUsd: 0.006 }),
  ];
}

const OUTCOMES = [
  { taskId: 'kept', outcome: 'accepted' },
  { taskId: 'undone', outcome: 'accepted' },
  { taskId: 'undone', outcome: 'undone' },
  { taskId: 'rejected', outcome: 'rejected' },
] as const;

describe('savings: the baseline of the work kept minus everything spent', () => {
  it('in the report: an undone or rejected answer saves nothing, a task without an answer is a loss', async () => {
    const ledger = new Ledger(new NodeLedgerFiles(mkdtempSync(join(tmpdir(), 'llm-router-savings-'))));
    for (const record of records()) await ledger.write(record);
    for (const [index, event] of OUTCOMES.entries()) await ledger.writeOutcome({ ...event, at: at(30 + index) });
    const report = await buildReport(ledger, { period: monthPeriod(new Date(at(0))), baselineModel: 'claude-sonnet-5-5', prices: new PriceTable(), maxLocalTokens: 4000 });
    close(report.totals.costUsd, 0.011, 'spent');
    close(report.totals.baselineUsd, 0.012, 'baseline of the kept answers: kept and cloud');
    close(report.totals.savedUsd, 0.012 - 0.011, 'saved');
    assert.equal(report.totals.notKept, 2);
    const day = report.days.find((entry) => entry.day === '2026-11-22');
    close(day?.baselineUsd ?? NaN, 0.012, 'the spend chart’s baseline is the same baseline');
  });

  it('in a batch summary: failed and cancelled tasks’ spend counts against the savings', () => {
    const summary = summarise(records().map(factsOf));
    close(summary.costUsd, 0.011, 'spent');
    close(summary.baselineUsd, 0.006 * 4, 'no outcomes in a batch: every answer is kept');
    close(summary.savedUsd, 0.024 - 0.011, 'saved');
  });

  it('in the meter: an outcome recorded at start-up or arriving later takes the answer out of the savings', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const tally = new UsageTally();
    tally.begin(now, new Map([['rejected', 'rejected']]));
    for (const record of records()) tally.add(factsOf(record));
    close(tally.figures(now).savedTodayUsd, 0.006 * 3 - 0.011, 'the rejected answer saves nothing');
    tally.outcome('undone', 'accepted');
    tally.outcome('undone', 'undone');
    const figures = tally.figures(now);
    close(figures.savedTodayUsd, 0.006 * 2 - 0.011, 'nor, once undone, the undone one');
    close(figures.month.savedUsd, 0.006 * 2 - 0.011, 'this month too');
    assert.equal(figures.today.notKept, 2);
  });

  it('beside one answer: what it saved, or what it cost beyond all-cloud after a costly fallback', () => {
    const [kept, , , noAnswer] = records();
    assert.equal(formatSaving(savedByTask(kept) ?? NaN), 'saved $0.0060');
    assert.equal(savedByTask(noAnswer), undefined, 'no baseline, no saving to show');
    const fallback = sampleRecord('fallback', at(7), { attempts: [cloudAttempt(at(7), { outcome: 'timeout', costUsd: 0.004 }), cloudAttempt(at(7), { targetId: 'claude-2' })], final: claude, costUsd: 0.01, baselineCostUsd: 0.006 });
    assert.equal(formatSaving(savedByTask(fallback) ?? NaN), '$0.0040 more than all-cloud');
  });
});
