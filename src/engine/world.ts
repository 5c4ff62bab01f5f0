// What one turn decides on: everything loaded before the decision (the person's session, its flow version,
// the answer rows this message needs, the form menu), as plain data. The statechart's guards and actions
// read only this and their context; nothing is read from a database while deciding.
import type { Flow, RawAnswers } from '../core/flow/model.js';
import type { Control, PersonControl, StateName } from './control.js';
import type { ChatExplainer } from './machine.js';
import type { AnswerRow, ReportRow, SessionRow } from './ports.js';

/**
 * A row the turn did not load was read: the loader's guess of what this message needs was short. The
 * engine loads every row of the session and decides again (never a wrong answer, only a slower turn).
 */
export class NotLoaded extends Error {
  constructor(readonly itemId: string) {
    super(`answer row ${itemId} was not loaded for this turn`);
  }
}

/** The answer rows a turn loaded: some items (the ones asked for) or all of the session's. */
export class LoadedRows {
  private readonly map = new Map<string, AnswerRow>();

  constructor(
    rows: readonly AnswerRow[],
    /** Every row of the session is here. */
    readonly complete: boolean,
    /** The items asked for (present or not); ignored when complete. */
    private readonly asked: ReadonlySet<string> = new Set(),
  ) {
    for (const r of rows) this.map.set(r.itemId, r);
  }

  get(id: string): AnswerRow | undefined {
    const r = this.map.get(id);
    if (r || this.complete || this.asked.has(id)) return r;
    throw new NotLoaded(id);
  }

  all(): AnswerRow[] {
    if (!this.complete) throw new NotLoaded('*');
    return [...this.map.values()];
  }
}

/** Reading answer rows during a decision: the loaded ones, as changed so far in this turn. */
export interface Rows {
  get(id: string): AnswerRow | undefined;
  all(): AnswerRow[];
}

/** One session as the turn sees it. `session` is absent for a form the person has never started. */
export interface SessionView {
  session?: SessionRow;
  flow: Flow;
  state: StateName;
  control: Control;
  rows: LoadedRows;
  /** The report row of the current revision (进度 after submission, 确认 after a failed render). */
  report?: ReportRow;
  /** Why the stored control state could not be read (then it was rebuilt from the rows). */
  rebuilt?: string;
}

/** One form in the menu: its number is its place in the list (the same on every page). */
export interface MenuEntry {
  n: number;
  flow: Flow;
  /** How the form is named in lists: unit, year, title, 项目名称. */
  label: string;
  /** The person's latest session of it, if any. */
  session?: Pick<SessionRow, 'status' | 'answered' | 'total' | 'revision'>;
}

/** The form menu as loaded for this message. */
export interface MenuView {
  entries: MenuEntry[];
  /** The person's unfinished form 继续 goes back to. */
  unfinished?: { label: string; answered: number; total: number };
  /** Entries a typed word matches, when it matches more than one. */
  matches?: number[];
  /** A number typed that is no entry. */
  outOfRange?: string;
}

/**
 * Everything a message is decided on. `view` is the session the turn works on: the active one, or — at the
 * form menu — the one the message chose (an existing session to resume, or a fresh one to start).
 */
export interface World {
  at: string;
  user: string;
  view?: SessionView;
  menu?: MenuView;
  /** Never seen before: greet first. */
  newcomer?: boolean;
  /** The active session's form is gone (its flow version cannot be read): its title. */
  gone?: string;
  /** Answers score questions from the trace (pure); null: explanations are off. */
  explainer?: ChatExplainer | null;
}

/** Per-turn scratch of the decision: rows changed so far, so later actions of the same turn read them. */
export interface Scratch {
  rows: Readonly<Record<string, AnswerRow>>;
  cleared: boolean;
}

export const emptyScratch = (): Scratch => ({ rows: {}, cleared: false });

/** The statechart's context: the person's menu state and, inside a form, that session's control state. */
export interface Ctx {
  person: PersonControl;
  form: Control | null;
  /** The session in focus (null: a fresh one this turn starts, or none at the menu). */
  sid: number | null;
  scratch: Scratch;
}

/** The rows of the view in focus, with this turn's changes over them. */
export function rowsOf(ctx: Pick<Ctx, 'scratch'>, view: SessionView): Rows {
  const { rows, cleared } = ctx.scratch;
  return {
    get: (id) => (id in rows ? rows[id] : cleared ? undefined : view.rows.get(id)),
    all: () => {
      const base = cleared ? [] : view.rows.all().filter((r) => !(r.itemId in rows));
      return [...base, ...Object.values(rows)];
    },
  };
}

/** Rows → the scorer's RawAnswers; `note` and `confirmed` ride along for the scorer that reads them. */
export function toRaw(rows: readonly AnswerRow[]): RawAnswers {
  const out: RawAnswers = {};
  for (const r of rows) {
    const entry: Record<string, unknown> = { value: r.value };
    if (r.reason) entry.reason = r.reason;
    if (r.score !== null && r.score !== undefined) entry.score = r.score;
    if (r.note) entry.note = r.note;
    if (r.status === 'confirmed') entry.confirmed = true;
    out[r.itemId] = entry as RawAnswers[string];
  }
  return out;
}
