import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadFlowText } from '../src/core/flow/load.js';
import { parseRule } from '../src/core/rules/parse-rule.js';
import { scoreFlow } from '../src/core/scoring/score-flow.js';
import { flowScore } from './rules-helpers.js';

/**
 * Tiers on whole numbers (issue 18): a count of events ("出现1起扣2分，出现2起扣4分，3起以上本项不得分") and
 * the month a thing was done ("6月底前完成得满分，7月完成得2分，8月及以后不得分"). Each row is typed as a
 * clerk answers and scored through the answer reader, rule reader and scorer; `score` is worked by hand in
 * the comment. A tier set with a gap, or a value no tier covers, goes to a person with the reason.
 */
type Row = [rule: string, target: string, weight: number, answer: string, score: number];

function table(rows: Row[]) {
  it.each(rows)('%s ｜ %s ｜ %s分: “%s” → %s', (rule, target, weight, answer, score) => {
    const got = flowScore(rule, target, weight, answer);
    expect(typeof got === 'number' ? got : Number.NaN, String(got)).toBeCloseTo(score, 9);
  });
}

const EVENTS = '出现1起扣2分，出现2起扣4分，3起以上本项不得分';
const TIMES = '发生1次扣2分，发生2次扣4分，发生3次及以上不得分';
const MONTHS = '6月底前完成得满分，7月完成得2分，8月及以后不得分';

describe('event-count tiers', () => {
  table([
    // none → nothing lost → 10; 1起 → 10 − 2 = 8; 2起 → 10 − 4 = 6; 3起 and 5起 are "3起以上" → 0
    [EVENTS, '0起', 10, '0起', 10],
    [EVENTS, '0起', 10, '无', 10],
    [EVENTS, '0起', 10, '1起', 8],
    [EVENTS, '0起', 10, '2起', 6],
    [EVENTS, '0起', 10, '3起', 0],
    [EVENTS, '0起', 10, '5起', 0],
    // the same with 发生 and 次
    [TIMES, '0次', 10, '0次', 10],
    [TIMES, '0次', 10, '1次', 8],
    [TIMES, '0次', 10, '2次', 6],
    [TIMES, '0次', 10, '3次', 0],
    [TIMES, '0次', 10, '5次', 0],
    // none stated in words ("未发生得满分") or as 0起: 0 → 5; 2起 → 5 − 4 = 1
    ['未发生得满分，出现1起扣2分，出现2起扣4分，3起以上不得分', '0起', 5, '无', 5],
    ['未发生得满分，出现1起扣2分，出现2起扣4分，3起以上不得分', '0起', 5, '2起', 1],
    ['0起得满分，出现1起扣2分，出现2起扣4分，3起以上不得分', '0起', 5, '0起', 5],
    ['0起得满分，出现1起扣2分，出现2起扣4分，3起以上不得分', '0起', 5, '1起', 3],
    // a subject and a kind of event in front: 1起 → 5 − 1 = 4; 2起 → 5 − 3 = 2
    ['全年出现1起安全事故扣1分，出现2起扣3分，出现3起以上不得分', '0起', 5, '1起', 4],
    ['全年出现1起安全事故扣1分，出现2起扣3分，出现3起以上不得分', '0起', 5, '2起', 2],
  ]);

  it('reads the tiers and says them in the form’s unit', () => {
    const r = parseRule(EVENTS).rule;
    expect(r.kind).toBe('tiers');
    if (r.kind !== 'tiers') return;
    expect(r.unit).toBe('起');
    expect(r.tiers).toHaveLength(4);
  });

  it('a count no tier covers above the last one goes to a person', () => {
    // Only 1 and 2 are written: 3起 is in no tier.
    expect(String(flowScore('出现1起扣2分，出现2起扣4分', '0起', 10, '3起'))).toMatch(
      /^manual.*不在评分标准的任何分段内/,
    );
    expect(flowScore('出现1起扣2分，出现2起扣4分', '0起', 10, '2起')).toBe(6);
  });

  it('a gap between the tiers goes to a person, saying which count is not written', () => {
    const r = parseRule('出现1起扣2分，发生3起扣6分，发生5起以上不得分').rule;
    expect(r.kind).toBe('manual');
    if (r.kind === 'manual') expect(r.reason).toMatch(/没有写2起怎么计分/);
  });

  it('overlapping tiers, or two that both end at one count, go to a person', () => {
    // 以上 is loose: "2起以上" and "3起以上" both reach 3 and neither says 含 — which one 3起 is in is not written.
    const r = parseRule('出现1起扣2分，发生2起以上扣4分，发生3起以上不得分').rule;
    expect(r.kind).toBe('manual');
    if (r.kind === 'manual') expect(r.reason).toMatch(/两段都写到3起/);
    const o = parseRule('出现1起扣2分，发生1起扣4分，发生3起以上不得分').rule;
    expect(o.kind).toBe('manual');
    if (o.kind === 'manual') expect(o.reason).toMatch(/重叠/);
  });

  it('a lone per-event deduction stays a deduction per event', () => {
    // "出现1起扣2分" alone: each event costs 2 → 3起 → 10 − 6 = 4
    expect(flowScore('出现1起扣2分，扣完为止', '0起', 10, '3起')).toBe(4);
  });
});

