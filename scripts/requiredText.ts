/**
 * The text a regular expression cannot match without: a few lower-case fragments, one of which
 * every match contains. The instruction signals' fragments are read from their patterns here
 * and written to src/core/classifier/signalFragments.ts, so that a signal's patterns are compiled
 * and run only on an instruction that contains one of them (V8 compiles a regex on its first run
 * and again, to machine code, on its second: milliseconds for the signals' hundreds of
 * alternatives, in every fresh process's first decisions).
 *
 * Reads the source as a case-insensitive, non-Unicode regex (how the signals are compiled). Any
 * construct it does not know makes it give up (undefined: the pattern always runs), so a
 * fragment it returns is always safe to require.
 */

/** Either every string the node can match (`exact`), or fragments one of which each match contains (`any`; undefined: unknown). */
type Info = { readonly exact: readonly string[] } | { readonly any: readonly string[] | undefined };

/** Exact sets larger than this are turned into fragments. */
const MAX_EXACT = 16;

const UNKNOWN: Info = { any: undefined };
const EMPTY: Info = { exact: [''] };

/** Fragments one of which every match of `source` contains, lower case; undefined when it cannot tell. */
export function requiredFragments(source: string): string[] | undefined {
  const parser = new Parser(source);
  const info = parser.disjunction();
  if (!parser.done()) return undefined;
  const fragments = fragmentsOf(info);
  return fragments === undefined ? undefined : [...new Set(fragments)];
}

/** Fragments for the alternatives of several patterns joined with `|` (undefined if any of them is unknown). */
export function requiredFragmentsOfAny(sources: readonly string[]): string[] | undefined {
  const all: string[] = [];
  for (const source of sources) {
    const fragments = requiredFragments(source);
    if (fragments === undefined) return undefined;
    all.push(...fragments);
  }
  return [...new Set(all)];
}

function fragmentsOf(info: Info): readonly string[] | undefined {
  if ('any' in info) return info.any;
  return info.exact.includes('') ? undefined : info.exact;
}

/** The better of two fragment sets to require: the longer shortest fragment, then the fewer fragments. */
function better(a: readonly string[] | undefined, b: readonly string[] | undefined): readonly string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const shortest = (fragments: readonly string[]) => Math.min(...fragments.map((fragment) => fragment.length));
  const byLength = shortest(a) - shortest(b);
  if (byLength !== 0) return byLength > 0 ? a : b;
  return a.length <= b.length ? a : b;
}

function sequence(items: readonly Info[]): Info {
  // The exact strings of the run of exact items so far, and the best fragments of what came before it.
  let run: readonly string[] = [''];
  let best: readonly string[] | undefined;
  let whole = true;
  for (const item of items) {
    if ('exact' in item && run.length * item.exact.length <= MAX_EXACT) {
      run = run.flatMap((prefix) => item.exact.map((suffix) => prefix + suffix));
      continue;
    }
    whole = false;
    best = better(best, fragmentsOf({ exact: run }));
    if ('exact' in item) {
      run = item.exact;
    } else {
      best = better(best, item.any);
      run = [''];
    }
  }
  return whole ? { exact: run } : { any: better(best, fragmentsOf({ exact: run })) };
}

function alternation(items: readonly Info[]): Info {
  if (items.every((item) => 'exact' in item)) {
    const exact = [...new Set(items.flatMap((item) => ('exact' in item ? item.exact : [])))];
    if (exact.length <= MAX_EXACT) return { exact };
  }
  const any: string[] = [];
  for (const item of items) {
    const fragments = fragmentsOf(item);
    if (fragments === undefined) return UNKNOWN;
    any.push(...fragments);
  }
  return { any };
}

function repeated(item: Info, min: number, max: number): Info {
  if (min === 1 && max === 1) return item;
  if (min === 0) return max === 1 && 'exact' in item ? { exact: [...new Set(['', ...item.exact])] } : UNKNOWN;
  return { any: fragmentsOf(item) };
}

/**
 * A character that matches, case-insensitively, only characters that lower-case to its own lower
 * case: ASCII (a non-ASCII character never matches an ASCII one under /i without /u), or a
 * character without case such as a Han or kana character.
 */
