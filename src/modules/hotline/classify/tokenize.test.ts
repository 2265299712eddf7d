import { describe, expect, it } from 'vitest';
import { messageTerms, normaliseText, textTerms } from './tokenize.js';

describe('normaliseText', () => {
  it('drops the anonymisation codes, digits and whitespace runs; NFKC and lower case', () => {
    expect(normaliseText('A市A3区K9县 用户A00074011 西地省\r\n\t\t２０１９年ＡＢＣ')).toBe('用户 年abc');
  });
});

describe('textTerms', () => {
  it('gives jieba words (w:), character unigrams to trigrams and Latin words', () => {
    const terms = textTerms('小区物业 Property', { words: true, ngrams: [1, 2, 3] });
    expect(terms).toEqual(expect.arrayContaining(['w:小区', 'w:物业', '小', '小区', '小区物', 'property']));
    expect(terms).not.toContain('w:小');
  });

  it('without words, only the n-grams asked for', () => {
    expect(textTerms('物业费', { words: false, ngrams: [2] })).toEqual(['物业', '业费']);
  });
});

describe('messageTerms', () => {
  it('counts a title term titleWeight times', () => {
    const t = messageTerms({ title: '停车', text: '停车收费' }, { words: false, ngrams: [2], titleWeight: 3 });
    expect(t.get('停车')).toBe(4);
    expect(t.get('收费')).toBe(1);
  });
});
