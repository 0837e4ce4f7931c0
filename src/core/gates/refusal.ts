import { beginningsOf } from './regexPrefix';

/**
 * Whether an answer opens by declining the task. Only the start counts: the first paragraph
 * before any code, so code or prose that merely contains "I can't" later is never flagged.
 *
 * Each language has an apology or regret that may open the answer ("I'm sorry", "Leider",
 * "抱歉"…) and the refusal itself. After an apology any "I cannot / I won't / I'm unable"
 * counts; without one, the refusal must name what is declined ("help", "assist", "do that"…),
 * so "I can't see a bug here" stays an answer.
 */
export function looksLikeRefusal(text: string): boolean {
  const lead = leadOf(text);
  if (lead === '') return false;
  return PATTERNS.some((pattern) => pattern.test(lead));
}

/**
 * Whether an answer that begins with `text` may still open with a refusal once more of it
 * comes: false as soon as no pattern can match however it goes on (a draft that opens "Rename
 * `total`…" is released at its first words instead of after two sentences).
 */
export function mayBecomeRefusal(text: string): boolean {
  if (looksLikeRefusal(text)) return true;
  // A paragraph break or a fence may be under way: the opening paragraph could end here.
  const cut = text.replace(PARTIAL_BREAK, '');
  if (cut !== text && looksLikeRefusal(cut)) return true;
  if (leadOf(text).length >= LEAD_CHARS) return false;
  // The last character may yet combine with the next (NFKC), so the lead is read without it.
  if (COMBINING_END.test(text)) return true;
  const lead = leadOf(withoutLastCharacter(text));
  return BEGINNINGS.some((beginnings) => beginnings === undefined || beginnings.test(lead));
}

