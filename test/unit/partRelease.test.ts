import * as assert from 'node:assert/strict';
import type { StreamPart } from '../../src/core/conversation/streamParts';
import type { ToolSpec } from '../../src/core/conversation/types';
import { CALL_TAGS, FENCE, FENCE_INFO, FUNCTION_TAG, JSON_OPENERS, PARAMETER_TAG, TOOL_CALL_TAG } from '../../src/core/conversation/writtenCallForms';
import { PartRelease } from '../../src/core/engine/partRelease';

const READ_FILE: ToolSpec = { name: 'read_file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false } };
const PROSE = 'I will read the file first. Then I rename the variable.';
const CALL = '{"name": "read_file", "arguments": {"path": "src/orders.py"}}';

/** A local draft streamed in pieces of a few characters, as a model's tokens come; what the caller had received after each piece. */
function stream(text: string, tools: readonly ToolSpec[] = [READ_FILE], size = 3) {
  const emitted: StreamPart[] = [];
  const release = new PartRelease({ commit: 'first-part', tools, toolMode: 'auto', checkDraft: true }, (part) => emitted.push(part));
  const shownAfter: string[] = [];
  for (let index = 0; index < text.length; index += size) {
    assert.equal(release.add({ type: 'text-delta', text: text.slice(index, index + size) }), undefined);
    shownAfter.push(shown(emitted));
  }
  const finished = release.finish();
  // As the engine does: a draft that failed a check is not sent.
  if (finished.problem === undefined) release.flush();
  return { emitted, shownAfter, finished, release, shown: shown(emitted), calls: emitted.filter((part) => part.type === 'tool-call') };
}

function shown(parts: readonly StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

/** Which piece brought the end of `marker`. */
function pieceOf(text: string, marker: string, size = 3): number {
  return Math.floor((text.indexOf(marker) + marker.length - 1) / size);
}

/** How much of the answer had reached the caller when the piece holding `marker` arrived. */
function shownWhen(text: string, marker: string, shownAfter: readonly string[], size = 3): string {
  return shownAfter[pieceOf(text, marker, size)] ?? '';
}

/** All the text that had arrived with that piece, but for blanks at its end (they wait for what follows). */
function arrivedWith(text: string, marker: string, size = 3): string {
  return text.slice(0, (pieceOf(text, marker, size) + 1) * size).trimEnd();
}

describe('releasing a local answer while a tool call may be written in it', () => {
  it('shows the prose as it comes, and turns a call written after it on a line of its own into a real call', () => {
    const text = `${PROSE}\n${CALL}`;
    const { shownAfter, shown, calls, finished, release } = stream(text);
    assert.equal(shownWhen(text, '{"name"', shownAfter), PROSE, 'the prose was out before the call began');
    assert.equal(shown, PROSE, 'the written call is not shown as text');
    assert.deepEqual(calls.map((part) => (part.type === 'tool-call' ? [part.name, part.input] : [])), [['read_file', { path: 'src/orders.py' }]]);
    assert.equal(finished.text, PROSE);
    assert.equal(release.recovered, true);
  });

  it('does the same for a call in every written form the router knows (tags, fences, XML, a list) after released prose', () => {
    const xml = `${FUNCTION_TAG.open}read_file>\n${PARAMETER_TAG.open}path>\nsrc/orders.py\n${PARAMETER_TAG.close}\n${FUNCTION_TAG.close}`;
    const forms = [
      ...CALL_TAGS.map((tag) => (tag === FUNCTION_TAG ? xml : `${tag.open}\n${CALL}\n${tag.close}`)),
      `${TOOL_CALL_TAG.open}\n${xml}\n${TOOL_CALL_TAG.close}`,
      `${FENCE}${FENCE_INFO}\n${CALL}\n${FENCE}`,
      `${FENCE}\n${CALL}\n${FENCE}`,
      ...JSON_OPENERS.map((opener) => (opener === '{' ? CALL : `${opener}${CALL}]`)),
    ];
    for (const form of forms) {
      const { shown, calls, shownAfter } = stream(`${PROSE}\n\n${form}`);
      assert.equal(shownAfter.at(-1), PROSE, form);
      assert.equal(shown, PROSE, form);
      assert.deepEqual(calls.map((part) => (part.type === 'tool-call' ? part.input : undefined)), [{ path: 'src/orders.py' }], form);
    }
  });

  it('streams code, JSON data and markup that are not calls, holding each only until it shows what it is', () => {
    const code = `${PROSE}\n\n\`\`\`python\ndef total(items):\n    return sum(items)\n\`\`\`\nThat is all.`;
    const coded = stream(code);
    assert.ok(shownWhen(code, 'return', coded.shownAfter).includes('def total'), 'the code block streamed before the answer ended');
    assert.equal(coded.shown, code);
    assert.equal(coded.calls.length, 0);

    const data = `${PROSE}\n{"total": 3, "items": [1, 2]}\nThose are the counts.`;
    const counted = stream(data);
    assert.ok(shownWhen(data, 'Those', counted.shownAfter).includes('"items": [1, 2]}'), 'the object went out once it closed as no call');
    assert.equal(counted.shown, data);

    const markup = `${PROSE} When a < b, and [the docs](https://example.com) say so.\n[1] is a footnote.`;
    const marked = stream(markup);
    assert.equal(marked.shown, markup);
    assert.equal(shownWhen(markup, 'footnote', marked.shownAfter), arrivedWith(markup, 'footnote'), 'a <, a link and a [1] hold nothing back');
  });

  it('passes every piece on at once when the answer has no tool to call', () => {
    const text = `${PROSE}\n${CALL}`;
    const { shownAfter, shown, calls } = stream(text, []);
    assert.equal(shownWhen(text, 'src/orders', shownAfter), arrivedWith(text, 'src/orders'));
    assert.equal(shown, text);
    assert.equal(calls.length, 0);
  });

  it('lets a written call that cannot be run out as the text it is once prose has been shown', () => {
    const bad = '{"name": "read_file", "arguments": {"file": 42}}';
    const { shown, calls, finished, release } = stream(`${PROSE}\n${bad}`);
    assert.equal(shown, `${PROSE}\n${bad}`);
    assert.equal(calls.length, 0);
    assert.equal(finished.problem, undefined);
    assert.match(release.releasedAsText ?? '', /^the arguments of the call to read_file do not match its schema/, 'why it went out as text, for the record');

    const cut = stream(`${PROSE}\n{"name": "read_file", "arguments": {"path": "src/ord`);
    assert.equal(cut.calls.length, 0);
    assert.equal(cut.release.releasedAsText, 'it cannot be read as one');

    const prose = stream(`${PROSE}\n{"total": 3}`);
    assert.equal(prose.release.releasedAsText, undefined, 'JSON data that is no call is no invalid call');
  });

  it('still sends a bad written call back before anything is shown', () => {
    const { shown, finished } = stream('Let me look.\n{"name": "read_file", "arguments": {"file": 42}}');
    assert.equal(shown, '');
    assert.match(finished.problem ?? '', /wrote a tool call as text, and the arguments of the call to read_file do not match its schema/);
  });

  it('turns "Let me look." and a call on the next line into that text and a real call', () => {
    const { shown, calls, finished } = stream(`Let me look.\n${CALL}`);
    assert.equal(shown, 'Let me look.');
    assert.equal(finished.text, 'Let me look.');
    assert.equal(calls.length, 1);
  });
});

describe('releasing a local answer that may open with a refusal', () => {
  it('holds the opening only until no refusal can begin with it, not until its sentences end', () => {
    const text = 'Rename total to subtotal in orders.py, then in the tests that import it, and keep the old name as an alias';
    const { shownAfter, shown, finished } = stream(text, []);
    assert.equal(finished.problem, undefined);
    assert.equal(shown, text);
    const firstShown = shownAfter.findIndex((part) => part !== '');
    assert.ok(firstShown >= 0 && firstShown * 3 < 30, `the first text went out with piece ${firstShown}, at character ${firstShown * 3}`);
  });

  it('still holds and rejects a refusal that opens with an apology', () => {
    const { shown, finished } = stream("I'm sorry, but I can't help with renaming that variable in this file.", []);
    assert.equal(finished.problem, 'the model declined the task');
    assert.equal(shown, '');
  });
});
