import * as vscode from 'vscode';
import { summaryTable } from '../../core/reports/figureText';
import type { LedgerService } from '../ledgerService';
import type { PreviewDocuments } from '../previewDocuments';
import { Commands } from '../ids';

/** The meter's click: today's or this month's routing by model, until the savings panel exists. */
export async function showUsage(ledger: LedgerService, previews: PreviewDocuments): Promise<void> {
  await ledger.ready();
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(calendar) Today by model', id: 'today' },
      { label: '$(graph) This month by model', id: 'month' },
      { label: '$(output) Show the decision log', id: 'log' },
    ],
    { title: 'LLM Router: Usage' },
  );
  if (choice === undefined) return;
  if (choice.id === 'log') return void vscode.commands.executeCommand(Commands.showLog);
  const figures = ledger.tally.figures(new Date());
  const body = choice.id === 'today' ? summaryTable('Today', figures.today) : summaryTable('This month', figures.month);
  const uri = previews.create(`llm-router-${choice.id}.md`, `# LLM Router usage\n\n${body}\n`);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}
