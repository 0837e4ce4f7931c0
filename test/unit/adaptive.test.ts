import * as assert from 'node:assert/strict';
import { planTask } from '../../src/core/engine/planTask';
import type { AttemptRecord, TaskRecord } from '../../src/core/engine/taskRecord';
import { AdaptiveRouting, correctionReason, DEFAULT_ADAPTIVE_SETTINGS, type AdaptiveSettings } from '../../src/core/policy/adaptive';
import type { PersonalRoutingStore } from '../../src/core/policy/personalRoutingState';
import { planHeadline } from '../../src/core/policy/planHeadline';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { Decision, Task } from '../../src/core/task';
import { cloudAttempt, localAttempt, sampleRecord } from '../data/sampleRecord';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const DAY = 86_400_000;
const LIMIT = 4000;
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();

/** A task of `category` the classifier scored `score`, answered locally (or whose local attempt ended as `outcome`). */
function localTask(id: string, options: { category?: string; score?: number; outcome?: AttemptRecord['outcome']; ago?: number } = {}): TaskRecord {
  const startedAt = at(options.ago ?? 10 * 60_000);
  const record = sampleRecord(id, startedAt);
  return {
    ...record,
    decision: { ...record.decision, category: options.category ?? 'docs', score: options.score ?? 0.45 },
    attempts: [localAttempt(startedAt, { outcome: options.outcome ?? 'answered' })],
  };
}

function decision(score: number, category = 'docs'): Decision {
  return { route: score >= 0.5 ? 'cloud' : 'local', category, score, reasons: ['Writes a docstring → local'], promptTokens: 300 };
}

class MemoryStore implements PersonalRoutingStore {
  text: string | undefined;
  read(): Promise<string | undefined> {
    return Promise.resolve(this.text);
  }
  write(text: string): Promise<void> {
    this.text = text;
    return Promise.resolve();
  }
}

