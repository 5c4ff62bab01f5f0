// Small pieces every console page uses: the campaign named by the URL, the one-time message, the state word.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Campaign } from '../campaigns/model.js';
import type { Html } from './layout.js';
import type { Ctx, Env } from './server.js';

/** The campaign named by the URL, or undefined (then the route answers 404). */
export async function campaignOf(ctx: Ctx, id: string | undefined): Promise<Campaign | undefined> {
  return id && /^\d{1,9}$/.test(id) ? ctx.deps.app.campaigns.get(Number(id)) : undefined;
}

export function flashBox(ctx: Ctx, c: Context<Env>): Html {
  const f = ctx.takeFlash(c.get('session'));
  return f ? html`<div class="flash${f.bad ? ' bad' : ''}" role="status">${f.text}</div>` : html``;
}

export function stateWord(ctx: Ctx, c: Campaign): string {
  return c.status === 'closed' ? '已关闭' : c.deadline <= ctx.now() ? '已截止' : '进行中';
}
