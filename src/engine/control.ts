// biome-ignore-all lint/suspicious/noExplicitAny: a stored control state is untrusted JSON, checked field by field.
import type { Flow } from '../core/flow/model.js';
import type { AnswerRow, SessionRow } from './ports.js';
import { isDone, questionsOf } from './questions.js';

/** Bumped when Control changes shape; parseControl() then rebuilds it from the answer rows. */
export const CONTROL_VERSION = 2;

/** The statechart's states (machine.ts); the one a session is in is stored beside the control state. */
export const STATES = [
  'asking',
  'reason',
  'manual',
  'review',
  'submitted',
  'confirmRestart',
  'paused',
  'confirmAnswer',
  'confirmReason',
] as const;
export type StateName = (typeof STATES)[number];

/**
 * Where a person is and what is pending — a few hundred bytes whatever the form's size. The answers
 * themselves are rows (ports.AnswerRow); the state name is the machine's, never mirrored here.
 */
export interface Control {
  v: number;
  flowId: string;
  flowHash: string;
  /** Index into questionsOf(flow) of the open (or last settled) question. */
  cursor: number;
  /** The furthest question reached in order: beyond it nothing was asked yet. */
  reached: number;
  /** The item awaiting its 偏差原因 or a person's score. */
  pending?: string;
  failures: number;
  /** Number of submitted revisions. */
  revision: number;
  /** Came to a question by 修改 from the review: return there after answering. */
  editing: boolean;
  /** Changed since the last submission. */
  dirty: boolean;
  /** Questions answered (kept in step with the rows, so a turn need not count them). */
  answered: number;
  /** Where to return after a pause, a cancelled restart or a declined check question. */
  resumeTo?: StateName;
  /** A drafted 偏差原因 offered for `pending`, taken with 采用. */
  suggestion?: string;
  /** A check question asked once: the value (answer or reason) waiting for the person's yes. */
  confirm?: { value: string; note?: string; from: 'asking' | 'reason' };
  /** Page of 预览全部 last shown. */
  page?: number;
}

export function newControl(flow: Flow): Control {
  return {
    v: CONTROL_VERSION,
    flowId: flow.id,
    flowHash: flow.hash,
    cursor: 0,
    reached: 0,
    failures: 0,
    revision: 0,
    editing: false,
    dirty: false,
    answered: 0,
  };
}

export type RestoredControl = { ok: true; state: StateName; control: Control } | { ok: false; reason: string };

/** Checks a stored control state; anything unexpected is a reason, never a throw. */
export function parseControl(
  row: Pick<SessionRow, 'state' | 'control' | 'controlVersion' | 'flowHash'>,
  flow: Flow,
): RestoredControl {
  if (row.controlVersion !== CONTROL_VERSION) return { ok: false, reason: '进度数据版本不符' };
  let c: any;
  try {
    c = JSON.parse(row.control);
  } catch {
    return { ok: false, reason: '进度数据已损坏' };
  }
  if (!c || typeof c !== 'object' || c.v !== CONTROL_VERSION) return { ok: false, reason: '进度数据的内容无法识别' };
  if (!(STATES as readonly string[]).includes(row.state)) return { ok: false, reason: '进度数据的状态无法识别' };
  const n = questionsOf(flow).length;
  for (const k of ['cursor', 'reached', 'failures', 'revision', 'answered'])
    if (!Number.isInteger(c[k]) || c[k] < 0) return { ok: false, reason: '进度数据的内容无法识别' };
  if (c.flowHash !== row.flowHash || c.flowId !== flow.id) return { ok: false, reason: '进度数据与表单版本不符' };
  if (c.cursor > n) return { ok: false, reason: '进度数据的题号超出范围' };
  const needsPending = ['reason', 'manual'].includes(row.state);
  if (needsPending && !flow.indicators.some((i) => i.id === c.pending))
    return { ok: false, reason: '进度数据的内容无法识别' };
  if (row.state.startsWith('confirm') && row.state !== 'confirmRestart' && typeof c.confirm?.value !== 'string')
    return { ok: false, reason: '进度数据的内容无法识别' };
  return { ok: true, state: row.state as StateName, control: c as Control };
}

/**
 * A control state that cannot be read is rebuilt from the answer rows: the person continues at the first
 * open question (or the review) with every answer kept.
 */
export function rebuildControl(
  flow: Flow,
  rows: AnswerRow[],
  revision: number,
): { state: StateName; control: Control } {
  const byId = new Map(rows.map((r) => [r.itemId, r]));
  const qs = questionsOf(flow);
  let answered = 0;
  let first = -1;
  qs.forEach((q, i) => {
    if (isDone(q, byId.get(q.id))) answered++;
    else if (first < 0) first = i;
  });
  const cursor = first < 0 ? qs.length : first;
  const control: Control = { ...newControl(flow), cursor, reached: cursor, answered, revision, dirty: true };
  return { state: first < 0 ? 'review' : 'asking', control };
}
