/**
 * What the selected code itself says about the task. These are nudges, smaller than what the
 * instruction asks: a docstring for a mutex-heavy function is still a docstring.
 */
export interface CodeSignal {
  readonly category: string;
  readonly weight: number;
  /** Completes the sentence "The code ...". */
  readonly meaning: string;
  readonly pattern: RegExp;
}

export const codeSignals: readonly CodeSignal[] = [
  // Code whose failure paths matter: editing it well means reasoning about what can go wrong.
  {
    category: 'error-handling',
    weight: 0.25,
    meaning: 'handles errors',
    pattern: /\b(try\s*[{:]|catch\s*[({]|except\b[\w\s.,()]*:|finally\s*[{:]|rescue\b|recover\(\))|\.catch\(/,
  },
  {
    category: 'concurrency',
    weight: 0.75,
    meaning: 'uses concurrency primitives',
    pattern:
      /\b(Mutex|RWMutex|sync\.WaitGroup|synchronized|Semaphore|AtomicInteger|AtomicReference|compareAndSwap\w*|compare_exchange\w*|CompareAndSwap\w*|threading\.Lock|asyncio\.Lock|go func|chan \w+|select \{|pthread_\w+|std::thread|std::atomic|Arc<Mutex|tokio::spawn|worker_threads|SharedArrayBuffer|Atomics\.)/,
  },
  {
    category: 'security',
    weight: 0.75,
    meaning: 'handles credentials, crypto or shell and SQL execution',
    pattern:
      /\b(password|passwd|bcrypt|scrypt|argon2|jwt|createHash|createCipher\w*|hashlib|child_process|subprocess|os\.system|eval\(|innerHTML|dangerouslySetInnerHTML|pickle\.loads|yaml\.load\(|set_cookie|session\[|\.execute\(\s*f?["'`]\s*(SELECT|INSERT|UPDATE|DELETE)[^"'`]*["'`]\s*(\+|%|\.format))/i,
  },
  {
    category: 'debug',
    weight: 1,
    meaning: 'contains a runtime stack trace',
    pattern:
      /(^\s+at [\w$.<>]+ \(.+:\d+:\d+\)$)|Traceback \(most recent call last\)|panicked at|Exception in thread|Segmentation fault|SIGSEGV|^\s+at [\w$.]+\([\w.]+\.java:\d+\)$/m,
  },
  {
    category: 'debug',
    weight: -0.5,
    meaning: 'contains a compiler error with a precise code',
    pattern: /\b(TS\d{4}|CS\d{4}|E\d{4}|error\[E\d{4}\])\b|:\d+:\d+: error:/,
  },
];
