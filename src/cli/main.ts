import { batchCommand, BATCH_USAGE } from './batchCommand';
import { scrubProcessOutput } from './cliScrubber';
import { CLASSIFY_USAGE, classifyCommand } from './classifyCommand';
import type { CliIo } from './io';
import { reportCommand, REPORT_USAGE } from './reportCommand';
import { routeCommand, ROUTE_USAGE } from './routeCommand';

const USAGE = `Usage: llm-router <command> [options]

Commands:
${[CLASSIFY_USAGE, ROUTE_USAGE, BATCH_USAGE, REPORT_USAGE].map((text) => `  ${text.replace(/\n/g, '\n  ')}`).join('\n\n')}

Environment: ANTHROPIC_API_KEY (Claude), OLLAMA_HOST (default 127.0.0.1:11434),
LLM_ROUTER_OPENAI_API_KEY (an OpenAI-compatible server started with a key),
LLM_ROUTER_LEDGER (the ledger folder for batch --ledger and report).
`;

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = { classify: classifyCommand, route: routeCommand, batch: batchCommand, report: (argv, io) => reportCommand(argv, io) };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    process.stderr.write(`llm-router: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}`);
    return 0;
  }
  return run(rest, processIo());
}

function processIo(): CliIo {
  let interrupted = false;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(handler) {
      process.on('SIGINT', () => {
        if (interrupted) process.exit(130);
        interrupted = true;
        process.stderr.write('\nStopping: finishing writes; press Ctrl+C again to quit at once.\n');
        handler();
      });
    },
  };
}

// A reader that stops early (`| head`) closes the pipe: that ends the run quietly, as for any Unix filter.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

scrubProcessOutput();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`llm-router: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
