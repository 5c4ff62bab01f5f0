import type { Result } from '../core/types.js';

/** The clock for CLI commands: TIANBAO_NOW (an ISO time) pins it, so scripts and tests can play any moment. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Result<() => Date> {
  const pinned = env.TIANBAO_NOW?.trim();
  if (!pinned) return { ok: true, value: () => new Date() };
  const d = new Date(pinned);
  if (Number.isNaN(d.getTime()))
    return {
      ok: false,
      reason: `TIANBAO_NOW="${pinned}" 不是有效的时间`,
      example: 'TIANBAO_NOW=2026-11-28T09:00:00+08:00',
    };
  return { ok: true, value: () => new Date(d) };
}
