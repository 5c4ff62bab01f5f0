// The interviewer as a statechart: named states, named guards that read the facts of the message
// (answer-facts.ts), named actions that write answer rows and replies. The state lives only in the
// machine's value (persisted as sessions.state); the context is the small control state.
import { and, assign, fromPromise, not, raise, setup } from 'xstate';
import type { Flow } from '../core/flow/model.js';
import { formatScore } from '../core/scoring/round.js';
import { scoreFlow } from '../core/scoring/score-flow.js';
import type { ItemScore, ScoreReport } from '../core/types.js';
import type { AnswerBook } from './answer-book.js';
import {
  type AnswerFacts,
  editList,
  findEditTarget,
  judgeAnswer,
  judgeReason,
  nextOpen,
  type ReasonFacts,
  type ReasonKind,
} from './answer-facts.js';
import { isNo, isYes } from './commands.js';
import { type Control, STATES, type StateName } from './control.js';
import type { AnswerRow } from './ports.js';
import { excerpt, fieldExample, formTitle, helpText, manualQuestion, questionText, reasonQuestion } from './prompts.js';
import { canSkip, numberOf, questionsOf } from './questions.js';
import { missingOf, previewText, progressCounts, progressText, reviewText } from './review.js';
import { t } from './texts.js';

export interface AuditEntry {
  itemId: string;
  kind: 'value' | 'reason' | 'score' | 'restart';
  text: string;
}

/** What a turn asks of the engine besides the new control state: replies, the audit trail, a report. */
export interface TurnOutput {
  replies: string[];
  audit: AuditEntry[];
  /** A revision to render: new, or a failed one to render again. */
  submitRevision?: number;
}

/** Everything a turn works with, carried by its event: the flow version, the session's answers, the output. */
export interface TurnIO {
  flow: Flow;
  book: AnswerBook;
  /** The state the turn started in (帮助 and 继续 speak about it). */
  state: StateName;
  at: string;
  out: TurnOutput;
  /** The total of the submitted revision, for 进度 after submission. */
  submittedTotal?: () => number | null | undefined;
  /** Whether the report of the current revision failed to render (then 确认 renders it again). */
  reportFailed?: () => boolean;
  /** Memo of the whole-form score for this turn. */
  report?: ScoreReport;
}

type Base = { io: TurnIO };
export type InterviewEvent = Base &
  (
    | { type: 'ANSWER'; text: string; confirmed?: boolean }
    | { type: 'HELP' }
    | { type: 'PROGRESS' }
    | { type: 'PREVIEW'; page?: number | 'next' }
    | { type: 'BACK' }
    | { type: 'EDIT'; target: string; part?: 'reason' }
    | { type: 'SKIP' }
    | { type: 'SUBMIT' }
    | { type: 'RESTART' }
    | { type: 'PAUSE' }
    | { type: 'CONTINUE' }
    | { type: 'DRAFT'; item: ItemScore }
  );

type Ev = InterviewEvent;
type Args = { context: Control; event: Ev };

const say = (e: Ev, ...lines: string[]) => e.io.out.replies.push(...lines.filter(Boolean));
const textOf = (e: Ev) => (e.type === 'ANSWER' ? e.text : '');

// Facts are computed once per event object (a raised event is a new one).
const answerMemo = new WeakMap<object, AnswerFacts>();
const reasonMemo = new WeakMap<object, ReasonFacts>();
function facts({ context, event }: Args): AnswerFacts {
  let f = answerMemo.get(event);
  if (!f) {
    const confirmed = event.type === 'ANSWER' && event.confirmed === true;
    f = judgeAnswer(event.io.flow, context, event.io.book, textOf(event), event.io.at, confirmed);
    answerMemo.set(event, f);
  }
  return f;
}
function reasonFacts({ context, event }: Args): ReasonFacts {
  let f = reasonMemo.get(event);
  if (!f) {
    f = judgeReason(event.io.flow, context, event.io.book, textOf(event));
    reasonMemo.set(event, f);
  }
  return f;
}

