/**
 * A pattern that matches every text that is the beginning of a match of an anchored pattern
 * (`^…`): the text so far may still become a match once more of it arrives. Made from the
 * pattern's own source, so the two cannot drift apart. Only what the source needs is read:
 * characters, escapes, classes, groups, alternation, quantifiers, `^`, `$`, `\b` and negative
 * lookaheads. Anything else (backreferences, positive lookarounds, lookbehinds) cannot be
 * judged on a text cut short: `undefined` then, and the caller must wait for the whole text.
 */
export function beginningsOf(pattern: RegExp): RegExp | undefined {
  if (!pattern.source.startsWith('^')) return undefined;
  try {
    const parser = new Parser(pattern.source.slice(1));
    const tree = parser.alternation();
    if (!parser.atEnd()) return undefined;
    return new RegExp(`^(?:${beginning(tree)})`, pattern.flags.replace(/[gy]/g, ''));
  } catch {
    return undefined;
  }
}

type Node =
  | { readonly kind: 'alternation'; readonly options: readonly Node[] }
  | { readonly kind: 'sequence'; readonly items: readonly Node[] }
  | { readonly kind: 'repeat'; readonly item: Node; readonly min: number; readonly max: number }
  /** One character of input: a literal, an escape, a class or `.`, as written. */
  | { readonly kind: 'character'; readonly source: string }
  /** Consumes nothing: `$`, `\b`, `\B`, a negative lookahead. */
  | { readonly kind: 'assertion'; readonly source: string };

/** The text of `node` followed by the end of the input: a beginning of a match of it, whole or cut anywhere. */
function beginning(node: Node): string {
  switch (node.kind) {
    case 'character':
      return `(?:${node.source})?$`;
    case 'assertion':
      // Cut here, nothing after it is known yet, so it may still hold; else it is judged on what follows.
      return '$';
    case 'alternation':
      return `(?:${node.options.map(beginning).join('|')})`;
    case 'repeat': {
      const whole = full(node.item);
      const before = node.max === Infinity ? `(?:${whole})*` : node.max > 1 ? `(?:${whole}){0,${node.max - 1}}` : '';
      return `${before}${beginning(node.item)}`;
    }
    case 'sequence': {
      let out = '$';
      for (let index = node.items.length - 1; index >= 0; index--) {
        const item = node.items[index];
        // Cut before a character or an assertion, or after it (then the rest's beginning, which may be empty).
        out = item.kind === 'character' || item.kind === 'assertion' ? `(?:$|${full(item)}${out})` : `(?:${beginning(item)}|${full(item)}${out})`;
      }
      return out;
    }
  }
}

/** The pattern of `node` as it was. */
function full(node: Node): string {
  switch (node.kind) {
    case 'character':
    case 'assertion':
      return node.source;
    case 'alternation':
      return `(?:${node.options.map(full).join('|')})`;
    case 'sequence':
      return node.items.map(full).join('');
    case 'repeat':
      return `(?:${full(node.item)}){${node.min},${node.max === Infinity ? '' : node.max}}`;
  }
}

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  atEnd(): boolean {
    return this.at >= this.source.length;
  }

  alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0]) : { kind: 'alternation', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (!this.atEnd() && this.peek() !== '|' && this.peek() !== ')') items.push(this.quantified(this.atom()));
    return { kind: 'sequence', items };
  }

  private quantified(item: Node): Node {
    let node = item;
    for (;;) {
      const next = this.peek();
      let bounds: { min: number; max: number } | undefined;
      if (next === '*') bounds = { min: 0, max: Infinity };
      else if (next === '+') bounds = { min: 1, max: Infinity };
      else if (next === '?') bounds = { min: 0, max: 1 };
      else if (next === '{') {
        const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
        if (match === null) throw new Error('a brace that is no quantifier');
        const min = Number(match[1]);
        bounds = { min, max: match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]) };
        this.at += match[0].length - 1;
      }
      if (bounds === undefined) return node;
      if (node.kind === 'assertion') throw new Error('a quantified assertion');
      this.at++;
      // Lazy or greedy, the same texts match.
      if (this.peek() === '?') this.at++;
      // At least `min` copies: a text cut short may hold fewer, so only the upper bound tells.
      node = { kind: 'repeat', item: node, min: bounds.min, max: bounds.max };
      if (bounds.max === 0) node = { kind: 'sequence', items: [] };
    }
  }

  private atom(): Node {
    const char = this.source[this.at];
    if (char === '(') return this.group();
    if (char === '[') return { kind: 'character', source: this.characterClass() };
    if (char === '\\') return this.escape();
    if (char === '$') {
      this.at++;
      return { kind: 'assertion', source: '$' };
    }
    if (char === '^') throw new Error('an anchor inside the pattern');
    if (char === '*' || char === '+' || char === '?' || char === '{') throw new Error('a quantifier with nothing before it');
    // One code point (the unicode flag reads surrogate pairs as one character).
    const codePoint = String.fromCodePoint(this.source.codePointAt(this.at) as number);
    this.at += codePoint.length;
    return { kind: 'character', source: codePoint === '.' ? '.' : codePoint };
  }

  private group(): Node {
    const rest = this.source.slice(this.at);
    let assertion = false;
    if (rest.startsWith('(?:')) this.at += 3;
    else if (rest.startsWith('(?!')) {
      this.at += 3;
      assertion = true;
    } else if (rest.startsWith('(?')) throw new Error('a lookaround or named group');
    else this.at += 1;
    const start = this.at;
    const inner = this.alternation();
    if (this.peek() !== ')') throw new Error('an unclosed group');
    const innerSource = this.source.slice(start, this.at);
    this.at++;
    if (assertion) return { kind: 'assertion', source: `(?!${innerSource})` };
    return inner;
  }

  private characterClass(): string {
    const start = this.at;
    this.at++;
    if (this.peek() === '^') this.at++;
    if (this.peek() === ']') this.at++;
    while (!this.atEnd() && this.peek() !== ']') this.at += this.peek() === '\\' ? 2 : 1;
    if (this.atEnd()) throw new Error('an unclosed class');
    this.at++;
    return this.source.slice(start, this.at);
  }

  private escape(): Node {
    const next = this.source[this.at + 1];
    if (next === undefined) throw new Error('a trailing backslash');
    if (next === 'b' || next === 'B') {
      this.at += 2;
      return { kind: 'assertion', source: `\\${next}` };
    }
    if (/[1-9k]/.test(next)) throw new Error('a backreference');
    const match = /^\\(?:[pP]\{[^}]*\}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[\s\S])/.exec(this.source.slice(this.at));
    const source = (match as RegExpExecArray)[0];
    this.at += source.length;
    return { kind: 'character', source };
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }
}
