// What the bot asks: questions, the reason and manual-score prompts, help — one screen each.
import { exampleAnswer } from '../core/answers/format-value.js';
import type { FieldDef, Flow, Indicator } from '../core/flow/model.js';
import { describeRule } from '../core/rules/describe-rule.js';
import { targetText } from '../core/rules/format.js';
import { formatScore } from '../core/scoring/round.js';
import { answerSpec, fieldSpec } from '../core/scoring/score-flow.js';
import type { ItemScore } from '../core/types.js';
import type { Control, StateName } from './control.js';
import type { AnswerRow } from './ports.js';
import { numberOf, questionsOf } from './questions.js';
import { t } from './texts.js';

/** The form's name in chat: its title and 项目名称, so 正定's five project forms are told apart. */
export function formTitle(flow: Flow): string {
  return `${flow.title}${flow.project ? `（${flow.project}）` : ''}`;
}

/** What a person typed, shown back: never more than a short excerpt (a 1M-character message is not echoed). */
export function excerpt(text: string, max = 20): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`;
}

/** A rule as the question shows it: the form's own words when short, else a plain description. */
function shortRule(ind: Indicator): string {
  if (ind.rule && ind.rule.length <= 60) return ind.rule.trim();
  return describeRule(ind.ruleParsed, ind);
}

/** An example that fits a text field's own question (填表人 is not answered 「已按计划完成全年任务」). */
export function fieldExample(f: FieldDef, flow: Flow): string {
  // A figure the form states is the example: copying a made-up one (12.5万元) would replace the real figure.
  const stated = statedOf(f);
  if (stated !== undefined) return f.unit && !stated.endsWith(f.unit) ? `${stated}${f.unit}` : stated;
  if (f.example) return f.example;
  if (f.default) return f.default;
  if (f.type !== 'text') return exampleAnswer(fieldSpec(f));
  const l = f.label;
  if (/电话|手机|联系方式/.test(l)) return '0311-8888 1234';
  if (/日期|时间/.test(l)) return `${flow.year ?? 2024}年12月31日`;
  if (/人$|姓名|负责人|联系人/.test(l)) return '王明';
  if (/单位|部门|机关/.test(l)) return flow.org ?? '某某县信访局';
  if (/项目/.test(l)) return flow.project ?? '信访专项业务';
  if (/目标|情况|完成|成效|说明/.test(l)) return '已按计划完成全年任务';
  return `（请填写${l}）`;
}

/** The figure the source document states for a field (the importer's `stated`), if any. */
export function statedOf(f: FieldDef): string | undefined {
  const v = (f as { stated?: unknown }).stated;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

export function indicatorExample(ind: Indicator): string {
  return ind.example ?? exampleAnswer(answerSpec(ind));
}

const asked = new WeakMap<Flow, Map<number, string>>();

/**
 * The question at the cursor, with the answer it has now. The question itself depends only on the form
 * version, so it is worded once per form and question (a turn asks one: it costs a lookup).
 */
export function questionText(flow: Flow, ctx: Pick<Control, 'cursor'>, current?: AnswerRow): string {
  let byCursor = asked.get(flow);
  if (!byCursor) {
    byCursor = new Map();
    asked.set(flow, byCursor);
  }
  let base = byCursor.get(ctx.cursor);
  if (base === undefined) {
    base = wordQuestion(flow, ctx.cursor);
    byCursor.set(ctx.cursor, base);
  }
  const now = current?.value ? `\n${t('current_answer', { value: excerpt(current.value, 40) })}` : '';
  return base + now;
}

function wordQuestion(flow: Flow, cursor: number): string {
  const q = questionsOf(flow)[cursor];
  if (!q) return '';
  const n = numberOf(flow, q.id) ?? cursor + 1;
  const total = questionsOf(flow).length;
  if (q.kind === 'field') {
    const f = q.field;
    return t('question_field', {
      n,
      total,
      label: f.label,
      unit: f.unit ? `（${f.unit}）` : '',
      // A figure the form itself states (imported: 全年预算数 80) is offered for a yes, not asked again.
      question:
        statedOf(f) !== undefined
          ? t('question_stated', { label: f.label, value: `${statedOf(f)}${f.unit ?? ''}` })
          : (f.question ?? `请填写${f.label}。`),
      default: f.default ? t('question_default', { value: f.default }) : '',
      example: fieldExample(f, flow),
    });
  }
  const ind = q.ind;
  return (
    t('question_indicator', {
      n,
      total,
      path: `${ind.level1} › ${ind.level2} › ${ind.name}`,
      target: targetText(ind.target),
      weight: formatScore(ind.weight),
      rule: shortRule(ind),
      question: ind.question ?? t('ask_indicator'),
      example: indicatorExample(ind),
    }) + pointsText(ind)
  );
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** A checklist's 评价要点, numbered as they are answered (①②③ or 1、2、3), each shortened to fit the screen. */
function pointsText(ind: Indicator): string {
  const points = ind.points ?? [];
  if (!points.length) return '';
  const each = Math.max(12, Math.min(40, Math.floor(200 / points.length)));
  const lines = points.slice(0, 20).map((p, i) => `${CIRCLED[i] ?? `${i + 1}.`}${excerpt(p, each)}`);
  return `\n${t('question_points', { points: lines.join('\n') })}`;
}

export function reasonQuestion(flow: Flow, id: string, current?: AnswerRow): string {
  const ind = flow.indicators.find((i) => i.id === id)!;
  const n = numberOf(flow, id) ?? '';
  // A person's own score below full is asked about as such: the value may well have met the target (达成).
  const score = current?.score;
  const ask =
    score !== null && score !== undefined && score < ind.weight
      ? t('ask_reason_manual', { n, name: ind.name, score: formatScore(score), max: formatScore(ind.weight) })
      : t('ask_reason', { target: targetText(ind.target), n, name: ind.name });
  return current?.reason ? `${ask}\n${t('current_reason', { reason: excerpt(current.reason, 60) })}` : ask;
}

/** The person's score asked for; `again` when re-asked later (nothing is recorded then, so it does not say so). */
export function manualQuestion(flow: Flow, item: ItemScore, again = false): string {
  const ind = flow.indicators.find((i) => i.id === item.id)!;
  const reason =
    ind.ruleParsed.kind === 'manual' ? ind.ruleParsed.reason : item.explanation.replace(/^待人工评分：/, '');
  return t(again ? 'ask_manual' : 'recorded_manual', {
    n: numberOf(flow, item.id) ?? '',
    name: item.name,
    value: item.display ?? '',
    reason,
    max: formatScore(ind.weight),
    example: formatScore(ind.weight * 0.8),
  });
}

/** 帮助 describes where the person really is: the open question, the reason prompt, the review or a submitted form. */
export function helpText(flow: Flow, ctx: Control, state: StateName): string {
  const commands = t('help_commands');
  if (state === 'submitted') return `${t('help_submitted', { revision: ctx.revision })}\n${commands}`;
  if (state === 'review') return `${t('help_review')}\n${commands}`;
  if (state === 'reason' && ctx.pending) {
    const ind = flow.indicators.find((i) => i.id === ctx.pending);
    return `${t('help_reason', { name: ind?.name ?? '' })}\n${commands}`;
  }
  const q = questionsOf(flow)[ctx.cursor];
  if (!q) return `${t('help_review')}\n${commands}`;
  if (q.kind === 'field')
    return `${t('help', { label: q.field.label, help: q.field.help ?? t('help_none'), formula: '', example: fieldExample(q.field, flow) })}\n${commands}`;
  const ind = q.ind;
  const rule = `\n评分标准：${ind.rule ?? describeRule(ind.ruleParsed, ind)}`;
  return `${t('help', { label: ind.name, help: ind.help ?? ind.note ?? t('help_none'), formula: rule, example: indicatorExample(ind) })}\n${commands}`;
}
