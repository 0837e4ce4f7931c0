import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { editGates, type EditContext } from '../../src/core/gates/editGates';
import type { GateInput, QualityGate } from '../../src/core/gates/gates';
import { ScriptErrorFinder, type ScriptCheck, type ScriptChecker, type ScriptOptions } from '../../src/core/gates/scriptErrors';
import { WorkerScriptChecker } from '../../src/node/workerScriptChecker';

const TYPESCRIPT = require.resolve('typescript');
/** What VS Code's TypeScript uses for a file outside any project (its implicit project settings). */
const LOOSE_FILE: ScriptOptions = { module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2024', jsx: 'react-jsx', allowJs: true, strict: true };
const CART = 'export function cartTotal(prices: number[]): number {\n  let total = 0;\n  for (const price of prices) total += price;\n  return total;\n}\n';
const SELECTED = CART.trimEnd();

const readLibraries: string[] = [];
const finder = new ScriptErrorFinder(ts, (fileName) => {
  readLibraries.push(fileName);
  try {
    return readFileSync(join(dirname(TYPESCRIPT), fileName), 'utf8');
  } catch {
    return undefined;
  }
});
const inThisThread: ScriptChecker = { errorsIn: (check) => Promise.resolve(finder.errorsIn(check)) };
const whole = (text: string, language: ScriptCheck['language'] = 'typescript'): ScriptCheck => ({ language, text, start: 0, end: text.length, options: LOOSE_FILE });

function editOf(text: string, selected: string, languageId = 'typescript'): EditContext {
  const start = text.indexOf(selected);
  return { languageId, text, start, end: start + selected.length };
}
function answer(code: string | undefined): GateInput {
  return {
    code,
    text: code === undefined ? 'no code' : `\`\`\`\n${code}\n\`\`\``,
    kind: 'edit',
    finish: 'stop',
    task: { instruction: 'Make the parameter readonly', code: SELECTED },
    decision: { route: 'local', category: 'types', score: 0.1, reasons: [], promptTokens: 40 },
  };
}
const gate = (gates: QualityGate[], name: string): QualityGate => {
  const found = gates.find((candidate) => candidate.name === name);
  assert.ok(found !== undefined, `no gate "${name}"`);
  return found;
};

/** The first check parses TypeScript's library files: seconds, more on a busy machine. */
const FIRST_CHECK_MS = 60_000;

describe('TypeScript errors in a copy of a file', function () {
  this.timeout(FIRST_CHECK_MS);
  it('reports syntax and type errors, each only within the range asked about', () => {
    const text = 'const a: number = "one";\nconst b = a +;\n';
    const typeError = finder.errorsIn(whole(text));
    assert.equal(typeError.length, 2, typeError.join('\n'));
    assert.match(typeError.join('\n'), /not assignable to type 'number'/);
    const secondLine = text.indexOf('const b');
    assert.deepEqual(finder.errorsIn({ ...whole(text), start: secondLine, end: text.length }), ['Expression expected.']);
    assert.deepEqual(finder.errorsIn({ ...whole(text), start: 0, end: text.indexOf('\n') }), ['Type \'string\' is not assignable to type \'number\'.']);
  });

  it('says nothing about what a lone copy cannot see: other files, packages, their types', () => {
    const text = "import { helper } from './helper';\nimport express from 'express';\nexport const port = process.env.PORT;\nexport const value: number = helper(express);\n";
    assert.deepEqual(finder.errorsIn(whole(text)), []);
  });

  it('checks JavaScript as the editor does: syntax errors, and type errors only with checkJs', () => {
    const text = 'let count = 1;\ncount = "two";\nconst broken = (;\n';
    assert.deepEqual(finder.errorsIn(whole(text, 'javascript')), ['Expression expected.']);
    assert.equal(finder.errorsIn({ ...whole(text, 'javascript'), options: { ...LOOSE_FILE, checkJs: true } }).length, 2);
  });

  it('reads no file but TypeScript’s own library files, whatever the copy references', () => {
    readLibraries.length = 0;
    const text = '/// <reference path="../../../../etc/passwd" />\n/// <reference path="/llm-router-lib/../etc/hosts" />\n/// <reference path="/llm-router-lib/keys/lib.d.ts" />\n/// <reference lib="../../../etc/shadow" />\nexport const a = 1;\n';
    finder.errorsIn(whole(text));
    assert.ok(readLibraries.every((name) => /^lib(\.[\w-]+)*\.d\.ts$/.test(name)), readLibraries.join(', '));
  });
});

describe('the editor’s checks of an edit', () => {
  it('fails an edit that adds a type error, quoting it, and passes the same edit done right', async () => {
    const gates = editGates(editOf(CART, SELECTED), inThisThread, LOOSE_FILE);
    const wrong = await gate(gates, 'no new errors').check(answer(SELECTED.replace('let total = 0;', 'let total: string = 0;')));
    assert.equal(wrong.ok, false);
    assert.match(wrong.ok ? '' : wrong.reason, /^the edit adds 2 errors in the edited code \(“Type 'number' is not assignable to type 'string'\.”\)$/);
    const right = await gate(gates, 'no new errors').check(answer(SELECTED.replace('prices: number[]', 'prices: readonly number[]')));
    assert.deepEqual(right, { ok: true });
  });

  it('counts only errors the edit adds: an error already in the selection does not fail it', async () => {
    const broken = CART.replace('return total;', 'return total.;');
    const gates = editGates(editOf(broken, broken.trimEnd()), inThisThread, LOOSE_FILE);
    const stillBroken = broken.trimEnd().replace('prices: number[]', 'prices: readonly number[]');
    assert.deepEqual(await gate(gates, 'no new errors').check(answer(stillBroken)), { ok: true });
  });

  it('passes what it cannot check: no TypeScript, another language, no code', async () => {
    const noTypeScript: ScriptChecker = { errorsIn: () => Promise.resolve(undefined) };
    const wrong = answer(SELECTED.replace('let total = 0;', 'let total: string = 0;'));
    assert.deepEqual(await gate(editGates(editOf(CART, SELECTED), noTypeScript, LOOSE_FILE), 'no new errors').check(wrong), { ok: true });
    assert.deepEqual(await gate(editGates(editOf(CART, SELECTED, 'python'), inThisThread, LOOSE_FILE), 'no new errors').check(wrong), { ok: true });
    assert.deepEqual(await gate(editGates(editOf(CART, SELECTED), inThisThread, LOOSE_FILE), 'no new errors').check(answer(undefined)), { ok: true });
  });

  it('fails an edit that leaves a JSON file unparsable', async () => {
    const json = '{\n  "name": "cart",\n  "version": "1.0.0"\n}\n';
    const gates = editGates(editOf(json, '"version": "1.0.0"', 'json'), inThisThread, LOOSE_FILE);
    assert.deepEqual(await gate(gates, 'parses').check(answer('"version": "1.0.1"')), { ok: true });
    assert.deepEqual(await gate(gates, 'parses').check(answer('"version": "1.0.1",')), { ok: false, reason: 'the edited file is no longer valid JSON' });
  });
});

describe('TypeScript checks on their own thread', function () {
  this.timeout(FIRST_CHECK_MS);
  it('give the same errors as in this thread, and none once disposed', async () => {
    const problems: string[] = [];
    const checker = new WorkerScriptChecker(() => TYPESCRIPT, (message) => problems.push(message));
    try {
      const text = CART.replace('let total = 0;', 'let total: string = 0;');
      assert.deepEqual(await checker.errorsIn(whole(text)), finder.errorsIn(whole(text)));
      assert.deepEqual(await checker.errorsIn(whole(CART)), []);
      assert.deepEqual(problems, []);
    } finally {
      checker.dispose();
    }
    assert.equal(await checker.errorsIn(whole(CART)), undefined, 'a disposed checker checks nothing');
  });

  it('check nothing, and say why once, without a TypeScript to load', async () => {
    const problems: string[] = [];
    const missing = new WorkerScriptChecker(() => undefined, (message) => problems.push(message));
    assert.equal(await missing.errorsIn(whole(CART)), undefined);
    assert.equal(await missing.errorsIn(whole(CART)), undefined);
    assert.deepEqual(problems, ["edits are not checked for TypeScript errors: VS Code's own TypeScript was not found"]);

    const broken = new WorkerScriptChecker(() => '/nowhere/typescript/lib/typescript.js', (message) => problems.push(message));
    assert.equal(await broken.errorsIn(whole(CART)), undefined);
    assert.match(problems.at(-1) ?? '', /^edits are not checked for TypeScript errors: TypeScript could not be loaded from \/nowhere\/typescript\/lib\/typescript\.js: /);
  });

  it('give up on a check that takes too long instead of waiting for it', async () => {
    const checker = new WorkerScriptChecker(() => TYPESCRIPT, () => undefined, { checkMs: 1, idleMs: 60_000 });
    try {
      assert.equal(await checker.errorsIn(whole(CART)), undefined);
    } finally {
      checker.dispose();
    }
  });
});
