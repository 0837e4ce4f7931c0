import { parseArgs } from 'node:util';
import type { TaskRecord } from '../core/engine/taskRecord';
import { Ledger } from '../core/ledger/ledger';
import { factsOf } from '../core/ledger/taskFacts';
import { UsageTally } from '../core/ledger/usageTally';
import { DEFAULT_GATEWAY_PORT, newGatewayToken, startGateway } from '../gateway/startGateway';
import { NodeLedgerFiles } from '../node/nodeLedgerFiles';
import { createCliEngine } from './cliEngine';
import { cliScrubber } from './cliScrubber';
import { loadCliSettings } from './cliSettings';
import type { CliIo } from './io';
import { defaultLedgerFolder } from './ledgerLocation';
import { SERVE_USAGE } from './usage';

/** `llm-router serve`: runs the gateway until Ctrl+C. Exit codes: 0 stopped, 2 usage or a port in use. */
export async function serveCommand(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: { port?: string; config?: string; ledger?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string', short: 'p' }, config: { type: 'string' }, ledger: { type: 'string' } } }));
  } catch (error) {
    io.stderr.write(`llm-router serve: ${(error as Error).message}\n\n${SERVE_USAGE}\n`);
    return 2;
  }
  const port = values.port === undefined ? DEFAULT_GATEWAY_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`llm-router serve: --port must be a number from 0 to 65535 (0 picks a free one)\n`);
    return 2;
  }
  let settings;
  try {
    const loaded = loadCliSettings(values.config);
    settings = loaded.settings;
    for (const problem of loaded.problems) io.stderr.write(`warning: ${problem.message}\n`);
  } catch (error) {
    io.stderr.write(`llm-router serve: ${(error as Error).message}\n`);
    return 2;
  }
  const folder = values.ledger ?? defaultLedgerFolder(env);
  const ledger = new Ledger(new NodeLedgerFiles(folder), { keepPrompts: () => settings.ledger.keepPrompts });
  // The budget reads this month's spending: the ledger so far, then every request as it is recorded.
  const tally = new UsageTally();
  const now = new Date();
  tally.begin(now);
  await ledger.scan(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), now, (facts) => tally.add(facts)).catch(() => []);
  const sink = {
    write: async (record: TaskRecord) => {
      tally.add(factsOf(record));
      await ledger.write(record).catch((error: Error) => io.stderr.write(`llm-router serve: could not write the ledger in ${folder}: ${error.message}\n`));
    },
  };
  const engine = createCliEngine(settings, sink, undefined, undefined, { monthToDateUsd: (at) => tally.monthCostUsd(at) });
  engine.scrubber.remember(...[env.ANTHROPIC_API_KEY].filter((key): key is string => key !== undefined));
  const fromEnvironment = env.LLM_ROUTER_GATEWAY_TOKEN !== undefined && env.LLM_ROUTER_GATEWAY_TOKEN !== '';
  const token = fromEnvironment ? env.LLM_ROUTER_GATEWAY_TOKEN! : newGatewayToken();

  let gateway;
  try {
    gateway = await startGateway({
      engine,
      settings: () => settings,
      anthropicKey: () => Promise.resolve(env.ANTHROPIC_API_KEY),
      sink,
      port,
      token,
      log: (line) => io.stderr.write(`${cliScrubber.scrub(line)}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`llm-router serve: cannot listen on 127.0.0.1:${port}${code === 'EADDRINUSE' ? ': the port is in use (try --port 0 for a free one)' : `: ${(error as Error).message}`}\n`);
    return 2;
  }
  // Printed once, as raw bytes: the scrubber that guards all other output knows the token from here on.
  io.stdout.write(Buffer.from(`ANTHROPIC_BASE_URL=${gateway.url}\nANTHROPIC_AUTH_TOKEN=${fromEnvironment ? '$LLM_ROUTER_GATEWAY_TOKEN' : token}\n`));
  cliScrubber.remember(token);
  io.stderr.write(`LLM Router gateway on ${gateway.url} (Anthropic Messages and OpenAI Chat Completions); ledger in ${folder}. Ctrl+C stops it.\n`);
  await new Promise<void>((resolve) => io.onInterrupt(resolve));
  await gateway.close();
  await ledger.flushed();
  return 0;
}
