/**
 * Messages API bodies shaped like Claude Code 2.1's (docs/claude-code-traffic.md): three system
 * blocks, twelve tools with bulky schemas, a first user turn of a `<system-reminder>` and the
 * prompt, then a `system` message with the environment. The wording is our own filler; the
 * sizes, order and structure are what the real CLI sends (about 11,000 cl100k tokens).
 */

export const CLAUDE_CODE_TOOLS = ['Agent', 'Bash', 'Edit', 'ListAgents', 'Read', 'ReportFindings', 'ScheduleWakeup', 'Skill', 'ToolSearch', 'Workflow', 'DeferredToolPlaceholder', 'Write'];

const GUIDANCE = [
  'Keep answers short and to the point; the user reads them in a terminal.',
  'Read a file before you change it, and change only what the task needs.',
  'Prefer the dedicated tools over shell commands for reading and editing files.',
  'When you commit, end the message with a Co-Authored-By trailer naming the assistant.',
  'Never print credentials, tokens or keys that you find in the working folder.',
  'Run the project tests after a change when the project has them.',
  'Ask before deleting files or rewriting history.',
  'Say which files you changed and why, in one line each.',
];

function filler(topic: string, sentences: number): string {
  const lines: string[] = [];
  for (let index = 0; index < sentences; index++) lines.push(`${topic} ${index + 1}: ${GUIDANCE[index % GUIDANCE.length]}`);
  return lines.join('\n');
}

function toolSpec(name: string): Record<string, unknown> {
  if (name === 'DeferredToolPlaceholder') return { name, description: 'Stands for tools loaded on demand.', input_schema: { type: 'object', properties: {} }, defer_loading: true };
  const properties: Record<string, unknown> = {
    file_path: { type: 'string', description: `The absolute path the ${name} tool works on.` },
    old_string: { type: 'string', description: 'The text to replace.' },
    new_string: { type: 'string', description: 'The text to put instead.' },
    replace_all: { type: 'boolean', description: 'Replace every occurrence.' },
    command: { type: 'string', description: 'The command to run.' },
  };
  return { name, description: filler(`${name} usage note`, 28), input_schema: { type: 'object', properties, required: ['file_path'], additionalProperties: false } };
}

export interface ClaudeCodeTurn {
  readonly role: 'user' | 'assistant' | 'system';
  readonly content: unknown;
}

/** The first user turn: Claude Code's reminder block (commit attribution and the like), then the user's words. */
export function firstUserTurn(prompt: string): ClaudeCodeTurn {
  const reminder = `<system-reminder>\nAs you answer the user's questions, you can use the following context.\n${filler('Attribution and authentication note', 6)}\nIMPORTANT: this context may or may not be relevant to your tasks.\n</system-reminder>`;
  return { role: 'user', content: [{ type: 'text', text: reminder }, { type: 'text', text: prompt }] };
}

export const ENVIRONMENT: ClaudeCodeTurn = {
  role: 'system',
  content: [{ type: 'text', text: `Working directory: /home/dev/shop\nPlatform: linux\nShell: bash\nIs a git repository: true\n${filler('Environment line', 90)}`, cache_control: { type: 'ephemeral' } }],
};

export interface ClaudeCodeBodyOptions {
  readonly model?: string;
  /** The turns after the first user turn and the environment block. */
  readonly later?: readonly ClaudeCodeTurn[];
  /** Replaces the first user turn and the environment (a long earlier conversation). */
  readonly messages?: readonly ClaudeCodeTurn[];
}

/** A full Claude Code request for `prompt`, as it sends one per model turn. */
export function claudeCodeBody(prompt: string, options: ClaudeCodeBodyOptions = {}): Record<string, unknown> {
  const model = options.model ?? 'claude-opus-5-5';
  return {
    model,
    max_tokens: 128000,
    stream: true,
    thinking: { type: 'adaptive', display: 'omitted' },
    output_config: { effort: 'medium' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    metadata: { user_id: JSON.stringify({ device_id: 'dev-1', account_uuid: '', session_id: 'b1f4c2a0-0000-4000-8000-00000000c0de' }) },
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.332; cc_entrypoint=sdk-cli;' },
      { type: 'text', text: 'You are a command line coding agent working in the user folder.', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: filler('Guidance', 80), cache_control: { type: 'ephemeral' } },
    ],
    tools: CLAUDE_CODE_TOOLS.map(toolSpec),
    messages: options.messages ?? [firstUserTurn(prompt), ENVIRONMENT, ...(options.later ?? [])],
  };
}

/** A small-model background call (a title): a short system prompt, no tools, one user turn. */
export function titleCallBody(text: string): Record<string, unknown> {
  return {
    model: 'claude-haiku-5-5',
    max_tokens: 128000,
    stream: true,
    system: [{ type: 'text', text: 'Give this coding session a title of at most six words. Answer with JSON.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    output_config: { effort: 'low', format: { type: 'json_schema', schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } } },
  };
}

/** The assistant turn that made `calls`, and the user turn that answers them, as Claude Code repeats them. */
export function toolRound(calls: readonly { id: string; name: string; input: unknown; result: string; isError?: boolean }[]): ClaudeCodeTurn[] {
  return [
    { role: 'assistant', content: calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.input })) },
    { role: 'user', content: calls.map((call) => ({ type: 'tool_result', tool_use_id: call.id, content: call.result, ...(call.isError === true ? { is_error: true } : {}) })) },
  ];
}

/** The `Read` tool's answer: the file with `N<TAB>` line numbers. */
export function readResult(text: string): string {
  return text
    .split('\n')
    .map((line, index) => `${index + 1}\t${line}`)
    .join('\n');
}
