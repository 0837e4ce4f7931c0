import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify, shippedRouterModel } from '../../src/core/classifier/classify';
import { taskFeatures } from '../../src/core/classifier/features';
import { instructionSignals } from '../../src/core/classifier/instructionSignals';
import { SIGNAL_FRAGMENTS } from '../../src/core/classifier/signalFragments';
import { SignalMatcher } from '../../src/core/classifier/signalMatcher';
import type { Task } from '../../src/core/task';
import { measureTask } from '../../src/core/tokens/measurePrompt';
import { loadTokenCounter, type TokenCounter } from '../../src/core/tokens/tokenCounter';
import { readCorpus } from '../../scripts/routingCorpus';
import { taskOf } from '../../scripts/routerTraining';
import { SIGNAL_FRAGMENTS_PATH, signalFragmentsText } from '../../scripts/signalFragments';
import { requiredFragments } from '../../scripts/requiredText';
import { REPO_ROOT } from '../data/datasets';

/**
 * The committed weights (routerModelData.ts) were trained on the feature values of the code that
 * computed them, so making the classifier faster must not change one feature, probability or
 * reason. These digests were taken over the whole corpus with the classifier as it was trained;
 * a change to the features needs a retrained model (npm run train:router) and new digests.
 */
const CORPUS_FEATURES_SHA256 = 'e94896c0020c794d81772846fbdf705f15399cb83bb333948528e707e98f48a4';
const CORPUS_DECISIONS_SHA256 = '255e851ecd36829762681a2c3279457535432fe6201297bed090edd39a4baf57';

describe('the shipped model computes what it was trained on', function () {
  this.timeout(120_000);
  let counter: TokenCounter;
  before(async () => {
    counter = await loadTokenCounter();
  });

  const probability = (task: Task) => {
    const tokens = measureTask(counter, task, 4000).tokens;
    return shippedRouterModel().score(taskFeatures(task, tokens)).probability;
  };

  it('gives these tasks the probabilities it gave them when it was trained', () => {
    const pins: [Task, number][] = [
      [{ instruction: 'Add type hints', code: 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)', language: 'python' }, 0.02359042752308836],
      [{ instruction: 'Why does this sometimes return a stale value under load?', code: 'cache.get(k) ?? load(k)', language: 'javascript' }, 0.993207270976801],
      [{ instruction: 'fix pls', code: 'Traceback (most recent call last):\n  File "app.py", line 12, in <module>\n    print(items[3])\nIndexError: list index out of range', language: 'python' }, 0.01779992252105087],
      [{ instruction: 'Convertis cette boucle en compréhension de liste', code: 'out = []\nfor x in xs:\n    out.append(x * 2)', language: 'python' }, 0.003039635273495398],
      [{ instruction: '这个函数在高并发下为什么会死锁？', code: 'func (s *Store) Put(k string) {\n\ts.mu.Lock()\n\ts.other.mu.Lock()\n}', language: 'go' }, 0.6983088684689791],
    ];
    const actual = pins.map(([task]) => probability(task));
    assert.deepEqual(actual, pins.map(([, pinned]) => pinned));
  });

  it('computes the same features and decisions on every task of the corpus', () => {
    const features = createHash('sha256');
    const decisions = createHash('sha256');
    for (const corpusTask of readCorpus(REPO_ROOT)) {
      const task = taskOf(corpusTask);
      const tokens = measureTask(counter, task, 4000).tokens;
      features.update(`${JSON.stringify(taskFeatures(task, tokens))}\n`);
      decisions.update(`${JSON.stringify(classify(task, tokens))}\n`);
    }
    assert.deepEqual({ features: features.digest('hex'), decisions: decisions.digest('hex') }, { features: CORPUS_FEATURES_SHA256, decisions: CORPUS_DECISIONS_SHA256 });
  });
});

describe('instruction signals run only where they can match', () => {
  const joined = instructionSignals.map((signal) => new RegExp(signal.patterns.map((part) => `(?:${part.source})`).join('|'), 'i'));
  const everyPattern = (instruction: string) =>
    joined.flatMap((pattern, index) => {
      const match = pattern.exec(instruction);
      return match === null ? [] : [{ signal: instructionSignals[index], match: match[0] }];
    });

  it('finds exactly what running every pattern finds, on every corpus instruction and in any case', () => {
    const matcher = new SignalMatcher();
    const instructions = readCorpus(REPO_ROOT).map((task) => task.instruction);
    for (const instruction of [...instructions, ...instructions.map((text) => text.toUpperCase()), 'RENAME X', 'ÜBERSETZ das', 'Write A Regex', 'is it SAFE?', 'O(n^2)', 'Fix.']) {
      assert.deepEqual(matcher.matches(instruction), everyPattern(instruction), instruction);
    }
  });

  it('has its fragments written from the current patterns', () => {
    const committed = readFileSync(join(REPO_ROOT, ...SIGNAL_FRAGMENTS_PATH), 'utf8');
    assert.ok(committed === signalFragmentsText(), `${SIGNAL_FRAGMENTS_PATH.join('/')} is stale: run npm run build:signal-fragments`);
  });

  it('requires only text every match contains', () => {
    assert.deepEqual(requiredFragments('\\brenam(e|ed)\\b'), ['rename', 'renamed']);
    assert.deepEqual(requiredFragments('\\b(add|write)\\b.*\\bcomments?\\b'), ['comment', 'comments']);
    assert.deepEqual(requiredFragments('a(?=b)c'), ['ac']);
    assert.equal(requiredFragments('\\w+'), undefined);
    assert.equal(requiredFragments('(fix)?'), undefined);
    assert.equal(requiredFragments('fix|\\d+'), undefined);
    assert.equal(requiredFragments('(a'), undefined);
    // A cased letter outside ASCII can match another spelling of itself: it is left out.
    assert.deepEqual(requiredFragments('übersetz'), ['bersetz']);
  });

  it('lower-cases fragments only where every character a case-insensitive match accepts lower-cases the same', () => {
    // Every code unit, so the property is checked exhaustively for each character a fragment uses.
    let everyUnit = '';
    for (let code = 0; code < 0x10000; code++) everyUnit += code >= 0xd800 && code <= 0xdfff ? ' ' : String.fromCharCode(code);
    const used = new Set(SIGNAL_FRAGMENTS.flatMap((fragments) => fragments ?? []).join(''));
    for (const char of used) {
      const escaped = char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
      for (const match of everyUnit.matchAll(new RegExp(escaped, 'gi'))) assert.equal(match[0].toLowerCase(), char, `${char} matches ${match[0]}`);
    }
  });
});