function reportOf(io: TurnIO): ScoreReport {
  io.report ??= scoreFlow(io.flow, io.book.raw());
  return io.report;
}
function rowMap(io: TurnIO): Map<string, AnswerRow> {
  return new Map(io.book.all().map((r) => [r.itemId, r]));
}

function put(io: TurnIO, id: string, patch: Partial<AnswerRow>): AnswerRow {
  const prev = io.book.get(id);
  const row: AnswerRow = {
    itemId: id,
    value: '',
    note: null,
    reason: null,
    score: null,
    status: 'answered',
    ...prev,
    ...patch,
    updatedAt: io.at,
  };
  io.book.put(row);
  io.report = undefined;
  return row;
}

function invalidText(ctx: Control, io: TurnIO, reason: string, example: string): string {
  let text = t('invalid', { reason, example });
  const q = questionsOf(io.flow)[ctx.cursor];
  if (ctx.failures + 1 >= 3) text += `\n${t('invalid_hint', { skip: q && canSkip(q) ? t('invalid_hint_skip') : '' })}`;
  return text;
}

/** The prompt of a state, for 继续, pauses and returns. */
export function promptOf(state: StateName, ctx: Control, io: TurnIO): string {
  const flow = io.flow;
  switch (state) {
    case 'reason':
      return reasonQuestion(flow, ctx.pending!, io.book.get(ctx.pending!));
    case 'manual': {
      const item = reportOf(io).items.find((i) => i.id === ctx.pending);
      return item ? manualQuestion(flow, item) : questionText(flow, ctx);
    }
    case 'review':
      return reviewText(flow, reportOf(io), rowMap(io));
    case 'submitted':
      return submittedLine(ctx, io);
    case 'confirmAnswer':
    case 'confirmReason':
      return t('confirm_pending', { value: excerpt(ctx.confirm?.value ?? '', 40) });
    default: {
      const q = questionsOf(flow)[ctx.cursor];
      return q ? questionText(flow, ctx, io.book.get(q.id)) : reviewText(flow, reportOf(io), rowMap(io));
    }
  }
}

function submittedLine(ctx: Control, io: TurnIO): string {
  const total = io.submittedTotal?.();
  return t('after_submit', {
    title: formTitle(io.flow),
    revision: ctx.revision,
    score: total === null || total === undefined ? '' : t('after_submit_score', { total: formatScore(total) }),
  });
}

const settledPatch = { pending: undefined, failures: 0, suggestion: undefined, confirm: undefined };

/** After an item is settled: back to the review when editing or nothing is open after it, else the next open question. */
// Typed loosely: these transition lists are spliced into several states whose event types differ.
// biome-ignore lint/suspicious/noExplicitAny: see above.
const settle = (actions: string[], guard?: unknown): any[] => {
  const g = (x: string) => (guard ? and([guard as never, x]) : x);
  return [
    { guard: g('cameFromReview'), target: 'review', actions: [...actions, 'showReview'] },
    { guard: g('isLast'), target: 'review', actions: [...actions, 'showReview'] },
    { ...(guard ? { guard: guard as never } : {}), target: 'asking', reenter: true, actions: [...actions, 'askNext'] },
  ];
};
const fromReason = { type: 'confirmFrom', params: { from: 'reason' } } as const;
const reasonIs = (kind: ReasonKind) => ({ type: 'reasonIs', params: { kind } }) as const;

/** Where a pause or a cancelled restart returns to. */
// biome-ignore lint/suspicious/noExplicitAny: as settle().
const resumeTargets = (action: string): any[] => [
  ...STATES.filter((s) => s !== 'paused' && s !== 'confirmRestart').map((s) => ({
    guard: { type: 'resumeIs' as const, params: { state: s } },
    target: s,
    actions: action,
  })),
  { target: 'asking', actions: action },
];

