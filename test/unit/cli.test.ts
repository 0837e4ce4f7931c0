import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_SET_PATH, readLabelled, REPO_ROOT } from '../data/datasets';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    get lines() {
      return result.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

describe('llm-router classify (CLI)', () => {
  it('prints one decision per dev-set task, in input order', () => {
    const result = run(['classify', '--input', DEV_SET_PATH]);
    assert.equal(result.code, 0, result.stderr);
    const tasks = readLabelled(DEV_SET_PATH);
    assert.deepEqual(result.lines.map((line) => line.id), tasks.map((task) => task.id));
    for (const line of result.lines) {
      assert.ok(line.route === 'local' || line.route === 'cloud');
      assert.equal(typeof line.category, 'string');
      assert.ok(typeof line.score === 'number' && line.score >= 0 && line.score <= 1);
      assert.ok(Array.isArray(line.reasons) && line.reasons.length > 0);
    }
  });

  it('reports bad lines by id or line number and keeps going', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-router-cli-'));
    const file = join(dir, 'tasks.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'a', instruction: 'Add type hints', code: 'def f(x): return x', language: 'python' }),
        '{not json',
        JSON.stringify({ id: 'b', code: 'x' }),
        '',
        JSON.stringify({ id: 7, instruction: 'Why does this deadlock?', code: 'mu.Lock()', language: 'go' }),
      ].join('\n'),
    );
    const result = run(['classify', '--input', file]);
    assert.equal(result.code, 0);
    assert.equal(result.lines.length, 4);
    assert.equal(result.lines[0]?.route, 'local');
    assert.equal(result.lines[1]?.line, 2);
    assert.match(String(result.lines[1]?.error), /not valid JSON/);
    assert.equal(result.lines[2]?.id, 'b');
    assert.match(String(result.lines[2]?.error), /instruction/);
    assert.deepEqual([result.lines[3]?.id, result.lines[3]?.route], ['7', 'cloud']);
  });

  it('reads a task file that starts with a byte-order mark, line 1 included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-router-cli-'));
    const file = join(dir, 'tasks.jsonl');
    writeFileSync(file, `\uFEFF${JSON.stringify({ id: 'first', instruction: 'Write a commit message', code: '+ a' })}\n`);
    const result = run(['classify', '--input', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual([result.lines[0]?.id, result.lines[0]?.category, result.lines[0]?.error], ['first', 'commit-message', undefined]);
  });

  it('reads standard input with --input -', () => {
    const result = run(['classify', '--input', '-'], `${JSON.stringify({ id: 'x', instruction: 'Write a commit message', code: '+ a' })}\n`);
    assert.equal(result.code, 0);
    assert.equal(result.lines[0]?.category, 'commit-message');
  });

  it('exits 2 with a message when the input cannot be read, and prints nothing on stdout', () => {
    const result = run(['classify', '--input', '/nonexistent/tasks.jsonl']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /cannot read \/nonexistent\/tasks.jsonl/);
  });

  it('stops quietly when the reader closes the pipe early, as with | head', async () => {
    const child = spawn(process.execPath, [CLI, 'classify', '--input', DEV_SET_PATH], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('rejects unknown commands and bad options with usage', () => {
    assert.equal(run(['frobnicate']).code, 2);
    assert.match(run(['classify']).stderr, /--input <file> is required/);
    assert.match(run(['classify', '--input', DEV_SET_PATH, '--max-local-tokens', 'lots']).stderr, /positive whole number/);
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /classify --input/);
  });
});
