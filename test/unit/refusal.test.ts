import * as assert from 'node:assert/strict';
import { looksLikeRefusal, mayBecomeRefusal } from '../../src/core/gates/refusal';
import { noRefusal } from '../../src/core/gates/gates';
import type { GateInput } from '../../src/core/gates/gates';

/** Answers that decline the task: each must be caught. */
const REFUSALS: readonly string[] = [
  // English, straight and curly apostrophes, with and without an apology first
  "I can't help with that.",
  'I can’t help with that request.',
  'I can‘t assist with this.',
  "I'm sorry, but I can't help with that.",
  'I’m sorry, but I can’t do that.',
  'Sorry, I cannot provide that code.',
  "I won't write that.",
  'I won’t be able to help with this one.',
  'I will not generate that.',
  'Unfortunately, I cannot complete this task.',
  'Unfortunately I can’t modify this file.',
  "I'm unable to help with that request.",
  'I am unable to comply.',
  "I'm not able to assist with this.",
  'I apologize, but I must decline.',
  "I'm afraid I can't do that.",
  'As an AI language model, I cannot write this.',
  "**I'm sorry, but I can't help with that.**",
  '> Sorry, I cannot assist with that.',
  "  \n  I'm sorry. I can't help with that.",
  // French
  'Je suis désolé, mais je ne peux pas vous aider avec cela.',
  'Désolée, je ne peux pas faire ça.',
  'Malheureusement, je ne suis pas en mesure de répondre à cette demande.',
  'Je ne peux pas vous aider avec cette demande.',
  'Je ne peux pas faire cela.',
  // German
  'Es tut mir leid, aber ich kann Ihnen dabei nicht helfen.',
  'Leider kann ich das nicht tun.',
  'Ich kann dir dabei nicht helfen.',
  'Entschuldigung, ich bin nicht in der Lage, diese Anfrage zu bearbeiten.',
  'Dabei kann ich nicht helfen.',
  'Es tut mir leid, aber dabei kann ich nicht helfen.',
  // Spanish
  'Lo siento, pero no puedo ayudarte con eso.',
  'No puedo ayudar con esa solicitud.',
  'Lamentablemente, no puedo hacer eso.',
  'Desafortunadamente no estoy en condiciones de responder.',
  // Portuguese
  'Desculpe, mas não posso ajudar com isso.',
  'Infelizmente, não consigo fazer isso.',
  'Sinto muito, mas não posso atender a esse pedido.',
  'Não posso ajudar com esse pedido.',
  // Italian
  'Mi dispiace, ma non posso aiutarti con questo.',
  'Purtroppo non posso farlo.',
  'Non posso aiutarti con questa richiesta.',
  'Spiacente, non sono in grado di rispondere.',
  // Chinese (simplified and traditional)
  '抱歉，我无法帮助你完成这个请求。',
  '对不起，我不能这样做。',
  '很抱歉，但我无法提供这段代码。',
  '我无法协助处理这个请求。',
  '對不起，我無法幫助你。',
  // Japanese
  '申し訳ありませんが、そのご依頼にはお応えできません。',
  'すみませんが、それはできません。',
  '残念ながら、このリクエストには対応できません。',
  'お手伝いすることはできません。',
  // Korean
  '죄송합니다만, 그 요청은 도와드릴 수 없습니다.',
  '죄송하지만 그 작업은 할 수 없습니다.',
  '죄송합니다. 이 요청은 도와드릴 수 없습니다.',
  '그 요청은 도와드릴 수 없습니다.',
  // Russian
  'Извините, но я не могу помочь с этим.',
  'К сожалению, я не могу выполнить этот запрос.',
  'Я не могу помочь с этим запросом.',
  'Прошу прощения, но я не в состоянии это сделать.',
];

