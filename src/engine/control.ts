// biome-ignore-all lint/suspicious/noExplicitAny: a stored control state is untrusted JSON, checked field by field.
import type { Flow } from '../core/flow/model.js';
import type { AnswerRow, SessionRow } from './ports.js';
import { isDone, questionsOf } from './questions.js';

/** Bumped when Control changes shape; parseControl() reads the versions it knows and rebuilds the rest. */
export const CONTROL_VERSION = 3;

/**
 * The states a person can be in inside a form (machine.ts, under `form`); the one a session is in is stored
 * beside its control state. `drafting` and `placing` wait on an actor within one turn and are never stored.
 */
export const STATES = [
  'asking',
  'reason',
  'manual',
  'checking',
  'review',
  'submitted',
  'confirmRestart',
  'paused',
] as const;
export type StateName = (typeof STATES)[number];

/**
 * A check question asked once before something is recorded (a spend above the budget, "0.95: 95% or
 * 0.95%?", a number typed at the reason prompt, a reason of one word). It stays pending through 暂停,
 * 换表, 帮助 and 预览 until it is answered.
 */
export interface Check {
  /** answer: a check of the open question's answer; correction: a number typed at the reason prompt; reason: a very short reason. */
  kind: 'answer' | 'correction' | 'reason';
  /** The item the check is about. */
  itemId: string;
  /** What is recorded on yes. */
  value: string;
  note?: string;
  /** The question as asked (shown again on 继续). */
  question: string;
  /** The closed answers offered (是/不是, or the readings to choose from: 95%/0.95%). */
  choices: string[];
}

/** A 偏差原因 draft offered by 「帮我写」: taken with 采用, or rewritten by picking numbered causes and measures. */
export interface DraftOffer {
  /** The item's own figures, the sentence every composed reason starts with. */
  lead: string;
  /** The whole draft (lead, a cause, a measure), taken as it stands with 采用. */
  text: string;
  /** Numbered 1..causes.length. */
  causes: string[];
  /** Numbered after the causes. */
  measures: string[];
}

/**
 * Where a person is in one form and what is pending — a few hundred bytes whatever the form's size. The
 * answers themselves are rows (ports.AnswerRow); the state name is the machine's, never mirrored here.
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
  /** Where to return after a pause or a cancelled restart. */
  resumeTo?: StateName;
  /** A drafted 偏差原因 offered for `pending`. */
  draft?: DraftOffer;
  /** A check question waiting for its answer (state `checking`). */
  check?: Check;
  /** Page of 预览 last shown. */
  page?: number;
  /** Returned by a coordinator (退回): the items to fix and the comment, until the next submission. */
  returned?: { items: string[]; comment: string };
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

/** States of version 2 and what they are now. */
const V2_STATES: Record<string, StateName> = { confirmAnswer: 'checking', confirmReason: 'checking' };

/** Checks a stored control state; anything unexpected is a reason, never a throw. Version 2 is read too. */
export function parseControl(
  row: Pick<SessionRow, 'state' | 'control' | 'controlVersion' | 'flowHash'>,
  flow: Flow,
): RestoredControl {
  if (row.controlVersion !== CONTROL_VERSION && row.controlVersion !== 2)
    return { ok: false, reason: '进度数据版本不符' };
  let c: any;
  try {
    c = JSON.parse(row.control);
  } catch {
    return { ok: false, reason: '进度数据已损坏' };
  }
  if (!c || typeof c !== 'object' || c.v !== row.controlVersion) return { ok: false, reason: '进度数据的内容无法识别' };
  const state = (row.controlVersion === 2 ? (V2_STATES[row.state] ?? row.state) : row.state) as StateName;
  if (!(STATES as readonly string[]).includes(state)) return { ok: false, reason: '进度数据的状态无法识别' };
  const n = questionsOf(flow).length;
  for (const k of ['cursor', 'reached', 'failures', 'revision', 'answered'])
    if (!Number.isInteger(c[k]) || c[k] < 0) return { ok: false, reason: '进度数据的内容无法识别' };
  if (c.flowHash !== row.flowHash || c.flowId !== flow.id) return { ok: false, reason: '进度数据与表单版本不符' };
  if (c.cursor > n) return { ok: false, reason: '进度数据的题号超出范围' };
  if (row.controlVersion === 2) c = fromV2(c, row.state, flow);
  if ((state === 'reason' || state === 'manual') && !flow.indicators.some((i) => i.id === c.pending))
    return { ok: false, reason: '进度数据的内容无法识别' };
  if (state === 'checking' && (typeof c.check?.value !== 'string' || typeof c.check?.itemId !== 'string'))
    return { ok: false, reason: '进度数据的内容无法识别' };
  if (c.resumeTo !== undefined && !(STATES as readonly string[]).includes(c.resumeTo)) c.resumeTo = undefined;
  return { ok: true, state, control: c as Control };
}

/** Version 2 kept a check as `confirm` and a draft as `suggestion`; the state said which check it was. */
function fromV2(c: any, state: string, flow: Flow): Control {
  const { confirm, suggestion, ...rest } = c;
  const out: any = { ...rest, v: CONTROL_VERSION };
  if (rest.resumeTo && V2_STATES[rest.resumeTo]) out.resumeTo = V2_STATES[rest.resumeTo];
  if (confirm && typeof confirm.value === 'string') {
    const kind = confirm.from === 'reason' ? (state === 'confirmReason' ? 'reason' : 'correction') : 'answer';
    out.check = {
      kind,
      itemId: kind === 'answer' ? (questionsOf(flow)[rest.cursor]?.id ?? '') : (rest.pending ?? ''),
      value: confirm.value,
      ...(confirm.note ? { note: confirm.note } : {}),
      question: '',
      choices: ['是', '不是'],
    } satisfies Check;
  }
  if (typeof suggestion === 'string' && !/请补充/.test(suggestion))
    out.draft = { lead: '', text: suggestion, causes: [], measures: [] } satisfies DraftOffer;
  return out as Control;
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

/** Bumped when PersonControl changes shape; an unreadable one is simply a fresh one (it holds no answers). */
export const PERSON_VERSION = 1;

/** A person's place outside any one form: at the form menu, which page of it was shown. */
export interface PersonControl {
  v: number;
  /** The menu page last shown (1-based). */
  page?: number;
}

export function parsePerson(text: string | undefined): PersonControl {
  try {
    const c = text ? JSON.parse(text) : undefined;
    if (c && c.v === PERSON_VERSION && (c.page === undefined || (Number.isInteger(c.page) && c.page > 0)))
      return c as PersonControl;
  } catch {
    // An unreadable menu state is a fresh one: it holds nothing the person typed.
  }
  return { v: PERSON_VERSION };
}
