import { secretNameKind, type SecretNameKind } from './secretNames';
import { LiteralScan, type LiteralHit, type ScannedLiteral } from './literalScan';
import { entropy, looksLikePlaceholder } from './placeholders';

/** What was found and where; never the value itself (findings are shown, logged and stored). */
export interface CredentialFinding {
  /** Completes "the text contains …": `a password assigned to DB_PASSWORD`. */
  readonly what: string;
  /** 1-based. */
  readonly line: number;
}

export interface ScanContext {
  /** The editor's language id or the CLI's guess from the extension: decides whether an unquoted value is a literal. */
  readonly language?: string;
  readonly path?: string;
}

/**
 * Finds the first thing in `text` that looks like a real credential: a known token shape (keys,
 * tokens, JWTs, private keys, connection strings with a password), a Kubernetes Secret with data,
 * or a literal assigned to a secret-like name in code or in a config format (.env, YAML, TOML,
 * JSON, INI, properties, .npmrc, .pypirc, XML). Placeholders, references to the environment,
 * templates and type declarations are not credentials. Linear in the text: one pass finds the
 * places where a shape or a secret-like name can start, every regex here is anchored on such a
 * place and bounded, and each candidate is checked on its own line. A shape anywhere is reported
 * before a connection string, a Secret manifest or an assignment.
 */
export function findCredential(text: string, context: ScanContext = {}): CredentialFinding | undefined {
  const scanned = scan(text, readingOf(context));
  const found = scanned.shape ?? findConnectionString(text) ?? findKubernetesSecret(text) ?? scanned.assignment;
  return found === undefined ? undefined : { what: found.what, line: lineOf(text, found.index) };
}

interface Anchor extends ScannedLiteral {
  readonly kind: 'shape' | 'name';
}

/**
 * The first known shape, else (searched in the same pass until one is found) the first literal
 * assigned to a secret-like name. A hit inside the anchor or the name just checked is skipped.
 */
function scan(text: string, reading: ValueReading): { shape?: Hit; assignment?: Hit } {
  const kinds = new Map<string, SecretNameKind | undefined>();
  let assignment: Hit | undefined;
  let shapesFrom = 0;
  let namesFrom = 0;
  for (let hit = ANCHORS.next(text, 0); hit !== undefined; hit = ANCHORS.next(text, hit.index + 1)) {
    if (hit.literal.kind === 'shape') {
      if (hit.index < shapesFrom) continue;
      shapesFrom = hit.index + hit.literal.text.length;
      const shape = shapeAt(text, hit);
      if (shape !== undefined) return { shape };
    } else if (assignment === undefined && hit.index >= namesFrom) {
      const checked = assignmentAt(text, hit, reading, kinds);
      namesFrom = checked.end;
      assignment = checked.hit;
    }
  }
  return assignment === undefined ? {} : { assignment };
}

interface Hit {
  readonly what: string;
  readonly index: number;
}

// ─── Known shapes ────────────────────────────────────────────────────────────────────────────

interface Shape {
  readonly what: string;
  /** Matched at the anchor's position (sticky); group 1, when present, is checked for a placeholder. */
  readonly pattern: RegExp;
  /** A random body has letters of both cases and digits; kebab-case words do not. */
  readonly mixed?: boolean;
}

