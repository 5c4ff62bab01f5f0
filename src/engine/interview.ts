// What the interviewer says and decides on each turn, as pure functions of (flow, context, text).
// The XState machine (machine.ts) routes events to these and owns the states.
import { exampleAnswer, formatValue } from '../core/answers/format-value.js';
import { parseAnswer } from '../core/answers/parse-answer.js';
import type { Flow, Indicator, RawAnswers } from '../core/flow/model.js';
import { describeRule } from '../core/rules/describe-rule.js';
import { formatScore, roundTo } from '../core/scoring/round.js';
import {
  type AnswerEntry,
  answerSpec,
  fieldSpec,
  gradeOf,
  scoreFields,
  scoreFlow,
  scoreIndicator,
} from '../core/scoring/score-flow.js';
import type { ItemScore, ScoreReport } from '../core/types.js';
import { canSkip, derivedUsing, labelOf, type Question, questionsOf } from './questions.js';
import { t } from './texts.js';

/** Bumped when the persisted context changes shape; engine/snapshot.ts migrates or restarts older ones. */
export const CONTEXT_VERSION = 1;

export type Route = 'ask' | 'reason' | 'manual' | 'review' | 'submitted' | 'confirmRestart' | 'paused';

export interface InterviewContext {
  v: number;
  flowId: string;
  flowHash: string;
  answers: Record<string, AnswerEntry>;
  /** Index into questionsOf(flow) of the open question. */
  cursor: number;
  /** Item awaiting its 偏差原因 or a person's score. */
  pending?: string;
  failures: number;
  /** Number of submitted revisions. */
  revision: number;
  /** Came to a question by 修改 from the review: return there after answering. */
  editing: boolean;
  /** Changed since the last submission. */
  dirty: boolean;
  /** Where the transient routing state goes next. */
  route: Route;
  /** Where to return after a pause or a cancelled restart. */
  resumeTo?: Route;
  /**
   * Each answered item's score as computed on its turn, so the review and 预览 need not score the
   * whole form again (the flow version is pinned, so these stay valid). Derived items are not kept.
   */
  scores?: Record<string, CachedScore>;
  /** A drafted 偏差原因 offered for ctx.pending, taken with 采用. */
  suggestion?: string;
}

export interface CachedScore {
  s: number | null;
  st: ItemScore['status'];
  d: string;
  sh: boolean;
}

/** What the review and 预览 show of each item: a subset of ItemScore. */
type ItemView = Pick<ItemScore, 'id' | 'name' | 'max' | 'score' | 'status' | 'display' | 'short' | 'derived'>;
interface Summary {
  items: ItemView[];
  total: number;
  max: number;
  grade: string;
  provisional: boolean;
}

export interface AuditEntry {
  itemId: string;
  kind: 'value' | 'reason' | 'score' | 'restart';
  text: string;
}

/** Side effects a turn asks for; the engine performs them after saving. */
export interface TurnOutput {
  replies: string[];
  audit: AuditEntry[];
  submitRevision?: number;
}

export function newContext(flow: Flow): InterviewContext {
  return {
    v: CONTEXT_VERSION,
    flowId: flow.id,
    flowHash: flow.hash,
    answers: {},
    cursor: 0,
    failures: 0,
    revision: 0,
    editing: false,
    dirty: false,
    route: 'ask',
  };
}

const labelsCache = new WeakMap<Flow, Record<string, string>>();
function labelsOf(flow: Flow): Record<string, string> {
  let l = labelsCache.get(flow);
  if (!l) {
    l = {};
    for (const f of flow.fields) l[f.id] = f.label;
    for (const i of flow.indicators) l[i.id] = i.name;
    labelsCache.set(flow, l);
  }
  return l;
}