/** Answers that merely contain such words, or open with them without declining: none may be caught. */
const LOOK_ALIKES: readonly string[] = [
  '```python\n# I can\'t believe this works\ndef total(items: list[float]) -> float:\n    return sum(items)\n```',
  "Here is the fix.\n\nI won't change the public API; only the loop changes.",
  'Unfortunately, the function mutates its argument, so callers see the change. Copy it first:',
  'I can see why this deadlocks: the lock is held across the channel send.',
  "I can't see any bug in this function; the hang comes from the caller.",
  "I'm sorry for the confusion earlier; here is the corrected version.",
  'Sorry for the delay. The fix is to release the lock before the send.',
  'Cannot read properties of undefined happens because `user` is null on the first render.',
  'The error "I cannot connect" comes from the retry loop: it never resets the counter.',
  '// I won\'t be called twice\nfunction once(fn) { let done = false; return () => { if (!done) { done = true; fn(); } }; }',
  'Non-null assertions hide the bug; check for null instead.',
  'No, it is not thread-safe: two goroutines can write the map at once.',
  'Je peux vous aider : voici la version corrigée.',
  "Je ne peux qu'approuver ce choix : la fonction est pure.",
  'Malheureusement, ce code a une fuite de mémoire dans la boucle.',
  'Ich kann das gerne übernehmen: hier ist die Funktion mit Typen.',
  'Leider ist die Funktion nicht threadsicher; ein Mutex hilft.',
  'Lo siento por la confusión anterior; aquí está la versión corregida.',
  'Infelizmente, o código tem um vazamento de memória.',
  'Purtroppo la funzione modifica il suo argomento.',
  'К сожалению, в этом коде есть ошибка: индекс выходит за границы.',
  '很抱歉让你久等了，下面是修改后的代码。',
  '不能为空的字段需要在保存前校验。',
  '申し訳ありませんが、前回のコードに誤りがありました。修正版は以下です。',
  'このコードではnullを扱うことができません。修正版を示します。',
  '죄송합니다. 이전 코드에 오류가 있었습니다. 수정된 코드는 다음과 같습니다.',
  '',
];

describe('refusal check', () => {
  for (const text of REFUSALS) {
    it(`catches a refusal: ${JSON.stringify(text.slice(0, 60))}`, () => {
      assert.equal(looksLikeRefusal(text), true);
    });
  }
  for (const text of LOOK_ALIKES) {
    it(`lets through an answer that only looks like one: ${JSON.stringify(text.slice(0, 60))}`, () => {
      assert.equal(looksLikeRefusal(text), false);
    });
  }

  it('holds every beginning of every refusal as one that may still become a refusal', () => {
    for (const text of REFUSALS) {
      for (let end = 1; end <= text.length; end++) assert.equal(mayBecomeRefusal(text.slice(0, end)), true, `${JSON.stringify(text.slice(0, end))} of ${JSON.stringify(text)}`);
    }
  });

  it('lets an opening go once no refusal can begin with it, before its first sentence ends', () => {
    const decidedAt = (text: string) => Array.from({ length: text.length }, (_, index) => index + 1).find((end) => !mayBecomeRefusal(text.slice(0, end)));
    // Japanese refusals may open with up to 20 characters of anything, so no shorter opening is decided.
    for (const text of ['Rename total to subtotal everywhere in orders.py', 'I can see why this deadlocks: the two locks are taken in opposite orders', 'Leider ist die Funktion nicht threadsicher, weil der Zähler geteilt wird']) {
      const end = decidedAt(text);
      assert.ok(end !== undefined && end <= 24, `${JSON.stringify(text)} decided at ${String(end)}`);
    }
    assert.equal(mayBecomeRefusal("I'm sorry, but I"), true);
    assert.equal(mayBecomeRefusal(''), true);
  });

  it('fails the gate for a refusal and for a stop reason of refusal, and passes an answer', async () => {
    const input = (text: string, finish: GateInput['finish'] = 'stop'): GateInput => ({
      task: { instruction: 'Add type hints', code: 'def f(x): return x' },
      decision: { route: 'local', category: 'types', score: 0.2, promptTokens: 20, reasons: [] },
      kind: 'answer',
      text,
      finish,
    });
    assert.deepEqual(await noRefusal.check(input('I can’t help with that.')), { ok: false, reason: 'the model declined the task' });
    assert.deepEqual(await noRefusal.check(input('Here you go.', 'refusal')), { ok: false, reason: 'the model declined the task' });
    assert.deepEqual(await noRefusal.check(input('Here you go.')), { ok: true });
  });
});
