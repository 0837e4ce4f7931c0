import * as assert from 'node:assert/strict';
import { formatSummary } from '../../src/cli/batchCommand';
import { factsOf } from '../../src/core/ledger/taskFacts';
import { COUNT_AXIS, kpiCards, spendSeries, whatIfText } from '../../src/core/panel/panelFigures';
import { PriceTable } from '../../src/core/pricing/prices';
import { summaryTable } from '../../src/core/reports/figureText';
import { ReportBuilder, type DayRow } from '../../src/core/reports/ledgerReport';
import { countOf } from '../../src/core/reports/numbers';
import { weekPeriod } from '../../src/core/reports/period';
import { reportMarkdown, reportText, unreadableLines } from '../../src/core/reports/reportFormats';
import { summarise } from '../../src/core/reports/runSummary';
import { PLACEHOLDER_MAX_CHARS, ROUTE_REFACTOR_INPUT } from '../../src/vscode/inputTexts';
import { sampleRecord } from '../data/sampleRecord';

describe('panel and report polish', () => {
  it('says "1 task", never "1 tasks", on every surface', () => {
    assert.deepEqual([countOf(1, 'task'), countOf(0, 'task'), countOf(1204, 'ledger line')], ['1 task', '0 tasks', '1,204 ledger lines']);
    const one = factsOf(sampleRecord('only', '2026-11-18T10:00:00.000Z'));
    const builder = new ReportBuilder({ period: weekPeriod('2026-W47')!, baselineModel: 'claude-sonnet-5-5', prices: new PriceTable(), maxLocalTokens: 4000 });
    builder.add(one);
    const report = builder.build(1);
    const summary = summarise([one]);
    const texts = {
      'report (text)': reportText(report),
      'report (markdown)': reportMarkdown(report),
      panel: kpiCards({ report }).map((card) => card.detail).join('\n'),
      'meter and /stats': summaryTable('Today', summary),
      batch: formatSummary(summary, 1, 1, 1),
      'what-if': whatIfText({ threshold: 500, toCloud: 1, toLocal: 1, compared: 0, comparedFailed: 0 }, 4000),
      'unreadable lines': unreadableLines(1),
    };
    for (const [surface, text] of Object.entries(texts)) {
      assert.doesNotMatch(text, /\b1 (tasks|ledger lines|bad input lines|past local tasks|cloud tasks)\b/, `${surface}:\n${text}`);
      assert.match(text, /\b1 (task|ledger line|past local task)\b/, `${surface}:\n${text}`);
    }
  });

  it('draws the spend lines up to today, not into the rest of the week', () => {
    const days: DayRow[] = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'].map((day) => ({ day, tasks: 1, localTokens: 0, cloudTokens: 0, costUsd: 0.001, baselineUsd: 0.003 }));
    const series = spendSeries(days, new Date('2026-11-18T15:00:00Z'));
    assert.deepEqual(series.labels, ['11-16', '11-17', '11-18', '11-19', '11-20']);
    assert.deepEqual(
      series.baseline.map((value) => (value === null ? null : Math.round(value * 1000))),
      [3, 6, 9, null, null],
    );
    assert.deepEqual(
      series.spent.map((value) => (value === null ? null : Math.round(value * 1000))),
      [1, 2, 3, null, null],
    );
  });

  it('counts requests and tokens in whole steps', () => {
    assert.equal(COUNT_AXIS.ticks.precision, 0);
    assert.equal(COUNT_AXIS.beginAtZero, true);
  });

  it('keeps the example in the Route this refactor box short enough to be read whole', () => {
    assert.ok(ROUTE_REFACTOR_INPUT.placeholder.length <= PLACEHOLDER_MAX_CHARS, `${ROUTE_REFACTOR_INPUT.placeholder.length} characters`);
    assert.match(ROUTE_REFACTOR_INPUT.placeholder, /Add type hints/);
  });
});
