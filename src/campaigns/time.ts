// Wall-clock arithmetic in a named time zone with Intl only (no date library). Times are stored as
// UTC; a "wall" time is the local date and time encoded as if it were UTC, so day and minute
// arithmetic on it is plain addition, and only the conversion back needs the zone's offset.
import type { Result } from '../core/types.js';

export const DEFAULT_TZ = 'Asia/Shanghai';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The local wall time of an instant, as a UTC-encoded number of milliseconds. */
export function toWall(at: Date, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, at.getUTCMilliseconds());
}

/** The instant a wall time names. Across a DST change the later offset wins; zones without DST are exact. */
export function fromWall(wall: number, tz: string): Date {
  const first = wall - (toWall(new Date(wall), tz) - wall);
  const second = wall - (toWall(new Date(first), tz) - first);
  return new Date(second);
}

export function wallParts(wall: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
} {
  const d = new Date(wall);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/** Minutes since local midnight. */
export function minuteOfDay(wall: number): number {
  return Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
}

/** Local midnight of the wall time's day. */
export function startOfDay(wall: number): number {
  return wall - (((wall % DAY) + DAY) % DAY);
}

const DATE_TIME_EXAMPLE = '2026-12-01 17:00';

/**
 * Reads a date and time typed by a coordinator: "2026-12-01 17:00", "2026/12/1 17:00", "2026年12月1日 17:00",
 * in the given zone; an ISO time with Z or an offset names its instant directly.
 */
export function parseDateTime(text: string, tz: string): Result<Date> {
  const s = text.normalize('NFKC').trim();
  const fail = (reason: string): Result<Date> => ({ ok: false, reason, example: DATE_TIME_EXAMPLE });
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(s) && /^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? fail(`时间"${text}"无法识别`) : { ok: true, value: d };
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\sT]+(\d{1,2})[:：时](\d{2})(?:[:：](\d{2}))?分?)?$/.exec(
    s,
  );
  if (!m) return fail(`时间"${text}"无法识别，应写成"年-月-日 时:分"`);
  if (m[4] === undefined) return fail(`时间"${text}"缺少几点几分`);
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec);
  const p = wallParts(wall);
  if (p.month !== mo || p.day !== d || h > 23 || mi > 59 || sec > 59) return fail(`时间"${text}"不是有效的日期时间`);
  return { ok: true, value: fromWall(wall, tz) };
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** "12月1日（周二）17:00", with the year when it is not the reference year. */
export function formatLocal(at: Date, tz: string, reference?: Date): string {
  const p = wallParts(toWall(at, tz));
  const year = reference && wallParts(toWall(reference, tz)).year === p.year ? '' : `${p.year}年`;
  return `${year}${p.month}月${p.day}日（周${WEEKDAYS[p.weekday]}）${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** "2天3小时", "5小时20分钟", "45分钟": the two largest units, rounded down. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return '不到1分钟';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d) return h ? `${d}天${h}小时` : `${d}天`;
  if (h) return m ? `${h}小时${m}分钟` : `${h}小时`;
  return `${m}分钟`;
}
