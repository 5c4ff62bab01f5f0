// What one message means for the open question, computed once per event: parsed, scored (by the one
// scorer), whether it owes a reason. The statechart's guards read these facts; they never parse again.
import { formatValue } from '../core/answers/format-value.js';
import { parseOrdinal } from '../core/explain/match-item.js';
import type { Flow, Indicator, RawAnswers } from '../core/flow/model.js';
import { answerSpec, dependenciesOf, fieldSpec, labelsOf, readAnswer, scoreItem } from '../core/scoring/score-flow.js';
import type { AnswerSpec, ItemScore, Value } from '../core/types.js';
import { isNo, isYes, normalizeCommandText } from './commands.js';
import type { Control, DraftOffer } from './control.js';
import type { AnswerRow } from './ports.js';
import { fieldExample, indicatorExample, statedOf } from './prompts.js';
import { derivedUsing, idOfNumber, inputsOf, isDone, labelOf, numberOf, questionsOf } from './questions.js';
import { type Rows, toRaw } from './world.js';

/** Longest 偏差原因 or text answer, in characters of the cleaned text (README: Chat commands). */
export const TEXT_LIMIT = 500;
/** Longest message read at all; anything longer is refused before it is parsed or echoed. */
export const INBOUND_LIMIT = 2000;
/** A reason shorter than this is confirmed once before it is recorded. */
const SHORT_REASON = 4;
/** An answer word (全部符合, 达成, 未达到预期 …) typed at the reason prompt says how it went, not why: asked once. */
const ANSWER_WORD =
  /^(?:全部|部分|基本|已|没有?|未|不)?(?:达成|符合|完成|达到|实现|达标|合格)(?:预期|目标|指标值?)?$|^(?:达到|未达到|没达到)预期$/;

/** The text as stored: control and zero-width characters gone, runs of spaces folded, trimmed. */
export function cleanText(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2060\ufeff]/g, '')
      .replace(/[ \t\u3000\u00a0]+/g, ' ')
      .replace(/ *\n[ \n]*/g, '\n')
      .trim()
  );
}

export const charCount = (s: string) => [...s].length;

export interface AnswerFacts {
  ok: boolean;
  refusal?: { reason: string; example: string };
  /** What is stored: the cleaned text, or the field's default. */
  value: string;
  display: string;
  note?: string;
  /** A question the parser wants asked once before the answer is recorded. */
  confirm?: string;
  /** The readings to choose from when the parser is unsure ("0.95": 95% or 0.95%), each typed as shown. */
  alternatives?: string[];
  /** The value was confirmed (now, or earlier with the same value): stored as such, never asked again. */
  confirmed?: boolean;
  item?: ItemScore;
  /** Derived items this answer made computable. */
  derived: ItemScore[];
  /** The item that owes a 偏差原因 after this answer. */
  reasonFor?: string;
  manual: boolean;
}

const USE_DEFAULT = /^(好|好的|默认|是|对|ok|确认|用默认)$/i;

/**
 * Scores a derived indicator with the one scorer (scoreItem), from the rows its formula depends on
 * (dependenciesOf) and its own row, one of them replaced by the new answer: the cost does not grow
 * with the form.
 */
export function scoreDerived(flow: Flow, book: Rows, ind: Indicator, changed?: AnswerRow): ItemScore {
  const rows: AnswerRow[] = [];
  for (const id of [...dependenciesOf(flow, ind.id), ind.id]) {
    const r = changed?.itemId === id ? changed : book.get(id);
    if (r) rows.push(r);
  }
  return scoreItem(flow, ind.id, toRaw(rows))!;
}

/**
 * The answers a header field is read against: the other header fields (a spend is checked against the
 * budget answered). Header fields are a handful, whatever the number of indicators.
 */
function headerAnswers(flow: Flow, book: Rows): RawAnswers {
  const rows: AnswerRow[] = [];
  for (const f of flow.fields) {
    const r = book.get(f.id);
    if (r) rows.push(r);
  }
  return toRaw(rows);
}

/**
 * What the message means for the open question. Read by the scorer's own `readAnswer` (with the
 * cross-field checks: a spend above the budget is asked about once). `confirmed`: the person already
 * said yes to that check, so the row is stored as confirmed and scored as such.
 */
