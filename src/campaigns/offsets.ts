// Reminder offsets before a deadline: "-3d,-1d,-2h".
import type { Result } from '../core/types.js';

export interface Offset {
  /** Canonical text, also the slot name in outbox keys: "-3d", "-2h", "-30m". */
  label: string;
  /** Minutes before the deadline. */
  minutes: number;
}

export const DEFAULT_OFFSETS = '-3d,-1d,-2h';
const EXAMPLE = '-3d,-1d,-2h';

const UNITS: Record<string, { unit: 'd' | 'h' | 'm'; minutes: number }> = {
  d: { unit: 'd', minutes: 1440 },
  天: { unit: 'd', minutes: 1440 },
  h: { unit: 'h', minutes: 60 },
  小时: { unit: 'h', minutes: 60 },
  时: { unit: 'h', minutes: 60 },
  m: { unit: 'm', minutes: 1 },
  分钟: { unit: 'm', minutes: 1 },
  分: { unit: 'm', minutes: 1 },
};

/** Offsets, earliest first, without duplicates. */
export function parseOffsets(text: string): Result<Offset[]> {
  const parts = text
    .normalize('NFKC')
    .split(/[,，、\s]+/)
    .filter(Boolean);
  if (!parts.length) return { ok: false, reason: '提醒时间不能为空', example: EXAMPLE };
  const byMinutes = new Map<number, Offset>();
  for (const p of parts) {
    const m = /^-(\d+)(d|天|h|小时|时|m|分钟|分)$/i.exec(p);
    const u = m && UNITS[m[2].toLowerCase()];
    if (!m || !u || Number(m[1]) === 0) {
      return {
        ok: false,
        reason: `提醒时间"${p}"写法不对：应为截止前多久，d=天、h=小时、m=分钟，前面加减号`,
        example: EXAMPLE,
      };
    }
    const n = Number(m[1]);
    byMinutes.set(n * u.minutes, { label: `-${n}${u.unit}`, minutes: n * u.minutes });
  }
  return { ok: true, value: [...byMinutes.values()].sort((a, b) => b.minutes - a.minutes) };
}

/** "-3d" → "截止前3天". */
export function describeOffset(label: string): string {
  const m = /^-(\d+)([dhm])$/.exec(label);
  return m ? `截止前${m[1]}${{ d: '天', h: '小时', m: '分钟' }[m[2] as 'd' | 'h' | 'm']}` : label;
}
