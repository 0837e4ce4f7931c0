import { parseArgs } from 'node:util';
import { DEFAULT_CLASSIFIER_OPTIONS } from '../core/classifier/classify';
import { classifyLines, openInput } from './classifyCommand';

const USAGE = `Usage: llm-router <command> [options]

Commands:
  classify --input <tasks.jsonl|->   Decide local or cloud for each task, without calling any model.
                                     Input lines: {"id", "instruction", "code", "language", "path"?}
                                     Output lines: {"id", "route", "category", "score", "tokens", "reasons"}
Options:
  --max-local-tokens <n>             Prompts above this go to the cloud (default ${DEFAULT_CLASSIFIER_OPTIONS.maxLocalTokens}).
  -h, --help                         Show this help.
`;

/** Exit codes: 0 done (bad input lines are reported in the output), 2 usage or unreadable input. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'classify') {
    process.stderr.write(`llm-router: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  let values: { input?: string; 'max-local-tokens'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { input: { type: 'string', short: 'i' }, 'max-local-tokens': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`llm-router classify: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.input === undefined) {
    process.stderr.write('llm-router classify: --input <file> is required (use - for standard input)\n');
    return 2;
  }
  let maxLocalTokens = DEFAULT_CLASSIFIER_OPTIONS.maxLocalTokens;
  if (values['max-local-tokens'] !== undefined) {
    maxLocalTokens = Number(values['max-local-tokens']);
    if (!Number.isInteger(maxLocalTokens) || maxLocalTokens <= 0) {
      process.stderr.write(`llm-router classify: --max-local-tokens must be a positive whole number, got "${values['max-local-tokens']}"\n`);
      return 2;
    }
  }
  let input;
  try {
    input = await openInput(values.input);
  } catch (error) {
    process.stderr.write(`llm-router classify: cannot read ${values.input}: ${(error as Error).message}\n`);
    return 2;
  }
  await classifyLines(input, process.stdout, { maxLocalTokens });
  return 0;
}

// A reader that stops early (`| head`) closes the pipe: that ends the run quietly, as for any Unix filter.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`llm-router: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
