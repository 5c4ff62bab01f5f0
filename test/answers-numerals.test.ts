import { describe, expect, it } from 'vitest';
import { readNumber, readNumeral } from '../src/core/answers/numerals.js';

describe('readNumber: numbers as people type them in chat', () => {
  it.each([
    ['97', 97],
    ['97.5', 97.5],
    ['１２３', 123], // full-width digits
    ['12,000', 12000],
    ['1,234.5', 1234.5],
    ['一千二百三十四点五', 1234.5],
    ['一百五十', 150],
    ['一百零五', 105],
    ['十', 10],
    ['十五', 15],
    ['两百', 200], // nzh alone reads 两百 as 0
    ['俩', 2],
    ['零', 0],
    ['零点五', 0.5],
    ['一二三', 123], // digit by digit
    ['二百五', 250], // spoken: 二百五(十), not 205
    ['一万二', 12000], // spoken: 一万二(千), not 10002
    ['一百一', 110],
    ['一万零二', 10002], // 零 keeps the literal reading
    ['1万2千', 12000],
    ['3万5', 35000], // 3万 + 5千
    ['1亿2000万', 120000000], // 1×10^8 + 2000×10^4
    ['1.2万', 12000], // 1.2 × 10000
    ['12000万', 120000000], // 12000 × 10000
    ['一点二万', 12000],
    ['4.35百', 435], // 4.35 × 100 without float noise (434.99999999999994)
    ['壹佰', 100],
    ['五十萬', 500000],
    ['负五', -5],
    ['-32', -32],
    ['百分之九十七', 97],
    ['百分之九十七点五', 97.5],
    ['百分之百', 100],
    ['九成七', 97], // 9 × 10 + 7
    ['九成', 90],
    ['九点五成', 95], // 9.5 × 10
    ['十成', 100],
  ])('%s → %s', (text, expected) => {
    expect(readNumber(text)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'abc',
    '百百',
    '十十',
    '万',
    '--5',
    '1e999',
    'NaN',
    'Infinity',
    '12,34',
    '十一成',
    '九成十',
    '5%%',
    '一点',
    '👍',
    '9'.repeat(400),
  ])('%j is not a number', (text) => {
    expect(readNumber(text)).toBeNull();
  });

  it('tells percentage words and magnitudes apart from plain numbers', () => {
    expect(readNumeral('百分之九十七')).toEqual({ value: 97, percent: true, scaled: false });
    expect(readNumeral('1.2万')).toEqual({ value: 12000, percent: false, scaled: true });
    // A Chinese number without 万/亿 is a plain number, read in the field's unit.
    expect(readNumeral('三百')).toEqual({ value: 300, percent: false, scaled: false });
  });
});
