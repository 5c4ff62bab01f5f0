// A campaign as its progress page shows it: each assignee's row (progress, score, review, delivery), the count
// line, the sends that failed — sorted and filtered as the coordinator asked. The table, the live refresh, the
// charts and the 汇总 all read this one view.
import type { Campaign } from '../campaigns/model.js';
import type { DeliveryRecord } from '../store/delivery-log.js';
import type { Review } from '../store/reviews.js';
import { type DeliveryState, deliveryOf, failedSends } from './delivery-state.js';
import { campaignRows, type PersonRow } from './people.js';
import type { Ctx } from './server.js';

/** Where a person stands, one word each, so the counts add up to the number of assignees. */
export type Standing = 'submitted' | 'returned' | 'open' | 'new' | 'late';

export interface PersonView extends PersonRow {
  standing: Standing;
  delivery: DeliveryState;
  /** The review that stands for the latest submitted version: a return not yet resubmitted, or an approval. */
  review?: Review;
  /** Every review of this person in the campaign, oldest first. */
  reviews: Review[];
}

export interface CampaignView {
  rows: PersonView[];
  counts: Record<Standing, number>;
  failed: ReturnType<typeof failedSends>;
  /** Every assignee's display name, the rows filtered out (只看未提交) too: a failed send names its person. */
  names: Map<string, string | undefined>;
}

export const SORTS = ['list', 'status', 'score', 'activity', 'name'] as const;
export type SortKey = (typeof SORTS)[number];
export interface ViewQuery {
  sort: SortKey;
  /** 只看未提交: everyone whose latest version is not submitted (a returned one counts as not submitted). */
  pendingOnly: boolean;
}

export function readQuery(q: (k: string) => string | undefined): ViewQuery {
  const sort = q('sort') as SortKey | undefined;
  return { sort: sort && SORTS.includes(sort) ? sort : 'list', pendingOnly: q('only') === 'pending' };
}

export function queryString(q: ViewQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams(extra);
  if (q.sort !== 'list') p.set('sort', q.sort);
  if (q.pendingOnly) p.set('only', 'pending');
  const s = p.toString();
  return s ? `?${s}` : '';
}

function standingOf(r: PersonRow, review: Review | undefined): Standing {
  if (review?.kind === 'returned') return 'returned';
  if (r.state === 'submitted') return 'submitted';
  if (r.late) return 'late';
  return r.state === 'new' ? 'new' : 'open';
}

/** The review that still stands: the latest one, if it was about the version the person last submitted. */
function standingReview(r: PersonRow, reviews: Review[]): Review | undefined {
  const last = reviews[reviews.length - 1];
  if (!last || r.revision !== last.revision || r.state === 'new') return undefined;
  if (last.kind === 'approved' && r.state !== 'submitted') return undefined;
  return last;
}

/** Least done first: what a coordinator chases. */
const ORDER: Record<Standing, number> = { late: 0, new: 1, returned: 2, open: 3, submitted: 4 };

function sortRows(rows: PersonView[], sort: SortKey): PersonView[] {
  const byList = rows.map((r, i) => [r, i] as const);
  const cmp: Record<SortKey, (a: PersonView, b: PersonView) => number> = {
    list: () => 0,
    status: (a, b) =>
      ORDER[a.standing] - ORDER[b.standing] || a.answered / (a.total || 1) - b.answered / (b.total || 1),
    score: (a, b) => (b.score ?? -1) - (a.score ?? -1),
    activity: (a, b) => (b.lastActivity ?? '').localeCompare(a.lastActivity ?? ''),
    name: (a, b) => (a.name ?? a.user).localeCompare(b.name ?? b.user, 'zh-CN') || a.user.localeCompare(b.user),
  };
  return byList.sort(([a, i], [b, j]) => cmp[sort](a, b) || i - j).map(([r]) => r);
}

/** The whole campaign, then sorted and filtered; the counts and failed sends are always of everyone. */
export async function campaignView(
  ctx: Ctx,
  k: Campaign,
  q: ViewQuery = { sort: 'list', pendingOnly: false },
): Promise<CampaignView> {
  const now = ctx.now();
  const app = ctx.deps.app;
  const [rows, reviews, records] = await Promise.all([
    campaignRows(app, k, now),
    app.consoleState.reviews.ofCampaign(k.id),
    app.consoleState.deliveries.ofCampaign(k.id),
  ]);
  const notified = new Map((await app.campaigns.assignees(k.id)).map((a) => [a.user, Boolean(a.notifiedAt)]));
  const reviewsOf = groupBy(reviews, (r) => r.user);
  const recordsOf = groupBy(records, (r) => r.to);
  const counts: Record<Standing, number> = { submitted: 0, returned: 0, open: 0, new: 0, late: 0 };
  const all = rows.map((r): PersonView => {
    const mine = reviewsOf.get(r.user) ?? [];
    const review = standingReview(r, mine);
    const standing = standingOf(r, review);
    counts[standing]++;
    return {
      ...r,
      standing,
      review,
      reviews: mine,
      delivery: deliveryOf(recordsOf.get(r.user) ?? [], {
        notified: notified.get(r.user) ?? false,
        open: k.status === 'open',
        now,
      }),
    };
  });
  const people = new Set(rows.map((r) => r.user));
  // A send the channel refused without saying why, to a key the channel does not know, is 找不到此人 (企业微信 refuses
  // a push to someone who never wrote with a bare code). A named cause (微信未登录, a timeout) stays as it is. Only
  // failed rows are asked about: few.
  const failing = all.filter((r) => r.delivery.vague).map((r) => r.user);
  const unreachable = new Set(failing.length ? await ctx.people.unknown(failing) : []);
  const why = ctx.people.unreachable ?? '机器人联系不到此人：名字写错，或对方还没和机器人说过话';
  for (const r of all)
    if (unreachable.has(r.user))
      r.delivery = { ...r.delivery, word: 'unknown', reason: why, at: undefined, vague: undefined };
  const shown = q.pendingOnly ? all.filter((r) => r.standing !== 'submitted') : all;
  return {
    rows: sortRows(shown, q.sort),
    counts,
    names: new Map(all.map((r) => [r.user, r.name])),
    // Messages to people still assigned (an admin's summary or someone removed since is not the table's business).
    failed: failedSends(records.filter((r: DeliveryRecord) => people.has(r.to))).map((f) =>
      f.vague && unreachable.has(f.to) ? { ...f, reason: why } : f,
    ),
  };
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
