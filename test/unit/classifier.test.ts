import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../../src/core/classifier/classify';
import { routeForProbability, PROFILE_THRESHOLDS, UNCERTAIN_BAND } from '../../src/core/classifier/profile';
import { parseOverride, promptText, type Task } from '../../src/core/task';
import { loadTokenCounter, type TokenCounter } from '../../src/core/tokens/tokenCounter';
import { REPO_ROOT } from '../data/datasets';

describe('classifier', () => {
  let counter: TokenCounter;
  before(async () => {
    counter = await loadTokenCounter();
  });
  const decide = (task: Task, options: Partial<Parameters<typeof classify>[2]> = {}) => classify(task, counter.count(promptText(task)), { maxLocalTokens: 4000, ...options });
  const python = (instruction: string, code = 'def add(a, b):\n    return a + b'): Task => ({ instruction, code, language: 'python' });

  describe('clear-cut tasks', () => {
    it('keeps mechanical edits local and names what was asked, with a labelled example like it', () => {
      const decision = decide({ instruction: 'Rename `tmp` to `retryCount`.', code: 'let tmp = 0;\ntmp++;', language: 'typescript' });
      assert.equal(decision.route, 'local');
      assert.equal(decision.category, 'rename');
      assert.ok(decision.score < 0.2, `score ${decision.score}`);
      assert.ok(decision.reasons.some((reason) => /asks for a rename \(“rename”\) → local/i.test(reason)), decision.reasons.join(' | '));
      assert.ok(decision.reasons.some((reason) => /^Like: “.*rename.*” → local$/i.test(reason)), decision.reasons.join(' | '));
      assert.match(decision.reasons.at(-1) ?? '', /within the local limit of 4,000/);
    });

    it('sends an intermittent failure to the cloud and says why', () => {
      const decision = decide({ instruction: 'Why does this sometimes return a stale value under load?', code: 'cache.get(k) ?? load(k)', language: 'javascript' });
      assert.equal(decision.route, 'cloud');
      assert.equal(decision.category, 'debug');
      assert.ok(decision.score > 0.8, `score ${decision.score}`);
      assert.ok(decision.reasons.some((reason) => reason.includes('comes and goes (“sometimes”) → cloud')), decision.reasons.join(' | '));
    });

    it('reads a pasted traceback: an IndexError at its line with "fix pls" is local work', () => {
      const decision = decide(python('fix pls', 'Traceback (most recent call last):\n  File "app.py", line 12, in <module>\n    print(items[3])\nIndexError: list index out of range'));
      assert.equal(decision.route, 'local');
      const deadlock = decide({ instruction: 'fix pls', code: 'fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send]:\nmain.main()\n\t/app/main.go:9 +0x2c', language: 'go' });
      assert.ok(deadlock.score > decision.score, 'a deadlock is harder than an IndexError');
    });

    it('sends security and design questions to the cloud', () => {
      assert.equal(decide({ instruction: 'Is this safe against SQL injection?', code: "db.query('SELECT * FROM users WHERE id = ' + id)", language: 'javascript' }).route, 'cloud');
      assert.equal(decide({ instruction: 'Should we shard this table by tenant or by region? We write 40k rows a second.', code: '' }).route, 'cloud');
    });

    it('does not read incidental words as cues: "author" is not "auth"', () => {
      const decision = decide({ instruction: 'Add an author field to this struct', code: 'type Post struct {\n  Title string\n}', language: 'go' });
      assert.equal(decision.route, 'local');
      assert.ok(!decision.reasons.some((reason) => /authentication|security/.test(reason)), decision.reasons.join(' | '));
    });

    it('reads instructions in other natural languages', () => {
      const cases: [string, 'local' | 'cloud'][] = [
        ['Ajoute des docstrings à ces fonctions', 'local'],
        ['이 함수에 타입 힌트를 추가해 주세요', 'local'],
        ['Füge Typannotationen hinzu.', 'local'],
        ['把这个函数的注释翻译成英文', 'local'],
        ['Почему этот код иногда зависает?', 'cloud'],
        ['为什么这里偶尔会死锁？', 'cloud'],
        ['この関数がたまにクラッシュする原因は？', 'cloud'],
      ];
      for (const [instruction, route] of cases) assert.equal(decide(python(instruction)).route, route, instruction);
    });

    it('routes anything over the token limit to the cloud, whatever it asks', () => {
      const code = 'export const value = computeSomething(alpha, beta, gamma);\n'.repeat(400);
      const decision = decide({ instruction: 'Add JSDoc comments.', code, language: 'typescript' }, { maxLocalTokens: 1000 });
      assert.equal(decision.route, 'cloud');
      assert.equal(decision.category, 'long-context');
      assert.equal(decision.routeWithinLimit, 'local', 'within a larger limit the model would keep it local');
      assert.ok(decision.score >= 0.9);
      assert.match(decision.reasons[0] ?? '', /over the local limit of 1,000/);
    });

    it('keeps the score a probability and counts special-token text as plain text', () => {
      const decision = decide({ instruction: 'Summarize', code: '<|endoftext|> is a marker', language: 'text' });
      assert.ok(decision.score >= 0 && decision.score <= 1);
      assert.ok(decision.promptTokens > 3);
    });
  });

  describe('profiles settle the uncertain tasks', () => {
    it('maps a probability to a route per profile, and calls the band around the thresholds uncertain', () => {
      assert.deepEqual(routeForProbability(0.1, 'quality'), { route: 'local', uncertain: false, threshold: PROFILE_THRESHOLDS.quality });
      assert.deepEqual(routeForProbability(0.9, 'economy'), { route: 'cloud', uncertain: false, threshold: PROFILE_THRESHOLDS.economy });
      const middle = (PROFILE_THRESHOLDS.balanced + PROFILE_THRESHOLDS.economy) / 2;
      assert.equal(routeForProbability(middle, 'economy').route, 'local');
      assert.equal(routeForProbability(middle, 'balanced').route, 'cloud');
      assert.equal(routeForProbability(middle, 'quality').route, 'cloud');
      assert.ok(routeForProbability(middle).uncertain);
      for (const threshold of Object.values(PROFILE_THRESHOLDS)) assert.ok(threshold > UNCERTAIN_BAND.low && threshold < UNCERTAIN_BAND.high);
    });

    it('moves an uncertain task with the profile and says so; a clear one stays put', () => {
      // Vague requests are where the model is unsure; which of them lands between the profiles' thresholds depends on the training.
      const vagueRequests = ['make it better', 'make this better', 'improve it', 'clean it up', 'simplify this', 'tidy this', 'refactor this', 'polish this'];
      const between = vagueRequests
        .map((instruction) => ({ instruction, code: 'function f(a) { return a; }', language: 'javascript' }))
        .find((task) => decide(task, { profile: 'economy' }).route === 'local' && decide(task, { profile: 'quality' }).route === 'cloud');
      assert.ok(between !== undefined, 'one of the vague requests is settled differently by economy and quality');
      const vague = between;
      const economy = decide(vague, { profile: 'economy' });
      const quality = decide(vague, { profile: 'quality' });
      assert.ok(economy.uncertain === true && economy.score > UNCERTAIN_BAND.low && economy.score < UNCERTAIN_BAND.high, `score ${economy.score}`);
      assert.equal(economy.route, 'local');
      assert.equal(quality.route, 'cloud');
      assert.match(economy.reasons[0] ?? '', /^Uncertain \(p = 0\.\d\d\); the economy profile sends it local/);
      assert.match(quality.reasons[0] ?? '', /^Uncertain \(p = 0\.\d\d\); the quality profile sends it to the cloud/);
      const clear = { instruction: 'Add docstrings to these functions', code: 'def add(a, b):\n    return a + b', language: 'python' };
      assert.equal(decide(clear, { profile: 'quality' }).route, 'local');
      assert.equal(decide(clear, { profile: 'quality' }).uncertain, undefined);
    });
  });

  describe('explicit choices keep priority over the model', () => {
    const hard = { instruction: 'Why does this deadlock under load?', code: 'mu.Lock()\ndefer mu.Unlock()', language: 'go' };

    it('reads /local and /cloud at the start of an instruction and removes them', () => {
      assert.deepEqual(parseOverride('/local  add types'), { instruction: 'add types', override: 'local' });
      assert.deepEqual(parseOverride('/CLOUD rename x'), { instruction: 'rename x', override: 'cloud' });
      assert.deepEqual(parseOverride('rename /local x'), { instruction: 'rename /local x' });
    });

    it('sends hard work local when the user says /local, and says the model disagreed', () => {
      const decision = decide({ ...hard, override: 'local' });
      assert.equal(decision.route, 'local');
      assert.ok(decision.score >= 0.5, 'the score still says how hard it is');
      assert.match(decision.reasons[0] ?? '', /You \(\/local\) chose the local model; the model alone said cloud/);
      assert.equal(decision.overriddenBy, 'You (/local)');
    });

    it('applies a per-category route from the settings, and lets /cloud win over it', () => {
      const decision = classify({ instruction: 'Add type hints', code: 'def f(x): return x', language: 'python' }, 10, { maxLocalTokens: 4000, categoryRoutes: { types: 'cloud' } });
      assert.equal(decision.route, 'cloud');
      assert.match(decision.reasons[0] ?? '', /Your setting for types tasks chose the cloud/);
      assert.equal(classify({ instruction: 'Add type hints', code: 'def f(x): return x', override: 'cloud' }, 10, { maxLocalTokens: 4000, categoryRoutes: { types: 'local' } }).route, 'cloud');
    });

    it('lets the token limit win over a local-leaning profile', () => {
      const code = 'x = compute(a, b)\n'.repeat(600);
      assert.equal(decide(python('Add type hints', code), { maxLocalTokens: 500, profile: 'economy' }).route, 'cloud');
    });
  });

  describe('what only the editor knows', () => {
    const code = 'function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}';

    it('leans local on a fix of an error the editor pinpoints, and toward the cloud on many errors', () => {
      const plain = decide({ instruction: 'fix this', code, language: 'typescript' });
      const pinpointed = decide({ instruction: 'fix this', code, language: 'typescript', diagnostics: [{ severity: 'error', message: "Property 'price' does not exist on type 'Item'", code: '2339' }] });
      assert.ok(pinpointed.score < plain.score);
      assert.ok(pinpointed.reasons.some((reason) => reason.includes('the editor pinpoints')), pinpointed.reasons.join(' | '));
      const diagnostics = Array.from({ length: 6 }, (_, index) => ({ severity: 'error' as const, message: `Cannot find name 'x${index}'` }));
      assert.ok(decide({ instruction: 'Clean this up', code, language: 'typescript', diagnostics }).score > decide({ instruction: 'Clean this up', code, language: 'typescript' }).score);
      const warned = decide({ instruction: 'fix this', code, language: 'typescript', diagnostics: [{ severity: 'warning', message: 'unused variable' }] });
      assert.equal(warned.score, plain.score, 'warnings change nothing');
    });

    it('leans local when the answer must match a JSON schema', () => {
      const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
      const decision = decide({ instruction: 'Pull the customer name out of this email', code: 'Hi, this is Ada Lovelace from Acme.', responseSchema: schema });
      assert.equal(decision.route, 'local');
      assert.ok(decision.reasons.some((reason) => reason.includes('JSON matching a given schema')));
    });
  });

  it('ships its weights, category head and example index in at most 300 KB', () => {
    const bytes = statSync(join(REPO_ROOT, 'src', 'core', 'classifier', 'routerModelData.ts')).size;
    assert.ok(bytes <= 300 * 1024, `${bytes} bytes`);
  });
});
