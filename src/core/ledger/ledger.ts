import type { RecordSink, TaskRecord } from '../engine/taskRecord';
import { isValidJson } from '../validJson';
import { HeadReader } from './headReader';
import { encodeFacts, factsOf, type TaskFacts } from './taskFacts';

/** The ledger line format; bumped when a change would confuse an older reader. Version 1 lines (no head) are still read. */
export const LEDGER_SCHEMA_VERSION = 2;

/** Where the ledger's files live: the extension's global storage, or a folder for the CLI. */
export interface LedgerFiles {
  /** Appends with one write to the end of the file, creating it when missing. */
  append(name: string, text: string): Promise<void>;
  /** The whole file, or undefined when it does not exist. */
  read(name: string): Promise<string | undefined>;
  /** At most the last `bytes` of the file (the first line may be partial); undefined when it does not exist. */
  readTail(name: string, bytes: number): Promise<string | undefined>;
  /**
   * The text after the file's last newline when the file does not end with one (a write was cut
   * off, in this process or another); undefined when it does, or is empty or missing. Called
   * before every append, so it must be cheap in the common case.
   */
  unterminatedEnd(name: string): Promise<string | undefined>;
  /**
   * Visits each complete line of the file (or of `range`) in order as bytes [start, end) of a
   * buffer that is only good during the call, without its newline. Resolves with the
   * unterminated last line, if any, and the offset just after the last complete line, or
   * undefined when the file does not exist.
   */
  scanLines(name: string, visit: (bytes: Uint8Array, start: number, end: number) => void, range?: ByteRange): Promise<{ torn?: string; end: number } | undefined>;
  list(): Promise<string[]>;
}

/** Part of a file, [start, end) in bytes; both ends fall on line boundaries. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
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

/** What the user did with an answer applied in the editor: the labels the router learns from. */
export type EditorOutcome = 'accepted' | 'rejected' | 'undone' | 're-asked';

/** Outcomes that say the answer did not do: the user rejected it, undid it, or asked again. */
export function isFailedOutcome(outcome: EditorOutcome | undefined): boolean {
  return outcome === 'rejected' || outcome === 'undone' || outcome === 're-asked';
}

export interface OutcomeEvent {
  readonly taskId: string;
  readonly at: string;
  readonly outcome: EditorOutcome;
}

/** A cloud-answered task also run on the local model in the background, through the same gates. */
export interface ShadowResult {
  readonly taskId: string;
  readonly at: string;
  readonly model: string;
  /** Whether the local answer passed every gate the cloud answer passed. */
  readonly passed: boolean;
  readonly reason?: string;
  /** The task's category, so the comparison counts for it without the task's record. */
  readonly category?: string;
  /** The classifier's own score for the task (before any personal correction), for adaptive routing to learn from. */
  readonly score?: number;
}

/** Each task's latest editor outcome and shadow result, joined by task id. */
export interface TaskLabels {
  readonly outcomes: ReadonlyMap<string, EditorOutcome>;
  readonly shadows: ReadonlyMap<string, ShadowResult>;
}

const HEAD_PREFIX = `{"v":${LEDGER_SCHEMA_VERSION},"s":"`;
const HEAD_PREFIX_BYTES = [...HEAD_PREFIX].map((character) => character.charCodeAt(0));
/** Ends the head: the head's fields never hold a `"`, so the first one ends the head. */
const HEAD_END = '","r":';

export interface LedgerOptions {
  /** Keep each task's instruction (off by default: records carry no prompt or code text). */
  readonly keepPrompts?: () => boolean;
  readonly onProblem?: (problem: LedgerProblem) => void;
}

/** Ends a line that was cut off mid-write, so that it can never read as a whole task line (those end with `}}`). */
const CUT_OFF_MARK = ' <cut off mid-write>';

/**
 * Every task's record, appended as one JSON line to a file per month (`ledger-2026-11.jsonl`);
 * editor outcomes and shadow comparisons go to `outcomes-2026-11.jsonl`. Each task line starts
 * with a compact head of the facts reports need, so a million records aggregate without parsing
 * the rest. A process killed mid-write leaves at most one torn line; every append first checks
 * that the file ends with a newline, so the next line never joins the torn one: the fragment is
 * copied to `<file>.torn`, ended with a mark, and reported, and stays a damaged line that no scan
 * counts as a task.
 */
export class Ledger implements RecordSink {
  private queue: Promise<void> = Promise.resolve();
  private readonly onProblem: (problem: LedgerProblem) => void;

  constructor(
    private readonly files: LedgerFiles,
    private readonly options: LedgerOptions = {},
  ) {
    this.onProblem = options.onProblem ?? (() => undefined);
  }

  write(record: TaskRecord): Promise<void> {
    const kept = this.options.keepPrompts?.() === true ? record : withoutPrompt(record);
    return this.appendLine(fileFor(new Date(record.startedAt)), lineOf(kept));
  }

