import { surfaceOfClient } from '../conversation/surfaceOfClient';
import type { Surface } from '../conversation/types';
import type { AttemptOutcome, TaskOutcome } from '../engine/taskRecord';
import type { Route } from '../task';
import type { AttemptFacts, TaskFacts } from './taskFacts';

const SEPARATOR = 0x7c; // |
const HEAD_CLOSE = 0x22; // " ends the head; its fields escape any quote
const MINUS = 0x2d;
const POINT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** TRAFFIC_MARK's two bytes. */
const PERCENT = 0x25;
const LETTER_S = 0x73;

const BACKSLASH = 0x5c;
const SURFACE_KEY = new TextEncoder().encode('"surface":"');
const CLIENT_KEY = new TextEncoder().encode('"client":"');
const utf8 = new TextDecoder();

/** At most this many distinct values are remembered per string field; others are decoded each time. */
const REMEMBERED_PER_FIELD = 256;

/** String fields with few distinct values (models, categories, outcomes), remembered by their bytes. */
const enum Field {
  Category,
  Outcome,
  BaselineModel,
  FinalTarget,
  FinalModel,
  AttemptTarget,
  AttemptModel,
  AttemptOutcome,
  AttemptWhy,
  Surface,
  Client,
  Count,
}

/** A string field's value and the bytes it was read from. */
interface Remembered {
  readonly raw: Uint8Array;
  readonly value: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One task's facts, filled in again for every head; the id is decoded only when asked for. */
class ReusedFacts implements TaskFacts {
  at = 0;
  category = '';
  decided: Route = 'local';
  route: Route = 'local';
  routeWithinLimit: Route | undefined = undefined;
  overridden = false;
  outcome: TaskOutcome = 'answered';
  promptTokens = 0;
  answerTokens: number | undefined = undefined;
  costUsd = 0;
  baselineCostUsd: number | undefined = undefined;
  baselineModel: string | undefined = undefined;
  final: { targetId: string; model: string; local: boolean } | undefined = undefined;
  readonly attempts: Mutable<AttemptFacts>[] = [];
  surface: Surface = 'editor';
  client: string | undefined = undefined;
  idStart = 0;
  idEnd = 0;
  bytes: Uint8Array = new Uint8Array(0);
  decodedId: string | undefined = undefined;

  get id(): string {
    this.decodedId ??= unescape(ascii(this.bytes, this.idStart, this.idEnd));
    return this.decodedId;
  }
}

/**
 * Reads the heads of ledger lines (written by encodeFacts) straight from the file's bytes, into
 * one TaskFacts it fills again for every line: a scan over a million lines makes no string for
 * a model or category it has seen, and almost no objects. What decode returns is only good until
 * the next call: copy what you keep.
 */
export class HeadReader {
  private bytes: Uint8Array = new Uint8Array(0);
  private position = 0;
  private limit = 0;
  /** Set once the field just read was the head's last. */
  private closed = false;
  private readonly facts = new ReusedFacts();
  private readonly final = { targetId: '', model: '', local: false };
  private readonly spareAttempts: Mutable<AttemptFacts>[] = [];
  /** Per string field, the values seen, by a hash of their bytes. */
  private readonly remembered = Array.from({ length: Field.Count }, () => new Map<number, Remembered>());
  /** Per string field, the value of the line before. */
  private readonly lastSeen: (Remembered | undefined)[] = new Array<Remembered | undefined>(Field.Count).fill(undefined);

  /** The time a head's task started (its first field), NaN when there is none; the rest is not read. */
  timeOf(bytes: Uint8Array, start: number, end: number): number {
    this.bytes = bytes;
    this.position = start;
    this.limit = end;
    return this.number();
  }

