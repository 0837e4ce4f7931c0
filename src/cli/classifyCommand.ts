import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { classify, type ClassifierOptions } from '../core/classifier/classify';
import { parseTaskLine } from '../core/taskInput';
import { promptText } from '../core/task';
import { loadTokenCounter } from '../core/tokens/tokenCounter';

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
      const decision = classify(parsed.task, counter.count(promptText(parsed.task)), options);
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
