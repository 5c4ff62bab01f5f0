// Quiet hours: nobody is nudged at night (and, if asked, at weekends). A message that falls inside
// goes out when the quiet stretch ends — unless that is at or after the deadline, then just before it starts.
import type { Result } from '../core/types.js';
import { DAY, fromWall, MINUTE, minuteOfDay, startOfDay, toWall, wallParts } from './time.js';

export interface QuietHours {
  /** Minutes of the local day; start > end crosses midnight. null: no nightly window. */
  nightly: { start: number; end: number } | null;
  /** Saturday and Sunday (local) are quiet all day. */
  weekends: boolean;
}

export const DEFAULT_QUIET_WINDOW = '21:30-08:30';
const EXAMPLE = '21:30-08:30（或 off 表示不设免打扰）';

function hm(text: string): number | undefined {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(text);
  if (!m) return undefined;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  return h <= 24 && mi < 60 && h * 60 + mi <= 1440 ? (h * 60 + mi) % 1440 : undefined;
}

/** "21:30-08:30" → the nightly window; "off" → none. */
export function parseQuietWindow(text: string): Result<QuietHours['nightly']> {
  const s = text.normalize('NFKC').trim().toLowerCase();
  if (/^(off|none|no|无|不设|关闭)$/.test(s)) return { ok: true, value: null };
  const m = /^(\S+?)\s*[-~至到]\s*(\S+)$/.exec(s);
  const start = m ? hm(m[1]) : undefined;
  const end = m ? hm(m[2]) : undefined;
  if (start === undefined || end === undefined)
    return { ok: false, reason: `免打扰时段"${text}"写法不对，应为"开始-结束"`, example: EXAMPLE };
  if (start === end) return { ok: false, reason: `免打扰时段"${text}"的开始和结束相同`, example: EXAMPLE };
  return { ok: true, value: { start, end } };
}

export function formatQuiet(q: QuietHours): string {
  const t = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const parts = [q.nightly ? `${t(q.nightly.start)}-${t(q.nightly.end)}` : '夜间不限', q.weekends ? '周末全天' : ''];
  return parts.filter(Boolean).join('，');
}

/** Defaults from TIANBAO_QUIET_HOURS ("21:30-08:30" | "off") and TIANBAO_QUIET_WEEKENDS (1/true). */
export function quietFromEnv(env: NodeJS.ProcessEnv = process.env): Result<QuietHours> {
  const nightly = parseQuietWindow(env.TIANBAO_QUIET_HOURS || DEFAULT_QUIET_WINDOW);
  if (!nightly.ok) return { ok: false, reason: `TIANBAO_QUIET_HOURS：${nightly.reason}`, example: nightly.example };
  return {
    ok: true,
    value: { nightly: nightly.value, weekends: /^(1|true|yes|on|是)$/i.test(env.TIANBAO_QUIET_WEEKENDS ?? '') },
  };
}

export function isQuietWall(wall: number, q: QuietHours): boolean {
  const wd = wallParts(wall).weekday;
  if (q.weekends && (wd === 0 || wd === 6)) return true;
  if (!q.nightly) return false;
  const m = minuteOfDay(wall);
  const { start, end } = q.nightly;
  return start > end ? m >= start || m < end : m >= start && m < end;
}

export function isQuiet(at: Date, tz: string, q: QuietHours): boolean {
  return isQuietWall(toWall(at, tz), q);
}

const nextAt = (wall: number, minute: number) => {
  const b = startOfDay(wall) + minute * MINUTE;
  return b > wall ? b : b + DAY;
};
const lastAt = (wall: number, minute: number) => {
  const b = startOfDay(wall) + minute * MINUTE;
  return b <= wall ? b : b - DAY;
};

/**
 * The whole quiet stretch around a quiet wall time, as [start, end): nights and weekends join into
 * one stretch (Friday 21:30 to Monday 08:30). Quiet can only begin at the nightly start or at
 * midnight, and only end at the nightly end or at midnight, so stepping over those boundaries finds it.
 */
export function quietStretchWall(wall: number, q: QuietHours): { start: number; end: number } {
  let end = wall;
  for (let i = 0; i < 16 && isQuietWall(end, q); i++) {
    end = Math.min(nextAt(end, 0), q.nightly ? nextAt(end, q.nightly.end) : Infinity);
  }
  let start = wall;
  for (let i = 0; i < 16; i++) {
    const b = Math.max(lastAt(start, 0), q.nightly ? lastAt(start, q.nightly.start) : -Infinity);
    if (!isQuietWall(b - MINUTE, q)) {
      start = b;
      break;
    }
    start = b - MINUTE;
  }
  return { start, end };
}

/**
 * When a message due at `due` may go out. With a deadline, never at or after it: if the quiet
 * stretch lasts until the deadline, the message goes in the last minute before the stretch begins.
 */
export function sendTime(due: Date, tz: string, q: QuietHours, deadline?: Date): Date {
  const wall = toWall(due, tz);
  if (!isQuietWall(wall, q)) return due;
  const s = quietStretchWall(wall, q);
  const end = fromWall(s.end, tz);
  if (deadline && end.getTime() >= deadline.getTime()) return new Date(fromWall(s.start, tz).getTime() - MINUTE);
  return end;
}
