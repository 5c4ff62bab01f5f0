// One generic interviewer: its states never name a flow's questions (those live in context), so
// editing a flow never invalidates a saved snapshot. Replies and side effects leave through emit().
import { enqueueActions, setup } from 'xstate';
import type { Flow } from '../core/flow/model.js';
import { isYes } from './commands.js';
import {
  answerManualScore,
  answerQuestion,
  answerReason,
  back,
  edit,
  helpText,
  type InterviewContext,
  newContext,
  offerSuggestion,
  previewText,
  progressText,
  promptFor,
  type Route,
  restart,
  skip,
  submit,
  type TurnOutput,
} from './interview.js';
import { t } from './texts.js';

/** Every event carries the flow version the session runs on; the context stores only its id and hash. */
export type InterviewEvent =
  | { type: 'START'; flow: Flow }
  | { type: 'TEXT'; flow: Flow; text: string }
  | { type: 'HELP'; flow: Flow }
  | { type: 'PROGRESS'; flow: Flow }
  | { type: 'BACK'; flow: Flow }
  | { type: 'EDIT'; flow: Flow; target: string }
  | { type: 'SKIP'; flow: Flow }
  | { type: 'PREVIEW'; flow: Flow }
  | { type: 'SUBMIT'; flow: Flow }
  | { type: 'RESTART'; flow: Flow }
  | { type: 'PAUSE'; flow: Flow }
  | { type: 'CONTINUE'; flow: Flow }
  | { type: 'SUGGEST'; flow: Flow; draft: string };

export type InterviewEmitted = { type: 'output'; out: TurnOutput };

type Turn = { ctx: InterviewContext; out: TurnOutput };
type Step = (flow: Flow, ctx: InterviewContext, e: InterviewEvent) => Turn;

const say = (ctx: InterviewContext, ...replies: string[]): Turn => ({ ctx, out: { replies, audit: [] } });

/** Runs a pure turn function: its context becomes the machine's, its output is emitted for the engine. */
// Typed loosely: xstate's action types are per-event, while every step here takes the whole union.
// biome-ignore lint/suspicious/noExplicitAny: see above.
const run = (step: Step): any =>
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  enqueueActions(({ context, event, enqueue }: { context: InterviewContext; event: InterviewEvent; enqueue: any }) => {
    const turn = step(event.flow, context, event);
    enqueue.assign(() => turn.ctx);
    enqueue.emit({ type: 'output', out: turn.out } satisfies InterviewEmitted);
  });

const text = (e: InterviewEvent) => (e.type === 'TEXT' ? e.text : '');

const common = {
  HELP: { actions: run((f, c) => say(c, helpText(f, c))) },
  PROGRESS: { actions: run((f, c) => say(c, progressText(f, c))) },
  PREVIEW: { actions: run((f, c) => say(c, previewText(f, c))) },
  BACK: { target: 'route', actions: run((f, c) => back(f, c)) },
  EDIT: { target: 'route', actions: run((f, c, e) => edit(f, c, e.type === 'EDIT' ? e.target : '')) },
  SKIP: { target: 'route', actions: run((f, c) => skip(f, c)) },
  SUBMIT: { target: 'route', actions: run((f, c) => submit(f, c)) },
  CONTINUE: { actions: run((f, c) => say(c, promptFor(f, c))) },
  RESTART: {
    target: 'confirmRestart',
    actions: run((_f, c) => say({ ...c, resumeTo: c.route }, t('confirm_restart'))),
  },
  PAUSE: { target: 'paused', actions: run((_f, c) => say({ ...c, resumeTo: c.route, route: 'paused' }, t('paused'))) },
} as const;

const routeTo = (route: Route) => ({ guard: ({ context }: { context: InterviewContext }) => context.route === route });

export const interviewer = setup({
  types: {
    context: {} as InterviewContext,
    events: {} as InterviewEvent,
    input: {} as { flow: Flow },
    emitted: {} as InterviewEmitted,
  },
}).createMachine({
  id: 'interviewer',
  context: ({ input }) => newContext(input.flow),
  initial: 'route',
  states: {
    // Transient: goes wherever the last turn decided (context.route).
    route: {
      always: [
        { ...routeTo('reason'), target: 'reason' },
        { ...routeTo('manual'), target: 'manual' },
        { ...routeTo('review'), target: 'review' },
        { ...routeTo('submitted'), target: 'submitted' },
        { ...routeTo('paused'), target: 'paused' },
        { target: 'asking' },
      ],
    },
    asking: {
      on: {
        ...common,
        START: { actions: run((f, c) => say(c, promptFor(f, c, 'ask'))) },
        TEXT: { target: 'route', actions: run((f, c, e) => answerQuestion(f, c, text(e))) },
      },
    },
    reason: {
      on: {
        ...common,
        TEXT: { target: 'route', actions: run((f, c, e) => answerReason(f, c, text(e))) },
        SUGGEST: { actions: run((f, c, e) => offerSuggestion(f, c, e.type === 'SUGGEST' ? e.draft : '')) },
      },
    },
    manual: {
      on: { ...common, TEXT: { target: 'route', actions: run((f, c, e) => answerManualScore(f, c, text(e))) } },
    },
    review: {
      on: {
        ...common,
        // Free text in the review is neither an answer nor a command: show the review again.
        TEXT: { actions: run((f, c) => say(c, promptFor(f, c, 'review'))) },
      },
    },
    submitted: {
      on: {
        ...common,
        SKIP: { actions: run((f, c) => say(c, promptFor(f, c, 'submitted'))) },
        BACK: { actions: run((f, c) => say(c, promptFor(f, c, 'submitted'))) },
        TEXT: { actions: run((f, c) => say(c, promptFor(f, c, 'submitted'))) },
      },
    },
    confirmRestart: {
      on: {
        TEXT: [
          { guard: ({ event }) => isYes(text(event)), target: 'route', actions: run((f, c) => restart(f, c)) },
          { target: 'route', actions: run((f, c) => cancelRestart(f, c)) },
        ],
        SUBMIT: { target: 'route', actions: run((f, c) => restart(f, c)) },
        '*': { target: 'route', actions: run((f, c) => cancelRestart(f, c)) },
      },
    },
    paused: {
      on: {
        // Any message ends a pause; the open question is asked again rather than guessed at.
        '*': { target: 'route', actions: run((f, c) => resume(f, c)) },
      },
    },
  },
});

function cancelRestart(flow: Flow, c: InterviewContext): Turn {
  const ctx = { ...c, route: c.resumeTo ?? 'ask', resumeTo: undefined };
  return say(ctx, t('restart_cancelled'), promptFor(flow, ctx));
}

function resume(flow: Flow, c: InterviewContext): Turn {
  const ctx = { ...c, route: c.resumeTo ?? 'ask', resumeTo: undefined };
  return say(ctx, t('resumed', { title: flow.title }), promptFor(flow, ctx));
}
