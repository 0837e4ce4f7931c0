import type { Task } from '../task';
import { codeSignals } from './codeSignals';
import { conceptsIn } from './concepts';
import { codeStructure, type CodeStructure } from './codeStructure';
import { describePastedError, readPastedError, type PastedError } from './errorFeatures';
import { fileKindOf } from './fileKind';
import type { ConceptKey } from './lexicon/conceptWords';
import { requestShapeFeatures } from './requestShape';
import { SignalMatcher } from './signalMatcher';
import { CHARACTER_GRAM_WEIGHT, characterGrams, CODE_NAME_TOKEN, instructionWords, normaliseInstruction } from './textFeatures';

/** The model's view of a task: named features with values; names are hashed into the weight table. */
export interface Feature {
  readonly key: string;
  readonly value: number;
  readonly group: 'word' | 'char' | 'signal' | 'code' | 'error' | 'size' | 'editor';
  /** What the feature means, completing "The task …" in the reasons (absent for character n-grams). */
  readonly phrase?: string;
  /** For a hand-written signal, its category and the weight the old rules gave it (which names the category). */
  readonly rule?: { readonly category: string; readonly kind: string; readonly weight: number };
}

/** Terse fix requests count as mechanical only on a selection this small. */
const TERSE_FIX_MAX_LINES = 40;
/** Structure is read on at most this much of a huge selection (past the local limit its route is settled anyway). */
const STRUCTURE_CHARS = 65_536;

let signalMatcher: SignalMatcher | undefined;

const ENDS_AS_QUESTION = /[?？؟]\s*$/;
/** A question mark ending a clause, in any script (not the `?` of `Bool?` or `a ?? b`). */
const QUESTION_MARK = /[？؟]|\?(?=\s|$)/;

const IMPORT_LINE = /^\s*(import\b|from\s+[\w.]+\s+import\b|#include\b|using\s+[\w.]+;|use\s+[\w:]+|require\(|const\s+\w+\s*=\s*require\()[^\n]*$/gm;

export function taskFeatures(task: Task, promptTokens: number): Feature[] {
  const features: Feature[] = [];
  const code = task.code.length > STRUCTURE_CHARS ? task.code.slice(0, STRUCTURE_CHARS) : task.code;
  const kind = fileKindOf(task.language, task.path, code);
  const structure = codeStructure(code, kind);
  const named = textFeatures(task.instruction, features);
  signalFeatures(task.instruction, structure.lines, features);
  const { subtleCode, error } = codeFeatures(code, kind, structure, features);
  const question = QUESTION_MARK.test(task.instruction);
  requestShapeFeatures({ concepts: named, question, subtleCode, lines: structure.lines, obviousError: error?.obvious === true && !error.hard }, features);
  sizeFeatures(promptTokens, structure, features);
  editorFeatures(task, named.has('fix'), features);
  return features;
}

/** Adds the instruction's features; returns the concepts it names. */
function textFeatures(instruction: string, out: Feature[]): Set<ConceptKey> {
  const normalised = normaliseInstruction(instruction);
  const named = conceptsIn(normalised);
  for (const { concept, word } of named) {
    const rule = concept.category === undefined || concept.lean === undefined ? {} : { rule: { category: concept.category, kind: 'concept', weight: concept.lean } };
    out.push({ key: `concept:${concept.key}`, value: 1, group: 'signal', phrase: `${concept.meaning} (“${word}”)`, ...rule });
  }
  const words = instructionWords(normalised);
  const wordKeys = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    wordKeys.add(words[i]);
    if (i + 1 < words.length) wordKeys.add(`${words[i]} ${words[i + 1]}`);
  }
  const wordWeight = 1 / Math.sqrt(Math.max(1, wordKeys.size));
  for (const key of wordKeys) out.push(key.includes(CODE_NAME_TOKEN) ? { key: `w:${key}`, value: wordWeight, group: 'word' } : { key: `w:${key}`, value: wordWeight, group: 'word', phrase: `says “${key}”` });
  const grams = new Set(characterGrams(words));
  const gramWeight = CHARACTER_GRAM_WEIGHT / Math.sqrt(Math.max(1, grams.size));
  for (const gram of grams) out.push({ key: `c:${gram}`, value: gramWeight, group: 'char' });
  const wordCount = words.length;
  out.push({ key: `instr:words:${bucket(wordCount)}`, value: 1, group: 'size', phrase: wordCount <= 3 ? 'is a terse request' : wordCount > 40 ? 'is a long, detailed request' : `is a request of about ${wordCount} words` });
  if (ENDS_AS_QUESTION.test(instruction.trim())) out.push({ key: 'instr:question', value: 1, group: 'size', phrase: 'is asked as a question' });
  else if (QUESTION_MARK.test(instruction)) out.push({ key: 'instr:asks', value: 1, group: 'size', phrase: 'asks a question along with its request' });
  return new Set(named.map(({ concept }) => concept.key));
}