/** Numbers the derived indicators' formulas need: numeric fields and numeric answers. */
function varsFor(flow: Flow, answers: Record<string, AnswerEntry>, ind: Indicator): Record<string, number> {
  const vars: Record<string, number> = {};
  const ids = (ind.formula ?? '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  for (const id of ids) {
    const entry = answers[id];
    const field = flow.fields.find((f) => f.id === id);
    const raw = entry?.value ?? field?.default;
    if (raw === undefined) continue;
    const other = flow.indicators.find((i) => i.id === id);
    const spec = field ? fieldSpec(field) : other ? answerSpec(other) : undefined;
    if (!spec) continue;
    const p = parseAnswer(raw, spec);
    if (p.ok && p.value.kind === 'number') vars[id] = p.value.value;
  }
  return vars;
}

export function scoreItem(flow: Flow, ctx: InterviewContext, ind: Indicator): ItemScore {
  const vars = ind.derived ? varsFor(flow, ctx.answers, ind) : {};
  return scoreIndicator(flow, ind, ctx.answers[ind.id], vars, labelsOf(flow));
}

export function reportOf(flow: Flow, ctx: InterviewContext): ScoreReport {
  return scoreFlow(flow, ctx.answers as RawAnswers);
}

function cacheScore(ctx: InterviewContext, item: ItemScore): InterviewContext {
  const entry: CachedScore = { s: item.score, st: item.status, d: item.display ?? '', sh: item.short };
  return { ...ctx, scores: { ...ctx.scores, [item.id]: entry } };
}

/** The scores for the review: kept ones where the answer has not changed, computed otherwise. */
export function summaryOf(flow: Flow, ctx: InterviewContext): Summary {
  const items: ItemView[] = flow.indicators.map((ind): ItemView => {
    const kept = ind.derived ? undefined : ctx.scores?.[ind.id];
    const answered = ctx.answers[ind.id] !== undefined;
    if (kept && answered)
      return {
        id: ind.id,
        name: ind.name,
        max: ind.weight,
        derived: false,
        score: kept.s,
        status: kept.st,
        display: kept.d,
        short: kept.sh,
      };
    if (!ind.derived && !answered)
      return {
        id: ind.id,
        name: ind.name,
        max: ind.weight,
        derived: false,
        score: null,
        status: 'unanswered',
        display: '',
        short: false,
      };
    return scoreItem(flow, ctx, ind);
  });
  const total = roundTo(
    items.reduce((sum, i) => sum + (i.status === 'scored' ? (i.score ?? 0) : 0), 0),
    flow.rounding.decimals,
  );
  const max = roundTo(
    items.reduce((sum, i) => sum + i.max, 0),
    6,
  );
  return { items, total, max, grade: gradeOf(flow, total), provisional: items.some((i) => i.status !== 'scored') };
}

// ---------- questions ----------

function shortRule(ind: Indicator): string {
  if (ind.rule && ind.rule.length <= 60) return ind.rule.trim();
  return describeRule(ind.ruleParsed, ind);
}

export function questionText(flow: Flow, ctx: InterviewContext): string {
  const qs = questionsOf(flow);
  const q = qs[ctx.cursor];
  if (!q) return reviewText(flow, ctx);
  const n = ctx.cursor + 1;
  if (q.kind === 'field') {
    const f = q.field;
    return t('question_field', {
      n,
      total: qs.length,
      label: f.label,
      unit: f.unit ? `（${f.unit}）` : '',
      question: f.question ?? `请填写${f.label}。`,
      default: f.default ? t('question_default', { value: f.default }) : '',
      example: f.example ?? (f.default || exampleAnswer(fieldSpec(f))),
    });
  }
  const ind = q.ind;
  return t('question_indicator', {
    n,
    total: qs.length,
    path: `${ind.level1} › ${ind.level2} › ${ind.name}`,
    target: ind.target,
    weight: formatScore(ind.weight),
    rule: shortRule(ind),
    question: ind.question ?? t('ask_indicator'),
    example: ind.example ?? exampleAnswer(answerSpec(ind)),
  });
}

function reasonQuestion(flow: Flow, id: string): string {
  const ind = flow.indicators.find((i) => i.id === id)!;
  return t('ask_reason', { target: ind.target });
}

