/**
 * Words for the ideas that decide a route, in many natural languages, so that what the model
 * learns from one language carries to the others: "pourquoi", "почему" and "왜" are one feature.
 * Stems, not whole words, where a language inflects; every concept is a feature, never a verdict.
 */
import { PhraseIndex } from './phraseIndex';

export interface Concept {
  readonly key: string;
  /** Completes "The task …". */
  readonly meaning: string;
  /** The category a task naming it belongs to, and which way it leans (log-odds sign and size, as the rules weigh them). */
  readonly category?: string;
  readonly lean?: number;
  readonly words: readonly string[];
}

export const concepts: readonly Concept[] = [
  {
    key: 'why',
    category: 'debug',
    lean: 3,
    meaning: 'asks why',
    words: ['why', 'por qué', 'porqué', 'pourquoi', 'por que', 'perché', 'warum', 'wieso', 'почему', 'отчего', 'чому', 'dlaczego', 'czemu', 'neden', 'niçin', 'niye', 'waarom', 'proč', 'γιατί', 'لماذا', 'ليش', 'למה', 'מדוע', 'چرا', 'varför', 'kenapa', 'mengapa', 'tại sao', 'vì sao', 'ทำไม', 'क्यों', '왜', 'なぜ', 'どうして', '为什么', '為什麼', '为何'],
  },
  {
    key: 'cause',
    category: 'debug',
    lean: 3,
    meaning: 'asks for the cause of a failure',
    words: ['root cause', 'what causes', "what's causing", 'find the bug', 'track down', 'la causa', 'la cause', 'a causa', 'ursache', 'причин', 'przyczyn', 'sebebi', 'nedeni', 'oorzaak', 'příčin', 'αιτία', 'سبب', 'סיבה', 'علت', 'orsak', 'penyebab', 'nguyên nhân', 'สาเหตุ', 'कारण', '원인', '原因'],
  },
  {
    key: 'intermittent',
    category: 'debug',
    lean: 2,
    meaning: 'describes a failure that comes and goes',
    words: ['sometimes', 'intermittent', 'flaky', 'randomly', 'occasionally', 'a veces', 'de vez en cuando', 'parfois', 'de temps en temps', 'aléatoirement', 'às vezes', 'intermitente', 'a volte', 'ogni tanto', 'manchmal', 'gelegentlich', 'sporadisch', 'иногда', 'периодически', 'случайным образом', 'іноді', 'інколи', 'czasami', 'czasem', 'losowo', 'bazen', 'ara sıra', 'arada bir', 'soms', 'af en toe', 'někdy', 'občas', 'μερικές φορές', 'ενίοτε', 'أحيانا', 'أحياناً', 'לפעמים', 'گاهی', 'ibland', 'kadang', 'terkadang', 'đôi khi', 'thỉnh thoảng', 'บางครั้ง', 'कभी-कभी', '가끔', '간헐적', '때때로', 'たまに', '時々', 'ときどき', '有时', '偶尔', '間歇', '间歇'],
  },
  {
    key: 'concurrency',
    category: 'concurrency',
    lean: 1.5,
    meaning: 'is about concurrency',
    words: ['race', 'deadlock', 'concurren', 'thread', 'mutex', 'goroutine', 'atomic', 'lock-free', 'carrera', 'interblocage', 'accès concurrent', 'concorrên', 'condição de corrida', 'concorrenza', 'stallo', 'nebenläufig', 'gleichzeitig', 'гонк', 'взаимоблокир', 'многопоточ', 'потокобезопас', 'конкурентн', 'блокировк', 'потік', 'współbieżn', 'zakleszcz', 'wyścig', 'eşzamanlı', 'eş zamanlı', 'kilitlen', 'yarış durumu', 'gelijktijdig', 'souběž', 'uváznutí', 'ταυτόχρον', 'νήμα', 'تزامن', 'متزامن', 'מקביל', 'همزمان', 'samtidig', 'bersamaan', 'konkuren', 'đồng thời', 'tranh chấp', 'พร้อมกัน', 'समवर्ती', '동시', '경쟁 조건', '교착', '데드락', '고루틴', '스레드', '並行', '並列', 'デッドロック', '競合', 'スレッド', '并发', '死锁', '竞态', '线程', '協程', '协程'],
  },
  {
    key: 'security',
    category: 'security',
    lean: 1.5,
    meaning: 'is about security',
    words: ['security', 'secure', 'vulnerab', 'exploit', 'injection', 'xss', 'csrf', 'ssrf', 'privilege', 'seguridad', 'sécurité', 'faille', 'segurança', 'vulnerabilidade', 'sicurezza', 'vulnerabilità', 'sicherheit', 'schwachstelle', 'безопасн', 'уязвим', 'безпек', 'вразлив', 'bezpieczeń', 'podatnoś', 'güvenli', 'zafiyet', 'beveiliging', 'kwetsba', 'bezpečnost', 'zranitel', 'ασφάλει', 'ευπάθει', 'أمان', 'أمن', 'ثغرة', 'אבטחה', 'פגיעות', 'امنیت', 'آسیب‌پذیر', 'säkerhet', 'sårbar', 'keamanan', 'kerentanan', 'bảo mật', 'lỗ hổng', 'ความปลอดภัย', 'ช่องโหว่', 'सुरक्षा', '보안', '취약', 'セキュリティ', '脆弱', '安全', '漏洞'],
  },
  {
    key: 'design',
    category: 'architecture',
    lean: 3,
    meaning: 'asks for a design decision or trade-off',
    words: ['architecture', 'trade-off', 'tradeoff', 'should we', 'should i', 'which is better', 'design a', 'design the', 'arquitectura', 'diseña', 'deberíamos', 'concevoir', 'conception', 'faut-il', 'devrait-on', 'arquitetura', 'projetar', 'devemos', 'architettura', 'progettare', 'dovremmo', 'architektur', 'entwirf', 'sollten wir', 'архитектур', 'спроектир', 'стоит ли', 'как лучше', 'архітектур', 'варто', 'architektur', 'zaprojektuj', 'czy powinniśmy', 'mimari', 'tasarla', 'tasarım', 'architectuur', 'ontwerp', 'moeten we', 'navrhni', 'αρχιτεκτονική', 'σχεδίασ', 'تصميم', 'معمارية', 'ארכיטקטורה', 'תכנון', 'معماری', 'طراحی', 'arkitektur', 'arsitektur', 'rancang', 'kiến trúc', 'thiết kế', 'สถาปัตยกรรม', 'ออกแบบ', 'आर्किटेक्चर', '아키텍처', '설계', '트레이드오프', 'アーキテクチャ', '設計', '方針', '架构', '架構', '设计', '方案', '选型'],
  },
  {
    key: 'explain',
    category: 'explain',
    lean: -1.5,
    meaning: 'asks for an explanation',
    words: ['explain', 'what does', 'explica', 'explique', 'spiega', 'erklär', 'erklar', 'объясни', 'поясни', 'wyjaśnij', 'wytłumacz', 'açıkla', 'leg uit', 'uitleg', 'vysvětli', 'εξήγησ', 'اشرح', 'הסבר', 'תסביר', 'توضیح', 'förklara', 'jelaskan', 'giải thích', 'อธิบาย', 'समझा', '설명', '説明', '解説', '解释', '解釋', '说明'],
  },
  {
    key: 'fix',
    meaning: 'asks for a fix',
    words: ['fix', 'repair', 'arregla', 'corrige', 'répare', 'corrija', 'conserte', 'correggi', 'behebe', 'repariere', 'исправ', 'почини', 'виправ', 'napraw', 'popraw', 'düzelt', 'repareer', 'oplossen', 'oprav', 'διόρθωσ', 'أصلح', 'תקן', 'درست کن', 'رفع کن', 'fixa', 'laga', 'perbaiki', 'sửa', 'แก้', 'ठीक', '고쳐', '수정', '直して', '修正', '修复', '修復'],
  },
  {
    key: 'rename',
    category: 'rename',
    lean: -3,
    meaning: 'asks for a rename',
    words: ['rename', 'camelcase', 'camel case', 'snake_case', 'snake case', 'pascalcase', 'キャメルケース', 'スネークケース', '驼峰', '카멜', '스네이크', 'renombra', 'renomme', 'renomeie', 'renomear', 'rinomina', 'umbenenn', 'переимен', 'перейменуй', 'zmień nazw', 'yeniden adlandır', 'adını değiştir', 'hernoem', 'přejmenuj', 'μετονόμασ', 'أعد تسمية', 'שנה את השם', 'تغییر نام', 'byt namn', 'ganti nama', 'đổi tên', 'เปลี่ยนชื่อ', 'नाम बदल', '이름을 바꿔', '이름 변경', '이름을 변경', 'リネーム', '名前を変', '重命名', '改名'],
  },
  {
    key: 'convert',
    category: 'convert',
    lean: -3,
    meaning: 'asks to convert or port code',
    words: ['convert', 'port to', 'rewrite', 'migrate to', 'convierte', 'reescribe', 'convertis', 'réécris', 'converta', 'reescreva', 'converti', 'riscrivi', 'konvertier', 'umschreib', 'перепиши', 'преобразуй', 'конвертируй', 'перепиши', 'przepisz', 'przekształć', 'dönüştür', 'yeniden yaz', 'herschrijf', 'converteer', 'přepiš', 'μετάτρεψ', 'ξαναγράψ', 'حوّل', 'أعد كتابة', 'המר', 'تبدیل', 'konvertera', 'skriv om', 'ubah ke', 'tulis ulang', 'chuyển', 'viết lại', 'แปลง', 'बदलो', '변환', '바꿔줘', '옮겨', '変換', '書き換え', '转换', '轉換', '改写', '改寫'],
  },
  {
    key: 'docs',
    category: 'docs',
    lean: -3,
    meaning: 'asks for comments or documentation',
    words: ['docstring', 'comment', 'jsdoc', 'javadoc', 'readme', 'document', 'comentario', 'documentación', 'commentaire', 'comentário', 'documentação', 'commento', 'commenti', 'documentazione', 'kommentar', 'dokumentation', 'комментари', 'документаци', 'коментар', 'документаці', 'komentarz', 'dokumentacj', 'yorum', 'dokümantasyon', 'belgele', 'commentaar', 'documentatie', 'komentář', 'dokumentac', 'σχόλι', 'τεκμηρίωσ', 'تعليق', 'توثيق', 'הערה', 'הערות', 'תיעוד', 'کامنت', 'مستندات', 'dokumentera', 'komentar', 'dokumentasi', 'chú thích', 'tài liệu', 'คอมเมนต์', 'เอกสาร', 'टिप्पणी', '주석', '문서', 'コメント', 'ドキュメント', '注释', '註解', '文档', '文檔'],
  },
  {
    key: 'types',
    category: 'types',
    lean: -3,
    meaning: 'asks for type annotations',
    words: ['type hint', 'type annotation', 'typing', 'anotaciones de tipo', 'annotations de type', 'anotações de tipo', 'annotazioni di tipo', 'typannotation', 'typhinweis', 'аннотаци', 'анотаці', 'adnotacj', 'tip ipucu', 'tip açıklama', 'type-annotatie', 'typové anotace', 'σχολιασμό τύπων', 'تلميحات النوع', 'הערות טיפוס', 'نوع‌دهی', 'typannotering', 'anotasi tipe', 'chú thích kiểu', 'ประเภทข้อมูล', 'टाइप', '타입', '型注釈', '型ヒント', '型定義', '类型注解', '类型标注', '型別'],
  },
  {
    key: 'tests',
    category: 'tests',
    lean: -3,
    meaning: 'asks for tests',
    words: ['unit test', 'test case', 'tests for', 'pruebas', 'prueba unitaria', 'tests unitaires', 'testes', 'teste unitário', 'test unitari', 'unittest', 'тест', 'testy', 'testler', 'birim test', 'testen', 'τεστ', 'δοκιμ', 'اختبار', 'בדיק', 'טסט', 'تست', 'enhetstest', 'pengujian', 'kiểm thử', 'ทดสอบ', 'परीक्षण', '테스트', 'テスト', '测试', '測試'],
  },
  {
    key: 'summary',
    category: 'summarize',
    lean: -3,
    meaning: 'asks for a summary or a commit message',
    words: ['summar', 'commit message', 'changelog', 'release notes', 'tl;dr', 'resumen', 'résume', 'résumé', 'resuma', 'riassumi', 'riassunto', 'zusammenfass', 'кратко', 'резюм', 'сообщение коммита', 'коротко', 'podsumuj', 'streszcz', 'özetle', 'özet', 'commit mesajı', 'vat samen', 'samenvatting', 'shrň', 'shrnutí', 'σύνοψ', 'لخص', 'ملخص', 'סכם', 'סיכום', 'خلاصه', 'sammanfatta', 'ringkas', 'rangkum', 'tóm tắt', 'สรุป', 'सारांश', '요약', '커밋 메시지', '要約', 'まとめ', 'コミットメッセージ', '总结', '總結', '摘要', '提交信息'],
  },
  {
    key: 'performance',
    category: 'performance',
    lean: 1.5,
    meaning: 'is about performance',
    words: ['slow', 'performance', 'latency', 'bottleneck', 'throughput', 'lento', 'rendimiento', 'lent', 'lenteur', 'desempenho', 'prestazioni', 'langsam', 'leistung', 'медленн', 'тормоз', 'производительн', 'повільн', 'продуктивн', 'wolno', 'wydajnoś', 'yavaş', 'performans', 'traag', 'prestaties', 'pomal', 'výkon', 'αργ', 'απόδοσ', 'بطيء', 'أداء', 'איטי', 'ביצועים', 'کند', 'کارایی', 'långsam', 'prestanda', 'lambat', 'kinerja', 'chậm', 'hiệu năng', 'ช้า', 'ประสิทธิภาพ', 'धीमा', '느려', '느림', '성능', '遅い', '性能', '慢'],
  },
  {
    key: 'crash',
    category: 'debug',
    lean: 3,
    meaning: 'describes a crash, hang or leak',
    words: ['crash', 'hang', 'freez', 'leak', 'corrupt', 'segfault', 'se cuelga', 'fuga', 'plante', 'fuite', 'gèle', 'trava', 'vazamento', 'si blocca', 'perdita di memoria', 'abstürz', 'hängt', 'speicherleck', 'падает', 'зависа', 'утечк', 'падає', 'зависає', 'витік', 'zawiesza', 'wyciek', 'çök', 'donuyor', 'sızıntı', 'loopt vast', 'geheugenlek', 'zamrz', 'κολλάει', 'διαρροή', 'يتعطل', 'تسرب', 'קורס', 'נתקע', 'דליפת', 'کرش', 'هنگ', 'نشت', 'kraschar', 'hänger sig', 'läcka', 'macet', 'bocor', 'treo', 'rò rỉ', 'ค้าง', 'แครช', 'रुक जाता', '크래시', '멈춰', '멈춤', '누수', 'クラッシュ', '落ちる', '固まる', 'リーク', '崩溃', '崩潰', '卡死', '卡住', '泄漏'],
  },
];

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

