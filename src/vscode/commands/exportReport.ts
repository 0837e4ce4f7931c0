import * as vscode from 'vscode';
import { isoWeekOf, lastSevenDays, monthPeriod, weekPeriod, type Period } from '../../core/reports/period';
import { countOf } from '../../core/reports/numbers';
import { formatReport, type ReportFormat } from '../../core/reports/reportFormats';
import type { ReportService } from '../reportService';

export interface ExportReportArgs {
  /** "2026-W47"; skips the period question. */
  readonly week?: string;
  readonly format?: ReportFormat;
  /** Skips the save dialog (tests, scripts). */
  readonly target?: vscode.Uri;
}

const FORMATS: readonly (vscode.QuickPickItem & { format: ReportFormat; extension: string })[] = [
  { label: 'Markdown', description: '.md', format: 'md', extension: 'md' },
  { label: 'Plain text', description: '.txt · the reference layout', format: 'text', extension: 'txt' },
  { label: 'CSV', description: '.csv · for spreadsheets', format: 'csv', extension: 'csv' },
  { label: 'JSON', description: '.json · every figure', format: 'json', extension: 'json' },
];

/** Export Routing Report: a week (or month) of routing, as text, markdown, CSV or JSON, saved where the user says. */
export async function exportReport(reports: ReportService, args: ExportReportArgs = {}): Promise<vscode.Uri | undefined> {
  const period = args.week !== undefined ? weekPeriod(args.week) : await askPeriod();
  if (period === undefined) {
    if (args.week !== undefined) void vscode.window.showErrorMessage(`LLM Router: "${args.week}" is not an ISO week such as ${isoWeekOf(new Date())}.`);
    return undefined;
  }
  const format = args.format === undefined ? await vscode.window.showQuickPick(FORMATS, { title: 'LLM Router: Export Routing Report', placeHolder: 'Format' }) : FORMATS.find((entry) => entry.format === args.format);
  if (format === undefined) return undefined;
  const name = `llm-router-report-${period.label.replace(/[^\w-]+/g, '_')}.${format.extension}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = args.target ?? (await vscode.window.showSaveDialog({ title: 'Save the routing report', ...(folder === undefined ? {} : { defaultUri: vscode.Uri.joinPath(folder, name) }), filters: { [format.label]: [format.extension] } }));
  if (target === undefined) return undefined;
  const report = await reports.build(period);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(formatReport(report, format.format)));
  if (args.target === undefined) {
    void vscode.window.showInformationMessage(`LLM Router: saved the ${period.label} report (${countOf(report.totals.tasks, 'task')}).`, 'Open').then((choice) => {
      if (choice === 'Open') void vscode.window.showTextDocument(target);
    });
  }
  return target;
}

async function askPeriod(): Promise<Period | undefined> {
  const now = new Date();
  const thisWeek = weekPeriod(isoWeekOf(now))!;
  const lastWeek = weekPeriod(isoWeekOf(new Date(thisWeek.from.getTime() - 86_400_000)))!;
  const items: (vscode.QuickPickItem & { period?: Period })[] = [
    { label: `This week`, description: thisWeek.label, period: thisWeek },
    { label: `Last week`, description: lastWeek.label, period: lastWeek },
    { label: 'Last 7 days', description: lastSevenDays(now).label, period: lastSevenDays(now) },
    { label: 'This month', description: monthPeriod(now).label, period: monthPeriod(now) },
    { label: 'Another week…', description: 'type an ISO week such as 2026-W45' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: 'LLM Router: Export Routing Report', placeHolder: 'Period' });
  if (choice === undefined) return undefined;
  if (choice.period !== undefined) return choice.period;
  const typed = await vscode.window.showInputBox({ title: 'LLM Router: Export Routing Report', prompt: 'ISO week', value: lastWeek.label, validateInput: (value) => (weekPeriod(value) === undefined ? 'An ISO week such as 2026-W45' : undefined) });
  return typed === undefined ? undefined : weekPeriod(typed);
}
