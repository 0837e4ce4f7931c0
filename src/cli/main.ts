import { scrubProcessOutput } from './cliScrubber';
import type { CliIo } from './io';
import { USAGE } from './usage';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}`);
    return 0;
  }
  // Loaded only to run a command: the commands bring the engine and the model clients with them.
  const { COMMANDS } = await import('./commands');
  const run = COMMANDS[command];
  if (run === undefined) {
    process.stderr.write(`llm-router: unknown command "${command}"\n\n${USAGE}`);
    return 2;
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
