import type { Task } from './task';

/** One line of a JSON-lines task file, validated. */
export type ParsedTaskLine =
  | { readonly ok: true; readonly id: string; readonly task: Task }
  | { readonly ok: false; readonly id: string | undefined; readonly error: string };

/** Parses `{id, instruction, code, language, path?}`; extra fields (labels, notes) are ignored. */
export function parseTaskLine(line: string): ParsedTaskLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, id: undefined, error: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: undefined, error: 'expected a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : undefined;
  if (id === undefined) return { ok: false, id, error: 'missing "id" (a string or number)' };
  if (typeof record.instruction !== 'string' || record.instruction.trim() === '') {
    return { ok: false, id, error: 'missing "instruction" (a non-empty string)' };
  }
  for (const key of ['code', 'language', 'path'] as const) {
    if (record[key] !== undefined && typeof record[key] !== 'string') return { ok: false, id, error: `"${key}" must be a string` };
  }
  return {
    ok: true,
    id,
    task: {
      instruction: record.instruction,
      code: (record.code as string | undefined) ?? '',
      language: record.language as string | undefined,
      path: record.path as string | undefined,
    },
  };
}
