import type { Measure, Rule } from '../types.js';
import { fmt, gapUnit } from './format.js';
import { describeTier, describeTierScore } from './tier-text.js';

/** A short Chinese summary of a rule, for questions: "低于95%时每5个百分点扣0.5分，扣完为止". */
export function describeRule(rule: Rule, item: { measure?: Measure; direction?: 'higher' | 'lower' } = {}): string {
  switch (rule.kind) {
    case 'step': {
      const unit = rule.perUnit ?? '%';
      const cap = rule.cap === undefined ? '扣完为止' : `最多扣${fmt(rule.cap)}分`;
      if (unit !== '%') {
        // The base of a per-件 rule is usually a rate ("达100%得4分，每减少1件"): say both as written.
        const basePart = rule.base === undefined ? '' : `（基准${fmt(rule.base)}）`;
        const verb = rule.direction === 'below' ? '少' : rule.direction === 'above' ? '多' : '偏离';
        return `每${verb}${fmt(rule.per)}${unit}扣${fmt(rule.deduct)}分${basePart}，${cap}`;
      }
      const base =
        rule.base === undefined
          ? '指标值'
          : rule.baseHigh !== undefined
            ? `${fmt(rule.base)}%-${fmt(rule.baseHigh)}%`
            : `${fmt(rule.base)}%`;
      const verb = rule.direction === 'below' ? '低于' : rule.direction === 'above' ? '超过' : '偏离';
      const per = `每${fmt(rule.per)}${gapUnit(unit)}`;
      const uncovered =
        rule.otherSide === 'uncovered'
          ? `（${rule.direction === 'above' ? '低于' : '高于'}${base}的情况未规定，需人工评分）`
          : '';
      const floor = [
        rule.zeroBelow !== undefined ? `低于${fmt(rule.zeroBelow)}%不得分` : '',
        rule.zeroAbove !== undefined ? `超过${fmt(rule.zeroAbove)}%不得分` : '',
      ]
        .filter(Boolean)
        .map((x) => `，${x}`)
        .join('');
      return `${verb}${base}时${per}扣${fmt(rule.deduct)}分，${cap}${floor}${uncovered}`;
    }
    case 'count':
      return `每${fmt(rule.per)}${rule.unit ?? '次'}扣${fmt(rule.deduct)}分，${rule.cap === undefined ? '扣完为止' : `最多扣${fmt(rule.cap)}分`}`;
    case 'tiers':
      return rule.tiers.map((t) => `${describeTier(t, rule.unit)}${describeTierScore(t)}`).join('，');
    case 'proportional':
      return rule.of === 'absolute' ? '按百分比计分（分值×百分比）' : '按实际完成值占指标值的比例计分';
    case 'all_or_nothing': {
      const partial =
        rule.partial !== undefined
          ? `，部分完成得${fmt(rule.partial)}分`
          : rule.partialShare !== undefined
            ? `，部分完成得分值的${fmt(rule.partialShare * 100)}%`
            : '';
      return `完成得满分${partial}，未完成不得分`;
    }
    case 'checklist':
      return rule.mode === 'add'
        ? `每达到一项评价要点得${fmt(rule.perPoint)}分`
        : `每缺一项评价要点扣${fmt(rule.perPoint)}分，扣完为止`;
    case 'default':
      // The Ministry of Finance defaults differ by kind of indicator (财预〔2020〕10号).
      if (item.measure === 'qualitative') return '达成得满分；部分达成按分值的60%~80%、未达成按0~60%自评打分';
      if (item.measure === 'bool') return '是（完成）得满分，否不得分';
      if (item.measure === 'checklist') return '按满足的评价要点比例计分';
      if (item.direction === 'lower') return '不超过指标值得满分，超过则按指标值/实际值的比例计分';
      return '达到指标值得满分，未达到按完成比例计分';
    case 'deductions':
      return rule.items
        .map(
          (i) =>
            `${i.text}${i.zero ? '不得分' : i.per !== undefined ? `每${fmt(i.per)}${i.unit ?? '次'}扣${fmt(i.deduct)}分` : `扣${fmt(i.deduct)}分`}`,
        )
        .join('；');
    case 'choice':
      return rule.options
        .map((o) => `${o.text}${o.fullMarks ? '得满分' : o.score === 0 ? '不得分' : `得${fmt(o.score)}分`}`)
        .join('，');
    case 'linear':
      return `${fmt(rule.fullAt)}${rule.unit ?? ''}得满分，${fmt(rule.zeroAt)}${rule.unit ?? ''}${rule.zeroShare ? `得分值的${fmt(rule.zeroShare * 100)}%` : '不得分'}，之间按比例计分`;
    case 'manual':
      return `需人工评分：${rule.reason}`;
  }
}
