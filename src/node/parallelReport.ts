import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ledgerFilesFor, type ByteRange, type Ledger } from '../core/ledger/ledger';
import { PriceTable, type PricingOptions } from '../core/pricing/prices';
import { ReportBuilder, tallyLedger, type LedgerReport, type ReportOptions, type TalliedPeriod } from '../core/reports/ledgerReport';
import type { ReportJob, ReportJobResult } from './reportJob';
import { tallyRange } from './tallyRange';

export interface FolderReportOptions extends Omit<ReportOptions, 'prices'> {
  readonly pricing: PricingOptions;
}

export interface Parallelism {
  readonly workers: number;
  /** Below this much ledger, starting worker threads costs more than it saves (about 160 MB on two cores). */
  readonly fromBytes: number;
}

const EVERY_CORE: Parallelism = { workers: availableParallelism(), fromBytes: 160 << 20 };

/**
 * The report over a ledger folder, using every core: a big ledger is split at line boundaries
 * into one share per core, tallied by this thread and worker threads at once, and the tallies
 * are merged. Small ledgers are read on this thread alone.
 */
export async function buildReportFromFolder(ledger: Ledger, folder: string, options: FolderReportOptions, parallelism = EVERY_CORE): Promise<LedgerReport> {
  const { builder, problems } = await tallyFolder(ledger, folder, options, parallelism);
  return builder.build(problems);
}

/** The period's tally, as buildReportFromFolder reads it, to build the report from and add later tasks to. */
export async function tallyFolder(ledger: Ledger, folder: string, options: FolderReportOptions, parallelism = EVERY_CORE): Promise<TalliedPeriod> {
  const prices = new PriceTable(options.pricing);
  await ledger.flushed();
  const files = (await Promise.all(ledgerFilesFor(options.period.from, options.period.to).map(async (file) => ({ file, size: await sizeOf(join(folder, file)) })))).filter((entry) => entry.size > 0);
  const total = files.reduce((sum, entry) => sum + entry.size, 0);
  const { workers } = parallelism;
  if (workers < 2 || total < parallelism.fromBytes) return tallyLedger(ledger, { ...options, prices });

  const labels = await ledger.labels(options.period.from, options.period.to);
  const jobs: ReportJob[] = [];
  for (const { file, size } of files) {
    const parts = Math.max(1, Math.min(workers, Math.round((size / total) * workers)));
    const ranges = await splitAtLines(join(folder, file), size, parts);
    ranges.forEach((range, index) =>
      jobs.push({
        folder,
        file,
        range,
        lastRange: index === ranges.length - 1,
        period: { from: options.period.from.toISOString(), to: options.period.to.toISOString(), label: options.period.label },
        baselineModel: options.baselineModel,
        pricing: options.pricing,
        maxLocalTokens: options.maxLocalTokens,
        ...(options.categoryRoutes === undefined ? {} : { categoryRoutes: options.categoryRoutes }),
        outcomes: [...labels.outcomes],
        shadows: [...labels.shadows],
      }),
    );
  }
  // This thread takes the first share itself while the workers take the rest.
  const [first, ...rest] = jobs;
  const results = await Promise.all([...rest.map(runJob), ...(first === undefined ? [] : [tallyRange(first)])]);
  const builder = new ReportBuilder({ ...options, prices }, labels);
  for (const result of results) builder.merge(result.tally);
  return { builder, problems: results.reduce((sum, result) => sum + result.problems, 0) };
}

function runJob(job: ReportJob): Promise<ReportJobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'reportWorker.js'), { workerData: job });
    worker.once('message', (result: ReportJobResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`the report worker stopped with code ${code}`));
    });
  });
}

/** `parts` ranges of the file, each ending just after a newline (the last at the end of the file). */
async function splitAtLines(path: string, size: number, parts: number): Promise<ByteRange[]> {
  const handle = await open(path, 'r');
  try {
    const cuts = [0];
    const probe = Buffer.alloc(1 << 16);
    for (let part = 1; part < parts; part++) {
      let at = Math.max(cuts.at(-1)!, Math.floor((size * part) / parts));
      for (;;) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, at);
        if (bytesRead === 0) {
          at = size;
          break;
        }
        const newline = probe.subarray(0, bytesRead).indexOf(0x0a);
        if (newline !== -1) {
          at += newline + 1;
          break;
        }
        at += bytesRead;
      }
      if (at < size && at > cuts.at(-1)!) cuts.push(at);
    }
    cuts.push(size);
    return cuts.slice(0, -1).map((start, index) => ({ start, end: cuts[index + 1] }));
  } finally {
    await handle.close();
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
