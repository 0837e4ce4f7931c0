import { nameWords } from './secretNames';

/** Words that, anywhere in a value, mark it as a stand-in: `<your-password>`, `changeme`, `xxx`. */
const PLACEHOLDER_WORDS = new Set([
  'your', 'yours', 'my', 'example', 'examples', 'sample', 'dummy', 'fake', 'placeholder', 'changeme', 'change', 'replace', 'redacted', 'insert', 'enter', 'todo',
  'fixme', 'here', 'none', 'null', 'nil', 'undefined', 'empty', 'unset', 'notset', 'required', 'optional', 'xxx', 'xxxx', 'tbd',
]);

/** Whole values that are a word, not a secret: `"password"`, `"Bearer"`, `"disabled"`. */
const PLACEHOLDER_VALUES = new Set([
  'password', 'passwd', 'pass', 'secret', 'token', 'key', 'apikey', 'api_key', 'test', 'testing', 'bearer', 'basic', 'digest', 'oauth', 'oauth2', 'jwt', 'session',
  'cookie', 'header', 'local', 'ldap', 'saml', 'kerberos', 'enabled', 'disabled', 'true', 'false', 'yes', 'no', 'on', 'off', 'string', 'default', 'hidden', 'masked',
]);

/**
 * Whether a value stands in for a secret instead of being one: empty, a template or a reference
 * to the environment or a vault (`${DB_PASSWORD}`, `{{ .Values.pw }}`, `$TOKEN`, `%PASS%`,
 * `env:X`, `op://…`, `ENC[…]`), a placeholder (`<your-password>`, `[REDACTED]`, `********`,
 * `your_api_key_here`), an environment variable's name, a URL or a path without credentials,
 * or the secret-like name itself.
 */
export function looksLikePlaceholder(value: string, name?: string): boolean {
  const text = value.trim();
  if (text === '') return true;
  if (/\$\{|\{\{|\$\(|#\{|%\(|<%|\{%|@\{/.test(text)) return true;
  if (/^\$[A-Za-z_{]|^%[A-Za-z_][\w]*%$|^<[^>]*>$|^\[[^\]]*\]$|^\{[^}]*\}$|^ENC\[|^!/.test(text)) return true;
  if (/^(?:env|vault|secret|secrets|ref|op|sm|awssm|gcpsm|azkv|k8s|file|keyring|keychain):/i.test(text)) return true;
  if (/^(.)\1*$/.test(text) || /^[x*•.\-_ ?#]+$/i.test(text) || /\*{3}|\.{3}|…/.test(text)) return true;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(text)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(text) || /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)/.test(text)) return true;
  if (/^[a-z_]+(?:\.[a-z_]+)+$/.test(text)) return true;
  const lower = text.toLowerCase();
  // A long random value can hold "My" or "Here" by chance; a stand-in is made of words.
  if (text.length >= 20 && entropy(text) >= 4.2) return false;
  if (PLACEHOLDER_VALUES.has(lower) || (name !== undefined && lower === name.toLowerCase())) return true;
  return nameWords(text).some((word) => PLACEHOLDER_WORDS.has(word));
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