function signalFeatures(instruction: string, lines: number, out: Feature[]): void {
  signalMatcher ??= new SignalMatcher();
  for (const { signal, match } of signalMatcher.matches(instruction)) {
    if (signal.kind === 'task' && signal.category === 'debug' && lines > TERSE_FIX_MAX_LINES) continue;
    out.push({ key: `sig:${signal.category}:${signal.kind}`, value: 1, group: 'signal', phrase: `${signal.meaning} (“${excerpt(match)}”)`, rule: { category: signal.category, kind: signal.kind, weight: signal.weight } });
  }
}

/** Adds the code's features; returns the categories of its cloud-leaning signals and its pasted error. */
function codeFeatures(code: string, kind: string, structure: CodeStructure, out: Feature[]): { subtleCode: Set<string>; error?: PastedError } {
  const subtleCode = new Set<string>();
  if (code === '') {
    out.push({ key: 'code:none', value: 1, group: 'code', phrase: 'comes with no code' });
    return { subtleCode };
  }
  out.push({ key: `kind:${kind}`, value: 1, group: 'code', phrase: `is on ${kindName(kind)}` });
  out.push({ key: `family:${structure.family}`, value: 1, group: 'code', phrase: `is on ${familyName(structure.family)}` });
  // An import is not a use: `import hashlib` says nothing about cryptography.
  const used = code.replace(IMPORT_LINE, '');
  for (const signal of codeSignals) {
    const match = signal.pattern.exec(used);
    if (match === null) continue;
    out.push({ key: `code:${signal.category}:${signal.weight > 0 ? 'hard' : 'easy'}`, value: 1, group: 'code', phrase: `has code that ${signal.meaning} (“${excerpt(match[0])}”)` });
    if (signal.weight > 0) subtleCode.add(signal.category);
  }
  if (structure.nesting !== undefined) {
    const nesting = structure.nesting;
    out.push({ key: `code:nesting:${nesting >= 6 ? 'deep' : nesting >= 3 ? 'some' : 'flat'}`, value: 1, group: 'code', phrase: `has code nesting ${nesting} level${nesting === 1 ? '' : 's'} deep` });
    out.push({ key: `code:branches:${bucket(structure.branches ?? 0)}`, value: 1, group: 'code', phrase: `has ${plural(structure.branches ?? 0, 'branch', 'branches')} in its code` });
    const functions = structure.functions ?? 0;
    out.push({ key: `code:functions:${bucket(functions)}`, value: 1, group: 'code', ...(functions === 0 ? {} : { phrase: `has ${plural(functions, 'function', 'functions')} in its code` }) });
  }
  if (structure.files !== undefined) {
    out.push({ key: `diff:files:${bucket(structure.files)}`, value: 1, group: 'code', phrase: `is a diff touching ${structure.files} file${structure.files === 1 ? '' : 's'}` });
    out.push({ key: `diff:changed:${bucket(structure.changedLines ?? 0)}`, value: 1, group: 'code', phrase: `is a diff changing ${plural(structure.changedLines ?? 0, 'line', 'lines')}` });
  }
  const error = readPastedError(code);
  if (error !== undefined) {
    const sentence = describePastedError(error);
    out.push({ key: `err:${error.kind}`, value: 1, group: 'error', phrase: `has ${sentence}` });
    if (error.name !== undefined) out.push({ key: `err:name:${error.name.toLowerCase()}`, value: 1, group: 'error', phrase: `has ${sentence}` });
    out.push({ key: `err:${error.located ? 'located' : 'unlocated'}`, value: 1, group: 'error', phrase: `has ${sentence}` });
    if (error.obvious) out.push({ key: `err:obvious${error.located ? ':located' : ''}`, value: 1, group: 'error', phrase: `has ${sentence}` });
    if (error.hard) out.push({ key: 'err:hard', value: 1, group: 'error', phrase: `has ${sentence}` });
  }
  return { subtleCode, ...(error === undefined ? {} : { error }) };
}