describe('adaptive routing: the personal correction', () => {
  let settings: AdaptiveSettings;
  let adaptive: AdaptiveRouting;
  beforeEach(() => {
    settings = { ...DEFAULT_ADAPTIVE_SETTINGS, enabled: true };
    adaptive = new AdaptiveRouting(() => settings);
  });

  it('moves a borderline task of a category whose local answers are kept to local, and says so', () => {
    for (let index = 0; index < 10; index++) adaptive.observeTask(localTask(`t${index}`), LIMIT);
    const offset = adaptive.correction('docs', NOW)?.offset ?? 0;
    assert.ok(offset < 0, `kept local answers move the correction toward local (${offset})`);
    const moved = adaptive.adjust(decision(0.55), NOW, LIMIT);
    assert.equal(moved.route, 'local');
    assert.ok(moved.score < 0.5);
    assert.deepEqual(moved.personal, { baseScore: 0.55, offset: Math.round(offset * 100) / 100, moved: true });
    assert.match(moved.reasons[0] ?? '', /^Your recent results for docs \(10 of 10 kept\) moved this borderline task to local: your personal correction of −\d\.\d\d on the log-odds takes its score from 0\.55 to 0\.\d\d → local$/);
    assert.equal(correctionReason(moved), moved.reasons[0]);
    assert.equal(adaptive.adjust(decision(0.95), NOW, LIMIT).route, 'cloud', 'a task that clearly needs reasoning still goes to the cloud');
    assert.deepEqual(adaptive.adjust(decision(0.55, 'refactor'), NOW, LIMIT), decision(0.55, 'refactor'), 'other categories are not affected');
  });

  it('moves toward the cloud for failed, undone, rejected and re-asked local answers and lost comparisons', () => {
    adaptive.observeTask(localTask('f1', { outcome: 'gate-failed' }), LIMIT);
    adaptive.observeTask(localTask('f2', { outcome: 'timeout' }), LIMIT);
    for (const id of ['u', 'r', 'q', 'k']) adaptive.observeTask(localTask(id), LIMIT);
    adaptive.observeOutcome('u', 'undone');
    adaptive.observeOutcome('r', 'rejected');
    adaptive.observeOutcome('q', 're-asked');
    for (let index = 0; index < 3; index++) adaptive.observeShadow({ taskId: `s${index}`, at: at(60_000), model: 'qwen2.5-coder:7b', passed: false, category: 'docs', score: 0.55 });
    const correction = adaptive.correction('docs', NOW);
    assert.ok((correction?.offset ?? 0) > 0, 'toward the cloud');
    assert.equal(correction?.results, 9);
    assert.equal(correction?.kept, 1);
    const moved = adaptive.adjust(decision(0.4), NOW, LIMIT);
    assert.equal(moved.route, 'cloud');
    assert.match(moved.reasons[0] ?? '', /^Your recent results for docs \(8 of 9 not kept\) moved this borderline task to the cloud: your personal correction of \+\d\.\d\d/);
  });

  it('moves toward local when background comparisons show the local model would have done', () => {
    for (let index = 0; index < 8; index++) adaptive.observeShadow({ taskId: `c${index}`, at: at(60_000), model: 'qwen2.5-coder:7b', passed: true, category: 'tests', score: 0.6 });
    assert.ok((adaptive.correction('tests', NOW)?.offset ?? 0) < 0);
    assert.equal(adaptive.adjust(decision(0.55, 'tests'), NOW, LIMIT).route, 'local');
  });

  it('recovers when the local model does well again: newer passing comparisons outweigh older failures', () => {
    for (let index = 0; index < 10; index++) adaptive.observeTask(localTask(`f${index}`, { outcome: 'gate-failed', ago: 3 * DAY }), LIMIT);
    assert.equal(adaptive.adjust(decision(0.4), NOW, LIMIT).route, 'cloud');
    for (let index = 0; index < 20; index++) adaptive.observeShadow({ taskId: `p${index}`, at: at(60_000), model: 'qwen2.5-coder:7b', passed: true, category: 'docs', score: 0.55 });
    assert.equal(adaptive.adjust(decision(0.4), NOW, LIMIT).route, 'local');
    assert.ok((adaptive.correction('docs', NOW)?.offset ?? 0) < 0);
  });

  it('learns little from results the classifier already expected', () => {
    for (let index = 0; index < 10; index++) adaptive.observeTask(localTask(`m${index}`, { score: 0.02 }), LIMIT);
    for (let index = 0; index < 10; index++) adaptive.observeTask(localTask(`b${index}`, { score: 0.45, category: 'types' }), LIMIT);
    const expected = Math.abs(adaptive.correction('docs', NOW)?.offset ?? 0);
    const surprising = Math.abs(adaptive.correction('types', NOW)?.offset ?? 0);
    assert.ok(expected < surprising / 5, `kept answers on clearly mechanical tasks move it ${expected}, on borderline ones ${surprising}`);
  });

  it('keeps the correction within its cap', () => {
    settings = { ...settings, window: 500 };
    for (let index = 0; index < 300; index++) adaptive.observeTask(localTask(`t${index}`, { score: 0.7 }), LIMIT);
    assert.equal(adaptive.correction('docs', NOW)?.offset, -1.5);
    settings = { ...settings, maxCorrection: 0.5 };
    assert.equal(adaptive.correction('docs', NOW + 2 * 60_000)?.offset, -0.5);
    assert.equal(adaptive.adjust(decision(0.7), NOW + 2 * 60_000, LIMIT).route, 'cloud', 'a 0.5 cap cannot move a 0.7 task');
  });

  it('does not act until the category has enough results', () => {
    for (let index = 0; index < 4; index++) adaptive.observeTask(localTask(`t${index}`), LIMIT);
    assert.equal(adaptive.correction('docs', NOW), undefined);
    assert.deepEqual(adaptive.adjust(decision(0.55), NOW, LIMIT), decision(0.55), 'four results are too few');
    adaptive.observeTask(localTask('t4'), LIMIT);
    assert.equal(adaptive.adjust(decision(0.55), NOW, LIMIT).route, 'local');
  });

  it('fades with age, so a category comes back to the classifier when nothing new is learned', () => {
    for (let index = 0; index < 12; index++) adaptive.observeTask(localTask(`t${index}`, { ago: index * 60_000 }), LIMIT);
    const fresh = adaptive.correction('docs', NOW)?.offset ?? 0;
    const weekLater = adaptive.correction('docs', NOW + 7 * DAY)?.offset ?? 0;
    assert.ok(fresh < weekLater && weekLater < 0, `a week later the correction is smaller (${fresh} → ${weekLater})`);
    assert.equal(adaptive.correction('docs', NOW + 14 * DAY), undefined, 'two half-lives later twelve results weigh too little to act');
    assert.deepEqual(adaptive.adjust(decision(0.55), NOW + 14 * DAY, LIMIT), decision(0.55));
    for (let index = 0; index < 10; index++) adaptive.observeTask(localTask(`old${index}`, { category: 'tests', ago: 30 * DAY }), LIMIT);
    assert.equal(adaptive.correction('tests', NOW), undefined, 'results older than four half-lives are dropped');
  });

  it('keeps a failed local attempt failed when the answer that replaced it is accepted', () => {
    for (let index = 0; index < 5; index++) adaptive.observeTask(localTask(`t${index}`, { outcome: 'gate-failed' }), LIMIT);
    for (let index = 0; index < 5; index++) assert.equal(adaptive.observeOutcome(`t${index}`, 'accepted'), false);
    assert.equal(adaptive.correction('docs', NOW)?.kept, 0);
  });

  it('learns nothing from a local server that was not there, a cloud-only task, an explicit choice or a prompt over the local limit', () => {
    const record = localTask('x', { outcome: 'error' });
    assert.equal(adaptive.observeTask(record, LIMIT), false);
    assert.equal(adaptive.observeTask({ ...record, attempts: [cloudAttempt(record.startedAt)] }, LIMIT), false);
    assert.equal(adaptive.observeTask({ ...localTask('y'), decision: { ...localTask('y').decision, overriddenBy: 'You (/local)' } }, LIMIT), false);
    assert.equal(adaptive.observeTask({ ...localTask('z'), decision: { ...localTask('z').decision, promptTokens: 9000 } }, LIMIT), false);
  });

  it('changes the score without a reason line when the route stays', () => {
    for (let index = 0; index < 10; index++) adaptive.observeTask(localTask(`t${index}`), LIMIT);
    const kept = adaptive.adjust(decision(0.3), NOW, LIMIT);
    assert.equal(kept.route, 'local');
    assert.ok(kept.score < 0.3);
    assert.equal(kept.personal?.moved, false);
    assert.deepEqual(kept.reasons, decision(0.3).reasons);
    assert.equal(correctionReason(kept), undefined);
  });

  it('does nothing while turned off, and resumes with what it knew when turned on again', () => {
    for (let index = 0; index < 10; index++) adaptive.observeTask(localTask(`t${index}`), LIMIT);
    settings = { ...settings, enabled: false };
    assert.deepEqual(adaptive.adjust(decision(0.55), NOW, LIMIT), decision(0.55));
    assert.equal(adaptive.observeTask(localTask('off', { outcome: 'gate-failed' }), LIMIT), false, 'nothing is learned while off');
    assert.equal(adaptive.observeOutcome('t1', 'undone'), false);
    settings = { ...settings, enabled: true };
    assert.equal(adaptive.correction('docs', NOW)?.kept, 10);
    assert.equal(adaptive.adjust(decision(0.55), NOW, LIMIT).route, 'local');
  });

  it('is stored, read back by another window, and forgotten everywhere by a reset', async () => {
    const store = new MemoryStore();
    const first = new AdaptiveRouting(() => settings, store);
    for (let index = 0; index < 10; index++) first.observeTask(localTask(`t${index}`), LIMIT);
    await first.save();
    assert.doesNotMatch(store.text ?? '', /Add type hints|Writes a docstring/, 'no prompt or reason text is stored');

    const second = new AdaptiveRouting(() => settings, store);
    await second.load();
    const learned = first.correction('docs', NOW)?.offset ?? 0;
    assert.ok(learned < 0 && Math.abs((second.correction('docs', NOW)?.offset ?? 0) - learned) < 1e-3, 'the other window routes as this one does');

    assert.equal(await first.reset(NOW), 10);
    assert.equal(first.correction('docs', NOW), undefined);
    assert.equal(first.adjust(decision(0.55), NOW, LIMIT).route, 'cloud');
    second.observeTask(localTask('later', { ago: 0 }), LIMIT);
    await second.save();
    assert.equal(second.correction('docs', NOW), undefined, 'a window that saves after the reset adopts it');

    const third = new AdaptiveRouting(() => settings, store);
    await third.load();
    assert.equal(third.correction('docs', NOW), undefined);
  });

  it('reads a damaged store as empty', async () => {
    const store = new MemoryStore();
    store.text = '{"v":1,"results":[["t1","docs",';
    const fresh = new AdaptiveRouting(() => settings, store);
    await fresh.load();
    assert.equal(fresh.correction('docs', NOW), undefined);
  });
});