const PARTIAL_BREAK = /(?:\n[ \t]*|`{1,2}|~{1,2})$/;
const COMBINING_END = /[\p{M}\u1100-\u11ff\u3130-\u318f]$/u;

function withoutLastCharacter(text: string): string {
  const last = text.codePointAt(text.length - 1) ?? 0;
  const low = last >= 0xdc00 && last <= 0xdfff && text.length >= 2;
  return text.slice(0, text.length - (low ? 2 : 1));
}

/** How far into the answer a refusal is looked for. */
const LEAD_CHARS = 240;

/** The opening words, lower-cased, with typographic apostrophes, markdown emphasis and width variants normalised. */
function leadOf(text: string): string {
  const opening = text.trimStart();
  if (/^(`{3,}|~{3,})/.test(opening)) return '';
  const paragraph = opening.split(/\n[ \t]*\n|`{3,}|~{3,}/, 1)[0] ?? '';
  return paragraph
    .slice(0, LEAD_CHARS)
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02BC\u2032\u00B4`]/g, "'")
    .replace(/^[\s>*_#-]+/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Not followed by a letter or digit (`\b` knows only ASCII). */
const END = '(?![\\p{L}\\p{N}])';
/** Between an apology and what follows: punctuation, space, and an optional "but". */
const gap = (buts: string) => `[\\s,.!:;—–-]*(?:(?:${buts})${END}[\\s,]*)?`;

interface Language {
  /** Openings that apologise or regret. */
  readonly apology: string;
  /** Words for "but" after the apology. */
  readonly but: string;
  /** A refusal of any kind (counts after an apology). */
  readonly refusal: string;
  /** A refusal that names what is declined (counts on its own). */
  readonly plainRefusal: string;
}

const EN_CANNOT = "i (?:can't|cannot|can not|won't|will not|(?:'m|am) (?:not able|unable|not going|not allowed|not permitted)|must decline|have to decline|refuse|(?:do not|don't) feel comfortable)|i'm (?:not able|unable|not going|not allowed|not permitted)";
const EN_DECLINED = "(?:(?:be able to |to |)(?:help|assist|do|provide|comply|complete|fulfil|fulfill|create|write|generate|produce|support|engage|share|give|answer|respond|continue|process|perform|offer|that|this|with)|decline|refuse)";

const LANGUAGES: readonly Language[] = [
  {
    apology: "(?:i'm|i am) (?:really |very |so |truly )?sorry|sorry|i apologi[sz]e|apologies|unfortunately|regrettably|i'm afraid|i am afraid|as an ai(?: language model| assistant| model)?|as a language model",
    but: 'but|however',
    refusal: `(?:${EN_CANNOT})${END}`,
    plainRefusal: `(?:${EN_CANNOT}) ${EN_DECLINED}${END}|i must decline|i have to decline|that's not something i can|this is(?:n't| not) something i can`,
  },
  {
    apology: "je suis (?:vraiment |sincèrement )?désolée?|désolée?|malheureusement|je regrette|hélas|pardon|excusez-moi|en tant qu'(?:ia|intelligence artificielle|assistant|modèle de langage)",
    but: 'mais',
    refusal: "je ne (?:peux|pourrai|pourrais|vais) (?:(?:malheureusement|donc|vraiment) )?pas|je ne suis pas en mesure|je suis incapable|il m'est impossible|je refuse|je dois refuser",
    plainRefusal: "je ne (?:peux|pourrai|pourrais) (?:malheureusement )?pas (?:vous |t')?(?:aider|faire|répondre|fournir|écrire|générer|accéder|satisfaire|donner|traiter|accomplir|compléter)|je ne suis pas en mesure de (?:vous )?(?:aider|répondre|faire|fournir|traiter)|je dois refuser|je refuse de",
  },
  {
    apology: 'es tut mir (?:sehr |wirklich )?leid|tut mir leid|entschuldigung|entschuldige|verzeihung|leider|bedauerlicherweise|als (?:ki|künstliche intelligenz|sprachmodell|ki-assistent)',
    but: 'aber|jedoch',
    refusal: '(?:(?:(?:dabei|damit|das|hierbei|hier) )?(?:ich kann|kann ich|ich werde|werde ich|ich darf|darf ich)[^.!?\\n]{0,60} nicht' + END + ')|ich bin nicht in der lage|bin ich nicht in der lage|ich muss (?:das |diese anfrage )?ablehnen',
    plainRefusal: '(?:(?:ich kann|ich werde|ich darf|(?:dabei|damit|das|hierbei|hier) kann ich)[^.!?\\n]{0,40} nicht (?:(?:dabei |damit )?(?:helfen|tun|machen|erfüllen|beantworten|erstellen|schreiben|bearbeiten|unterstützen|ausführen))' + END + ')|ich bin nicht in der lage, (?:dir |ihnen )?(?:dabei |bei )?(?:zu )?(?:helfen|diese|das)|ich muss (?:das |diese anfrage )?ablehnen',
  },
  {
    apology: 'lo siento(?: mucho)?|lo lamento|disculpa|disculpe|perdón|lamentablemente|desafortunadamente|por desgracia|me temo que|como (?:una )?(?:ia|inteligencia artificial|modelo de lenguaje)',
    but: 'pero|sin embargo',
    refusal: '(?:yo )?no (?:puedo|podré|podría|me es posible|estoy (?:en condiciones|autorizad[oa]|capacitad[oa])|voy a poder)' + END + '|me es imposible|debo (?:rechazar|negarme)|me niego',
    plainRefusal: '(?:yo )?no (?:puedo|podré|podría) (?:ayudar(?:te|le)?|hacer(?:lo)?|proporcionar|cumplir|completar|crear|escribir|generar|responder|continuar|asistir|ofrecer|atender)' + END + '|no estoy en condiciones de|debo (?:rechazar|negarme)|me niego a',
  },
  {
    apology: 'desculpe|desculpa|sinto muito|lamento|infelizmente|peço desculpas|como (?:uma )?(?:ia|inteligência artificial|modelo de linguagem)',
    but: 'mas|porém|no entanto',
    refusal: '(?:eu )?não (?:posso|consigo|poderei|poderia|sou capaz|estou (?:autorizad[oa]|em condições)|vou poder)' + END + '|é-me impossível|me recuso|devo recusar',
    plainRefusal: '(?:eu )?não (?:posso|consigo|poderei|poderia) (?:te |lhe )?(?:ajudar|fazer|fornecer|atender|cumprir|completar|criar|escrever|gerar|responder|continuar|auxiliar|oferecer)' + END + '|não sou capaz de (?:ajudar|fazer|responder)|me recuso a|devo recusar',
  },
  {
    apology: "mi dispiace(?: molto)?|spiacente|purtroppo|sfortunatamente|scusa(?:mi)?|scusi|mi scuso|come (?:un'? ?)?(?:ia|intelligenza artificiale|modello linguistico|assistente)",
    but: 'ma|però',
    refusal: '(?:io )?non (?:posso|riesco|potrò|potrei|sono in grado|sono autorizzat[oa]|mi è possibile)' + END + '|mi è impossibile|devo rifiutare|mi rifiuto',
    plainRefusal: '(?:io )?non (?:posso|riesco a|potrò|potrei) (?:aiutar(?:ti|la|vi)|farlo|fare|fornire|soddisfare|completare|creare|scrivere|generare|rispondere|continuare|assistere|offrire)' + END + '|non sono in grado di (?:aiutar|rispondere|fare|fornire)|devo rifiutare|mi rifiuto di',
  },
  {
    apology: 'извините|простите|прошу прощения|к сожалению|мне жаль|сожалею|увы|как (?:ии|искусственный интеллект|языковая модель)',
    but: 'но|однако',
    refusal: '(?:я )?не (?:могу|смогу|в состоянии|буду)' + END + '|я вынужден(?:а)? отказать|мне нельзя|я не имею права|я отказываюсь',
    plainRefusal: '(?:я )?не (?:могу|смогу) (?:вам |тебе )?(?:помочь|выполнить|сделать|предоставить|написать|создать|сгенерировать|ответить|продолжить|обработать|удовлетворить)' + END + '|я не в состоянии (?:помочь|выполнить|это)|я вынужден(?:а)? отказать|я отказываюсь',
  },
];

/** Chinese, Japanese and Korean write without spaces; their refusals follow the apology within the first sentence or two. */
const CJK: readonly RegExp[] = [
  // Chinese, simplified and traditional
  /^(?:很|非常|十分)?(?:抱歉|对不起|對不起|不好意思|遗憾的是|遺憾的是|作为(?:一个)?(?:ai|人工智能|语言模型)[^,。]*|作為(?:一個)?(?:ai|人工智慧|語言模型)[^,。]*)[\s,，。!！、]*(?:(?:但是?|不过|不過)[\s,，]*)?(?:我)?(?:无法|無法|不能|没办法|沒辦法|不可以|不会|不會|拒绝|拒絕)/u,
  /^我(?:无法|無法|不能|没办法|沒辦法|不可以)(?:帮|幫|协助|協助|提供|完成|满足|滿足|执行|執行|回答|处理|處理|这样做|這樣做|做|为|為|参与|參與)/u,
  // Japanese
  /^(?:申し訳(?:ありません|ございません|ない)(?:が|けれど(?:も)?)?|すみません(?:が)?|恐れ入りますが|残念ながら|あいにく|aiとして)[^。]*?(?:できません|できかねます|いたしかねます|致しかねます|お断り)/u,
  /^(?:その|この|それは|こちらの)?[^。]{0,20}?(?:お手伝い|お応え|お答え|対応|支援|協力|提供)(?:することは|は|いたすことは)?(?:できません|いたしかねます|できかねます)/u,
  // Korean
  /^(?:죄송(?:합니다만|합니다|하지만|해요)|미안(?:합니다|하지만|해요)|유감스럽게도|안타깝게도|아쉽게도|ai로서|인공지능으로서)[^.!?]*(?:[.!?]\s*[^.!?]*)?(?:수\s*없|수가\s*없|불가능|못\s*합니다|드릴\s*수\s*없)/u,
  /^(?:저는\s*|제가\s*)?(?:그\s*|이\s*)?(?:요청(?:은|에는|을)?\s*)?(?:도와\s?드릴|도울|도와줄|제공할|처리할|응할|수행할|답변할|답변\s?드릴)\s*수\s*(?:없|가\s*없)/u,
];

const PATTERNS: readonly RegExp[] = [
  ...LANGUAGES.flatMap((language) => [
    new RegExp(`^(?:(?:${language.apology})${END}${gap(language.but)}){1,2}(?:${language.refusal})`, 'u'),
    new RegExp(`^(?:${language.plainRefusal})`, 'u'),
  ]),
  ...CJK,
];

/** For each pattern, the texts that may still grow into a match of it (undefined: cannot tell before the whole text). */
const BEGINNINGS: readonly (RegExp | undefined)[] = PATTERNS.map((pattern) => beginningsOf(pattern));
