import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isoWeekOf } from '../../src/core/reports/period';
import { Commands } from '../../src/vscode/ids';
import { activatedExtension } from './extension';

describe('LLM Router: Export Routing Report', () => {
  before(async () => {
    await activatedExtension();
  });

  it('writes the week as markdown, CSV and JSON where it is told', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'llm-router-export-'));
    const week = isoWeekOf(new Date());
    for (const [format, check] of [
      ['md', /^# LLM Router — Routing Report/],
      ['csv', /^period,row,model,where,requests/],
      ['json', /"baselineModel": "claude-sonnet-5-5"/],
      ['text', /Fallback analysis\n\s+Triggered:/],
    ] as const) {
      const target = vscode.Uri.file(join(folder, `report.${format}`));
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.exportReport, { week, format, target });
      assert.equal(written?.fsPath, target.fsPath);
      assert.match(readFileSync(target.fsPath, 'utf8'), check);
    }
  });

  it('says so when the week is not a week, and writes nothing', async () => {
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(Commands.exportReport, { week: '2026-W99', format: 'md', target: vscode.Uri.file(join(tmpdir(), 'never.md')) });
    assert.equal(written, undefined);
  });
});
