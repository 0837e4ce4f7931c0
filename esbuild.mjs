// Builds the extension host bundle, the CLI, the webview scripts and (with --tests) the test tree.
//   node esbuild.mjs               development build with source maps
//   node esbuild.mjs --production  minified, no source maps (what `vsce package` ships)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --tests       also transpile src/, test/ and bench/ to out/ for mocha and the harness
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Every .ts file below `dir`, recursively. */
function typescriptFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const shared = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/** Leaves main.ts's `import('./commands')` to load dist/cliCommands.js at run time instead of bundling the commands in. */
const commandsApart = {
  name: 'cli-commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands$/ }, (args) => (args.importer.endsWith(join('src', 'cli', 'main.ts')) ? { path: './cliCommands.js', external: true } : undefined));
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...shared,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
  },
  {
    // Tallies a share of a big ledger on its own thread (src/node/parallelReport.ts).
    ...shared,
    entryPoints: ['src/node/reportWorker.ts'],
    outfile: 'dist/reportWorker.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  },
  {
    // Type-checks edits with VS Code's own TypeScript on its own thread (src/node/workerScriptChecker.ts).
    ...shared,
    entryPoints: ['src/node/scriptCheckWorker.ts'],
    outfile: 'dist/scriptCheckWorker.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  },
  {
    // The CLI's entry: usage and dispatch only, so `llm-router --help` evaluates none of the SDKs.
    ...shared,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [commandsApart],
  },
  {
    // The commands with the engine and its clients, loaded by dist/cli.js when a command runs.
    ...shared,
    entryPoints: ['src/cli/commands.ts'],
    outfile: 'dist/cliCommands.js',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  },
];

// The savings panel: its script and stylesheet, and the codicon font the elements use.
builds.push({
  ...shared,
  entryPoints: ['media/src/panel.ts', 'media/src/panel.css'],
  outdir: 'dist/media',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
});
mkdirSync('dist/media', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules', '@vscode', 'codicons', 'dist', file), join('dist', 'media', file));

// The report benchmark and the fresh-process first request run the code bundled as it ships (the report worker beside it).
const BUNDLED_BENCH = [join('bench', 'ledgerAggregateChild.ts'), join('bench', 'firstRequestChild.ts')];

if (tests) {
  rmSync('out', { recursive: true, force: true });
  for (const entry of [...BUNDLED_BENCH, join('src', 'node', 'reportWorker.ts')]) {
    builds.push({ ...shared, minify: false, entryPoints: [entry], outfile: join('out', 'bench', basename(entry).replace(/\.ts$/, '.js')), format: 'cjs', platform: 'node', target: 'node20' });
  }
  builds.push({
    entryPoints: [...typescriptFiles('src'), ...typescriptFiles('test'), ...typescriptFiles('scripts'), ...typescriptFiles('bench').filter((file) => !BUNDLED_BENCH.includes(file))],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Unbundled CommonJS: import() of a project module must become require(), as in the bundle.
    supported: { 'dynamic-import': false },
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[watch] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
