import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic';
import type { FakeOllama } from '../fakes/ollama';
import { cli, startCliFakes, writeCliSettings } from './cliProcess';

interface DryRun {
  readonly route: string;
  readonly chain: readonly { id: string }[];
  readonly notes: readonly string[];
}

describe('llm-router privacy (CLI)', () => {
  let ollama: FakeOllama;
  let anthropic: FakeAnthropic;
  let dir: string;
  let env: Record<string, string>;
  const config = () => join(dir, 'settings.json');

  beforeEach(async () => {
    ({ ollama, anthropic, dir, env } = await startCliFakes('llm-router-privacy-'));
    for (const folder of ['sub', 'secrets', 'keys', 'x']) mkdirSync(join(dir, folder));
    // Nothing in these files looks like a credential: only their names make them local-only.
    for (const file of ['.env', 'x/.env', 'secrets/x.yaml', 'keys/a.pem']) writeFileSync(join(dir, file), 'LOG_LEVEL=debug\n');
  });
  afterEach(async () => {
    await Promise.all([ollama.close(), anthropic.close()]);
  });

  it('route -f: a local-only file stays local however its path is written, even with /cloud', async function () {
    // Six runs of the CLI process.
    this.timeout(60_000);
    const cases: { file: string; cwd: string }[] = [
      { file: './.env', cwd: dir },
      { file: 'sub/../.env', cwd: dir },
      { file: '../x/.env', cwd: join(dir, 'sub') },
      { file: './secrets/x.yaml', cwd: dir },
      { file: './keys/a.pem', cwd: dir },
      { file: join(dir, 'SUB', '..', '.env').replace(/SUB/, 'sub'), cwd: '/' },
    ];
    for (const { file, cwd } of cases) {
      const result = await cli(['route', '-m', '/cloud review this file', '-f', file, '--dry-run', '--json', '--config', config()], env, { cwd });
      assert.equal(result.code, 0, `${file}: ${result.stderr}`);
      const plan = JSON.parse(result.stdout) as DryRun;
      assert.equal(plan.route, 'local', file);
      assert.deepEqual(plan.chain.map((target) => target.id), ['local-code'], file);
      assert.ok(plan.notes.some((note) => /Kept on this machine: .* matches the local-only pattern/.test(note)), `${file}: ${plan.notes.join(' | ')}`);
    }
  });

  it('route -f: a local-only file never reaches Claude, even when the local model fails', async () => {
    ollama.script.defaults = { fault: { kind: 'model-missing' } };
    const result = await cli(['route', '-m', '/cloud review this file', '-f', 'sub/../.env', '--config', config()], env, { cwd: dir });
    assert.equal(result.code, 1);
    assert.equal(anthropic.requests.length, 0);
  });

  it('batch: a task whose "path" is local-only is kept local, however the path is written', async () => {
    const paths = ['./.env', 'sub/../.env', '../x/.env', './secrets/x.yaml', './keys/a.pem', 'Config\\.ENV.production'];
    writeFileSync(join(dir, 'tasks.jsonl'), paths.map((path, index) => JSON.stringify({ id: `t${index}`, instruction: '/cloud review this file', code: 'LOG_LEVEL=debug', path })).join('\n'));
    ollama.script.defaults = { reply: 'Looks fine.' };
    anthropic.script.defaults = { reply: 'Looks fine.' };
    const result = await cli(['batch', join(dir, 'tasks.jsonl'), '--config', config()], env, { cwd: join(dir, 'sub') });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; route: string; target: string });
    assert.equal(lines.length, paths.length);
    for (const line of lines) assert.deepEqual([line.route, line.target], ['local', 'local-code'], line.id);
    assert.equal(anthropic.requests.length, 0);
  });

  it('never shows, exports or stores an API key that a server error repeats (stderr, --json, batch output, ledger)', async function () {
    this.timeout(60_000);
    const key = `sk-ant-api03-${'Q7vLm2'.repeat(15)}AA`;
    const keyed = { ...env, ANTHROPIC_API_KEY: key };
    const hard = 'Why does this deadlock under load?';
    writeFileSync(join(dir, 'worker.go'), 'mu.Lock()\ndefer mu.Unlock()\nch <- v\n');
    const places: string[] = [];
    // A fake that takes any key, so the scripted errors below are what comes back.
    await anthropic.close();
    anthropic = await startFakeAnthropic();
    writeCliSettings(config(), anthropic);

    anthropic.script.defaults = { fault: { kind: 'unauthorized', echoKey: true } };
    const text = await cli(['route', '-m', hard, '-f', join(dir, 'worker.go'), '--config', config()], keyed);
    assert.equal(text.code, 1);
    assert.match(text.stderr, /invalid x-api-key: \[redacted\]/, 'the server did repeat the key, and it was removed');
    places.push(text.stdout, text.stderr);
    const json = await cli(['route', '-m', hard, '-f', join(dir, 'worker.go'), '--json', '--config', config()], keyed);
    places.push(json.stdout, json.stderr);

    anthropic.script.defaults = { fault: { kind: 'server-error', echoKey: true } };
    writeFileSync(join(dir, 'tasks.jsonl'), JSON.stringify({ id: 'a', instruction: hard, code: 'mu.Lock()\nch <- v', language: 'go' }));
    const ledger = join(dir, 'ledger');
    const batch = await cli(['batch', join(dir, 'tasks.jsonl'), '--output', join(dir, 'out.jsonl'), '--record', '--ledger', ledger, '--config', config()], keyed);
    assert.equal(batch.code, 1);
    const output = readFileSync(join(dir, 'out.jsonl'), 'utf8');
    assert.match(output, /while handling key \[redacted\]/);
    places.push(batch.stdout, batch.stderr, output, ...readdirSync(ledger, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8')));

    assert.ok(anthropic.requests.length >= 3);
    for (const place of places) assert.ok(!place.includes(key) && !place.includes(key.slice(0, 30)), place.slice(0, 400));
  });

  it('route: refuses to upload a prompt over the upload limit unless --allow-large is given, and refuses binary files', async function () {
    this.timeout(60_000);
    writeCliSettings(config(), anthropic, { 'llmRouter.cloud.maxUploadTokens': 1000 });
    writeFileSync(join(dir, 'big.ts'), 'export const answer = compute(42, "forty-two") + offset;\n'.repeat(200));
    anthropic.script.defaults = { reply: 'Reviewed.' };
    const refused = await cli(['route', '-m', '/cloud review this module', '-f', 'big.ts', '--config', config()], env, { cwd: dir });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /over your upload limit of 1,000 \(llmRouter\.cloud\.maxUploadTokens\), so nothing was sent\. Confirm the upload \(on the CLI: --allow-large\)/);
    assert.equal(anthropic.requests.length, 0);
    const allowed = await cli(['route', '-m', '/cloud review this module', '-f', 'big.ts', '--allow-large', '--config', config()], env, { cwd: dir });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(anthropic.requests.length, 1);

    writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe, 0x00]));
    const binary = await cli(['route', '-m', 'describe this', '-f', 'logo.png', '--allow-large', '--config', config()], env, { cwd: dir });
    assert.equal(binary.code, 1);
    assert.match(binary.stderr, /The selection is not text: it contains NUL bytes/);
    assert.equal(anthropic.requests.length, 1);
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, 0);
  });
});
