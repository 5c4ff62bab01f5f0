// The whole conversation as one statechart: the form menu (choosing, starting, switching, coming back)
// and, inside a form, every place a person can be. A turn is one pure transition: guards read the facts
// of the message (answer-facts.ts) from the loaded world the event carries; assigns change only the
// context; replies, row writes, audit entries and report requests are emitted effects the engine commits
// in one transaction. The two waits on the outside world — a drafted 偏差原因 and an LLM placing a question
// — are actors declared here once; the engine runs them before the transaction.
import { and, enqueueActions, fromPromise, not, raise, setup, stateIn } from 'xstate';
import { detectExplainIntent } from '../core/explain/intent.js';
import type { Flow } from '../core/flow/model.js';
import { formatScore } from '../core/scoring/round.js';
import { answerSpec, readAnswer, scoreFlow } from '../core/scoring/score-flow.js';
import type { ItemScore, ScoreReport } from '../core/types.js';
import {
  type AnswerFacts,
  editList,
  findEditTarget,
  INBOUND_LIMIT,
  judgeAnswer,
  judgeReason,
  nextOpen,
  type ReasonFacts,
  type ReasonKind,
  scoreDerived,
} from './answer-facts.js';
import { isNo, isYes } from './commands.js';
import { type Check, type Control, newControl, type PersonControl, STATES, type StateName } from './control.js';
import { matchesText, menuReask, menuText, titleOf } from './menu.js';
import type { AnswerRow } from './ports.js';
import {
  excerpt,
  fieldExample,
  formTitle,
  helpText,
  manualQuestion,
  questionText,
  reasonQuestion,
  statedOf,
} from './prompts.js';
import { canSkip, idOfNumber, numberOf, type Question, questionsOf } from './questions.js';
import { draftFor, offerText } from './reason-draft.js';
import { missingOf, previewText, progressCounts, progressText, reviewText } from './review.js';
import { t } from './texts.js';
import { type Ctx, type Rows, rowsOf, type Scratch, type SessionView, toRaw, type World } from './world.js';

// ---------- events and effects ----------

type Base = { w: World };
/** One message, classified (engine/commands.ts), with the world it is decided on. */
export type TurnEvent = Base &
  (
    | { type: 'TEXT'; text: string; confirmed?: boolean }
    | { type: 'HELP' }
    | { type: 'PROGRESS' }
    | { type: 'PREVIEW'; page: number | 'next' | 'all' }
    | { type: 'BACK' }
    | { type: 'EDIT'; target: string; part?: 'reason' }
    | { type: 'SKIP' }
    | { type: 'SUBMIT' }
    | { type: 'RESTART' }
    | { type: 'PAUSE' }
    | { type: 'CONTINUE' }
    | { type: 'SWITCH' }
    | { type: 'GREET' }
    | { type: 'DRAFT' }
    | { type: 'TOO_LONG' }
    /** The stored place could not be read and was rebuilt from the rows (the message is not read). */
    | { type: 'REBUILT' }
    /** A coordinator returned the submitted form (退回) with the items to fix and a comment. */
    | { type: 'REOPEN'; items: string[]; comment: string }
  );

/** What an actor's result comes back as; the engine adds the world. */
type ActorDone = Base & { type: `xstate.done.actor.${string}`; output: unknown };
type ActorError = Base & { type: `xstate.error.actor.${string}`; error: unknown };
type Ev = TurnEvent | ActorDone | ActorError;

export type AuditKind = 'value' | 'reason' | 'score' | 'restart' | 'snapshot_lost';

/** What a turn asks the engine to do, in order, inside its transaction (and, for reports, after it). */
export type Effect =
  | { type: 'say'; text: string; choices?: string[] }
  | { type: 'put'; row: AnswerRow }
  | { type: 'clear' }
  | { type: 'audit'; itemId: string; kind: AuditKind; text: string }
  /** Create the session of the view's flow (a form started this turn). */
  | { type: 'start' }
  /** A new revision was submitted: record it and render it after the transaction. */
  | { type: 'submit'; revision: number; total: number }
  /** Render again a revision whose report failed. */
  | { type: 'render'; revision: number };

/** What the draft actor is given and returns (null: no model draft; the figures draft is used). */
export interface DraftInput {
  item: ItemScore;
  flow: Flow;
}
/** What the placing actor is given and returns (null: not placed; the deterministic reply is used). */
export interface PlaceInput {
  text: string;
  report: ScoreReport;
  flow: Flow;
  currentId?: string;
}

/** Where explanations come from (the engine provides the deterministic one, or none). */
export type ChatExplainer = (
  text: string,
  report: () => ScoreReport,
  flow: Flow,
  nav: { currentId?: string; numberOf(id: string): number | undefined; idOf(n: number): string | undefined },
) => { kind: string; text: string } | null;

// ---------- reading the world ----------

const say = (text: string, choices?: string[]): Effect =>
  choices?.length ? { type: 'say', text, choices } : { type: 'say', text };

/**
 * A few recent results by the identity of their keys. Within one transition the same (event, context) is
 * asked about again and again (guard after guard, then the actions); a small slot list answers that
 * without the WeakMaps a per-event memo would allocate on every turn (they cost more than they save).
 */
class Recent<T> {
  private readonly slots: Array<{ a: object; b: object; v: T }> = [];
  get(a: object, b: object, f: () => T): T {
    for (const s of this.slots) if (s.a === a && s.b === b) return s.v;
    const v = f();
    this.slots.unshift({ a, b, v });
    if (this.slots.length > 4) this.slots.pop();
    return v;
  }
}

function V(e: Ev): SessionView {
  const v = e.w.view;
  if (!v) throw new Error('no session in focus');
  return v;
}
const F = (c: Ctx): Control => {
  if (!c.form) throw new Error('no form in focus');
  return c.form;
};
const textOf = (e: Ev) => (e.type === 'TEXT' ? e.text : '');
const rowsMemo = new Recent<Rows>();
/** The rows of the session in focus, as this turn changed them. */
const R = (c: Ctx, e: Ev): Rows => {
  const view = V(e);
  return rowsMemo.get(c.scratch, view, () => rowsOf(c, view));
};

const reportMemo = new Recent<ScoreReport>();
/** The whole form's score with this turn's changes; computed once per change. */
function reportOf(c: Ctx, e: Ev): ScoreReport {
  const view = V(e);
  return reportMemo.get(c.scratch, view, () => scoreFlow(view.flow, toRaw(R(c, e).all())));
}
const rowMap = (c: Ctx, e: Ev) =>
  new Map(
    R(c, e)
      .all()
      .map((r) => [r.itemId, r]),
  );

// Facts are computed once per (event, context): a raised event or an assign makes new ones.
const answerMemo = new Recent<AnswerFacts>();
const reasonMemo = new Recent<ReasonFacts>();
function memo<T>(m: Recent<T>, e: object, c: object, f: () => T): T {
  return m.get(e, c, f);
}
function facts(c: Ctx, e: Ev): AnswerFacts {
  return memo(answerMemo, e, c, () =>
    judgeAnswer(V(e).flow, F(c), R(c, e), textOf(e), e.w.at, e.type === 'TEXT' && e.confirmed === true),
  );
}
function reasonFacts(c: Ctx, e: Ev): ReasonFacts {
  return memo(reasonMemo, e, c, () => judgeReason(V(e).flow, F(c), R(c, e), textOf(e)));
}

// ---------- what is shown ----------

const choiceMemo = new WeakMap<Flow, Map<string, string[]>>();
/** The closed answers of a question, each one the parser accepts as typed (是/否, 达成/未达成, 好 for a default). */
export function answerChoices(flow: Flow, q: Question | undefined): string[] {
  if (!q) return [];
  let m = choiceMemo.get(flow);
  if (!m) {
    m = new Map();
    choiceMemo.set(flow, m);
  }
  let out = m.get(q.id);
  if (!out) {
    let candidates: string[] = [];
    if (q.kind === 'field')
      candidates = statedOf(q.field) !== undefined ? ['是'] : q.field.default !== undefined ? ['好'] : [];
    else {
      const measure = answerSpec(q.ind).measure;
      if (measure === 'bool') candidates = ['是', '否'];
      else if (measure === 'qualitative') candidates = ['达成', '部分达成', '未达成'];
    }
    out = q.kind === 'field' ? candidates : candidates.filter((c) => readAnswer(flow, q.id, c).ok);
    m.set(q.id, out);
  }
  return out;
}

