/**
 * The texts of the editor's input boxes. A quick input shows about fifty characters of its
 * placeholder at its default width and cuts the rest, so each example stays within that.
 */
export const PLACEHOLDER_MAX_CHARS = 50;

export const ROUTE_REFACTOR_INPUT = {
  title: 'LLM Router: Route this refactor',
  placeholder: 'e.g. Add type hints · /cloud Make it thread-safe',
} as const;
