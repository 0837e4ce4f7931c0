import { HeadReader } from '../core/ledger/headReader';
import { factsOfLine } from '../core/ledger/ledger';
import { PriceTable } from '../core/pricing/prices';
import { ReportBuilder } from '../core/reports/ledgerReport';
import { NodeLedgerFiles } from './nodeLedgerFiles';
import type { ReportJob, ReportJobResult } from './reportJob';

/** One share of a report: tallies one byte range of one ledger file (on a worker thread or this one). */
export async function tallyRange(job: ReportJob): Promise<ReportJobResult> {
  const from = Date.parse(job.period.from);
  const to = Date.parse(job.period.to);
  const builder = new ReportBuilder(
    {
      period: { from: new Date(from), to: new Date(to), label: job.period.label },
      baselineModel: job.baselineModel,
      prices: new PriceTable(job.pricing),
      maxLocalTokens: job.maxLocalTokens,
      ...(job.categoryRoutes === undefined ? {} : { categoryRoutes: job.categoryRoutes }),
    },
    { outcomes: new Map(job.outcomes), shadows: new Map(job.shadows) },
  );
  let problems = 0;
  const reader = new HeadReader();
  const window = { from, to };
  const result = await new NodeLedgerFiles(job.folder).scanLines(
    job.file,
    (bytes, start, end) => {
      const facts = factsOfLine(bytes, start, end, reader, window);
      if (typeof facts === 'string') {
        if (facts !== '') problems++;
        return;
      }
      builder.add(facts);
    },
    job.range,
  );
  if (job.lastRange && result?.torn !== undefined && result.torn !== '') problems++;
  return { tally: builder.tallySoFar(), problems };
}
