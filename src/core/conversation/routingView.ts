import type { Task } from '../task';
import { toolResultText } from './toolResultText';
import type { Request, Turn, UserTurn } from './types';

/** What routing reads of a request: the classifier, privacy, tier 0 and the size checks. */
export interface RoutingView {
  /**
   * The task as routing sees it: the latest user text as the instruction, the code in that turn
   * (and the tool results since) as the code, and everything else the model is sent (system
   * text, earlier turns, tool schemas) as `context`, which is counted and scanned, never classified.
   */
  readonly task: Task;
  readonly turns: number;
  readonly userTurns: number;
  readonly toolsOffered: number;
  readonly toolCalls: number;
  readonly toolResults: number;
  /** Images anywhere in the conversation: in user turns and inside tool results. */
  readonly images: number;
  /** The index of the user turn that holds the latest instruction: requests of one tool loop share it. */
  readonly userTurnIndex: number;
  /** What the tools reported as failed since that instruction, oldest first, with the turn each came in. */
  readonly failures: readonly ToolFailure[];
}

export interface ToolFailure {
  readonly turnIndex: number;
  readonly content: string;
}

/**
 * An agent's own notes inside a user turn (Claude Code's `<system-reminder>` blocks: commit
 * attribution, file-safety reminders): sent to the model, but not the user's words.
 */
const AGENT_NOTE = /<system-reminder>[\s\S]*?(?:<\/system-reminder>|$)/g;

/** A fenced block: its body is code, the rest of the text is the instruction. */
const FENCE = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n\1[ \t]*$/gm;

export function routingView(request: Request): RoutingView {
  const counts = countParts(request.turns);
  const userTurnIndex = latestInstructionTurn(request.turns);
  const base = { ...counts, toolsOffered: request.tools.length, userTurnIndex, failures: failuresSince(request.turns, userTurnIndex) };
  const given = request.hints.task;
  if (given !== undefined) return { ...base, task: given };

  const instructionTurn = userTurnIndex < 0 ? undefined : (request.turns[userTurnIndex] as UserTurn);
  const said = instructionTurn === undefined ? '' : userWords(instructionTurn);
  const notes = instructionTurn === undefined ? [] : agentNotes(instructionTurn);
  const code: string[] = [];
  const instruction = said.replace(FENCE, (_whole, _fence: string, body: string) => {
    code.push(body);
    return '';
  });
  for (const turn of request.turns.slice(Math.max(0, userTurnIndex))) {
    if (turn.role !== 'user') continue;
    for (const part of turn.parts) {
      if (part.type !== 'tool-result') continue;
      const text = toolResultText(part);
      code.push(withoutAgentNotes(text));
      notes.push(...(text.match(AGENT_NOTE) ?? []));
    }
  }
  const context = [
    request.system,
    ...notes,
    ...request.turns.slice(0, Math.max(0, userTurnIndex)).map(turnText),
    ...request.turns.slice(userTurnIndex + 1).filter((turn) => turn.role === 'assistant').map(turnText),
    ...request.tools.map((tool) => JSON.stringify({ name: tool.name, description: tool.description ?? '', input_schema: tool.inputSchema })),
  ].filter((piece) => piece !== '');
  const hints = request.hints;
  const task: Task = {
    instruction: instruction.replace(/\n{3,}/g, '\n\n').trim(),
    code: code.join('\n\n'),
    ...(context.length === 0 ? {} : { context: context.join('\n\n') }),
    ...(hints.language === undefined ? {} : { language: hints.language }),
    ...(hints.paths === undefined || hints.paths.length === 0 ? {} : { path: hints.paths[0], ...(hints.paths.length > 1 ? { paths: hints.paths.slice(1) } : {}) }),
    ...(hints.diagnostics === undefined ? {} : { diagnostics: hints.diagnostics }),
    ...(request.responseSchema === undefined ? {} : { responseSchema: request.responseSchema }),
    ...(hints.override === undefined ? {} : { override: hints.override }),
  };
  return { ...base, task };
}

/** The last user turn with text in it (a turn of tool results alone continues the instruction before it); -1 when there is none. */
export function latestInstructionTurn(turns: readonly Turn[]): number {
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index];
    if (turn?.role === 'user' && userWords(turn) !== '') return index;
  }
  return turns.findIndex((turn) => turn.role === 'user');
}

function countParts(turns: readonly Turn[]) {
  let toolCalls = 0;
  let toolResults = 0;
  let images = 0;
  let userTurns = 0;
  for (const turn of turns) {
    if (turn.role === 'user') userTurns++;
    for (const part of turn.parts) {
      if (part.type === 'tool-call') toolCalls++;
      else if (part.type === 'tool-result') {
        toolResults++;
        images += part.content.filter((inner) => inner.type === 'image').length;
      } else if (part.type === 'image') images++;
    }
  }
  return { turns: turns.length, userTurns, toolCalls, toolResults, images };
}

/** The user's own words in a turn: its text parts without the agent's notes. */
function userWords(turn: Turn): string {
  return turn.parts
    .map((part) => (part.type === 'text' ? withoutAgentNotes(part.text) : ''))
    .filter((text) => text !== '')
    .join('\n');
}

function agentNotes(turn: Turn): string[] {
  return turn.parts.flatMap((part) => (part.type === 'text' ? (part.text.match(AGENT_NOTE) ?? []) : []));
}

function withoutAgentNotes(text: string): string {
  return text.replace(AGENT_NOTE, '').trim();
}

function failuresSince(turns: readonly Turn[], userTurnIndex: number): ToolFailure[] {
  const failures: ToolFailure[] = [];
  for (let index = Math.max(0, userTurnIndex); index < turns.length; index++) {
    const turn = turns[index];
    if (turn?.role !== 'user') continue;
    for (const part of turn.parts) if (part.type === 'tool-result' && part.isError === true) failures.push({ turnIndex: index, content: withoutAgentNotes(toolResultText(part)) });
  }
  return failures;
}

/** A turn as the text it puts in front of the model (calls and results included), for counting and scanning. */
function turnText(turn: Turn): string {
  return turn.parts
    .map((part) => {
      switch (part.type) {
        case 'text':
          return part.text;
        case 'tool-call':
          return `${part.name} ${JSON.stringify(part.input ?? {})}`;
        case 'tool-result':
          return toolResultText(part);
        default:
          return '';
      }
    })
    .filter((piece) => piece !== '')
    .join('\n');
}
