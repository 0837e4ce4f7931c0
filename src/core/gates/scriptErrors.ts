import type * as TypeScript from 'typescript';

/** The languages TypeScript checks, as VS Code names them. */
const SCRIPT_EXTENSIONS = { typescript: '.ts', typescriptreact: '.tsx', javascript: '.js', javascriptreact: '.jsx' } as const;

export type ScriptLanguage = keyof typeof SCRIPT_EXTENSIONS;

export function isScriptLanguage(languageId: string): languageId is ScriptLanguage {
  return Object.hasOwn(SCRIPT_EXTENSIONS, languageId);
}

/** Compiler options written as in a tsconfig.json's `compilerOptions` ("target": "ES2024"). */
export type ScriptOptions = Readonly<Record<string, string | boolean>>;

/** One check: the errors TypeScript reports in [start, end] of a copy of a file. */
export interface ScriptCheck {
  readonly language: ScriptLanguage;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly options: ScriptOptions;
}

/** Where the checks run (a worker thread in the editor); undefined when no TypeScript is available. */
export interface ScriptChecker {
  errorsIn(check: ScriptCheck): Promise<readonly string[] | undefined>;
}

/**
 * Errors about what a lone copy cannot see rather than about its code: other files, packages and
 * their types, the project's `lib`. The copy has none of them, so these say nothing about an edit.
 */
const OUT_OF_SIGHT = new Set([
  2307, 2792, 7016, // a module that cannot be found
  2875, 7026, // JSX without the project's React types
  2580, 2591, 2582, 2593, 2867, 2868, // globals from @types/node, test runners, Bun
  2550, 2583, 2584, // a newer or another lib than the copy's
]);

const SCRATCH_DIR = '/llm-router-scratch';
const LIB_DIR = '/llm-router-lib';
/** The only names read through `readLib`: TypeScript's own library files, never a path. */
const LIBRARY_FILE = /^lib(\.[\w-]+)*\.d\.ts$/;

/**
 * Type-checks a copy of one file in memory, as the editor's TypeScript checks a file outside any
 * project: nothing is read from or written to disk but TypeScript's own library files, which are
 * parsed once and shared by every later check.
 */
export class ScriptErrorFinder {
  private readonly libraries = new Map<string, TypeScript.SourceFile>();
  private readonly libraryTexts = new Map<string, string | undefined>();
  private readonly compilerOptions = new Map<string, TypeScript.CompilerOptions>();

  /** `readLib` gives the text of one of TypeScript's library files (`lib.es2024.d.ts`), or undefined. */
  constructor(
    private readonly ts: typeof TypeScript,
    private readonly readLib: (fileName: string) => string | undefined,
  ) {}

  errorsIn(check: ScriptCheck): string[] {
    const { ts } = this;
    const fileName = `${SCRATCH_DIR}/copy${SCRIPT_EXTENSIONS[check.language]}`;
    const options = this.optionsFor(check.options);
    const host: TypeScript.CompilerHost = {
      getSourceFile: (name, version) => (name === fileName ? ts.createSourceFile(name, check.text, version, true) : this.library(name, version)),
      getDefaultLibFileName: (compilerOptions) => `${LIB_DIR}/${ts.getDefaultLibFileName(compilerOptions)}`,
      getDefaultLibLocation: () => LIB_DIR,
      fileExists: (name) => name === fileName || this.libraryText(name) !== undefined,
      readFile: (name) => (name === fileName ? check.text : this.libraryText(name)),
      directoryExists: (name) => name === SCRATCH_DIR || name === LIB_DIR,
      getDirectories: () => [],
      writeFile: () => undefined,
      getCurrentDirectory: () => SCRATCH_DIR,
      getCanonicalFileName: (name) => name,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
    };
    const program = ts.createProgram({ rootNames: [fileName], options, host });
    const file = program.getSourceFile(fileName);
    if (file === undefined) return [];
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
      .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && !OUT_OF_SIGHT.has(diagnostic.code))
      .filter(({ start, length }) => start !== undefined && start <= check.end && start + (length ?? 0) >= check.start)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }

  private optionsFor(json: ScriptOptions): TypeScript.CompilerOptions {
    const key = JSON.stringify(json);
    let options = this.compilerOptions.get(key);
    if (options === undefined) {
      // Options this TypeScript does not know are left out, as its language server leaves them out.
      options = { ...this.ts.convertCompilerOptionsFromJson(json, SCRATCH_DIR).options, noEmit: true, types: [] };
      this.compilerOptions.set(key, options);
    }
    return options;
  }

  private library(name: string, version: TypeScript.ScriptTarget | TypeScript.CreateSourceFileOptions): TypeScript.SourceFile | undefined {
    const target = typeof version === 'object' ? version.languageVersion : version;
    const key = `${target}:${name}`;
    const cached = this.libraries.get(key);
    if (cached !== undefined) return cached;
    const text = this.libraryText(name);
    if (text === undefined) return undefined;
    const file = this.ts.createSourceFile(name, text, version);
    this.libraries.set(key, file);
    return file;
  }

  private libraryText(name: string): string | undefined {
    const fileName = name.slice(LIB_DIR.length + 1);
    if (!name.startsWith(`${LIB_DIR}/`) || !LIBRARY_FILE.test(fileName)) return undefined;
    if (!this.libraryTexts.has(name)) this.libraryTexts.set(name, this.readLib(fileName));
    return this.libraryTexts.get(name);
  }
}
