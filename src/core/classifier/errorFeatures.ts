/**
 * What a pasted traceback, panic or compiler error says: whether there is one, which exception,
 * whether it points at a line, and whether that exception is one whose cause usually shows at
 * that line (an IndexError) or one that hides it (a deadlock, a segfault, a timeout).
 */
export interface PastedError {
  readonly kind: 'traceback' | 'panic' | 'compiler' | 'error-line';
  /** The exception or error name, e.g. IndexError, NullPointerException, E0382. */
  readonly name?: string;
  /** A file and line (or line:column) is given. */
  readonly located: boolean;
  readonly obvious: boolean;
  readonly hard: boolean;
}

const TRACEBACK = /Traceback \(most recent call last\)|^\s+at [\w$.<>]+ ?\(.*:\d+(:\d+)?\)\s*$|^\s+at [\w$.<>/\\-]+:\d+:\d+\s*$|Exception in thread "|^\s+at [\w$.]+\([\w$]+\.(java|kt|scala):\d+\)/m;
const PANIC = /^panic: |panicked at|^fatal error: |^goroutine \d+ \[|SIGSEGV|Segmentation fault|^thread '[^']*' has overflowed/m;
const COMPILER = /\berror\[E\d{4}\]|\berror TS\d{4}\b|\b(CS|C)\d{4}\b:|:\d+:\d+: (fatal )?error:|^error: |cannot find symbol|undefined reference to|is not assignable to|mismatched types|expected [^\n]{1,40}, found /m;
const ERROR_LINE = /^\s*(?:[\w.]+\.)?([A-Z]\w*(?:Error|Exception|Fault))\b[:(]|^\s*(?:Uncaught )?(TypeError|ReferenceError|SyntaxError|RangeError)\b|^\s*Error: /m;
const LOCATION = /File "[^"]+", line \d+|\.(py|js|mjs|cjs|ts|tsx|jsx|java|kt|go|rs|rb|cs|php|swift|c|cc|cpp|h|scala|ex|exs|dart|lua):\d+|\bline \d+\b|^\s*-->\s*\S+:\d+/m;
const NAMED = /\b((?:[A-Z][a-z]+)+(?:Error|Exception|Fault))\b|\b(error\[E\d{4}\]|TS\d{4})\b/;

/** Exceptions whose cause is normally visible at the line they point to. */
const OBVIOUS = /\b(IndexError|KeyError|AttributeError|NameError|TypeError|ValueError|ZeroDivisionError|ModuleNotFoundError|ImportError|FileNotFoundError|UnboundLocalError|SyntaxError|IndentationError|NullPointerException|ArrayIndexOutOfBoundsException|IndexOutOfBoundsException|StringIndexOutOfBoundsException|NumberFormatException|ClassCastException|ReferenceError|NoMethodError|ArgumentError|KeyNotFoundException|NullReferenceException|InvalidCastException|FormatException|UnicodeDecodeError|JSONDecodeError)\b|cannot read propert|is not a function|is not defined|index out of range|nil pointer dereference|on a `None` value|undefined method|has no attribute|unexpected token|missing \d+ required|takes \d+ positional|cannot find symbol|not assignable|mismatched types|undefined reference|unused (variable|import)|no such file/i;
/** Failures whose cause is usually elsewhere than the line they surface at. */
const HARD = /deadlock|concurrent map|data race|race detected|ConcurrentModificationException|OutOfMemoryError|heap out of memory|out of memory|SIGSEGV|Segmentation fault|stack overflow|StackOverflowError|TimeoutError|timed out|timeout|connection reset|ClosedPoolError|broken pipe|too many open files|EMFILE|double free|use after free|heap-use-after-free|memory leak|intermittent|flaky/i;

export function readPastedError(code: string): PastedError | undefined {
  if (code === '') return undefined;
  const text = code.length > 20_000 ? code.slice(0, 10_000) + '\n' + code.slice(-10_000) : code;
  const kind = TRACEBACK.test(text) ? 'traceback' : PANIC.test(text) ? 'panic' : COMPILER.test(text) ? 'compiler' : ERROR_LINE.test(text) ? 'error-line' : undefined;
  if (kind === undefined) return undefined;
  const named = NAMED.exec(text);
  const name = named?.[1] ?? named?.[2];
  return { kind, ...(name === undefined ? {} : { name }), located: LOCATION.test(text), obvious: OBVIOUS.test(text), hard: HARD.test(text) };
}

/** "a pasted IndexError traceback with its line" */
export function describePastedError(error: PastedError): string {
  const what = error.kind === 'compiler' ? 'compiler error' : error.kind === 'error-line' ? 'error message' : error.kind;
  const name = error.name === undefined ? '' : `${error.name} `;
  const where = error.located ? ' with its location' : ' without a location';
  return `a pasted ${name}${what}${where}${error.hard ? ', of a kind whose cause is rarely at that line' : error.obvious ? ', of a kind whose cause usually shows there' : ''}`;
}
