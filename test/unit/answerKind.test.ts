import * as assert from 'node:assert/strict';
import { answerKindOf } from '../../src/core/engine/prompts';
import type { Decision, Task } from '../../src/core/task';

const decided = (category: string): Decision => ({ route: 'local', category, score: 0.1, reasons: [], promptTokens: 40 });
const selection: Task = { instruction: 'do it', code: 'const a = 1;' };

describe('what shape an answer takes', () => {
  it('replaces the selection for the learned model’s editing categories (a known fix, config, CSS layout, a migration)', () => {
    for (const category of ['fix-known', 'config', 'css-layout', 'migration', 'rename', 'types']) {
      assert.equal(answerKindOf(selection, decided(category)), 'edit', category);
    }
  });

  it('answers in prose for questions about the code and for work that adds beside it', () => {
    for (const category of ['explain', 'debug', 'review', 'design', 'tests', 'summarize', 'commit-message', 'sql']) {
      assert.equal(answerKindOf(selection, decided(category)), 'answer', category);
    }
  });

  it('answers in prose without a selection, and in JSON when a schema is asked for', () => {
    assert.equal(answerKindOf({ instruction: 'fix it', code: '' }, decided('fix-known')), 'answer');
    assert.equal(answerKindOf({ ...selection, responseSchema: { type: 'object' } }, decided('config')), 'json');
  });
});