function manualQuestion(flow: Flow, ctx: InterviewContext, id: string): string {
  const ind = flow.indicators.find((i) => i.id === id)!;
  const item = scoreItem(flow, ctx, ind);
  const reason =
    ind.ruleParsed.kind === 'manual' ? ind.ruleParsed.reason : item.explanation.replace(/^待人工评分：/, '');
  return t('recorded_manual', {
    value: item.display ?? '',
    reason,
    max: formatScore(ind.weight),
    example: formatScore(ind.weight * 0.8),
  });
}

/** The prompt for wherever the context is: used after pauses, 继续, 上一题 and restarts. */
export function promptFor(flow: Flow, ctx: InterviewContext, route: Route = ctx.route): string {
  switch (route) {
    case 'reason':
      return reasonQuestion(flow, ctx.pending!);
    case 'manual':
      return manualQuestion(flow, ctx, ctx.pending!);
    case 'review':
      return reviewText(flow, ctx);
    case 'submitted':
      return t('after_submit', { revision: ctx.revision });
    default:
      return questionText(flow, ctx);
  }
}

// ---------- answering ----------

interface Turn {
  ctx: InterviewContext;
  out: TurnOutput;
}

const emptyOut = (): TurnOutput => ({ replies: [], audit: [] });

/** After a question is settled: the next one, or back to the review when editing, or the review at the end. */
function advance(flow: Flow, ctx: InterviewContext, out: TurnOutput): Turn {
  const qs = questionsOf(flow);
  const next: InterviewContext = { ...ctx, pending: undefined, failures: 0 };
  if (ctx.editing || ctx.cursor + 1 >= qs.length) {
    next.editing = false;
    next.cursor = Math.min(ctx.cursor + (ctx.editing ? 0 : 1), qs.length);
    next.route = 'review';
    out.replies.push(reviewText(flow, next));
    return { ctx: next, out };
  }
  next.cursor = ctx.cursor + 1;
  next.route = 'ask';
  out.replies.push(questionText(flow, next));
  return { ctx: next, out };
}

/** Shows derived indicators that an answer made computable; returns one that needs a reason, if any. */
function showDerived(flow: Flow, ctx: InterviewContext, id: string, out: TurnOutput): string | undefined {
  let needsReason: string | undefined;
  for (const ind of derivedUsing(flow, id)) {
    const item = scoreItem(flow, ctx, ind);
    if (item.status === 'scored') {
      out.replies.push(
        t('derived', {
          name: ind.name,
          value: item.display ?? '',
          score: formatScore(item.score!),
          max: formatScore(item.max),
        }),
      );
      if (item.short && !ctx.answers[ind.id]?.reason && !needsReason) needsReason = ind.id;
    } else if (item.status === 'unanswered' && !/需要先填写/.test(item.explanation)) {
      out.replies.push(t('derived_pending', { name: ind.name, reason: item.explanation.replace(/^由公式计算，/, '') }));
    }
  }
  return needsReason;
}

function invalid(ctx: InterviewContext, q: Question | undefined, reason: string, example: string): Turn {
  const failures = ctx.failures + 1;
  const out = emptyOut();
  let text = t('invalid', { reason, example });
  if (failures >= 3) text += `\n${t('invalid_hint', { skip: q && canSkip(q) ? t('invalid_hint_skip') : '' })}`;
  out.replies.push(text);
  return { ctx: { ...ctx, failures }, out };
}

const USE_DEFAULT = /^(好|好的|默认|是|对|ok|确认|用默认)$/i;

