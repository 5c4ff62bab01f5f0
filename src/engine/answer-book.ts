import type { RawAnswers } from '../core/flow/model.js';
import type { AnswerRow } from './ports.js';

/**
 * The answers of one session during one turn: the rows loaded before the turn (all of them), changed rows
 * collected and written once, inside the turn's transaction.
 */
export class AnswerBook {
  private readonly rows = new Map<string, AnswerRow | null>();
  private readonly changed = new Set<string>();
  private cleared = false;

  constructor(rows: AnswerRow[] = []) {
    for (const r of rows) this.rows.set(r.itemId, r);
  }

  get(id: string): AnswerRow | undefined {
    return this.rows.get(id) ?? undefined;
  }

  put(row: AnswerRow): void {
    this.rows.set(row.itemId, row);
    this.changed.add(row.itemId);
  }

  /** 重新填写: every row goes. */
  clear(): void {
    this.rows.clear();
    this.changed.clear();
    this.cleared = true;
  }

  all(): AnswerRow[] {
    return [...this.rows.values()].filter((r): r is AnswerRow => r !== null);
  }

  /** The answers as the scorer reads them. */
  raw(): RawAnswers {
    return toRaw(this.all());
  }

  /** What to write: whether the old rows go first, and the changed rows. */
  changes(): { cleared: boolean; rows: AnswerRow[] } {
    return {
      cleared: this.cleared,
      rows: [...this.changed].map((id) => this.rows.get(id)).filter((r): r is AnswerRow => !!r),
    };
  }
}

/** Rows → the scorer's RawAnswers; `note` and `confirmed` ride along for the scorer that reads them. */
export function toRaw(rows: AnswerRow[]): RawAnswers {
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
