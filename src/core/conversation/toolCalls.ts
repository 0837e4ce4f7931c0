import type { Turn } from './types';

/** The name of each tool call in the conversation by its id: Ollama's tool messages name the tool, not the call. */
export function toolNamesById(turns: readonly Turn[]): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const turn of turns) {
    if (turn.role !== 'assistant') continue;
    for (const part of turn.parts) if (part.type === 'tool-call') names.set(part.id, part.name);
  }
  return names;
}

/** Parses a tool call's arguments; an empty text is an empty object (a call without arguments). */
export function parseToolInput(text: string): { readonly input: unknown } | { readonly input: undefined; readonly rawInput: string } {
  if (text.trim() === '') return { input: {} };
  try {
    return { input: JSON.parse(text) as unknown };
  } catch {
    return { input: undefined, rawInput: text };
  }
}

/** A fresh call id for providers that send none (Ollama); it stays with the call wherever the conversation goes. */
export function mintCallId(): string {
  return `call_${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
}
