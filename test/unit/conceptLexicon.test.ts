import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEXICON_INDEX_PATH, lexiconIndexText } from '../../scripts/lexiconIndex';
import { REPO_ROOT } from '../data/datasets';
import { conceptsIn } from '../../src/core/classifier/concepts';
import { lexicons } from '../../src/core/classifier/lexicon';
import { normaliseInstruction } from '../../src/core/classifier/textFeatures';

function named(instruction: string): string[] {
  return conceptsIn(normaliseInstruction(instruction)).map(({ concept }) => concept.key);
}

describe('the multilingual concept lexicon', () => {
  it('is searched through a sorted index that matches lexicon/', () => {
    assert.ok(readFileSync(join(REPO_ROOT, ...LEXICON_INDEX_PATH), 'utf8') === lexiconIndexText(), 'lexiconIndexData.ts is stale: run npm run build:lexicon-index');
  });

  it('finds every word of every language when an instruction says it', () => {
    const unreachable: string[] = [];
    for (const [language, lexicon] of Object.entries(lexicons)) {
      for (const [key, list] of Object.entries(lexicon)) {
        for (const word of list.split('|')) {
          if (!named(`${word} `).includes(key)) unreachable.push(`${language} ${key}: ${word}`);
        }
      }
    }
    assert.deepEqual(unreachable, [], 'these words can never match (not lower case NFKC, or folded away as code names or numbers)');
  });

  it('names one concept for the same question in different languages', () => {
    for (const question of ['Is this login handler safe?', 'Είναι ασφαλές αυτό το login handler;', '¿Es seguro este handler de login?', 'Ist dieser Login-Handler sicher?', 'Безопасен ли этот обработчик логина?', 'この login handler は安全ですか？', 'هل هذا الـ handler آمن؟']) {
      assert.ok(named(question).includes('safe') || named(question).includes('security'), question);
    }
    for (const request of ['add a docstring to parse', 'ajoute une docstring à parse', 'füge einen Docstring zu parse hinzu', 'parse 함수에 docstring 추가해줘', 'parse に docstring を追加して', '给 parse 加上注释']) {
      assert.ok(named(request).includes('docs'), request);
    }
  });

  it('reads a stem of a spaced script only where a word starts, and other scripts anywhere', () => {
    assert.ok(named('there is a race between the two writers').includes('concurrency'));
    assert.ok(!named('add a stack trace to the log line').includes('concurrency'));
    assert.ok(named('напиши тесты для parse').includes('tests'));
    assert.ok(!named('протестировано вручную').includes('tests'));
    assert.ok(named('输出成json格式').includes('extract-data'), 'a Latin word right after Chinese still starts a word');
    assert.ok(named('وشرح لي هذا الكود').includes('explain'), 'an Arabic word with a clitic attached');
  });
});
