import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileFor, Ledger, type LedgerProblem } from '../../src/core/ledger/ledger';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { sampleRecord } from '../data/sampleRecord';

describe('ledger', () => {
  let folder: string;
  let problems: LedgerProblem[];
  let ledger: Ledger;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'llm-router-ledger-'));
    problems = [];
    ledger = new Ledger(new NodeLedgerFiles(folder), (problem) => problems.push(problem));
  });

  it('appends one versioned JSON line per record, in a file per month, and reads them back', async () => {
    await Promise.all([ledger.write(sampleRecord('a')), ledger.write(sampleRecord('b')), ledger.write(sampleRecord('c', '2026-10-31T23:59:00.000Z'))]);
    const november = await ledger.readMonth(new Date('2026-11-05T00:00:00Z'));
    assert.deepEqual(
      november.records.map((record) => record.id),
      ['a', 'b'],
    );
    assert.deepEqual(november.problems, []);
    assert.equal((await ledger.readMonth(new Date('2026-10-01T00:00:00Z'))).records[0]?.id, 'c');
    const line = JSON.parse(readFileSync(join(folder, 'ledger-2026-11.jsonl'), 'utf8').split('\n')[0] ?? '') as { v: number };
    assert.equal(line.v, 1);
  });

  it('sets a torn last line aside, reports it, and keeps every neighbour', async () => {
    await ledger.write(sampleRecord('a'));
    appendFileSync(join(folder, fileFor(new Date('2026-11-22'))), '{"v":1,"id":"half-writ');
    const fresh = new Ledger(new NodeLedgerFiles(folder), (problem) => problems.push(problem));
    await fresh.write(sampleRecord('b'));
    const month = await fresh.readMonth(new Date('2026-11-22'));
    assert.deepEqual(
      month.records.map((record) => record.id),
      ['a', 'b'],
    );
    assert.equal(month.problems.length, 1, 'the torn fragment is reported, not silently dropped');
    assert.match(problems[0]?.reason ?? '', /cut off mid-write; kept in ledger-2026-11\.jsonl\.torn/);
    assert.match(readFileSync(join(folder, 'ledger-2026-11.jsonl.torn'), 'utf8'), /half-writ/);
  });

  it('loses at most the record being written when the process is killed mid-append', async () => {
    const script = `
      const { Ledger } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'core', 'ledger', 'ledger.js'))});
      const { NodeLedgerFiles } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'node', 'nodeLedgerFiles.js'))});
      const ledger = new Ledger(new NodeLedgerFiles(${JSON.stringify(folder)}));
      const record = ${JSON.stringify(sampleRecord('x'))};
      let n = 0;
      (async () => { for (;;) { await ledger.write({ ...record, id: 'r' + n++, notes: ['x'.repeat(4000)] }); } })();`;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const month = await ledger.readMonth(new Date('2026-11-22'));
    assert.ok(month.records.length > 10, `${month.records.length} records survived`);
    assert.ok(month.problems.length <= 1, JSON.stringify(month.problems));
    const ids = month.records.map((record) => Number(record.id.slice(1)));
    assert.deepEqual(
      ids,
      ids.map((_, index) => index),
      'every record before the cut is there, in order',
    );
  });

  it('reports a line edited by hand without dropping the others', async () => {
    await ledger.write(sampleRecord('a'));
    appendFileSync(join(folder, 'ledger-2026-11.jsonl'), 'garbage\n');
    await ledger.write(sampleRecord('b'));
    const month = await ledger.readMonth(new Date('2026-11-22'));
    assert.deepEqual(
      month.records.map((record) => record.id),
      ['a', 'b'],
    );
    assert.equal(month.problems[0]?.line, 2);
  });
});