function questionPrompt(c: Ctx, e: Ev, ctl: Control = F(c)): { text: string; choices: string[] } {
  const flow = V(e).flow;
  const q = questionsOf(flow)[ctl.cursor];
  return { text: questionText(flow, ctl, R(c, e).get(q?.id ?? '')), choices: answerChoices(flow, q) };
}

function reasonPrompt(c: Ctx, e: Ev, id: string): { text: string; choices: string[] } {
  return { text: reasonQuestion(V(e).flow, id, R(c, e).get(id)), choices: ['帮我写', '跳过'] };
}

function reviewPrompt(c: Ctx, e: Ev): { text: string; choices: string[] } {
  const flow = V(e).flow;
  const rows = rowMap(c, e);
  const report = reportOf(c, e);
  const m = missingOf(flow, report, rows);
  const ready = !m.answers.length && !m.reasons.length;
  const note = returnedNote(F(c), flow);
  return {
    text: (note ? `${note}\n` : '') + reviewText(flow, report, rows),
    choices: ready ? ['确认提交', '预览全部'] : ['预览全部'],
  };
}

/** What a coordinator returned the form for (退回), said in the review and 进度 until the next submission. */
function returnedNote(ctl: Control, flow: Flow): string {
  const r = ctl.returned;
  if (!r) return '';
  const items = r.items
    .map((id) => numberOf(flow, id))
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b)
    .map((n) => `第${n}项`)
    .join('、');
  return t('returned_note', { comment: excerpt(r.comment, 120), items: items || t('reopened_all') });
}

function checkPrompt(check: Check | undefined): { text: string; choices: string[] } {
  if (!check) return { text: '', choices: [] };
  const yesNo = check.choices.includes('是');
  const text = check.question
    ? yesNo
      ? t('confirm_answer', { question: check.question })
      : t('check_choose', { question: check.question, choices: check.choices.join('」或「') })
    : t('confirm_pending', { value: excerpt(check.value, 40) });
  return { text, choices: check.choices };
}

function submittedLine(c: Ctx, e: Ev): string {
  const ctl = F(c);
  const total = V(e).report?.total;
  return t('after_submit', {
    title: formTitle(V(e).flow),
    revision: ctl.revision,
    score: total === null || total === undefined ? '' : t('after_submit_score', { total: formatScore(total) }),
  });
}

/** The question of a state, for 继续, pauses, returns and anything the state does not expect. */
function promptOf(state: StateName, c: Ctx, e: Ev): { text: string; choices: string[] } {
  const ctl = F(c);
  const flow = V(e).flow;
  switch (state) {
    case 'reason': {
      const p = reasonPrompt(c, e, ctl.pending!);
      return ctl.draft ? { text: `${p.text}\n${t('draft_pending')}`, choices: ['采用', ...p.choices] } : p;
    }
    case 'manual': {
      const item = pendingItem(c, e);
      return item ? { text: manualQuestion(flow, item, true), choices: [] } : questionPrompt(c, e);
    }
    case 'review':
      return reviewPrompt(c, e);
    case 'submitted':
      return { text: submittedLine(c, e), choices: [] };
    case 'checking':
      return checkPrompt(ctl.check);
    case 'confirmRestart':
      return { text: t('confirm_restart'), choices: ['是', '不是'] };
    case 'paused':
      return { text: t('paused'), choices: ['继续'] };
    default:
      return questionsOf(flow)[ctl.cursor] ? questionPrompt(c, e) : reviewPrompt(c, e);
  }
}

/** The score of the item pending a reason or a person's score, with this turn's rows. */
function pendingItem(c: Ctx, e: Ev): ItemScore | undefined {
  const id = F(c).pending;
  if (!id) return undefined;
  const flow = V(e).flow;
  const ind = flow.indicators.find((i) => i.id === id);
  return ind ? scoreDerived(flow, R(c, e), ind) : undefined;
}

function invalidText(ctl: Control, flow: Flow, reason: string, example: string): string {
  let text = t('invalid', { reason, example });
  const q = questionsOf(flow)[ctl.cursor];
  if (ctl.failures + 1 >= 3) text += `\n${t('invalid_hint', { skip: q && canSkip(q) ? t('invalid_hint_skip') : '' })}`;
  return text;
}

const navOf = (flow: Flow, ctl: Control, state: 'asking' | 'reason' | 'manual' | 'other') => ({
  currentId: state === 'reason' || state === 'manual' ? ctl.pending : questionsOf(flow)[ctl.cursor]?.id,
  numberOf: (id: string) => numberOf(flow, id),
  idOf: (n: number) => idOfNumber(flow, n),
});

/** Asking never moves the person's place: remind them what is open. */
function withPlace(reply: string, flow: Flow, ctl: Control, state: string): string {
  const open = state === 'asking' || state === 'reason' || state === 'manual';
  const id = state === 'asking' ? questionsOf(flow)[ctl.cursor]?.id : ctl.pending;
  const n = id ? numberOf(flow, id) : undefined;
  return open && n ? `${reply}\n\n${t('explain_back', { n })}` : reply;
}

const settledPatch = { pending: undefined, failures: 0, draft: undefined, check: undefined };

function putRow(c: Ctx, e: Ev, id: string, patch: Partial<AnswerRow>): { row: AnswerRow; scratch: Scratch } {
  const prev = R(c, e).get(id);
  const row: AnswerRow = {
    itemId: id,
    value: '',
    note: null,
    reason: null,
    score: null,
    status: 'answered',
    ...prev,
    ...patch,
    updatedAt: e.w.at,
  };
  return { row, scratch: { ...c.scratch, rows: { ...c.scratch.rows, [id]: row } } };
}

function manualScore(flow: Flow, ctl: Control, text: string): number | undefined {
  const ind = flow.indicators.find((i) => i.id === ctl.pending);
  const n = Number(text.normalize('NFKC').replace(/分$/, '').trim());
  if (!ind || text.trim() === '' || !Number.isFinite(n) || n < 0 || n > ind.weight + 1e-9) return undefined;
  return n;
}

/** Whether an item owes a 偏差原因: it fell short of its target, or a person scored it below full marks. */
function owesReason(item: ItemScore | undefined): boolean {
  if (!item) return false;
  if (item.status === 'scored') return !!item.short;
  return item.status === 'manual' && item.score !== null && item.score < item.max - 1e-9;
}

function editTargetId(flow: Flow, target: string): string | undefined {
  const found = findEditTarget(flow, target);
  return found.kind === 'derived' ? found.ind.id : found.kind === 'question' ? questionsOf(flow)[found.index].id : '';
}

// biome-ignore lint/suspicious/noExplicitAny: transition lists are spliced into states whose event types differ.
type AnyTransition = any;

/** After an item is settled: back to the review when editing or nothing is open after it, else the next open question. */
const settle = (actions: AnyTransition[], guard?: unknown): AnyTransition[] => {
  const g = (x: string) => (guard ? and([guard as never, x]) : x);
  return [
    { guard: g('cameFromReview'), target: 'review', actions: [...actions, 'showReview'] },
    { guard: g('isLast'), target: 'review', actions: [...actions, 'showReview'] },
    { ...(guard ? { guard: guard as never } : {}), target: 'asking', actions: [...actions, 'askNext'] },
  ];
};
const reasonIs = (kind: ReasonKind) => ({ type: 'reasonIs', params: { kind } }) as const;
const checkIs = (kind: Check['kind']) => ({ type: 'checkIs', params: { kind } }) as const;

/** Where a pause, a cancelled restart or a placed question returns to. */
const resumeTargets = (action: AnyTransition): AnyTransition[] => [
  ...STATES.filter((s) => s !== 'paused' && s !== 'confirmRestart').map((s) => ({
    guard: { type: 'resumeIs' as const, params: { state: s } },
    target: s,
    actions: action,
  })),
  { target: 'asking', actions: action },
];

const gone: AnyTransition = { guard: 'flowGone', actions: ['sayGone', { type: 'showMenu', params: {} }] };

