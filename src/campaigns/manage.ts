// Closing a campaign and adding or removing people: one set of checks and messages for the CLI and the web console.
import type { CampaignRows } from '../store/campaign-rows.js';
import type { Campaign } from './model.js';
import { namesGiven, parsePeopleList, personLabel } from './people-list.js';

/** What a change did, in the coordinator's words; `ok: false` changed nothing. */
export type ManageResult = { ok: true; lines: string[] } | { ok: false; reason: string; example?: string };

export async function closeCampaign(store: CampaignRows, c: Campaign, now: Date): Promise<ManageResult> {
  if (!(await store.close(c.id, now))) return { ok: true, lines: [`任务 #${c.id} 已经关闭，无需再关。`] };
  return {
    ok: true,
    lines: [`已关闭任务 #${c.id}「${c.title}」：不再提醒，填报人看到的表单恢复为全部表单。`],
  };
}

export async function reopenCampaign(store: CampaignRows, c: Campaign, now: Date): Promise<ManageResult> {
  if (!(await store.reopen(c.id, now))) return { ok: true, lines: [`任务 #${c.id} 没有关闭，无需重新打开。`] };
  return {
    ok: true,
    lines: [
      `已重新打开任务 #${c.id}「${c.title}」：${c.deadline > now ? '截止前的提醒照常发送。' : '截止时间已过，不再自动提醒，可以催办。'}`,
    ],
  };
}

export async function assignPeople(store: CampaignRows, c: Campaign, text: string, now: Date): Promise<ManageResult> {
  const listed = parsePeopleList(text);
  if (!listed.ok) return { ok: false, reason: listed.reason, example: '张三（ZhangSan）' };
  const names = listed.people.map((p) => p.key);
  if (!names.length) return { ok: false, reason: '请写要加入的填报人', example: '王五' };
  if (c.status === 'closed') return { ok: false, reason: `任务 #${c.id} 已关闭，不能再加人，可以新建一个任务` };
  const added = await store.assign(c.id, names, now, namesGiven(listed.people));
  const already = names.filter((n) => !added.includes(n));
  const label = await labels(store, names);
  const lines: string[] = [];
  if (added.length) lines.push(`已加入任务 #${c.id}：${added.map(label).join('、')}。机器人在线时会给他们发送通知。`);
  if (already.length) lines.push(`已在任务中：${already.map(label).join('、')}。`);
  return { ok: true, lines };
}

/** All or nothing: a name that is not in the campaign changes nothing. */
export async function unassignPeople(store: CampaignRows, c: Campaign, text: string, now: Date): Promise<ManageResult> {
  const listed = parsePeopleList(text);
  if (!listed.ok) return { ok: false, reason: listed.reason };
  const names = listed.people.map((p) => p.key);
  if (!names.length) return { ok: false, reason: '请写要移出的填报人', example: '王五' };
  const assigned = await store.assignees(c.id);
  const current = assigned.map((a) => a.user);
  const unknown = names.filter((n) => !current.includes(n));
  if (unknown.length)
    return {
      ok: false,
      reason: `任务 #${c.id} 中没有填报人：${unknown.join('、')}，未做任何修改。现有填报人：${assigned.map((a) => personLabel(a.user, a.name)).join('、') || '（无）'}`,
    };
  await store.unassign(c.id, names, now);
  const label = await labels(store, names);
  return { ok: true, lines: [`已从任务 #${c.id} 移出：${names.map(label).join('、')}。不再提醒他们。`] };
}

/** Each key as the coordinator is told it: 张三（ZhangSan） when the key has a name, else the key. */
async function labels(store: CampaignRows, keys: string[]): Promise<(key: string) => string> {
  const names = await store.names(keys);
  return (key) => personLabel(key, names.get(key));
}
