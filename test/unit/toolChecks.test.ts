import * as assert from 'node:assert/strict';
import { recoverWrittenToolCalls, toolCallProblem, toolModeProblem } from '../../src/core/conversation/toolChecks';
import type { ToolSpec } from '../../src/core/conversation/types';
import { textWrittenToolCall } from '../fakes/script';

const EDIT: ToolSpec = { name: 'edit_file', inputSchema: { type: 'object', properties: { path: { type: 'string' }, line: { type: 'integer' } }, required: ['path'] } };
const tools = [EDIT];

describe('tool checks', () => {
  it('passes a call to an offered tool whose arguments match its schema', () => {
    assert.equal(toolCallProblem({ id: 'a', name: 'edit_file', input: { path: 'x.ts', line: 3 } }, tools), undefined);
  });

  it('names what is wrong: an unknown tool, unparsable arguments, arguments against the schema', () => {
    assert.match(toolCallProblem({ id: 'a', name: 'rm', input: {} }, tools) ?? '', /not offered \("rm"\)/);
    assert.match(toolCallProblem({ id: 'a', name: 'edit_file', input: undefined, rawInput: '{"path": ' }, tools) ?? '', /not valid JSON/);
    assert.match(toolCallProblem({ id: 'a', name: 'edit_file', input: { line: 3 } }, tools) ?? '', /must have required property 'path'/);
    assert.match(toolCallProblem({ id: 'a', name: 'edit_file', input: { path: 'x', line: 'three' } }, tools) ?? '', /\/line must be integer/);
  });

  it('holds the tool mode: required needs a call, none allows none', () => {
    assert.match(toolModeProblem([], 'required', 1) ?? '', /required/);
    assert.equal(toolModeProblem([{ id: 'a', name: 'edit_file', input: {} }], 'required', 1), undefined);
    assert.match(toolModeProblem([{ id: 'a', name: 'edit_file', input: {} }], 'none', 1) ?? '', /not allowed/);
    assert.equal(toolModeProblem([], 'auto', 1), undefined);
  });

  it('recovers calls written as JSON, fenced JSON, <tool_call> tags and <function=…> XML, keeping the prose around them', () => {
    for (const style of ['json', 'fenced', 'tool-call-tag', 'xml'] as const) {
      const recovered = recoverWrittenToolCalls(textWrittenToolCall('edit_file', { path: 'src/a.ts', line: 4 }, style), tools);
      assert.deepEqual(recovered?.toolCalls.map((call) => [call.name, call.input]), [['edit_file', { path: 'src/a.ts', line: 4 }]], style);
      assert.match(recovered?.toolCalls[0]?.id ?? '', /^call_\w{24}$/);
      assert.equal(recovered?.text, style === 'fenced' ? 'I will call the tool.' : '', style);
    }
    const llama = recoverWrittenToolCalls('{"name": "edit_file", "parameters": {"path": "b.py"}}', tools);
    assert.deepEqual(llama?.toolCalls[0]?.input, { path: 'b.py' });
    const stringArguments = recoverWrittenToolCalls('<tool_call>{"name": "edit_file", "arguments": "{\\"path\\": \\"c.go\\"}"}</tool_call>', tools);
    assert.deepEqual(stringArguments?.toolCalls[0]?.input, { path: 'c.go' });
  });

  it('recovers a call written as bare JSON on a line of its own after a sentence, keeping the sentence', () => {
    const recovered = recoverWrittenToolCalls('Let me look.\n{"name": "edit_file", "arguments": {"path": "src/a.ts"}}', tools);
    assert.equal(recovered?.text, 'Let me look.');
    assert.deepEqual(recovered?.toolCalls.map((call) => [call.name, call.input]), [['edit_file', { path: 'src/a.ts' }]]);
    assert.equal(recoverWrittenToolCalls('Set it to\n{"name": "total", "value": 3}', tools), undefined, 'an object that names no offered tool is data');
  });

  it('leaves prose, code and calls to tools that were not offered alone', () => {
    assert.equal(recoverWrittenToolCalls('Renamed total to subtotal.', tools), undefined);
    assert.equal(recoverWrittenToolCalls('```json\n{"total": 3}\n```', tools), undefined);
    assert.equal(recoverWrittenToolCalls(textWrittenToolCall('run_terminal', { command: 'ls' }, 'tool-call-tag'), tools), undefined);
    assert.equal(recoverWrittenToolCalls(textWrittenToolCall('edit_file', { path: 'a' }, 'json'), []), undefined);
  });
});
