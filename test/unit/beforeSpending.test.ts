import * as assert from 'node:assert/strict';
import type { Plan } from '../../src/core/policy/planRoute';
import { describeBeforeSpending } from '../../src/core/pricing/beforeSpending';
import type { Target } from '../../src/core/providers/types';
import { DEFAULT_SETTINGS } from '../../src/core/settings/routerSettings';

const AT = new Date('2026-11-22T10:00:00Z');
const ollama: Target = { id: 'local-code', provider: 'ollama', model: 'qwen2.5-coder:7b' };
const claude: Target = { id: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5' };
const teamServer: Target = { id: 'team', provider: 'openai-compatible', model: 'team-llama', endpoints: ['https://llm.example.com/v1'] };

const plan = (chain: Target[], route: 'local' | 'cloud' = 'local'): Plan => ({ decision: { route, category: 'types', score: 0.1, promptTokens: 1000, reasons: [] }, route, chain, notes: [], localOnly: false });

describe('the estimate the editor shows before it sends', () => {
  it('prices a local model at nothing and shows what the cloud would cost beside it', () => {
    // Sonnet 5.5: 1,000 tokens in at $3/MTok and 1,000 out at $15/MTok = $0.018.
    assert.equal(describeBeforeSpending(plan([ollama]), DEFAULT_SETTINGS, AT), 'local · qwen2.5-coder:7b · types · 1,000 tokens · est. $0.0000 (cloud would be $0.0180)');
  });

  it('prices Claude itself, with no comparison beside it', () => {
    assert.equal(describeBeforeSpending(plan([claude], 'cloud'), DEFAULT_SETTINGS, AT), 'cloud · claude-sonnet-5-5 · types · 1,000 tokens · est. $0.0180');
  });

  it('says unknown for a remote target without a price, and names no model for an empty chain', () => {
    assert.match(describeBeforeSpending(plan([teamServer], 'cloud'), DEFAULT_SETTINGS, AT), /· est\. unknown \(cloud would be \$0\.0180\)$/);
    assert.match(describeBeforeSpending(plan([]), DEFAULT_SETTINGS, AT), /^local · no model · types · 1,000 tokens · est\. \$0\.0000/);
  });
});