export function judgeAnswer(
  flow: Flow,
  ctx: Control,
  book: Rows,
  text: string,
  at: string,
  confirmed = false,
): AnswerFacts {
  const q = questionsOf(flow)[ctx.cursor];
  const none: AnswerFacts = { ok: false, value: '', display: '', derived: [], manual: false };
  if (!q) return none;
  const cleaned = cleanText(text);
  // The same value typed again after it was confirmed (上一题, 修改) is not asked about a second time.
  const prev = book.get(q.id);
  const settled = (value: string) => confirmed || (prev?.status === 'confirmed' && prev.value === value);
  if (q.kind === 'field') {
    const f = q.field;
    // 是 keeps the figure the form states; 好 takes the default; anything else is the answer.
    const stated = statedOf(f);
    const value =
      stated !== undefined && isYes(cleaned)
        ? stated
        : f.default !== undefined && USE_DEFAULT.test(cleaned)
          ? f.default
          : cleaned;
    const spec = fieldSpec(f);
    if (f.type === 'text' && charCount(value) > TEXT_LIMIT)
      return { ...none, refusal: { reason: tooLong(value), example: fieldExample(f, flow) } };
    const p = readAnswer(flow, f.id, value, headerAnswers(flow, book));
    if (!p.ok) return { ...none, refusal: { reason: p.reason, example: f.example ?? fieldExample(f, flow) } };
    const ok = settled(value);
    const row: AnswerRow = { itemId: f.id, value, status: ok ? 'confirmed' : 'answered', updatedAt: at };
    const derived = derivedUsing(flow, f.id).map((d) => scoreDerived(flow, book, d, row));
    return {
      ok: true,
      value,
      display: formatValue(p.value, spec),
      ...extras(p, ok, spec),
      confirmed: ok,
      derived,
      reasonFor: derived.find((d) => d.status === 'scored' && d.short)?.id,
      manual: false,
    };
  }
  const ind = q.ind;
  const spec = answerSpec(ind);
  if (spec.measure === 'text' && charCount(cleaned) > TEXT_LIMIT)
    return { ...none, refusal: { reason: tooLong(cleaned), example: indicatorExample(ind) } };
  const ok = settled(cleaned);
  const row: AnswerRow = {
    itemId: ind.id,
    value: cleaned,
    reason: prev?.reason ?? null,
    note: null,
    status: ok ? 'confirmed' : 'answered',
    updatedAt: at,
  };
  // The scorer reads the answer itself (the same parser, the same spec): it is read a second time only when
  // the scorer could not take it as it stands — to say why, or to ask the check question it needs.
  const item = scoreItem(flow, ind.id, toRaw([row]))!;
  let x: ReturnType<typeof extras> = item.note ? { note: item.note } : {};
  // (An empty answer is not scored at all: the parser says what is missing.)
  if (item.status === 'invalid' || item.status === 'unanswered') {
    const p = readAnswer(flow, ind.id, cleaned, prev ? toRaw([prev]) : {});
    if (!p.ok) return { ...none, refusal: { reason: p.reason, example: ind.example ?? p.example } };
    x = extras(p, ok, spec);
  }
  row.note = x.note ?? null;
  const derived = derivedUsing(flow, ind.id).map((d) => scoreDerived(flow, book, d, row));
  const short = item.status === 'scored' && item.short;
  return {
    ok: true,
    value: cleaned,
    display: item.display ?? cleaned,
    ...x,
    confirmed: ok,
    item,
    derived,
    reasonFor: short ? ind.id : derived.find((d) => d.status === 'scored' && d.short)?.id,
    manual: item.status === 'manual',
  };
}

/** A parse result may carry a remark to keep and a check to ask once (not once it was confirmed). */
function extras(
  p: { note?: string; confirm?: string; alternatives?: unknown },
  confirmed: boolean,
  spec?: AnswerSpec,
): { note?: string; confirm?: string; alternatives?: string[] } {
  const alternatives =
    spec && Array.isArray(p.alternatives) && p.alternatives.length > 1
      ? (p.alternatives as Value[]).map((v) => formatValue(v, spec))
      : undefined;
  return {
    ...(p.note ? { note: p.note } : {}),
    ...(p.confirm && !confirmed ? { confirm: p.confirm, ...(alternatives ? { alternatives } : {}) } : {}),
  };
}

