import { parseOverride, type Task, type TaskDiagnostic } from './task';

/** One line of a JSON-lines task file, validated. */
export type ParsedTaskLine =
  | { readonly ok: true; readonly id: string; readonly task: Task }
  | { readonly ok: false; readonly id: string | undefined; readonly error: string };

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/**
 * Parses `{id, instruction, code, language, path?, diagnostics?, responseSchema?}`; extra fields
 * (labels, notes) are ignored. A leading `/local` or `/cloud` in the instruction is an override.
 */
export function parseTaskLine(line: string): ParsedTaskLine {
  let value: unknown;
  try {
    // A file saved "with BOM" (Notepad, PowerShell) starts its first line with U+FEFF, which JSON does not allow.
    value = JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
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
  const diagnostics = record.diagnostics;
  if (diagnostics !== undefined && !(Array.isArray(diagnostics) && diagnostics.every(isDiagnostic))) {
    return { ok: false, id, error: '"diagnostics" must be a list of {severity: error|warning|information|hint, message}' };
  }
  const schema = record.responseSchema;
  if (schema !== undefined && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    return { ok: false, id, error: '"responseSchema" must be a JSON Schema object' };
  }
  const { instruction, override } = parseOverride(record.instruction);
  return {
    ok: true,
    id,
    task: {
      instruction,
      code: (record.code as string | undefined) ?? '',
      language: record.language as string | undefined,
      path: record.path as string | undefined,
      ...(diagnostics === undefined ? {} : { diagnostics: diagnostics }),
      ...(schema === undefined ? {} : { responseSchema: schema as Record<string, unknown> }),
      ...(override === undefined ? {} : { override }),
    },
  };
}

function isDiagnostic(value: unknown): value is TaskDiagnostic {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.severity === 'string' && SEVERITIES.has(record.severity) && typeof record.message === 'string';
}
