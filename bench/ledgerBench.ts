import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileFor, Ledger, lineOf } from '../src/core/ledger/ledger';
import { NodeLedgerFiles } from '../src/node/nodeLedgerFiles';
import { sampleRecord } from '../test/data/sampleRecord';
import { writeGeneratedLedger } from '../test/data/generatedLedger';
import { median, round } from './timing';

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

/**
 * A report over one million generated records, each run in a fresh process: time and peak memory
 * against reading the file alone in the same process. Three runs; the median counts.
 */
export function ledgerAggregate(count = 1_000_000, targets = { seconds: 1.5, megabytes: 256 }, runs = 3) {
  const folder = mkdtempSync(join(tmpdir(), 'llm-router-bench-ledger-'));
  try {
    const bytes = writeGeneratedLedger(folder, count);
    const file = fileFor(new Date(Date.UTC(2026, 10, 1)));
    // On disk before the clock starts, so the kernel writing it back does not compete with the report.
    const written = openSync(join(folder, file), 'r+');
    fsyncSync(written);
    closeSync(written);
    const results = Array.from({ length: runs }, () => {
      const output = execFileSync(process.execPath, [join(__dirname, 'ledgerAggregateChild.js'), folder, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      return JSON.parse(output) as { tasks: number; reportMs: number; readMs: number; peakRssMb: number };
    });
    const reportMs = median(results.map((result) => result.reportMs));
    const readMs = median(results.map((result) => result.readMs));
    const peakRssMb = Math.max(...results.map((result) => result.peakRssMb));
    return {
      records: count,
      ledgerMb: round(bytes / 1e6, 1),
      tasksCounted: results[0].tasks,
      reportSeconds: round(reportMs / 1000, 3),
      reportSecondsEachRun: results.map((result) => round(result.reportMs / 1000, 3)),
      readFileOnlySeconds: round(readMs / 1000, 3),
      ratioToReadingTheFile: round(reportMs / readMs, 2),
      peakRssMb: round(peakRssMb, 1),
      targets,
      meetsTargets: reportMs < targets.seconds * 1000 && peakRssMb < targets.megabytes && results.every((result) => result.tasks === count),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
