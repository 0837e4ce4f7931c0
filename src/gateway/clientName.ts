/** Known agents by the product token their user agent starts with. */
const KNOWN: readonly (readonly [RegExp, string])[] = [
  [/^claude-cli\//i, 'claude-code'],
  [/^cline\//i, 'cline'],
  [/^continue\//i, 'continue'],
  [/^aider\//i, 'aider'],
  [/^anthropic\/js/i, 'anthropic-sdk-js'],
  [/^anthropic\/python/i, 'anthropic-sdk-python'],
  [/^openai\/js/i, 'openai-sdk-js'],
  [/^openai\/python/i, 'openai-sdk-python'],
  [/^python-requests\//i, 'python-requests'],
  [/^curl\//i, 'curl'],
];

/**
 * The client's name for the ledger, from its `User-Agent`: a known agent's short name, else the
 * first product name (letters, digits, `.-_`, at most 40), else `unknown`. Never the whole header:
 * it can carry versions of everything on the machine.
 */
export function clientName(userAgent: string | undefined): string {
  const agent = (userAgent ?? '').trim();
  for (const [pattern, name] of KNOWN) if (pattern.test(agent)) return name;
  const product = /^([A-Za-z0-9._-]{1,40})/.exec(agent)?.[1];
  return product === undefined ? 'unknown' : product.toLowerCase();
}
