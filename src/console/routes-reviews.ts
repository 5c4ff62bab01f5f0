// 审核 / 退回 of a submitted version, as the 财政局 system has it: a coordinator approves it, or returns it with a
// comment and the items to fix. Either is a row of the review store and a message in chat through the outbox; a
// return also has the engine put the person's form back into "changed after submission" (Engine.reopenForReturn).
// The person page shows the form for it and the history of versions and reviews.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Campaign } from '../campaigns/model.js';
import { formTitle } from '../campaigns/status.js';
import { formatLocal } from '../campaigns/time.js';
import { formatScore } from '../core/scoring/round.js';
import type { ReportRow } from '../engine/ports.js';
import type { Review } from '../store/reviews.js';
import { campaignView } from './campaign-view.js';
import { csrfField, type Html } from './layout.js';
import { campaignOf } from './page-parts.js';
import { isAssignee, personRow, submittedReport } from './people.js';
import { approvedMessage, cleanComment, returnableItems, returnMessage } from './review-message.js';
import type { Ctx, Env } from './server.js';

export function reviewRoutes(app: Hono<Env>, ctx: Ctx): void {
  const A = () => ctx.deps.app;
  const personUrl = (k: Campaign, user: string) => `/campaigns/${k.id}/people/${encodeURIComponent(user)}`;

  app.post('/campaigns/:id/people/:user/review', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    const user = c.req.param('user');
    if (!k || !(await isAssignee(A(), k, user))) return c.notFound();
    const b = await c.req.parseBody({ all: true });
    const s = c.get('session');
    const back = (text: string, bad = false) => {
      ctx.flash(s, { text, bad });
      return c.redirect(personUrl(k, user), 303);
    };
    const row = await personRow(A(), k, user, ctx.now());
    // Said back by display name (张三), else the key.
    const who = (await A().campaigns.names([user])).get(user) ?? user;
    const sub = row.state === 'submitted' ? await submittedReport(A(), user, k.flowId) : undefined;
    const revision = Number(typeof b.revision === 'string' ? b.revision : NaN);
    // Only the version on the screen: if the person changed or resubmitted meanwhile, nothing happens.
    if (!sub || sub.session.revision !== revision)
      return back(
        row.state === 'editing'
          ? `${who} 正在修改第${row.revision}版，等重新提交后再审核。`
          : `${who} 现在没有待审核的版本（页面已过时），请看下面的最新状态。`,
        true,
      );
    const action = b.action === 'approve' ? 'approved' : b.action === 'return' ? 'returned' : undefined;
    if (!action) return back('请选择「审核通过」或「退回修改」。', true);
    const comment = cleanComment(typeof b.comment === 'string' ? b.comment : '');
    const known = new Set(returnableItems(sub.flow).map((x) => x.id));
    const items = ([] as unknown[])
      .concat(b.items ?? [])
      .filter((x): x is string => typeof x === 'string' && known.has(x));
    if (action === 'returned' && !comment)
      return back('退回修改需要写明意见（200 字以内），填报人会在微信里看到。', true);
    const prior = (await A().consoleState.reviews.ofCampaign(k.id)).filter((r) => r.user === user);
    const last = prior[prior.length - 1];
    if (last && last.revision === revision && last.kind === action)
      return back(action === 'returned' ? `第${revision}版已经退回过。` : `第${revision}版已经审核通过。`);
    // The engine puts the form back to "changed after submission" (that version only): nudges and 催办 reach the
    // person again, and their review in chat names what to fix. If they changed it meanwhile, nothing happens.
    if (action === 'returned' && !(await A().engine.reopenForReturn(user, k.flowId, { revision, items, comment })))
      return back(`${who} 现在没有待审核的版本（页面已过时），请看下面的最新状态。`, true);
    const review = await A().consoleState.reviews.add({
      campaignId: k.id,
      user,
      flowId: k.flowId,
      sessionId: sub.session.id,
      revision,
      kind: action,
      items: action === 'returned' ? items : [],
      comment,
      at: ctx.now().toISOString(),
    });
    const form = formTitle({ flows: A().catalog }, k);
    const text =
      action === 'returned'
        ? returnMessage({ campaign: k.title, form, flow: sub.flow, revision, items, comment })
        : approvedMessage({ campaign: k.title, form, revision });
    ctx.deps.outbox.enqueue(user, [{ kind: 'text', text }], { key: `return:${k.id}:${user}:${review.id}` });
    return back(
      action === 'returned'
        ? `已退回 ${who} 的第${revision}版，并通过机器人告诉了他要改的地方。他改完重新提交后，这里显示第${revision + 1}版。`
        : `已审核通过 ${who} 的第${revision}版，并通过机器人告诉了他。`,
    );
  });
}

