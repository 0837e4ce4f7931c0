/** The concepts the lexicon names (concepts.ts gives their meaning). */
export type ConceptKey = 'why' | 'cause' | 'intermittent' | 'mystery' | 'crash' | 'memory' | 'concurrency' | 'security' | 'safe' | 'attack' | 'credentials' | 'design' | 'choice' | 'compatibility' | 'load' | 'performance' | 'correctness' | 'algorithm' | 'review' | 'explain' | 'fix' | 'pointed-error' | 'rename' | 'convert' | 'extract' | 'format' | 'docs' | 'types' | 'tests' | 'boilerplate' | 'config' | 'css' | 'sql' | 'regex' | 'translate' | 'extract-data' | 'summary' | 'small' | 'prescribe' | 'scenario' | 'trace' | 'contrast';

/**
 * One language's words per concept, separated by `|` (one string parses faster than an array of
 * thousands), lower case and NFKC-normalised as instructions are before matching.
 */
export type ConceptWords = Partial<Record<ConceptKey, string>>;
