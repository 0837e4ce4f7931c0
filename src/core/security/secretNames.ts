/**
 * How much a name (a variable, a config key, an environment variable) says that its value is
 * a secret: `password` for the password family, `secret` for tokens, keys and other credentials,
 * `weak` for names such as `key` or `signature` that hold a secret only when the value is long
 * and random, undefined for any other name.
 */
export type SecretNameKind = 'password' | 'secret' | 'weak';

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'pword']);
const SECRET_WORDS = new Set(['secret', 'secrets', 'token', 'apikey', 'auth', 'authorization', 'credential', 'credentials', 'bearer', 'cookie', 'sessionid']);
/** Word pairs that name a secret only together: `access key`, `private key`. */
const SECRET_PAIRS = new Set(['api key', 'access key', 'private key', 'secret key', 'client secret', 'signing key', 'encryption key', 'master key', 'account key', 'session key', 'auth token', 'refresh token', 'access token', 'shared key', 'app key', 'license key', 'webhook secret']);
const WEAK_WORDS = new Set(['key', 'private', 'signature', 'sig', 'hmac', 'salt', 'seed', 'cert', 'pin', 'dsn']);

/**
 * A last word that makes the name describe a secret rather than hold one: `PASSWORD_MIN_LENGTH`,
 * `token_url`, `secretName`, `api_key_header`.
 */
const DESCRIPTOR_WORDS = new Set([
  'label', 'labels', 'hint', 'message', 'msg', 'text', 'title', 'description', 'field', 'fields', 'prompt', 'placeholder', 'regex', 'regexp', 'pattern',
  'length', 'len', 'min', 'max', 'policy', 'policies', 'rule', 'rules', 'url', 'uri', 'path', 'endpoint', 'file', 'filename', 'dir', 'folder', 'type', 'types',
  'name', 'names', 'header', 'headers', 'param', 'params', 'env', 'var', 'variable', 'count', 'limit', 'expiry', 'expires', 'expiration', 'ttl', 'timeout', 'lifetime',
  'format', 'prefix', 'suffix', 'id', 'ids', 'enabled', 'disabled', 'required', 'visible', 'error', 'errors', 'reset', 'changed', 'strength', 'validator', 'validation',
  'input', 'selector', 'class', 'style', 'icon', 'column', 'size', 'version', 'mode', 'method', 'algorithm', 'algo', 'hash', 'hashed', 'digest', 'provider', 'service',
  'scope', 'scopes', 'schema', 'store', 'storage', 'manager', 'helper', 'generator', 'location', 'source', 'ref', 'reference', 'index', 'level', 'kind', 'flag',
  'encoding', 'position', 'status', 'state', 'valid', 'invalid', 'dialog', 'form', 'button', 'link', 'page', 'view', 'route', 'handler', 'callback', 'fn', 'func',
  'mask', 'masked', 'shown', 'toggle', 'option', 'options', 'config', 'settings', 'setting', 'test', 'spec', 'mock', 'stub', 'example',
]);

/** Splits `DB_PASSWORD`, `dbPassword`, `db.password`, `_authToken` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

export function secretNameKind(name: string): SecretNameKind | undefined {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined || DESCRIPTOR_WORDS.has(last)) return undefined;
  if (words.some((word) => PASSWORD_WORDS.has(word))) return 'password';
  if (words.some((word) => SECRET_WORDS.has(word))) return 'secret';
  for (let index = 0; index + 1 < words.length; index++) if (SECRET_PAIRS.has(`${words[index]} ${words[index + 1]}`)) return 'secret';
  // "apiKey" and "accesskey" are one word once folded.
  const joined = words.join('');
  if (/apikey|accesskey|secretkey|privatekey|clientsecret|authtoken|accesstoken|refreshtoken/.test(joined)) return 'secret';
  if (words.some((word) => WEAK_WORDS.has(word))) return 'weak';
  return undefined;
}

/** Environment variables and settings whose value is a secret by their name alone. */
export function isSecretName(name: string): boolean {
  const kind = secretNameKind(name);
  return kind === 'password' || kind === 'secret';
}
