// What became of the messages a campaign sent each person, in the coordinator's words: 已送达 / 等待发送 /
// 发送失败（原因） / 找不到此人, and when they were last 催办. Read from the delivery log (the outbox's rows of the
// campaign, store/delivery-log.ts); nothing here touches a database.
import type { DeliveryKind, DeliveryRecord } from '../store/delivery-log.js';

export type DeliveryWord = 'delivered' | 'waiting' | 'retrying' | 'failed' | 'unknown' | 'none';

export interface DeliveryState {
  word: DeliveryWord;
  /** What the person's latest message was (通知, 提醒, 催办, 逾期通知, 退回). */
  what?: string;
  /** Sent at (delivered), or due at when held back (quiet hours, a retry). ISO. */
  at?: string;
  /** Why it failed, in plain Chinese. */
  reason?: string;
  /** The last 催办 (by a coordinator, from the console or chat), ISO. */
  lastUrge?: string;
  /** The channel refused without saying why (no person, no login, no timeout named): the directory may know. */
  vague?: boolean;
}

const WHAT: Record<DeliveryKind, string> = {
  assign: '任务通知',
  nudge: '截止提醒',
  urge: '催办',
  overdue: '逾期通知',
  return: '退回通知',
  summary: '汇总',
};

/** A channel's error as a coordinator can act on it; raw English or codes are never shown. */
export function failureReason(error: string | undefined): { reason: string; notFound: boolean; vague?: boolean } {
  const e = (error ?? '').trim();
  if (/找不到(联系人|此人|该用户)|not ?found|no such (user|contact)|userid/i.test(e))
    return { reason: '找不到此人：机器人的通讯录里没有这个备注或账号', notFound: true };
  if (/未登录|logged ?out|not logged/i.test(e)) return { reason: '机器人未登录微信', notFound: false };
  if (/timed? ?out|超时/i.test(e)) return { reason: '发送超时', notFound: false };
  if (/ENOENT|no such file/i.test(e)) return { reason: '要发的文件不见了', notFound: false };
  // The WeCom channel's refusal line carries WeCom's code and English text: neither is for the coordinator.
  if (/^企业微信返回/.test(e)) return { reason: '企业微信拒绝发送', notFound: false, vague: true };
  // A channel's own Chinese message is shown (shortened); anything else is a generic line.
  if (/[\u4e00-\u9fff]/.test(e)) return { reason: e.length > 40 ? `${e.slice(0, 40)}…` : e, notFound: false };
  return { reason: '通道返回错误', notFound: false, vague: true };
}

/**
 * One person's delivery state from the campaign's records (oldest first). `notified`: the campaign has decided about
 * the assignment message (sent it, or found the person already done); before that, it is about to be sent.
 */
export function deliveryOf(
  records: DeliveryRecord[],
  opts: { notified: boolean; open: boolean; now: Date },
): DeliveryState {
  const mine = records.filter((r) => r.kind !== 'summary');
  const urges = mine.filter((r) => r.kind === 'urge');
  const lastUrge = urges.length ? urges[urges.length - 1].createdAt : undefined;
  const latest = mine[mine.length - 1];
  if (!latest) return { word: !opts.notified && opts.open ? 'waiting' : 'none', lastUrge };
  const what = WHAT[latest.kind];
  if (latest.status === 'sent') return { word: 'delivered', what, at: latest.sentAt, lastUrge };
  const failure = latest.error ? failureReason(latest.error) : undefined;
  if (failure?.notFound) return { word: 'unknown', what, reason: failure.reason, lastUrge };
  const vague = failure?.vague ? { vague: true } : {};
  if (latest.status === 'parked')
    return { word: 'failed', what, reason: failure?.reason ?? '多次发送失败', lastUrge, ...vague };
  const later = latest.nextAt > opts.now.getTime() ? new Date(latest.nextAt).toISOString() : undefined;
  if (failure) return { word: 'retrying', what, reason: failure.reason, at: later, lastUrge, ...vague };
  return { word: 'waiting', what, at: later, lastUrge };
}

/** The messages of a campaign that will not arrive (parked), newest first, with their plain reason. */
export function failedSends(
  records: DeliveryRecord[],
): Array<DeliveryRecord & { what: string; reason: string; vague?: boolean }> {
  return records
    .filter((r) => r.status === 'parked' || (r.error && failureReason(r.error).notFound))
    .map((r) => {
      const f = failureReason(r.error);
      return { ...r, what: WHAT[r.kind], reason: f.reason, ...(f.vague ? { vague: true } : {}) };
    })
    .reverse();
}
