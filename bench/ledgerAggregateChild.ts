import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Ledger } from '../src/core/ledger/ledger';
import { monthPeriod } from '../src/core/reports/period';
import { NodeLedgerFiles } from '../src/node/nodeLedgerFiles';
import { buildReportFromFolder } from '../src/node/parallelReport';

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
  // The same path the extension and `llm-router report` take.
  const report = await buildReportFromFolder(new Ledger(new NodeLedgerFiles(folder)), folder, {
    period: monthPeriod(new Date('2026-11-15T00:00:00Z')),
    baselineModel: 'claude-sonnet-5-5',
    pricing: {},
    maxLocalTokens: 4000,
  });
  const reportMs = performance.now() - started;
  console.log(JSON.stringify({ tasks: report.totals.tasks, reportMs, readMs, peakRssMb: process.resourceUsage().maxRSS / 1024, savedUsd: report.totals.savedUsd }));
}

void main(process.argv[2], process.argv[3]);
