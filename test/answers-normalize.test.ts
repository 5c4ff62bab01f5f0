import { describe, expect, it } from 'vitest';
import { cleanText, compactAnswer, normalizeAnswer } from '../src/core/answers/normalize.js';

describe('normalizing what arrives from chat', () => {
  it.each([
    ['９７．５％', '97.5%'],
    ['  97.5   %  ', '97.5 %'],
    ['9\u200B7', '97'], // zero-width space pasted from a document
    ['“是”', '是'],
    ['达成。', '达成'],
    ['部分达成（3.5分）', '部分达成(3.5分)'],
    ['\u3000150\u3000件', '150 件'], // ideographic spaces
    ['１０−５', '10-5'], // U+2212 minus
  ])('%j → %j', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });

  it('compacts spaces away for number reading', () => {
    expect(compactAnswer(' 97.5 % ')).toBe('97.5%');
  });

  it('keeps free text as written, full-width marks included', () => {
    expect(cleanText('  按时完成（全年）\u200B任务。\r\n第二行  ')).toBe('按时完成（全年）任务。\n第二行');
  });
});