/** From the menu into a session: the state it was left in (its check question, its reason prompt …). */
const enterTargets: AnyTransition[] = [
  { guard: 'pickIsNew', target: 'form.asking', actions: 'startForm' },
  ...STATES.map((s) => ({
    guard: { type: 'pickStateIs' as const, params: { state: s } },
    target: `form.${s}`,
    actions: 'enterForm',
  })),
];

/** Handlers of a state that answers score questions: the deterministic reply, or the LLM placing it. */
const explainFirst = (here: StateName): AnyTransition[] => {
  const state = here === 'asking' || here === 'reason' || here === 'manual' ? here : 'other';
  return [
    { guard: { type: 'explains', params: { state } }, actions: { type: 'sayExplanation', params: { state } } },
    {
      guard: and([{ type: 'unplaced', params: { state } }, 'canPlace']),
      target: 'placing',
      actions: { type: 'remember', params: { state: here } },
    },
  ];
};

/** What an action may do: change the context, emit an effect. */
interface Enqueue {
  assign(patch: Partial<Ctx>): void;
  emit(effect: Effect): void;
}

/** A named action: reads the context and the event's world, assigns and emits (typed once, here). */
function act<P extends Record<string, unknown> | undefined = undefined>(
  fn: (a: { context: Ctx; event: Ev; enqueue: Enqueue }, params: P) => void,
) {
  // biome-ignore lint/suspicious/noExplicitAny: the chart's actor, action and guard unions are not needed here.
  return enqueueActions<Ctx, Ev, P, Ev, any, any, any, never, Effect>(({ context, event, enqueue }, params) =>
    fn({ context, event, enqueue: enqueue as unknown as Enqueue }, params as P),
  );
}

// ---------- the chart ----------

