import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleAnswer } from '../src/core/answers/format-value.js';
import { parseAnswer } from '../src/core/answers/parse-answer.js';
import { loadFlowFile } from '../src/core/flow/load.js';
import type { Flow } from '../src/core/flow/model.js';
import { parseTarget } from '../src/core/rules/parse-target.js';
import { readAnswer, scoreFlow, specFor } from '../src/core/scoring/score-flow.js';
import type { AnswerSpec } from '../src/core/types.js';

const FLOWS = fileURLToPath(new URL('../flows/', import.meta.url));
const flows: Flow[] = readdirSync(FLOWS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => {
    const r = loadFlowFile(FLOWS + f);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    return r.flow;
  });
const flow = (id: string) => flows.find((f) => f.id === id)!;

const rate: AnswerSpec = { measure: 'percent', unit: '%', target: parseTarget('≥95%') };

describe('a number with commentary is read, and the commentary kept as a note', () => {
  it.each([
    ['100%（全部办结）', 100],
    ['约95%', 95],
    ['95%左右', 95],
    ['95%以上', 95],
    ['大概有百分之九十八左右吧', 98],
    ['98%，全部办结', 98],
  ])('%s → %s%', (input, value) => {
    const r = parseAnswer(input, rate);
    expect(r).toEqual({ ok: true, value: { kind: 'number', value, unit: '%' }, note: input });
  });

  it('words that put the value below the number are not read as the number', () => {
    for (const input of ['不到95%', '接近95%', '将近95%']) expect(parseAnswer(input, rate).ok).toBe(false);
  });

  it('"30%以上" is not a value for a ceiling: the person is asked for the number', () => {
    const ceiling: AnswerSpec = { measure: 'percent', unit: '%', target: parseTarget('≤30%') };
    const r = parseAnswer('30%以上', ceiling);
    expect(r).toEqual({ ok: false, reason: '“30%以上”不是一个确切的数，请写实际的数', example: '30%' });
  });

  it('a range is kept as a range where the target is a range, and meets it', () => {
    const f = flow('lukou-2021-dept');
    expect(readAnswer(f, 'satisfaction', '50%-60%')).toEqual({
      ok: true,
      value: { kind: 'number', value: 50, upTo: 60, unit: '%' },
    });
    const item = scoreFlow(f, { satisfaction: '50%-60%' }).items.find((i) => i.id === 'satisfaction')!;
    expect([item.display, item.score]).toEqual(['50%-60%', 10]);
  });

  it('a range is refused where the target is one number', () => {
    expect(parseAnswer('50%-60%', rate).ok).toBe(false);
  });

  it('qualitative answers keep what follows the word: "达成，共4次"', () => {
    const spec = specFor(flow('lukou-2021-dept'), 'leader_briefings')!;
    expect(parseAnswer('达成，共4次', spec)).toEqual({
      ok: true,
      value: { kind: 'qualitative', grade: 'achieved' },
      note: '共4次',
    });
    expect(parseAnswer('不定期，共4次', spec)).toEqual({
      ok: true,
      value: { kind: 'qualitative', grade: 'achieved' },
      note: '共4次',
    });
  });
});

describe('impossible values are never scored silently', () => {
  it('a 办结率 above 100% is refused with the reason', () => {
    const r = readAnswer(flow('lukou-2021-dept'), 'settle_rate', '150%');
    expect(r).toEqual({
      ok: false,
      reason: '信访事项办结率不会超过100%，填的是150%，请核对后再填',
      example: '100%',
    });
  });

  it('the name said before the figure changes nothing: 办结率120% is refused like 120%, 办结率为98% is 98%', () => {
    const lukou = flow('lukou-2021-dept');
    expect(readAnswer(lukou, 'settle_rate', '办结率120%')).toEqual({
      ok: false,
      reason: '信访事项办结率不会超过100%，填的是120%，请核对后再填',
      example: '100%',
    });
    expect(readAnswer(lukou, 'settle_rate', '信访事项办结率为98%')).toEqual({
      ok: true,
      value: { kind: 'number', value: 98, unit: '%' },
    });
    // Only the name is taken off: words that are not the item's name still make the answer unreadable.
    expect(readAnswer(lukou, 'settle_rate', '受理率98%').ok).toBe(false);
  });

  it('"0.95" where a percent is asked: is it 95% or 0.95%?', () => {
    // Asked once with both readings: 95% is recorded on 「是」, anything else is read afresh.
    expect(parseAnswer('0.95', rate)).toEqual({
      ok: true,
      value: { kind: 'number', value: 95, unit: '%' },
      alternatives: [
        { kind: 'number', value: 95, unit: '%' },
        { kind: 'number', value: 0.95, unit: '%' },
      ],
      confirm: '“0.95”是95%吗？是就回复「是」；如果是0.95%，请直接回复：0.95%',
    });
    // with the sign it is what it says
    expect(parseAnswer('0.95%', rate)).toEqual({ ok: true, value: { kind: 'number', value: 0.95, unit: '%' } });
  });

  it('a negative count is refused', () => {
    const count: AnswerSpec = { measure: 'count', unit: '件' };
    expect(parseAnswer('-3件', count)).toMatchObject({ ok: false, reason: '数量不能是负数' });
  });

  it('a spend above the budget is asked about once, then counts', () => {
    const f = flow('lukou-2021-dept');
    const budget = { budget_total: '100' };
    expect(readAnswer(f, 'budget_spent', '120', budget)).toEqual({
      ok: true,
      value: { kind: 'number', value: 120, unit: '万元' },
      confirm: '填的是120万元，超过了全年预算数100万元，确认没有填错吗？',
    });
    const asked = scoreFlow(f, { ...budget, budget_spent: '120' });
    expect(asked.fields.find((x) => x.id === 'budget_spent')?.error).toBe(
      '填的是120万元，超过了全年预算数100万元，确认没有填错吗？',
    );
    expect(asked.items.find((i) => i.id === 'budget_exec_rate')?.status).toBe('unanswered');
    const confirmed = scoreFlow(f, { ...budget, budget_spent: { value: '120', confirmed: true } });
    expect(confirmed.fields.find((x) => x.id === 'budget_spent')?.error).toBeUndefined();
    expect(confirmed.items.find((i) => i.id === 'budget_exec_rate')?.display).toBe('120%');
  });
});

