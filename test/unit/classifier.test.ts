import * as assert from 'node:assert/strict';
import { classify } from '../../src/core/classifier/classify';
import { promptText, type Task } from '../../src/core/task';
import { loadTokenCounter, type TokenCounter } from '../../src/core/tokens/tokenCounter';
import { measureAgreement } from '../../src/core/classifier/agreement';
import { CHALLENGE_SET_PATH, DEV_SET_PATH, isHeldOut, readLabelled } from '../data/datasets';

describe('classifier', () => {
  let counter: TokenCounter;
  before(async () => {
    counter = await loadTokenCounter();
  });
  const decide = (task: Task, maxLocalTokens = 4000) => classify(task, counter.count(promptText(task)), { maxLocalTokens });

  describe('on the labelled sets (quality bar: ≥95% agreement, ≥95% cloud recall, local share ≥ labels − 5 points)', () => {
    for (const [name, filter] of [
      ['dev set, tuning part', (id: string) => !isHeldOut(id)],
      ['dev set, held-out quarter', isHeldOut],
      ['challenge set written for this project', () => true],
    ] as const) {
      it(name, () => {
        const path = name.startsWith('challenge') ? CHALLENGE_SET_PATH : DEV_SET_PATH;
        const tasks = readLabelled(path).filter((task) => filter(task.id));
        const report = measureAgreement(tasks.map((task) => ({ label: task.label, route: decide(task).route, id: task.id })));
        const detail = `misrouted: ${report.misrouted.join(', ') || 'none'}`;
        assert.ok(report.agreement >= 0.95, `agreement ${report.agreement} (${detail})`);
        assert.ok(report.cloudRecall >= 0.95, `cloud recall ${report.cloudRecall} (${detail})`);
        assert.ok(report.localShare >= report.labelledLocalShare - 0.05, `local share ${report.localShare} vs labels ${report.labelledLocalShare}`);
      });
    }
  });

  it('explains a mechanical task by naming what was asked', () => {
    const decision = decide({ instruction: 'Rename `tmp` to `retryCount`.', code: 'let tmp = 0;\ntmp++;', language: 'typescript' });
    assert.equal(decision.route, 'local');
    assert.equal(decision.category, 'rename');
    assert.ok(decision.score < 0.2);
    assert.match(decision.reasons[0] ?? '', /asks for a rename \(“Rename”\) → local/);
    assert.match(decision.reasons.at(-1) ?? '', /within the local limit of 4,000/);
  });

  it('sends an intermittent failure to the cloud and says why', () => {
    const decision = decide({ instruction: 'Why does this sometimes return a stale value under load?', code: 'cache.get(k) ?? load(k)', language: 'javascript' });
    assert.equal(decision.route, 'cloud');
    assert.equal(decision.category, 'debug');
    assert.ok(decision.score > 0.9);
    assert.ok(decision.reasons.some((reason) => reason.includes('asks for the cause of a failure (“Why”)')));
    assert.ok(decision.reasons.some((reason) => reason.includes('intermittent')));
  });

  it('routes anything over the token limit to the cloud, whatever it asks', () => {
    const code = 'export const value = computeSomething(alpha, beta, gamma);\n'.repeat(400);
    const decision = decide({ instruction: 'Add JSDoc comments.', code, language: 'typescript' }, 1000);
    assert.equal(decision.route, 'cloud');
    assert.equal(decision.category, 'long-context');
    assert.ok(decision.promptTokens > 1000);
    assert.match(decision.reasons[0] ?? '', /over the local limit of 1,000/);
  });

  it('does not let a hard topic outvote a mechanical task', () => {
    const decision = decide({ instruction: 'Add docstrings to this thread-safe queue used in production.', code: 'class Q:\n    def put(self, x): ...', language: 'python' });
    assert.equal(decision.route, 'local');
    assert.equal(decision.category, 'docs');
  });

  it('treats a terse "fix" as local only on a small selection', () => {
    const small = decide({ instruction: 'fix', code: 'const x = [1, 2, 3].lenght;', language: 'javascript' });
    assert.equal(small.route, 'local');
    const large = decide({ instruction: 'fix', code: 'doWork();\n'.repeat(120), language: 'javascript' });
    assert.equal(large.route, 'cloud');
  });

  it('sends unrecognised, open-ended work to the cloud rather than guessing local', () => {
    const decision = decide({ instruction: 'make it better', code: 'function f(a) { return a; }', language: 'javascript' });
    assert.equal(decision.route, 'cloud');
    assert.match(decision.reasons[0] ?? '', /No mechanical task and no reasoning request was recognised/);
  });

  it('reads instructions in Spanish, German, Chinese and Japanese', () => {
    const cases: [string, 'local' | 'cloud'][] = [
      ['Agrega comentarios de documentación.', 'local'],
      ['¿Por qué falla a veces?', 'cloud'],
      ['Füge Typannotationen hinzu.', 'local'],
      ['Warum hängt das manchmal?', 'cloud'],
      ['把变量名改成驼峰命名。', 'local'],
      ['为什么这里偶尔会死锁？', 'cloud'],
      ['この関数にコメントを追加して。', 'local'],
      ['この関数がたまにクラッシュする原因は？', 'cloud'],
    ];
    for (const [instruction, route] of cases) {
      assert.equal(decide({ instruction, code: 'x = 1', language: 'python' }).route, route, instruction);
    }
  });

  it('notices a stack trace in the code and a precise compiler error', () => {
    const trace = decide({ instruction: 'Look at this.', code: 'Traceback (most recent call last):\n  File "a.py", line 3, in <module>\nKeyError: 1', language: 'python' });
    assert.ok(trace.reasons.some((reason) => reason.includes('runtime stack trace')));
    const compiler = decide({ instruction: 'Explain this error and fix it', code: "src/a.ts:3:5 - error TS2339: Property 'x' does not exist", language: 'typescript' });
    assert.equal(compiler.route, 'local');
    assert.ok(compiler.reasons.some((reason) => reason.includes('compiler error')));
  });

  it('keeps the score in [0, 1] and counts special-token text as plain text', () => {
    const decision = decide({ instruction: 'Summarize', code: '<|endoftext|> is a marker', language: 'text' });
    assert.ok(decision.score >= 0 && decision.score <= 1);
    assert.ok(decision.promptTokens > 3);
  });
});
