import { isValidJson } from '../validJson';
import type { GateResult, QualityGate } from './gates';
import { isScriptLanguage, type ScriptChecker, type ScriptOptions } from './scriptErrors';

/** The file an edit is for: its language, its whole text and the range the edit replaces. */
export interface EditContext {
  readonly languageId: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const pass: GateResult = { ok: true };

/**
 * The editor's checks of an edit, made on copies of the file, never on the user's buffer: the file
 * must still parse (JSON), and the edit must not add errors TypeScript reports in the edited code
 * (TypeScript, JavaScript). The copy before the edit is checked at once, while the model answers.
 */
export function editGates(context: EditContext, scripts: ScriptChecker, options: ScriptOptions): QualityGate[] {
  return [stillParses(context), noNewScriptErrors(context, scripts, options)];
}

function stillParses(context: EditContext): QualityGate {
  return {
    name: 'parses',
    check: ({ code }) => {
      if (code === undefined || context.languageId !== 'json' || !isValidJson(context.text)) return pass;
      return isValidJson(applyEdit(context, code)) ? pass : { ok: false, reason: 'the edited file is no longer valid JSON' };
    },
  };
}

function noNewScriptErrors(context: EditContext, scripts: ScriptChecker, options: ScriptOptions): QualityGate {
  const language = context.languageId;
  if (!isScriptLanguage(language)) return { name: 'no new errors', check: () => pass };
  const before = scripts.errorsIn({ language, text: context.text, start: context.start, end: context.end, options }).catch(() => undefined);
  return {
    name: 'no new errors',
    check: async ({ code }) => {
      if (code === undefined) return pass;
      const after = scripts.errorsIn({ language, text: applyEdit(context, code), start: context.start, end: context.start + code.length, options }).catch(() => undefined);
      const [errorsBefore, errorsAfter] = await Promise.all([before, after]);
      // Without a TypeScript to check with, there is nothing to compare.
      if (errorsBefore === undefined || errorsAfter === undefined) return pass;
      const added = errorsAfter.length - errorsBefore.length;
      if (added <= 0) return pass;
      const quoted = errorsAfter.find((message) => !errorsBefore.includes(message)) ?? errorsAfter[0];
      return { ok: false, reason: `the edit adds ${added} error${added === 1 ? '' : 's'} in the edited code (“${quoted}”)` };
    },
  };
}

function applyEdit(context: EditContext, code: string): string {
  return context.text.slice(0, context.start) + code + context.text.slice(context.end);
}
