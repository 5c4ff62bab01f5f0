import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../src/core/answers/parse-answer.js';
import type { AnswerSpec, Value } from '../src/core/types.js';

const percent: AnswerSpec = { measure: 'percent', unit: '%' };
const count: AnswerSpec = { measure: 'count', unit: '件' };
const incidents: AnswerSpec = { measure: 'count', unit: '起' };
const visits: AnswerSpec = { measure: 'count', unit: '人次' };
const money: AnswerSpec = { measure: 'money', unit: '万元' };
const bool: AnswerSpec = { measure: 'bool' };
const number: AnswerSpec = { measure: 'number' };
// A 5-point qualitative item: 部分达成 is worth [3, 4), 未达成 [0, 3).
const qualitative: AnswerSpec = { measure: 'qualitative', weight: 5 };
const timely: AnswerSpec = { measure: 'qualitative', weight: 5, target: { kind: 'text', text: '及时' } };
const compliant: AnswerSpec = { measure: 'qualitative', weight: 5, target: { kind: 'text', text: '合规' } };
const checklist: AnswerSpec = {
  measure: 'checklist',
  points: ['制度健全', '台账完整', '按时报送', '公开透明', '整改到位'],
};
const text: AnswerSpec = { measure: 'text' };

function parsedValue(input: string, spec: AnswerSpec): Value {
  const r = parseAnswer(input, spec);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${r.reason}`);
  return r.value;
}

function refusal(input: string, spec: AnswerSpec): { reason: string; example: string } {
  const r = parseAnswer(input, spec);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(r.value)}`);
  return { reason: r.reason, example: r.example };
}

describe('percent answers are read in percent points', () => {
  it.each([
    ['97', 97],
    ['97%', 97],
    ['９７％', 97],
    [' 97.5 % ', 97.5],
    ['百分之九十七', 97],
    ['百分之九十七点五', 97.5],
    ['九成七', 97],
    ['九成', 90],
    ['100百分比', 100],
    ['-32%', -32], // a change rate may fall
    ['-100%', -100],
    ['1000%', 1000],
  ])('%j → %s%', (input, expected) => {
    expect(parsedValue(input, percent)).toEqual({ kind: 'number', value: expected, unit: '%' });
  });

  it.each([
    ['1001', '百分比不能超过1000%'],
    ['-101%', '百分比不能低于-100%'],
    ['97件', '本项填百分比'],
    ['5万元', '本项填百分比'],
    ['5%%', '本项填百分比'],
  ])('refuses %j: %s', (input, reason) => {
    const r = refusal(input, percent);
    expect(r.reason).toContain(reason);
    expect(r.example).toBe('98%');
  });
});

describe('count answers are whole numbers in the item unit', () => {
  it.each([
    ['150件', count, 150, '件'],
    ['150 件', count, 150, '件'],
    ['一百五十件', count, 150, '件'],
    ['150', count, 150, '件'],
    ['0', count, 0, '件'],
    ['无', count, 0, '件'],
    ['没有', count, 0, '件'],
    ['零', count, 0, '件'],
    ['2起', incidents, 2, '起'],
    ['8人次', visits, 8, '人次'],
    // 个/件/项 count the same things: decided to accept them for one another.
    ['5个', count, 5, '件'],
    ['5项', count, 5, '件'],
    ['1.2万件', count, 12000, '件'], // 1.2 × 10000
  ] as [string, AnswerSpec, number, string][])('%j → %s', (input, spec, expected, unit) => {
    expect(parsedValue(input, spec)).toEqual({ kind: 'number', value: expected, unit });
  });

  it.each([
    ['-3', count, '数量不能是负数'],
    ['1.5件', count, '数量应为整数'],
    ['2起', count, '单位“起”不对'], // 起 counts incidents, not documents
    ['8人', visits, '单位“人”不对'], // 人 is not 人次
    ['3%', count, '不是百分比'],
    ['百分之三', count, '不是百分比'],
    ['3万元', count, '不是金额'],
  ] as [string, AnswerSpec, string][])('refuses %j: %s', (input, spec, reason) => {
    const r = refusal(input, spec);
    expect(r.reason).toContain(reason);
    expect(r.example).toBe(`3${spec.unit}`);
  });

  it('keeps the typed unit when the item names none', () => {
    expect(parsedValue('4所', { measure: 'count' })).toEqual({ kind: 'number', value: 4, unit: '所' });
  });
});