function literal(char: string): Info {
  const code = char.charCodeAt(0);
  if (code < 0x80 || (char.toLowerCase() === char && char.toUpperCase() === char)) return { exact: [char.toLowerCase()] };
  return UNKNOWN;
}

const SYNTAX_ESCAPES = new Set(['\\', '/', '.', '-', '(', ')', '[', ']', '{', '}', '|', '?', '*', '+', '^', '$', ' ', "'", '"', '#', '<', '>', ',', ':', '@', '%', '&', '!', '=', '`', '~', ';', '_']);
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  done(): boolean {
    return this.at === this.source.length;
  }

  disjunction(): Info {
    const alternatives = [this.alternative()];
    while (this.source[this.at] === '|') {
      this.at++;
      alternatives.push(this.alternative());
    }
    return alternatives.length === 1 ? alternatives[0] : alternation(alternatives);
  }

  private alternative(): Info {
    const terms: Info[] = [];
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const atom = this.atom();
      terms.push(this.quantified(atom));
    }
    return sequence(terms);
  }

  private quantified(atom: Info): Info {
    const char = this.source[this.at];
    let min: number;
    let max: number;
    if (char === '?' || char === '*' || char === '+') {
      this.at++;
      min = char === '+' ? 1 : 0;
      max = char === '?' ? 1 : Infinity;
    } else if (char === '{') {
      const braces = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (braces === null) return this.fail();
      this.at += braces[0].length;
      min = Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
    } else {
      return atom;
    }
    if (this.source[this.at] === '?') this.at++;
    return repeated(atom, min, max);
  }

  private atom(): Info {
    const char = this.source[this.at];
    switch (char) {
      case '^':
      case '$':
        this.at++;
        return EMPTY;
      case '.':
        this.at++;
        return UNKNOWN;
      case '[':
        return this.characterClass();
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
        return this.fail();
      default:
        this.at++;
        return literal(char);
    }
  }

  private group(): Info {
    this.at++;
    let lookaround = false;
    if (this.source.startsWith('?:', this.at)) this.at += 2;
    else if (/^\?<?[=!]/.test(this.source.slice(this.at, this.at + 3))) {
      lookaround = true;
      this.at += this.source[this.at + 1] === '<' ? 3 : 2;
    } else if (this.source[this.at] === '?') {
      const named = /^\?<[A-Za-z_$][\w$]*>/.exec(this.source.slice(this.at));
      if (named === null) return this.fail();
      this.at += named[0].length;
    }
    const inner = this.disjunction();
    if (this.source[this.at] !== ')') return this.fail();
    this.at++;
    // A lookaround consumes nothing; what it looks at need not be part of the match.
    return lookaround ? EMPTY : inner;
  }

  private characterClass(): Info {
    const end = this.classEnd(this.at + 1);
    if (end === -1) return this.fail();
    this.at = end + 1;
    return UNKNOWN;
  }

  /** The index of the `]` closing a class whose body starts at `from`, or -1. */
  private classEnd(from: number): number {
    let at = from;
    if (this.source[at] === '^') at++;
    if (this.source[at] === ']') at++;
    for (; at < this.source.length; at++) {
      if (this.source[at] === '\\') at++;
      else if (this.source[at] === ']') return at;
    }
    return -1;
  }

  private escape(): Info {
    const next = this.source[this.at + 1];
    if (next === undefined) return this.fail();
    this.at += 2;
    if (next === 'b' || next === 'B') return EMPTY;
    if (CLASS_ESCAPES.has(next)) return UNKNOWN;
    if (next === 'n') return { exact: ['\n'] };
    if (next === 't') return { exact: ['\t'] };
    if (SYNTAX_ESCAPES.has(next)) return literal(next);
    // Back-references, \p (a letter p without /u), \c, \x, \u, \0: not worth reading exactly.
    return UNKNOWN;
  }

  /** Stops the parse: the pattern is read as unknown. */
  private fail(): Info {
    this.at = this.source.length + 1;
    return UNKNOWN;
  }
}