  writeOutcome(event: OutcomeEvent): Promise<void> {
    return this.appendLine(outcomesFileFor(new Date(event.at)), `${JSON.stringify({ v: LEDGER_SCHEMA_VERSION, outcome: event })}\n`);
  }

  writeShadow(result: ShadowResult): Promise<void> {
    return this.appendLine(outcomesFileFor(new Date(result.at)), `${JSON.stringify({ v: LEDGER_SCHEMA_VERSION, shadow: result })}\n`);
  }

  /** Waits for every append so far. */
  flushed(): Promise<void> {
    return this.queue;
  }

  /** The full records of the month containing `date`, with any lines that could not be read. */
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
      const parsed = parseRecord(line);
      if (typeof parsed === 'string') problems.push({ file, line: index + 1, reason: parsed });
      else records.push(parsed);
    });
    if (torn !== undefined && torn !== '') problems.push({ file, line: lines.length + 1, reason: 'the last line was cut off mid-write' });
    for (const problem of problems) this.onProblem(problem);
    return { records, problems };
  }

  /** The newest records, newest first, read from the end of the latest files. */
  async recent(count: number, now: Date = new Date()): Promise<TaskRecord[]> {
    await this.queue;
    const found: TaskRecord[] = [];
    for (let back = 0; back < 3 && found.length < count; back++) {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
      const tail = await this.files.readTail(fileFor(month), count * 4096);
      if (tail === undefined) continue;
      const lines = tail.split('\n').filter((line) => line.trim() !== '');
      for (let index = lines.length - 1; index >= 0 && found.length < count; index--) {
        const parsed = parseRecord(lines[index]);
        if (typeof parsed !== 'string') found.push(parsed);
      }
    }
    return found;
  }

  /**
   * Visits the facts of every task that started in [from, to), reading only each line's head.
   * The facts visited are only good during the call: copy what you keep. Returns the lines
   * that could not be read.
   */
  async scan(from: Date, to: Date, visit: (facts: TaskFacts) => void): Promise<LedgerProblem[]> {
    await this.queue;
    const problems: LedgerProblem[] = [];
    const window = { from: from.getTime(), to: to.getTime() };
    for (const month of monthsBetween(from, to)) await this.scanLines(fileFor(month), 0, problems, true, visit, window);
    for (const problem of problems) this.onProblem(problem);
    return problems;
  }

  /**
   * Visits the facts of the tasks in a ledger file from byte `from` on (another process may
   * have appended them), as scan does. Resolves with the offset just after the last complete
   * line, where the next call can start.
   */
  async scanAppended(file: string, from: number, visit: (facts: TaskFacts) => void): Promise<number> {
    await this.queue;
    const problems: LedgerProblem[] = [];
    // An unfinished last line may still be being written: the next call reads it.
    const end = await this.scanLines(file, from, problems, false, visit);
    for (const problem of problems) this.onProblem(problem);
    return end;
  }

  private async scanLines(file: string, from: number, problems: LedgerProblem[], reportTorn: boolean, visit: (facts: TaskFacts) => void, window?: TimeWindow): Promise<number> {
    let line = 0;
    const reader = new HeadReader();
    const result = await this.files.scanLines(
      file,
      (bytes, lineStart, lineEnd) => {
        line++;
        const facts = factsOfLine(bytes, lineStart, lineEnd, reader, window);
        if (typeof facts === 'string') {
          if (facts !== '') problems.push({ file, line, reason: from === 0 ? facts : `${facts} (counting lines from byte ${from})` });
          return;
        }
        visit(facts);
      },
      { start: from, end: Number.POSITIVE_INFINITY },
    );
    if (reportTorn && result?.torn !== undefined && result.torn !== '') problems.push({ file, line: line + 1, reason: 'the last line was cut off mid-write' });
    return result?.end ?? from;
  }

  /** Outcomes and shadow results recorded from `from` on (they arrive after their task). */
  async labels(from: Date, to: Date): Promise<TaskLabels> {
    await this.queue;
    const outcomes = new Map<string, EditorOutcome>();
    const shadows = new Map<string, ShadowResult>();
    const until = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + 1, 1));
    for (const month of monthsBetween(from, until)) {
      const text = await this.files.read(outcomesFileFor(month));
      if (text === undefined) continue;
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        let value: { outcome?: OutcomeEvent; shadow?: ShadowResult };
        try {
          value = JSON.parse(line) as typeof value;
        } catch {
          continue;
        }
        if (value.outcome !== undefined) outcomes.set(value.outcome.taskId, value.outcome.outcome);
        if (value.shadow !== undefined) shadows.set(value.shadow.taskId, value.shadow);
      }
    }
    return { outcomes, shadows };
  }

  private appendLine(file: string, line: string): Promise<void> {
    // One append at a time, in order; a failed append does not block the next one.
    const next = this.queue.then(async () => {
      const cutOff = await this.files.unterminatedEnd(file);
      if (cutOff !== undefined) await this.sealCutOff(file, cutOff);
      await this.files.append(file, line);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Ends a file whose last line has no newline, so the next line starts clean. A line complete but
   * for its newline is just ended; a cut-off one is kept aside in `<file>.torn`, marked so that it
   * stays a damaged line, and reported.
   */
  private async sealCutOff(file: string, fragment: string): Promise<void> {
    if (isValidJson(fragment)) {
      await this.files.append(file, '\n');
      return;
    }
    await this.files.append(`${file}.torn`, `${JSON.stringify({ at: new Date().toISOString(), fragment })}\n`);
    await this.files.append(file, `${CUT_OFF_MARK}\n`);
    const text = (await this.files.read(file)) ?? '';
    this.onProblem({ file, line: text.split('\n').length - 1, reason: `the last line was cut off mid-write; kept in ${file}.torn` });
  }
}

export function fileFor(date: Date): string {
  return `ledger-${monthOf(date)}.jsonl`;
}

function outcomesFileFor(date: Date): string {
  return `outcomes-${monthOf(date)}.jsonl`;
}

function monthOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The ledger files that can hold tasks started in [from, to). */
export function ledgerFilesFor(from: Date, to: Date): string[] {
  return monthsBetween(from, to).map(fileFor);
}

/** The first day of each month that overlaps [from, to). */
function monthsBetween(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  for (let month = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); month < to; month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))) {
    months.push(month);
  }
  return months;
}

