/**
 * The kind of text a task's code is: a programming language, a config format, a diff, a log or
 * prose. The classifier reads structure per kind (nesting means nothing in a diff or YAML).
 */
export type FileKindFamily = 'code' | 'config' | 'diff' | 'log' | 'prose' | 'data' | 'none';

const EXTENSION_KINDS: Readonly<Record<string, string>> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'tsx', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  py: 'python', pyi: 'python', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', kts: 'kotlin', cs: 'csharp', rb: 'ruby', php: 'php',
  swift: 'swift', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', m: 'objective-c', mm: 'objective-c',
  scala: 'scala', sc: 'scala', lua: 'lua', r: 'r', dart: 'dart', ex: 'elixir', exs: 'elixir', erl: 'erlang', hs: 'haskell', jl: 'julia',
  clj: 'clojure', fs: 'fsharp', ml: 'ocaml', pl: 'perl', ps1: 'powershell', psm1: 'powershell', sh: 'shell', bash: 'shell', zsh: 'shell',
  vue: 'vue', svelte: 'svelte', sql: 'sql', graphql: 'graphql', gql: 'graphql', proto: 'proto',
  yaml: 'yaml', yml: 'yaml', json: 'json', jsonc: 'json', toml: 'toml', ini: 'ini', cfg: 'ini', conf: 'conf', config: 'conf', properties: 'properties',
  xml: 'xml', gradle: 'gradle', tf: 'terraform', hcl: 'terraform', tpl: 'template', mk: 'makefile',
  css: 'css', scss: 'css', sass: 'css', less: 'css', html: 'html', htm: 'html',
  md: 'markdown', markdown: 'markdown', rst: 'prose', txt: 'prose', adoc: 'prose', feature: 'gherkin',
  diff: 'diff', patch: 'diff', log: 'log', csv: 'csv', tsv: 'csv',
};

const FILE_NAME_KINDS: Readonly<Record<string, string>> = {
  dockerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile', '.mailmap': 'prose', jenkinsfile: 'groovy', gemfile: 'ruby', rakefile: 'ruby',
};

/** VS Code language ids that name the same kinds differently. */
const LANGUAGE_ID_KINDS: Readonly<Record<string, string>> = {
  typescriptreact: 'tsx', javascriptreact: 'javascript', shellscript: 'shell', plaintext: 'prose', 'objective-cpp': 'objective-c', jsonc: 'json', dockercompose: 'yaml',
};

const FAMILIES: Readonly<Record<string, FileKindFamily>> = {
  yaml: 'config', json: 'config', toml: 'config', ini: 'config', conf: 'config', properties: 'config', xml: 'config', terraform: 'config',
  dockerfile: 'config', makefile: 'config', gradle: 'config', template: 'config',
  diff: 'diff', log: 'log', markdown: 'prose', prose: 'prose', gherkin: 'prose', csv: 'data',
};

/** The kind from a path's file name or extension, if it says. */
export function kindFromPath(path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const byName = FILE_NAME_KINDS[name] ?? (name.startsWith('dockerfile') ? 'dockerfile' : undefined);
  if (byName !== undefined) return byName;
  const dot = name.lastIndexOf('.');
  if (dot === -1) return name === 'conf' ? 'conf' : undefined;
  return EXTENSION_KINDS[name.slice(dot + 1)];
}

const DIFF_START = /^(diff --git |--- a\/|\+\+\+ b\/|@@ -\d)/m;
const LOG_LINE = /^(\s*(Traceback \(most recent call last\)|at [\w$.<>]+[ (]|File "[^"]+", line \d+)|.*\b(Error|Exception|panic|FATAL|fatal|ERROR|WARN)\b[:\]])/m;
const YAML_LINE = /^\s*(- )?[\w.-]+:( |$)/;

/** The kind from the content alone (pasted text with no file): a diff, a log or error output, YAML, code or prose. */
export function sniffKind(text: string): string {
  if (text.trim() === '') return 'none';
  const head = text.length > 4000 ? text.slice(0, 4000) : text;
  if (DIFF_START.test(head)) return 'diff';
  const lines = head.split('\n').filter((line) => line.trim() !== '');
  if (lines.length >= 2 && lines.filter((line) => YAML_LINE.test(line)).length >= lines.length * 0.7 && !/[;{}()]\s*$/m.test(head)) return 'yaml';
  if (LOG_LINE.test(head)) return 'log';
  const codeish = lines.filter((line) => /[;{}()=<>[\]]|^\s{2,}\S|^\s*(def|class|func|fn|function|import|return|const|let|var|if|for)\b/.test(line)).length;
  return codeish >= Math.max(1, lines.length * 0.4) ? 'code' : 'prose';
}

/** The task's kind: its language id, else its path, else its content. */
export function fileKindOf(language: string | undefined, path: string | undefined, code: string): string {
  if (code.trim() === '') return 'none';
  if (language !== undefined && language !== '' && language !== 'other' && language !== 'unknown') return LANGUAGE_ID_KINDS[language] ?? language;
  return kindFromPath(path) ?? sniffKind(code);
}

export function familyOf(kind: string): FileKindFamily {
  if (kind === 'none') return 'none';
  return FAMILIES[kind] ?? 'code';
}