  /** The facts of the head in bytes [start, end) (the line, from the first field on), or undefined when it is damaged. */
  decode(bytes: Uint8Array, start: number, end: number): TaskFacts | undefined {
    this.bytes = bytes;
    this.position = start;
    this.limit = end;
    this.closed = false;
    const facts = this.facts;
    facts.at = this.number();
    if (!Number.isFinite(facts.at) || this.closed) return undefined;
    facts.bytes = bytes;
    facts.idStart = this.position;
    this.skip();
    facts.idEnd = this.position - 1;
    facts.decodedId = undefined;
    facts.category = this.string(Field.Category);
    const decided = this.route();
    const route = this.route();
    facts.routeWithinLimit = this.route();
    facts.overridden = this.number() === 1;
    facts.outcome = this.string(Field.Outcome) as TaskOutcome;
    facts.promptTokens = this.number();
    facts.answerTokens = present(this.number());
    facts.costUsd = this.number();
    facts.baselineCostUsd = present(this.number());
    facts.baselineModel = this.string(Field.BaselineModel) || undefined;
    const finalTargetId = this.string(Field.FinalTarget);
    const finalModel = this.string(Field.FinalModel);
    if (decided === undefined || route === undefined || this.closed || Number.isNaN(facts.promptTokens) || Number.isNaN(facts.costUsd)) return undefined;
    // The last task field: a task refused before any attempt ends its head here.
    const finalLocal = this.number() === 1;
    facts.decided = decided;
    facts.route = route;
    if (finalTargetId === '') facts.final = undefined;
    else {
      const final = this.final;
      final.targetId = finalTargetId;
      final.model = finalModel;
      final.local = finalLocal;
      facts.final = final;
    }
    facts.surface = 'editor';
    facts.client = undefined;
    const attempts = facts.attempts;
    let count = 0;
    let marked = false;
    while (!this.closed) {
      if (this.atTrafficMark()) {
        marked = true;
        this.skip();
        facts.surface = (this.string(Field.Surface) || 'editor') as Surface;
        facts.client = this.string(Field.Client) || undefined;
        // Fields a later version appends.
        while (!this.closed) this.skip();
        break;
      }
      const attempt = this.spareAttempts[count] ?? this.newAttempt();
      attempt.targetId = this.string(Field.AttemptTarget);
      attempt.model = this.string(Field.AttemptModel);
      attempt.local = this.number() === 1;
      attempt.latencyMs = this.number();
      attempt.outcome = this.string(Field.AttemptOutcome) as AttemptOutcome;
      attempt.why = this.string(Field.AttemptWhy) || undefined;
      attempt.inputTokens = this.number();
      attempt.outputTokens = this.number();
      attempt.costUsd = present(this.number());
      if (Number.isNaN(attempt.latencyMs) || Number.isNaN(attempt.inputTokens) || Number.isNaN(attempt.outputTokens)) return undefined;
      attempts[count++] = attempt;
    }
    if (attempts.length !== count) attempts.length = count;
    if (this.position > this.limit) return undefined;
    if (!marked) this.trafficFromRecord(facts);
    return facts;
  }

  /**
   * A head written before heads carried surface and client: the record after it names them when it
   * was written after records did; a record with a client but no surface is read by its client.
   */
  private trafficFromRecord(facts: ReusedFacts): void {
    let surface: string | undefined;
    let client: string | undefined;
    const bytes = this.bytes;
    // One pass from quote to quote: a key, quoted, can be nowhere else (quotes inside strings are escaped).
    for (let at = bytes.indexOf(HEAD_CLOSE, this.position); at !== -1 && at < this.limit && (surface === undefined || client === undefined); at = bytes.indexOf(HEAD_CLOSE, at + 1)) {
      const next = bytes[at + 1];
      if (next === SURFACE_KEY[1] && surface === undefined && startsWith(bytes, at, SURFACE_KEY)) surface = this.recordString(at + SURFACE_KEY.length);
      else if (next === CLIENT_KEY[1] && client === undefined && startsWith(bytes, at, CLIENT_KEY)) client = this.recordString(at + CLIENT_KEY.length);
    }
    facts.client = client;
    facts.surface = (surface as Surface | undefined) ?? surfaceOfClient(client);
  }

  /** The JSON string value that starts at `start` (after its opening quote), unescaped; undefined when empty. */
  private recordString(start: number): string | undefined {
    const bytes = this.bytes;
    let end = start;
    let escaped = false;
    while (end < this.limit && (escaped || bytes[end] !== HEAD_CLOSE)) {
      escaped = !escaped && bytes[end] === BACKSLASH;
      end++;
    }
    const raw = utf8.decode(bytes.subarray(start, end));
    if (raw.indexOf('\\') === -1) return raw === '' ? undefined : raw;
    try {
      return (JSON.parse(`"${raw}"`) as string) || undefined;
    } catch {
      return undefined;
    }
  }

  private newAttempt(): Mutable<AttemptFacts> {
    const attempt: Mutable<AttemptFacts> = { targetId: '', model: '', local: false, latencyMs: 0, outcome: 'answered', why: undefined, inputTokens: 0, outputTokens: 0, costUsd: undefined };
    this.spareAttempts.push(attempt);
    return attempt;
  }

  /** Whether the next field is TRAFFIC_MARK, which ends the attempts. */
  private atTrafficMark(): boolean {
    const bytes = this.bytes;
    const at = this.position;
    if (bytes[at] !== PERCENT || bytes[at + 1] !== LETTER_S) return false;
    const after = bytes[at + 2];
    return at + 2 >= this.limit || after === SEPARATOR || after === HEAD_CLOSE;
  }