describe('adaptive routing never moves what has priority', () => {
  const counter = { count: (text: string) => Math.ceil(text.length / 4) };
  const task: Task = { instruction: 'Explain this code', code: 'def total(items):\n    return sum(items)', language: 'python', path: 'src/orders.py' };

  /** The engine's plan with these router settings; the correction's own settings are `adaptive`'s. */
  function plan(values: Record<string, unknown>, adaptive: AdaptiveRouting, planned: Task = task) {
    const { settings, problems } = readRouterSettings((key) => values[key]);
    assert.deepEqual(problems, []);
    return planTask(planned, settings, { counter, now: new Date(NOW), adaptive });
  }

  /** The classifier's own decision for the task, and a correction at its cap against that route (learned from 30 results). */
  function opposingAdaptive(): { adaptive: AdaptiveRouting; base: Decision; other: 'local' | 'cloud' } {
    const base = plan({}, new AdaptiveRouting(() => DEFAULT_ADAPTIVE_SETTINGS)).decision;
    const adaptive = new AdaptiveRouting(() => ({ ...DEFAULT_ADAPTIVE_SETTINGS, enabled: true, maxCorrection: 3 }));
    const passed = base.route === 'cloud';
    for (let index = 0; index < 30; index++) adaptive.observeShadow({ taskId: `s${index}`, at: at(60_000), model: 'qwen2.5-coder:7b', passed, category: base.category, score: base.score });
    return { adaptive, base, other: passed ? 'local' : 'cloud' };
  }

  const movedLine = (other: 'local' | 'cloud') => new RegExp(`^Your recent results for \\S+ \\(30 of 30 ${other === 'local' ? 'kept' : 'not kept'}\\) moved this borderline task to ${other === 'local' ? 'local' : 'the cloud'}`);

  it('moves the task when nothing has priority (the baseline for the cases below)', () => {
    const { adaptive, other } = opposingAdaptive();
    const moved = plan({}, adaptive);
    assert.equal(moved.route, other);
    assert.match(correctionReason(moved.decision) ?? '', movedLine(other));
  });

  it('puts the correction first in the one-line summary Classify Selection shows, only when it moved the route', () => {
    const { adaptive, other } = opposingAdaptive();
    const moved = plan({}, adaptive);
    assert.match(planHeadline(moved), movedLine(other));
    const budgetNote = 'Borderline task (score 0.52) moved local: cloud spending runs at 1.6× an even pace this month.';
    assert.equal(planHeadline({ ...moved, notes: [budgetNote] }), `${moved.decision.reasons[0]}. ${budgetNote}`, 'a policy note that follows is still shown');
    const unmoved = plan({}, new AdaptiveRouting(() => ({ ...DEFAULT_ADAPTIVE_SETTINGS, enabled: true })));
    assert.equal(planHeadline(unmoved), unmoved.notes[0] ?? unmoved.decision.reasons[0]);
    assert.doesNotMatch(planHeadline(unmoved), /Your recent results/);
  });

  it('leaves /local, /cloud and a category setting alone', () => {
    const { adaptive, base } = opposingAdaptive();
    const chosen = plan({}, adaptive, { ...task, override: base.route });
    assert.equal(chosen.route, base.route);
    assert.equal(chosen.decision.personal, undefined);
    const setting = plan({ 'llmRouter.categoryRoutes': { [base.category]: base.route } }, adaptive);
    assert.equal(setting.route, base.route);
    assert.equal(setting.decision.personal, undefined);
  });

  it('leaves a task from a local-only file on this machine, with no claim that it moved', () => {
    const kept = plan({}, opposingAdaptive().adaptive, { ...task, path: 'config/.env.production' });
    assert.equal(kept.route, 'local');
    assert.equal(kept.localOnly, true);
    assert.equal(kept.decision.personal, undefined);
  });

  it('never brings a prompt over the local limit back to local', () => {
    const adaptive = new AdaptiveRouting(() => ({ ...DEFAULT_ADAPTIVE_SETTINGS, enabled: true, maxCorrection: 3 }));
    const long: Task = { ...task, code: 'x = 1\n'.repeat(4000) };
    const category = plan({}, adaptive, long).decision.category;
    for (let index = 0; index < 30; index++) adaptive.observeShadow({ taskId: `s${index}`, at: at(60_000), model: 'qwen2.5-coder:7b', passed: true, category, score: 0.9 });
    const planned = plan({}, adaptive, long);
    assert.equal(planned.route, 'cloud');
    assert.equal(planned.decision.personal, undefined);
  });
});