export const interviewer = setup({
  types: {
    context: {} as Control,
    events: {} as InterviewEvent,
    input: {} as Control,
  },
  actors: {
    /** Drafts a 偏差原因 (an LLM or a template); the engine provides the real one, with the io to reply on. */
    draftReason: fromPromise<{ draft: string; io: TurnIO }, { item: ItemScore; io: TurnIO }>(async ({ input }) => {
      throw Object.assign(new Error('no drafter'), { io: input.io });
    }),
  },
  guards: {
    answerInvalid: (a) => !facts(a).ok,
    needsConfirm: (a) => a.event.type === 'ANSWER' && !a.event.confirmed && facts(a).confirm !== undefined,
    needsManualScore: (a) => facts(a).manual,
    fallsShort: (a) => facts(a).reasonFor !== undefined,
    cameFromReview: ({ context }) => context.editing,
    isLast: ({ context, event }) => nextOpen(event.io.flow, context, event.io.book) === undefined,
    canSkip: ({ context, event }) => {
      const q = questionsOf(event.io.flow)[context.cursor];
      return !q || canSkip(q);
    },
    isYes: ({ event }) => isYes(textOf(event)),
    isNo: ({ event }) => isNo(textOf(event)),
    reasonIs: (a, p: { kind: ReasonKind }) => reasonFacts(a).kind === p.kind,
    validManualScore: ({ context, event }) => manualScore(event.io.flow, context, textOf(event)) !== undefined,
    manualFallsShort: ({ context, event }) => {
      const n = manualScore(event.io.flow, context, textOf(event));
      const ind = event.io.flow.indicators.find((i) => i.id === context.pending);
      return n !== undefined && !!ind && n < ind.weight - 1e-9;
    },
    confirmFrom: ({ context }, p: { from: 'asking' | 'reason' }) => context.confirm?.from === p.from,
    resumeIs: ({ context }, p: { state: StateName }) => context.resumeTo === p.state,
    editReason: ({ event }) => {
      if (event.type !== 'EDIT' || event.part !== 'reason') return false;
      const found = findEditTarget(event.io.flow, event.target);
      return found.kind === 'question' || found.kind === 'derived';
    },
    editFound: ({ event }) => {
      if (event.type !== 'EDIT') return false;
      const k = findEditTarget(event.io.flow, event.target).kind;
      return k === 'question' || k === 'derived';
    },
    isComplete: ({ event }) => {
      const io = event.io;
      const m = reviewMissing(io);
      return !m;
    },
    unchanged: ({ context }) => context.revision > 0 && !context.dirty,
    reportFailed: ({ event }) => event.io.reportFailed?.() ?? false,
  },
  actions: {
    refuse: assign(({ context, event }) => {
      const f = facts({ context, event });
      say(event, invalidText(context, event.io, f.refusal?.reason ?? '', f.refusal?.example ?? ''));
      return { failures: context.failures + 1 };
    }),
    askConfirm: assign(({ context, event }) => {
      const f = facts({ context, event });
      say(event, t('confirm_answer', { question: f.confirm ?? '' }));
      return { confirm: { value: f.value, note: f.note, from: 'asking' as const } };
    }),
    record: assign(({ context, event }) => {
      const io = event.io;
      const f = facts({ context, event });
      const q = questionsOf(io.flow)[context.cursor];
      const prev = io.book.get(q.id);
      put(io, q.id, {
        value: f.value,
        note: f.note ?? null,
        score: null,
        status: f.confirmed ? 'confirmed' : 'answered',
      });
      io.out.audit.push({ itemId: q.id, kind: 'value', text: f.value });
      // What was typed is echoed as an excerpt: a long text answer is kept whole but shown shortened.
      if (q.kind === 'field') say(event, t('recorded_field', { label: q.field.label, value: excerpt(f.display, 40) }));
      else if (!f.manual)
        say(
          event,
          t('recorded_item', {
            value: excerpt(f.display, 40),
            score: formatScore(f.item?.score ?? 0),
            max: formatScore(f.item?.max ?? 0),
          }),
        );
      for (const d of f.derived) {
        if (d.status === 'scored')
          say(
            event,
            t('derived', {
              name: d.name,
              n: numberOf(io.flow, d.id) ?? '',
              value: d.display ?? '',
              score: formatScore(d.score!),
              max: formatScore(d.max),
            }),
          );
        else if (d.status === 'unanswered' && !/需要先填写/.test(d.explanation))
          say(event, t('derived_pending', { name: d.name, reason: d.explanation.replace(/^由公式计算，/, '') }));
      }
      const wasDone = !!prev && prev.value.trim() !== '';
      const changed = !prev || prev.value !== f.value || prev.score !== null;
      return {
        answered: context.answered + (wasDone ? 0 : 1),
        dirty: context.dirty || changed,
        reached: Math.max(context.reached, context.cursor),
        ...settledPatch,
      };
    }),
    askManual: assign(({ context, event }) => {
      const f = facts({ context, event });
      say(event, manualQuestion(event.io.flow, f.item!));
      return { pending: f.item!.id, failures: 0 };
    }),
    askReason: assign(({ context, event }) => {
      const id =
        event.type === 'ANSWER' && context.pending === undefined
          ? facts({ context, event }).reasonFor!
          : context.pending!;
      say(event, reasonQuestion(event.io.flow, id, event.io.book.get(id)));
      return { pending: id, failures: 0 };
    }),
    askNext: assign(({ context, event }) => {
      const io = event.io;
      const cursor = nextOpen(io.flow, context, io.book) ?? context.cursor;
      const next = { ...context, ...settledPatch, cursor, reached: Math.max(context.reached, cursor), editing: false };
      say(event, questionText(io.flow, next, io.book.get(questionsOf(io.flow)[cursor]?.id ?? '')));
      return next;
    }),
    showReview: assign(({ context, event }) => {
      const io = event.io;
      say(event, reviewText(io.flow, reportOf(io), rowMap(io)));
      const n = questionsOf(io.flow).length;
      return { ...settledPatch, editing: false, cursor: context.editing ? context.cursor : n, reached: n };
    }),
    reviewNudge: ({ event }) => say(event, t('review_nudge')),
    skipItem: assign(({ context, event }) => {
      const io = event.io;
      const q = questionsOf(io.flow)[context.cursor];
      const row = q && io.book.get(q.id);
      // 下一题 on an answered item moves on without calling it skipped.
      if (q && !(row && row.value.trim() !== '')) {
        if (!row) put(io, q.id, { status: 'skipped' });
        say(event, t('skipped', { n: numberOf(io.flow, q.id) ?? '' }));
        // A field with a default counts as filled once passed (its default stands).
        if (!row && q.kind === 'field' && q.field.default !== undefined) return { answered: context.answered + 1 };
      }
      return {};
    }),
    cannotSkip: ({ context, event }) => {
      const q = questionsOf(event.io.flow)[context.cursor];
      const example = q?.kind === 'field' ? fieldExample(q.field, event.io.flow) : '';
      say(event, t('cannot_skip', { example }));
    },
    // An assignment (changing nothing) so that its line comes before the next question's.
    skipReason: assign(({ context, event }) => {
      say(event, t('skipped', { n: numberOf(event.io.flow, context.pending ?? '') ?? '' }));
      return {};
    }),
    goBack: assign(({ context, event }) => {
      const io = event.io;
      const inItem = io.state === 'reason' || io.state === 'manual' || io.state.startsWith('confirm');
      if (!inItem && context.cursor === 0) {
        say(event, t('back_first'), questionText(io.flow, context, io.book.get(questionsOf(io.flow)[0].id)));
        return { ...settledPatch };
      }
      const cursor = inItem ? context.cursor : Math.min(context.cursor, questionsOf(io.flow).length) - 1;
      const next = { ...context, ...settledPatch, cursor, editing: false };
      say(event, questionText(io.flow, next, io.book.get(questionsOf(io.flow)[cursor].id)));
      return next;
    }),
    showEdit: assign(({ context, event }) => {
      if (event.type !== 'EDIT') return {};
      const io = event.io;
      const found = findEditTarget(io.flow, event.target);
      if (found.kind !== 'question' && found.kind !== 'derived') return {};
      const fromReview = io.state === 'review' || io.state === 'submitted' || context.editing;
      const next = {
        ...context,
        ...settledPatch,
        cursor: found.index,
        reached: Math.max(context.reached, found.index),
        editing: fromReview,
      };
      if (found.kind === 'derived')
        say(event, t('edit_derived', { name: found.ind.name, n: numberOf(io.flow, found.ind.id) ?? '' }));
      say(event, questionText(io.flow, next, io.book.get(questionsOf(io.flow)[found.index].id)));
      return next;
    }),
    editReasonPrompt: assign(({ context, event }) => {
      if (event.type !== 'EDIT') return {};
      const io = event.io;
      const found = findEditTarget(io.flow, event.target);
      const id =
        found.kind === 'derived' ? found.ind.id : found.kind === 'question' ? questionsOf(io.flow)[found.index].id : '';
      const isIndicator = io.flow.indicators.some((i) => i.id === id);
      if (!isIndicator) {
        say(event, t('edit_reason_field'));
        return {};
      }
      const fromReview = io.state === 'review' || io.state === 'submitted' || context.editing;
      say(event, reasonQuestion(io.flow, id, io.book.get(id)));
      return {
        ...settledPatch,
        pending: id,
        cursor: found.kind === 'question' ? found.index : context.cursor,
        editing: fromReview,
      };
    }),
    editNotFound: ({ event }) => {
      if (event.type !== 'EDIT') return;
      const found = findEditTarget(event.io.flow, event.target);
      if (found.kind === 'many')
        say(
          event,
          t('edit_ambiguous', {
            target: excerpt(event.target),
            list: editList(event.io.flow, found.ids),
            example: numberOf(event.io.flow, found.ids[0]) ?? 1,
          }),
        );
      else say(event, t('edit_unknown', { target: excerpt(event.target) }));
    },
    recordReason: assign(({ context, event }) => {
      const io = event.io;
      const text =
        context.confirm?.value && io.state === 'confirmReason'
          ? context.confirm.value
          : reasonFacts({ context, event }).text;
      const prev = io.book.get(context.pending!)?.reason;
      put(io, context.pending!, { reason: text });
      io.out.audit.push({ itemId: context.pending!, kind: 'reason', text });
      say(event, t('reason_recorded'));
      return { ...settledPatch, dirty: context.dirty || prev !== text };
    }),
    keepReason: assign(({ event }) => {
      say(event, t('reason_kept'));
      return { ...settledPatch };
    }),
    refuseReason: assign(({ context, event }) => {
      const f = reasonFacts({ context, event });
      say(event, t('invalid', { reason: f.refusal ?? t('suggestion_blanks'), example: t('reason_example') }));
      return { failures: context.failures + 1 };
    }),
    refuseBlanks: ({ context, event }) =>
      say(
        event,
        t('invalid', {
          reason: t('suggestion_blanks'),
          example: (context.suggestion ?? '').replace(/（请补充）/g, '……'),
        }),
      ),
    reasonQuestionKept: ({ event }) => say(event, t('reason_is_question')),
    askConfirmCorrection: assign(({ context, event }) => {
      const f = reasonFacts({ context, event });
      say(event, t('confirm_correction', { value: excerpt(f.text) }));
      return { confirm: { value: f.text, from: 'reason' as const } };
    }),
    askConfirmReason: assign(({ context, event }) => {
      const f = reasonFacts({ context, event });
      say(event, t('confirm_reason', { value: excerpt(f.text) }));
      return { confirm: { value: f.text, from: 'reason' as const } };
    }),
    offerDraft: assign(({ event }) => {
      const e = event as unknown as { output: { draft: string; io: TurnIO } };
      say({ io: e.output.io } as Ev, t('suggestion', { text: e.output.draft }));
      return { suggestion: e.output.draft };
    }),
    draftFailed: assign(({ event }) => {
      const e = event as unknown as { error?: { io?: TurnIO } };
      if (e.error?.io) say({ io: e.error.io } as Ev, t('draft_failed'));
      return {};
    }),
    recordManual: assign(({ context, event }) => {
      const io = event.io;
      const n = manualScore(io.flow, context, textOf(event))!;
      const ind = io.flow.indicators.find((i) => i.id === context.pending)!;
      put(io, ind.id, { score: n });
      io.out.audit.push({ itemId: ind.id, kind: 'score', text: String(n) });
      say(event, t('manual_score_recorded', { score: formatScore(n), max: formatScore(ind.weight) }));
      return { dirty: true, failures: 0 };
    }),
    refuseManual: assign(({ context, event }) => {
      const ind = event.io.flow.indicators.find((i) => i.id === context.pending);
      const max = formatScore(ind?.weight ?? 0);
      say(event, invalidText(context, event.io, t('manual_range', { max }), formatScore((ind?.weight ?? 0) * 0.8)));
      return { failures: context.failures + 1 };
    }),
    raiseConfirmed: raise(({ context, event }) => ({
      type: 'ANSWER' as const,
      text: context.confirm?.value ?? '',
      confirmed: true,
      io: event.io,
    })),
    raiseAgain: raise(({ event }) => ({ ...event })),
    clearConfirm: assign({ confirm: undefined }),
    repromptQuestion: ({ context, event }) =>
      say(
        event,
        questionText(event.io.flow, context, event.io.book.get(questionsOf(event.io.flow)[context.cursor]?.id ?? '')),
      ),
    repromptReason: ({ context, event }) =>
      say(event, reasonQuestion(event.io.flow, context.pending!, event.io.book.get(context.pending!))),
    help: ({ context, event }) => say(event, helpText(event.io.flow, context, event.io.state)),
    progress: ({ context, event }) => {
      const io = event.io;
      if (context.revision > 0 && !context.dirty) return say(event, submittedLine(context, io));
      say(event, progressText(progressCounts(io.flow, context, rowMap(io))));
    },
    preview: assign(({ context, event }) => {
      if (event.type !== 'PREVIEW') return {};
      const page = event.page === 'next' ? (context.page ?? 1) + 1 : (event.page ?? 1);
      const shown = previewText(event.io.flow, reportOf(event.io), page);
      say(event, shown.text);
      return { page: Math.min(page, shown.pages) };
    }),
    reprompt: ({ context, event }) => say(event, promptOf(event.io.state, context, event.io)),
    rememberState: assign(({ event }) => ({ resumeTo: event.io.state })),
    confirmRestartAsk: ({ event }) => say(event, t('confirm_restart')),
    pauseSay: ({ event }) => say(event, t('paused')),
    restart: assign(({ context, event }) => {
      const io = event.io;
      io.book.clear();
      io.report = undefined;
      io.out.audit.push({ itemId: '*', kind: 'restart', text: '重新填写' });
      const next: Control = {
        ...context,
        ...settledPatch,
        cursor: 0,
        reached: 0,
        answered: 0,
        editing: false,
        dirty: true,
        resumeTo: undefined,
        page: undefined,
      };
      say(event, t('restarted'), questionText(io.flow, next));
      return next;
    }),
    resumeSay: assign(({ context, event }) => {
      const state = context.resumeTo ?? 'asking';
      say(event, t('resumed', { title: formTitle(event.io.flow) }), promptOf(state, context, event.io));
      return { resumeTo: undefined };
    }),
    cancelRestartSay: assign(({ context, event }) => {
      const state = context.resumeTo ?? 'asking';
      say(event, t('restart_cancelled'), promptOf(state, context, event.io));
      return { resumeTo: undefined };
    }),
    submit: assign(({ context, event }) => {
      const io = event.io;
      const report = reportOf(io);
      const revision = context.revision + 1;
      const lost = report.items.filter((i) => i.status === 'scored' && i.score! < i.max - 1e-9);
      const lostText = lost
        .slice(0, 6)
        .map((i) => `${i.name}（-${formatScore(Math.round((i.max - (i.score ?? 0)) * 100) / 100)}）`)
        .join('、');
      say(
        event,
        t('submitted', {
          title: formTitle(io.flow),
          revision,
          total: formatScore(report.total),
          max: formatScore(report.max),
          grade: report.grade + (report.provisional ? t('provisional') : ''),
          lost: lost.length
            ? t('submitted_lost', { list: lostText + (lost.length > 6 ? t('list_more', { n: lost.length }) : '') })
            : t('submitted_nolost'),
        }),
      );
      io.out.submitRevision = revision;
      return { ...settledPatch, revision, dirty: false, editing: false };
    }),
    noChange: ({ context, event }) => say(event, t('submit_unchanged', { revision: context.revision })),
    retryReport: ({ context, event }) => {
      say(event, t('report_retry', { revision: context.revision }));
      event.io.out.submitRevision = context.revision;
    },
    afterSubmitSay: ({ context, event }) => say(event, submittedLine(context, event.io)),
    suggestUnavailable: ({ event }) => say(event, t('suggest_unavailable')),
  },
}).createMachine({
  id: 'interviewer',
  context: ({ input }) => input,
  initial: 'asking',
  on: {
    HELP: { actions: 'help' },
    PROGRESS: { actions: 'progress' },
    PREVIEW: { actions: 'preview' },
    BACK: { target: '.asking', actions: 'goBack' },
    EDIT: [
      { guard: 'editReason', target: '.reason', actions: 'editReasonPrompt' },
      { guard: and([not('editReason'), 'editFound']), target: '.asking', actions: 'showEdit' },
      { actions: 'editNotFound' },
    ],
    SKIP: { actions: 'reprompt' },
    SUBMIT: [
      { guard: 'unchanged', target: '.submitted', actions: 'noChange' },
      { guard: 'isComplete', target: '.submitted', actions: 'submit' },
      { target: '.review', actions: 'showReview' },
    ],
    RESTART: { target: '.confirmRestart', actions: ['rememberState', 'confirmRestartAsk'] },
    PAUSE: { target: '.paused', actions: ['rememberState', 'pauseSay'] },
    CONTINUE: { actions: 'reprompt' },
    DRAFT: { actions: 'suggestUnavailable' },
  },
  states: {
    asking: {
      on: {
        ANSWER: [
          { guard: 'answerInvalid', actions: 'refuse' },
          { guard: 'needsConfirm', target: 'confirmAnswer', actions: 'askConfirm' },
          { guard: 'needsManualScore', target: 'manual', actions: ['record', 'askManual'] },
          { guard: 'fallsShort', target: 'reason', actions: ['record', 'askReason'] },
          ...settle(['record']),
        ],
        SKIP: [{ guard: not('canSkip'), actions: 'cannotSkip' }, ...settle(['skipItem'])],
      },
    },
    reason: {
      on: {
        ANSWER: [
          ...settle(['keepReason'], reasonIs('keep')),
          ...settle(['recordReason'], reasonIs('accept')),
          { guard: reasonIs('blanks'), actions: 'refuseBlanks' },
          { guard: reasonIs('refuse'), actions: 'refuseReason' },
          { guard: reasonIs('question'), actions: 'reasonQuestionKept' },
          { guard: reasonIs('number'), target: 'confirmAnswer', actions: 'askConfirmCorrection' },
          { guard: reasonIs('short'), target: 'confirmReason', actions: 'askConfirmReason' },
          ...settle(['recordReason'], reasonIs('ok')),
        ],
        SKIP: settle(['skipReason']),
        DRAFT: { target: 'drafting' },
      },
    },
    // A draft is being written (an invoked actor: the LLM or the template). Never persisted: the engine
    // waits for it before the turn's transaction, so the saved state is reason again.
    drafting: {
      invoke: {
        src: 'draftReason',
        input: ({ event }) => ({ item: (event as Extract<Ev, { type: 'DRAFT' }>).item, io: event.io }),
        onDone: { target: 'reason', actions: 'offerDraft' },
        onError: { target: 'reason', actions: 'draftFailed' },
      },
    },
    manual: {
      on: {
        ANSWER: [
          { guard: not('validManualScore'), actions: 'refuseManual' },
          { guard: 'manualFallsShort', target: 'reason', actions: ['recordManual', 'askReason'] },
          ...settle(['recordManual']),
        ],
        SKIP: settle(['skipReason']),
      },
    },
    // A check question asked once: yes records the value; anything else is read as the corrected answer.
    confirmAnswer: {
      on: {
        ANSWER: [
          { guard: 'isYes', target: 'asking', actions: 'raiseConfirmed' },
          { guard: and(['isNo', fromReason]), target: 'reason', actions: ['clearConfirm', 'repromptReason'] },
          { guard: 'isNo', target: 'asking', actions: ['clearConfirm', 'repromptQuestion'] },
          { guard: fromReason, target: 'reason', actions: ['clearConfirm', 'raiseAgain'] },
          { target: 'asking', actions: ['clearConfirm', 'raiseAgain'] },
        ],
        '*': [
          { guard: fromReason, target: 'reason', actions: ['clearConfirm', 'raiseAgain'] },
          { target: 'asking', actions: ['clearConfirm', 'raiseAgain'] },
        ],
      },
    },
    confirmReason: {
      on: {
        ANSWER: [
          ...settle(['recordReason'], 'isYes'),
          { guard: 'isNo', target: 'reason', actions: ['clearConfirm', 'repromptReason'] },
          { target: 'reason', actions: ['clearConfirm', 'raiseAgain'] },
        ],
        '*': { target: 'reason', actions: ['clearConfirm', 'raiseAgain'] },
      },
    },
    review: {
      on: {
        // Free text at the review is neither an answer nor a command: one short line, not the review again.
        ANSWER: { actions: 'reviewNudge' },
        SKIP: { actions: 'showReview' },
      },
    },
    submitted: {
      on: {
        ANSWER: { actions: 'afterSubmitSay' },
        SKIP: { actions: 'afterSubmitSay' },
        BACK: { actions: 'afterSubmitSay' },
        SUBMIT: [{ guard: 'reportFailed', actions: 'retryReport' }, { actions: 'noChange' }],
      },
    },
    confirmRestart: {
      on: {
        ANSWER: [{ guard: 'isYes', target: 'asking', actions: 'restart' }, ...resumeTargets('cancelRestartSay')],
        SUBMIT: { target: 'asking', actions: 'restart' },
        '*': resumeTargets('cancelRestartSay'),
      },
    },
    paused: {
      // Any message ends a pause; the open question is asked again rather than guessed at.
      on: { '*': resumeTargets('resumeSay') },
    },
  },
});

function manualScore(flow: Flow, ctx: Control, text: string): number | undefined {
  const ind = flow.indicators.find((i) => i.id === ctx.pending);
  const n = Number(text.normalize('NFKC').replace(/分$/, '').trim());
  if (!ind || text.trim() === '' || !Number.isFinite(n) || n < 0 || n > ind.weight + 1e-9) return undefined;
  return n;
}

function reviewMissing(io: TurnIO): boolean {
  const m = missingOf(io.flow, reportOf(io), rowMap(io));
  return m.answers.length > 0 || m.reasons.length > 0;
}
