// Written by `npm run build:signal-fragments` from instructionSignals.ts; do not edit by hand.

/**
 * Per instruction signal, in the order of instructionSignals: lower-case fragments one of which
 * every match of its patterns contains (null: its patterns always run). A signal whose fragments
 * are all absent from the lower-cased instruction cannot match, so its patterns are not compiled.
 */
export const SIGNAL_FRAGMENTS: readonly (readonly string[] | null)[] = [
  // rename (task): asks for a rename
  ["改名","变量名","命名改","重命名","リネーム","名前を変え","名前を変更","rename","renombr","in camel","in kebab","in snake","renaming","to camel","to kebab","to snake","umbenenn","in pascal","to pascal"],
  // convert (task): asks for a syntax conversion
  ["変換","改为","转成","转换","改写成","書き換え","convi","in try","convert","make it","turn it","in a try","in class","make all","make the","refactor","replace ","to hooks","in an try","make this","turn this","umwandeln","in a class","in promise","konvertier","turn these","in an class","in function","pasa este a","pasa esto a","umschreiben","in a promise","in component","to f-strings","in a function","in an promise","rewrite it as","rewrite it in","to es modules","in a component","in an function","to async/await","in an component","rewrite it with","rewrite this as","rewrite this in","rewrite it using","rewrite this with","rewrite this using","to arrow functions"],
  // translate (task): asks to translate code into another language
  ["翻訳","翻译","traduc","bersetz","port it","port this","translate","redo it in ","redo this in ","rewrite it in ","rewrite this in "],
  // types (task): asks for type annotations
  ["加类型","型定義","型注釈","型を付け","型を追加","型ヒント","类型提示","类型标注","类型注解","tipos","typen","types","typings","type pls","interface","type hint","type please","typhinweise","typeannotate","type-annotate","type signature","typannotationen","type annotation","type definition","anotaciones de tipo"],
  // docs (task): asks for documentation
  ["文档","注释","コメント","jsdoc","tsdoc","ドキュメント","comment","javadoc","ドックストリング","docstring","kommentare","comentarios","documentaci","dokumentier","document the","document each","document this","dokumentation","document every"],
  // tests (task): asks for unit tests
  ["写测试","test","单元测试","测试用例","テストを作","テストを書","単体テスト","テストを追加","ユニットテスト","pruebas "],
  // format (task): asks for formatting
  ["排序","整形","格式化","並べ替え","sort ","format","indent","ordena","フォーマット","sortier"," imports","fix lint","fix typo","prettier","fix spelling","fix the lint","fix the typo","remove unused","fix whitespace","fix the spelling","remove the unused","fix the whitespace"],
  // extract (task): asks for an extract-function refactor
  ["抽出","抽取","拆分","提取","切り出","split","extrae","extract","auslager","extrahier","into a new","into its own","into a separate"],
  // extract-data (task): asks to extract data into a given structure
  ["parse","extract","into json"],
  // inline (task): asks to inline code
  ["内联","インライン","inline"],
  // commit-message (task): asks for a commit message or changelog text
  ["提交信息","提交说明","pr title","changelog","コミットメッセージ","commit msg","release notes","commit message","pr description","commitnachricht","commit-nachricht","mensaje de commit"],
  // summarize (task): asks for a summary
  ["总结","摘要","概括","要約","まとめ","tldr","resum","tl;dr","summar","zusammenfass","bullet points"],
  // explain (task): asks what a piece of code does
  ["解説","解释","説明","讲解","说明","erkl","expl","what do it","what do this","what does it","what do these","what does this","what does these"],
  // boilerplate (task): asks for boilerplate from a clear specification
  ["模板","雛形","ひな形","crud","样板代码","生成一个","write","create","テンプレート","erzeuge","vorlage","generate","scaffold","genera un","generiere","plantilla","dockerfile","add logging","boilerplate","ci workflow","github actions workflow"],
  // regex (task): asks for a regular expression
  ["正则","正規表現","regex","n regular","r ausdruck","re ausdruck","regular expression"],
  // defensive (task): asks for input checks
  ["判空","wrap","空值检查","check","nullpr","null-pr","nullチェック","null チェック","handle nil","validation","handle none","handle null","guard clause","handle empty","valores nulos","error handling","handle missing","validate input","handle negative","handle undefined","validate arguments","validate the input","validate parameters","comprobaciones de null","validate the arguments","validate the parameters"],
  // feature-small (task): asks for a small, well-specified feature
  ["add a ","add an ","add the ","add loading"],
  // classify (task): asks for labelling or classification
  ["分类","分類","categori","classify","tag each","clasifica","label the","label each","label this","label every","klassifizier"],
  // performance (task): asks for a local speed-up
  ["make it","make this","e the loop","e this loop","speed it up","speed this up","e the function","e this function"],
  // debug (task): is a terse fix request on a small selection
  ["修复","fix","直して","behebe","arregla"],
  // debug (ask): asks for the cause of a failure
  ["なぜ","为何","卡住","卡死","原因","崩溃","泄漏","bug","ngt","why","リーク","为什么","固まる","落ちる","abst","hang","leak","どうして","crash","warum","wieso","クラッシュ","por qu","corrupt","freezes","ursache","weshalb","deadlock","freezing","la causa","se cuelga","figure out","root cause","track down","whats wrong","what's wrong","loops forever","what is wrong","whats causing","what's causing","whats going on","what is causing","what's going on","whats happening","what is going on","what's happening"],
  // debug (ask): describes an intermittent or environment-specific failure
  ["偶尔","時々","有时","间歇","たまに","まれに","时不时","ときどき"," runs","flaky"," times","subtle","a veces","nur bei","only in","only on","solo en","manchmal","nur wenn","randomly"," requests","nur unter","only when","sometimes","only after","only under","sporadisch","solo cuando","gelegentlich","intermittent","occasionally","once in a while","only happens in","only happens on","de vez en cuando","only happens when","only happens after","only happens under"],
  // architecture (ask): asks for a design or architecture decision
  ["方案","方針","架构","設計","设计","选型","dise","deber","do i ","shard","do we ","entwirf","entwurf","アーキテクチャ","design a","evaluate","tradeoff","architect","propose a","should i ","trade-off","which one","design for","design our","design the","should we ","architektur","migrate our","migrate the","sollten wir","arquitectura","how should i","migrate away","migrate from","which should","how should we","migration our","migration the","choose between","migration away","migration from","which of these","which is better","choosing between","deciding between","which of the two"],
  // security (ask): asks whether something is safe or secure
  ["漏洞","xss","安全か","安全吗","安全性","脆弱性","csrf","ssrf","安全です","是否安全","is it","are it","secure","sicher","セキュリティ","exploit","is that","is this","are that","are this","is these","security","vulnerab","are these","es seguro","injection","seguridad","threat model","schwachstelle"],
  // review (ask): asks for a judgement with consequences
  ["审查","评审","レビュー","berpr","review","revisa","revisi","will it","check if","must not","begutacht","data loss","lose data","verify if","will that","will this","will a plan","lose updates","check whether","verify whether","without losing","without logging","without breaking","without downtime","without a rewrite"],
  // performance (ask): describes a performance problem at scale
  ["p9"," rows"," reads"," users"," events"," writes"," records","gc pause","is slow "," messages"," requests","got slow ","bottleneck","gets slow ","is slower ","got slower ","became slow ","gets slower ","memory grows","memory usage","latency spike","became slower ","memory keeps growing"],
  // algorithm (ask): asks for a non-trivial algorithm
  ["o(","algorithm","implement a ","implement an ","implement the "],
  // general (ask): is an open question
  ["如何","怎么办","wie ","どうすれば","where?","how do i","mo puedo","how can i","how do we","how can we","mo podemos","how would i","how would we","what would i","what should i","what would we","what should we"],
  // concurrency (topic): involves concurrency
  ["並列","並行","并发","死锁","竞态","競合","多线程","スレッド","线程安全","mutex","atomic","nebenl","thread","デッドロック","exactly","deadlock","rebalanc","goroutine","lock-free","concurrent","concurrency","two writers","concurrencia","gleichzeitig","n de carrera","race condition","parallel writers"],
  // security (topic): touches authentication, secrets or permissions
  ["auth","oidc","login","secret","encrypt","sandbox","password","permission","token leak","tokens leak"],
  // review (topic): concerns production systems or infrastructure
  ["本番","helm","live","prod","生产环境","kafka","outage","on-call","incident","postgres","terraform","kubernetes"],
];
