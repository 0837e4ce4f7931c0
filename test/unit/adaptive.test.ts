import * as assert from 'node:assert/strict';
import { factsOf } from '../../src/core/ledger/taskFacts';
import { AdaptiveRouting, DEFAULT_ADAPTIVE_SETTINGS, type AdaptiveSettings } from '../../src/core/policy/adaptive';
import type { Decision } from '../../src/core/task';
import { sampleRecord } from '../data/sampleRecord';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

/** A docs task answered locally, or whose local attempt failed. */
function docsTask(id: string, failed: boolean, minutesAgo = 10) {
  const record = sampleRecord(id, at(minutesAgo));
  return factsOf({
    ...record,
    decision: { ...record.decision, category: 'docs' },
    attempts: record.attempts.map((attempt) => (failed ? { ...attempt, outcome: 'gate-failed' as const, reason: 'the answer has no code block' } : attempt)),
  });
}

const borderline: Decision = { route: 'local', category: 'docs', score: 0.35, reasons: ['Writes a docstring → local'], promptTokens: 300 };

describe('adaptive routing', () => {
  let settings: AdaptiveSettings;
  let adaptive: AdaptiveRouting;
  beforeEach(() => {
    settings = { ...DEFAULT_ADAPTIVE_SETTINGS, enabled: true };
    adaptive = new AdaptiveRouting(() => settings);
  });

  it('moves borderline tasks of a category failing locally to the cloud, and says why', () => {
    for (let index = 0; index < 10; index++) adaptive.observeTask(docsTask(`t${index}`, index < 3));
    const moved = adaptive.adjust(borderline, NOW);
    assert.equal(moved.route, 'cloud');
    assert.match(moved.reasons[0] ?? '', /^Adaptive routing: local answers for docs failed on 3 of the last 10 tasks \(30%, over your 20% limit\), and this task is borderline \(score 0\.35\)/);
    assert.equal(adaptive.adjust({ ...borderline, score: 0.1 }, NOW).route, 'local', 'a clearly mechanical task stays local');
    assert.equal(adaptive.adjust({ ...borderline, category: 'rename' }, NOW).route, 'local', 'other categories are not affected');
    assert.equal(adaptive.adjust({ ...borderline, overriddenBy: 'You (/local)' }, NOW).route, 'local', 'an explicit choice wins');
  });

  it('counts an undone or re-asked local answer as a failure', () => {
    for (let index = 0; index < 10; index++) adaptive.observeTask(docsTask(`t${index}`, false));
    assert.equal(adaptive.adjust(borderline, NOW).route, 'local');
    for (const id of ['t1', 't2', 't3']) adaptive.observeOutcome(id, id === 't3' ? 're-asked' : 'undone');
    assert.equal(adaptive.failureRate('docs', NOW)?.failed, 3);
    assert.equal(adaptive.adjust(borderline, NOW).route, 'cloud');
  });

  it('brings the category back when background comparisons pass again, or when old failures age out', () => {
    for (let index = 0; index < 10; index++) adaptive.observeTask(docsTask(`t${index}`, index < 5, 60 * 24 * 20 - index));
    assert.equal(adaptive.adjust(borderline, NOW).route, 'local', 'failures from 20 days ago no longer count');
    for (let index = 0; index < 10; index++) adaptive.observeTask(docsTask(`n${index}`, index < 5));
    assert.equal(adaptive.adjust(borderline, NOW).route, 'cloud');
    for (let index = 0; index < 20; index++) adaptive.observeShadow({ taskId: `c${index}`, at: at(1), model: 'qwen2.5-coder:7b', passed: true, category: 'docs' });
    assert.equal(adaptive.adjust(borderline, NOW).route, 'local', 'twenty passing comparisons fill the window');
  });

  it('does nothing unless turned on, or with too few results', () => {
    for (let index = 0; index < 4; index++) adaptive.observeTask(docsTask(`t${index}`, true));
    assert.equal(adaptive.adjust(borderline, NOW).route, 'local', 'four results are too few');
    adaptive.observeTask(docsTask('t4', true));
    assert.equal(adaptive.adjust(borderline, NOW).route, 'cloud');
    settings = { ...settings, enabled: false };
    assert.equal(adaptive.adjust(borderline, NOW).route, 'local');
  });
});
