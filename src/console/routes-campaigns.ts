// 填报任务: list, create (the same checks and messages as `tianbao campaign create`), progress and its live refresh,
// 催办, people (with a warning for names the channel does not know), closing and reopening — each after a confirm.
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { checkCampaign, createCampaign } from '../campaigns/create.js';
import { assignPeople, closeCampaign, type ManageResult, reopenCampaign, unassignPeople } from '../campaigns/manage.js';
import type { Campaign } from '../campaigns/model.js';
import { parsePeopleList, personLabel, shownList } from '../campaigns/people-list.js';
import { formatLocal } from '../campaigns/time.js';
import { type FormValues, newForm } from './campaign-form.js';
import { campaignView, readQuery } from './campaign-view.js';
import { formLabel } from './form-label.js';
import { csrfField, page } from './layout.js';
import { campaignOf, flashBox, stateWord } from './page-parts.js';
import { campaignRows, statusLabel } from './people.js';
import { chartsFragmentFor, liveFragment, progressPage } from './progress-page.js';
import type { Ctx, Env, Flash } from './server.js';

export function campaignRoutes(app: Hono<Env>, ctx: Ctx): void {
  const A = () => ctx.deps.app;

  app.get('/campaigns', async (c) => {
    const now = ctx.now();
    const s = c.get('session');
    const list = (await A().campaigns.list()).reverse();
    const rows = [];
    for (const k of list) {
      const people = await campaignRows(A(), k, now);
      const done = people.filter((p) => p.state === 'submitted').length;
      const flow = A().catalog.byId(k.flowId);
      rows.push(html`<tr><td class="title"><a href="/campaigns/${k.id}">${k.title}</a></td><td class="wrap narrow-hide">${flow ? formLabel(flow) : k.flowId}</td>
<td class="when">${formatLocal(k.deadline, k.tz, now)}</td><td>${stateWord(ctx, k)}</td><td class="num">${done}/${people.length}</td></tr>`);
    }
    return c.html(
      page(
        '填报任务',
        s.csrf,
        html`${flashBox(ctx, c)}<h1>填报任务</h1>
<div class="actions"><a class="btn" href="/campaigns/new">新建任务</a></div>
${
  list.length
    ? html`<div class="card scroll"><table><thead><tr><th>任务</th><th class="narrow-hide">表单</th><th>截止</th><th>状态</th><th>已提交</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<div class="card"><p>还没有任务。点「新建任务」给填报人指定表单和截止时间。</p></div>`
}`,
      ),
    );
  });

  app.get('/campaigns/new', async (c) => c.html(await newForm(ctx, c.get('session').csrf, {})));

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
    if (!r.ok) return c.html(await newForm(ctx, c.get('session').csrf, input, r), 400);
    const unknown = await ctx.people.unknown(r.value.assignees);
    const created = await createCampaign(A().campaigns, r.value);
    // The assignment notices go into the outbox now, not at the runtime's next poll: the table shows them at once.
    await notifyNow(ctx);
    ctx.flash(c.get('session'), {
      text: `已创建任务 #${created.id}「${created.title}」，已给每位填报人发出通知（下表「消息」一栏可看是否送达）。${unknownNote(ctx, unknown)}`,
      bad: unknown.length > 0,
    });
    return c.redirect(`/campaigns/${created.id}`, 303);
  });

  app.get('/campaigns/:id', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return c.html(await progressPage(ctx, c, k));
  });

  // The live refresh (every 3 s): 204 when nothing changed, else only what did (progress-page.ts).
  app.get('/campaigns/:id/live', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const r = await liveFragment(
      ctx,
      k,
      readQuery((n) => c.req.query(n)),
      c.req.query('v'),
    );
    return r.status === 204 ? c.body(null, 204) : c.html(r.body);
  });

  // The table's rows as text (scripts and tests); the page itself refreshes through /live.
  app.get('/campaigns/:id/rows', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const r = await liveFragment(
      ctx,
      k,
      readQuery((n) => c.req.query(n)),
      undefined,
    );
    return c.html(r.status === 200 ? r.body : '');
  });

  app.get('/campaigns/:id/charts', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const r = await chartsFragmentFor(ctx, k, c.req.query('v'));
    return r.status === 204 ? c.body(null, 204) : c.html(r.body);
  });

  // While typing assignees: names the channel cannot reach, said at once (htmx, 400 ms after the last key).
  app.get('/people/check', async (c) => {
    const listed = parsePeopleList(c.req.query('names') ?? c.req.query('assign') ?? '');
    if (!listed.ok) return c.html(html`<p class="warn" role="alert">${listed.reason}。</p>`);
    const names = listed.people.map((p) => p.key).slice(0, 200);
    const unknown = names.length ? await ctx.people.unknown(names) : [];
    return c.html(unknown.length ? html`<p class="warn" role="alert">${unknownNote(ctx, unknown)}</p>` : html``);
  });

  // The keys of a typed list (张三（ZhangSan） is ZhangSan); a list that contradicts itself has none (the change refuses it).
  const keysOf = (s: string) => {
    const r = parsePeopleList(s);
    return r.ok ? r.people.map((p) => p.key) : [];
  };
  const labelsOf = async (s: string) => {
    const keys = keysOf(s);
    const names = await A().campaigns.names(keys);
    return keys.map((k) => personLabel(k, names.get(k))).join('、');
  };

  const back = (c: Context<Env>, k: Campaign, r: ManageResult, undo?: Flash['undo']) => {
    ctx.flash(
      c.get('session'),
      r.ok
        ? { text: r.lines.join(''), ...(undo ? { undo } : {}) }
        : { text: `${r.reason}${r.example ? `，例如：${r.example}` : '。'}`, bad: true },
    );
    return c.redirect(`/campaigns/${k.id}`, 303);
  };
  const text = (b: Record<string, unknown>, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');

  // 关闭任务: one click shows what it does; only 「确定关闭」 closes.
  app.get('/campaigns/:id/close', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    if (k.status !== 'open') return c.redirect(`/campaigns/${k.id}`, 303);
    const { counts } = await campaignView(ctx, k);
    const notDone = counts.open + counts.new + counts.late + counts.returned;
    return c.html(
      page(
        '关闭任务',
        c.get('session').csrf,
        html`<h1>关闭任务「${k.title}」？</h1><div class="card">
<p>关闭后不再提醒，也不能催办；填报人看到的表单恢复为全部表单。已提交的自评表和汇总都保留。${notDone ? html`<strong>还有 ${notDone} 人没有提交。</strong>` : ''}</p>
<p>关闭后可以在本页「重新打开任务」。</p>
<div class="actions"><form method="post" action="/campaigns/${k.id}/close">${csrfField(c.get('session').csrf)}<input type="hidden" name="confirm" value="yes"><button class="danger" type="submit">确定关闭</button></form>
<a class="btn light" href="/campaigns/${k.id}">取消</a></div></div>`,
      ),
    );
  });
  app.post('/campaigns/:id/close', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    if (text(await c.req.parseBody(), 'confirm') !== 'yes') return c.redirect(`/campaigns/${k.id}/close`, 303);
    return back(c, k, await closeCampaign(A().campaigns, k, ctx.now()), {
      action: `/campaigns/${k.id}/reopen`,
      label: '撤销（重新打开）',
    });
  });
  app.post('/campaigns/:id/reopen', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return back(c, k, await reopenCampaign(A().campaigns, k, ctx.now()));
  });

  app.post('/campaigns/:id/assign', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const body = await c.req.parseBody();
    const names = text(body, 'names');
    const unknown = await ctx.people.unknown(keysOf(names));
    const r = await assignPeople(A().campaigns, k, names, ctx.now());
    await notifyNow(ctx);
    // 撤销移出: they are back as they were (whoever was told about the task is not told again).
    if (text(body, 'undo') === 'yes' && r.ok)
      return back(c, k, {
        ok: true,
        lines: [`已撤销移出：${await labelsOf(names)} 回到任务中，进度和已提交的自评表照常显示。`],
      });
    if (r.ok) {
      if (unknown.length) {
        ctx.flash(c.get('session'), { text: `${r.lines.join('')}${unknownNote(ctx, unknown)}`, bad: true });
        return c.redirect(`/campaigns/${k.id}`, 303);
      }
    }
    return back(c, k, r);
  });

  // 移出: the names are shown with where each stands; only 「确定移出」 removes them.
  app.get('/campaigns/:id/unassign', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const names = keysOf(c.req.query('names') ?? '');
    const { rows } = await campaignView(ctx, k);
    const found = rows.filter((r) => names.includes(r.user));
    const missing = names.filter((n) => !found.some((r) => r.user === n));
    if (!names.length || missing.length)
      return back(c, k, await unassignPeople(A().campaigns, k, names.join(','), ctx.now()));
    const csrf = c.get('session').csrf;
    return c.html(
      page(
        '移出填报人',
        csrf,
        html`<h1>从「${k.title}」移出？</h1><div class="card"><ul>${found.map((r) => html`<li>${personLabel(r.user, r.name)}：${statusLabel(r)}</li>`)}</ul>
<p>移出后不再提醒他们，也不再列在进度和汇总里；已提交的自评表仍保留。移出后可以点页面顶部提示里的「撤销移出」。</p>
<div class="actions"><form method="post" action="/campaigns/${k.id}/unassign">${csrfField(csrf)}<input type="hidden" name="names" value="${names.join(',')}"><input type="hidden" name="confirm" value="yes"><button class="danger" type="submit">确定移出</button></form>
<a class="btn light" href="/campaigns/${k.id}">取消</a></div></div>`,
      ),
    );
  });
  app.post('/campaigns/:id/unassign', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    const b = await c.req.parseBody();
    if (text(b, 'confirm') !== 'yes')
      return c.redirect(`/campaigns/${k.id}/unassign?names=${encodeURIComponent(text(b, 'names'))}`, 303);
    const names = text(b, 'names');
    const r = await unassignPeople(A().campaigns, k, names, ctx.now());
    return back(c, k, r, { action: `/campaigns/${k.id}/assign`, label: '撤销移出', fields: { names, undo: 'yes' } });
  });

  app.post('/campaigns/:id/urge', async (c) => {
    const k = await campaignOf(ctx, c.req.param('id'));
    if (!k) return c.notFound();
    return back(c, k, await urge(ctx, k, text(await c.req.parseBody(), 'user') || undefined));
  });
}