export function tooLong(text: string): string {
  return `内容太长了（${charCount(text)}字），最多${TEXT_LIMIT}字，请精简后再发。`;
}

// ---------- a 偏差原因 ----------

export type ReasonKind = 'keep' | 'accept' | 'picks' | 'refuse' | 'yesno' | 'question' | 'number' | 'short' | 'ok';

export interface ReasonFacts {
  kind: ReasonKind;
  text: string;
  refusal?: string;
}

const KEEP = /^(不变|保留|保持不变|维持|原因不变|不用改)$/;
const ACCEPT = /^(采用|用这个|就这样|可以|好的?|同意)$/;
const QUESTION = /^(为什么|为啥|怎么|咋|什么|啥|哪|能不能|可不可以|是不是)|(吗|呢|么)$/;
/**
 * "为啥只有" / "怎么才" / "怎么扣" inside a short message asks about the score ("办结率为啥只有96%"). Narrow on
 * purpose: a reason may well say "不知道怎么会超期", which must stay a reason.
 */
const ASKS_WHY = /(为什么|为啥|咋|怎么)(只|才|扣)/;

/** A question mark at the end (normalisation strips it from `compact`), a question word, or a short "why only". */
function isQuestion(cleaned: string, compact: string): boolean {
  return /[?？]\s*$/.test(cleaned) || QUESTION.test(compact) || ([...compact].length <= 30 && ASKS_WHY.test(compact));
}

/**
 * A message at the reason prompt is a reason only when it reads like one: a question is answered, a
 * number is taken as a corrected answer (after a check), very short text is confirmed once.
 */
export function judgeReason(flow: Flow, ctx: Control, book: Rows, text: string): ReasonFacts {
  const cleaned = cleanText(text);
  const compact = normalizeCommandText(cleaned);
  if (KEEP.test(compact) && book.get(ctx.pending ?? '')?.reason) return { kind: 'keep', text: '' };
  if (ctx.draft !== undefined && ACCEPT.test(compact)) return { kind: 'accept', text: ctx.draft.text.trim() };
  if (ctx.draft?.causes.length) {
    const picked = readPicks(ctx.draft, cleaned);
    if (picked) return picked;
  }
  if (!cleaned) return { kind: 'refuse', text: '', refusal: '偏差原因不能为空。' };
  // 是/好/不是 answer a yes-or-no question: typed twice, or late, they are never a reason.
  if (isYes(cleaned) || isNo(cleaned)) return { kind: 'yesno', text: cleaned };
  if (charCount(cleaned) > TEXT_LIMIT) return { kind: 'refuse', text: '', refusal: tooLong(cleaned) };
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return { kind: 'refuse', text: '', refusal: '请用文字写出偏差原因和改进措施。' };
  if (isQuestion(cleaned, compact)) return { kind: 'question', text: cleaned };
  const q = questionsOf(flow)[ctx.cursor];
  if (q?.kind === 'indicator' && q.id === ctx.pending && charCount(cleaned) <= 12) {
    const p = readAnswer(flow, q.id, cleaned);
    if (p.ok && p.value.kind === 'number') return { kind: 'number', text: cleaned };
  }
  if (/^[\d\s.,%％]+$/.test(cleaned)) return { kind: 'refuse', text: '', refusal: '请用文字写出偏差原因和改进措施。' };
  if (charCount(compact) < SHORT_REASON || ANSWER_WORD.test(compact)) return { kind: 'short', text: cleaned };
  return { kind: 'ok', text: cleaned };
}

/**
 * 「1 6」「2、7 另外人员调整」: causes and measures picked by their numbers in the draft's lists, with any
 * words after them kept as one more cause. Null when the message does not start with numbers; a refusal
 * when a number is not on the lists.
 */
