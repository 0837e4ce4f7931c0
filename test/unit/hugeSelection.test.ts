import * as assert from 'node:assert/strict';
import { planTask } from '../../src/core/engine/planTask';
import { binaryContent } from '../../src/core/security/binaryContent';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { Task } from '../../src/core/task';
import { measurePrompt } from '../../src/core/tokens/measurePrompt';
import { loadTokenCounter, type TokenCounter } from '../../src/core/tokens/tokenCounter';

/** Counts a token per 4 characters and remembers how many characters it was given. */
function spyCounter(): TokenCounter & { readonly seen: number } {
  let seen = 0;
  return {
    count: (text) => {
      seen += text.length;
      return Math.ceil(text.length / 4);
    },
    get seen() {
      return seen;
    },
  };
}

const block = 'export function total(items: readonly Item[]): number {\n  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n\n';
const code = (chars: number) => block.repeat(Math.ceil(chars / block.length)).slice(0, chars);

function plan(task: Task, values: Record<string, unknown> = {}, counter: TokenCounter = spyCounter(), allowLargeUpload = false) {
  const { settings } = readRouterSettings((key) => values[key]);
  return planTask(task, settings, { counter, now: new Date('2026-11-20T10:00:00Z'), allowLargeUpload });
}

describe('a huge selection', () => {
  it('is counted only a little past the local limit, and estimated beyond', () => {
    const counter = spyCounter();
    const text = code(10 * 1024 * 1024);
    const size = measurePrompt(counter, text, 4000);
    assert.equal(size.exact, false);
    assert.ok(counter.seen < 40_000, `${counter.seen} characters counted`);
    assert.ok(Math.abs(size.tokens - text.length / 4) < text.length / 40, `${size.tokens} estimated`);
    const small = code(12_000);
    assert.deepEqual(measurePrompt(counter, small, 4000), { tokens: Math.ceil(small.length / 4), exact: true });
  });

  it('estimates with the real tokenizer close to the whole count, and counts exactly under the limit', async () => {
    const counter = await loadTokenCounter();
    const text = code(200_000);
    const whole = counter.count(text);
    const size = measurePrompt(counter, text, 4000);
    assert.ok(Math.abs(size.tokens - whole) / whole < 0.1, `${size.tokens} against ${whole}`);
    const under = code(30_000);
    assert.ok(Math.abs(measurePrompt(counter, under, 100_000).tokens - counter.count(under)) <= 2);
  });

  it('is decided without reading it all: cloud for its size, held back over the upload limit, with the reasons', () => {
    const counter = spyCounter();
    const result = plan({ instruction: 'Add JSDoc comments', code: code(10 * 1024 * 1024), language: 'typescript' }, {}, counter);
    assert.ok(counter.seen < 100_000);
    assert.equal(result.decision.category, 'long-context');
    assert.deepEqual(result.chain, []);
    assert.match(result.refusal ?? '', /over your upload limit of 200,000 \(llmRouter\.cloud\.maxUploadTokens\), so nothing was sent\. Confirm the upload \(on the CLI: --allow-large\)/);
    assert.equal(result.uploadConsent?.targetId, 'claude');
    assert.ok((result.uploadConsent?.estimatedCostUsd ?? 0) > 1, 'the question says what it costs');
    assert.ok(result.notes.some((note) => /counted to past the local limit and estimated beyond: about [\d,]+ tokens/.test(note)));
  });

  it('goes to the cloud over the upload limit only when the user agrees', () => {
    const task: Task = { instruction: 'Review this module', code: code(40_000), language: 'typescript' };
    const limits = { 'llmRouter.cloud.maxUploadTokens': 5_000 };
    assert.deepEqual(plan(task, limits).chain, []);
    assert.deepEqual(plan(task, limits, spyCounter(), true).chain.map((target) => target.id), ['claude']);
    // Under the limit nothing is asked.
    assert.equal(plan(task).uploadConsent, undefined);
  });

  it('searches the whole text for credentials before an agreed upload, not just the part searched at first', () => {
    const task: Task = { instruction: 'Review this module', code: `${code(400_000)}\nconst apiSecret = "Zq8Lm2Pw9Rt7Yv4Xc6";\n`, language: 'typescript' };
    const limits = { 'llmRouter.cloud.maxUploadTokens': 5_000 };
    const asked = plan(task, limits);
    assert.equal(asked.localOnly, false);
    assert.deepEqual(asked.chain.filter((target) => target.provider === 'anthropic'), []);
    const agreed = plan(task, limits, spyCounter(), true);
    assert.equal(agreed.localOnly, true);
    assert.ok(agreed.chain.every((target) => target.provider !== 'anthropic'));
  });

  it('refuses binary content with a clear message', () => {
    const nul = plan({ instruction: 'Explain', code: `PK\u0003\u0004${'\u0000'.repeat(8)}data` });
    assert.deepEqual(nul.chain, []);
    assert.match(nul.refusal ?? '', /^The selection is not text: it contains NUL bytes \(binary data, not text\)\. Nothing was sent to any model\.$/);
    assert.match(binaryContent(`${'\uFFFD'.repeat(200)}${'a'.repeat(1000)}`) ?? '', /are not valid UTF-8/);
    assert.equal(binaryContent('naïve café — “quotes” and one � in a text'), undefined);
  });
});
