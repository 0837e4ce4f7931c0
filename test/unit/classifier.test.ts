import * as assert from 'node:assert/strict';
import { classify } from '../../src/core/classifier/classify';
import { parseOverride, promptText, type Task } from '../../src/core/task';
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

  describe('explicit overrides always win', () => {
    const hard = { instruction: 'Why does this deadlock under load?', code: 'mu.Lock()\ndefer mu.Unlock()', language: 'go' };

    it('reads /local and /cloud at the start of an instruction and removes them', () => {
      assert.deepEqual(parseOverride('/local  add types'), { instruction: 'add types', override: 'local' });
      assert.deepEqual(parseOverride('/CLOUD rename x'), { instruction: 'rename x', override: 'cloud' });
      assert.deepEqual(parseOverride('rename /local x'), { instruction: 'rename /local x' });
    });

    it('sends hard work local when the user says /local, and says the signals disagreed', () => {
      const decision = decide({ ...hard, override: 'local' });
      assert.equal(decision.route, 'local');
      assert.ok(decision.score >= 0.5, 'the score still says how hard it is');
      assert.match(decision.reasons[0] ?? '', /You \(\/local\) chose the local model; the signals alone said cloud/);
      assert.equal(decision.overriddenBy, 'You (/local)');
    });

    it('applies a per-category route from the settings', () => {
      const decision = classify({ instruction: 'Add type hints', code: 'def f(x): return x', language: 'python' }, 10, { maxLocalTokens: 4000, categoryRoutes: { types: 'cloud' } });
      assert.equal(decision.route, 'cloud');
      assert.match(decision.reasons[0] ?? '', /Your setting for types tasks chose the cloud/);
    });

    it('lets /cloud win over a category setting', () => {
      const decision = classify({ instruction: 'Add type hints', code: 'def f(x): return x', override: 'cloud' }, 10, { maxLocalTokens: 4000, categoryRoutes: { types: 'local' } });
      assert.equal(decision.route, 'cloud');
    });
  });

  describe('editor diagnostics, code structure and requested output', () => {
    const code = 'function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}';

    it('treats a fix for an error the editor pinpoints as local work', () => {
      const decision = decide({ instruction: 'fix this', code, language: 'typescript', diagnostics: [{ severity: 'error', message: "Property 'price' does not exist on type 'Item'", code: '2339' }] });
      assert.equal(decision.route, 'local');
      assert.ok(decision.reasons.some((reason) => reason.includes('The editor pinpoints the error to fix')));
    });

    it('sends a selection with many errors to the cloud', () => {
      const diagnostics = Array.from({ length: 6 }, (_, index) => ({ severity: 'error' as const, message: `Cannot find name 'x${index}'` }));
      const decision = decide({ instruction: 'Clean this up', code, language: 'typescript', diagnostics });
      assert.ok(decision.reasons.some((reason) => reason.includes('The editor reports 6 errors')));
      assert.ok(decision.score > decide({ instruction: 'Clean this up', code, language: 'typescript' }).score);
    });

    it('ignores warnings and hints', () => {
      const plain = decide({ instruction: 'fix this', code, language: 'typescript' });
      const withWarnings = decide({ instruction: 'fix this', code, language: 'typescript', diagnostics: [{ severity: 'warning', message: 'unused variable' }] });
      assert.equal(withWarnings.score, plain.score);
    });

    it('leans local when the answer must match a JSON schema', () => {
      const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
      const decision = decide({ instruction: 'Pull the customer name out of this email', code: 'Hi, this is Ada Lovelace from Acme.', responseSchema: schema });
      assert.equal(decision.route, 'local');
      assert.ok(decision.reasons.some((reason) => reason.includes('JSON matching a given schema')));
    });

    it('notices deeply nested code and error handling', () => {
      const nested = ['if a:', '    if b:', '        for x in y:', '            while z:', '                try:', '                    if q:', '                        do()', '                except KeyError:', '                    pass'].join('\n');
      const decision = decide({ instruction: 'Simplify this', code: nested, language: 'python' });
      assert.ok(decision.reasons.some((reason) => reason.includes('nests 6 levels deep')), decision.reasons.join(' | '));
      assert.ok(decision.reasons.some((reason) => reason.includes('handles errors')));
    });
  });
});