function readPicks(d: DraftOffer, cleaned: string): ReasonFacts | null {
  const m = /^(\d{1,2}(?:\s*[,，、和及\s]\s*\d{1,2})*)(?=$|[\s,，、。；;:：])[\s,，、。；;:：]*(.*)$/s.exec(
    cleaned.normalize('NFKC'),
  );
  if (!m) return null;
  const nums = m[1]
    .split(/[^\d]+/)
    .filter(Boolean)
    .map(Number);
  const all = d.causes.length + d.measures.length;
  if (nums.some((n) => n < 1 || n > all)) {
    // A bare figure out of the lists' range is something else (a corrected answer): not a pick.
    if (nums.length === 1 && !m[2]) return null;
    return {
      kind: 'refuse',
      text: '',
      refusal: `请回复 1 到 ${all} 之间的编号，可以多选，例如：1 ${d.causes.length + 1}`,
    };
  }
  const causes = [...new Set(nums.filter((n) => n <= d.causes.length))].map((n) => d.causes[n - 1]);
  const measures = [...new Set(nums.filter((n) => n > d.causes.length))].map(
    (n) => d.measures[n - d.causes.length - 1],
  );
  const extra = m[2].replace(/[。；;，,\s]+$/, '').trim();
  return { kind: 'picks', text: composeReason(d, causes, measures, extra) };
}

/**
 * A whole 偏差原因 from the draft's lead and the picked causes and measures: what is not picked keeps the
 * draft's own first cause or measure, so the result never has a blank in it.
 */
export function composeReason(d: DraftOffer, causes: string[], measures: string[], extra = ''): string {
  const c = [...(causes.length || extra ? causes : d.causes.slice(0, 1)), ...(extra ? [extra] : [])];
  const ms = measures.length ? measures : d.measures.slice(0, 1);
  return `${d.lead}主要原因：${c.join('；')}。改进措施：${ms.join('；')}。`;
}

// ---------- 修改 ----------

export type EditTarget =
  | { kind: 'question'; index: number }
  | { kind: 'derived'; ind: Indicator; index: number }
  | { kind: 'many'; ids: string[] }
  | { kind: 'none' };

/** 修改 <序号或名称>: 3, 第三项, 三, 改3, a name or part of one; a derived item goes to its first input. */
export function findEditTarget(flow: Flow, target: string): EditTarget {
  const qs = questionsOf(flow);
  const t0 = target
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^第/, '')
    .replace(/[项题]$/, '');
  const n = /^\d+$/.test(t0)
    ? Number(t0)
    : /^[零一二两三四五六七八九十百]+$/.test(t0)
      ? parseOrdinal(`第${t0}项`)
      : undefined;
  const byId = (id: string | undefined): EditTarget => {
    if (!id) return { kind: 'none' };
    const index = qs.findIndex((q) => q.id === id);
    if (index >= 0) return { kind: 'question', index };
    const ind = flow.indicators.find((i) => i.id === id && i.derived);
    const first = ind ? inputsOf(flow, ind)[0] : undefined;
    return ind && first ? { kind: 'derived', ind, index: qs.findIndex((q) => q.id === first) } : { kind: 'none' };
  };
  if (n !== undefined) return byId(idOfNumber(flow, n));
  const named = [
    ...qs.map((q) => ({ id: q.id, label: labelOf(q) })),
    ...flow.indicators.filter((i) => i.derived).map((i) => ({ id: i.id, label: i.name })),
  ];
  const exact = named.find((x) => x.label === t0 || x.id === t0);
  if (exact) return byId(exact.id);
  const partial = named.filter((x) => x.label.includes(t0));
  if (partial.length === 1) return byId(partial[0].id);
  if (partial.length > 1) return { kind: 'many', ids: partial.map((x) => x.id) };
  return { kind: 'none' };
}

/** The first open question after the cursor; undefined when none is left after it. */
export function nextOpen(flow: Flow, ctx: Control, book: Rows): number | undefined {
  const qs = questionsOf(flow);
  for (let i = ctx.cursor + 1; i < qs.length; i++) {
    // Beyond the furthest question reached nothing was answered: no row needs reading.
    if (i > ctx.reached) return i;
    if (!isDone(qs[i], book.get(qs[i].id))) return i;
  }
  return undefined;
}

export function editList(flow: Flow, ids: string[]): string {
  return ids
    .slice(0, 8)
    .map((id) => `${numberOf(flow, id)}. ${labelsOf(flow)[id]}`)
    .join('\n');
}