export function answerQuestion(flow: Flow, ctx: InterviewContext, text: string): Turn {
  const q = questionsOf(flow)[ctx.cursor];
  if (!q) return { ctx: { ...ctx, route: 'review' }, out: { replies: [reviewText(flow, ctx)], audit: [] } };
  const out = emptyOut();
  if (q.kind === 'field') {
    const f = q.field;
    const typed = f.default !== undefined && USE_DEFAULT.test(text.trim()) ? f.default : text;
    const spec = fieldSpec(f);
    const p = parseAnswer(typed, spec);
    if (!p.ok) return invalid(ctx, q, p.reason, f.example ?? p.example);
    const answers = { ...ctx.answers, [f.id]: { value: typed } };
    const next = { ...ctx, answers, dirty: true };
    out.audit.push({ itemId: f.id, kind: 'value', text: typed });
    out.replies.push(t('recorded_field', { label: f.label, value: formatValue(p.value, spec) }));
    const needsReason = showDerived(flow, next, f.id, out);
    if (needsReason) return askReason(flow, next, needsReason, out);
    return advance(flow, next, out);
  }
  const ind = q.ind;
  const spec = answerSpec(ind);
  const p = parseAnswer(text, spec);
  if (!p.ok) return invalid(ctx, q, p.reason, ind.example ?? p.example);
  const prev = ctx.answers[ind.id];
  const answers = { ...ctx.answers, [ind.id]: { value: text, ...(prev?.reason ? { reason: prev.reason } : {}) } };
  const next = { ...ctx, answers, dirty: true };
  out.audit.push({ itemId: ind.id, kind: 'value', text });
  const item = scoreItem(flow, next, ind);
  const cached = cacheScore(next, item);
  if (item.status === 'manual') {
    out.replies.push(manualQuestion(flow, cached, ind.id));
    return { ctx: { ...cached, pending: ind.id, route: 'manual', failures: 0 }, out };
  }
  out.replies.push(
    t('recorded_item', {
      value: item.display ?? text,
      score: formatScore(item.score ?? 0),
      max: formatScore(item.max),
    }),
  );
  const derivedReason = showDerived(flow, cached, ind.id, out);
  if (item.short && !cached.answers[ind.id].reason) return askReason(flow, cached, ind.id, out);
  if (derivedReason) return askReason(flow, cached, derivedReason, out);
  return advance(flow, cached, out);
}

function askReason(flow: Flow, ctx: InterviewContext, id: string, out: TurnOutput): Turn {
  out.replies.push(reasonQuestion(flow, id));
  return { ctx: { ...ctx, pending: id, route: 'reason', failures: 0 }, out };
}

const ACCEPT = /^(采用|用这个|就这样|可以|好的?|同意)$/;

/** A draft (from the LLM or the template) is only offered; the person accepts it, edits it or writes their own. */
export function offerSuggestion(_flow: Flow, ctx: InterviewContext, draft: string): Turn {
  return { ctx: { ...ctx, suggestion: draft }, out: { replies: [t('suggestion', { text: draft })], audit: [] } };
}

export function answerReason(flow: Flow, ctx: InterviewContext, text: string): Turn {
  const id = ctx.pending!;
  const accepted = ctx.suggestion !== undefined && ACCEPT.test(text.normalize('NFKC').replace(/\s+/g, ''));
  // A template draft has blanks to fill: those must not go into the official document as they are.
  if (accepted && /请补充/.test(ctx.suggestion!))
    return invalid(ctx, undefined, t('suggestion_blanks'), ctx.suggestion!.replace(/（请补充）/g, '……'));
  const reason = accepted ? ctx.suggestion!.trim() : text.trim();
  ctx = { ...ctx, suggestion: undefined };
  if (!reason) return invalid(ctx, undefined, '偏差原因不能为空。', '受疫情影响部分项目延期，下一年度将加强进度管理');
  const out = emptyOut();
  const answers = { ...ctx.answers, [id]: { ...(ctx.answers[id] ?? { value: '' }), reason } };
  out.audit.push({ itemId: id, kind: 'reason', text: reason });
  out.replies.push(t('reason_recorded'));
  // A derived item's reason is asked during the turn of the answer it came from: move on from that.
  return advance(flow, { ...ctx, answers, dirty: true, pending: undefined }, out);
}