const SHAPES: readonly { readonly anchor: RegExp; readonly shape: Shape }[] = [
  { anchor: /^-----BEGIN /, shape: { what: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----[^]{0,300}?[A-Za-z0-9+/]{40}/y } },
  { anchor: /^PuTTY-User-Key-File-/, shape: { what: 'a private key', pattern: /PuTTY-User-Key-File-\d: [^]{0,300}?Private-Lines: \d+/y } },
  { anchor: /^A(?:KIA|SIA|BIA|CCA)/, shape: { what: 'an AWS access key', pattern: /A(?:KIA|SIA|BIA|CCA)([0-9A-Z]{16})(?![0-9A-Za-z])/y } },
  { anchor: /^sk-/, shape: { what: 'an API key', pattern: /sk-(?:ant-(?:api|admin)\d\d-|proj-|svcacct-|ant-)?([A-Za-z0-9_-]{20,})/y, mixed: true } },
  { anchor: /^gh[pousr]_/, shape: { what: 'a GitHub token', pattern: /gh[pousr]_([A-Za-z0-9]{36,})/y } },
  { anchor: /^github_pat_/, shape: { what: 'a GitHub token', pattern: /github_pat_([A-Za-z0-9_]{40,})/y } },
  { anchor: /^glpat-/, shape: { what: 'a GitLab token', pattern: /glpat-([A-Za-z0-9_-]{20,})/y } },
  { anchor: /^xox[abposre]-/, shape: { what: 'a Slack token', pattern: /xox[abposre]-((?:[A-Za-z0-9]+-){1,}[A-Za-z0-9]{6,})/y } },
  { anchor: /^hooks\.slack\.com/, shape: { what: 'a Slack webhook', pattern: /hooks\.slack\.com\/services\/(T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})/y } },
  { anchor: /^AIza/, shape: { what: 'a Google API key', pattern: /AIza([0-9A-Za-z_-]{35})/y } },
  { anchor: /^eyJ/, shape: { what: 'a JSON Web Token', pattern: /eyJ[A-Za-z0-9_-]{10,}\.(eyJ[A-Za-z0-9_-]{10,})\.[A-Za-z0-9_-]{10,}/y } },
  { anchor: /^[sr]k_(?:live|test)_/, shape: { what: 'a Stripe key', pattern: /[sr]k_(?:live|test)_([A-Za-z0-9]{16,})/y } },
  { anchor: /^npm_/, shape: { what: 'an npm token', pattern: /npm_([A-Za-z0-9]{36})(?![A-Za-z0-9])/y } },
  { anchor: /^pypi-/, shape: { what: 'a PyPI token', pattern: /pypi-(Ag[A-Za-z0-9_-]{60,})/y } },
  { anchor: /^SG\./, shape: { what: 'a SendGrid key', pattern: /SG\.([A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})/y } },
];

/** Where a known shape can start. */
const SHAPE_ANCHORS = [
  '-----BEGIN ', 'PuTTY-User-Key-File-', 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'sk-', ...[...'pousr'].map((kind) => `gh${kind}_`), 'github_pat_', 'glpat-',
  ...[...'abposre'].map((kind) => `xox${kind}-`), 'hooks.slack.com', 'AIza', 'eyJ', 'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'npm_', 'pypi-', 'SG.',
];

/** The known shape starting at an anchor, if it is one there. */
function shapeAt(text: string, hit: LiteralHit<Anchor>): Hit | undefined {
  const { index } = hit;
  const anchor = hit.literal.text;
  // A token starts a word: "task-" or "desk-" are not "sk-".
  if (anchor !== '-----BEGIN ' && anchor !== 'hooks.slack.com' && /[A-Za-z0-9]/.test(text[index - 1] ?? '')) return undefined;
  const entry = SHAPES.find((candidate) => candidate.anchor.test(anchor));
  if (entry === undefined) return undefined;
  const { shape } = entry;
  shape.pattern.lastIndex = index;
  const found = shape.pattern.exec(text);
  if (found === null) return undefined;
  const body = found[1] ?? found[0];
  if (looksLikePlaceholder(body) || /example/i.test(found[0])) return undefined;
  if (shape.mixed === true && !(/[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9]/.test(body))) return undefined;
  return { what: shape.what, index };
}

