import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../src/core/ledger/ledger';
import { PriceTable } from '../../src/core/pricing/prices';
import { buildReport } from '../../src/core/reports/ledgerReport';
import { monthPeriod } from '../../src/core/reports/period';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { buildReportFromFolder } from '../../src/node/parallelReport';
import { writeGeneratedLedger } from '../data/generatedLedger';

describe('report over a big ledger, on several threads', () => {
  it('gives exactly the single-thread report', async function () {
    this.timeout(30_000);
    const folder = mkdtempSync(join(tmpdir(), 'llm-router-parallel-'));
    const bytes = writeGeneratedLedger(folder, 30_000);
    assert.ok(bytes > 24 << 20, 'big enough to split in two');
    const ledger = new Ledger(new NodeLedgerFiles(folder));
    await ledger.writeOutcome({ taskId: 'g10', at: '2026-11-01T01:00:00.000Z', outcome: 'undone' });
    const options = { period: monthPeriod(new Date('2026-11-15T00:00:00Z')), baselineModel: 'gpt-4o', maxLocalTokens: 4000 };
    const single = await buildReport(ledger, { ...options, prices: new PriceTable() });
    const parallel = await buildReportFromFolder(ledger, folder, { ...options, pricing: {} }, { workers: 2, fromBytes: 0 });
    assert.equal(parallel.totals.tasks, 30_000);
    const rounded = (value: unknown) => JSON.parse(JSON.stringify(value, (_, entry: unknown) => (typeof entry === 'number' ? Math.round(entry * 1e9) / 1e9 : entry))) as unknown;
    assert.deepEqual(rounded(parallel), rounded(single));
    assert.equal(parallel.outcomes.undone, 1);
  });
});
