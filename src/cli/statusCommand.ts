import { parseArgs } from 'node:util';
import { Ledger } from '../core/ledger/ledger';
import { UsageTally } from '../core/ledger/usageTally';
import { resolveOllamaHost } from '../core/ollama/ollamaHost';
import { requestsSpentText, spentText } from '../core/reports/figureText';
import { formatUsd } from '../core/reports/numbers';
import type { RunSummary } from '../core/reports/runSummary';
import { hasMixedTraffic, trafficTextLines } from '../core/reports/trafficText';
import { HEALTH_LINE } from '../gateway/server';
import { DEFAULT_GATEWAY_PORT } from '../gateway/startGateway';
import { NodeLedgerFiles } from '../node/nodeLedgerFiles';
import { loadCliSettings } from './cliSettings';
import type { CliIo } from './io';
import { defaultLedgerFolder } from './ledgerLocation';
import { describeState } from './ollamaCommand';
import { STATUS_USAGE } from './usage';

/** `llm-router status`: the local engine, the gateway, and today's and this month's routing by model. */
export async function statusCommand(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<number> {
  let values: { json?: boolean; port?: string; config?: string; ledger?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, port: { type: 'string' }, config: { type: 'string' }, ledger: { type: 'string' } } }));
  } catch (error) {
    io.stderr.write(`llm-router status: ${(error as Error).message}\n\n${STATUS_USAGE}\n`);
    return 2;
  }
  const port = values.port === undefined ? DEFAULT_GATEWAY_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    io.stderr.write('llm-router status: --port must be a port number\n');
    return 2;
  }
  let settings;
  try {
    settings = loadCliSettings(values.config).settings;
  } catch (error) {
    io.stderr.write(`llm-router status: ${(error as Error).message}\n`);
    return 2;
  }
  const folder = values.ledger ?? defaultLedgerFolder(env);
  const ledger = new Ledger(new NodeLedgerFiles(folder));
  const tally = new UsageTally();
  tally.begin(now);
  // The Ollama client loads only when a command runs that asks the server.
  const { probeLocalEngine } = await import('../core/ollama/localEngineProbe');
  const [engine, gatewayRunning, problems] = await Promise.all([
    probeLocalEngine({ host: resolveOllamaHost(settings.ollamaHost, env.OLLAMA_HOST), model: settings.ollamaModel, timeoutMs: 3000 }),
    gatewayAnswers(port),
    ledger.scan(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), now, (facts) => tally.add(facts)),
  ]);
  const figures = tally.figures(now);
  const gateway = { url: `http://127.0.0.1:${port}`, running: gatewayRunning };
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ localEngine: engine, gateway, ledger: folder, today: figures.today, month: figures.month, unreadableLines: problems.length }, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `Local engine: ${describeState(engine)}`,
    `Gateway: ${gatewayRunning ? `running on ${gateway.url}` : `not running on ${gateway.url} (start it with llm-router serve)`}`,
    '',
    ...section('Today', figures.today),
    '',
    ...section('This month', figures.month),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function section(title: string, summary: RunSummary): string[] {
  if (summary.tasks === 0) return [`${title}: no requests`];
  const head = `${title}: ${summary.tasks} request${summary.tasks === 1 ? '' : 's'}, ${summary.answeredLocally} of ${summary.answered} answered on this machine, cost ${spentText(summary)}, saved ${formatUsd(summary.savedUsd)}`;
  const rows = [...summary.targets]
    .sort((a, b) => b.requests - a.requests)
    .map((target) => `  ${target.model.padEnd(24)} ${target.local ? 'local' : 'cloud'}  ${String(target.requests).padStart(5)} requests  ${String(target.inputTokens + target.outputTokens).padStart(9)} tokens  ${requestsSpentText(target)}`);
  return hasMixedTraffic(summary.traffic) ? [head, ...rows, '  By source:', ...trafficTextLines(summary.traffic, '    ')] : [head, ...rows];
}

/** Whether an LLM Router gateway answers its health line on the port (nothing else is sent). */
async function gatewayAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1500) });
    return response.ok && (await response.text()) === HEALTH_LINE;
  } catch {
    return false;
  }
}
