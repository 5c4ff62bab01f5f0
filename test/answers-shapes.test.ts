// Table tests for every answer shape of issue 25 (and the answers issue 18's rules call for), read by
// the one answer reader with the item as the chat knows it: its measure, unit, target and name.
import { describe, expect, it } from 'vitest';
import { readAnswerText } from '../src/core/answers/grammar.js';
import { parseAnswer } from '../src/core/answers/parse-answer.js';
import { convertUnit, unitInfo } from '../src/core/answers/vocabulary.js';
import { parseTarget } from '../src/core/rules/parse-target.js';
import type { AnswerSpec, Value } from '../src/core/types.js';

/** The spec answerSpec() would build for an item of this name and target. */
function item(name: string, target: string, extra: Partial<AnswerSpec> = {}): AnswerSpec {
  const t = parseTarget(target);
  const unit = t.kind === 'text' ? undefined : t.unit;
  const measure: AnswerSpec['measure'] =
    t.kind === 'text'
      ? 'qualitative'
      : unit === '%'
        ? 'percent'
        : unit && /元$/.test(unit)
          ? 'money'
          : unit && /^(件|起|个|人次|次|人|项|户|场)$/.test(unit)
            ? 'count'
            : 'number';
  return {
    measure,
    unit: measure === 'percent' ? '%' : unit,
    target: t,
    targetText: target,
    name,
    weight: 10,
    ...extra,
  };
}

