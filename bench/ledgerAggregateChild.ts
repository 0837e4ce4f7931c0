import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Ledger } from '../src/core/ledger/ledger';
import { PriceTable } from '../src/core/pricing/prices';
import { buildReport } from '../src/core/reports/ledgerReport';
import { monthPeriod } from '../src/core/reports/period';
import { NodeLedgerFiles } from '../src/node/nodeLedgerFiles';

/** Run in a fresh process so its peak memory is the report's alone: prints one JSON line. */
async function main(folder: string, file: string): Promise<void> {
  // Baseline: only reading the same bytes from disk, in the same chunk size.
  const readStarted = performance.now();
  const handle = await open(join(folder, file), 'r');
  const buffer = Buffer.allocUnsafe(4 << 20);
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
  }
  await handle.close();
  const readMs = performance.now() - readStarted;

  const started = performance.now();
  const report = await buildReport(new Ledger(new NodeLedgerFiles(folder)), {
    period: monthPeriod(new Date('2026-11-15T00:00:00Z')),
    baselineModel: 'claude-sonnet-5-5',
    prices: new PriceTable(),
    maxLocalTokens: 4000,
  });
  const reportMs = performance.now() - started;
  console.log(JSON.stringify({ tasks: report.totals.tasks, reportMs, readMs, peakRssMb: process.resourceUsage().maxRSS / 1024, savedUsd: report.totals.savedUsd }));
}

void main(process.argv[2], process.argv[3]);
