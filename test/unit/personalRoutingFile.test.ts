import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdaptiveRouting, DEFAULT_ADAPTIVE_SETTINGS } from '../../src/core/policy/adaptive';
import { PERSONAL_ROUTING_FILE, PersonalRoutingFile } from '../../src/node/personalRoutingFile';

describe('personal routing file (beside the ledger)', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'llm-router-personal-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('is missing until something is learned, then holds it for the next session, with no file left half-written', async () => {
    const settings = () => ({ ...DEFAULT_ADAPTIVE_SETTINGS, enabled: true });
    const ledgerFolder = join(folder, 'ledger');
    const store = new PersonalRoutingFile(ledgerFolder);
    assert.equal(await store.read(), undefined);
    const now = Date.now();
    const session = new AdaptiveRouting(settings, store);
    for (let index = 0; index < 6; index++) session.observeShadow({ taskId: `t${index}`, at: new Date(now).toISOString(), model: 'qwen2.5-coder:7b', passed: true, category: 'docs', score: 0.55 });
    await session.save();
    assert.deepEqual(await readdir(ledgerFolder), [PERSONAL_ROUTING_FILE]);

    const next = new AdaptiveRouting(settings, new PersonalRoutingFile(ledgerFolder));
    await next.load();
    assert.equal(next.correction('docs', now)?.results, 6);
  });
});
