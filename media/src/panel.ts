import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { COUNT_AXIS, fallbackRows, kpiCards, spendSeries, whatIfText } from '../../src/core/panel/panelFigures';
import { intervalText, MIN_TRIES_FOR_A_FLAG } from '../../src/core/reports/confidence';
import type { HostMessage, PanelMessage, PanelState, PeriodChoice, RenderedSummary } from '../../src/core/panel/panelMessages';
import type { LedgerReport } from '../../src/core/reports/ledgerReport';
import { formatCount, formatPercent, formatUsd } from '../../src/core/reports/numbers';
import { periodDays } from '../../src/core/reports/period';
import { TRAFFIC_HEADINGS, trafficCells, trafficRows } from '../../src/core/reports/trafficText';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

declare function acquireVsCodeApi(): { postMessage(message: PanelMessage): void };
const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const charts: Chart[] = [];
let whatIfThreshold: number | undefined;

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type !== 'state') return showError(message.message);
  try {
    render(message.state);
  } catch (error) {
    showError('The panel could not show this period; the LLM Router log has the details.');
    vscode.postMessage({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
vscode.postMessage({ type: 'ready' });

function render(state: PanelState): void {
  for (const chart of charts.splice(0)) chart.destroy();
  const { report } = state;
  app.replaceChildren(
    header(state),
    kpis(state),
    report.totals.tasks === 0 ? empty() : element('div', { class: 'grid' }, chartCard('Requests per model', 'requests'), chartCard('Tokens per day', 'tokens'), chartCard('Spend vs all-cloud baseline', 'spend'), chartCard('Latency per model (p50 / p95)', 'latency')),
    traffic(report),
    fallbacks(report),
    categories(report),
    whatIf(report),
    suggestions(report),
    recent(state),
    element('p', { class: 'footnote' }, `Read in ${state.buildMs} ms. Prices: list prices with their dates, or llmRouter.pricing.models. Baseline: ${report.baselineModel}.`),
  );
  app.setAttribute('aria-busy', 'false');
  if (report.totals.tasks > 0) drawCharts(report);
  vscode.postMessage({ type: 'rendered', summary: summary(state) });
}

function header(state: PanelState): HTMLElement {
  const select = document.createElement('vscode-single-select');
  select.setAttribute('aria-label', 'Period');
  for (const [value, label] of [
    ['today', 'Today'],
    ['week', 'This week'],
    ['month', 'This month'],
    ['custom', 'Custom…'],
  ] as const) {
    const option = document.createElement('vscode-option');
    option.setAttribute('value', value);
    option.textContent = label;
    if (state.period.kind === value) option.setAttribute('selected', '');
    select.append(option);
  }
  const from = dateField('From', state.period.kind === 'custom' ? state.period.from : state.report.period.from.slice(0, 10));
  const to = dateField('To', state.period.kind === 'custom' ? state.period.to : periodDays(state.report.period).last);
  const custom = element('span', { class: 'custom', hidden: state.period.kind === 'custom' ? undefined : '' }, from, to);
  const sendCustom = () => post({ kind: 'custom', from: from.value, to: to.value });
  from.addEventListener('change', sendCustom);
  to.addEventListener('change', sendCustom);
  select.addEventListener('change', () => {
    const value = select.value as PeriodChoice['kind'];
    if (value === 'custom') {
      custom.hidden = false;
      sendCustom();
    } else post({ kind: value });
  });
  const exportButton = document.createElement('vscode-button');
  exportButton.setAttribute('icon', 'export');
  exportButton.setAttribute('secondary', '');
  exportButton.textContent = 'Export report…';
  exportButton.addEventListener('click', () => vscode.postMessage({ type: 'export' }));
  return element('header', {}, element('h1', {}, 'LLM Router savings'), element('span', { class: 'period' }, periodDays(state.report.period).span), element('span', { class: 'spacer' }), select, custom, exportButton);
}

function post(period: PeriodChoice): void {
  app.setAttribute('aria-busy', 'true');
  vscode.postMessage({ type: 'period', period });
}

function kpis(state: PanelState): HTMLElement {
  return element(
    'section',
    { class: 'kpis', 'aria-label': 'Key figures' },
    ...kpiCards(state).map((card) =>
      element('div', { class: `kpi${card.warn ? ' warn' : ''}`, 'data-kpi': card.label }, element('span', { class: 'label' }, card.label), element('span', { class: 'value' }, card.value), element('span', { class: 'detail' }, card.detail)),
    ),
  );
}

function empty(): HTMLElement {
  return element('p', { class: 'empty' }, 'No routed tasks in this period yet. Route a refactor, ask @router, or run llm-router batch --record.');
}

function chartCard(title: string, id: string): HTMLElement {
  return element('section', { class: 'card' }, element('h2', {}, title), element('div', { class: 'chart' }, element('canvas', { id: `chart-${id}`, role: 'img', 'aria-label': title })));
}

function drawCharts(report: LedgerReport): void {
  const colour = themeColours();
  Chart.defaults.color = colour.foreground;
  Chart.defaults.borderColor = colour.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const canvas = (id: string) => document.getElementById(`chart-${id}`) as HTMLCanvasElement;
  const models = report.models.map((model) => model.model);
  const modelColours = report.models.map((model) => (model.local ? colour.local : colour.cloud));
  const options = { responsive: true, maintainAspectRatio: false, animation: false as const };
  const spend = spendSeries(report.days, new Date());
  charts.push(
    new Chart(canvas('requests'), { type: 'bar', data: { labels: models, datasets: [{ label: 'Requests', data: report.models.map((model) => model.requests), backgroundColor: modelColours }] }, options: { ...options, scales: { y: COUNT_AXIS }, plugins: { legend: { display: false } } } }),
    new Chart(canvas('tokens'), {
      type: 'bar',
      data: {
        labels: report.days.map((day) => day.day.slice(5)),
        datasets: [
          { label: 'Local', data: report.days.map((day) => day.localTokens), backgroundColor: colour.local },
          { label: 'Cloud', data: report.days.map((day) => day.cloudTokens), backgroundColor: colour.cloud },
        ],
      },
      options: { ...options, scales: { x: { stacked: true }, y: { ...COUNT_AXIS, stacked: true } } },
    }),
    new Chart(canvas('spend'), {
      type: 'line',
      data: {
        labels: spend.labels,
        datasets: [
          { label: 'Spent', data: spend.spent, borderColor: colour.cloud, backgroundColor: colour.cloud },
          { label: `All ${report.baselineModel} (answers kept)`, data: spend.baseline, borderColor: colour.baseline, backgroundColor: colour.baseline, borderDash: [4, 4] },
        ],
      },
      options: { ...options, scales: { y: { min: 0, ticks: { callback: (value) => formatUsd(Number(value)) } } } },
    }),
    new Chart(canvas('latency'), {
      type: 'bar',
      data: {
        labels: models,
        datasets: [
          { label: 'p50', data: report.models.map((model) => model.p50LatencyMs / 1000), backgroundColor: colour.local },
          { label: 'p95', data: report.models.map((model) => model.p95LatencyMs / 1000), backgroundColor: colour.baseline },
        ],
      },
      options: { ...options, scales: { y: { title: { display: true, text: 'seconds' } } } },
    }),
  );
}

function traffic(report: LedgerReport): HTMLElement {
  const rows = trafficRows(report.traffic).map((row) => element('tr', { 'data-source': 'client' in row ? 'client' : 'surface' }, ...trafficCells(row).map((cell, column) => element('td', column === 0 ? {} : { class: 'number' }, cell))));
  return element(
    'section',
    { class: 'card traffic' },
    element('h2', {}, 'Where the tasks came from'),
    element('p', { class: 'hint' }, 'Each surface (editor tasks, the chat view, other extensions through the model picker, the local gateway), then each caller that said who it is.'),
    rows.length === 0 ? element('p', { class: 'hint' }, 'None in this period.') : table(TRAFFIC_HEADINGS, rows),
  );
}

function fallbacks(report: LedgerReport): HTMLElement {
  return element('section', { class: 'card' }, element('h2', {}, 'Fallback analysis'), element('dl', {}, ...fallbackRows(report).flatMap(([term, description]) => [element('dt', {}, term), element('dd', {}, description)])));
}

function categories(report: LedgerReport): HTMLElement {
  const rows = report.categories.map((category) => {
    const index = report.suggestions.findIndex((suggestion) => suggestion.setting.key === 'llmRouter.categoryRoutes' && suggestion.title.includes(` ${category.category} `));
    const action = index === -1 ? (category.routedTo === undefined ? '' : `routed to ${category.routedTo}`) : suggestionButton(index, 'Route to the cloud');
    return element(
      'tr',
      { class: category.flagged ? 'flagged' : '' },
      element('td', {}, category.category),
      element('td', { class: 'number' }, formatCount(category.tasks)),
      element('td', { class: 'number' }, formatCount(category.localTries)),
      element('td', { class: 'number' }, category.localTries === 0 ? '—' : `${formatPercent(category.failureRate)} (${intervalText(category.interval)})`),
      element('td', {}, category.flagged ? flag() : '', action),
    );
  });
  return element(
    'section',
    { class: 'card' },
    element('h2', {}, 'Local failure rate by category'),
    element('p', { class: 'hint' }, `A local answer fails when it errors, times out or fails a check, or when you reject, undo or re-ask it. Categories above 10% over at least ${MIN_TRIES_FOR_A_FLAG} local tries are flagged; the range is the 95% interval.`),
    table(['Category', 'Tasks', 'Tried locally', 'Failed (95% interval)', ''], rows),
  );
}

function flag(): HTMLElement {
  const badge = document.createElement('vscode-badge');
  badge.setAttribute('variant', 'counter');
  badge.textContent = 'over 10%';
  return badge;
}

function whatIf(report: LedgerReport): HTMLElement {
  const steps = report.whatIf.steps;
  const slider = element('input', { type: 'range', min: '0', max: String(steps.length - 1), step: '1', 'aria-label': 'Local token threshold' }) as HTMLInputElement;
  const selected = steps.findIndex((step) => step.threshold === (whatIfThreshold ?? report.whatIf.current));
  slider.value = String(selected === -1 ? 0 : selected);
  const output = element('output', {});
  const show = () => {
    const step = steps[Number(slider.value)];
    if (step === undefined) return;
    whatIfThreshold = step.threshold;
    output.textContent = whatIfText(step, report.whatIf.current);
  };
  slider.addEventListener('input', show);
  show();
  return element('section', { class: 'card' }, element('h2', {}, 'What if the local token threshold were…'), element('div', { class: 'whatif' }, slider, output));
}

function suggestions(report: LedgerReport): HTMLElement {
  if (report.suggestions.length === 0) return element('section', { class: 'card' }, element('h2', {}, 'Suggestions'), element('p', { class: 'hint' }, 'None: the routing rules fit what the ledger shows.'));
  return element(
    'section',
    { class: 'card' },
    element('h2', {}, 'Suggestions'),
    element('ul', { class: 'suggestions' }, ...report.suggestions.map((suggestion, index) => element('li', {}, element('strong', {}, suggestion.title), ` — ${suggestion.detail} `, suggestionButton(index, 'Apply')))),
  );
}

function suggestionButton(index: number, label: string): HTMLElement {
  const button = document.createElement('vscode-button');
  button.setAttribute('secondary', '');
  button.textContent = label;
  button.addEventListener('click', () => vscode.postMessage({ type: 'applySuggestion', index }));
  return button;
}

function recent(state: PanelState): HTMLElement {
  const rows = state.recent.map((decision) =>
    element(
      'tr',
      {},
      element('td', {}, new Date(decision.at).toLocaleString()),
      element('td', {}, decision.category),
      element('td', {}, decision.model === undefined ? decision.outcome : `${decision.model} (${decision.local === true ? 'local' : 'cloud'})`),
      element('td', { class: 'number' }, `${(decision.latencyMs / 1000).toFixed(1)} s`),
      element('td', { class: 'number' }, formatUsd(decision.costUsd)),
      element('td', { class: 'reasons' }, [...decision.reasons, ...(decision.fallback === undefined ? [] : [`fell back: ${decision.fallback}`]), ...(decision.failure === undefined ? [] : [`no answer: ${decision.failure}`])].join(' · ')),
    ),
  );
  return element('section', { class: 'card wide' }, element('h2', {}, 'Recent decisions'), rows.length === 0 ? element('p', { class: 'hint' }, 'None in this period.') : table(['When', 'Category', 'Answered by', 'Latency', 'Cost', 'Why'], rows));
}

/** A table whose headings line up with their columns: a column of numbers (cells of class `number` in the first row) is headed on the right. */
function table(headings: readonly string[], rows: readonly HTMLElement[]): HTMLElement {
  const numeric = (column: number) => rows[0]?.children[column]?.classList.contains('number') === true;
  return element('table', {}, element('thead', {}, element('tr', {}, ...headings.map((heading, column) => element('th', numeric(column) ? { scope: 'col', class: 'number' } : { scope: 'col' }, heading)))), element('tbody', {}, ...rows));
}

function showError(message: string): void {
  app.setAttribute('aria-busy', 'false');
  app.replaceChildren(element('p', { class: 'error', role: 'alert' }, message));
}

function summary(state: PanelState): RenderedSummary {
  const kpis: Record<string, string> = {};
  for (const card of document.querySelectorAll<HTMLElement>('.kpi')) kpis[card.dataset.kpi ?? ''] = card.querySelector('.value')?.textContent ?? '';
  return {
    kpis,
    charts: [...document.querySelectorAll('canvas')].map((canvas) => canvas.getAttribute('aria-label') ?? ''),
    requestTicks: chartOn('requests')?.scales.y?.ticks.map((tick) => String(tick.label)) ?? [],
    baselinePoints: chartOn('spend')?.data.datasets[1]?.data.filter((value) => value !== null).length ?? 0,
    flaggedCategories: state.report.categories.filter((category) => category.flagged).map((category) => category.category),
    recentRows: document.querySelectorAll('.wide tbody tr').length,
    trafficRows: [...document.querySelectorAll('.traffic tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent ?? '').join(' | ')),
  };
}

function chartOn(id: string): Chart | undefined {
  return charts.find((chart) => chart.canvas.id === `chart-${id}`);
}

function themeColours() {
  const style = getComputedStyle(document.body);
  const pick = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    foreground: pick('--vscode-foreground', '#cccccc'),
    grid: pick('--vscode-widget-border', pick('--vscode-panel-border', 'rgba(128,128,128,0.3)')),
    local: pick('--vscode-charts-green', '#89d185'),
    cloud: pick('--vscode-charts-blue', '#3794ff'),
    baseline: pick('--vscode-charts-orange', '#d18616'),
  };
}

function dateField(label: string, value: string): HTMLInputElement {
  const field = document.createElement('vscode-textfield') as unknown as HTMLInputElement;
  field.setAttribute('type', 'date');
  field.setAttribute('aria-label', label);
  field.setAttribute('value', value);
  return field;
}

function element(tag: string, attributes: Record<string, string | undefined>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
