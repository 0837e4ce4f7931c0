import * as assert from 'node:assert/strict';
import { UsageTally } from '../../src/core/ledger/usageTally';
import { factsOf } from '../../src/core/ledger/taskFacts';
import { sampleRecord as sampleTaskRecord } from '../data/sampleRecord';

const sampleRecord = (...args: Parameters<typeof sampleTaskRecord>) => factsOf(sampleTaskRecord(...args));

const cloudRecord = (id: string, startedAt: string) =>
  sampleRecord(id, startedAt, {
    attempts: [
      {
        targetId: 'claude',
        provider: 'anthropic',
        model: 'claude-sonnet-5-5',
        local: false,
        retry: 0,
        startedAt,
        latencyMs: 2000,
        usage: { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 },
        costUsd: 0.007,
        outcome: 'answered',
      },
    ],
    final: { targetId: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', local: false },
    costUsd: 0.007,
    baselineCostUsd: 0.007,
  });

describe('usage tally (the status bar meter)', () => {
  const now = new Date('2026-11-22T15:00:00Z');

  it('counts today’s cloud tokens, local tokens and savings, and the month per model', () => {
    const tally = new UsageTally();
    tally.load([sampleRecord('yesterday', '2026-11-21T09:00:00.000Z'), cloudRecord('older', '2026-11-02T09:00:00.000Z'), sampleRecord('october', '2026-10-30T09:00:00.000Z')], now);
    tally.add(sampleRecord('local-today', '2026-11-22T10:00:00.000Z'));
    tally.add(cloudRecord('cloud-today', '2026-11-22T11:00:00.000Z'));
    const figures = tally.figures(now);
    assert.equal(figures.cloudTokensToday, 1500);
    assert.equal(figures.localTokensToday, 190);
    assert.equal(figures.today.tasks, 2);
    assert.ok(Math.abs(figures.savedTodayUsd - 0.0012) < 1e-9, 'the local answer saved its baseline; the cloud one saved nothing');
    assert.equal(figures.month.tasks, 4, 'October is not this month');
    assert.ok(Math.abs(tally.monthCostUsd(now) - 0.014) < 1e-9);
  });

  it('starts a new month when the first record of the next one arrives', () => {
    const tally = new UsageTally();
    tally.load([cloudRecord('a', '2026-11-30T09:00:00.000Z')], new Date('2026-11-30T10:00:00Z'));
    tally.add(sampleRecord('b', '2026-12-01T00:05:00.000Z'));
    const december = new Date('2026-12-01T01:00:00Z');
    assert.equal(tally.monthCostUsd(december), 0);
    assert.equal(tally.figures(december).month.tasks, 1);
  });
});