export const conversation = setup({
  types: {
    context: {} as Ctx,
    events: {} as Ev,
    input: {} as Ctx,
    emitted: {} as Effect,
  },
  actors: {
    /** A model's 偏差原因 draft; by default none (null), and the figures draft is offered. */
    draftReason: fromPromise<string | null, DraftInput>(async () => null),
    /** A model placing a score question the deterministic matcher could not; by default none. */
    placeQuestion: fromPromise<string | null, PlaceInput>(async () => null),
  },
  guards: {
    // --- menu ---
    flowGone: ({ event }) => event.w.gone !== undefined,
    noForms: ({ event }) => !event.w.menu?.entries.length,
    newcomer: ({ event }) => event.w.newcomer === true,
    hasPick: ({ event }) => event.w.view !== undefined,
    pickIsNew: ({ event }) => event.w.view !== undefined && event.w.view.session === undefined,
    pickStateIs: ({ event }, p: { state: StateName }) =>
      event.w.view?.session !== undefined && event.w.view.state === p.state,
    menuMatches: ({ event }) => !!event.w.menu?.matches?.length,
    menuOutOfRange: ({ event }) => event.w.menu?.outOfRange !== undefined,
    nextPage: ({ event }) => event.type === 'PREVIEW' && event.page === 'next',
    // --- the open question ---
    answerInvalid: ({ context, event }) => !facts(context, event).ok,
    needsCheck: ({ context, event }) =>
      event.type === 'TEXT' && !event.confirmed && facts(context, event).confirm !== undefined,
    needsManualScore: ({ context, event }) => facts(context, event).manual,
    fallsShort: ({ context, event }) => facts(context, event).reasonFor !== undefined,
    cameFromReview: ({ context }) => F(context).editing,
    isLast: ({ context, event }) => nextOpen(V(event).flow, F(context), R(context, event)) === undefined,
    canSkip: ({ context, event }) => {
      const q = questionsOf(V(event).flow)[F(context).cursor];
      return !q || canSkip(q);
    },
    isYes: ({ event }) => isYes(textOf(event)),
    isNo: ({ event }) => isNo(textOf(event)),
    reasonIs: ({ context, event }, p: { kind: ReasonKind }) => reasonFacts(context, event).kind === p.kind,
    validManualScore: ({ context, event }) => manualScore(V(event).flow, F(context), textOf(event)) !== undefined,
    manualFallsShort: ({ context, event }) => {
      const flow = V(event).flow;
      const n = manualScore(flow, F(context), textOf(event));
      const ind = flow.indicators.find((i) => i.id === F(context).pending);
      return n !== undefined && !!ind && n < ind.weight - 1e-9;
    },
    checkIs: ({ context }, p: { kind: Check['kind'] }) => F(context).check?.kind === p.kind,
    checkIsYesNo: ({ context }) => F(context).check?.choices.includes('是') ?? false,
    resumeIs: ({ context }, p: { state: StateName }) => F(context).resumeTo === p.state,
    editFound: ({ event }) => {
      if (event.type !== 'EDIT') return false;
      const k = findEditTarget(V(event).flow, event.target).kind;
      return k === 'question' || k === 'derived';
    },
    editReason: ({ event }) => event.type === 'EDIT' && event.part === 'reason',
    /** 修改 N 原因 on an item that owes one (fell short, or a person's score below full marks). */
    reasonOwed: ({ context, event }) => {
      if (event.type !== 'EDIT') return false;
      const id = editTargetId(V(event).flow, event.target);
      return owesReason(reportOf(context, event).items.find((i) => i.id === id));
    },
    isComplete: ({ context, event }) => {
      const m = missingOf(V(event).flow, reportOf(context, event), rowMap(context, event));
      return !m.answers.length && !m.reasons.length;
    },
    unchanged: ({ context }) => F(context).revision > 0 && !F(context).dirty,
    reportFailed: ({ event }) => V(event).report?.status === 'failed',
    explains: ({ context, event }, p: { state: 'asking' | 'reason' | 'manual' | 'other' }) => {
      const r = explanation(context, event, p.state);
      return r !== null && r.kind !== 'no_match';
    },
    unplaced: ({ context, event }, p: { state: 'asking' | 'reason' | 'manual' | 'other' }) =>
      explanation(context, event, p.state)?.kind === 'no_match',
    /** Whether a model places questions (the engine provides it). */
    canPlace: () => false,
    asksAboutScores: ({ context, event }, p: { state: 'asking' | 'reason' | 'manual' | 'other' }) =>
      explanation(context, event, p.state) !== null,
  },
  actions: {
    // ---------- menu ----------
    showMenu: act(({ context, event, enqueue }, p: { page?: 'next' | 'first'; greet?: boolean }) => {
      const menu = event.w.menu ?? { entries: [] };
      const want = p.page === 'next' ? (context.person.page ?? 1) + 1 : 1;
      const shown = menuText(menu, want);
      if (p.greet) enqueue.emit(say(t('greeting')));
      enqueue.emit(say(shown.text, shown.choices));
      enqueue.assign({ person: { ...context.person, page: shown.page } satisfies PersonControl });
    }),
    showMatches: act(({ event, enqueue }) => {
      const shown = matchesText(event.w.menu!, event.w.menu!.matches!);
      enqueue.emit(say(shown.text, shown.choices));
    }),
    menuReask: act(({ event, enqueue }) => {
      const shown = menuReask(event.w.menu ?? { entries: [] });
      enqueue.emit(say(shown.text, shown.choices));
    }),
    unknownChoice: act(({ event, enqueue }) => {
      const menu = event.w.menu!;
      enqueue.emit(say(t('unknown_choice', { text: excerpt(menu.outOfRange ?? ''), max: menu.entries.length })));
    }),
    menuHelp: act(({ event, enqueue }) => {
      const shown = menuText(event.w.menu ?? { entries: [] }, 1);
      enqueue.emit(say(t('menu_help')));
      enqueue.emit(say(shown.text, shown.choices));
    }),
    sayGone: act(({ event, enqueue }) => {
      enqueue.emit(say(t('flow_gone', { title: event.w.gone ?? '' })));
    }),
    startForm: act(({ context, event, enqueue }) => {
      const view = V(event);
      const flow = view.flow;
      const control = newControl(flow);
      enqueue.assign({ form: control, sid: null, person: { v: context.person.v } });
      enqueue.emit({ type: 'start' });
      // Derived items (预算执行率) are numbered after the questions: say so, or "第 13 项" after "共 12 项" puzzles.
      const derived = flow.indicators.filter((i) => i.derived).length;
      const computed = derived ? `（另有 ${derived} 项自动计算）` : '';
      const total = questionsOf(flow).length;
      enqueue.emit(say(t('start_form', { title: titleForMenu(event, flow), total, computed })));
      const notes = [...assumptionsOf(flow), ...flow.notes];
      if (notes.length) enqueue.emit(say(t('notes', { notes: excerpt(notes.join('；'), 300) })));
      const q = questionPrompt({ ...context, form: control }, event, control);
      enqueue.emit(say(q.text, q.choices));
    }),
    enterForm: act(({ context, event, enqueue }) => {
      const view = V(event);
      const next: Ctx = { ...context, form: view.control, sid: view.session!.id, person: { v: context.person.v } };
      enqueue.assign({ form: view.control, sid: view.session!.id, person: next.person });
      const p = promptOf(view.state, next, event);
      if (view.rebuilt) {
        enqueue.emit({ type: 'audit', itemId: '*', kind: 'snapshot_lost', text: view.rebuilt });
        enqueue.emit(say(t('control_rebuilt')));
      } else enqueue.emit(say(t('resumed', { title: formTitle(view.flow) })));
      enqueue.emit(say(p.text, p.choices));
    }),
    leaveForm: act(({ context, event, enqueue }) => {
      const ctl = F(context);
      const view = V(event);
      if (ctl.revision > 0 && !ctl.dirty) {
        const total = view.report?.total;
        enqueue.emit(
          say(
            t('switch_submitted', {
              title: titleForMenu(event, view.flow),
              revision: ctl.revision,
              score: total === null || total === undefined ? '' : t('after_submit_score', { total: String(total) }),
            }),
          ),
        );
      }
      enqueue.assign({ form: null, sid: null });
    }),

    // ---------- the open question ----------
    refuse: act(({ context, event, enqueue }) => {
      const f = facts(context, event);
      const ctl = F(context);
      enqueue.emit(say(invalidText(ctl, V(event).flow, f.refusal?.reason ?? '', f.refusal?.example ?? '')));
      enqueue.assign({ form: { ...ctl, failures: ctl.failures + 1 } });
    }),
    askCheck: act(({ context, event, enqueue }) => {
      const f = facts(context, event);
      const ctl = F(context);
      const q = questionsOf(V(event).flow)[ctl.cursor];
      const check: Check = {
        kind: 'answer',
        itemId: q.id,
        value: f.value,
        ...(f.note ? { note: f.note } : {}),
        question: f.confirm ?? '',
        // The question proposes the first reading ("是95%吗？是就回复「是」"): 是 takes it, the other is typed or tapped.
        choices: f.alternatives?.length ? ['是', ...f.alternatives.slice(1)] : ['是', '不是'],
      };
      const shown = checkPrompt(check);
      enqueue.emit(say(shown.text, shown.choices));
      enqueue.assign({ form: { ...ctl, check } });
    }),
    record: act(({ context, event, enqueue }) => {
      const flow = V(event).flow;
      const f = facts(context, event);
      const ctl = F(context);
      const q = questionsOf(flow)[ctl.cursor];
      const prev = R(context, event).get(q.id);
      const { row, scratch } = putRow(context, event, q.id, {
        value: f.value,
        note: f.note ?? null,
        score: null,
        status: f.confirmed ? 'confirmed' : 'answered',
      });
      enqueue.emit({ type: 'put', row });
      enqueue.emit({ type: 'audit', itemId: q.id, kind: 'value', text: f.value });
      // What was typed is echoed as an excerpt: a long text answer is kept whole but shown shortened.
      if (q.kind === 'field')
        enqueue.emit(say(t('recorded_field', { label: q.field.label, value: excerpt(f.display, 40) })));
      else if (!f.manual)
        enqueue.emit(
          say(
            t('recorded_item', {
              value: excerpt(f.display, 40),
              score: formatScore(f.item?.score ?? 0),
              max: formatScore(f.item?.max ?? 0),
            }),
          ),
        );
      for (const d of f.derived) {
        if (d.status === 'scored')
          enqueue.emit(
            say(
              t('derived', {
                name: d.name,
                n: numberOf(flow, d.id) ?? '',
                value: d.display ?? '',
                score: formatScore(d.score!),
                max: formatScore(d.max),
              }),
            ),
          );
        else if (d.status === 'unanswered' && !/需要先填写/.test(d.explanation))
          enqueue.emit(say(t('derived_pending', { name: d.name, reason: d.explanation.replace(/^由公式计算，/, '') })));
      }
      const wasDone = !!prev && prev.value.trim() !== '';
      const changed = !prev || prev.value !== f.value || prev.score !== null;
      enqueue.assign({
        scratch,
        form: {
          ...ctl,
          answered: ctl.answered + (wasDone ? 0 : 1),
          dirty: ctl.dirty || changed,
          reached: Math.max(ctl.reached, ctl.cursor),
          ...settledPatch,
        },
      });
    }),
    askManual: act(({ context, event, enqueue }) => {
      const f = facts(context, event);
      enqueue.emit(say(manualQuestion(V(event).flow, f.item!)));
      enqueue.assign({ form: { ...F(context), pending: f.item!.id, failures: 0 } });
    }),
    askReason: act(({ context, event, enqueue }) => {
      const ctl = F(context);
      const id = event.type === 'TEXT' && ctl.pending === undefined ? facts(context, event).reasonFor! : ctl.pending!;
      const p = reasonPrompt(context, event, id);
      enqueue.emit(say(p.text, p.choices));
      enqueue.assign({ form: { ...ctl, pending: id, failures: 0, draft: undefined, check: undefined } });
    }),
    askNext: act(({ context, event, enqueue }) => {
      const flow = V(event).flow;
      const ctl = F(context);
      const cursor = nextOpen(flow, ctl, R(context, event)) ?? ctl.cursor;
      const next: Control = { ...ctl, ...settledPatch, cursor, reached: Math.max(ctl.reached, cursor), editing: false };
      const q = questionPrompt(context, event, next);
      enqueue.emit(say(q.text, q.choices));
      enqueue.assign({ form: next });
    }),
    showReview: act(({ context, event, enqueue }) => {
      const p = reviewPrompt(context, event);
      enqueue.emit(say(p.text, p.choices));
      const ctl = F(context);
      const n = questionsOf(V(event).flow).length;
      enqueue.assign({
        form: { ...ctl, ...settledPatch, editing: false, cursor: ctl.editing ? ctl.cursor : n, reached: n },
      });
    }),
    reviewNudge: act(({ enqueue }) => enqueue.emit(say(t('review_nudge'), ['确认提交', '预览全部']))),
    skipItem: act(({ context, event, enqueue }) => {
      const flow = V(event).flow;
      const ctl = F(context);
      const q = questionsOf(flow)[ctl.cursor];
      const row = q && R(context, event).get(q.id);
      // 下一题 on an answered item moves on without calling it skipped.
      if (q && !(row && row.value.trim() !== '')) {
        enqueue.emit(say(t('skipped', { n: numberOf(flow, q.id) ?? '' })));
        if (!row) {
          const put = putRow(context, event, q.id, { status: 'skipped' });
          enqueue.emit({ type: 'put', row: put.row });
          // A field with a default counts as filled once passed (its default stands).
          const filled = q.kind === 'field' && q.field.default !== undefined ? 1 : 0;
          enqueue.assign({ scratch: put.scratch, form: { ...ctl, answered: ctl.answered + filled } });
        }
      }
    }),
    cannotSkip: act(({ context, event, enqueue }) => {
      const flow = V(event).flow;
      const q = questionsOf(flow)[F(context).cursor];
      const example = q?.kind === 'field' ? fieldExample(q.field, flow) : '';
      enqueue.emit(say(t('cannot_skip', { example })));
    }),
    skipReason: act(({ context, event, enqueue }) => {
      enqueue.emit(say(t('skipped', { n: numberOf(V(event).flow, F(context).pending ?? '') ?? '' })));
    }),
    goBack: act(({ context, event, enqueue }, p: { inItem: boolean }) => {
      const flow = V(event).flow;
      const ctl = F(context);
      if (!p.inItem && ctl.cursor === 0) {
        const q = questionPrompt(context, event, { ...ctl, ...settledPatch });
        enqueue.emit(say(t('back_first')));
        enqueue.emit(say(q.text, q.choices));
        enqueue.assign({ form: { ...ctl, ...settledPatch } });
        return;
      }
      const cursor = p.inItem ? ctl.cursor : Math.min(ctl.cursor, questionsOf(flow).length) - 1;
      const next: Control = { ...ctl, ...settledPatch, cursor, editing: false };
      const q = questionPrompt(context, event, next);
      enqueue.emit(say(q.text, q.choices));
      enqueue.assign({ form: next });
    }),
    showEdit: act(({ context, event, enqueue }, p: { fromReview: boolean }) => {
      if (event.type !== 'EDIT') return;
      const flow = V(event).flow;
      const ctl = F(context);
      const found = findEditTarget(flow, event.target);
      if (found.kind !== 'question' && found.kind !== 'derived') return;
      const next: Control = {
        ...ctl,
        ...settledPatch,
        cursor: found.index,
        reached: Math.max(ctl.reached, found.index),
        editing: p.fromReview || ctl.editing,
      };
      if (found.kind === 'derived')
        enqueue.emit(say(t('edit_derived', { name: found.ind.name, n: numberOf(flow, found.ind.id) ?? '' })));
      const q = questionPrompt(context, event, next);
      enqueue.emit(say(q.text, q.choices));
      enqueue.assign({ form: next });
    }),
    editReasonPrompt: act(({ context, event, enqueue }, p: { fromReview: boolean }) => {
      if (event.type !== 'EDIT') return;
      const flow = V(event).flow;
      const ctl = F(context);
      const found = findEditTarget(flow, event.target);
      const id = editTargetId(flow, event.target)!;
      const shown = reasonPrompt(context, event, id);
      enqueue.emit(say(shown.text, shown.choices));
      enqueue.assign({
        form: {
          ...ctl,
          ...settledPatch,
          pending: id,
          cursor: found.kind === 'question' ? found.index : ctl.cursor,
          editing: p.fromReview || ctl.editing,
        },
      });
    }),
    reasonNotOwed: act(({ context, event, enqueue }, p: { state: StateName }) => {
      if (event.type !== 'EDIT') return;
      const flow = V(event).flow;
      const id = editTargetId(flow, event.target)!;
      const isField = flow.fields.some((f) => f.id === id);
      const item = reportOf(context, event).items.find((i) => i.id === id);
      const n = numberOf(flow, id) ?? '';
      enqueue.emit(
        say(
          isField
            ? t('edit_reason_field')
            : item?.status === 'scored' || item?.status === 'manual'
              ? t('reason_not_owed', { n, name: item.name })
              : t('reason_not_answered', { n, name: item?.name ?? '' }),
        ),
      );
      const back = promptOf(p.state, context, event);
      enqueue.emit(say(back.text, back.choices));
    }),
    editNotFound: act(({ event, enqueue }) => {
      if (event.type !== 'EDIT') return;
      const flow = V(event).flow;
      const found = findEditTarget(flow, event.target);
      if (found.kind === 'many')
        enqueue.emit(
          say(
            t('edit_ambiguous', {
              target: excerpt(event.target),
              list: editList(flow, found.ids),
              example: numberOf(flow, found.ids[0]) ?? 1,
            }),
          ),
        );
      else enqueue.emit(say(t('edit_unknown', { target: excerpt(event.target) })));
    }),

    // ---------- 偏差原因 ----------
    recordReason: act(({ context, event, enqueue }, p: { from: 'text' | 'check' }) => {
      const ctl = F(context);
      const id = p.from === 'check' ? ctl.check!.itemId : ctl.pending!;
      const rf = p.from === 'text' ? reasonFacts(context, event) : undefined;
      const text = p.from === 'check' ? ctl.check!.value : rf!.text;
      const prev = R(context, event).get(id)?.reason;
      const { row, scratch } = putRow(context, event, id, { reason: text });
      enqueue.emit({ type: 'put', row });
      enqueue.emit({ type: 'audit', itemId: id, kind: 'reason', text });
      // A composed or accepted draft is said back, so the person sees what was recorded.
      enqueue.emit(
        say(
          rf?.kind === 'picks' || rf?.kind === 'accept'
            ? t('reason_recorded_text', { reason: excerpt(text, 80) })
            : t('reason_recorded'),
        ),
      );
      enqueue.assign({ scratch, form: { ...ctl, ...settledPatch, dirty: ctl.dirty || prev !== text } });
    }),
    keepReason: act(({ context, enqueue }) => {
      enqueue.emit(say(t('reason_kept')));
      enqueue.assign({ form: { ...F(context), ...settledPatch } });
    }),
    refuseReason: act(({ context, event, enqueue }) => {
      const f = reasonFacts(context, event);
      const ctl = F(context);
      enqueue.emit(say(t('invalid', { reason: f.refusal ?? '', example: t('reason_example') })));
      enqueue.assign({ form: { ...ctl, failures: ctl.failures + 1 } });
    }),
    reasonYesNo: act(({ context, event, enqueue }) => {
      const p = reasonPrompt(context, event, F(context).pending!);
      enqueue.emit(say(t('reason_yesno')));
      enqueue.emit(say(p.text, p.choices));
    }),
    reasonQuestionKept: act(({ enqueue }) => enqueue.emit(say(t('reason_is_question'), ['帮我写', '跳过']))),
    askCheckCorrection: act(({ context, event, enqueue }) => {
      const f = reasonFacts(context, event);
      const ctl = F(context);
      const check: Check = {
        kind: 'correction',
        itemId: ctl.pending!,
        value: f.text,
        question: t('check_correction', { value: excerpt(f.text) }),
        choices: ['是', '不是'],
      };
      enqueue.emit(say(check.question, check.choices));
      enqueue.assign({ form: { ...ctl, check } });
    }),
    askCheckReason: act(({ context, event, enqueue }) => {
      const f = reasonFacts(context, event);
      const ctl = F(context);
      const check: Check = {
        kind: 'reason',
        itemId: ctl.pending!,
        value: f.text,
        question: t('check_reason', { value: excerpt(f.text) }),
        choices: ['是', '不是'],
      };
      enqueue.emit(say(check.question, check.choices));
      enqueue.assign({ form: { ...ctl, check } });
    }),
    offerDraft: act(({ context, event, enqueue }) => {
      const item = pendingItem(context, event);
      if (!item) return;
      const output = event.type.startsWith('xstate.done.actor') ? (event as ActorDone).output : null;
      const draft = draftFor(item, typeof output === 'string' ? output : null);
      enqueue.emit(say(offerText(draft), ['采用']));
      enqueue.assign({ form: { ...F(context), draft } });
    }),
    recordManual: act(({ context, event, enqueue }) => {
      const flow = V(event).flow;
      const ctl = F(context);
      const n = manualScore(flow, ctl, textOf(event))!;
      const ind = flow.indicators.find((i) => i.id === ctl.pending)!;
      const { row, scratch } = putRow(context, event, ind.id, { score: n });
      enqueue.emit({ type: 'put', row });
      enqueue.emit({ type: 'audit', itemId: ind.id, kind: 'score', text: String(n) });
      enqueue.emit(say(t('manual_score_recorded', { score: formatScore(n), max: formatScore(ind.weight) })));
      enqueue.assign({ scratch, form: { ...ctl, dirty: true, failures: 0 } });
    }),
    refuseManual: act(({ context, event, enqueue }) => {
      const flow = V(event).flow;
      const ctl = F(context);
      const ind = flow.indicators.find((i) => i.id === ctl.pending);
      const max = formatScore(ind?.weight ?? 0);
      enqueue.emit(say(invalidText(ctl, flow, t('manual_range', { max }), formatScore((ind?.weight ?? 0) * 0.8))));
      enqueue.assign({ form: { ...ctl, failures: ctl.failures + 1 } });
    }),

    // ---------- check questions ----------
    /** Yes to a check of an answer: the value is recorded as confirmed, through the open question. */
    raiseChecked: raise(({ context, event }) => ({
      type: 'TEXT' as const,
      text: F(context).check?.value ?? '',
      confirmed: true,
      w: event.w,
    })),
    raiseAgain: raise(({ event }) => ({ ...(event as TurnEvent) })),
    clearCheck: act(({ context, enqueue }) => {
      enqueue.assign({ form: { ...F(context), check: undefined } });
    }),
    checkChoose: act(({ context, enqueue }) => {
      const shown = checkPrompt(F(context).check);
      enqueue.emit(say(t('check_choose_again'), []));
      enqueue.emit(say(shown.text, shown.choices));
    }),

    // ---------- anywhere in a form ----------
    reprompt: act(({ context, event, enqueue }, p: { state: StateName }) => {
      const shown = promptOf(p.state, context, event);
      enqueue.emit(say(shown.text, shown.choices));
    }),
    /** After 帮助, 进度 or 预览 at a check question: the check is asked again, it stays pending. */
    remindCheck: act(({ context, enqueue }) => {
      const shown = checkPrompt(F(context).check);
      enqueue.emit(say(shown.text, shown.choices));
    }),
    help: act(({ context, event, enqueue }, p: { state: StateName }) => {
      enqueue.emit(say(helpText(V(event).flow, F(context), p.state)));
    }),
    progress: act(({ context, event, enqueue }) => {
      const ctl = F(context);
      if (ctl.revision > 0 && !ctl.dirty) {
        enqueue.emit(say(submittedLine(context, event)));
        return;
      }
      const note = returnedNote(ctl, V(event).flow);
      const text = progressText(progressCounts(V(event).flow, ctl, rowMap(context, event)));
      enqueue.emit(say(note ? `${note}\n${text}` : text));
    }),
    preview: act(({ context, event, enqueue }) => {
      if (event.type !== 'PREVIEW') return;
      const flow = V(event).flow;
      const ctl = F(context);
      const report = reportOf(context, event);
      if (event.page === 'all') {
        // Every page, each its own message: 预览全部 shows the whole form.
        const first = previewText(flow, report, 1);
        enqueue.emit(say(first.text));
        for (let p = 2; p <= first.pages; p++) enqueue.emit(say(previewText(flow, report, p).text));
        enqueue.assign({ form: { ...ctl, page: first.pages } });
        return;
      }
      const last = ctl.page ?? 1;
      const probe = previewText(flow, report, 1);
      if (event.page === 'next' && last >= probe.pages) {
        enqueue.emit(say(t('preview_no_more', { pages: probe.pages })));
        return;
      }
      const page = event.page === 'next' ? last + 1 : event.page;
      const shown = previewText(flow, report, page);
      enqueue.emit(say(shown.text, page < shown.pages ? ['下一页'] : []));
      enqueue.assign({ form: { ...ctl, page: Math.min(page, shown.pages) } });
    }),
    sayExplanation: act(({ context, event, enqueue }, p: { state: 'asking' | 'reason' | 'manual' | 'other' }) => {
      const r = explanation(context, event, p.state)!;
      enqueue.emit(say(withPlace(r.text, V(event).flow, F(context), p.state)));
    }),
    remember: act(({ context, enqueue }, p: { state: StateName }) => {
      enqueue.assign({ form: { ...F(context), resumeTo: p.state } });
    }),
    sayPlaced: act(({ context, event, enqueue }) => {
      const ctl = F(context);
      const state = ctl.resumeTo ?? 'asking';
      const out = (event as ActorDone).output;
      const flow = V(event).flow;
      const text = typeof out === 'string' ? out : placedFallback(context, event, state);
      enqueue.emit(say(withPlace(text, flow, ctl, state)));
      enqueue.assign({ form: { ...ctl, resumeTo: undefined } });
    }),
    confirmRestartAsk: act(({ enqueue }) => enqueue.emit(say(t('confirm_restart'), ['是', '不是']))),
    pauseSay: act(({ enqueue }) => enqueue.emit(say(t('paused'), ['继续']))),
    restart: act(({ context, event, enqueue }) => {
      const ctl = F(context);
      enqueue.emit({ type: 'clear' });
      enqueue.emit({ type: 'audit', itemId: '*', kind: 'restart', text: '重新填写' });
      const next: Control = {
        ...ctl,
        ...settledPatch,
        cursor: 0,
        reached: 0,
        answered: 0,
        editing: false,
        dirty: true,
        resumeTo: undefined,
        page: undefined,
      };
      const cleared: Ctx = { ...context, form: next, scratch: { rows: {}, cleared: true } };
      const q = questionPrompt(cleared, event, next);
      enqueue.emit(say(t('restarted')));
      enqueue.emit(say(q.text, q.choices));
      enqueue.assign({ form: next, scratch: cleared.scratch });
    }),
    resumeSay: act(({ context, event, enqueue }) => {
      const ctl = F(context);
      const state = ctl.resumeTo ?? 'asking';
      const shown = promptOf(state, context, event);
      enqueue.emit(say(t('resumed', { title: formTitle(V(event).flow) })));
      enqueue.emit(say(shown.text, shown.choices));
      enqueue.assign({ form: { ...ctl, resumeTo: undefined } });
    }),
    /** Out of a pause by any other message: back where the person was, and the message handled there. */
    unpause: act(({ context, enqueue }) => {
      enqueue.assign({ form: { ...F(context), resumeTo: undefined } });
    }),
    cancelRestartSay: act(({ context, event, enqueue }) => {
      const ctl = F(context);
      const state = ctl.resumeTo ?? 'asking';
      const shown = promptOf(state, context, event);
      enqueue.emit(say(t('restart_cancelled')));
      enqueue.emit(say(shown.text, shown.choices));
      enqueue.assign({ form: { ...ctl, resumeTo: undefined } });
    }),
    submit: act(({ context, event, enqueue }) => {
      const flow = V(event).flow;
      const ctl = F(context);
      const report = reportOf(context, event);
      const revision = ctl.revision + 1;
      const lost = report.items.filter((i) => i.status === 'scored' && i.score! < i.max - 1e-9);
      const lostText = lost
        .slice(0, 6)
        .map((i) => `${i.name}（-${formatScore(Math.round((i.max - (i.score ?? 0)) * 100) / 100)}）`)
        .join('、');
      enqueue.emit(
        say(
          t('submitted', {
            title: formTitle(flow),
            revision,
            total: formatScore(report.total),
            max: formatScore(report.max),
            grade: report.grade + (report.provisional ? t('provisional') : ''),
            lost: lost.length
              ? t('submitted_lost', { list: lostText + (lost.length > 6 ? t('list_more', { n: lost.length }) : '') })
              : t('submitted_nolost'),
          }),
        ),
      );
      enqueue.emit({ type: 'submit', revision, total: report.total });
      enqueue.assign({
        form: { ...ctl, ...settledPatch, revision, dirty: false, editing: false, returned: undefined },
      });
    }),
    noChange: act(({ context, enqueue }) =>
      enqueue.emit(say(t('submit_unchanged', { revision: F(context).revision }))),
    ),
    retryReport: act(({ context, enqueue }) => {
      const revision = F(context).revision;
      enqueue.emit(say(t('report_retry', { revision })));
      enqueue.emit({ type: 'render', revision });
    }),
    afterSubmitSay: act(({ context, event, enqueue }) => enqueue.emit(say(submittedLine(context, event)))),
    reopen: act(({ context, event, enqueue }) => {
      if (event.type !== 'REOPEN') return;
      const ctl = F(context);
      enqueue.assign({
        form: {
          ...ctl,
          ...settledPatch,
          dirty: true,
          editing: false,
          returned: { items: event.items, comment: event.comment },
        },
      });
    }),
    // 退回 while the person is elsewhere in the form (looking at an item, paused, at a check question): their place
    // stays; the form is changed after submission and the review names what to fix. A pause meant to return to
    // the submitted form returns to the review instead.
    markReturned: act(({ context, event, enqueue }) => {
      if (event.type !== 'REOPEN') return;
      const ctl = F(context);
      enqueue.assign({
        form: {
          ...ctl,
          dirty: true,
          returned: { items: event.items, comment: event.comment },
          resumeTo: ctl.resumeTo === 'submitted' ? 'review' : ctl.resumeTo,
        },
      });
    }),
    suggestUnavailable: act(({ enqueue }) => enqueue.emit(say(t('suggest_unavailable')))),
    tooLong: act(({ enqueue }) => enqueue.emit(say(t('message_too_long', { limit: INBOUND_LIMIT })))),
    rebuiltSay: act(({ context, event, enqueue }) => {
      const view = V(event);
      enqueue.emit({ type: 'audit', itemId: '*', kind: 'snapshot_lost', text: view.rebuilt ?? '' });
      const shown = promptOf(view.state, context, event);
      enqueue.emit(say(t('control_rebuilt')));
      enqueue.emit(say(shown.text, shown.choices));
    }),
  },
}).createMachine({
  id: 'conversation',
  context: ({ input }) => input,
  initial: 'menu',
  states: {
    // No form open: choosing one, or coming back to one. Every message gets the menu question, never silence.
    menu: {
      on: {
        '*': [
          gone,
          { guard: 'noForms', actions: { type: 'showMenu', params: { greet: true } } },
          { guard: 'newcomer', actions: { type: 'showMenu', params: { greet: true } } },
          { actions: 'menuReask' },
        ],
        TEXT: [
          gone,
          ...enterTargets,
          { guard: 'menuMatches', actions: 'showMatches' },
          { guard: 'menuOutOfRange', actions: 'unknownChoice' },
          { guard: 'newcomer', actions: { type: 'showMenu', params: { greet: true } } },
          { actions: 'menuReask' },
        ],
        CONTINUE: [gone, ...enterTargets, { actions: { type: 'showMenu', params: {} } }],
        GREET: [gone, ...enterTargets, { actions: { type: 'showMenu', params: { greet: true } } }],
        SWITCH: [gone, { actions: { type: 'showMenu', params: {} } }],
        PREVIEW: [
          gone,
          { guard: 'nextPage', actions: { type: 'showMenu', params: { page: 'next' } } },
          { actions: { type: 'showMenu', params: {} } },
        ],
        HELP: [gone, { actions: 'menuHelp' }],
        TOO_LONG: { actions: 'tooLong' },
      },
    },
    form: {
      on: {
        HELP: { actions: { type: 'help', params: { state: 'asking' } } },
        PROGRESS: { actions: 'progress' },
        PREVIEW: { actions: 'preview' },
        BACK: { target: '.asking', actions: { type: 'goBack', params: { inItem: false } } },
        EDIT: [
          {
            guard: and(['editReason', 'editFound', 'reasonOwed']),
            target: '.reason',
            actions: { type: 'editReasonPrompt', params: { fromReview: false } },
          },
          { guard: and(['editReason', 'editFound']), actions: { type: 'reasonNotOwed', params: { state: 'asking' } } },
          { guard: 'editFound', target: '.asking', actions: { type: 'showEdit', params: { fromReview: false } } },
          { actions: 'editNotFound' },
        ],
        SKIP: { actions: { type: 'reprompt', params: { state: 'asking' } } },
        SUBMIT: [
          { guard: 'unchanged', target: '.submitted', actions: 'noChange' },
          { guard: 'isComplete', target: '.submitted', actions: 'submit' },
          { target: '.review', actions: 'showReview' },
        ],
        RESTART: { target: '.confirmRestart', actions: 'confirmRestartAsk' },
        PAUSE: { target: '.paused', actions: 'pauseSay' },
        SWITCH: { target: 'menu', actions: ['leaveForm', { type: 'showMenu', params: {} }] },
        TOO_LONG: { actions: 'tooLong' },
        DRAFT: { actions: ['suggestUnavailable', { type: 'reprompt', params: { state: 'asking' } }] },
        REBUILT: { actions: 'rebuiltSay' },
        REOPEN: { actions: 'markReturned' },
        // Anything a state does not expect: its question again, never silence and never a lost place.
        '*': STATES.map((s) => ({ guard: stateIn({ form: s }), actions: { type: 'reprompt', params: { state: s } } })),
      },
      initial: 'asking',
      states: {
        asking: {
          on: {
            TEXT: [
              ...explainFirst('asking'),
              { guard: 'answerInvalid', actions: 'refuse' },
              { guard: 'needsCheck', target: 'checking', actions: 'askCheck' },
              { guard: 'needsManualScore', target: 'manual', actions: ['record', 'askManual'] },
              { guard: 'fallsShort', target: 'reason', actions: ['record', 'askReason'] },
              ...settle(['record']),
            ],
            SKIP: [{ guard: not('canSkip'), actions: 'cannotSkip' }, ...settle(['skipItem'])],
            RESTART: {
              target: 'confirmRestart',
              actions: [{ type: 'remember', params: { state: 'asking' } }, 'confirmRestartAsk'],
            },
            PAUSE: { target: 'paused', actions: [{ type: 'remember', params: { state: 'asking' } }, 'pauseSay'] },
          },
        },
        reason: {
          on: {
            TEXT: [
              ...settle(['keepReason'], reasonIs('keep')),
              ...settle([{ type: 'recordReason', params: { from: 'text' } }], reasonIs('accept')),
              ...settle([{ type: 'recordReason', params: { from: 'text' } }], reasonIs('picks')),
              { guard: reasonIs('refuse'), actions: 'refuseReason' },
              { guard: reasonIs('yesno'), actions: 'reasonYesNo' },
              ...explainFirst('reason').map((x) => ({ ...x, guard: and([reasonIs('question'), x.guard]) })),
              { guard: reasonIs('question'), actions: 'reasonQuestionKept' },
              { guard: reasonIs('number'), target: 'checking', actions: 'askCheckCorrection' },
              { guard: reasonIs('short'), target: 'checking', actions: 'askCheckReason' },
              ...settle([{ type: 'recordReason', params: { from: 'text' } }], reasonIs('ok')),
            ],
            SKIP: settle(['skipReason']),
            DRAFT: { target: 'drafting' },
            BACK: { target: 'asking', actions: { type: 'goBack', params: { inItem: true } } },
            HELP: { actions: { type: 'help', params: { state: 'reason' } } },
            CONTINUE: { actions: { type: 'reprompt', params: { state: 'reason' } } },
            GREET: { actions: { type: 'reprompt', params: { state: 'reason' } } },
            EDIT: editIn('reason'),
            RESTART: {
              target: 'confirmRestart',
              actions: [{ type: 'remember', params: { state: 'reason' } }, 'confirmRestartAsk'],
            },
            PAUSE: { target: 'paused', actions: [{ type: 'remember', params: { state: 'reason' } }, 'pauseSay'] },
          },
        },
        // A draft is being written (the model, or none: then the figures draft). Never stored: the engine
        // runs the actor before the turn's transaction, so the saved state is reason again.
        drafting: {
          invoke: {
            id: 'draft',
            src: 'draftReason',
            input: ({ context, event }) => ({ item: pendingItem(context, event)!, flow: V(event).flow }),
            onDone: { target: 'reason', actions: 'offerDraft' },
            onError: { target: 'reason', actions: 'offerDraft' },
          },
        },
        // A model is placing a score question; the reply goes back where the person was.
        placing: {
          invoke: {
            id: 'place',
            src: 'placeQuestion',
            input: ({ context, event }) => {
              const flow = V(event).flow;
              const ctl = F(context);
              return {
                text: textOf(event),
                report: reportOf(context, event),
                flow,
                currentId: navOf(flow, ctl, (ctl.resumeTo ?? 'other') as 'asking').currentId,
              };
            },
            onDone: resumeTargets('sayPlaced'),
            onError: resumeTargets('sayPlaced'),
          },
        },
        manual: {
          on: {
            TEXT: [
              ...explainFirst('manual'),
              { guard: not('validManualScore'), actions: 'refuseManual' },
              { guard: 'manualFallsShort', target: 'reason', actions: ['recordManual', 'askReason'] },
              ...settle(['recordManual']),
            ],
            SKIP: settle(['skipReason']),
            BACK: { target: 'asking', actions: { type: 'goBack', params: { inItem: true } } },
            CONTINUE: { actions: { type: 'reprompt', params: { state: 'manual' } } },
            GREET: { actions: { type: 'reprompt', params: { state: 'manual' } } },
            EDIT: editIn('manual'),
            RESTART: {
              target: 'confirmRestart',
              actions: [{ type: 'remember', params: { state: 'manual' } }, 'confirmRestartAsk'],
            },
            PAUSE: { target: 'paused', actions: [{ type: 'remember', params: { state: 'manual' } }, 'pauseSay'] },
          },
        },
        // A check question is pending: yes records it, no goes back to the question, anything else is the
        // corrected answer (or reason). Commands that only look (帮助, 进度, 预览) leave it pending.
        checking: {
          on: {
            TEXT: [
              ...settle(
                [{ type: 'recordReason', params: { from: 'check' } }],
                and(['checkIsYesNo', 'isYes', checkIs('reason')]),
              ),
              { guard: and(['checkIsYesNo', 'isYes']), target: 'asking', actions: ['raiseChecked', 'clearCheck'] },
              { guard: and(['isYes', not('checkIsYesNo')]), actions: 'checkChoose' },
              {
                guard: and(['isNo', checkIs('answer')]),
                target: 'asking',
                actions: ['clearCheck', { type: 'reprompt', params: { state: 'asking' } }],
              },
              {
                guard: 'isNo',
                target: 'reason',
                actions: ['clearCheck', { type: 'reprompt', params: { state: 'reason' } }],
              },
              { guard: checkIs('answer'), target: 'asking', actions: ['clearCheck', 'raiseAgain'] },
              { target: 'reason', actions: ['clearCheck', 'raiseAgain'] },
            ],
            SUBMIT: [
              ...settle(
                [{ type: 'recordReason', params: { from: 'check' } }],
                and(['checkIsYesNo', checkIs('reason')]),
              ),
              { guard: 'checkIsYesNo', target: 'asking', actions: ['raiseChecked', 'clearCheck'] },
              { actions: 'checkChoose' },
            ],
            SKIP: [
              { guard: checkIs('answer'), target: 'asking', actions: ['clearCheck', 'raiseAgain'] },
              { target: 'reason', actions: ['clearCheck', 'raiseAgain'] },
            ],
            BACK: { target: 'asking', actions: ['clearCheck', { type: 'goBack', params: { inItem: true } }] },
            EDIT: editIn('checking'),
            HELP: { actions: [{ type: 'help', params: { state: 'checking' } }, 'remindCheck'] },
            PROGRESS: { actions: ['progress', 'remindCheck'] },
            PREVIEW: { actions: ['preview', 'remindCheck'] },
            CONTINUE: { actions: 'remindCheck' },
            GREET: { actions: 'remindCheck' },
            DRAFT: { actions: 'remindCheck' },
            RESTART: {
              target: 'confirmRestart',
              actions: [{ type: 'remember', params: { state: 'checking' } }, 'confirmRestartAsk'],
            },
            PAUSE: { target: 'paused', actions: [{ type: 'remember', params: { state: 'checking' } }, 'pauseSay'] },
          },
        },
        review: {
          on: {
            // Free text at the review is a score question or one short line, not the review again.
            TEXT: [...explainFirst('review'), { actions: 'reviewNudge' }],
            SKIP: { actions: 'showReview' },
            HELP: { actions: { type: 'help', params: { state: 'review' } } },
            CONTINUE: { actions: { type: 'reprompt', params: { state: 'review' } } },
            GREET: { actions: { type: 'reprompt', params: { state: 'review' } } },
            EDIT: editIn('review'),
            RESTART: {
              target: 'confirmRestart',
              actions: [{ type: 'remember', params: { state: 'review' } }, 'confirmRestartAsk'],
            },
            PAUSE: { target: 'paused', actions: [{ type: 'remember', params: { state: 'review' } }, 'pauseSay'] },
            DRAFT: { actions: ['suggestUnavailable', { type: 'reprompt', params: { state: 'review' } }] },
          },
        },
        submitted: {
          on: {
            TEXT: [...explainFirst('submitted'), { actions: 'afterSubmitSay' }],
            SKIP: { actions: 'afterSubmitSay' },
            BACK: { actions: 'afterSubmitSay' },
            HELP: { actions: { type: 'help', params: { state: 'submitted' } } },
            CONTINUE: { actions: 'afterSubmitSay' },
            GREET: { actions: 'afterSubmitSay' },
            EDIT: editIn('submitted'),
            // Submitted and unchanged by construction (a change leaves this state): a failed render is retried.
            SUBMIT: [{ guard: 'reportFailed', actions: 'retryReport' }, { actions: 'noChange' }],
            REOPEN: { target: 'review', actions: ['reopen', 'showReview'] },
            RESTART: {
              target: 'confirmRestart',
              actions: [{ type: 'remember', params: { state: 'submitted' } }, 'confirmRestartAsk'],
            },
            PAUSE: { target: 'paused', actions: [{ type: 'remember', params: { state: 'submitted' } }, 'pauseSay'] },
            DRAFT: { actions: 'afterSubmitSay' },
          },
        },
        confirmRestart: {
          on: {
            TEXT: [{ guard: 'isYes', target: 'asking', actions: 'restart' }, ...resumeTargets('cancelRestartSay')],
            SUBMIT: { target: 'asking', actions: 'restart' },
            SWITCH: { target: '#conversation.menu', actions: ['leaveForm', { type: 'showMenu', params: {} }] },
            TOO_LONG: { actions: 'tooLong' },
            REOPEN: { actions: 'markReturned' },
            '*': resumeTargets('cancelRestartSay'),
          },
        },
        paused: {
          on: {
            CONTINUE: resumeTargets('resumeSay'),
            GREET: resumeTargets('resumeSay'),
            PAUSE: { actions: 'pauseSay' },
            SWITCH: { target: '#conversation.menu', actions: ['leaveForm', { type: 'showMenu', params: {} }] },
            TOO_LONG: { actions: 'tooLong' },
            REOPEN: { actions: 'markReturned' },
            // Anything else: back where the person was, and the message is handled there (nothing typed is lost).
            '*': resumeTargets(['unpause', 'raiseAgain']),
          },
        },
      },
    },
  },
});

