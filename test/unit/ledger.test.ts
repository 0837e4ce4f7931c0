import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskRecord } from '../../src/core/engine/taskRecord';
import { HeadReader } from '../../src/core/ledger/headReader';
import { factsOfLine, fileFor, Ledger, lineOf, type LedgerProblem } from '../../src/core/ledger/ledger';
import { factsOf, type AttemptFacts, type TaskFacts } from '../../src/core/ledger/taskFacts';
import { PriceTable } from '../../src/core/pricing/prices';
import { buildReport } from '../../src/core/reports/ledgerReport';
import { monthPeriod } from '../../src/core/reports/period';
import { NodeLedgerFiles } from '../../src/node/nodeLedgerFiles';
import { sampleRecord } from '../data/sampleRecord';

describe('ledger', () => {
  let folder: string;
  let problems: LedgerProblem[];
  let ledger: Ledger;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'llm-router-ledger-'));
    problems = [];
    ledger = new Ledger(new NodeLedgerFiles(folder), { onProblem: (problem) => problems.push(problem) });
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
    const line = JSON.parse(readFileSync(join(folder, 'ledger-2026-11.jsonl'), 'utf8').split('\n')[0] ?? '') as { v: number; r: { instruction?: string } };
    assert.equal(line.v, 2);
    assert.equal(line.r.instruction, undefined, 'no prompt text unless llmRouter.ledger.keepPrompts is on');
  });

  it('keeps the instruction only when asked to', async () => {
    const keeping = new Ledger(new NodeLedgerFiles(folder), { keepPrompts: () => true });
    await keeping.write(sampleRecord('a'));
    assert.equal((await keeping.readMonth(new Date('2026-11-22'))).records[0]?.instruction, 'Add type hints');
  });

  it('scans the facts of a period from the line heads, version 1 lines included, and reports a torn end', async () => {
    await ledger.write(sampleRecord('in', '2026-11-20T10:00:00.000Z'));
    await ledger.write(sampleRecord('after', '2026-11-25T10:00:00.000Z'));
    appendFileSync(join(folder, 'ledger-2026-11.jsonl'), `${JSON.stringify({ v: 1, ...sampleRecord('old', '2026-11-21T10:00:00.000Z') })}\n{"v":2,"s":[1,"torn`);
    const seen: string[] = [];
    const scanProblems = await ledger.scan(new Date('2026-11-16T00:00:00Z'), new Date('2026-11-23T00:00:00Z'), (facts) => seen.push(`${facts.id}:${facts.category}:${facts.final?.model}`));
    assert.deepEqual(seen, ['in:types:qwen2.5-coder:7b', 'old:types:qwen2.5-coder:7b']);
    assert.equal(scanProblems.length, 1);
    assert.match(scanProblems[0]?.reason ?? '', /cut off/);
  });

  it('joins editor outcomes and shadow results to their tasks, the latest outcome winning', async () => {
    await ledger.write(sampleRecord('a'));
    await ledger.writeOutcome({ taskId: 'a', at: '2026-11-22T10:01:00.000Z', outcome: 'accepted' });
    await ledger.writeOutcome({ taskId: 'a', at: '2026-11-22T10:02:00.000Z', outcome: 'undone' });
    await ledger.writeShadow({ taskId: 'a', at: '2026-11-22T10:03:00.000Z', model: 'qwen2.5-coder:7b', passed: true });
    const labels = await ledger.labels(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    assert.equal(labels.outcomes.get('a'), 'undone');
    assert.equal(labels.shadows.get('a')?.passed, true);
  });

  it('reads the newest records from the end of the file', async () => {
    for (let index = 0; index < 30; index++) await ledger.write(sampleRecord(`r${index}`, `2026-11-22T10:${String(index).padStart(2, '0')}:00.000Z`));
    const recent = await ledger.recent(5, new Date('2026-11-22T12:00:00Z'));
    assert.deepEqual(
      recent.map((record) => record.id),
      ['r29', 'r28', 'r27', 'r26', 'r25'],
    );
  });

  it('sets a torn last line aside, reports it, and keeps every neighbour', async () => {
    await ledger.write(sampleRecord('a'));
    appendFileSync(join(folder, fileFor(new Date('2026-11-22'))), '{"v":1,"id":"half-writ');
    const fresh = new Ledger(new NodeLedgerFiles(folder), { onProblem: (problem) => problems.push(problem) });
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

  /** A line cut off after its head: the head reads as a whole task, the record after it is missing. */
  const tornAfterHead = (id: string) => {
    const line = lineOf(sampleRecord(id));
    return line.slice(0, line.indexOf('"r":') + 60);
  };

  it('keeps a torn line with an intact head apart from the next append, reports it, and never counts it (same writer)', async () => {
    await ledger.write(sampleRecord('a'));
    const file = join(folder, fileFor(new Date('2026-11-22')));
    appendFileSync(file, tornAfterHead('torn'));
    await ledger.write(sampleRecord('b'));
    const seen: string[] = [];
    const scanProblems = await ledger.scan(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'), (facts) => seen.push(facts.id));
    assert.deepEqual(seen, ['a', 'b'], 'the torn task is not counted and b is not swallowed by it');
    assert.equal(scanProblems.length, 1);
    assert.match(scanProblems[0]?.reason ?? '', /cut off/);
    assert.deepEqual(
      (await ledger.readMonth(new Date('2026-11-22'))).records.map((record) => record.id),
      ['a', 'b'],
    );
    assert.match(readFileSync(`${file}.torn`, 'utf8'), /torn/);
  });

  it('does not count a sealed torn line whose head is intact (a fresh writer)', async () => {
    await ledger.write(sampleRecord('a'));
    appendFileSync(join(folder, fileFor(new Date('2026-11-22'))), tornAfterHead('torn'));
    const fresh = new Ledger(new NodeLedgerFiles(folder), { onProblem: (problem) => problems.push(problem) });
    await fresh.write(sampleRecord('b'));
    const seen: string[] = [];
    const scanProblems = await fresh.scan(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'), (facts) => seen.push(facts.id));
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(scanProblems.length, 1, 'the sealed fragment is reported as a damaged line');
    const appended: string[] = [];
    await fresh.scanAppended(fileFor(new Date('2026-11-22')), 0, (facts) => appended.push(facts.id));
    assert.deepEqual(appended, ['a', 'b'], 'a watcher reading on does not count it either');
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
    // Killed once it has written a few dozen records, however long a busy machine takes to start it.
    const file = join(folder, fileFor(new Date('2026-11-22')));
    const until = Date.now() + 15_000;
    while (Date.now() < until && (!existsSync(file) || statSync(file).size < 40 * 4_000)) await new Promise((resolve) => setTimeout(resolve, 20));
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

  it('reads on from where it stopped what another process appends, waiting for a line still being written', async () => {
    await ledger.write(sampleRecord('a'));
    await ledger.write(sampleRecord('b'));
    const file = join(folder, 'ledger-2026-11.jsonl');
    const seen: string[] = [];
    let end = await ledger.scanAppended('ledger-2026-11.jsonl', 0, (facts) => seen.push(facts.id));
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(end, readFileSync(file).length);

    const line = lineOf(sampleRecord('from-another-process'));
    appendFileSync(file, line.slice(0, 40));
    end = await ledger.scanAppended('ledger-2026-11.jsonl', end, (facts) => seen.push(facts.id));
    assert.deepEqual(seen, ['a', 'b'], 'half a line is not read yet');
    appendFileSync(file, line.slice(40));
    end = await ledger.scanAppended('ledger-2026-11.jsonl', end, (facts) => seen.push(facts.id));
    assert.deepEqual(seen, ['a', 'b', 'from-another-process']);
    assert.equal(end, readFileSync(file).length);
    assert.deepEqual(problems, [], 'a line being written is not a problem');
  });
});

/** A copy of facts that shares nothing with the HeadReader, without the fields that are absent (as factsOf makes them). */
function detachFacts(facts: TaskFacts): TaskFacts {
  const copy: { -readonly [K in keyof TaskFacts]: TaskFacts[K] } = {
    at: facts.at,
    id: facts.id,
    category: facts.category,
    decided: facts.decided,
    route: facts.route,
    overridden: facts.overridden,
    outcome: facts.outcome,
    promptTokens: facts.promptTokens,
    costUsd: facts.costUsd,
    surface: facts.surface,
    attempts: facts.attempts.map((attempt) => {
      const kept: { -readonly [K in keyof AttemptFacts]: AttemptFacts[K] } = {
        targetId: attempt.targetId,
        model: attempt.model,
        local: attempt.local,
        latencyMs: attempt.latencyMs,
        outcome: attempt.outcome,
        inputTokens: attempt.inputTokens,
        outputTokens: attempt.outputTokens,
      };
      if (attempt.why !== undefined) kept.why = attempt.why;
      if (attempt.costUsd !== undefined) kept.costUsd = attempt.costUsd;
      return kept;
    }),
  };
  if (facts.routeWithinLimit !== undefined) copy.routeWithinLimit = facts.routeWithinLimit;
  if (facts.answerTokens !== undefined) copy.answerTokens = facts.answerTokens;
  if (facts.baselineCostUsd !== undefined) copy.baselineCostUsd = facts.baselineCostUsd;
  if (facts.baselineModel !== undefined) copy.baselineModel = facts.baselineModel;
  if (facts.final !== undefined) copy.final = { targetId: facts.final.targetId, model: facts.final.model, local: facts.final.local };
  copy.surface = facts.surface;
  if (facts.client !== undefined) copy.client = facts.client;
  return copy;
}

/** The line as the version before heads carried surface and client wrote it: the head ends with the attempts; the record is whole. */
function oldHeadLine(record: TaskRecord): string {
  return lineOf(record).replace(/\|%s\|[^"]*"/, '"');
}

/** The facts of a line as a scan reads them (its head, from bytes), copied to keep. */
function readBack(line: string, reader = new HeadReader()): TaskFacts | string {
  const bytes = Buffer.from(line.replace(/\n$/, ''));
  const facts = factsOfLine(bytes, 0, bytes.length, reader);
  return typeof facts === 'string' ? facts : detachFacts(facts);
}

describe('ledger line heads', () => {
  it('keep any text a model or category name may hold, and the line stays valid JSON', () => {
    const record = sampleRecord('id|with"odd\\chars%', '2026-11-22T10:00:00.000Z', {
      decision: { route: 'local', category: 'übersetzen|x', score: 0.1, promptTokens: 120, reasons: [] },
    });
    const odd = { ...record, attempts: record.attempts.map((attempt) => ({ ...attempt, model: 'hf.co/a|b:Q4"😀', outcome: 'gate-failed' as const, reason: 'the JSON does not parse: at 3' })) };
    const line = lineOf(odd);
    assert.doesNotThrow(() => JSON.parse(line));
    const head = (JSON.parse(line) as { s: string }).s;
    assert.match(head, /^[\x20-\x7e]+$/, 'the head is plain ASCII');
    const facts = readBack(line);
    assert.deepEqual(facts, factsOf(odd));
    assert.equal(typeof facts === 'string' ? facts : facts.attempts[0]?.why, 'gate: the JSON does not parse');
  });

  it('read line after line by one reader, each gives its own facts (fewer attempts, no answer, tiny costs)', () => {
    const fallback = sampleRecord('a', '2026-11-22T10:00:00.000Z');
    const twoAttempts: TaskRecord = {
      ...fallback,
      attempts: [
        { ...fallback.attempts[0], outcome: 'error', errorKind: 'overloaded', latencyMs: 60_000 },
        { ...fallback.attempts[0], targetId: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', local: false, costUsd: 1.5e-7, latencyMs: 2_345.5 },
      ],
      final: { targetId: 'claude', provider: 'anthropic', model: 'claude-sonnet-5-5', local: false },
      costUsd: 1.5e-7,
      answerTokens: 60,
      baselineModel: 'claude-sonnet-5-5',
    };
    const refused: TaskRecord = { ...sampleRecord('b', '2026-11-22T10:00:01.000Z'), attempts: [], outcome: 'refused', final: undefined, baselineCostUsd: undefined, decision: { route: 'cloud', category: 'security', score: 0.9, promptTokens: 0, reasons: [], overriddenBy: 'privacy', routeWithinLimit: 'cloud' } };
    const plain = sampleRecord('c', '2026-11-22T10:00:02.000Z');
    const reader = new HeadReader();
    for (const record of [twoAttempts, refused, plain, twoAttempts, refused]) assert.deepEqual(readBack(lineOf(record), reader), factsOf(record), record.id);
  });

  it('carry the surface and the client after the attempts, for every surface, read line after line', () => {
    const reader = new HeadReader();
    const records: TaskRecord[] = [
      sampleRecord('editor-task'),
      { ...sampleRecord('chat-request'), surface: 'chat', client: 'core', turns: 3 },
      { ...sampleRecord('lm-request'), surface: 'model-picker', client: 'acme.reviewer|beta', toolsOffered: 2, toolCalls: 1 },
      { ...sampleRecord('gateway-request'), surface: 'gateway', client: 'claude-code', attempts: [], outcome: 'refused', final: undefined },
      { ...sampleRecord('cli-task'), surface: 'cli' },
    ];
    const read = records.map((record) => readBack(lineOf(record), reader));
    assert.deepEqual(
      read.map((facts) => (typeof facts === 'string' ? facts : [facts.id, facts.surface, facts.client ?? '-', facts.attempts.length])),
      [
        ['editor-task', 'editor', '-', 1],
        ['chat-request', 'chat', 'core', 1],
        ['lm-request', 'model-picker', 'acme.reviewer|beta', 1],
        ['gateway-request', 'gateway', 'claude-code', 0],
        ['cli-task', 'cli', '-', 1],
      ],
    );
    records.forEach((record, index) => assert.deepEqual(read[index], factsOf(record), record.id));
  });

  it('read a line written before surfaces were recorded as the editor\'s, with no client, and a later version\'s extra fields are passed over', () => {
    // Written by the version before: the head ends with its last attempt (or, refused, with the final target's locality).
    const oldLines = [
      '{"v":2,"s":"1795165200000|old-1|types|local|local||0|answered|120||0|0.0012||local-code|qwen2.5-coder:7b|1|local-code|qwen2.5-coder:7b|1|800|answered||130|60|0","r":{"id":"old-1","startedAt":"2026-11-20T09:00:00.000Z","decision":{"route":"local","category":"types","score":0.1,"promptTokens":120,"reasons":[]},"route":"local","notes":[],"attempts":[{"targetId":"local-code","provider":"ollama","model":"qwen2.5-coder:7b","local":true,"retry":0,"startedAt":"2026-11-20T09:00:00.000Z","latencyMs":800,"usage":{"inputTokens":130,"outputTokens":60,"cacheReadTokens":0,"cacheWriteTokens":0},"costUsd":0,"outcome":"answered"}],"outcome":"answered","final":{"targetId":"local-code","provider":"ollama","model":"qwen2.5-coder:7b","local":true},"latencyMs":810,"costUsd":0,"baselineCostUsd":0.0012}}',
      '{"v":2,"s":"1795165201000|old-2|types|local|local||0|refused|120||0|||||0","r":{"id":"old-2","startedAt":"2026-11-20T09:00:01.000Z","decision":{"route":"local","category":"types","score":0.1,"promptTokens":120,"reasons":[]},"route":"local","notes":[],"attempts":[],"outcome":"refused","latencyMs":810,"costUsd":0}}',
    ];
    const reader = new HeadReader();
    const gateway = lineOf({ ...sampleRecord('new-1'), surface: 'gateway', client: 'openai-sdk-python' });
    const [first, second, third] = [oldLines[0], gateway, oldLines[1]].map((line) => readBack(line, reader));
    assert.ok(typeof first !== 'string' && typeof second !== 'string' && typeof third !== 'string');
    assert.deepEqual([first.surface, first.client, first.attempts.length, first.final?.model], ['editor', undefined, 1, 'qwen2.5-coder:7b']);
    assert.deepEqual([second.surface, second.client], ['gateway', 'openai-sdk-python'], 'a new line between old ones');
    assert.deepEqual([third.surface, third.client, third.outcome, third.attempts.length], ['editor', undefined, 'refused', 0], 'the surface of the line before does not carry over');
    const later = gateway.replace('|%s|gateway|openai-sdk-python', '|%s|gateway|openai-sdk-python|a-later-field|42');
    const fromLater = readBack(later, reader);
    assert.ok(typeof fromLater !== 'string', typeof fromLater === 'string' ? fromLater : '');
    assert.deepEqual([fromLater.surface, fromLater.client, fromLater.attempts.length], ['gateway', 'openai-sdk-python', 1]);
  });

  it('read the source of a line whose head was written before heads carried it: from its record, else from its client', () => {
    const reader = new HeadReader();
    const lines = [
      // Records named their surface and client before heads did.
      oldHeadLine({ ...sampleRecord('named'), surface: 'gateway', client: 'claude-code' }),
      // A client but no surface: the chat view, another extension, an agent through the gateway.
      oldHeadLine({ ...sampleRecord('chat-view'), client: 'github.copilot-chat' }),
      oldHeadLine({ ...sampleRecord('extension'), client: 'acme.reviewer' }),
      oldHeadLine({ ...sampleRecord('agent'), client: 'cline', attempts: [], outcome: 'refused', final: undefined }),
      oldHeadLine({ ...sampleRecord('quoted'), client: 'odd "agent"' }),
      // Neither: the editor's.
      oldHeadLine(sampleRecord('editor-task')),
    ];
    assert.ok(lines.every((line) => !line.includes('%s')), 'the heads are in the old form');
    assert.deepEqual(
      lines.map((line) => readBack(line, reader)).map((facts) => (typeof facts === 'string' ? facts : [facts.id, facts.surface, facts.client ?? '-', facts.attempts.length])),
      [
        ['named', 'gateway', 'claude-code', 1],
        ['chat-view', 'chat', 'github.copilot-chat', 1],
        ['extension', 'model-picker', 'acme.reviewer', 1],
        ['agent', 'gateway', 'cline', 0],
        ['quoted', 'gateway', 'odd "agent"', 1],
        ['editor-task', 'editor', '-', 1],
      ],
    );
    const withoutHead = JSON.stringify({ v: 1, ...sampleRecord('version-1'), client: 'acme.reviewer' });
    const v1 = readBack(withoutHead, reader);
    assert.deepEqual(typeof v1 === 'string' ? v1 : [v1.surface, v1.client], ['model-picker', 'acme.reviewer'], 'a line of version 1 is read by its client too');
  });

  it('show old lines with a client in the report\'s traffic rows, not as editor tasks', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'llm-router-old-heads-'));
    const ledger = new Ledger(new NodeLedgerFiles(folder));
    const at = '2026-11-22T10:00:00.000Z';
    appendFileSync(join(folder, fileFor(new Date(at))), [oldHeadLine({ ...sampleRecord('agent', at), client: 'claude-code' }), oldHeadLine(sampleRecord('editor-task', at))].join(''));
    const report = await buildReport(ledger, { period: monthPeriod(new Date(at)), baselineModel: 'claude-sonnet-5-5', prices: new PriceTable({}), maxLocalTokens: 4000 });
    assert.deepEqual(
      report.traffic.surfaces.map((row) => [row.surface, row.tasks]).sort(),
      [
        ['editor', 1],
        ['gateway', 1],
      ],
    );
    assert.deepEqual(
      report.traffic.clients.map((row) => [row.client, row.surface]),
      [['claude-code', 'gateway']],
    );
  });

  it('say why a line cannot be read: a damaged head, a newer version, not JSON; a blank line is skipped', () => {
    const line = lineOf(sampleRecord('a')).replace(/\n$/, '');
    const problemOf = (text: string) => {
      const read = readBack(text);
      assert.equal(typeof read, 'string', text);
      return read as string;
    };
    assert.match(problemOf(line.replace(/\|answered\|/, '|answered')), /head is not a task summary/);
    assert.match(problemOf(line.replace('"v":2', '"v":3')), /schema version 3/);
    assert.match(problemOf('garbage'), /not valid JSON/);
    assert.equal(problemOf('   '), '');
  });
});
