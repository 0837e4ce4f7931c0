import type { Surface } from '../conversation/types';
import type { Figures } from './figures';
import { savedText, spentText } from './figureText';
import { formatCount, formatPercent } from './numbers';
import type { ClientRow, SurfaceRow, Traffic } from './traffic';

/** How the traffic breakdown reads, in the same words in the reports, the panel, the meter and `llm-router status`. */

const SURFACE_NAMES: Readonly<Record<Surface, string>> = {
  editor: 'Editor tasks',
  chat: 'Chat view',
  'model-picker': 'Model picker (vscode.lm)',
  gateway: 'Local gateway',
  cli: 'CLI',
};

/** "Local gateway"; a surface this version does not know (written by a later one) as it was recorded. */
export function surfaceName(surface: string): string {
  return (SURFACE_NAMES as Readonly<Record<string, string>>)[surface] ?? surface;
}

/** "claude-code (Local gateway)" */
export function clientRowName(row: Pick<ClientRow, 'surface' | 'client'>): string {
  return `${row.client} (${surfaceName(row.surface)})`;
}

export const TRAFFIC_HEADINGS = ['Source', 'Tasks', 'Answered locally', 'Spent', 'Saved'] as const;

/** One row of the breakdown as its cells read, in TRAFFIC_HEADINGS' order. */
export function trafficCells(row: SurfaceRow | ClientRow): [string, string, string, string, string] {
  return ['client' in row ? clientRowName(row) : surfaceName(row.surface), formatCount(row.tasks), localText(row), spentText(row), savedText(row)];
}

/** Whether the breakdown says more than the totals: tasks from more than one surface, or from a known caller. */
export function hasMixedTraffic(traffic: Traffic): boolean {
  return traffic.surfaces.length > 1 || traffic.clients.length > 0;
}

/** The rows of the breakdown, surfaces first, then clients. */
export function trafficRows(traffic: Traffic): (SurfaceRow | ClientRow)[] {
  return [...traffic.surfaces, ...traffic.clients];
}

/** The breakdown as aligned plain-text lines (the text report, `llm-router status`), each indented by `indent`. */
export function trafficTextLines(traffic: Traffic, indent = '  '): string[] {
  const rows = [TRAFFIC_HEADINGS as readonly string[], ...trafficRows(traffic).map(trafficCells)];
  const widths = TRAFFIC_HEADINGS.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  return rows.map((cells) => `${indent}${cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')}`.trimEnd());
}

/** The breakdown as a markdown table (the markdown report, the meter's tooltip, `@router /stats`). */
export function trafficMarkdown(traffic: Traffic): string[] {
  return [`| ${TRAFFIC_HEADINGS.join(' | ')} |`, '| --- | ---: | ---: | ---: | ---: |', ...trafficRows(traffic).map((row) => `| ${trafficCells(row).map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`)];
}

/** "3 of 4 (75%)", or "none answered" */
function localText(figures: Figures): string {
  return figures.answered === 0 ? 'none answered' : `${formatCount(figures.answeredLocally)} of ${formatCount(figures.answered)} (${formatPercent(figures.localShare)})`;
}
