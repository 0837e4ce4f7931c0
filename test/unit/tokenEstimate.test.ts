import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateTokens, MAX_OVERESTIMATE } from '../../src/core/tokens/tokenEstimate';
import { loadTokenCounter, type TokenCounter } from '../../src/core/tokens/tokenCounter';
import { REPO_ROOT } from '../data/datasets';

const file = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** Text of the kinds a task carries; the estimate decides before the tokenizer is ready, so it must not fall short. */
const SAMPLES: Record<string, () => string> = {
  'TypeScript': () => file('src/core/engine/runPlan.ts'),
  'Markdown prose': () => file('README.md').slice(0, 40_000),
  'CSS': () => file('media/src/panel.css'),
  'JSON': () => file('package.json'),
  'code in JSON lines': () => file('test/data/dev_tasks.jsonl').slice(0, 60_000),
  'Python': () => 'def total(items: list[dict[str, float]]) -> float:\n    """Sum of price times quantity."""\n    return sum(item["price"] * item["quantity"] for item in items)\n'.repeat(40),
  'minified JavaScript': () => 'function a(b,c){return b&&c?b.map(function(d){return d.e+c[d.f]||0}):[]}var g={h:1,i:"j",k:[2,3]};'.repeat(60),
  'Chinese': () => '这是一个用于测试的中文句子，包含一些常见的词语和标点符号。'.repeat(60),
  'Japanese': () => 'これはテスト用の日本語の文章です。トークン数を見積もります。'.repeat(60),
  'Russian': () => 'Это тестовое предложение на русском языке, чтобы проверить оценку.'.repeat(60),
  'French': () => 'Ceci est une phrase de test en français, avec des accents élevés à vérifier.'.repeat(60),
  'numbers': () => Array.from({ length: 2000 }, (_, index) => (index * 7919) % 100_000).join(', '),
  'UUIDs': () => Array.from({ length: 300 }, (_, index) => `${(index * 2654435761).toString(16).padStart(8, '0')}-1b2c-4d3e-8f90-${(index * 40503).toString(16).padStart(12, '0')}`).join('\n'),
  'indented code': () => '    if (ready) {\n        start();\n    } else {\n        wait(250);\n    }\n'.repeat(200),
  'emoji': () => '🙂👍🚀 done '.repeat(200),
};

describe('token estimate (before the tokenizer is ready)', () => {
  let counter: TokenCounter;
  before(async () => {
    counter = await loadTokenCounter();
  });

  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`counts ${name} at or above cl100k, and not wildly above`, () => {
      const body = text();
      const exact = counter.count(body);
      const estimate = estimateTokens(body);
      assert.ok(estimate >= exact, `${estimate} estimated for ${exact} tokens`);
      assert.ok(estimate <= exact * MAX_OVERESTIMATE, `${estimate} estimated for ${exact} tokens`);
    });
  }

  it('stops counting once past a limit', () => {
    const big = 'const value = compute(alpha, beta);\n'.repeat(100_000);
    const capped = estimateTokens(big, 4_000);
    assert.ok(capped > 4_000 && capped < 4_100, `${capped}`);
    assert.equal(estimateTokens(''), 0);
  });
});
