// 填报任务: list, create (the same checks and messages as `tianbao campaign create`), progress, 催办, people.
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { checkCampaign, createCampaign } from '../campaigns/create.js';
import { assignPeople, closeCampaign, type ManageResult, unassignPeople } from '../campaigns/manage.js';
import type { Campaign } from '../campaigns/model.js';
import { formTitle } from '../campaigns/status.js';
import { formatLocal } from '../campaigns/time.js';
import { type FormValues, newForm } from './campaign-form.js';
import { page } from './layout.js';
import { campaignOf, flashBox, stateWord } from './page-parts.js';
import { campaignRows } from './people.js';
import { chartsFragment, progressPage, rowsFragment } from './progress-page.js';
import type { Ctx, Env } from './server.js';

export function campaignRoutes(app: Hono<Env>, ctx: Ctx): void {
  const A = () => ctx.deps.app;

  app.get('/campaigns', (c) => {
    const now = ctx.now();
    const s = c.get('session');
    const list = A().campaigns.list().reverse();
    const rows = list.map((k) => {
      const people = campaignRows(A(), k, now);
      const done = people.filter((p) => p.state === 'submitted').length;
      return html`<tr><td><a href="/campaigns/${k.id}">${k.title}</a></td><td>${formTitle({ flows: A().catalog }, k)}</td>
<td>${formatLocal(k.deadline, k.tz, now)}</td><td>${stateWord(ctx, k)}</td><td class="num">${done}/${people.length}</td></tr>`;
    });
    return c.html(
      page(
        '填报任务',
        s.csrf,
        html`${flashBox(ctx, c)}<h1>填报任务</h1>
<div class="actions"><a class="btn" href="/campaigns/new">新建任务</a></div>
${
  list.length
    ? html`<div class="card scroll"><table><thead><tr><th>任务</th><th>表单</th><th>截止</th><th>状态</th><th>已提交</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<div class="card"><p>还没有任务。点「新建任务」给填报人指定表单和截止时间。</p></div>`
}`,
      ),
    );
  });

  app.get('/campaigns/new', (c) => c.html(newForm(ctx, c.get('session').csrf, {})));

  app.post('/campaigns', async (c) => {
    const b = await c.req.parseBody({ all: true });
    const one = (k: string) => {
      const v = b[k];
      return typeof v === 'string' ? v : undefined;
    };
    const picked = ([] as unknown[]).concat(b.people ?? []).filter((x): x is string => typeof x === 'string');
    const assign = [...picked, one('assign') ?? ''].join(',');
    const input: FormValues = {
      flow: one('flow'),
      title: one('title'),
      deadline: one('deadline'),
      assign,
      typed: one('assign'),
      picked,
      remind: one('remind'),
      tz: one('tz'),
      quiet: one('quiet'),
      quietWeekends: one('quiet_weekends') === 'on',
    };
    const r = checkCampaign(input, { now: ctx.now(), flows: A().catalog.flows });
    if (!r.ok) return c.html(newForm(ctx, c.get('session').csrf, input, r), 400);
    const created = createCampaign(A().campaigns, r.value);
    ctx.flash(c.get('session'), {
      text: `已创建任务 #${created.id}「${created.title}」。机器人在线时会给每位填报人发送通知。`,
    });
    return c.redirect(`/campaigns/${created.id}`, 303);
  });

  app.get('/campaigns/:id', (c) => {
    const k = campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return c.html(progressPage(ctx, c, k));
  });

  app.get('/campaigns/:id/rows', (c) => {
    const k = campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return c.html(rowsFragment(ctx, k, campaignRows(A(), k, ctx.now()), c.get('session').csrf));
  });

  app.get('/campaigns/:id/charts', (c) => {
    const k = campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return c.html(chartsFragment(k, campaignRows(A(), k, ctx.now())));
  });

  const change = (fn: (k: Campaign, body: Record<string, unknown>) => ManageResult) => async (c: Context<Env>) => {
    const k = campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const r = fn(k, await c.req.parseBody());
    ctx.flash(
      c.get('session'),
      r.ok
        ? { text: r.lines.join('') }
        : { text: `${r.reason}${r.example ? `，例如：${r.example}` : '。'}`, bad: true },
    );
    return c.redirect(`/campaigns/${k.id}`, 303);
  };
  const text = (b: Record<string, unknown>, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');
  app.post(
    '/campaigns/:id/close',
    change((k) => closeCampaign(A().campaigns, k, ctx.now())),
  );
  app.post(
    '/campaigns/:id/assign',
    change((k, b) => assignPeople(A().campaigns, k, text(b, 'names'), ctx.now())),
  );
  app.post(
    '/campaigns/:id/unassign',
    change((k, b) => unassignPeople(A().campaigns, k, text(b, 'names'), ctx.now())),
  );
  app.post(
    '/campaigns/:id/urge',
    change((k, b) => urge(ctx, k, text(b, 'user') || undefined)),
  );
}

/** 催办 through the outbox, held until quiet hours end (never past the deadline), as the scheduled nudges are. */
function urge(ctx: Ctx, k: Campaign, user: string | undefined): ManageResult {
  if (k.status === 'closed') return { ok: false, reason: `任务 #${k.id} 已关闭，不再催办` };
  const now = ctx.now();
  const { sent, repeated } = ctx.scheduler.urge(now, k.id, { user, respectQuiet: true });
  if (!sent.length)
    return {
      ok: true,
      lines: [
        repeated.length
          ? '刚刚已催办过，消息正在发送，请稍后再试。'
          : user
            ? `${user} 已提交，无需催办。`
            : '所有人都已提交，无需催办。',
      ],
    };
  const names = [...new Set(sent.map((d) => d.to))];
  const held = sent.find((d) => d.at);
  return {
    ok: true,
    lines: [
      `已催办 ${names.length} 人：${names.join('、')}。`,
      held?.at ? `现在是免打扰时段，消息将在 ${formatLocal(held.at, k.tz, now)} 发出。` : '消息会依次发出。',
    ],
  };
}