describe("the bot's own example is accepted, on every form", () => {
  const questions = flows.flatMap((f) => [
    ...f.fields
      .filter((x) => x.type !== 'text' && x.type !== 'date')
      .map((x) => [f.id, x.id, x.example ?? x.default ?? exampleAnswer(specFor(f, x.id)!)] as const),
    ...f.indicators
      .filter((i) => !i.derived)
      .map((i) => [f.id, i.id, i.example ?? exampleAnswer(specFor(f, i.id)!)] as const),
  ]);
  it.each(questions)('%s / %s: "%s"', (flowId, id, example) => {
    const r = readAnswer(flow(flowId), id, example);
    expect(r.ok ? 'ok' : r.reason).toBe('ok');
  });
});

describe('every 实际完成值 written in the seed documents is accepted', () => {
  // seed 004: 渌口区信访局 2021 自评表, column 实际完成值 as printed
  const lukou: [string, string][] = [
    ['letters_visits', '全区信访总量1164批2923人次，其中集访124批1489人次。办理网上投诉105件;群众来信71件。'],
    ['leader_briefings', '不定期，共4次'],
    ['joint_meetings', '不定期，共3次'],
    ['special_period_reception', '每天'],
    ['head_reception_days', '每月8日、18日、28日'],
    ['persuasion_timely', '　及时'],
    ['settle_rate', '100%'],
    ['first_time_reception', '第一时间'],
    ['persuasion_cost', '117.89万元'],
    ['funds_paid_timely', '　100%'],
    ['social_stability', '　保持'],
    ['eco_environment', '　保持'],
    ['situation_stable', '　保持'],
    ['satisfaction', '50%-60%'],
  ];
  it.each(lukou)('渌口 %s: "%s"', (id, value) => {
    const r = readAnswer(flow('lukou-2021-dept'), id, value);
    expect(r.ok ? 'ok' : r.reason).toBe('ok');
  });

  it('the counts written where a rate is asked go to a person, with the text kept', () => {
    const item = scoreFlow(flow('lukou-2021-dept'), { letters_visits: lukou[0][1] }).items.find(
      (i) => i.id === 'letters_visits',
    )!;
    expect(item.status).toBe('manual');
    expect(item.display).toBe(lukou[0][1]);
  });

  // seed 002: 鹤城区 2020 部门整体 and the five 专项 tables, column 实际完成值
  const hecheng: [string, string, string][] = [
    ['hecheng-2020-dept', 'letters_visits_count', '100%'],
    ['hecheng-2020-dept', 'spending_control', '100%'],
    ['hecheng-2020-dept', 'satisfaction', '100%'],
    ['hecheng-2020-zhujing-quanfan', 'output_quantity', '85.5%'],
    ['hecheng-2020-zhujing-quanfan', 'output_quantity', '66.4%'],
    ['hecheng-2020-zhujing-quanfan', 'output_quantity', '0.5%'],
    ['hecheng-2020-zhujing-quanfan', 'output_quality', '90%'],
    ['hecheng-2020-zhujing-quanfan', 'satisfaction', '80%'],
  ];
  it.each(hecheng)('%s / %s: "%s"', (flowId, id, value) => {
    const r = readAnswer(flow(flowId), id, value);
    expect(r.ok ? 'ok' : r.reason).toBe('ok');
  });
});

describe('the note travels with the score', () => {
  it('an item answered "约95%" keeps the words next to its score', () => {
    const item = scoreFlow(flow('lukou-2021-dept'), { settle_rate: '约95%' }).items.find(
      (i) => i.id === 'settle_rate',
    )!;
    expect([item.display, item.note, item.status]).toEqual(['95%', '约95%', 'scored']);
  });
  it('a note the chat recorded wins over the parsed one', () => {
    const item = scoreFlow(flow('lukou-2021-dept'), { settle_rate: { value: '95%', note: '全部办结' } }).items.find(
      (i) => i.id === 'settle_rate',
    )!;
    expect(item.note).toBe('全部办结');
  });
});

describe('a target of 是 answered 否', () => {
  it('is a valid answer that scores 0, with no self-score asked', () => {
    const spec: AnswerSpec = { measure: 'qualitative', weight: 20, target: parseTarget('是') };
    expect(parseAnswer('否', spec)).toEqual({
      ok: true,
      value: { kind: 'qualitative', grade: 'not_achieved', score: 0 },
    });
    expect(parseAnswer('是', spec)).toEqual({ ok: true, value: { kind: 'qualitative', grade: 'achieved' } });
  });
});
