import * as assert from 'node:assert/strict';
import { planTask } from '../../src/core/engine/planTask';
import { resolveTarget } from '../../src/core/policy/policy';
import { isLocal } from '../../src/core/providers/types';
import { placeLabel, targetLocality } from '../../src/core/security/locality';
import { readRouterSettings } from '../../src/core/settings/routerSettings';
import type { Task } from '../../src/core/task';

const counter = { count: (text: string) => Math.ceil(text.length / 4) };

function plan(task: Task, values: Record<string, unknown>) {
  const { settings, problems } = readRouterSettings((key) => values[key]);
  assert.deepEqual(problems, []);
  return planTask(task, settings, { counter, now: new Date('2026-11-20T10:00:00Z') });
}

describe('locality: where a target runs decides whether it is local', () => {
  it('counts loopback in every spelling as local, and any other host as not', () => {
    for (const endpoint of ['http://127.0.0.1:11434', '127.0.0.5:1234', 'http://localhost:1234/v1', 'http://[::1]:8080', '::1', 'http://0.0.0.0:11434', 'http://2130706433:80', 'http://[::ffff:127.0.0.1]:1']) {
      assert.equal(targetLocality('openai-compatible', [endpoint]).local, true, endpoint);
    }
    for (const endpoint of ['http://10.0.0.5:1234/v1', 'https://api.together.xyz/v1', 'gpu-box.lan:11434', 'http://128.0.0.1', 'http://localhost.evil.com']) {
      const locality = targetLocality('openai-compatible', [endpoint]);
      assert.equal(locality.local, false, endpoint);
    }
    assert.equal(targetLocality('ollama', undefined).local, true);
  });

  it('is not local when any of several Ollama hosts is elsewhere', () => {
    assert.equal(targetLocality('ollama', ['http://127.0.0.1:11434', 'http://10.0.0.7:11434']).local, false);
    assert.equal(targetLocality('ollama', ['http://127.0.0.1:11434', 'http://10.0.0.7:11434']).host, '10.0.0.7');
  });

  it('counts hosts the user declares local: names, addresses and IPv4 ranges', () => {
    assert.equal(targetLocality('ollama', ['http://gpu-box.lan:11434'], ['gpu-box.lan']).local, true);
    assert.equal(targetLocality('ollama', ['http://GPU-BOX.lan.:11434'], ['http://gpu-box.lan']).declared, true);
    assert.equal(targetLocality('openai-compatible', ['http://10.1.2.3:1234/v1'], ['10.0.0.0/8']).local, true);
    assert.equal(targetLocality('openai-compatible', ['http://11.1.2.3:1234/v1'], ['10.0.0.0/8']).local, false);
  });

  it('never counts Claude as local, wherever its endpoint is', () => {
    assert.equal(targetLocality('anthropic', ['http://127.0.0.1:9999'], ['127.0.0.1']).local, false);
    assert.equal(isLocal({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', endpoints: ['http://127.0.0.1:1'] }), false);
  });

  it('decides once, when a target is resolved, and the label says where', () => {
    const { settings } = readRouterSettings((key) => ({ 'llmRouter.openaiCompatible.baseUrl': 'http://10.0.0.5:1234/v1' })[key]);
    const target = resolveTarget('local-labels', { ...settings.routing, ollamaHosts: ['http://127.0.0.1:11434'] });
    assert.equal(target?.locality?.local, false);
    assert.equal(target === undefined ? '' : placeLabel(target), 'remote (10.0.0.5)');
  });

  const remoteLabels = { 'llmRouter.openaiCompatible.baseUrl': 'http://10.0.0.5:1234/v1', 'llmRouter.rules': [{ when: { route: 'local' }, chain: ['local-labels', 'local-code'] }] };
  const envFile: Task = { instruction: '/cloud tidy this file', code: 'LOG_LEVEL=debug', language: 'dotenv', path: 'deploy/.env' };
  const credential: Task = { instruction: 'Label each line', code: 'DB_PASSWORD = "Sup3rS3cretValue!"', language: 'python', path: 'app/settings.py' };

  it('gives a remote OpenAI-compatible target no local-only file and no credential, and says where it runs', () => {
    for (const task of [envFile, credential]) {
      const result = plan(task, remoteLabels);
      assert.deepEqual(result.chain.map((target) => target.id), ['local-code'], task.path);
      assert.ok(result.notes.some((note) => note.includes('local-labels runs on 10.0.0.5 — not local')), result.notes.join(' | '));
    }
  });

  it('refuses a local-only task when the only local model runs on a remote Ollama', () => {
    const result = plan(envFile, { 'llmRouter.ollama.host': 'http://10.0.0.9:11434' });
    assert.deepEqual(result.chain, []);
    assert.match(result.refusal ?? '', /must stay on your machine/);
    assert.ok(result.notes.some((note) => note.includes('local-code runs on 10.0.0.9 — not local')), result.notes.join(' | '));
  });

  it('lets a declared local host take it, and says why it counts as local', () => {
    const result = plan(envFile, { ...remoteLabels, 'llmRouter.privacy.localHosts': ['10.0.0.5'] });
    assert.deepEqual(result.chain.map((target) => target.id), ['local-labels', 'local-code']);
    assert.ok(result.notes.some((note) => note.includes('local because llmRouter.privacy.localHosts lists it')));
  });

  it('still uses a remote target for ordinary work, naming where it runs', () => {
    const result = plan({ instruction: 'Add type hints', code: 'def f(x):\n    return x', language: 'python' }, remoteLabels);
    assert.equal(result.chain[0]?.id, 'local-labels');
    assert.ok(result.notes.some((note) => note.startsWith('local-labels runs on 10.0.0.5 — not local, with no price')), result.notes.join(' | '));
  });
});
