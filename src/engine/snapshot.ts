// biome-ignore-all lint/suspicious/noExplicitAny: a stored snapshot is untrusted JSON, checked field by field below.
import type { Flow } from '../core/flow/model.js';
import { CONTEXT_VERSION, type InterviewContext } from './interview.js';
import type { SessionRow } from './ports.js';
import { questionsOf } from './questions.js';

/** Version of what is stored in sessions.snapshot; bump it with a migration in MIGRATIONS or a deliberate restart. */
export const SNAPSHOT_VERSION = 1;

const STATES = new Set(['route', 'asking', 'reason', 'manual', 'review', 'submitted', 'confirmRestart', 'paused']);

/** Upgrades a stored snapshot one version at a time; a version with no entry here is restarted on purpose. */
const MIGRATIONS: Record<number, (snap: any) => any> = {};

export type Restored = { ok: true; snapshot: any; context: InterviewContext } | { ok: false; reason: string };

/**
 * XState does not throw on a bad snapshot (it gives status 'error' later), so the shape is checked
 * here first; anything unexpected is reported as a reason, never thrown.
 */
export function restoreSnapshot(
  row: Pick<SessionRow, 'snapshot' | 'snapshotVersion' | 'flowHash'>,
  flow: Flow,
): Restored {
  let snap: any;
  try {
    snap = JSON.parse(row.snapshot);
  } catch {
    return { ok: false, reason: '进度数据已损坏' };
  }
  let version = row.snapshotVersion;
  while (version < SNAPSHOT_VERSION) {
    const up = MIGRATIONS[version];
    if (!up) return { ok: false, reason: `进度数据版本 ${row.snapshotVersion} 过旧` };
    snap = up(snap);
    version++;
  }
  if (version !== SNAPSHOT_VERSION) return { ok: false, reason: `进度数据版本 ${row.snapshotVersion} 无法识别` };
  const ctx = snap?.context as InterviewContext | undefined;
  if (
    !snap ||
    typeof snap !== 'object' ||
    snap.status !== 'active' ||
    typeof snap.value !== 'string' ||
    !STATES.has(snap.value)
  )
    return { ok: false, reason: '进度数据的状态无法识别' };
  if (
    !ctx ||
    ctx.v !== CONTEXT_VERSION ||
    typeof ctx.answers !== 'object' ||
    ctx.answers === null ||
    !Number.isInteger(ctx.cursor)
  )
    return { ok: false, reason: '进度数据的内容无法识别' };
  if (ctx.flowHash !== row.flowHash || ctx.flowId !== flow.id) return { ok: false, reason: '进度数据与表单版本不符' };
  if (ctx.cursor < 0 || ctx.cursor > questionsOf(flow).length) return { ok: false, reason: '进度数据的题号超出范围' };
  return { ok: true, snapshot: snap, context: ctx };
}