  /** Moves past the field's end, noting whether it closed the head. */
  private finish(end: number): void {
    this.closed = end >= this.limit || this.bytes[end] !== SEPARATOR;
    this.position = end + 1;
  }

  private fieldEnd(): number {
    const bytes = this.bytes;
    let index = this.position;
    while (index < this.limit) {
      const code = bytes[index];
      if (code === SEPARATOR || code === HEAD_CLOSE) break;
      index++;
    }
    return index;
  }

  private skip(): void {
    this.finish(this.fieldEnd());
  }

  /** NaN for an empty field (or a field that is not a number). */
  private number(): number {
    const bytes = this.bytes;
    const start = this.position;
    let index = start;
    let code = bytes[index];
    const negative = code === MINUS;
    if (negative) code = bytes[++index];
    let value = 0;
    let digits = 0;
    while (code >= DIGIT_0 && code <= DIGIT_9) {
      value = value * 10 + (code - DIGIT_0);
      code = bytes[++index];
      digits++;
    }
    if (code === POINT) {
      let fraction = 0;
      let scale = 1;
      code = bytes[++index];
      while (code >= DIGIT_0 && code <= DIGIT_9 && scale < 1e15) {
        fraction = fraction * 10 + (code - DIGIT_0);
        scale *= 10;
        code = bytes[++index];
        digits++;
      }
      value += fraction / scale;
    }
    if (index < this.limit && code !== SEPARATOR && code !== HEAD_CLOSE) {
      // An exponent (1.5e-7) or more digits than read above: rare, so the full parser takes it.
      const end = this.fieldEnd();
      this.finish(end);
      return Number(ascii(bytes, start, end));
    }
    this.finish(index);
    if (digits === 0) return Number.NaN;
    return negative ? -value : value;
  }

  /** A route, from the field's first letter. */
  private route(): Route | undefined {
    const code = this.bytes[this.position];
    this.skip();
    return code === 0x6c ? 'local' : code === 0x63 ? 'cloud' : undefined;
  }

  /** The field as text: a value seen before in this field is found by its bytes rather than decoded again. */
  private string(field: Field): string {
    const bytes = this.bytes;
    const start = this.position;
    // Most fields repeat the line before (the same outcome, baseline, often the same model).
    const last = this.lastSeen[field];
    if (last !== undefined) {
      const raw = last.raw;
      const length = raw.length;
      const end = start + length;
      // The field must end where the last value did: one byte rules out most values of another length.
      if (end === this.limit || (end < this.limit && (bytes[end] === SEPARATOR || bytes[end] === HEAD_CLOSE))) {
        let at = 0;
        while (at < length && raw[at] === bytes[start + at]) at++;
        if (at === length) {
          this.finish(end);
          return last.value;
        }
      }
    }
    let index = start;
    let hash = 0;
    while (index < this.limit) {
      const code = bytes[index];
      if (code === SEPARATOR || code === HEAD_CLOSE) break;
      hash = (Math.imul(hash, 31) + code) | 0;
      index++;
    }
    this.finish(index);
    const length = index - start;
    if (length === 0) return '';
    const known = this.remembered[field];
    const entry = known.get(hash);
    if (entry !== undefined) {
      const raw = entry.raw;
      if (raw.length === length) {
        let at = 0;
        while (at < length && raw[at] === bytes[start + at]) at++;
        if (at === length) {
          this.lastSeen[field] = entry;
          return entry.value;
        }
      }
    }
    const value = unescape(ascii(bytes, start, index));
    // A copy: the bytes read are reused for the next chunk of the file.
    if (entry === undefined && known.size < REMEMBERED_PER_FIELD) {
      const remembered = { raw: Uint8Array.prototype.slice.call(bytes, start, index), value };
      known.set(hash, remembered);
      this.lastSeen[field] = remembered;
    }
    return value;
  }
}

/** Whether bytes from `at` on begin with `pattern`. */
function startsWith(bytes: Uint8Array, at: number, pattern: Uint8Array): boolean {
  for (let index = 0; index < pattern.length; index++) if (bytes[at + index] !== pattern[index]) return false;
  return true;
}

function present(value: number): number | undefined {
  return Number.isNaN(value) ? undefined : value;
}

/** Head bytes are printable ASCII, so each byte is one character. */
function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** Undoes encodeFacts' `%xxxx` escapes. */
function unescape(value: string): string {
  return value.indexOf('%') === -1 ? value : value.replace(/%([0-9a-f]{4})/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}