/** One scheduler pass (the same the runtime polls): new assignees are told now; outbox keys make it idempotent. */
async function notifyNow(ctx: Ctx): Promise<void> {
  try {
    await ctx.scheduler.tick(ctx.now());
  } catch {
    // The runtime's next poll sends them; the page shows 等待发送 meanwhile.
  }
}

/** Names the channel cannot reach, and what to do: said while typing, after creating and after adding. */
function unknownNote(ctx: Ctx, unknown: string[]): string {
  if (!unknown.length) return '';
  const list = unknown.length > 10 ? `${unknown.slice(0, 10).join('、')}等 ${unknown.length} 人` : unknown.join('、');
  return `注意：机器人不认识 ${list}（不是已知的${ctx.people.keyLabel}），发给他们的通知会失败。请核对名字。`;
}

/** 催办 through the outbox, held until quiet hours end (never past the deadline), as the scheduled nudges are. */
async function urge(ctx: Ctx, k: Campaign, user: string | undefined): Promise<ManageResult> {
  if (k.status === 'closed') return { ok: false, reason: `任务 #${k.id} 已关闭，不再催办` };
  const now = ctx.now();
  const { sent, repeated } = await ctx.scheduler.urge(now, k.id, { user, respectQuiet: true });
  if (!sent.length)
    return {
      ok: true,
      lines: [
        repeated.length
          ? '刚刚已催办过，消息正在发送，请稍后再试。'
          : user
            ? `${(await shownList(ctx.deps.app.campaigns, [user]))[0]} 已提交，无需催办。`
            : '所有人都已提交，无需催办。',
      ],
    };
  const keys = [...new Set(sent.map((d) => d.to))];
  const held = sent.find((d) => d.at);
  return {
    ok: true,
    lines: [
      `已催办 ${keys.length} 人：${(await shownList(ctx.deps.app.campaigns, keys)).join('、')}。`,
      held?.at ? `现在是免打扰时段，消息将在 ${formatLocal(held.at, k.tz, now)} 发出。` : '消息会依次发出。',
    ],
  };
}
