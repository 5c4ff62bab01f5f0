// Small pieces every console page uses: the campaign named by the URL, the one-time message, the state word.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Campaign } from '../campaigns/model.js';
import { csrfField, type Html } from './layout.js';
import type { Ctx, Env } from './server.js';

/** The campaign named by the URL, or undefined (then the route answers 404). */
export async function campaignOf(ctx: Ctx, id: string | undefined): Promise<Campaign | undefined> {
  return id && /^\d{1,9}$/.test(id) ? ctx.deps.app.campaigns.get(Number(id)) : undefined;
}

export function flashBox(ctx: Ctx, c: Context<Env>): Html {
  const s = c.get('session');
  const f = ctx.takeFlash(s);
  if (!f) return html``;
  const u = f.undo;
  return html`<div class="flash${f.bad ? ' bad' : ''}" role="status">${f.text}${
    u
      ? html` <form class="inline" method="post" action="${u.action}">${csrfField(s.csrf)}${Object.entries(
          u.fields ?? {},
        ).map(
          ([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`,
        )}<button type="submit" class="light">${u.label}</button></form>`
      : ''
  }</div>`;
}

export function stateWord(ctx: Ctx, c: Campaign): string {
  return c.status === 'closed' ? '已关闭' : c.deadline <= ctx.now() ? '已截止' : '进行中';
}
