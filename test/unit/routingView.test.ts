import * as assert from 'node:assert/strict';
import { routingView } from '../../src/core/conversation/routingView';
import { taskRequest } from '../../src/core/conversation/taskRequest';
import { text, userText, type Request } from '../../src/core/conversation/types';
import { promptText, type Task } from '../../src/core/task';

const TOOL = { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } };

describe('routing view of a request', () => {
  it('reads the latest user text as the instruction and its fenced code as the code', () => {
    const request: Request = {
      system: 'You are a coding agent.',
      turns: [userText('Explain the cart module.'), { role: 'assistant', parts: [{ type: 'text', text: 'It keeps the items.' }] }, userText('Add type hints to this:\n```python\ndef total(items):\n    return sum(items)\n```')],
      tools: [TOOL],
      toolMode: 'auto',
      hints: { surface: 'chat', paths: ['src/cart.py', 'src/orders.py'], language: 'python' },
    };
    const view = routingView(request);
    assert.equal(view.task.instruction, 'Add type hints to this:');
    assert.equal(view.task.code, 'def total(items):\n    return sum(items)');
    assert.equal(view.task.path, 'src/cart.py');
    assert.deepEqual(view.task.paths, ['src/orders.py']);
    assert.equal(view.task.language, 'python');
    assert.equal(view.userTurnIndex, 2);
    assert.deepEqual([view.turns, view.userTurns, view.toolsOffered], [3, 2, 1]);
    // What the model is sent besides the instruction and code still counts and is scanned.
    assert.match(view.task.context ?? '', /You are a coding agent\./);
    assert.match(view.task.context ?? '', /Explain the cart module\./);
    assert.match(view.task.context ?? '', /"name":"read_file"/);
    assert.ok(promptText(view.task).length > view.task.instruction.length + view.task.code.length + 100);
  });

  it('in a tool loop keeps the user instruction and takes the tool results since as the code', () => {
    const view = routingView({
      system: '',
      turns: [
        userText('Rename total to subtotal in orders.py'),
        { role: 'assistant', parts: [{ type: 'tool-call', id: 'c1', name: 'read_file', input: { path: 'orders.py' } }] },
        { role: 'user', parts: [{ type: 'tool-result', callId: 'c1', content: [text('total = 0')] }] },
      ],
      tools: [TOOL],
      toolMode: 'auto',
      hints: { surface: 'gateway' },
    });
    assert.equal(view.task.instruction, 'Rename total to subtotal in orders.py');
    assert.equal(view.task.code, 'total = 0');
    assert.equal(view.userTurnIndex, 0);
    assert.deepEqual([view.toolCalls, view.toolResults], [1, 1]);
  });

  it('routes an editor task exactly as given', () => {
    const task: Task = { instruction: 'Add type hints', code: 'def f(x): return x', language: 'python', path: 'a.py' };
    const request = taskRequest(task, 'edit');
    assert.equal(routingView(request).task, task);
    assert.equal(request.turns.length, 1);
    assert.equal(request.hints.surface, 'editor');
  });

  it('reads the user’s words, not the agent’s <system-reminder> notes, and a turn of results with a reminder continues the instruction', () => {
    const reminder = '<system-reminder>\nWhen committing, add a Co-Authored-By trailer.\n</system-reminder>';
    const view = routingView({
      system: 'You are a coding agent.',
      turns: [
        { role: 'user', parts: [{ type: 'text', text: reminder }, { type: 'text', text: 'rename total to subtotal in orders.py' }] },
        { role: 'assistant', parts: [{ type: 'tool-call', id: 'c1', name: 'Read', input: { file_path: '/w/orders.py' } }] },
        { role: 'user', parts: [{ type: 'tool-result', callId: 'c1', content: [text(`1\ttotal = 0\n${reminder}`)], isError: false }, { type: 'text', text: reminder }] },
      ],
      tools: [TOOL],
      toolMode: 'auto',
      hints: { surface: 'gateway' },
    });
    assert.equal(view.task.instruction, 'rename total to subtotal in orders.py');
    assert.equal(view.task.code, '1\ttotal = 0');
    assert.equal(view.userTurnIndex, 0);
    assert.match(view.task.context ?? '', /Co-Authored-By/, 'the notes are still counted and scanned');
    assert.deepEqual(view.failures, []);
  });

  it('lists the failures the tools reported since the instruction', () => {
    const view = routingView({
      system: '',
      turns: [
        userText('run the tests'),
        { role: 'assistant', parts: [{ type: 'tool-call', id: 'c1', name: 'Bash', input: { command: 'pytest' } }] },
        { role: 'user', parts: [{ type: 'tool-result', callId: 'c1', content: [text('exit code 1')], isError: true }] },
      ],
      tools: [TOOL],
      toolMode: 'auto',
      hints: { surface: 'gateway' },
    });
    assert.deepEqual(view.failures, [{ turnIndex: 2, content: 'exit code 1' }]);
  });
});