/** 修改 inside a state: as at the top, but it knows where the person is and returns there if not owed. */
function editIn(state: StateName): AnyTransition[] {
  const fromReview = state === 'review' || state === 'submitted';
  return [
    {
      guard: and(['editReason', 'editFound', 'reasonOwed']),
      target: 'reason',
      actions: { type: 'editReasonPrompt', params: { fromReview } },
    },
    { guard: and(['editReason', 'editFound']), actions: { type: 'reasonNotOwed', params: { state } } },
    { guard: 'editFound', target: 'asking', actions: { type: 'showEdit', params: { fromReview } } },
    { actions: 'editNotFound' },
  ];
}

/** The form's title as the menu names it (unit and year too). */
function titleForMenu(_e: Ev, flow: Flow): string {
  return titleOf(flow);
}

/** The flow's stated assumptions (the scoring branch names the field `assumptions`). */
function assumptionsOf(flow: Flow): string[] {
  const a = (flow as { assumptions?: unknown }).assumptions;
  return Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
}

// ---------- explanations ----------

const explainMemo = new Recent<{ kind: string; text: string } | null>();
/**
 * The reply to a score question, or null when the text is not one. At the reason prompt only a message
 * that reads as a question is asked about (a reason that says 解释 is a reason).
 */
function explanation(
  c: Ctx,
  e: Ev,
  state: 'asking' | 'reason' | 'manual' | 'other',
): { kind: string; text: string } | null {
  const explainer = e.w.explainer;
  if (!explainer || e.type !== 'TEXT' || e.confirmed) return null;
  const text = e.text;
  if (state !== 'reason' && !detectExplainIntent(text)) return null;
  return memo(explainMemo, e, c, () => {
    const flow = V(e).flow;
    return explainer(text, () => reportOf(c, e), flow, navOf(flow, F(c), state));
  });
}

function placedFallback(c: Ctx, e: Ev, state: StateName): string {
  const r = explanation(
    c,
    e,
    state === 'reason' ? 'reason' : state === 'asking' || state === 'manual' ? state : 'other',
  );
  if (state === 'reason') return t('reason_is_question');
  return r?.text ?? t('reason_is_question');
}
