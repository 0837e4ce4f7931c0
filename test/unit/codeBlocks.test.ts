import * as assert from 'node:assert/strict';
import { codeBlocks, editedCode } from '../../src/core/engine/codeBlocks';
import { changesTheCode, type GateInput } from '../../src/core/gates/gates';

const selection = 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)';
const edited = 'def total(items: list[dict[str, float]]) -> float:\n    return sum(item["price"] * item["quantity"] for item in items)';
const usage = 'print(total([{"price": 2.0, "quantity": 3}]))';
const fenced = (code: string, language = 'python') => `\`\`\`${language}\n${code}\n\`\`\``;

describe('the code of an edit answer', () => {
  it('reads fenced blocks with backticks or tildes, longer fences around shorter ones, and not a block left open', () => {
    const text = ['Intro', '~~~ts', 'const a = 1;', '~~~', 'then', '````md', '```js', 'x()', '```', '````', 'tail', '```py', 'cut off'].join('\n');
    assert.deepEqual(
      codeBlocks(text).map((block) => [block.info, block.body, block.leadIn]),
      [
        ['ts', 'const a = 1;', 'Intro'],
        ['md', '```js\nx()\n```', 'then'],
      ],
    );
  });

  const cases: { name: string; reply: string; expect: string }[] = [
    { name: 'a single block', reply: fenced(edited), expect: edited },
    { name: 'the original quoted first, then the edit', reply: `${fenced(selection)}\n\n${fenced(edited)}`, expect: edited },
    { name: 'the edit first, then the original for comparison', reply: `Here is the updated function:\n${fenced(edited)}\n\nFor comparison, your original code:\n${fenced(selection)}`, expect: edited },
    { name: 'Before: and After:', reply: `Before:\n${fenced('def total(items):\n    return 0')}\n\nAfter:\n${fenced(edited)}`, expect: edited },
    { name: 'the edit, then an example of its use', reply: `${fenced(edited)}\n\nExample:\n${fenced(usage)}`, expect: edited },
    { name: 'the edit, then an unannounced call', reply: `${fenced(edited)}\n\n${fenced(usage)}`, expect: edited },
    { name: '"the updated version of your code"', reply: `Your code:\n${fenced('def total(items):\n    return 0')}\n\nHere is the updated version of your code:\n${fenced(edited)}`, expect: edited },
    { name: 'every block repeating the selection', reply: `${fenced(selection)}\n\nUnchanged:\n${fenced(`${selection}\n`)}`, expect: selection },
  ];
  for (const { name, reply, expect } of cases) {
    it(`takes the block that answers: ${name}`, () => {
      assert.equal(editedCode(reply, selection), expect);
    });
  }

  it('has no code when the answer has no closed block', () => {
    assert.equal(editedCode('Add `-> float` to the signature.', selection), undefined);
  });
});

describe('the changes-the-code check', () => {
  const input = (code: string, category = 'types'): GateInput => ({
    task: { instruction: 'Add type hints', code: selection, language: 'python' },
    decision: { route: 'local', category, score: 0.2, promptTokens: 30, reasons: [] },
    kind: 'edit',
    text: fenced(code),
    finish: 'stop',
    code,
  });

  it('fails an edit that gives the selection back, white space aside', async () => {
    assert.deepEqual(await changesTheCode.check(input(selection.replace('    ', '  ').replace(' for ', '  for '))), { ok: false, reason: 'the edit returned the selected code unchanged' });
    assert.deepEqual(await changesTheCode.check(input(edited)), { ok: true });
  });

  it('counts white space as the change when the task is formatting', async () => {
    assert.deepEqual(await changesTheCode.check(input(selection.replace('    ', '  '), 'format')), { ok: true });
    assert.deepEqual(await changesTheCode.check(input(`${selection.replace(/\n/g, '\r\n')}  \n`, 'format')), { ok: false, reason: 'the edit returned the selected code unchanged' });
  });
});
