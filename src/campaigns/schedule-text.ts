// How a campaign's reminder schedule reads, for `campaign show` and the web console.
import type { Campaign, JobRow } from './model.js';
import { describeOffset } from './offsets.js';
import { formatLocal } from './time.js';

export const JOB_STATUS: Record<JobRow['status'], string> = {
  pending: '待发送',
  claimed: '发送中',
  done: '已发送',
  skipped: '已跳过',
  cancelled: '已取消',
};

/** "截止前3天", "到截止时". */
export function jobLabel(j: Pick<JobRow, 'kind' | 'slot'>): string {
  return j.kind === 'deadline' ? '到截止时' : describeOffset(j.slot);
}

/** "截止前3天：12月1日（周二）17:00　待发送". */
export function jobLine(j: JobRow, c: Pick<Campaign, 'tz'>, now: Date): string {
  return `${jobLabel(j)}：${formatLocal(j.dueAt, c.tz, now)}　${JOB_STATUS[j.status]}`;
}
