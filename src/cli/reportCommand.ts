import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Ledger } from '../core/ledger/ledger';
import { customPeriod, isoWeekOf, monthPeriod, weekPeriod, type Period } from '../core/reports/period';
import { formatReport, isReportFormat, REPORT_FORMATS, unreadableLines } from '../core/reports/reportFormats';
import { baselineModelOf } from '../core/settings/ledgerSettings';
import { NodeLedgerFiles } from '../node/nodeLedgerFiles';
import { buildReportFromFolder } from '../node/parallelReport';
import { loadCliSettings } from './cliSettings';
import type { CliIo } from './io';
import { defaultLedgerFolder } from './ledgerLocation';
import { REPORT_USAGE } from './usage';

export async function reportCommand(argv: string[], io: CliIo, now: Date = new Date()): Promise<number> {
  let values: { week?: string; month?: string; from?: string; to?: string; format?: string; output?: string; ledger?: string; config?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { week: { type: 'string' }, month: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, output: { type: 'string', short: 'o' }, ledger: { type: 'string' }, config: { type: 'string' } },
    }));
  } catch (error) {
    io.stderr.write(`llm-router report: ${(error as Error).message}\n\n${REPORT_USAGE}\n`);
    return 2;
  }
  const format = values.format ?? 'text';
  if (!isReportFormat(format)) {
    io.stderr.write(`llm-router report: --format must be one of ${REPORT_FORMATS.join(', ')}\n`);
    return 2;
  }
  const period = periodOf(values, now);
  if (typeof period === 'string') {
    io.stderr.write(`llm-router report: ${period}\n\n${REPORT_USAGE}\n`);
    return 2;
  }
  let settings;
  try {
    settings = loadCliSettings(values.config).settings;
  } catch (error) {
    io.stderr.write(`llm-router report: ${(error as Error).message}\n`);
    return 2;
  }
  const folder = values.ledger ?? defaultLedgerFolder();
  const ledger = new Ledger(new NodeLedgerFiles(folder));
  const files = await new NodeLedgerFiles(folder).list();
  if (!files.some((file) => file.startsWith('ledger-'))) io.stderr.write(`llm-router report: no ledger in ${folder} yet; the report is empty. Use --ledger to point at another folder.\n`);
  const report = await buildReportFromFolder(ledger, folder, {
    period,
    baselineModel: baselineModelOf(settings.ledger, settings.routing.cloudModel),
    pricing: settings.ledger.pricing,
    maxLocalTokens: settings.maxLocalTokens,
    categoryRoutes: settings.routing.categoryRoutes,
  });
  const text = formatReport(report, format);
  if (values.output === undefined) io.stdout.write(text);
  else {
    await writeFile(values.output, text);
    io.stderr.write(`wrote the ${period.label} report to ${values.output}\n`);
  }
  if (report.problems > 0) io.stderr.write(`llm-router report: ${unreadableLines(report.problems)}\n`);
  return 0;
}

function periodOf(values: { week?: string; month?: string; from?: string; to?: string }, now: Date): Period | string {
  const chosen = [values.week, values.month, values.from ?? values.to].filter((value) => value !== undefined).length;
  if (chosen > 1) return 'choose one of --week, --month, or --from/--to';
  if (values.week !== undefined) return weekPeriod(values.week) ?? `--week must be an ISO week such as ${isoWeekOf(now)}`;
  if (values.month !== undefined) {
    if (!/^\d{4}-\d{2}$/.test(values.month)) return '--month must look like 2026-11';
    return monthPeriod(new Date(`${values.month}-01T00:00:00Z`));
  }
  if (values.from !== undefined || values.to !== undefined) {
    if (values.from === undefined || values.to === undefined) return '--from and --to go together';
    return customPeriod(values.from, values.to) ?? '--from and --to must be dates (YYYY-MM-DD), --from first';
  }
  return weekPeriod(isoWeekOf(now))!;
}