export function answerManualScore(flow: Flow, ctx: InterviewContext, text: string): Turn {
  const id = ctx.pending!;
  const ind = flow.indicators.find((i) => i.id === id)!;
  const n = Number(text.normalize('NFKC').replace(/分$/, '').trim());
  if (!Number.isFinite(n) || n < 0 || n > ind.weight)
    return invalid(
      ctx,
      undefined,
      `自评分应为0到${formatScore(ind.weight)}之间的数字。`,
      formatScore(ind.weight * 0.8),
    );
  const out = emptyOut();
  const answers = { ...ctx.answers, [id]: { ...(ctx.answers[id] ?? { value: '' }), score: n } };
  const next = { ...ctx, answers, dirty: true };
  out.audit.push({ itemId: id, kind: 'score', text: String(n) });
  out.replies.push(t('manual_score_recorded', { score: formatScore(n), max: formatScore(ind.weight) }));
  const item = scoreItem(flow, next, ind);
  const cached = cacheScore(next, item);
  if (item.short && !answers[id].reason) return askReason(flow, cached, id, out);
  return advance(flow, cached, out);
}

export function skip(flow: Flow, ctx: InterviewContext): Turn {
  const out = emptyOut();
  if (ctx.route === 'reason' || ctx.route === 'manual') {
    out.replies.push(t('skipped', { n: ctx.cursor + 1 }));
    return advance(flow, { ...ctx, pending: undefined }, out);
  }
  const q = questionsOf(flow)[ctx.cursor];
  if (!q) return { ctx, out: { replies: [reviewText(flow, ctx)], audit: [] } };
  if (!canSkip(q)) {
    out.replies.push(
      t('cannot_skip', { example: q.kind === 'field' ? (q.field.example ?? exampleAnswer(fieldSpec(q.field))) : '' }),
    );
    return { ctx: { ...ctx }, out };
  }
  out.replies.push(t('skipped', { n: ctx.cursor + 1 }));
  return advance(flow, ctx, out);
}

export function back(flow: Flow, ctx: InterviewContext): Turn {
  const out = emptyOut();
  if (ctx.route === 'reason' || ctx.route === 'manual') {
    const next = { ...ctx, pending: undefined, route: 'ask' as Route, failures: 0 };
    out.replies.push(questionText(flow, next));
    return { ctx: next, out };
  }
  if (ctx.cursor === 0) {
    out.replies.push(t('back_first'), questionText(flow, ctx));
    return { ctx: { ...ctx, route: 'ask' }, out };
  }
  const next = {
    ...ctx,
    cursor: Math.min(ctx.cursor, questionsOf(flow).length) - 1,
    route: 'ask' as Route,
    failures: 0,
    editing: false,
  };
  out.replies.push(questionText(flow, next));
  return { ctx: next, out };
}

/** 修改 <序号或名称>: numbers count questions in the order asked, as 进度 and 预览 show them. */
export function edit(flow: Flow, ctx: InterviewContext, target: string): Turn {
  const qs = questionsOf(flow);
  const out = emptyOut();
  const found = findQuestion(qs, target);
  if (found.kind === 'none') {
    out.replies.push(t('edit_unknown', { target }));
    return { ctx, out };
  }
  if (found.kind === 'many') {
    const list = found.indexes.map((i) => `${i + 1}. ${labelOf(qs[i])}`).join('\n');
    out.replies.push(t('edit_ambiguous', { target, list, example: found.indexes[0] + 1 }));
    return { ctx, out };
  }
  const fromReview = ctx.route === 'review' || ctx.route === 'submitted';
  const next = {
    ...ctx,
    cursor: found.index,
    route: 'ask' as Route,
    pending: undefined,
    failures: 0,
    editing: fromReview || ctx.editing,
  };
  const q = qs[found.index];
  const current = ctx.answers[q.id];
  out.replies.push(questionText(flow, next) + (current?.value ? `\n（当前答案：${current.value}）` : ''));
  return { ctx: next, out };
}

