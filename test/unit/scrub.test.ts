import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { AttemptRecord, TaskRecord } from '../../src/core/engine/taskRecord';
import { REDACTED, SecretScrubber, secretsFromEnvironment } from '../../src/core/security/scrub';
import { scrubbedLog } from '../../src/vscode/scrubbedLog';
import { startFakeOpenAiCompatible } from '../fakes/openaiCompatible';
import { startEngineRig, type EngineRig } from './engineHarness';

const KEY = `sk-lmstudio-${'r4Nd0m'.repeat(6)}`;

describe('secret scrubbing', () => {
  it('removes each secret as written, JSON-escaped and URL-encoded, and leaves short values alone', () => {
    const scrubber = new SecretScrubber(['p@ss"word/with=odd&chars', 'short']);
    assert.equal(scrubber.scrub('a p@ss"word/with=odd&chars b'), `a ${REDACTED} b`);
    assert.equal(scrubber.scrub(JSON.stringify({ body: 'p@ss"word/with=odd&chars' })), `{"body":"${REDACTED}"}`);
    assert.equal(scrubber.scrub(`?k=${encodeURIComponent('p@ss"word/with=odd&chars')}`), `?k=${REDACTED}`);
    assert.equal(scrubber.scrub('a short text'), 'a short text');
    assert.deepEqual(scrubber.scrubDeep({ list: ['x p@ss"word/with=odd&chars'], n: 1 }), { list: [`x ${REDACTED}`], n: 1 });
  });

  it('takes the secrets of the environment by their names, not paths or flags', () => {
    const secrets = secretsFromEnvironment({ ANTHROPIC_API_KEY: 'sk-ant-123456789', DB_PASSWORD: 'hunter2hunter2', SSH_AUTH_SOCK: '/run/user/1000/ssh-agent.sock', PATH: '/usr/bin:/bin', GIT_ASKPASS: '/usr/lib/ssh/ssh-askpass', SOME_TOKEN: 'true' });
    assert.deepEqual(secrets.sort(), ['hunter2hunter2', 'sk-ant-123456789']);
  });

  it('scrubs every line the editor logs, whatever method writes it', () => {
    const written: unknown[] = [];
    const channel = { name: 'LLM Router', info: (...args: unknown[]) => written.push(args), error: (value: unknown) => written.push(value), show: () => written.push('shown') };
    const log = scrubbedLog(channel as unknown as vscode.LogOutputChannel, new SecretScrubber([KEY]));
    log.info(`task failed: ${KEY}`, KEY);
    log.error(new Error(`refused ${KEY}`));
    log.show();
    assert.equal(log.name, 'LLM Router');
    assert.ok(!JSON.stringify(written).includes(KEY), JSON.stringify(written));
    assert.ok(JSON.stringify(written).includes(REDACTED));
  });

  describe('the engine', () => {
    let rig: EngineRig;
    beforeEach(async () => {
      rig = await startEngineRig();
    });
    afterEach(async () => {
      await rig.close();
    });

    it('keeps a key a server error repeats out of the record, the sink and the setbacks it reports', async () => {
      const server = await startFakeOpenAiCompatible({ apiKey: KEY });
      try {
        server.script.defaults = { fault: { kind: 'server-error', echoKey: true } };
        rig.anthropic.script.push({ reply: 'Done.' });
        const setbacks: AttemptRecord[] = [];
        const engine = rig.engine(
          { 'llmRouter.openaiCompatible.baseUrl': `${server.url}/v1`, 'llmRouter.rules': [{ when: {}, chain: ['local-labels'] }], 'llmRouter.telemetry.headers': { authorization: 'Bearer otlp-team-secret-123' } },
          { openaiCompatibleKey: () => Promise.resolve(KEY) },
        );
        const result = await engine.run({ instruction: 'Label these tickets', code: 'printer is on fire' }, { observer: { onSetback: (attempt) => setbacks.push(attempt) } });
        assert.ok(server.requests.length >= 1);
        assert.ok(result.record.attempts.some((attempt) => (attempt.reason ?? '').includes(REDACTED)), JSON.stringify(result.record.attempts));
        const shown: (TaskRecord | AttemptRecord)[] = [result.record, ...rig.records, ...setbacks];
        assert.ok(!JSON.stringify(shown).includes(KEY));
        assert.equal(engine.scrubber.scrub('header otlp-team-secret-123'), `header ${REDACTED}`);
      } finally {
        await server.close();
      }
    });
  });
});
