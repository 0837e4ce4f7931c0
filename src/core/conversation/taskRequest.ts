import { systemPrompt, taskMessage, type AnswerKind } from '../engine/prompts';
import type { Task } from '../task';
import { userText, type Request, type Surface } from './types';

/** An editor task as a conversation of one user turn: the router's system prompt for the answer kind, the instruction with its code. */
export function taskRequest(task: Task, kind: AnswerKind, surface: Surface = 'editor'): Request {
  return {
    system: systemPrompt(kind),
    turns: [userText(taskMessage(task, kind))],
    tools: [],
    toolMode: 'auto',
    ...(task.responseSchema === undefined ? {} : { responseSchema: task.responseSchema }),
    hints: {
      surface,
      task,
      answerKind: kind,
      ...(task.override === undefined ? {} : { override: task.override }),
      ...(task.language === undefined ? {} : { language: task.language }),
    },
  };
}
