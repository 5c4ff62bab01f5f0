// What the person sees of the whole form: the review, 预览 (paged), 进度. Every number comes from scoreFlow.
import type { Flow } from '../core/flow/model.js';
import { formatScore } from '../core/scoring/round.js';
import type { ItemScore, ScoreReport } from '../core/types.js';
import type { Control } from './control.js';
import type { AnswerRow } from './ports.js';
import { excerpt, formTitle } from './prompts.js';
import { isDone, labelOf, numberOf, questionsOf } from './questions.js';
import { t } from './texts.js';

/** Lines of items per 预览 page: a page stays within one phone screen. */
export const PAGE_LINES = 10;
/** Items named in a "还缺" list before it says "等N项". */
const LIST_MAX = 6;

function scoreWord(it: ItemScore): string {
  if (it.status === 'scored') return `${formatScore(it.score!)}/${formatScore(it.max)}分`;
  if (it.status === 'manual') return '待人工评分';
  if (it.status === 'invalid') return '答案无效';
  return '未填';
}

function itemLine(flow: Flow, it: ItemScore): string {
  return t('preview_line', {
    n: numberOf(flow, it.id) ?? '',
    name: it.name + (it.derived ? '（自动计算）' : ''),
    value: excerpt(it.display ?? '', 16),
    score: scoreWord(it),
  });
}

function byNumber(flow: Flow, items: ItemScore[]): ItemScore[] {
  return [...items].sort((a, b) => (numberOf(flow, a.id) ?? 0) - (numberOf(flow, b.id) ?? 0));
}

function totalLine(report: ScoreReport): string {
  return t('preview_total', {
    total: formatScore(report.total),
    max: formatScore(report.max),
    grade: report.grade,
    provisional: report.provisional ? t('provisional') : '',
  });
}

function shortList(items: string[]): string {
  if (items.length <= LIST_MAX) return items.join('，');
  return `${items.slice(0, LIST_MAX).join('，')}${t('list_more', { n: items.length })}`;
}

export interface Missing {
  answers: string[];
  reasons: string[];
}

export function missingOf(flow: Flow, report: ScoreReport, rows: Map<string, AnswerRow>): Missing {
  const answers: string[] = [];
  // A header answer the scorer no longer accepts as it stands: a spend now above a budget corrected
  // later, never confirmed. It blocks submission like a missing one (the items computed from it are unscored).
  const unsettled = new Set(report.fields.filter((f) => f.error && f.raw !== undefined).map((f) => f.id));
  for (const q of questionsOf(flow)) {
    const row = rows.get(q.id);
    const has = isDone(q, row) || (q.kind === 'field' && q.field.default !== undefined);
    if (!has && (q.kind === 'indicator' || q.field.required)) answers.push(`${numberOf(flow, q.id)}. ${labelOf(q)}`);
    else if (unsettled.has(q.id)) answers.push(`${numberOf(flow, q.id)}. ${labelOf(q)}${t('review_unsettled')}`);
  }
  const reasons = byNumber(flow, report.items)
    .filter((it) => it.status === 'scored' && it.short && !rows.get(it.id)?.reason?.trim())
    .map((it) => `${numberOf(flow, it.id)}. ${it.name}`);
  return { answers, reasons };
}

/**
 * The review at the end of the form: totals, the items that lost points or are not scored yet, and what is
 * missing — never the whole form (that is 「预览全部」), so it fits a phone screen whatever the form's size.
 */
export function reviewText(flow: Flow, report: ScoreReport, rows: Map<string, AnswerRow>): string {
  const missing = missingOf(flow, report, rows);
  const lines = [t('review_header', { title: formTitle(flow) }), totalLine(report)];
  const notFull = byNumber(flow, report.items).filter(
    (it) => it.status !== 'unanswered' && (it.status !== 'scored' || it.score! < it.max - 1e-9),
  );
  if (notFull.length) {
    lines.push(t('review_lost'));
    for (const it of notFull.slice(0, LIST_MAX)) lines.push(itemLine(flow, it));
    if (notFull.length > LIST_MAX) lines.push(t('review_lost_more', { n: notFull.length - LIST_MAX }));
  } else if (!missing.answers.length) lines.push(t('review_all_full'));
  if (missing.answers.length) lines.push(t('review_missing', { list: shortList(missing.answers) }));
  if (missing.reasons.length) lines.push(t('review_missing_reasons', { list: shortList(missing.reasons) }));
  lines.push(missing.answers.length || missing.reasons.length ? t('review_blocked') : t('review_ready'));
  return lines.join('\n');
}

/** 预览: every item with its score, one page at a time; fields (单位名称 …) on the first page. */
export function previewText(flow: Flow, report: ScoreReport, page: number): { text: string; pages: number } {
  const items = byNumber(flow, report.items);
  const pages = Math.max(1, Math.ceil(items.length / PAGE_LINES));
  const p = Math.min(Math.max(page, 1), pages);
  const lines = [t('preview_header', { title: formTitle(flow) })];
  for (const it of items.slice((p - 1) * PAGE_LINES, p * PAGE_LINES)) lines.push(itemLine(flow, it));
  lines.push(totalLine(report));
  if (pages > 1)
    lines.push(p < pages ? t('preview_page', { page: p, pages }) : t('preview_last_page', { page: p, pages }));
  return { text: lines.join('\n'), pages };
}

export interface Progress {
  answered: number;
  total: number;
  next?: { n: number; label: string };
}

/** How many questions are filled and which one is next (the first open one after the cursor, else the first open one). */
export function progressCounts(
  flow: Flow,
  ctx: Pick<Control, 'cursor'>,
  rows: Map<string, AnswerRow> = new Map(),
): Progress {
  const qs = questionsOf(flow);
  let answered = 0;
  let after = -1;
  let first = -1;
  qs.forEach((q, i) => {
    if (isDone(q, rows.get(q.id))) answered++;
    else {
      if (first < 0) first = i;
      if (after < 0 && i >= ctx.cursor) after = i;
    }
  });
  const idx = after >= 0 ? after : first;
  return {
    answered,
    total: qs.length,
    next: idx >= 0 ? { n: numberOf(flow, qs[idx].id)!, label: labelOf(qs[idx]) } : undefined,
  };
}

export function progressText(p: Progress): string {
  const next = p.next ? t('progress_next', p.next) : t('progress_done');
  return t('progress', { answered: p.answered, total: p.total, next });
}
