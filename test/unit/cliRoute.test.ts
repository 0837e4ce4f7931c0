import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeAnthropic } from '../fakes/anthropic';
import type { FakeOllama } from '../fakes/ollama';
import { startFakeCollector } from '../fakes/otlpCollector';
import { AdaptiveRouting, DEFAULT_ADAPTIVE_SETTINGS } from '../../src/core/policy/adaptive';
import { PersonalRoutingFile } from '../../src/node/personalRoutingFile';
import { cli, startCliFakes, writeCliSettings } from './cliProcess';

describe('llm-router route and batch (CLI)', () => {
  let ollama: FakeOllama;
  let anthropic: FakeAnthropic;
  let dir: string;
  let env: Record<string, string>;
  const config = () => join(dir, 'settings.json');

  beforeEach(async () => {
    ({ ollama, anthropic, dir, env } = await startCliFakes('llm-router-cli-'));
    writeFileSync(join(dir, 'orders.py'), 'import math\n\ndef total(items):\n    return sum(i["price"] for i in items)\n');
  });
  afterEach(async () => {
    await Promise.all([ollama.close(), anthropic.close()]);
  });

  it('route: runs one task on the local model and prints the answer, with the decision on stderr', async () => {
    ollama.script.push({ reply: '```python\ndef total(items: list[dict]) -> float:\n    return sum(i["price"] for i in items)\n```' });
    const result = await cli(['route', '--instruction', 'Add type hints', '--file', `${join(dir, 'orders.py')}:3-4`, '--config', config()], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /-> float/);
    assert.match(result.stderr, /local · types · score 0\.\d+ · \d+ tokens → local-code \(qwen2\.5-coder:7b\) → claude/);
    assert.match(result.stderr, /✔ answered by local-code/);
    const sent = ollama.requests.find((entry) => entry.path === '/api/chat')?.body as { messages: { content: string }[] };
    assert.ok(sent.messages[1]?.content.includes('def total(items):'));
    assert.ok(!sent.messages[1]?.content.includes('import math'), 'only the selected lines are sent');
  });

  it('route --json: the decision, the fallback and the answer for machines', async () => {
    ollama.script.push({ fault: { kind: 'model-missing' } });
    anthropic.script.push({ reply: '```python\ndef total(items: list[dict]) -> float:\n    return sum(i["price"] for i in items)\n```' });
    const result = await cli(['route', '-m', 'Add type hints', '-f', join(dir, 'orders.py'), '--json', '--config', config()], env);
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout) as { outcome: string; target: { targetId: string }; record: { attempts: { reason?: string }[] }; decision: { route: string } };
    assert.equal(output.outcome, 'answered');
    assert.equal(output.decision.route, 'local');
    assert.equal(output.target.targetId, 'claude');
    assert.match(output.record.attempts[0]?.reason ?? '', /ollama pull/);
  });

  it('route: says what is wrong and exits 1 when no model can answer', async () => {
    ollama.script.defaults = { fault: { kind: 'model-missing' } };
    const result = await cli(['route', '-m', 'Add type hints', '-f', join(dir, 'orders.py'), '--config', config()], { ...env, ANTHROPIC_API_KEY: '' });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Every target failed: .*ollama pull qwen2\.5-coder:7b.*no Anthropic API key is set/s);
  });

  it('route --dry-run: decides without calling any model', async () => {
    const result = await cli(['route', '-m', '/cloud add type hints', '-f', join(dir, 'orders.py'), '--dry-run', '--config', config()], env);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^cloud · types .* → claude \(claude-sonnet-5-5\)/);
    assert.match(result.stdout, /You \(\/cloud\) chose the cloud/);
    assert.equal(ollama.requests.length + anthropic.requests.length, 0);
  });

  it('route --dry-run: applies the personal correction VS Code learned, read from the ledger folder, when adaptive routing is on', async () => {
    const ledger = join(dir, 'ledger');
    const learned = new AdaptiveRouting(() => ({ ...DEFAULT_ADAPTIVE_SETTINGS, enabled: true }), new PersonalRoutingFile(ledger));
    for (let index = 0; index < 20; index++) learned.observeShadow({ taskId: `s${index}`, at: new Date().toISOString(), model: 'qwen2.5-coder:7b', passed: false, category: 'explain', score: 0.3 });
    await learned.save();
    const args = ['route', '-m', 'Explain this code', '-f', join(dir, 'orders.py'), '--dry-run', '--config', config()];
    const before = await cli(args, { ...env, LLM_ROUTER_LEDGER: ledger });
    assert.match(before.stdout, /^local · explain/, 'off by default: the classifier alone');
    writeCliSettings(config(), anthropic, { 'llmRouter.adaptive.enabled': true, 'llmRouter.adaptive.maxCorrection': 3 });
    const after = await cli(args, { ...env, LLM_ROUTER_LEDGER: ledger });
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stdout, /^cloud · explain · score 0\.\d+/);
    assert.match(after.stdout, /· Your recent results for explain \(20 of 20 not kept\) moved this borderline task to the cloud/);
    assert.deepEqual(readdirSync(ledger), ['personal-routing.json'], 'the CLI writes nothing there');
  });

  it('route: rejects a missing file and a bad settings file before doing anything', async () => {
    const missing = await cli(['route', '-m', 'Add types', '-f', join(dir, 'nope.py')], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.py: no such file/);
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    const bad = await cli(['route', '-m', 'Add types', '--config', join(dir, 'bad.json')], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot read the settings file/);
  });

  it('batch: one result line per task, bad lines reported, and a summary with savings', async () => {
    const tasks = [
      { id: 'a', instruction: 'Add type hints', code: 'def f(x):\n    return x * 2', language: 'python' },
      { id: 'b', instruction: 'Why does this deadlock under load?', code: 'mu.Lock()\nch <- v', language: 'go' },
      'not json',
      { id: 'c', instruction: 'Write a docstring', code: 'def g(y):\n    return y + 1', language: 'python' },
    ];
    writeFileSync(join(dir, 'tasks.jsonl'), tasks.map((task) => (typeof task === 'string' ? task : JSON.stringify(task))).join('\n'));
    ollama.script.defaults = { reply: '```python\ndef f(x: int) -> int:\n    """Doubles or increments."""\n    return x * 2\n```' };
    anthropic.script.defaults = { reply: 'The goroutine holds the lock while blocked on the send.' };
    const summaryFile = join(dir, 'summary.json');
    const result = await cli(['batch', join(dir, 'tasks.jsonl'), '--parallel', '2', '--summary', summaryFile, '--config', config()], env);
    assert.equal(result.code, 1, 'a bad line makes the exit code 1');
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string | null; outcome?: string; target?: string; error?: string; line?: number });
    assert.equal(lines.length, 4);
    assert.deepEqual(lines.map((line) => line.id).sort(), ['a', 'b', 'c', null].sort());
    assert.equal(lines.find((line) => line.id === 'a')?.target, 'local-code');
    assert.equal(lines.find((line) => line.id === 'b')?.target, 'claude');
    assert.equal(lines.find((line) => line.id === null)?.line, 3);
    assert.match(result.stderr, /4 of 4 tasks done · 1 bad input line\n3 tasks · 2 of 3 answered on this machine \(67%\) · 0 fell back · 0 failed\n/);
    assert.match(result.stderr, /local-code \(qwen2\.5-coder:7b\)\s+2\s+2/);
    assert.match(result.stderr, /spent \$\d+\.\d+ · saved \$\d+\.\d+ \(\d+% of \$\d+\.\d+ all-cloud\)/);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { answered: number; savedUsd: number; targets: unknown[] };
    assert.equal(summary.answered, 3);
    assert.ok(summary.savedUsd > 0);
  });

  it('batch: a byte-order mark at the start of the task file does not reject line 1', async () => {
    writeFileSync(join(dir, 'tasks.jsonl'), `\uFEFF${JSON.stringify({ id: 'a', instruction: 'Add type hints', code: 'def f(x):\n    return x * 2', language: 'python' })}\r\n`);
    ollama.script.defaults = { reply: '```python\ndef f(x: int) -> int:\n    return x * 2\n```' };
    const result = await cli(['batch', join(dir, 'tasks.jsonl'), '--config', config()], env);
    assert.equal(result.code, 0, result.stderr);
    const [line] = result.stdout.trim().split('\n').map((text) => JSON.parse(text) as { id: string; outcome?: string; error?: string });
    assert.deepEqual([line?.id, line?.outcome, line?.error], ['a', 'answered', undefined]);
  });

  it('batch --record adds nightly runs to the ledger, and report prints the week in each format', async () => {
    const tasks = [
      { id: 'a', instruction: 'Add type hints', code: 'def f(x):\n    return x * 2', language: 'python' },
      { id: 'b', instruction: 'Why does this deadlock under load?', code: 'mu.Lock()\nch <- v', language: 'go' },
    ];
    writeFileSync(join(dir, 'tasks.jsonl'), tasks.map((task) => JSON.stringify(task)).join('\n'));
    writeFileSync(config(), JSON.stringify({ 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } }, 'llmRouter.shadow.sampleRate': 1 }));
    ollama.script.defaults = { reply: '```python\ndef f(x: int) -> int:\n    return x * 2\n```' };
    anthropic.script.defaults = { reply: 'The goroutine holds the lock while blocked on the send.' };
    const ledger = join(dir, 'ledger');
    const batch = await cli(['batch', join(dir, 'tasks.jsonl'), '--output', join(dir, 'out.jsonl'), '--config', config()], { ...env, LLM_ROUTER_LEDGER: ledger });
    assert.equal(batch.code, 0, batch.stderr);
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, 1, 'without --record nothing is compared in the background');
    const recorded = await cli(['batch', join(dir, 'tasks.jsonl'), '--record', '--output', join(dir, 'out.jsonl'), '--config', config()], { ...env, LLM_ROUTER_LEDGER: ledger });
    assert.equal(recorded.code, 0, recorded.stderr);

    const text = await cli(['report', '--config', config()], { ...env, LLM_ROUTER_LEDGER: ledger });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Total requests: 2 · 2 tasks · 1 of 2 answered on this machine \(50%\) · 0 fell back · 0 failed/);
    assert.match(text.stdout, /qwen2\.5-coder:7b \(local\)\s+1\s/);
    assert.match(text.stdout, /Unnecessary:\s+1 of 1 compared/, 'the deadlock question was also run locally, and that answer passed');
    const csv = await cli(['report', '--format', 'csv', '--ledger', ledger, '--config', config()], env);
    assert.match(csv.stdout, /^period,row,model/);
    const json = JSON.parse((await cli(['report', '--format', 'json', '--ledger', ledger], env)).stdout) as { totals: { tasks: number } };
    assert.equal(json.totals.tasks, 2);
    const bad = await cli(['report', '--week', '2026-W99', '--ledger', ledger], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--week must be an ISO week such as \d{4}-W\d{2}/);
  });

  it('batch --record with a ledger folder it cannot write: the results still arrive, and one message says what to do', async () => {
    const tasks = [
      { id: 'a', instruction: 'Add type hints', code: 'def f(x):\n    return x * 2', language: 'python' },
      { id: 'b', instruction: 'Add type hints', code: 'def g(y):\n    return y', language: 'python' },
    ];
    writeFileSync(join(dir, 'tasks.jsonl'), tasks.map((task) => JSON.stringify(task)).join('\n'));
    ollama.script.defaults = { reply: '```python\ndef f(x: int) -> int:\n    return x * 2\n```' };
    // A folder below a plain file can never be created, whoever runs the test (root ignores permissions).
    writeFileSync(join(dir, 'not-a-folder'), '');
    const ledger = join(dir, 'not-a-folder', 'ledger');
    const outputFile = join(dir, 'out.jsonl');
    for (const output of [[], ['--output', outputFile]]) {
      const result = await cli(['batch', join(dir, 'tasks.jsonl'), '--record', '--ledger', ledger, ...output, '--config', config()], env);
      assert.equal(result.code, 1, 'the run did not do all it was asked: the ledger has no record of it');
      const written = output.length === 0 ? result.stdout : readFileSync(outputFile, 'utf8');
      assert.deepEqual(
        written.trim().split('\n').map((line) => (JSON.parse(line) as { id: string; outcome: string }).outcome),
        ['answered', 'answered'],
      );
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      const messages = result.stderr.split('\n').filter((line) => line.includes(ledger));
      assert.equal(messages.length, 1, result.stderr);
      assert.match(messages[0] ?? '', /could not record .* in .*not-a-folder\/ledger.*check .*permissions.*--ledger DIR/i);
      assert.match(result.stderr, /2 of 2 tasks done/, 'the summary is still printed');
    }
  });

  it('batch exports each task to the OpenTelemetry collector named in the settings', async () => {
    const collector = await startFakeCollector();
    try {
      writeFileSync(join(dir, 'tasks.jsonl'), JSON.stringify({ id: 'a', instruction: 'Add type hints', code: 'def f(x):\n    return x * 2', language: 'python' }));
      writeFileSync(config(), JSON.stringify({ 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } }, 'llmRouter.telemetry.otlpEndpoint': collector.url }));
      ollama.script.defaults = { reply: '```python\ndef f(x: int) -> int:\n    return x * 2\n```' };
      const result = await cli(['batch', join(dir, 'tasks.jsonl'), '--output', join(dir, 'out.jsonl'), '--config', config()], env);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        collector.spans.map((span) => span.name).sort(),
        ['chat qwen2.5-coder:7b', 'route types'],
      );
      assert.ok(collector.metrics.some((metric) => metric.name === 'gen_ai.client.token.usage'));
    } finally {
      await collector.close();
    }
  });

  it('batch --parallel 16 against 4 slots: says so at the start, and waiting for a slot is not a first-token timeout', async () => {
    const tasks = Array.from({ length: 16 }, (_, index) => ({ id: `t${index}`, instruction: 'Add type hints', code: `def f${index}(x):\n    return x`, language: 'python' }));
    writeFileSync(join(dir, 'tasks.jsonl'), tasks.map((task) => JSON.stringify(task)).join('\n'));
    writeFileSync(config(), JSON.stringify({ 'llmRouter.targets': { claude: { provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: [anthropic.url] } }, 'llmRouter.timeouts.localFirstTokenSeconds': 2.5 }));
    // The model takes 0.8 s before its first token: the fourth round of four is sent after 2.4 s of waiting and
    // answers at 3.2 s, past the 2.5 s first-token limit if waiting counted, yet each task has 1.7 s to spare once sent.
    ollama.script.defaults = { reply: '```python\ndef f(x: int) -> int:\n    return x\n```', latencyMs: 800 };
    const result = await cli(['batch', join(dir, 'tasks.jsonl'), '--parallel', '16', '--output', join(dir, 'out.jsonl'), '--config', config()], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /16 tasks at once requested; Ollama runs 4 at a time on 1 host \(llmRouter\.ollama\.maxParallelPerHost\)/);
    const written = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { target: string; fallbacks: string[] });
    assert.equal(written.length, 16);
    assert.deepEqual(written.filter((line) => line.target !== 'local-code' || line.fallbacks.length > 0), [], 'no task failed over');
    assert.equal(anthropic.requests.length, 0);
    assert.doesNotMatch(result.stderr, /MaxListenersExceededWarning/);
  });

  it('batch: Ctrl+C stops it, and every finished result is already in the output file', async () => {
    const tasks = Array.from({ length: 20 }, (_, index) => ({ id: `t${index}`, instruction: 'Add type hints', code: `def f${index}(x):\n    return x`, language: 'python' }));
    writeFileSync(join(dir, 'tasks.jsonl'), tasks.map((task) => JSON.stringify(task)).join('\n'));
    ollama.script.defaults = { reply: '```python\ndef f(x: int) -> int:\n    return x\n```', latencyMs: 150 };
    const outputFile = join(dir, 'results.jsonl');
    const result = await cli(['batch', join(dir, 'tasks.jsonl'), '--parallel', '2', '--output', outputFile, '--config', config()], env, { interruptWhen: () => existsSync(outputFile) && readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).length >= 2 });
    assert.equal(result.code, 130);
    const written = readFileSync(outputFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; outcome: string });
    assert.ok(written.length >= 2 && written.length < 20, `${written.length} written`);
    assert.ok(written.every((line) => line.outcome === 'answered'));
    const answeredCalls = ollama.requests.filter((entry) => entry.path === '/api/chat').length;
    assert.ok(answeredCalls <= written.length + 2, 'nothing new is started after Ctrl+C');
  });
});
