import { describe, expect, it } from 'vitest';
import { parseRule } from '../src/core/rules/parse-rule.js';
import { clip, verbatimSpan } from '../src/core/rules/verbatim.js';

const reasonOf = (text: string) => {
  const r = parseRule(text).rule;
  return r.kind === 'manual' ? r.reason : `not manual: ${r.kind}`;
};

describe('a rule is quoted in the form’s own words', () => {
  it.each([
    // the grammar reads 一个百分点 as 1个百分点 and ０.５ as 0.5; the quote is the form's spelling
    ['每低于一个百分点扣０.５分。', '每低于1个百分点扣0.5分', '每低于一个百分点扣０.５分。'],
    // a clause in the middle keeps no full stop of its own; the last one keeps the rule's 。
    ['达到百分之九十五得满分，视情况酌情扣分，扣完为止。', '视情况酌情扣分', '视情况酌情扣分'],
    ['达到百分之九十五得满分，视情况酌情扣分。', '视情况酌情扣分', '视情况酌情扣分。'],
    // a Chinese numeral is never cut in two
    ['被通报十五次以上的不得分', '被通报1', '被通报十五次'],
  ])('%s: 「%s」 → 「%s」', (original, fragment, span) => {
    expect(verbatimSpan(original, fragment)).toBe(span);
  });

  it('gives up (undefined) on a fragment the grammar rewrote, and the reason keeps its own words', () => {
    expect(verbatimSpan('完成得满分', '每项各2分')).toBeUndefined();
  });

  it('reasons quote the rule verbatim, with its final 。 (was: the normalised 被通报1次)', () => {
    expect(reasonOf('视创建完成情况酌情扣分。')).toBe(
      '评分标准「视创建完成情况酌情扣分。」要求酌情评分，没有给出计分方法',
    );
    expect(reasonOf('100%计满分，每低于1%扣1分，被通报一次扣2分')).toContain('「被通报一次扣2分」');
    // 个百分点 stays 个百分点, 百分之九十 stays as written
    expect(reasonOf('群众满意率达到百分之九十以上得满分，每下降一个百分点扣0.5分，另视情节轻重酌情扣分。')).toContain(
      '「另视情节轻重酌情扣分。」',
    );
  });
});

describe('a long quotation is shortened at a clause, never inside a number', () => {
  it.each([
    // a clause boundary near the end: cut after it
    ['每低于98%一个百分点扣0.5分，扣完为止，最低得0分，低于90%不得分', 20, '每低于98%一个百分点扣0.5分，…'],
    // no boundary: 98.5% is not cut to "98." — the whole number goes
    ['信访事项按期办结率达到98.5%以上的得满分否则不得分啊啊啊', 15, '信访事项按期办结率达到…'],
    // nor a Chinese numeral
    ['信访事项按期办结率达到百分之九十八点五以上的得满分否则不得分', 20, '信访事项按期办结率达到百分之九十八点五以…'],
    ['短的不改', 30, '短的不改'],
  ])('%s (%i) → %s', (text, max, out) => {
    expect(clip(text, max)).toBe(out);
  });
});