describe('money answers are converted into the field unit', () => {
  it.each([
    ['12000元', 1.2], // 12000 / 10000
    ['1.2万', 1.2], // 1.2万 = 1.2万元
    ['1.2万元', 1.2],
    ['0.01亿元', 100], // 0.01 × 10^8 / 10^4
    ['12,000元', 1.2],
    ['一万二千元', 1.2],
    ['1万2千', 1.2], // spelled out in full, so 元
    ['468.26', 468.26], // no unit: already in 万元
    ['468.26万元', 468.26],
    ['￥1,234.5', 0.12345], // the ¥ sign means 元: 1234.5 / 10000
    ['0', 0],
  ])('%j → %s万元', (input, expected) => {
    expect(parsedValue(input, money)).toEqual({ kind: 'number', value: expected, unit: '万元' });
  });

  it('converts into 元 when the field is in 元', () => {
    expect(parsedValue('1.2万', { measure: 'money', unit: '元' })).toEqual({
      kind: 'number',
      value: 12000,
      unit: '元',
    });
    expect(parsedValue('3.5', { measure: 'money', unit: '元' })).toEqual({ kind: 'number', value: 3.5, unit: '元' });
  });

  it('defaults to 万元 when the field names no unit', () => {
    expect(parsedValue('5000元', { measure: 'money' })).toEqual({ kind: 'number', value: 0.5, unit: '万元' });
  });

  it('has no float noise in conversions', () => {
    // 700 / 10000 = 0.07
    expect(parsedValue('700元', money)).toEqual({ kind: 'number', value: 0.07, unit: '万元' });
    // 0.07 × 10^8 / 10^4 = 700
    expect(parsedValue('0.07亿元', money)).toEqual({ kind: 'number', value: 700, unit: '万元' });
  });

  it.each([
    ['-5', '金额不能是负数'],
    ['-5万元', '金额不能是负数'],
    ['5%', '不是百分比'],
    ['5件', '单位“件”不对'],
  ])('refuses %j: %s', (input, reason) => {
    const r = refusal(input, money);
    expect(r.reason).toContain(reason);
    expect(r.example).toBe('12.5万元');
  });
});

describe('number answers', () => {
  it.each([
    ['12', 12],
    ['-3.5', -3.5],
    ['一百二十', 120],
  ])('%j → %s', (input, expected) => {
    expect(parsedValue(input, number)).toEqual({ kind: 'number', value: expected });
  });

  it('accepts the field unit and refuses another', () => {
    expect(parsedValue('13人', { measure: 'number', unit: '人' })).toEqual({ kind: 'number', value: 13, unit: '人' });
    expect(refusal('13件', { measure: 'number', unit: '人' }).reason).toContain('单位“件”不对');
  });
});

describe('yes/no answers', () => {
  it.each(['是', '已完成', '完成', '有', '对', '√', 'yes', 'YES', 'Yes'])('%j → 是', (input) => {
    expect(parsedValue(input, bool)).toEqual({ kind: 'bool', value: true });
  });
  it.each(['否', '未完成', '没完成', '没有', '不是', '×', 'no', 'NO'])('%j → 否', (input) => {
    expect(parsedValue(input, bool)).toEqual({ kind: 'bool', value: false });
  });
  it('refuses anything else with a 是/否 hint', () => {
    expect(refusal('也许吧', bool)).toEqual({ reason: '没看懂“也许吧”，请回答“是”或“否”', example: '是' });
  });
});

