import * as assert from 'node:assert/strict';
import { UsageTally } from '../../src/core/ledger/usageTally';
import { factsOf } from '../../src/core/ledger/taskFacts';
import { countLatency, emptyHistogram, latencyAt, mergeLatencies } from '../../src/core/reports/latencyHistogram';
import { cloudAttempt, sampleRecord as sampleTaskRecord, usage } from '../data/sampleRecord';

const sampleRecord = (...args: Parameters<typeof sampleTaskRecord>) => factsOf(sampleTaskRecord(...args));

const cloudRecord = (id: string, startedAt: string) =>
  sampleRecord(id, startedAt, {
    attempts: [cloudAttempt(startedAt, { latencyMs: 2000, usage: usage(1000, 500), costUsd: 0.007 })],
    final: { targetId: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', local: false },
    costUsd: 0.007,
    baselineCostUsd: 0.007,
  });

describe('usage tally (the status bar meter)', () => {
  const now = new Date('2026-11-22T15:00:00Z');

  it('counts today’s cloud tokens, local tokens and savings, and the month per model', () => {
    const tally = new UsageTally();
    tally.begin(now);
    for (const record of [sampleRecord('october', '2026-10-30T09:00:00.000Z'), cloudRecord('older', '2026-11-02T09:00:00.000Z'), sampleRecord('yesterday', '2026-11-21T09:00:00.000Z')]) tally.add(record);
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
    tally.begin(new Date('2026-11-30T10:00:00Z'));
    tally.add(cloudRecord('a', '2026-11-30T09:00:00.000Z'));
    tally.add(sampleRecord('b', '2026-12-01T00:05:00.000Z'));
    const december = new Date('2026-12-01T01:00:00Z');
    assert.equal(tally.monthCostUsd(december), 0);
    assert.equal(tally.figures(december).month.tasks, 1);
  });

  it('shows an empty today once the day has passed without tasks, and keeps the month', () => {
    const tally = new UsageTally();
    tally.begin(now);
    tally.add(cloudRecord('late', '2026-11-22T23:00:00.000Z'));
    const nextMorning = new Date('2026-11-23T08:00:00Z');
    const figures = tally.figures(nextMorning);
    assert.equal(figures.today.tasks, 0);
    assert.equal(figures.cloudTokensToday, 0);
    assert.equal(figures.month.tasks, 1);
    assert.ok(Math.abs(figures.monthCostUsd - 0.007) < 1e-9);
  });

  it('reports the median and 95th percentile latency per target', () => {
    const tally = new UsageTally();
    tally.begin(now);
    for (let index = 1; index <= 20; index++) tally.add(sampleRecord(`t${index}`, '2026-11-22T10:00:00.000Z', { attempts: [{ ...sampleTaskRecord('x').attempts[0], latencyMs: index * 100 }] }));
    const [target] = tally.figures(now).today.targets;
    assert.equal(target?.medianLatencyMs, 1000);
    assert.equal(target?.p95LatencyMs, 1900);
  });

  it('keeps percentiles exact to the millisecond past a minute, and when tallies made apart are merged', () => {
    const latencies = [0.4, 850, 1_000.6, 59_999, 65_535, 65_536, 120_000, 3_600_000];
    const one = emptyHistogram();
    const [first, second] = [emptyHistogram(), emptyHistogram()];
    latencies.forEach((latency, index) => {
      countLatency(one, latency);
      countLatency(index % 2 === 0 ? first : second, latency);
    });
    mergeLatencies(first, second);
    for (const histogram of [one, first]) {
      assert.deepEqual(
        [0.01, 0.25, 0.5, 0.75, 0.9, 1].map((share) => latencyAt(histogram, latencies.length, share)),
        [0, 850, 59_999, 65_536, 3_600_000, 3_600_000],
      );
    }
    assert.equal(latencyAt(emptyHistogram(), 0, 0.5), 0);
  });
});
