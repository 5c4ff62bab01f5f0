// The schedule of a campaign and the choice of what to send at a given moment, as pure functions:
// the scheduler runs them against SQLite, `reminders preview` against a moment in the future.
import type { Campaign, PlannedJob } from './model.js';
import { sendTime } from './quiet.js';
import { MINUTE } from './time.js';

export const DEADLINE_SLOT = 'deadline';

/** Every nudge slot and the deadline, each moved out of quiet hours (nudges never past the deadline). */
export function planJobs(c: Pick<Campaign, 'deadline' | 'tz' | 'quiet' | 'offsets'>): PlannedJob[] {
  const nudges = c.offsets.map(
    (o): PlannedJob => ({
      kind: 'nudge',
      slot: o.label,
      dueAt: sendTime(new Date(c.deadline.getTime() - o.minutes * MINUTE), c.tz, c.quiet, c.deadline),
      before: o.minutes,
    }),
  );
  return [...nudges, { kind: 'deadline', slot: DEADLINE_SLOT, dueAt: sendTime(c.deadline, c.tz, c.quiet), before: 0 }];
}

export type Selection<J> = { run: J | null; skip: J[]; wait: boolean };

/**
 * Of the jobs of one campaign that are due at `now`, the one to run and the ones to drop. After
 * downtime several slots may be due at once: only the latest is sent, and once the deadline is due
 * its notice replaces every nudge. A catch-up that lands in quiet hours waits for them to end
 * (`wait`: nothing is claimed), by the same rule as the schedule.
 */
export function selectDue<J extends PlannedJob>(
  c: Pick<Campaign, 'deadline' | 'tz' | 'quiet'>,
  due: J[],
  now: Date,
): Selection<J> {
  if (!due.length) return { run: null, skip: [], wait: false };
  const deadlineJob = due.find((j) => j.kind === 'deadline');
  const nudges = due.filter((j) => j.kind === 'nudge');
  if (deadlineJob) {
    if (sendTime(now, c.tz, c.quiet) > now) return { run: null, skip: [], wait: true };
    return { run: deadlineJob, skip: nudges, wait: false };
  }
  // A nudge after the deadline would count down to a time already gone; the deadline notice follows.
  if (now >= c.deadline) return { run: null, skip: nudges, wait: false };
  if (sendTime(now, c.tz, c.quiet, c.deadline) > now) return { run: null, skip: [], wait: true };
  const latest = [...nudges].sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime() || a.before - b.before)[0];
  return { run: latest, skip: nudges.filter((j) => j !== latest), wait: false };
}