function sizeFeatures(promptTokens: number, structure: CodeStructure, out: Feature[]): void {
  out.push({ key: `tokens:${bucket(promptTokens)}`, value: 1, group: 'size', phrase: `is a prompt of about ${roughCount(promptTokens)} tokens` });
  if (promptTokens > 3000) out.push({ key: 'tokens:near-window', value: 1, group: 'size', phrase: `is a prompt of ${roughCount(promptTokens)} tokens, near a local model's window` });
  if (structure.lines > 0) out.push({ key: `lines:${structure.family}:${bucket(structure.lines)}`, value: 1, group: 'size', phrase: `has ${plural(structure.lines, 'line', 'lines')} of ${familyName(structure.family)}` });
}

/**
 * What only the editor knows (its diagnostics, a required answer schema). The corpus cannot show
 * these, so their weights are fixed log-odds (EDITOR_WEIGHTS) rather than learned.
 */
function editorFeatures(task: Task, asksForFix: boolean, out: Feature[]): void {
  const errors = task.diagnostics?.filter((diagnostic) => diagnostic.severity === 'error') ?? [];
  if (errors.length >= MANY_DIAGNOSTICS) {
    out.push({ key: 'editor:many-errors', value: 1, group: 'editor', phrase: `has ${errors.length} errors reported by the editor (“${excerpt(errors[0].message)}”…), too many interacting problems for a small model` });
  } else if (errors.length > 0 && asksForFix) {
    out.push({ key: 'editor:pinpointed-fix', value: 1, group: 'editor', phrase: `asks to fix the error${errors.length > 1 ? 's' : ''} the editor pinpoints (“${excerpt(errors[0].message)}”)` });
  }
  if (task.responseSchema !== undefined) out.push({ key: 'editor:schema', value: 1, group: 'editor', phrase: 'must answer JSON matching a given schema, checked before use' });
}

const MANY_DIAGNOSTICS = 4;

/** Fixed log-odds of the editor-only features, added to the calibrated model's. */
export const EDITOR_WEIGHTS: Readonly<Record<string, number>> = {
  'editor:many-errors': 0.75,
  'editor:pinpointed-fix': -1.5,
  'editor:schema': -1.5,
};

/** 0, 1, 2–3, 4–7, … as the exponent of two. */
function bucket(n: number): number {
  return n <= 0 ? 0 : Math.floor(Math.log2(n)) + 1;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function roughCount(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

function kindName(kind: string): string {
  return kind === 'code' || kind === 'prose' || kind === 'log' ? `pasted ${kind === 'log' ? 'output' : kind}` : `a ${kind} ${kind === 'diff' ? '' : 'file'}`.replace(/ +$/, '');
}

function familyName(family: string): string {
  return family === 'code' ? 'source code' : family === 'config' ? 'configuration' : family === 'diff' ? 'a diff' : family === 'log' ? 'logs or error output' : family === 'data' ? 'data' : family === 'prose' ? 'prose' : 'nothing';
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/** FNV-1a of a feature's key, into `size` buckets (a power of two). */
export function hashKey(key: string, size: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & (size - 1);
}
