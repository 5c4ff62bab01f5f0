import type { Offset } from './offsets.js';
import type { QuietHours } from './quiet.js';

/** A form assigned to people with a deadline. Times are UTC instants; `tz` is how people read them. */
export interface Campaign {
  id: number;
  flowId: string;
  title: string;
  deadline: Date;
  tz: string;
  offsets: Offset[];
  quiet: QuietHours;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt?: Date;
}

export type JobKind = 'nudge' | 'deadline';
export type JobStatus = 'pending' | 'claimed' | 'done' | 'skipped' | 'cancelled';

/** A moment the campaign speaks: a nudge slot ("-1d") or the deadline. */
export interface PlannedJob {
  kind: JobKind;
  /** Offset label for nudges, "deadline" for the deadline; part of the outbox keys. */
  slot: string;
  /** When it may go out: the nominal time moved out of quiet hours. */
  dueAt: Date;
  /** Minutes before the deadline (0 for the deadline itself). */
  before: number;
}

export interface JobRow extends PlannedJob {
  id: number;
  campaignId: number;
  status: JobStatus;
  claimedAt?: string;
  finishedAt?: string;
}

export interface AssigneeRow {
  campaignId: number;
  user: string;
  /** The display name the coordinator gave (people_names), if any. */
  name?: string;
  addedAt: string;
  removedAt?: string;
  notifiedAt?: string;
}