/** The person page's 审核 card: approve, or return with a comment and the items ticked. */
export async function reviewCard(ctx: Ctx, k: Campaign, user: string, csrf: string): Promise<Html> {
  const app = ctx.deps.app;
  const row = await personRow(app, k, user, ctx.now());
  const view = (await campaignView(ctx, k)).rows.find((r) => r.user === user);
  const who = view?.name ?? user;
  if (row.state !== 'submitted' || view?.review?.kind === 'returned')
    return html`<div class="card"><p>${
      view?.review?.kind === 'returned'
        ? `第${view.review.revision}版已退回修改，等 ${who} 修改后重新提交。`
        : row.state === 'editing'
          ? `${who} 正在修改第${row.revision}版，重新提交后可以审核。`
          : '提交后可以在这里审核通过或退回修改。'
    }</p></div>`;
  const sub = await submittedReport(app, user, k.flowId);
  if (!sub) return html``;
  const approved = view?.review?.kind === 'approved';
  const lost = new Set(sub.report.items.filter((i) => i.status !== 'scored' || i.score! < i.max).map((i) => i.id));
  return html`<div class="card"><form method="post" action="/campaigns/${k.id}/people/${encodeURIComponent(user)}/review">${csrfField(csrf)}
<input type="hidden" name="revision" value="${sub.session.revision}">
<p>审核第${sub.session.revision}版${approved ? '（已审核通过，仍可退回修改）' : ''}：</p>
<label for="comment">意见（退回时必填，填报人在微信里看到，200 字以内）</label>
<textarea id="comment" name="comment" rows="3" maxlength="200" placeholder="例如：办结率与台账不符，请核对后重填"></textarea>
${itemChoices(returnableItems(sub.flow), lost)}
<div class="actions">${approved ? '' : html`<button type="submit" name="action" value="approve">审核通过</button>`}<button type="submit" name="action" value="return" class="danger">退回修改</button></div>
</form></div>`;
}

/**
 * The items a return may name: those that lost points in view (they are what a coordinator usually asks about), the
 * rest folded away — a 60-item form stays one screen on a phone. All are checkboxes of one field, `items`.
 */
function itemChoices(items: Array<{ id: string; n: number; name: string }>, lost: Set<string>): Html {
  const box = (x: { id: string; n: number; name: string }) =>
    html`<label><input type="checkbox" name="items" value="${x.id}"> 第${x.n}项 ${x.name}</label>`;
  const losing = items.filter((x) => lost.has(x.id));
  const rest = items.filter((x) => !lost.has(x.id));
  if (!losing.length)
    return html`<details><summary>要修改的项目（可不选，共 ${items.length} 项）</summary><div class="people">${items.map(box)}</div></details>`;
  return html`<div class="label">要修改的项目（可不选）：失分的 ${losing.length} 项</div><div class="people">${losing.map(box)}</div>${
    rest.length
      ? html`<details><summary>其他 ${rest.length} 项</summary><div class="people">${rest.map(box)}</div></details>`
      : ''
  }`;
}

/** The history: each submitted version with its score, and the reviews of it, oldest first. */
export function reviewHistory(
  k: Campaign,
  versions: ReportRow[],
  reviews: Review[],
  now: Date,
  itemLabel: (id: string) => string = (id) => id,
): Html {
  const revisions = [...new Set([...versions.map((v) => v.revision), ...reviews.map((r) => r.revision)])].sort(
    (a, b) => a - b,
  );
  if (!revisions.length) return html`<p>还没有提交过。</p>`;
  const reviewLine = (r: Review) =>
    html`<li class="${r.kind === 'returned' ? 'st-returned' : 'st-submitted'}">${formatLocal(new Date(r.at), k.tz, now)} ${
      r.kind === 'returned' ? '退回修改' : '审核通过'
    }${r.comment ? `：${r.comment}` : ''}${r.items.length ? `（要改：${r.items.map(itemLabel).join('、')}）` : ''}</li>`;
  return html`<ol class="history">${revisions.map((rev) => {
    const v = versions.find((x) => x.revision === rev);
    return html`<li>第${rev}版 提交${v?.total != null ? `（${formatScore(v.total)}分）` : ''}<ul>${reviews
      .filter((r) => r.revision === rev)
      .map(reviewLine)}</ul></li>`;
  })}</ol>`;
}
