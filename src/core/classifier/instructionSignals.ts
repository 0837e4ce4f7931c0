/**
 * What the instruction asks for, in English, Spanish, German, Chinese and Japanese.
 *
 * Weights are log-odds: negative leans local (mechanical work with a checkable result),
 * positive leans cloud (work that needs reasoning). Three kinds:
 * - `task`: the verb of a mechanical job (rename, add types, write tests...).
 * - `ask`: a request for reasoning (why, find the bug, design, is it safe, should we...).
 * - `topic`: words about hard subjects (concurrency, security, production). They raise the
 *   score but, capped together, cannot outvote a mechanical task on their own.
 */
export type SignalKind = 'task' | 'ask' | 'topic';

export interface InstructionSignal {
  readonly category: string;
  readonly kind: SignalKind;
  readonly weight: number;
  /** Completes the sentence "The instruction ...". */
  readonly meaning: string;
  readonly patterns: readonly RegExp[];
}

const LOCAL_TASK = -3;
const WEAK_LOCAL_TASK = -1.5;
const REASONING_ASK = 3;
const WEAK_ASK = 1.5;
const TOPIC = 1.5;
const UNCERTAINTY = 2;

export const instructionSignals: readonly InstructionSignal[] = [
  // Mechanical tasks (local).
  {
    category: 'rename',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for a rename',
    patterns: [/\brenam(e|es|ed|ing)\b/i, /\b(to|in|into) (camel|snake|pascal|kebab)[ _-]?case\b/i, /renombr/i, /umbenenn/i, /重命名|改名|变量名|命名改/, /名前を(変更|変え)|リネーム|改名/],
  },
  {
    category: 'convert',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for a syntax conversion',
    patterns: [
      /\bconvert\b/i,
      /\bturn (this|it|these)( [\w-]+){0,3} into\b/i,
      /\brefactor\b.*\b(to use|into|using|with)\b/i,
      /\bmake (this|it|the|these|all)\b.*\b(readonly|immutable|const|private|optional|async|generic|pure)\b/i,
      /\bwrap\b.*\bin (a |an )?(try|function|class|promise|component)/i,
      /\breplace (the |all |this |every )?[\w./-]+( [\w./-]+)? with\b/i,
      /\brewrite (this|it) (as|with|in|using)\b/i,
      /\bto (async\/await|es modules|hooks|arrow functions|f-strings)\b/i,
      /convi[eé]rt|pasa (esto|este) a/i,
      /konvertier|umwandeln|umschreiben/i,
      /转换|转成|改写成|改为/,
      /変換|書き換え/,
    ],
  },
  {
    category: 'translate',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks to translate code into another language',
    patterns: [/\btranslate\b/i, /\bport (this|it)( [\w.#+-]+){0,3} to\b/i, /\b(rewrite|redo) (this|it) in (rust|go|python|java|kotlin|swift|c#|c\+\+|typescript|javascript)\b/i, /traduc/i, /übersetz/i, /翻译/, /翻訳/],
  },
  {
    category: 'types',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for type annotations',
    patterns: [
      /\btype (hints?|annotations?|signatures?)\b/i,
      /\b(add|write|generate)\b.*\b(types|typings|interfaces?|type definitions?)\b/i,
      /\btypes? (pls|please)\b/i,
      /\btype-?annotate\b/i,
      /tipos|anotaciones de tipo/i,
      /typ(en|annotationen|hinweise)/i,
      /类型(注解|标注|提示)|加类型/,
      /型(注釈|ヒント|定義)|型を(付け|追加)/,
    ],
  },
  {
    category: 'docs',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for documentation',
    patterns: [
      /\b(docstrings?|jsdoc|javadoc|tsdoc|doc ?comments?)\b/i,
      /\b(add|write)\b.*\bcomments?\b/i,
      /\bdocument (this|these|the|each|every)\b/i,
      /documentaci[oó]n|comentarios/i,
      /dokumentation|dokumentier|kommentare/i,
      /注释|文档/,
      /コメント|ドキュメント|ドックストリング/,
    ],
  },
  {
    category: 'tests',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for unit tests',
    patterns: [
      /\b(write|add|generate|create)\b.*\b(unit )?tests?\b/i,
      /\btests? for (this|these|the)\b/i,
      /\btest cases?\b/i,
      /pruebas (unitarias)?/i,
      /unit-?tests?|tests? schreiben/i,
      /单元测试|测试用例|写测试/,
      /テストを(書|追加|作)|単体テスト|ユニットテスト/,
    ],
  },
  {
    category: 'format',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for formatting',
    patterns: [
      /\b(re-?)?format(ting)?\b/i,
      /\bremove (the )?unused\b/i,
      /\bfix (the )?(typos?|indentation|lint|linting|spelling|whitespace)\b/i,
      /\b(add|organi[sz]e) (the )?(missing )?imports\b/i,
      /\bsort (the |these |this |all )?(imports|keys|lines|entries|fields|properties|members)\b/i,
      /\b(re-?)?indent\b/i,
      /\bprettier\b/i,
      /formatea|ordena/i,
      /formatier|sortier/i,
      /格式化|排序/,
      /整形|フォーマット|並べ替え/,
    ],
  },
  {
    category: 'extract',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for an extract-function refactor',
    patterns: [
      /\bextract\b.*\b(function|method|class|component|helper|hook|constant|variable)\b/i,
      /\bsplit\b.*\b(into|functions|methods)\b/i,
      /\bmove\b.*\binto (its own|a separate|a new)\b/i,
      /extrae|extraer/i,
      /extrahier|auslager/i,
      /提取|抽取|拆分/,
      /抽出|切り出/,
    ],
  },
  {
    category: 'extract-data',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks to extract data into a given structure',
    patterns: [/\bextract\b.*\b(json|fields?|keys|csv|yaml)\b/i, /\binto json\b/i, /\bparse\b.*\binto\b/i],
  },
  {
    category: 'inline',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks to inline code',
    patterns: [/\binline\b/i, /内联/, /インライン/],
  },
  {
    category: 'commit-message',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for a commit message or changelog text',
    patterns: [
      /\bcommit (message|msg)\b/i,
      /\bchangelog\b/i,
      /\brelease notes\b/i,
      /\bpr (title|description)\b/i,
      /mensaje de commit/i,
      /commit-?nachricht/i,
      /提交信息|提交说明/,
      /コミットメッセージ/,
    ],
  },
  {
    category: 'summarize',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for a summary',
    patterns: [/\bsummar(y|i[sz]e)\b/i, /\btl;?dr\b/i, /\bbullet points\b/i, /resum/i, /zusammenfass/i, /总结|概括|摘要/, /要約|まとめ/],
  },
  {
    category: 'explain',
    kind: 'task',
    weight: WEAK_LOCAL_TASK,
    meaning: 'asks what a piece of code does',
    patterns: [
      /\bexplain\b/i,
      /\bwhat (does|do) (this|these|it)\b.*\b(do|mean|match|return)/i,
      /expl[ií]ca/i,
      /erkl[äa]r/i,
      /解释|讲解|说明/,
      /説明|解説/,
    ],
  },
  {
    category: 'boilerplate',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for boilerplate from a clear specification',
    patterns: [
      /\bboilerplate\b/i,
      /\bscaffold/i,
      /\bdockerfile\b/i,
      /\b(github actions|ci) workflow\b/i,
      /\bcrud\b/i,
      /\bwrite (a|an|the) (bash |shell |python |node |sql |powershell )?(script|query|makefile)\b/i,
      /\bwrite the sql\b/i,
      /\badd logging\b/i,
      /\b(generate|create|write)\b.*\b(mock data|fixtures?|sample data|seed data|example usage|enum|dataclass|struct|dto)\b/i,
      /\bgenerate (a|an)\b.*\b(route|endpoint|handler|config|schema|model|form|component|migration|dockerfile|workflow)\b/i,
      /plantilla|genera un/i,
      /vorlage|erzeuge|generiere/i,
      /模板|样板代码|生成一个/,
      /テンプレート|雛形|ひな形/,
    ],
  },
  {
    category: 'regex',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for a regular expression',
    patterns: [/\bregex(es|p)?\b/i, /\bregular expression\b/i, /expresi[oó]n regular/i, /regul[äa]re?r? ausdruck/i, /正则/, /正規表現/],
  },
  {
    category: 'defensive',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for input checks',
    patterns: [
      /\bnull[- ]?checks?\b/i,
      /\bhandle (empty|null|undefined|missing|none|nil|negative)\b/i,
      /\bguard clauses?\b/i,
      /\bvalidate (the )?(input|arguments|parameters)\b/i,
      /\berror handling\b/i,
      /\b(add|write)\b.*\bvalidation\b/i,
      /\bwrap\b.*\btry\b/i,
      /comprobaciones de null|valores nulos/i,
      /null-?prüfung/i,
      /空值检查|判空/,
      /nullチェック|null チェック/,
    ],
  },
  {
    category: 'feature-small',
    kind: 'task',
    weight: -2,
    meaning: 'asks for a small, well-specified feature',
    patterns: [
      /\badd (a|an|the) [\w`'"-]*\s?(flag|option|argument|parameter|spinner|button|field|column|prop|setting|tooltip|placeholder|default)\b/i,
      /\badd (a )?loading\b/i,
    ],
  },
  {
    category: 'classify',
    kind: 'task',
    weight: LOCAL_TASK,
    meaning: 'asks for labelling or classification',
    patterns: [/\bclassify\b/i, /\bcategori[sz]e\b/i, /\blabel (each|these|every|this|the)\b/i, /\btag each\b/i, /clasifica/i, /klassifizier/i, /分类/, /分類/],
  },
  {
    category: 'performance',
    kind: 'task',
    weight: WEAK_LOCAL_TASK,
    meaning: 'asks for a local speed-up',
    patterns: [/\bmake (this|it)( \w+)? (faster|quicker|more efficient)\b/i, /\bspeed (this|it) up\b/i, /\boptimi[sz]e (this|the) (function|loop)\b/i],
  },
  {
    category: 'debug',
    kind: 'task',
    weight: WEAK_LOCAL_TASK,
    meaning: 'is a terse fix request on a small selection',
    patterns: [/^\s*(pls |please )?fix( (this|it|pls|please|the (error|typo|bug)))?\s*[.!]?\s*$/i, /^\s*(arregla|behebe|修复|直して)/i],
  },

  // Requests for reasoning (cloud).
  {
    category: 'debug',
    kind: 'ask',
    weight: REASONING_ASK,
    meaning: 'asks for the cause of a failure',
    patterns: [
      /\bwhy\b/i,
      /\bwhat'?s (going on|wrong|causing|happening)\b/i,
      /\bwhat is (causing|going on|wrong)\b/i,
      /\b(root cause|find the bug|where'?s the bug|track down|figure out)\b/i,
      /\b(crash(es|ed|ing)?|hangs?|freez(es|ing)|deadlocks?|leaks?|loops forever|corrupt(s|ed|ion)?)\b/i,
      /por qu[eé]|se cuelga|la causa/i,
      /warum|wieso|weshalb|hängt|abst[üu]rz|ursache/i,
      /为什么|为何|崩溃|卡死|卡住|原因|泄漏|找.{0,4}bug/i,
      /なぜ|どうして|原因|クラッシュ|落ちる|固まる|リーク/,
    ],
  },
  {
    category: 'debug',
    kind: 'ask',
    weight: UNCERTAINTY,
    meaning: 'describes an intermittent or environment-specific failure',
    patterns: [
      /\b(sometimes|intermittent(ly)?|flaky|randomly|occasionally|subtle|once in a while)\b/i,
      /\bonly (happens )?(on|under|in|when|after)\b/i,
      /\b\d+ in \d+ (runs|times|requests)\b/i,
      /a veces|de vez en cuando|solo (en|cuando)/i,
      /manchmal|gelegentlich|sporadisch|nur (unter|bei|wenn)/i,
      /有时|偶尔|时不时|间歇/,
      /たまに|時々|ときどき|まれに/,
    ],
  },
  {
    category: 'architecture',
    kind: 'ask',
    weight: REASONING_ASK,
    meaning: 'asks for a design or architecture decision',
    patterns: [
      /\barchitect(ure|ural)?\b/i,
      /\bdesign (a|an|the|our|for)\b/i,
      /\b(should|do) (we|i) (use|pick|choose|move|switch|go|adopt|migrate)\b/i,
      /\bwhich (should|is better|one|of (these|the two))\b/i,
      /\b(deciding|choose|choosing) between\b/i,
      /\btrade-?offs?\b/i,
      /\bevaluate\b/i,
      /\bpropose (a|an)\b/i,
      /\bmigrat(e|ion) (our|the|from|away)\b/i,
      /\bshard(ing)?\b/i,
      /\bhow should (we|i)\b/i,
      /arquitectura|dise[ñn]a|deber[ií]amos/i,
      /architektur|entwirf|entwurf|sollten wir/i,
      /架构|设计|方案|选型/,
      /設計|アーキテクチャ|方針/,
    ],
  },
  {
    category: 'security',
    kind: 'ask',
    weight: REASONING_ASK,
    meaning: 'asks whether something is safe or secure',
    patterns: [
      /\b(is|are) (this|it|these|that)\b[^.?]*\bsafe\b/i,
      /\bsecur(e|ity)\b/i,
      /\bvulnerab/i,
      /\b(sql )?injection\b|\bxss\b|\bcsrf\b|\bssrf\b/i,
      /\bthreat model\b|\bexploit/i,
      /es seguro|seguridad|vulnerab/i,
      /\b(ist|sind) (das|es|dies\w*)\b.*\bsicher\b|sicherheit|schwachstelle/i,
      /安全吗|是否安全|安全性|安全漏洞|漏洞/,
      /安全(です|か|性)|脆弱性|セキュリティ/,
    ],
  },
  {
    category: 'review',
    kind: 'ask',
    weight: REASONING_ASK,
    meaning: 'asks for a judgement with consequences',
    patterns: [
      /\breview\b/i,
      /\bwill (it|this|a plan|that)\b/i,
      /\b(check|verify) (whether|if)\b.*\bcorrect\b/i,
      /\bmust not\b|\bwithout (logging|losing|downtime|a rewrite|breaking)\b/i,
      /\blose (data|updates)\b|\bdata loss\b/i,
      /revisa|revisión/i,
      /überprüf|begutacht/i,
      /审查|评审/,
      /レビュー/,
    ],
  },
  {
    category: 'performance',
    kind: 'ask',
    weight: REASONING_ASK,
    meaning: 'describes a performance problem at scale',
    patterns: [
      /\bp9\d\b/i,
      /\blatency spikes?\b|\bgc pauses?\b|\bbottleneck/i,
      /\b(got|gets|became|is) slow(er)? (after|when|under|once)\b/i,
      /\b(\d+(\.\d+)?\s?(k|m|b|million|billion)|\d{4,}) (rows|requests|writes|reads|users|records|events|messages)\b/i,
      /\bmemory (usage|grows|keeps growing)\b/i,
    ],
  },
  {
    category: 'algorithm',
    kind: 'ask',
    weight: WEAK_ASK,
    meaning: 'asks for a non-trivial algorithm',
    patterns: [/\bO\([^)]+\)/, /\balgorithm\b/i, /\bimplement (an?|the) [\w -]*(cache|scheduler|allocator|parser|index|queue|tree|graph)\b/i],
  },
  {
    category: 'general',
    kind: 'ask',
    weight: WEAK_ASK,
    meaning: 'is an open question',
    patterns: [/\bhow (do|can|would) (we|i)\b/i, /\bwhat (should|would) (we|i)\b/i, /\bwhere\?/i, /c[oó]mo (puedo|podemos)/i, /wie (kann|können|sollte)/i, /怎么办|如何/, /どうすれば/],
  },

  // Hard subjects (cloud-leaning topics, capped together).
  {
    category: 'concurrency',
    kind: 'topic',
    weight: TOPIC,
    meaning: 'involves concurrency',
    patterns: [
      /\b(concurren(t|cy|tly)|race condition|deadlock|thread[- ]safe|lock-free|atomic(ity|ally)?|mutex|goroutines?|multithread|parallel writers|two writers|rebalanc\w*|exactly[- ]once)\b/i,
      /concurrencia|condici[oó]n de carrera/i,
      /nebenläufig|gleichzeitig|threadsicher/i,
      /并发|死锁|竞态|线程安全|多线程/,
      /並行|並列|デッドロック|競合|スレッド/,
    ],
  },
  {
    category: 'security',
    kind: 'topic',
    weight: TOPIC,
    meaning: 'touches authentication, secrets or permissions',
    patterns: [/\b(login|auth|authn|authz|authenticat\w*|authori[sz]\w*|password|permissions?|oauth\w*|oidc|tokens? leak|secrets?|encrypt\w*|sandbox\w*)\b/i],
  },
  {
    category: 'review',
    kind: 'topic',
    weight: TOPIC,
    meaning: 'concerns production systems or infrastructure',
    patterns: [/\b(production|prod|live|on-call|outage|incident)\b/i, /\b(terraform|kubernetes|helm|postgres|kafka)\b/i, /本番|生产环境|producción|produktion/i],
  },
];

export const TOPIC_CAP = 2;