/** One task line: the facts head, then the full record. */
export function lineOf(record: TaskRecord): string {
  return `${HEAD_PREFIX}${encodeFacts(factsOf(record))}${HEAD_END}${JSON.stringify(record)}}\n`;
}

function withoutPrompt(record: TaskRecord): TaskRecord {
  if (record.instruction === undefined) return record;
  const rest: { -readonly [K in keyof TaskRecord]?: TaskRecord[K] } = { ...record };
  delete rest.instruction;
  return rest as TaskRecord;
}

/** Task start times in [from, to), as milliseconds since the epoch. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * The facts of one ledger line, bytes [start, end): read from its head when it has one (then
 * they are `reader`'s, good until its next line), '' for a blank line or a task outside
 * `window` (its head read no further than its time), or why it cannot be read.
 */
export function factsOfLine(bytes: Uint8Array, start: number, end: number, reader: HeadReader, window?: TimeWindow): TaskFacts | string {
  if (hasHead(bytes, start, end)) {
    // The head may be intact on a line cut off later: a whole line ends by closing its record and itself.
    if (!endsWholeLine(bytes, start, end)) return 'the line was cut off mid-write; its task is not counted';
    const headStart = start + HEAD_PREFIX_BYTES.length;
    if (window !== undefined) {
      const at = reader.timeOf(bytes, headStart, end);
      if (at < window.from || at >= window.to) return '';
    }
    return reader.decode(bytes, headStart, end) ?? 'its head is not a task summary (edited by hand?)';
  }
  const facts = factsOfWholeLine(utf8.decode(bytes.subarray(start, end)));
  return typeof facts !== 'string' && window !== undefined && (facts.at < window.from || facts.at >= window.to) ? '' : facts;
}

const utf8 = new TextDecoder();

function hasHead(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start < HEAD_PREFIX_BYTES.length) return false;
  for (let index = 0; index < HEAD_PREFIX_BYTES.length; index++) if (bytes[start + index] !== HEAD_PREFIX_BYTES[index]) return false;
  return true;
}

const CLOSE_BRACE = 0x7d;
const CARRIAGE_RETURN = 0x0d;

function endsWholeLine(bytes: Uint8Array, start: number, end: number): boolean {
  const last = bytes[end - 1] === CARRIAGE_RETURN ? end - 2 : end - 1;
  return last - 1 > start && bytes[last] === CLOSE_BRACE && bytes[last - 1] === CLOSE_BRACE;
}

/** A line without a head: a version 1 record, or damage. Blank lines are skipped silently. */
function factsOfWholeLine(line: string): TaskFacts | string {
  if (line.trim() === '') return '';
  const parsed = parseRecord(line);
  return typeof parsed === 'string' ? parsed : factsOf(parsed);
}

function parseRecord(line: string): TaskRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON (cut off or edited by hand)';
  }
  if (typeof value !== 'object' || value === null) return 'not a record';
  const { v, ...rest } = value as { v?: unknown; r?: unknown } & Record<string, unknown>;
  const record = v === LEDGER_SCHEMA_VERSION ? rest.r : v === 1 ? rest : undefined;
  if (record === undefined) return `schema version ${String(v)} is not one this version reads (1–${LEDGER_SCHEMA_VERSION})`;
  if (typeof record !== 'object' || record === null) return 'not a task record';
  const candidate = record as Record<string, unknown>;
  if (typeof candidate.startedAt !== 'string' || !Array.isArray(candidate.attempts)) return 'not a task record';
  return candidate as unknown as TaskRecord;
}
