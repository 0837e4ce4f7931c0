/**
 * Conjunctions the labelling rule turns on, which a linear model cannot form from single
 * features: a failure described with or without the change to make, an explanation that asks for
 * a judgement rather than a reading, a question about subtle or large code.
 */
import type { Feature } from './features';
import type { ConceptKey } from './lexicon/conceptWords';

export interface RequestParts {
  readonly concepts: ReadonlySet<ConceptKey>;
  /** The instruction ends with a question mark. */
  readonly question: boolean;
  /** Categories of the code signals that lean cloud (concurrency, security, …). */
  readonly subtleCode: ReadonlySet<string>;
  /** Lines of pasted material, 0 when none. */
  readonly lines: number;
  /** A pasted error names a fault whose cause usually shows where it points. */
  readonly obviousError: boolean;
}

const SYMPTOMS: readonly ConceptKey[] = ['intermittent', 'mystery', 'crash', 'contrast'];
const JUDGEMENTS: readonly ConceptKey[] = ['why', 'design', 'correctness', 'algorithm', 'choice', 'safe', 'performance', 'memory', 'scenario', 'trace'];

const SUBTLE_NAME: Readonly<Record<string, string>> = {
  concurrency: 'code that uses concurrency primitives',
  security: 'code that handles credentials, crypto or shell and SQL execution',
  'error-handling': 'code whose error paths matter',
  debug: 'a runtime stack trace',
};

export function requestShapeFeatures(parts: RequestParts, out: Feature[]): void {
  const has = (key: ConceptKey) => parts.concepts.has(key);
  const symptom = SYMPTOMS.some(has);
  const prescribed = has('prescribe');
  const pointed = has('pointed-error') || parts.obviousError;
  if (symptom && prescribed) out.push(shape('symptom:prescribed', 'describes a failure and states the change to make'));
  else if (symptom && pointed) out.push(shape('symptom:pointed', 'describes a failure whose cause the input points at'));
  else if (symptom) out.push(shape('symptom:open', 'describes a failure without stating its cause or the change to make'));
  else if (prescribed) out.push(shape('prescribed', 'states the change to make'));
  if (has('fix') && !prescribed && !pointed) out.push(shape('fix:open', 'asks for a fix without saying what is wrong or what to change'));

  const asks = has('explain') || has('why') || parts.question;
  if (!asks) return;
  const judgement = JUDGEMENTS.some(has);
  if (has('explain')) out.push(shape(judgement ? 'explain:judgement' : 'explain:reading', judgement ? 'asks for a judgement about the code (why so, whether right, what it costs), not only what it does' : 'asks what the code does'));
  for (const category of parts.subtleCode) {
    const name = SUBTLE_NAME[category];
    if (name !== undefined) out.push(shape(`asks:code:${category}`, `asks a question about ${name}`));
  }
  if (parts.lines > 0) out.push(shape(`asks:lines:${sizeBand(parts.lines)}`, `asks a question about ${sizeBand(parts.lines)} pasted material`));
}

function shape(key: string, phrase: string): Feature {
  return { key: `shape:${key}`, value: 1, group: 'signal', phrase };
}

function sizeBand(lines: number): 'short' | 'medium' | 'long' {
  return lines <= 30 ? 'short' : lines <= 150 ? 'medium' : 'long';
}
