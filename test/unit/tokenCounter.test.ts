import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { loadTokenCounter } from '../../src/core/tokens/tokenCounter';
import { DEV_SET_PATH, REPO_ROOT } from '../data/datasets';

describe('token counting', () => {
  it('counts exactly as js-tiktoken encodes, piece by piece with remembered pieces', async () => {
    const counter = await loadTokenCounter();
    const reference = new Tiktoken(cl100k);
    const texts = [
      readFileSync(DEV_SET_PATH, 'utf8'),
      readFileSync(join(REPO_ROOT, 'src', 'core', 'classifier', 'instructionSignals.ts'), 'utf8'),
      'getEffectiveTypeParameterDeclarations(node) ?? createUnionOrIntersectionType()',
      'special text <|endoftext|> and <|fim_prefix|> counted as plain text',
      '日本語のテキスト、中文、한국어 and emoji 😀👍🏽 and accents: naïve café',
      '    \t\t  \r\n\r\n\n\n      trailing   ',
      'x'.repeat(500),
      '1234567890 3.14159 0xDEADBEEF 1e-9',
      '',
    ];
    for (const text of texts) {
      // Twice: the second count comes from remembered pieces.
      assert.equal(counter.count(text), reference.encode(text, [], []).length, text.slice(0, 60));
      assert.equal(counter.count(text), reference.encode(text, [], []).length, text.slice(0, 60));
    }
  });
});
