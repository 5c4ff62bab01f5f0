// Chat commands for the coordinators (ADMIN_CONTACTS): 汇总 and 催办, optionally with a campaign number.
import { normalizeCommandText } from '../engine/commands.js';
import type { Outbound } from '../engine/ports.js';
import type { CampaignRows } from '../store/campaign-rows.js';
import { shownList } from './people-list.js';
import type { Scheduler } from './scheduler.js';
import { type StatusDeps, statusReport } from './status.js';
import { nt } from './texts.js';

export interface AdminMessage {
  user: string;
  text: string;
  isAdmin: boolean;
}

export type AdminHook = (msg: AdminMessage) => Promise<Outbound[] | null>;

const SUMMARY = /^(?:汇总|进度汇总|填报汇总|查看汇总)(?:#?(\d+))?$/;
const URGE = /^(?:催办|催一下|一键催办)(?:#?(\d+))?$/;

/** null when the sender is not a coordinator or the text is not one of their commands (the engine handles it). */
export function makeAdminHook(
  deps: StatusDeps & { campaigns: CampaignRows; scheduler: Scheduler; clock: () => Date },
): AdminHook {
  return async (msg) => {
    if (!msg.isAdmin) return null;
    const text = normalizeCommandText(msg.text);
    const summary = SUMMARY.exec(text);
    const urge = summary ? null : URGE.exec(text);
    if (!summary && !urge) return null;
    const now = deps.clock();
    const id = (summary ?? urge)![1];
    const open = await deps.campaigns.openCampaigns();
    const chosen = id === undefined ? open : open.filter((c) => c.id === Number(id));
    if (id !== undefined && !chosen.length) return reply(nt('unknown_campaign', { id }));
    if (summary) return reply(await statusReport(deps, chosen, now));
    if (!open.length) return reply(nt('no_campaigns'));
    const { sent, repeated } = await deps.scheduler.urge(now, id === undefined ? undefined : Number(id));
    const keys = [...new Set(sent.map((d) => d.to))];
    if (keys.length)
      return reply(nt('urged', { count: keys.length, list: (await shownList(deps.campaigns, keys)).join('、') }));
    return reply(repeated.length ? nt('urged_recently') : nt('urged_none'));
  };
}

function reply(text: string): Outbound[] {
  return [{ kind: 'text', text }];
}

const CONSOLE = /^(?:后台|网页后台|管理后台|控制台)$/;

/**
 * 「后台」 from a coordinator: a one-time sign-in link to the web console. The channel decides who is an
 * admin (ADMIN_CONTACTS, checked against WeChat identity), never the name a sender chose.
 */
export function makeConsoleHook(signInLink: () => Promise<string | undefined> | string | undefined): AdminHook {
  return async (msg) => {
    if (!msg.isAdmin || !CONSOLE.test(normalizeCommandText(msg.text))) return null;
    const link = await signInLink();
    return reply(link ? nt('console_link', { link }) : nt('console_off'));
  };
}
