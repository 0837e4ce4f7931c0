import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TaskResult } from '../core/engine/runPlan';
import type { TaskRecord } from '../core/engine/taskRecord';
import { moneySentence, requestsSpentText, tasksSentence } from '../core/reports/figureText';
import { countOf, formatCount } from '../core/reports/numbers';
import { summarise, type RunSummary } from '../core/reports/runSummary';
import { Ledger } from '../core/ledger/ledger';
import { factsOf } from '../core/ledger/taskFacts';
import { NodeLedgerFiles } from '../node/nodeLedgerFiles';
import { defaultLedgerFolder, unwritableLedgerMessage } from './ledgerLocation';
import { parseTaskLine, type ParsedTaskLine } from '../core/taskInput';
import { createCliEngine } from './cliEngine';
import { cliScrubber } from './cliScrubber';
import { loadCliSettings } from './cliSettings';
import type { CliIo } from './io';
import { ProgressBar } from './progressBar';
import { policyFrom } from '../core/settings/policySettings';
import { resolveOllamaHost } from '../core/ollama/ollamaHost';
import type { RouterSettings } from '../core/settings/routerSettings';
import { BATCH_USAGE } from './usage';

/** Exit codes: 0 every task answered, 1 some did not (or --record could not write the ledger), 2 usage or unreadable input, 130 interrupted. */
export async function batchCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed: { values: { parallel?: string; output?: string; summary?: string; config?: string; record?: boolean; ledger?: string; 'allow-large'?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { parallel: { type: 'string', short: 'p' }, output: { type: 'string', short: 'o' }, summary: { type: 'string' }, config: { type: 'string' }, record: { type: 'boolean' }, ledger: { type: 'string' }, 'allow-large': { type: 'boolean' } },
    });
  } catch (error) {
    io.stderr.write(`llm-router batch: ${(error as Error).message}\n\n${BATCH_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const input = positionals[0];
  const parallel = values.parallel === undefined ? 4 : Number(values.parallel);
  if (input === undefined || positionals.length > 1 || !Number.isInteger(parallel) || parallel < 1 || parallel > 64) {
    io.stderr.write(`llm-router batch: give one input file and --parallel between 1 and 64\n\n${BATCH_USAGE}\n`);
    return 2;
  }

  let lines: string[];
  let settings;
  let output: number;
  try {
    lines = readFileSync(input === '-' ? 0 : input, 'utf8').split('\n');
    const loaded = loadCliSettings(values.config);
    settings = loaded.settings;
    for (const problem of loaded.problems) io.stderr.write(`warning: ${problem.message}\n`);
    output = values.output === undefined ? 1 : openSync(values.output, 'w');
  } catch (error) {
    io.stderr.write(`llm-router batch: ${(error as Error).message}\n`);
    return 2;
  }
  // Each result is written with a synchronous write as soon as it exists, so an interruption or a crash loses none.
  const emit = (value: object) => writeSync(output, cliScrubber.scrub(`${JSON.stringify(value)}\n`));

  const entries: { line: number; parsed: ParsedTaskLine }[] = [];
  lines.forEach((text, index) => {
    if (text.trim() !== '') entries.push({ line: index + 1, parsed: parseTaskLine(text) });
  });
  const records: TaskRecord[] = [];
  // OpenTelemetry's packages load only when an endpoint is set.
  const telemetry = settings.telemetry.otlpEndpoint === '' ? undefined : new (await import('../core/telemetry/otlpTelemetry')).OtlpTelemetry(settings.telemetry, cliVersion());
  const ledgerFolder = values.ledger ?? defaultLedgerFolder();
  const ledger = values.record === true || values.ledger !== undefined ? new Ledger(new NodeLedgerFiles(ledgerFolder), { keepPrompts: () => settings.ledger.keepPrompts }) : undefined;
  // A ledger that cannot be written costs the run its record, never its results: said once, then no more tries.
  let ledgerFailed = false;
  const intoLedger = async (write: (into: Ledger) => Promise<void>) => {
    if (ledger === undefined || ledgerFailed) return;
    try {
      await write(ledger);
    } catch (error) {
      if (ledgerFailed) return;
      ledgerFailed = true;
      io.stderr.write(unwritableLedgerMessage(ledgerFolder, error));
    }
  };
  const engine = createCliEngine(
    settings,
    {
      write: async (record) => {
        records.push(record);
        telemetry?.record(record);
        await intoLedger((into) => into.write(record));
      },
    },
    ledger === undefined ? undefined : (result) => intoLedger((into) => into.writeShadow(result)),
  );
  io.stderr.write(`${concurrencyNote(Math.min(parallel, Math.max(1, entries.length)), parallel, settings)}\n`);
  const progress = new ProgressBar(io, entries.length);
  const controller = new AbortController();
  io.onInterrupt(() => controller.abort());

  let next = 0;
  let done = 0;
  let running = 0;
  let failed = 0;
  let badLines = 0;
  const refresh = () => {
    if (io.stderr.isTTY !== true) return;
    const summary = summarise(records.map(factsOf));
    progress.update({ done, running, failed, costUsd: summary.costUsd, costUnknownTasks: summary.costUnknownTasks, savedUsd: summary.savedUsd });
  };
  const worker = async () => {
    while (!controller.signal.aborted && next < entries.length) {
      const entry = entries[next++];
      if (entry === undefined) break;
      if (!entry.parsed.ok) {
        emit({ id: entry.parsed.id ?? null, line: entry.line, error: entry.parsed.error });
        badLines++;
        failed++;
        done++;
        continue;
      }
      running++;
      refresh();
      const result = await engine.run(entry.parsed.task, { id: entry.parsed.id, surface: 'cli', signal: controller.signal, allowLargeUpload: values['allow-large'] === true });
      running--;
      if (result.record.outcome === 'cancelled') continue;
      emit(resultLine(entry.parsed.id, result));
      if (result.answer === undefined) failed++;
      done++;
      refresh();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, Math.max(1, entries.length)) }, worker));
  progress.finish();
  if (output !== 1) closeSync(output);
  await engine.pendingShadow;
  await ledger?.flushed();
  await telemetry?.shutdown().catch((error: Error) => io.stderr.write(`warning: OpenTelemetry export failed: ${error.message}\n`));

  const summary = summarise(records.filter((record) => record.outcome !== 'cancelled').map(factsOf));
  io.stderr.write(formatSummary(summary, entries.length, done, badLines));
  if (values.summary !== undefined) writeFileSync(values.summary, `${JSON.stringify({ ...summary, interrupted: controller.signal.aborted, notStarted: entries.length - done }, null, 2)}\n`);
  if (controller.signal.aborted) return 130;
  return failed === 0 && !ledgerFailed ? 0 : 1;
}

/** How many tasks run at once, and how many of them Ollama takes: local tasks beyond its slots wait for one. */
function concurrencyNote(running: number, requested: number, settings: RouterSettings): string {
  const perHost = settings.routing.maxParallelPerHost;
  const hosts = policyFrom(settings.routing, resolveOllamaHost(settings.ollamaHost, process.env.OLLAMA_HOST)).ollamaHosts.length;
  const slots = perHost * hosts;
  const where = `${slots} at a time on ${hosts} host${hosts === 1 ? '' : 's'} (${hosts === 1 ? '' : `${perHost} each, `}llmRouter.ollama.maxParallelPerHost)`;
  if (requested <= slots) return `${running} task${running === 1 ? '' : 's'} at once; Ollama runs up to ${where}.`;
  return `${requested} tasks at once requested; Ollama runs ${where}, so local tasks beyond that wait for a free slot (the wait does not count against the first-token timeout).`;
}

/** One line of the batch results (stdout and --output). */
export function resultLine(id: string, { record, answer }: TaskResult): Record<string, unknown> {
  return {
    id,
    outcome: record.outcome,
    route: record.route,
    category: record.decision.category,
    score: record.decision.score,
    target: record.final?.targetId ?? null,
    model: record.final?.model ?? null,
    local: record.final?.local ?? null,
    latencyMs: record.latencyMs,
    costUsd: record.costUsd,
    // costUsd counts only priced attempts; true when a target without a price was used.
    costUnknown: record.costUnknown === true,
    baselineCostUsd: record.baselineCostUsd ?? null,
    fallbacks: record.attempts.filter((attempt) => attempt.outcome !== 'answered').map((attempt) => `${attempt.targetId}: ${attempt.reason ?? attempt.outcome}`),
    answer: answer?.text ?? null,
    code: answer?.code ?? null,
    failure: record.failure ?? null,
  };
}

export function formatSummary(summary: RunSummary, total: number, done: number, badLines: number): string {
  const bad = badLines > 0 ? ` · ${countOf(badLines, 'bad input line')}` : '';
  const lines = [``, `${formatCount(done)} of ${countOf(total, 'task')} done${bad}`, tasksSentence(summary)];
  if (summary.targets.length > 0) {
    lines.push('', `${'target'.padEnd(40)} ${'requests'.padStart(8)} ${'answered'.padStart(8)} ${'tokens in'.padStart(10)} ${'tokens out'.padStart(10)} ${'cost'.padStart(10)} ${'median'.padStart(8)} ${'p95'.padStart(8)}`);
    for (const target of summary.targets) {
      lines.push(
        `${`${target.targetId} (${target.model})`.slice(0, 40).padEnd(40)} ${String(target.requests).padStart(8)} ${String(target.answered).padStart(8)} ${String(target.inputTokens).padStart(10)} ${String(target.outputTokens).padStart(10)} ${requestsSpentText(target).padStart(10)} ${`${(target.medianLatencyMs / 1000).toFixed(1)}s`.padStart(8)} ${`${(target.p95LatencyMs / 1000).toFixed(1)}s`.padStart(8)}`,
      );
    }
  }
  lines.push('', moneySentence(summary), '');
  return lines.join('\n');
}

/** The installed package's version (dist/cli.js sits beside package.json's folder), when it can be read. */
function cliVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
