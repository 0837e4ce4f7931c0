import * as assert from 'node:assert/strict';
import { firstRequestIn } from '../../bench/engineBench';
import { REPLY } from '../../bench/benchTask';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama';

describe('the first routed request of a fresh process', () => {
  let fake: FakeOllama;
  before(async () => {
    fake = await startFakeOllama();
    fake.script.defaults = { reply: REPLY };
  });
  after(async () => {
    await fake.close();
  });

  it('decides without waiting for the tokenizer, and its record still carries the exact counts', async () => {
    const run = await firstRequestIn('routed', fake.url);
    assert.equal(run.outcome, 'answered');
    assert.equal(run.tokenizerLoadedAtFirstToken, false, 'the tokenizer loads after the answer, off the request path');
    assert.ok((run.decidedOnPromptTokens as number) >= (run.exactPromptTokens as number), 'the decision took a conservative estimate');
    assert.equal(run.recordedPromptTokens, run.exactPromptTokens, 'the record counts the prompt again, exactly');
    assert.equal(run.recordedAnswerTokens, run.exactAnswerTokens);
  });

  it('counts exactly before deciding when the estimate is near a limit, so the route is the exact one', async () => {
    fake.script.push({ reply: '```typescript\n/** Adds. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```' });
    const run = await firstRequestIn('routed-near-limit', fake.url);
    assert.equal(run.tokenizerLoadedAtFirstToken, true);
    assert.equal(run.decidedOnPromptTokens, run.exactPromptTokens);
    assert.ok((run.exactPromptTokens as number) < 4000);
    assert.equal(run.route, 'local', 'an estimate over 4,000 tokens would have sent it to the cloud');
  });
});