export function findQuestion(
  qs: Question[],
  target: string,
): { kind: 'one'; index: number } | { kind: 'many'; indexes: number[] } | { kind: 'none' } {
  const t0 = target
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^第/, '')
    .replace(/[项题]$/, '');
  const num = /^\d+$/.test(t0) ? Number(t0) : NaN;
  if (Number.isInteger(num)) return num >= 1 && num <= qs.length ? { kind: 'one', index: num - 1 } : { kind: 'none' };
  const exact = qs.findIndex((q) => labelOf(q) === t0 || q.id === t0);
  if (exact >= 0) return { kind: 'one', index: exact };
  const partial = qs.map((q, i) => (labelOf(q).includes(t0) ? i : -1)).filter((i) => i >= 0);
  if (partial.length === 1) return { kind: 'one', index: partial[0] };
  if (partial.length > 1) return { kind: 'many', indexes: partial };
  return { kind: 'none' };
}

// ---------- overviews ----------

export function progressCounts(
  flow: Flow,
  ctx: InterviewContext,
): { answered: number; total: number; next?: { n: number; label: string } } {
  const qs = questionsOf(flow);
  let answered = 0;
  let after = -1;
  let first = -1;
  qs.forEach((q, i) => {
    if (isAnswered(ctx, q, i)) answered++;
    else {
      if (first < 0) first = i;
      if (after < 0 && i >= ctx.cursor) after = i;
    }
  });
  const idx = after >= 0 ? after : first;
  return { answered, total: qs.length, next: idx >= 0 ? { n: idx + 1, label: labelOf(qs[idx]) } : undefined };
}

/** A field with a default counts once the person has moved past it. */
function isAnswered(ctx: InterviewContext, q: Question, index: number): boolean {
  const v = ctx.answers[q.id]?.value;
  if (v !== undefined && v.trim() !== '') return true;
  return q.kind === 'field' && q.field.default !== undefined && ctx.cursor > index;
}

export function progressText(flow: Flow, ctx: InterviewContext): string {
  const p = progressCounts(flow, ctx);
  const next = p.next ? t('progress_next', p.next) : t('progress_done');
  return t('progress', { answered: p.answered, total: p.total, next });
}

export function helpText(flow: Flow, ctx: InterviewContext): string {
  const q = questionsOf(flow)[ctx.cursor];
  if (!q) return t('help', { label: '核对', help: t('help_none'), formula: '', example: '确认' });
  if (q.kind === 'field')
    return t('help', {
      label: q.field.label,
      help: q.field.help ?? t('help_none'),
      formula: '',
      example: q.field.example ?? exampleAnswer(fieldSpec(q.field)),
    });
  const ind = q.ind;
  const rule = ind.rule ? `\n评分标准：${ind.rule}` : `\n评分标准：${describeRule(ind.ruleParsed, ind)}`;
  return t('help', {
    label: ind.name,
    help: ind.help ?? ind.note ?? t('help_none'),
    formula: rule,
    example: ind.example ?? exampleAnswer(answerSpec(ind)),
  });
}

export function previewText(flow: Flow, ctx: InterviewContext): string {
  const summary = summaryOf(flow, ctx);
  return [t('preview_header', { title: flow.title }), ...itemLines(flow, summary), totalLine(summary)].join('\n');
}

const numbersCache = new WeakMap<Flow, Map<string, number>>();
/** The number each question has in the chat (header fields first), as 进度 and 修改 use it. */
function numbersOf(flow: Flow): Map<string, number> {
  let m = numbersCache.get(flow);
  if (!m) {
    m = new Map(questionsOf(flow).map((q, i) => [q.id, i + 1]));
    numbersCache.set(flow, m);
  }
  return m;
}