describe('qualitative answers', () => {
  it.each([
    ['达成', qualitative],
    ['已达成', qualitative],
    ['完成', qualitative],
    ['达到', qualitative],
    ['达成 5', qualitative], // 5 is the full weight, so the score adds nothing
    ['及时', timely], // the answer is the target text itself
    ['合规', compliant],
  ] as [string, AnswerSpec][])('%j → 达成', (input, spec) => {
    expect(parsedValue(input, spec)).toEqual({ kind: 'qualitative', grade: 'achieved' });
  });

  it.each([
    ['部分达成 3.5', 'partial', 3.5],
    ['部分达成3.5', 'partial', 3.5],
    ['部分达成，3.5分', 'partial', 3.5],
    ['部分达成（3.5分）', 'partial', 3.5], // the bot's own echo reads back
    ['部分达成 3', 'partial', 3], // 60% × 5 = 3 is the lowest partial score
    ['未达成 1', 'not_achieved', 1],
    ['未达成 0', 'not_achieved', 0],
    ['未达成 2.9', 'not_achieved', 2.9], // just under 60% × 5 = 3
  ])('%j → %s %s', (input, grade, score) => {
    expect(parsedValue(input, qualitative)).toEqual({ kind: 'qualitative', grade, score });
  });

  it('reads the end of a long target as restating it: 逐年改善 for 社会稳定水平逐年改善', () => {
    const improving: AnswerSpec = {
      measure: 'qualitative',
      weight: 30,
      target: { kind: 'text', text: '社会稳定水平逐年改善' },
    };
    expect(parsedValue('逐年改善', improving)).toEqual({ kind: 'qualitative', grade: 'achieved' });
    expect(parsedValue('水平逐年改善', improving)).toEqual({ kind: 'qualitative', grade: 'achieved' });
    expect(parsedValue('没有逐年改善 10', improving)).toEqual({
      kind: 'qualitative',
      grade: 'not_achieved',
      score: 10,
    });
    expect(parsedValue('基本逐年改善 20', improving)).toEqual({ kind: 'qualitative', grade: 'partial', score: 20 });
    // Too short to be the target's predicate: asked again, never guessed.
    expect(refusal('改善', improving).reason).toBe(
      '没看懂“改善”，请回答“社会稳定水平逐年改善”或“达成”，或“部分达成 分数”“未达成 分数”',
    );
  });

  it('reads 不+target as not achieved, with a score', () => {
    expect(parsedValue('不及时 2', timely)).toEqual({ kind: 'qualitative', grade: 'not_achieved', score: 2 });
    expect(parsedValue('不合规 1', compliant)).toEqual({ kind: 'qualitative', grade: 'not_achieved', score: 1 });
    expect(refusal('不及时', timely)).toEqual({
      reason: '未达成需要写上分数，分数应在0~3分之间（不含3分），例如：不及时 1',
      example: '不及时 1',
    });
  });

  it.each([
    // 80% × 5 = 4 is already outside the partial band.
    ['部分达成 4', '部分达成的分数应在3~4分之间（不含4分），例如：部分达成 3.5', '部分达成 3.5'],
    ['部分达成 2', '部分达成的分数应在3~4分之间（不含4分），例如：部分达成 3.5', '部分达成 3.5'],
    ['部分达成', '部分达成需要写上分数，分数应在3~4分之间（不含4分），例如：部分达成 3.5', '部分达成 3.5'],
    ['未达成 3', '未达成的分数应在0~3分之间（不含3分），例如：未达成 1', '未达成 1'],
    ['未达成', '未达成需要写上分数，分数应在0~3分之间（不含3分），例如：未达成 1', '未达成 1'],
    ['达成 3', '达成即得满分（5分），不用写分数；如只是部分达成，请写分数', '部分达成 3.5'],
  ])('refuses %j', (input, reason, example) => {
    expect(refusal(input, qualitative)).toEqual({ reason, example });
  });

  it('scales the bands with the weight', () => {
    // weight 10: partial [6, 8), example at 70% = 7
    const ten: AnswerSpec = { measure: 'qualitative', weight: 10 };
    expect(parsedValue('部分达成 7.5', ten)).toEqual({ kind: 'qualitative', grade: 'partial', score: 7.5 });
    expect(refusal('部分达成 8', ten).reason).toBe('部分达成的分数应在6~8分之间（不含8分），例如：部分达成 7');
    // weight 2: partial [1.2, 1.6), 70% = 1.4 rounds to 1 (outside), so the example is 1.5
    expect(refusal('部分达成', { measure: 'qualitative', weight: 2 }).example).toBe('部分达成 1.5');
  });
});

describe('checklist answers name the 评价要点 that are met', () => {
  const all = [1, 2, 3, 4, 5];
  it.each([
    ['全部', all],
    ['都满足', all],
    ['全部符合', all],
    ['1,2,4', [1, 2, 4]],
    ['1，2，4', [1, 2, 4]],
    ['1、2、4', [1, 2, 4]],
    ['①②④', [1, 2, 4]],
    ['第1、3项', [1, 3]],
    ['第一、三项', [1, 3]],
    ['1 3', [1, 3]],
    ['4、1', [1, 4]],
    ['1-3', [1, 2, 3]],
    ['124', [1, 2, 4]], // five points: 124 can only mean ①②④
    ['缺2', [1, 3, 4, 5]],
    ['除第2项外', [1, 3, 4, 5]],
    ['除第2项外都满足', [1, 3, 4, 5]],
    ['缺第2、3项', [1, 4, 5]],
    ['第2项不满足', [1, 3, 4, 5]],
    ['无', []],
    ['都没有', []],
    ['0', []],
    ['满足3/5项（①②④）', [1, 2, 4]], // the bot's own echo reads back
  ])('%j → %j', (input, met) => {
    expect(parsedValue(input, checklist)).toEqual({ kind: 'checklist', met, total: 5 });
  });

  it.each([
    ['7', '没有第7项，本项评价要点编号为1、2、3、4、5'],
    ['1,1', '第1项写了两次，本项评价要点编号为1、2、3、4、5，每项写一次'],
    ['缺6', '没有第6项，本项评价要点编号为1、2、3、4、5'],
    ['0、1', '没有第0项，本项评价要点编号为1、2、3、4、5'],
    ['好几项', '没看懂“好几”，本项评价要点编号为1、2、3、4、5，请写满足的要点编号'],
  ])('refuses %j with the valid numbers', (input, reason) => {
    expect(refusal(input, checklist)).toEqual({ reason, example: '1、2、4' });
  });
});

describe('text answers', () => {
  it('keeps the text trimmed', () => {
    expect(parsedValue('  湘西州某某局 \n', text)).toEqual({ kind: 'text', value: '湘西州某某局' });
  });
  it('accepts exactly 2000 characters and refuses 2001', () => {
    expect(parsedValue('好'.repeat(2000), text)).toEqual({ kind: 'text', value: '好'.repeat(2000) });
    expect(refusal('好'.repeat(2001), text).reason).toBe('内容太长了（2001字），请精简到2000字以内');
  });
  it('refuses an empty answer', () => {
    expect(refusal(' \u200B ', text).reason).toBe('还没有填写内容');
  });
});