/** Searched on its own: indexOf finds "://" faster than one more literal in the pass. */
function findConnectionString(text: string): Hit | undefined {
  for (let index = text.indexOf('://'); index !== -1; index = text.indexOf('://', index + 3)) {
    const hit = connectionString(text, index);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** `postgres://app:Sup3rS3cret@db:5432/shop`, `https://user:token@git.example.org`. */
function connectionString(text: string, colonIndex: number): Hit | undefined {
  let start = colonIndex;
  while (start > 0 && /[A-Za-z0-9+.-]/.test(text[start - 1] ?? '') && colonIndex - start < 32) start--;
  if (start === colonIndex || !/[A-Za-z]/.test(text[start] ?? '')) return undefined;
  const found = /([^\s:/@'"`<>]{1,128}):([^\s@'"`<>/]{1,256})@[A-Za-z0-9[]/y;
  found.lastIndex = colonIndex + 3;
  const match = found.exec(text);
  if (match === null) return undefined;
  const password = match[2] ?? '';
  if (password.length < 3 || looksLikePlaceholder(password)) return undefined;
  return { what: 'a connection string with a password', index: start };
}

// ─── Kubernetes Secrets ──────────────────────────────────────────────────────────────────────

const KUBERNETES_SECRET = /^\s*kind:\s*["']?Secret["']?\s*$|"kind"\s*:\s*"Secret"/m;
const YAML_DATA_BLOCK = /^([ \t]*)(?:data|stringData):[ \t]*\r?\n((?:\1[ \t]+[^\n]*\r?\n?)+)/gm;
const JSON_DATA_ENTRY = /"(?:data|stringData)"\s*:\s*\{\s*"[^"\n]{1,253}"\s*:\s*"([^"\n]*)"/g;

/** A Secret manifest carries its values under `data` (base64) or `stringData`, whatever the keys are called. */
function findKubernetesSecret(text: string): Hit | undefined {
  if (!text.includes('Secret')) return undefined;
  const kind = KUBERNETES_SECRET.exec(text);
  if (kind === null) return undefined;
  YAML_DATA_BLOCK.lastIndex = 0;
  for (let block = YAML_DATA_BLOCK.exec(text); block !== null; block = YAML_DATA_BLOCK.exec(text)) {
    for (const line of (block[2] ?? '').split('\n')) {
      const entry = /^\s*[\w.-]{1,253}:\s*["']?([^"'\s#]+)/.exec(line);
      if (entry?.[1] !== undefined && !looksLikePlaceholder(entry[1])) return { what: 'the data of a Kubernetes Secret', index: block.index };
    }
  }
  JSON_DATA_ENTRY.lastIndex = 0;
  for (let entry = JSON_DATA_ENTRY.exec(text); entry !== null; entry = JSON_DATA_ENTRY.exec(text)) {
    if (entry[1] !== undefined && entry[1] !== '' && !looksLikePlaceholder(entry[1])) return { what: 'the data of a Kubernetes Secret', index: entry.index };
  }
  return undefined;
}

// ─── Literals assigned to secret-like names ──────────────────────────────────────────────────

/** Where a secret-like name can be (any case): each hit is widened to the whole name and checked on its line. */
const NAME_HINTS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential', 'bearer', 'cookie', 'private', 'signature', 'salt', 'seed', 'cert', 'hmac', 'pin', 'dsn'];
/** A line longer than this (minified code) is looked at only this far around the name. */
const LINE_WINDOW = 400;

const ANCHORS = new LiteralScan<Anchor>([...SHAPE_ANCHORS.map((text) => ({ text, kind: 'shape' as const })), ...NAME_HINTS.map((text) => ({ text, kind: 'name' as const, ignoreAsciiCase: true }))]);

/** The name around a hint, widened; `hit` when a literal is assigned to it. `end`: where the name ends (later hints before it are part of it). */
function assignmentAt(text: string, hint: LiteralHit<Anchor>, reading: ValueReading, kinds: Map<string, SecretNameKind | undefined>): { end: number; hit?: Hit } {
  let start = hint.index;
  while (start > 0 && hint.index - start < 80 && isNameChar(text.charCodeAt(start - 1))) start--;
  let end = hint.index + hint.literal.text.length;
  while (end < text.length && end - start < 120 && isNameChar(text.charCodeAt(end))) end++;
  const nameEnd = end;
  // Most hits in code (`keys.map(`, `(token)`) give the name no value: the cheap test first.
  if (!mayAssign(text, end, reading)) return { end: nameEnd };
  while (start < end && isTrimmed(text.charCodeAt(start))) start++;
  while (end > start && isTrimmed(text.charCodeAt(end - 1))) end--;
  const name = text.slice(start, end);
  let kind = kinds.get(name);
  if (!kinds.has(name)) kinds.set(name, (kind = secretNameKind(name)));
  if (kind === undefined) return { end: nameEnd };
  const value = assignedValue(text, start, end, name, reading);
  if (value === undefined) return { end: nameEnd };
  if (value.quoted ? isSecretLiteral(value.text, kind, name) : reading.bareValues && isUnquotedSecret(value.text, kind, name)) {
    return { end: nameEnd, hit: { what: `${kind === 'password' ? 'a password' : 'a secret'} assigned to ${name}`, index: start } };
  }
  return { end: nameEnd };
}

/** [A-Za-z0-9_.-] */
function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45;
}

function isTrimmed(code: number): boolean {
  return code === 46 || code === 45;
}

/** Whether what follows the name can start a value: an operator, a closing quote, `>`, or a space (SQL, .netrc). */
function mayAssign(text: string, end: number, reading: ValueReading): boolean {
  let at = end;
  while (at < text.length && at - end < 4) {
    const char = text[at];
    if (char === '"' || char === "'" || char === '`' || char === ']') at++;
    else break;
  }
  while (text[at] === ' ' || text[at] === '\t') at++;
  const next = text[at];
  if (next === '=' || next === ':' || next === ',' || next === '?') return true;
  if (text[end] === '>') return true;
  return at > end && (next === '"' || next === "'" || reading.spaceAssigns);
}

interface AssignedValue {
  readonly text: string;
  /** Quoted, or otherwise a literal whatever the language (a connection string's `Password=…;`). */
  readonly quoted: boolean;
}

/**
 * The value bound to the name at `start`–`end`: after `=`, `:`, `:=`, `=>`, `?=`; after `,` in a
 * call (`set("password", "…")`); inside XML (`<password>…</password>`); after a space before a
 * quote (SQL `PASSWORD '…'`) or anywhere in a .netrc. Undefined when the name is not given a
 * value here.
 */
function assignedValue(text: string, start: number, end: number, name: string, reading: ValueReading): AssignedValue | undefined {
  const lineEnd = Math.min(indexOrEnd(text, '\n', end), end + LINE_WINDOW);
  const before = text[start - 1] ?? '';
  let at = end;
  // The name's closing quote or bracket: "password": / ['password'] = / ("password", …).
  while (at < lineEnd && /["'`\]]/.test(text[at] ?? '')) at++;
  const afterName = at;
  while (at < lineEnd && (text[at] === ' ' || text[at] === '\t')) at++;
  const rest = text.slice(at, lineEnd);
  const operator = /^(?::=|=>|\?=|=(?!=)|:(?![:/])|,)/.exec(rest)?.[0];
  if (operator === ',') {
    // Only a call's first argument: set("password", "…"), not the next item of a list.
    if (!/["'`]/.test(before) || !/\(\s*$/.test(text.slice(Math.max(0, start - 8), start - 1))) return undefined;
    return valueAt(text, skipBlanks(text, at + 1, lineEnd), lineEnd, true);
  }
  if (operator !== undefined) {
    const valueStart = skipBlanks(text, at + operator.length, lineEnd);
    // Server=…;Password=…; a connection string's parts are literals wherever the string is written.
    if (operator === '=' && before === ';' && afterName === end && valueStart === end + 1) {
      const part = /^[^;"'\s]+/.exec(text.slice(valueStart, lineEnd))?.[0];
      return part === undefined ? undefined : { text: part, quoted: true };
    }
    return valueAt(text, valueStart, lineEnd, false);
  }
  if (before === '<' && text[end] === '>') {
    const close = text.indexOf('<', end + 1);
    return close === -1 || close > lineEnd ? undefined : { text: text.slice(end + 1, close), quoted: true };
  }
  if (at > afterName && (reading.spaceAssigns || (/^password$/i.test(name) && /^["']/.test(rest)))) return valueAt(text, at, lineEnd, false);
  return undefined;
}

function skipBlanks(text: string, at: number, lineEnd: number): number {
  while (at < lineEnd && (text[at] === ' ' || text[at] === '\t')) at++;
  return at;
}

function valueAt(text: string, at: number, lineEnd: number, mustBeQuoted: boolean): AssignedValue | undefined {
  let open = text[at];
  // Python's f"…", b"…", r"…": an f-string with a field is a template, caught as one below.
  if (open !== undefined && /[fbruFBRU]/.test(open) && /["']/.test(text[at + 1] ?? '')) {
    at++;
    open = text[at];
  }
  if (open === '"' || open === "'" || open === '`') {
    let close = at + 1;
    while (close < lineEnd && text[close] !== open) close += text[close] === '\\' ? 2 : 1;
    // An unclosed quote runs on to the next line (a multi-line string): not a one-line literal.
    if (close >= lineEnd) return undefined;
    return { text: text.slice(at + 1, close), quoted: true };
  }
  if (mustBeQuoted) return undefined;
  // An HTTP authorization value: the scheme, then the credential.
  const scheme = /^(?:Bearer|Basic|Token|Digest)[ \t]+(?=\S)/i.exec(text.slice(at, lineEnd))?.[0];
  if (scheme !== undefined) at += scheme.length;
  const unquoted = /^[^\s;,)}\]]+/.exec(text.slice(at, lineEnd))?.[0];
  return unquoted === undefined ? undefined : { text: unquoted, quoted: false };
}

const MIN_PASSWORD_LENGTH = 6;
const MIN_SECRET_LENGTH = 8;
/** Names such as `key` or `signature` count only with a value this long and random. */
const MIN_WEAK_LENGTH = 20;
const MIN_WEAK_ENTROPY = 3.5;

function isSecretLiteral(value: string, kind: SecretNameKind, name: string): boolean {
  if (looksLikePlaceholder(value, name)) return false;
  if (kind === 'password') return value.length >= MIN_PASSWORD_LENGTH && !isProse(value);
  if (kind === 'secret') return value.length >= MIN_SECRET_LENGTH && !isProse(value) && (hasDigitOrSymbol(value) || value.length >= 16);
  return value.length >= MIN_WEAK_LENGTH && !/\s/.test(value) && entropy(value) >= MIN_WEAK_ENTROPY && hasDigitOrSymbol(value) && /[A-Za-z]/.test(value);
}

/** Words that, first in an unquoted value, make it a type, a keyword or a reference rather than a literal. */
const NOT_A_LITERAL = new Set([
  'string', 'str', 'text', 'number', 'int', 'integer', 'bool', 'boolean', 'bytes', 'byte', 'char', 'varchar', 'option', 'optional', 'secretstr', 'secretstring',
  'secret', 'password', 'any', 'unknown', 'object', 'dict', 'list', 'array', 'map', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'on', 'off',
  'void', 'never', 'uuid', 'date', 'datetime', 'double', 'float', 'long', 'short', 'new', 'await', 'function', 'lambda', 'this', 'self', 'required', 'readonly',
]);

function isUnquotedSecret(value: string, kind: SecretNameKind, name: string): boolean {
  const first = /^([A-Za-z_]+)(?![A-Za-z0-9])/.exec(value)?.[1]?.toLowerCase();
  if (first !== undefined && NOT_A_LITERAL.has(first)) return false;
  // A block, a list, a YAML tag, anchor, alias or block scalar; a call, an index, a generic type; a member chain.
  if (/^[{[(!&*|>]/.test(value) || /[([<]/.test(value) || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  // camelCase or PascalCase and nothing else is an identifier: `password: userPassword`.
  if (/^[A-Za-z]+$/.test(value) && /[a-z][A-Z]/.test(value)) return false;
  if (/^\d+$/.test(value) && value.length < 12) return false;
  return isSecretLiteral(value, kind, name);
}

function isProse(value: string): boolean {
  return /\s\S*\s/.test(value.trim());
}

function hasDigitOrSymbol(value: string): boolean {
  return /[0-9]|[^A-Za-z0-9\s]/.test(value);
}

/** Languages whose values need quotes to be literals; in config formats, plain text and prose, a bare value is one. */
const CODE_LANGUAGES = new Set([
  'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go', 'rust', 'java', 'kotlin', 'csharp', 'ruby', 'php', 'c', 'cpp', 'swift', 'scala',
  'lua', 'dart', 'objective-c', 'objective-cpp', 'fsharp', 'vb', 'perl', 'r', 'julia', 'elixir', 'erlang', 'haskell', 'clojure', 'groovy', 'vue', 'svelte',
]);
const CONFIG_FILE = /(?:^|[/\\])(?:\.env[^/\\]*|\.npmrc|\.pypirc|\.netrc|\.htpasswd|[^/\\]+\.(?:ya?ml|toml|ini|cfg|conf|properties|env|tfvars))$/i;

/** How values are written in the text being scanned. */
interface ValueReading {
  /** A bare value is a literal (config formats, shell, prose), not an identifier (code). */
  readonly bareValues: boolean;
  /** `password hunter2` assigns (.netrc). */
  readonly spaceAssigns: boolean;
}

function readingOf(context: ScanContext): ValueReading {
  const configFile = context.path !== undefined && CONFIG_FILE.test(context.path);
  return {
    bareValues: configFile || context.language === undefined || !CODE_LANGUAGES.has(context.language.toLowerCase()),
    spaceAssigns: context.path !== undefined && /(?:^|[/\\])[._]netrc$/i.test(context.path),
  };
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index === -1 ? text.length : index;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
