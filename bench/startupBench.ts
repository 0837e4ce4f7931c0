import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { median, round } from './timing';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function wallMs(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile(process.execPath, args, (error) => (error === null ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(error.message))));
  });
}

/** `llm-router --help` against a bare `node -e 0`, started in turn (target: close to 1x). */
export async function cliHelpStartup(runs = 15) {
  const bare: number[] = [];
  const help: number[] = [];
  for (let index = 0; index < runs; index++) {
    bare.push(await wallMs(['-e', '0']));
    help.push(await wallMs([CLI, '--help']));
  }
  const ratio = median(help) / median(bare);
  return { runs, bareNodeMedianMs: round(median(bare), 1), helpMedianMs: round(median(help), 1), ratio: round(ratio), target: 1.2, withinTarget: ratio <= 1.2 };
}