function value(input: string, spec: AnswerSpec): Value {
  const r = parseAnswer(input, spec);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to be read, got: ${r.reason}`);
  if (r.alternatives)
    throw new Error(`expected ${JSON.stringify(input)} to be read plainly, got a question: ${r.confirm}`);
  return r.value;
}

function num(input: string, spec: AnswerSpec): number {
  const v = value(input, spec);
  if (v.kind !== 'number') throw new Error(`expected a number for ${input}, got ${JSON.stringify(v)}`);
  return v.value;
}

describe('the grammar: figures with sign, unit, qualifier and label', () => {
  it.each([
    ['同比下降3.2%', { value: 3.2, sign: -1, unit: '%' }],
    ['增长2.5%', { value: 2.5, sign: 1, unit: '%' }],
    ['约152件', { value: 152, qualifier: 'about', unit: '件' }],
    ['95%以上', { value: 95, qualifier: 'atLeast', unit: '%' }],
    ['一般事故1起', { value: 1, label: '一般事故', unit: '起' }],
    ['98万元', { value: 98, unit: '万元' }],
    ['1.8万元/件', { value: 1.8, unit: '万元/件' }],
    ['两千元', { value: 2, unit: '千元' }],
    ['廿八人次', { value: 28, unit: '人次' }],
    ['叁所', { value: 3, unit: '所' }],
    ['５３０００人次', { value: 53000, unit: '人次' }],
    ['PM2.5浓度32微克/立方米', { value: 32, label: 'PM2.5浓度', unit: '微克/立方米' }],
  ])('%s', (text, want) => {
    const t = readAnswerText(text);
    expect(t.figures).toHaveLength(1);
    const f = t.figures[0];
    expect({
      value: f.value,
      sign: f.sign,
      qualifier: f.qualifier,
      label: f.label || undefined,
      unit: f.unit?.word,
    }).toEqual({
      sign: undefined,
      qualifier: undefined,
      label: undefined,
      ...want,
    });
  });

  it('reads words that only look like numerals as words: 十分满意, 一般, 第一时间', () => {
    for (const text of ['十分满意', '一般', '第一时间']) expect(readAnswerText(text).figures).toEqual([]);
  });

  it('reads dates: 2025年1月10日, 11月2日, 12月底, 下旬, 2025-11-02', () => {
    const d = (s: string) => readAnswerText(s).dates[0];
    expect(d('2025年1月10日')).toMatchObject({ year: 2025, month: 1, day: 10 });
    expect(d('11月2日')).toMatchObject({ month: 11, day: 2 });
    expect(d('12月底')).toMatchObject({ month: 12, part: 'end' });
    expect(d('12月下旬')).toMatchObject({ month: 12, part: 'last' });
    expect(d('2025-11-02')).toMatchObject({ year: 2025, month: 11, day: 2 });
    expect(d('十一月二日')).toMatchObject({ month: 11, day: 2 });
    // "6个月" is a duration, not June
    expect(readAnswerText('6个月').dates).toEqual([]);
  });
});

describe('units: read, converted where compatible, never across dimensions', () => {
  it.each([
    ['毫克/立方米', '微克/立方米', 0.032, 32],
    ['公里', '米', 12.5, 12500],
    ['公顷', '亩', 300, 4500],
    ['万吨', '吨', 1.6, 16000],
    ['万元/件', '元/件', 1.8, 18000],
    ['天', '小时', 365, 8760],
    ['元/人*月', '元/人·月', 583, 583],
    ['场次', '场', 62, 62],
  ])('%s → %s', (from, to, v, want) => {
    expect(convertUnit(v, from, to)).toBeCloseTo(want, 6);
  });

  it.each([
    ['户', '人'],
    ['工作日', '天'],
    ['个月', '天'],
    ['人次', '人'],
    ['万元', '吨'],
  ])('%s and %s do not convert', (a, b) => {
    expect(convertUnit(1, a, b)).toBeUndefined();
  });

  it('keeps the unit as written in the note when it converts', () => {
    const pm = item('PM2.5年均浓度', '≤35微克/立方米');
    expect(parseAnswer('0.032毫克/立方米', pm)).toEqual({
      ok: true,
      value: { kind: 'number', value: 32, unit: '微克/立方米' },
      note: '0.032毫克/立方米',
    });
  });

  it('asks back once when the unit makes the figure a thousand times the target', () => {
    const r = parseAnswer('32毫克/立方米', item('PM2.5年均浓度', '≤35微克/立方米'));
    expect(r).toMatchObject({
      ok: true,
      value: { value: 32000 },
      alternatives: [{ value: 32000 }, { value: 32 }],
    });
    expect(r.ok && r.confirm).toContain('32微克/立方米');
  });

  it('refuses a count in another measure word, naming it', () => {
    const r = parseAnswer('126人', item('改造农村危房', '≥120户'));
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? '' : r.reason).toContain('人');
  });

  it('knows the units targets are written in', () => {
    expect(unitInfo('μg/m³')?.dim).toBe('mass/volume');
    expect(parseTarget('≥530元/人·月')).toMatchObject({ kind: 'number', value: 530, unit: '元/人·月' });
    expect(parseTarget('≤3个工作日')).toMatchObject({ kind: 'number', value: 3, unit: '个工作日' });
  });
});

describe('signs and changes: a change asked against a base is read as the change', () => {
  const decline = item('PM2.5浓度下降率', '≥3%');
  const growth = item('城乡居民收入增长率', '≥6%');
  const points = item('优良天数比例较上年提高', '≥1个百分点');
  it.each([
    [decline, '下降3.5%', 3.5],
    [decline, '同比下降百分之三点五', 3.5],
    [decline, '上升1.2%', -1.2],
    [decline, '持平', 0],
    [decline, '3.5%', 3.5],
    [growth, '增长6.5%', 6.5],
    [growth, '下降1%', -1],
    [growth, '负增长1%', -1],
    [growth, '-1%', -1],
    [growth, '零增长', 0],
    [points, '提高1.5个百分点', 1.5],
    [points, '减少3个百分点', -3],
  ] as const)('%#: %s', (spec, input, want) => {
    expect(num(input, spec)).toBe(want);
  });

  it('"-3.5%" for a 下降率 is asked back with both readings', () => {
    expect(parseAnswer('-3.5%', decline)).toMatchObject({
      ok: true,
      alternatives: [{ value: 3.5 }, { value: -3.5 }],
    });
  });

  it('个百分点 are not a percent of change, and a change is not a level', () => {
    expect(parseAnswer('下降3个百分点', decline).ok).toBe(false);
    const level = parseAnswer('下降3%', item('信访事项办结率', '≥95%'));
    expect(level.ok ? '' : level.reason).toContain('说的是变化');
  });
});

describe('figures from parts, said back with how they were computed', () => {
  it.each([
    ['信访事项办结率', '≥95%', '受理120件，办结117件', 97.5, '办结117件 ÷ 受理120件 × 100% = 97.5%'],
    ['信访事项办结率', '≥95%', '受理120件，未办结3件', 97.5, '（120−未办结3）件 ÷ 受理120件 × 100% = 97.5%'],
    ['信访事项办结率', '≥95%', '117/120', 97.5, '117 ÷ 120 × 100% = 97.5%'],
    ['群众满意度', '≥90%', '发放问卷200份，满意190份', 95, '满意190份 ÷ 发放问卷200份 × 100% = 95%'],
    ['项目（工程）验收合格率', '100%', '验收12个，合格12个', 100, '合格12个 ÷ 验收12个 × 100% = 100%'],
    ['人均服务成本', '≤2万元/人', '共支出98万元，服务52人', 1.88, '共支出98万元 ÷ 服务52人 ≈ 1.88万元/人'],
    ['单件案件办理成本', '≤2万元/件', '支出45万元，办结25件', 1.8, '支出45万元 ÷ 办结25件 = 1.8万元/件'],
  ])('%s: %s', (name, target, input, want, how) => {
    const r = parseAnswer(input, item(name, target));
    expect(r).toMatchObject({ ok: true, value: { kind: 'number', value: want }, how });
    expect(r.ok && r.confirm).toContain(how);
  });

  it('two counts no word tells apart are asked back', () => {
    expect(parseAnswer('120件，117件', item('信访事项办结率', '≥95%'))).toMatchObject({
      ok: true,
      alternatives: [{ value: 97.5 }, { value: 102.56 }],
    });
  });
});

describe('counts by kind', () => {
  const accidents = item('生产安全事故起数', '≤2起');
  it.each([
    [
      '一般事故1起，较大事故0起',
      1,
      [
        ['一般事故', 1],
        ['较大事故', 0],
      ],
    ],
    [
      '一般事故2起、较大事故1起',
      3,
      [
        ['一般事故', 2],
        ['较大事故', 1],
      ],
    ],
    [
      '一般事故一起，较大事故零起',
      1,
      [
        ['一般事故', 1],
        ['较大事故', 0],
      ],
    ],
  ])('%s', (input, total, parts) => {
    const v = value(input, accidents);
    expect(v).toMatchObject({ kind: 'number', value: total });
    expect(v.kind === 'number' && v.parts?.map((p) => [p.label, p.value])).toEqual(parts);
  });

  it('does not add kinds the item counts one of', () => {
    expect(parseAnswer('一般事故1起，较大事故0起', item('较大及以上安全事故起数', '0起')).ok).toBe(false);
  });
});

describe('dates and durations against a deadline', () => {
  const due = item('年度报告报送时间', '10月31日前报送', { selfScore: false });
  const yearEnd = item('资金拨付时间', '12月31日前', { selfScore: false });
  it.each([
    [due, '11月2日', 'not_achieved', 2],
    [due, '10月28日', 'achieved', -3],
    [due, '逾期3天', 'not_achieved', 3],
    [due, '逾期三天', 'not_achieved', 3],
    [due, '提前5天', 'achieved', -5],
    [due, '2025年11月2日', 'not_achieved', 2],
    [yearEnd, '1月5日', 'not_achieved', 5],
    [yearEnd, '12月底', 'achieved', 0],
  ] as const)('%#: %s', (spec, input, grade, late) => {
    expect(value(input, spec)).toMatchObject({ kind: 'qualitative', grade, daysLate: late });
  });

  it.each([
    ['已按时报送', 'achieved'],
    ['按时完成', 'achieved'],
    ['未按时完成', 'not_achieved'],
  ])('%s', (input, grade) => {
    expect(value(input, due)).toMatchObject({ kind: 'qualitative', grade });
  });

  it('a part of a month that crosses the deadline asks for the day', () => {
    const r = parseAnswer('12月下旬', item('资金拨付时间', '12月25日前'));
    expect(r).toMatchObject({ ok: false, example: '12月21日' });
  });

  it('durations in 工作日 and 天: 用时2个工作日, 720小时 for ≤30天', () => {
    expect(num('用时2个工作日', item('审批办理时限', '≤3个工作日'))).toBe(2);
    expect(num('720小时', item('办理时限', '≤30天'))).toBe(30);
  });
});

describe('lists of points met', () => {
  const spec: AnswerSpec = { measure: 'checklist', points: ['一', '二', '三', '四', '五'] };
  it.each([
    ['第2、3项', [2, 3]],
    ['②③', [2, 3]],
    ['2,3', [2, 3]],
    ['全部', [1, 2, 3, 4, 5]],
    ['除第4项外都符合', [1, 2, 3, 5]],
    ['缺第5项', [1, 2, 3, 4]],
  ])('%s', (input, met) => {
    expect(value(input, spec)).toEqual({ kind: 'checklist', met, total: 5 });
  });
});

describe('words for closed answers', () => {
  const channel = item('信访渠道', '信访渠道畅通');
  const task = item('工作任务', '完成');
  it.each([
    [channel, '畅通', 'achieved'],
    [channel, '渠道畅通', 'achieved'],
    [channel, '不畅通 2', 'not_achieved'],
    [channel, '基本畅通 7', 'partial'],
    [task, '已全部完成', 'achieved'],
    [task, '达成预期指标', 'achieved'],
    [task, '符合要求', 'achieved'],
    [task, '基本达到 7', 'partial'],
    [task, '部分完成 7', 'partial'],
    [task, '未完成 3', 'not_achieved'],
    [item('是否建立台账', '是'), '已建立', 'achieved'],
    [item('是否发生重大安全事故', '否'), '未发生', 'achieved'],
    [item('社会效益', '效果明显'), '效果不明显 3', 'not_achieved'],
  ] as const)('%#: %s', (spec, input, grade) => {
    expect(value(input, spec)).toMatchObject({ kind: 'qualitative', grade });
  });

  it('基本X with the rule scoring it needs no self-score; without a rule it asks for one in the band', () => {
    expect(value('基本畅通', { ...channel, selfScore: false })).toEqual({ kind: 'qualitative', grade: 'partial' });
    const r = parseAnswer('基本畅通', channel);
    expect(r.ok ? '' : r.reason).toContain('6~8分');
  });

  it('a figure answered where the target is words around one figure is compared with it', () => {
    const spec = item('空气质量', '控制在35微克/立方米以内', { selfScore: false });
    expect(value('32微克/立方米', spec)).toMatchObject({ grade: 'achieved' });
    expect(value('38微克/立方米', spec)).toMatchObject({ grade: 'not_achieved' });
  });
});

describe('不适用 and impossible values', () => {
  it.each(['不适用', '本单位不涉及', '无此项', '不涉及'])('%s goes to a person', (input) => {
    expect(parseAnswer(input, item('生态效益', '改善'))).toMatchObject({
      ok: true,
      value: { kind: 'text', notApplicable: true },
    });
    expect(parseAnswer(input, item('送戏下乡演出场次', '≥60场'))).toMatchObject({
      ok: true,
      value: { notApplicable: true },
    });
  });

  it.each(['群众满意率', '合同履行率', '产品合格率', '信访事项办结率'])('%s above 100%% is refused', (name) => {
    const spec: AnswerSpec = { ...item(name, '≥95%'), max: 100, maxHard: true };
    expect(parseAnswer('150%', spec)).toMatchObject({
      ok: false,
      reason: `${name}不会超过100%，填的是150%，请核对后再填`,
    });
  });

  it('0.95 for a rate is asked back: 95% or 0.95%', () => {
    expect(parseAnswer('0.95', item('群众满意度', '≥90%'))).toMatchObject({
      ok: true,
      value: { value: 95 },
      alternatives: [{ value: 95 }, { value: 0.95 }],
    });
  });
});
