import type { RecordSink, TaskRecord } from '../engine/taskRecord';

/** The ledger line format; bumped when a change would confuse an older reader. */
export const LEDGER_SCHEMA_VERSION = 1;

/** Where the ledger's files live: the extension's global storage, or a folder for the CLI. */
export interface LedgerFiles {
  /** Appends with one write to the end of the file, creating it when missing. */
  append(name: string, text: string): Promise<void>;
  /** The whole file, or undefined when it does not exist. */
  read(name: string): Promise<string | undefined>;
  list(): Promise<string[]>;
}

/** A line that could not be read back, kept aside instead of being dropped. */
export interface LedgerProblem {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface LedgerMonth {
  readonly records: TaskRecord[];
  readonly problems: LedgerProblem[];
}

/**
 * Every task's record, appended as one JSON line to a file per month (`ledger-2026-11.jsonl`).
 * A process killed mid-write leaves at most one torn line; it is detected on the next append or
 * read, copied to `<file>.torn`, and reported, and its neighbours stay readable.
 */
export class Ledger implements RecordSink {
  private queue: Promise<void> = Promise.resolve();
  private readonly checked = new Set<string>();

  constructor(
    private readonly files: LedgerFiles,
    private readonly onProblem: (problem: LedgerProblem) => void = () => undefined,
  ) {}

  write(record: TaskRecord): Promise<void> {
    const file = fileFor(new Date(record.startedAt));
    const line = `${JSON.stringify({ v: LEDGER_SCHEMA_VERSION, ...record })}\n`;
    // One append at a time, in order; a failed append does not block the next one.
    const next = this.queue.then(async () => {
      if (!this.checked.has(file)) {
        await this.sealTornEnd(file);
        this.checked.add(file);
      }
      await this.files.append(file, line);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The records of the month containing `date`, with any lines that could not be read. */
  async readMonth(date: Date): Promise<LedgerMonth> {
    await this.queue;
    const file = fileFor(date);
    const text = (await this.files.read(file)) ?? '';
    const records: TaskRecord[] = [];
    const problems: LedgerProblem[] = [];
    const lines = text.split('\n');
    const torn = lines.pop();
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const parsed = parseLine(line);
      if (typeof parsed === 'string') problems.push({ file, line: index + 1, reason: parsed });
      else records.push(parsed);
    });
    if (torn !== undefined && torn !== '') problems.push({ file, line: lines.length + 1, reason: 'the last line was cut off mid-write' });
    for (const problem of problems) this.onProblem(problem);
    return { records, problems };
  }

  /** Ends a file whose last write was cut off, so the next line starts clean, and keeps the fragment aside. */
  private async sealTornEnd(file: string): Promise<void> {
    const text = await this.files.read(file);
    if (text === undefined || text === '' || text.endsWith('\n')) return;
    const fragment = text.slice(text.lastIndexOf('\n') + 1);
    await this.files.append(`${file}.torn`, `${JSON.stringify({ at: new Date().toISOString(), fragment })}\n`);
    await this.files.append(file, '\n');
    this.onProblem({ file, line: text.split('\n').length, reason: `the last line was cut off mid-write; kept in ${file}.torn` });
  }
}

export function fileFor(date: Date): string {
  return `ledger-${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}.jsonl`;
}

function parseLine(line: string): TaskRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON (cut off or edited by hand)';
  }
  if (typeof value !== 'object' || value === null) return 'not a record';
  const { v, ...record } = value as { v?: unknown } & Record<string, unknown>;
  if (v !== LEDGER_SCHEMA_VERSION) return `schema version ${String(v)} is not one this version reads (${LEDGER_SCHEMA_VERSION})`;
  if (typeof record.startedAt !== 'string' || !Array.isArray(record.attempts)) return 'not a task record';
  return record as unknown as TaskRecord;
}