describe('month-deadline tiers', () => {
  table([
    // 5月20日 and 6月30日 are by the end of June → 5; 7月15日 is July → 2; 8月1日 and 9月 are 8月及以后 → 0
    [MONTHS, '6月底前完成', 5, '5月20日', 5],
    [MONTHS, '6月底前完成', 5, '6月30日', 5],
    [MONTHS, '6月底前完成', 5, '7月15日', 2],
    [MONTHS, '6月底前完成', 5, '8月1日', 0],
    [MONTHS, '6月底前完成', 5, '9月', 0],
    [MONTHS, '6月底前完成', 5, '9月份', 0],
    // 7月 as a whole month is in the 7月 tier → 2
    [MONTHS, '6月底前完成', 5, '7月', 2],
    // January of the next year is after August → 0 (not "1月", before June)
    ['10月底前完成得满分，11月完成得2分，12月及以后不得分', '10月底前完成', 5, '1月5日', 0],
    // "6月前" is before June: 5月 → 4; 6月10日 → 6月份 tier → 2
    ['6月前完成得4分，6月份完成得2分，7月以后不得分', '6月前完成', 4, '5月', 4],
    ['6月前完成得4分，6月份完成得2分，7月以后不得分', '6月前完成', 4, '6月10日', 2],
  ]);

  it('a month no tier covers goes to a person with the reason', () => {
    const r = parseRule('6月底前完成得满分，8月完成得2分，9月及以后不得分').rule;
    expect(r.kind).toBe('manual');
    if (r.kind === 'manual') expect(r.reason).toMatch(/没有写7月完成怎么计分/);
  });

  table([
    // "按时完成" against "6月底前完成": some month up to June, all in the "6月及以前" tier → 5
    [MONTHS, '6月底前完成', 5, '按时完成', 5],
    // the answer reader reads 已完成 as the target (6月底前完成) met, as for 每逾期1天 rules → 5
    [MONTHS, '6月底前完成', 5, '已完成', 5],
  ]);

  it('an answer without a month goes to a person, never the full marks', () => {
    // 未按时完成 does not say whether July or later.
    expect(String(flowScore(MONTHS, '6月底前完成', 5, '未按时完成'))).toMatch(/^manual.*哪个月/);
    // on time, but the deadline (7月底) spans two tiers: June or July is not said
    expect(String(flowScore(MONTHS, '7月底前完成', 5, '按时完成'))).toMatch(/^manual.*哪个月/);
  });

  it('explains the tier in months and counts in events, from the scorer’s trace', () => {
    expect(explanation(MONTHS, '6月底前完成', '7月15日')).toBe('7月完成，在「7月」段，得2分；得分2/5');
    expect(explanation(MONTHS, '6月底前完成', '9月')).toBe('9月完成，在「8月及以后」段，得0分；得分0/5');
    expect(explanation(EVENTS, '0起', '2起')).toBe('实际2起，在「2起」段，扣4分，得1分；得分1/5');
  });
});

/** The explanation the chat shows for one item of 5 points with this rule, target and answer. */
function explanation(rule: string, target: string, answer: string): string | undefined {
  const item = { id: 'item', level1: '产出', level2: '质量', name: '事项', weight: 5, target, rule };
  const l = loadFlowText(YAML.stringify({ id: 'tiers', title: '表', total: 5, indicators: [item] }));
  if (!l.ok) throw new Error(l.errors.join());
  return scoreFlow(l.flow, { item: answer }).items[0].explanation;
}