let wordIndex: { phrases: PhraseIndex; concept: Int32Array; rank: Int32Array } | undefined;

/** Every concept's words in one index, each word knowing its concept and its place in that concept's list. */
function conceptWordIndex() {
  if (wordIndex !== undefined) return wordIndex;
  const words: string[] = [];
  const concept: number[] = [];
  const rank: number[] = [];
  concepts.forEach((entry, index) =>
    entry.words.forEach((word, place) => {
      words.push(word);
      concept.push(index);
      rank.push(place);
    }),
  );
  wordIndex = { phrases: new PhraseIndex(words), concept: Int32Array.from(concept), rank: Int32Array.from(rank) };
  return wordIndex;
}

/**
 * The concepts an instruction names, with the words that named them: for each concept, the first
 * of its words (in its list's order) that occurs. Plain substring search (a regex of hundreds of
 * Unicode alternatives costs seconds to compile), all words in one pass over the instruction; a
 * Latin-script stem must start a word, so "race" is not found in "trace" nor "fix" in "prefix".
 */
export function conceptsIn(normalisedInstruction: string): { concept: Concept; word: string }[] {
  const { phrases, concept, rank } = conceptWordIndex();
  const first = new Int32Array(concepts.length).fill(-1);
  phrases.forEachOccurrence(normalisedInstruction, (id, at) => {
    const named = concept[id];
    if (first[named] !== -1 && first[named] <= rank[id]) return;
    const startsLatin = concepts[named].words[rank[id]].charCodeAt(0) < 0x250;
    if (startsLatin && at !== 0 && LETTER_OR_DIGIT.test(normalisedInstruction[at - 1])) return;
    first[named] = rank[id];
  });
  const found: { concept: Concept; word: string }[] = [];
  concepts.forEach((entry, index) => {
    if (first[index] !== -1) found.push({ concept: entry, word: entry.words[first[index]] });
  });
  return found;
}