function itemLines(flow: Flow, report: Summary): string[] {
  const numberOf = numbersOf(flow);
  return report.items.map((it) => {
    const n = numberOf.get(it.id);
    const score =
      it.status === 'scored'
        ? `${formatScore(it.score!)}/${formatScore(it.max)}分`
        : it.status === 'manual'
          ? '待人工评分'
          : it.status === 'invalid'
            ? '答案无效'
            : '未填';
    return t('preview_line', {
      n: n ?? '—',
      name: it.name + (it.derived ? '（自动计算）' : ''),
      value: it.display ?? '',
      score,
    });
  });
}

function totalLine(report: Summary): string {
  return t('preview_total', {
    total: formatScore(report.total),
    max: formatScore(report.max),
    grade: report.grade,
    provisional: report.provisional ? t('provisional') : '',
  });
}

export interface Missing {
  answers: string[];
  reasons: string[];
}

export function missingOf(flow: Flow, ctx: InterviewContext, report: Summary = summaryOf(flow, ctx)): Missing {
  const qs = questionsOf(flow);
  const answers: string[] = [];
  qs.forEach((q, i) => {
    const v = ctx.answers[q.id]?.value;
    const has = (v !== undefined && v.trim() !== '') || (q.kind === 'field' && q.field.default !== undefined);
    if (!has && (q.kind === 'indicator' || q.field.required)) answers.push(`${i + 1}. ${labelOf(q)}`);
  });
  const numberOf = numbersOf(flow);
  const reasons = report.items
    .filter((it) => it.status === 'scored' && it.short && !ctx.answers[it.id]?.reason?.trim())
    .map((it) => `${numberOf.get(it.id) ?? '—'}. ${it.name}`);
  return { answers, reasons };
}

export function reviewText(flow: Flow, ctx: InterviewContext): string {
  const report = summaryOf(flow, ctx);
  const fields = scoreFields(flow, ctx.answers as RawAnswers)
    .filter((f) => f.display)
    .map((f) => `${f.label}：${f.display}`);
  const missing = missingOf(flow, ctx, report);
  const lines = [t('review_header', { title: flow.title }), ...fields, ...itemLines(flow, report), totalLine(report)];
  if (missing.answers.length) lines.push(t('review_missing', { list: missing.answers.join('，') }));
  if (missing.reasons.length) lines.push(t('review_missing_reasons', { list: missing.reasons.join('，') }));
  lines.push(missing.answers.length || missing.reasons.length ? t('review_blocked') : t('review_ready'));
  return lines.join('\n');
}

export function submit(flow: Flow, ctx: InterviewContext): Turn {
  const missing = missingOf(flow, ctx);
  const out = emptyOut();
  if (missing.answers.length || missing.reasons.length) {
    out.replies.push(reviewText(flow, ctx));
    return { ctx: { ...ctx, route: 'review' }, out };
  }
  const revision = ctx.revision + 1;
  const report = reportOf(flow, ctx);
  const lost = report.items.filter((i) => i.status === 'scored' && i.score! < i.max - 1e-9);
  out.replies.push(
    t('submitted', {
      title: flow.title,
      revision,
      total: formatScore(report.total),
      max: formatScore(report.max),
      grade: report.grade + (report.provisional ? t('provisional') : ''),
      lost: lost.length
        ? t('submitted_lost', { list: lost.map((i) => `${i.name}（-${formatScore(roundLoss(i))}）`).join('、') })
        : t('submitted_nolost'),
    }),
  );
  out.submitRevision = revision;
  return { ctx: { ...ctx, revision, dirty: false, editing: false, route: 'submitted' }, out };
}

const roundLoss = (i: ItemScore) => Math.round((i.max - (i.score ?? 0)) * 100) / 100;

export function restart(flow: Flow, ctx: InterviewContext): Turn {
  const next: InterviewContext = { ...newContext(flow), revision: ctx.revision };
  const out = emptyOut();
  out.audit.push({ itemId: '*', kind: 'restart', text: '重新填写' });
  out.replies.push(t('restarted'), questionText(flow, next));
  return { ctx: next, out };
}
