import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileFor, Ledger, lineOf } from '../src/core/ledger/ledger';
import { NodeLedgerFiles } from '../src/node/nodeLedgerFiles';
import { sampleRecord } from '../test/data/sampleRecord';
import { writeGeneratedLedger } from '../test/data/generatedLedger';
import { round } from './timing';

/**
 * Appends per second through the ledger (head encoding, ordering, torn-end check, one write per
 * line), against the same lines written by a bare writeSync loop on an open file.
 */
export async function ledgerAppendRate(count = 20_000) {
  const folder = mkdtempSync(join(tmpdir(), 'llm-router-bench-append-'));
  try {
    const records = Array.from({ length: count }, (_, index) => sampleRecord(`r${index}`, new Date(Date.UTC(2026, 10, 22, 10) + index).toISOString()));
    const files = new NodeLedgerFiles(folder);
    const ledger = new Ledger(files);
    const started = performance.now();
    await Promise.all(records.map((record) => ledger.write(record)));
    const ledgerMs = performance.now() - started;
    files.close();

    const bare = openSync(join(folder, 'bare.jsonl'), 'a');
    const bareStarted = performance.now();
    for (const record of records) writeSync(bare, lineOf(record));
    const bareMs = performance.now() - bareStarted;
    closeSync(bare);
    const perSecond = Math.round((count / ledgerMs) * 1000);
    return { records: count, recordsPerSecond: perSecond, bareWriteRecordsPerSecond: Math.round((count / bareMs) * 1000), ratioToBare: round(ledgerMs / bareMs, 2), target: 20_000, meetsTarget: perSecond >= 20_000 };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A report over one million generated records, in a fresh process: time and peak memory against reading the file alone. */
export function ledgerAggregate(count = 1_000_000, targets = { seconds: 1.5, megabytes: 256 }) {
  const folder = mkdtempSync(join(tmpdir(), 'llm-router-bench-ledger-'));
  try {
    const bytes = writeGeneratedLedger(folder, count);
    const file = fileFor(new Date(Date.UTC(2026, 10, 1)));
    // On disk before the clock starts, so the kernel writing it back does not compete with the report.
    const written = openSync(join(folder, file), 'r+');
    fsyncSync(written);
    closeSync(written);
    const output = execFileSync(process.execPath, [join(__dirname, 'ledgerAggregateChild.js'), folder, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const result = JSON.parse(output) as { tasks: number; reportMs: number; readMs: number; peakRssMb: number };
    return {
      records: count,
      ledgerMb: round(bytes / 1e6, 1),
      tasksCounted: result.tasks,
      reportSeconds: round(result.reportMs / 1000, 3),
      readFileOnlySeconds: round(result.readMs / 1000, 3),
      ratioToReadingTheFile: round(result.reportMs / result.readMs, 2),
      peakRssMb: round(result.peakRssMb, 1),
      targets,
      meetsTargets: result.reportMs < targets.seconds * 1000 && result.peakRssMb < targets.megabytes && result.tasks === count,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
