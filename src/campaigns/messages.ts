// The texts a campaign sends, filled from templates/nudges.yaml.
import { formatScore } from '../core/scoring/round.js';
import type { Campaign } from './model.js';
import { displayNames } from './people-list.js';
import type { AssigneeProgress } from './progress.js';
import { nt } from './texts.js';
import { formatDuration, formatLocal } from './time.js';

type C = Pick<Campaign, 'id' | 'title' | 'deadline' | 'tz' | 'status'>;

function nextText(p: AssigneeProgress): string {
  return p.next ? nt('next_question', p.next) : nt('next_submit');
}

function score(p: AssigneeProgress): string {
  return typeof p.score === 'number' ? formatScore(p.score) : nt('score_pending');
}

const base = (c: C, form: string, now: Date) => ({
  campaign: c.title,
  form,
  deadline: formatLocal(c.deadline, c.tz, now),
});

export function assignText(c: C, form: string, total: number, now: Date): string {
  return nt('assign', { ...base(c, form, now), total });
}

/** Before the deadline it counts down; a nudge asked for after it (催办) says how late it is. */
export function nudgeText(c: C, form: string, p: AssigneeProgress, now: Date): string {
  const vars = { ...base(c, form, now), answered: p.answered, total: p.total, next: nextText(p) };
  const ms = c.deadline.getTime() - now.getTime();
  return ms > 0
    ? nt('nudge', { ...vars, left: formatDuration(ms) })
    : nt('nudge_late', { ...vars, over: formatDuration(ms) });
}

export function overdueText(c: C, form: string, p: AssigneeProgress, now: Date): string {
  return nt('overdue', { ...base(c, form, now), answered: p.answered, total: p.total, next: nextText(p) });
}

/** For the coordinator at the deadline: who submitted (with the score), who is late (with their progress); people by display name. */
export function summaryText(c: C, form: string, all: AssigneeProgress[], now: Date): string {
  const done = all.filter((p) => p.state === 'submitted');
  const late = all.filter((p) => p.state !== 'submitted');
  const shown = displayNames(all);
  const lines = [nt('summary_header', { ...base(c, form, now), done: done.length, count: all.length })];
  if (done.length)
    lines.push(
      nt('summary_done', {
        list: done.map((p) => nt('summary_done_item', { name: shown(p.user), score: score(p) })).join('、'),
      }),
    );
  if (late.length)
    lines.push(
      nt('summary_late', {
        list: late
          .map((p) => nt('summary_late_item', { name: shown(p.user), answered: p.answered, total: p.total }))
          .join('、'),
      }),
    );
  return lines.join('\n');
}

/** One campaign's block of `tianbao status` and the 汇总 admin command. */
export function statusText(c: C, form: string, all: AssigneeProgress[], now: Date): string {
  const ms = c.deadline.getTime() - now.getTime();
  const when =
    c.status === 'closed'
      ? nt('status_closed')
      : ms > 0
        ? nt('status_left', { left: formatDuration(ms) })
        : nt('status_passed');
  const done = all.filter((p) => p.state === 'submitted').length;
  const shown = displayNames(all);
  const lines = [nt('status_header', { id: c.id, ...base(c, form, now), when, done, count: all.length })];
  for (const p of all) {
    const last = p.lastActivity ? formatLocal(new Date(p.lastActivity), c.tz, now) : '';
    const vars = {
      name: shown(p.user),
      answered: p.answered,
      total: p.total,
      revision: p.revision,
      score: score(p),
      last,
    };
    lines.push(
      nt(
        p.state === 'submitted'
          ? 'line_submitted'
          : p.state === 'editing'
            ? 'line_editing'
            : p.state === 'open'
              ? 'line_open'
              : 'line_new',
        vars,
      ),
    );
  }
  if (!all.length) lines.push(nt('no_assignees'));
  return lines.join('\n');
}
