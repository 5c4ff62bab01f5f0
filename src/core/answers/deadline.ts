// Deadlines: a target such as "10月31日前报送" or "按时完成", answered with a date ("11月2日"),
// days late or early ("逾期3天", "提前5天") or words ("已按时报送"). The answer becomes 达成 or 未达成
// with the days late, which a rule such as 每逾期1天扣1分 reads. A date without a year is taken in
// the year that puts it nearest the deadline, so "1月5日" against "12月31日前" is 5 days late.

import type { AnswerSpec, Result, Value } from '../types.js';
import { type AnswerText, type DateFigure, readAnswerText } from './grammar.js';

const LATE = /(逾期|超期|延期|延迟|推迟|拖延|晚了|晚|迟了|迟|超过期限|超出期限|超时)/;
const EARLY = /(提前)/;

/** The deadline a target states, or null when it names none (按时, 及时 …). */
export function deadlineOf(spec: AnswerSpec): DateFigure | null | undefined {
  const text = spec.targetText ?? (spec.target?.kind === 'text' ? spec.target.text : '');
  if (!text) return undefined;
  const t = readAnswerText(text);
  if (t.dates.length === 1) return t.dates[0];
  if (/按时|按期|如期|及时|限期|期限|规定时间/.test(text)) return null;
  return undefined;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The days a date's part of the month spans: 下旬 = 21st to the last day. */
function span(d: DateFigure, year: number): [number, number] {
  const end = lastDay(year, d.month);
  if (d.day !== undefined) return [d.day, d.day];
  switch (d.part) {
    case 'early':
    case 'first':
      return [1, 10];
    case 'middle':
      return [11, 20];
    case 'last':
      return [21, end];
    case 'end':
      return [end, end];
    default:
      return [1, end];
  }
}

const DAY_MS = 86_400_000;
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The last day the deadline allows ("10月31日前" → Oct 31; "11月底前" → Nov 30; "11月前" → Oct 31). */
function deadlineDay(d: DateFigure, year: number): number {
  const [, last] = span(d, year);
  if (d.day === undefined && d.part === undefined && d.before) return dayNumber(year, d.month, 1) - 1;
  return dayNumber(year, d.month, last);
}

function iso(year: number | undefined, month: number, day: number): string {
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  return year === undefined ? `--${mm}-${dd}` : `${year}-${mm}-${dd}`;
}

function qualitative(
  daysLate: number | undefined,
  extra: Partial<Extract<Value, { kind: 'qualitative' }>> = {},
): Value {
  const grade = daysLate === undefined || daysLate <= 0 ? 'achieved' : 'not_achieved';
  const v: Value = { kind: 'qualitative', grade, ...extra };
  if (daysLate !== undefined) v.daysLate = daysLate;
  return v;
}

/**
 * Reads an answer to a deadline item; undefined when the answer says nothing about time (it is then
 * read as words). A late answer is 未达成 with the days late.
 */
export function readDeadline(answer: AnswerText, spec: AnswerSpec): Result<Value> | undefined {
  let t = answer;
  const words = t.words.join('');
  const deadline = deadlineOf(spec);
  if (deadline === undefined) return undefined;
  // "9月" against "6月底前": the month it was done (alone, "9月" could be nine months; here it is a date).
  const monthOnly = asMonth(t, deadline);
  if (monthOnly) t = { ...t, dates: [monthOnly], figures: [] };
  const days = t.figures.find((f) => f.unit && (f.unit.dim === 'time' || f.unit.dim === 'workday'));
  if (days && t.dates.length === 0 && t.figures.length === 1) {
    const hours = days.unit!.dim === 'time' ? days.value * days.unit!.factor : undefined;
    const n = hours === undefined ? days.value : hours / 24;
    const late = LATE.test(days.label) || LATE.test(words);
    const early = EARLY.test(days.label) || EARLY.test(words);
    if (late === early) return undefined;
    if (!Number.isInteger(n) || n < 0)
      return { ok: false, reason: `“${days.raw}”不是整天数，请写逾期几天`, example: '逾期3天' };
    // 工作日 are not calendar days: late or early is known, the days late are not.
    if (days.unit!.dim === 'workday')
      return {
        ok: true,
        value: late ? qualitative(undefined, { grade: 'not_achieved' }) : qualitative(0),
        note: t.text,
      };
    return { ok: true, value: qualitative(late ? n : -n), note: t.text };
  }
  if (t.dates.length === 1 && t.figures.length === 0) {
    const a = t.dates[0];
    if (deadline === null)
      return {
        ok: false,
        reason: `本项的指标值没有写明期限，看不出“${a.raw}”是否按时；请回答“按时完成”，或写逾期几天`,
        example: '逾期3天',
      };
    const year = deadline.year ?? a.year ?? 2001;
    const limit = deadlineDay(deadline, year);
    // Without a year, the year that puts the date nearest the deadline (12月31日前 answered 1月5日: 5 days late).
    let y = a.year ?? year;
    if (a.year === undefined) {
      let best = Number.POSITIVE_INFINITY;
      for (const cand of [year - 1, year, year + 1]) {
        const [f0, t0] = span(a, cand);
        const mid = (dayNumber(cand, a.month, f0) + dayNumber(cand, a.month, t0)) / 2;
        if (Math.abs(mid - limit) < best) {
          best = Math.abs(mid - limit);
          y = cand;
        }
      }
    }
    const [from, to] = span(a, y);
    const start = dayNumber(y, a.month, from);
    const end = dayNumber(y, a.month, to);
    if (from !== to) {
      // 12月下旬 against 12月31日前: on time whatever the day; against 12月25日前 it needs the day.
      const month = (y - year) * 12 + a.month;
      if (end <= limit) return { ok: true, value: qualitative(0, { month }), note: t.text };
      if (start <= limit)
        return {
          ok: false,
          reason: `“${a.raw}”跨过了期限，请写具体是哪一天完成的`,
          example: `${a.month}月${from}日`,
        };
      return { ok: true, value: qualitative(undefined, { grade: 'not_achieved', month }), note: t.text };
    }
    const late = start - limit;
    const withYear = a.year !== undefined || deadline.year !== undefined;
    return {
      ok: true,
      value: qualitative(late, {
        date: iso(withYear ? y : undefined, a.month, from),
        month: (y - year) * 12 + a.month,
      }),
      note: t.text,
    };
  }
  return undefined;
}

/** A bare "N月" (not "N个月"), the answer's only figure, with no late or early words: a month date. */
function asMonth(t: AnswerText, deadline: DateFigure | null): DateFigure | undefined {
  if (!deadline || t.dates.length > 0 || t.figures.length !== 1) return undefined;
  const f = t.figures[0];
  if (f.unit?.dim !== 'month' || !/^[0-9一二三四五六七八九十]{1,3}月(?:份)?$/.test(f.raw)) return undefined;
  if (LATE.test(t.text) || EARLY.test(t.text)) return undefined;
  if (!Number.isInteger(f.value) || f.value < 1 || f.value > 12) return undefined;
  return { month: f.value, before: false, raw: f.raw, label: f.label };
}
