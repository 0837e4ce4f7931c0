import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { classify, DEFAULT_CLASSIFIER_OPTIONS, type ClassifierOptions } from '../core/classifier/classify';
import { DEFAULT_ROUTING_PROFILE, isRoutingProfile, ROUTING_PROFILES } from '../core/classifier/profile';
import { parseTaskLine } from '../core/taskInput';
import { measureTask } from '../core/tokens/measurePrompt';
import { loadTokenCounter } from '../core/tokens/tokenCounter';
import type { CliIo } from './io';

/**
 * Classifies every line of a JSON-lines file, writing one JSON line per input line in input
 * order. A bad line yields an error line and the run goes on. Blank lines are skipped.
 */
export async function classifyLines(input: Readable, output: Writable, options: ClassifierOptions): Promise<{ ok: number; failed: number }> {
  const counter = await loadTokenCounter();
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let ok = 0;
  let failed = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const parsed = parseTaskLine(line);
    let result: object;
    if (parsed.ok) {
      // As the engine plans: counting stops soon after the local limit, and the rest is estimated.
      const decision = classify(parsed.task, measureTask(counter, parsed.task, options.maxLocalTokens).tokens, options);
      result = {
        id: parsed.id,
        route: decision.route,
        category: decision.category,
        score: decision.score,
        tokens: decision.promptTokens,
        reasons: decision.reasons,
      };
      ok++;
    } else {
      result = { id: parsed.id ?? null, line: lineNumber, error: parsed.error };
      failed++;
    }
    if (!output.write(`${JSON.stringify(result)}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
  return { ok, failed };
}

/** Opens the input (a path, or `-` for standard input), failing before any output if it cannot be read. */
export async function openInput(path: string): Promise<Readable> {
  if (path === '-') return process.stdin;
  const stream = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  return stream;
}

/** Exit codes: 0 done (bad input lines are reported in the output), 2 usage or unreadable input. */
export async function classifyCommand(rest: string[], io: CliIo): Promise<number> {
  let values: { input?: string; 'max-local-tokens'?: string; profile?: string };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { input: { type: 'string', short: 'i' }, 'max-local-tokens': { type: 'string' }, profile: { type: 'string' } },
    }));
  } catch (error) {
    io.stderr.write(`llm-router classify: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.input === undefined) {
    io.stderr.write('llm-router classify: --input <file> is required (use - for standard input)\n');
    return 2;
  }
  let maxLocalTokens = DEFAULT_CLASSIFIER_OPTIONS.maxLocalTokens;
  if (values['max-local-tokens'] !== undefined) {
    maxLocalTokens = Number(values['max-local-tokens']);
    if (!Number.isInteger(maxLocalTokens) || maxLocalTokens <= 0) {
      io.stderr.write(`llm-router classify: --max-local-tokens must be a positive whole number, got "${values['max-local-tokens']}"\n`);
      return 2;
    }
  }
  const profile = values.profile ?? DEFAULT_ROUTING_PROFILE;
  if (!isRoutingProfile(profile)) {
    io.stderr.write(`llm-router classify: --profile must be ${ROUTING_PROFILES.join(', ')}, got "${profile}"\n`);
    return 2;
  }
  let input;
  try {
    input = await openInput(values.input);
  } catch (error) {
    io.stderr.write(`llm-router classify: cannot read ${values.input}: ${(error as Error).message}\n`);
    return 2;
  }
  await classifyLines(input, io.stdout, { maxLocalTokens, profile });
  return 0;
}
