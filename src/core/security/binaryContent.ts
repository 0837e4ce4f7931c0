import { formatCount } from '../reports/numbers';

/** Invalid UTF-8 decodes to U+FFFD; this many in the first part examined, and this share of it, is binary data, not text. */
const MIN_REPLACEMENTS = 16;
const MAX_REPLACEMENT_SHARE = 0.01;
const EXAMINED_CHARS = 1_048_576;

/**
 * Why `text` is binary data rather than text, or undefined: a NUL character anywhere, or invalid
 * UTF-8 (replacement characters) in more than 1 of 100 characters of its first megabyte. A model
 * can do nothing useful with it, and a cloud model would be billed for every byte.
 */
export function binaryContent(text: string): string | undefined {
  if (text.includes('\u0000')) return 'it contains NUL bytes (binary data, not text)';
  // Searched in the first part only: a search of the whole text would run to its end when that part has none.
  const part = text.length > EXAMINED_CHARS ? text.slice(0, EXAMINED_CHARS) : text;
  let replacements = 0;
  for (let at = part.indexOf('\uFFFD'); at !== -1; at = part.indexOf('\uFFFD', at + 1)) replacements++;
  if (replacements >= MIN_REPLACEMENTS && replacements > part.length * MAX_REPLACEMENT_SHARE) return `${formatCount(replacements)} of its first ${formatCount(part.length)} characters are not valid UTF-8 (binary data, not text)`;
  return undefined;
}
