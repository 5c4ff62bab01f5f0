// The people list a coordinator types (CLI --assign, `campaign assign`, the console's forms): keys, and for an
// entry written 张三（ZhangSan） a display name beside the key.
import type { CampaignRows, PersonName } from '../store/campaign-rows.js';
import { parseContactList } from './names.js';

/** One person of a typed list: the key the channel knows them by, and the name the coordinator wrote, if any. */
export interface ListedPerson {
  key: string;
  name?: string;
}

export type PeopleList = { ok: true; people: ListedPerson[] } | { ok: false; reason: string };

/** An account in brackets: ASCII letters, digits and . _ - @, starting with a letter or a digit (a WeCom userid). */
const NAMED = /^([^()]+?)\s*\(\s*([A-Za-z0-9][A-Za-z0-9._@-]*)\s*\)$/;
const HAN = /\p{Script=Han}/u;

/**
 * Reads a typed people list. Entries are separated as in parseContactList (, 、 ; line breaks). An entry
 * 「张三（ZhangSan）」 or 「张三(ZhangSan)」 is the person whose key is ZhangSan, shown as 张三 — only when the part in
 * brackets looks like an account and the part before it is a name in Chinese characters without brackets. Anything else stays one
 * whole key, as before: the WeChat 备注 「王科长(财务)」 and 「Tom(HR)」 are one key each. A key listed twice is listed once (with its name,
 * if one of the entries gave one); the same key given two different names is refused, never guessed.
 *
 * @example
 * parsePeopleList('张三（ZhangSan）、LiSi, 王科长(财务)')
 * // { ok: true, people: [{ key: 'ZhangSan', name: '张三' }, { key: 'LiSi' }, { key: '王科长(财务)' }] }
 * parsePeopleList('张三(ZhangSan), 张叁(ZhangSan)').ok // false: which name is meant?
 */
export function parsePeopleList(s: string | undefined): PeopleList {
  const byKey = new Map<string, ListedPerson>();
  const names = new Map<string, Set<string>>();
  for (const entry of parseContactList(s)) {
    const m = NAMED.exec(entry);
    // A name is written in Chinese: a WeChat 备注 such as 「Tom(HR)」 stays one whole key.
    const p: ListedPerson = m && HAN.test(m[1]) ? { key: m[2], name: m[1].trim() } : { key: entry };
    const seen = byKey.get(p.key);
    if (!seen) byKey.set(p.key, p);
    else if (p.name && !seen.name) seen.name = p.name;
    if (p.name) names.set(p.key, (names.get(p.key) ?? new Set()).add(p.name));
  }
  const twice = [...names].filter(([, n]) => n.size > 1);
  if (twice.length)
    return {
      ok: false,
      reason: `名单里同一个账号写了不同的名字：${twice.map(([k, n]) => `${k} 写成了 ${[...n].join('、')}`).join('；')}，请每个账号只写一个名字`,
    };
  return { ok: true, people: [...byKey.values()] };
}

/** The names a list gave, to store beside the keys. @example namesGiven([{ key: 'ZhangSan', name: '张三' }, { key: 'LiSi' }]) // [{ key: 'ZhangSan', name: '张三' }] */
export function namesGiven(people: readonly ListedPerson[]): PersonName[] {
  return people.flatMap((p) => (p.name ? [{ key: p.key, name: p.name }] : []));
}

/** How a person is said back to the coordinator: 张三（ZhangSan） when named, else the key. @example personLabel('ZhangSan', '张三') // '张三（ZhangSan）' */
export function personLabel(key: string, name?: string): string {
  return name ? `${name}（${key}）` : key;
}

/**
 * Each person's name for a list shown to the coordinator: the display name, else the key; a name two people of
 * the list share gets the key beside it, so two 张三 can be told apart.
 *
 * @example displayNames([{ user: 'ZhangSan', name: '张三' }, { user: 'LiSi' }])('ZhangSan') // '张三'
 */
export function displayNames(people: Array<{ user: string; name?: string }>): (user: string) => string {
  const count = new Map<string, number>();
  for (const p of people) if (p.name) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  const shown = new Map(
    people.map((p) => [
      p.user,
      p.name ? ((count.get(p.name) ?? 0) > 1 ? personLabel(p.user, p.name) : p.name) : p.user,
    ]),
  );
  return (user) => shown.get(user) ?? user;
}

/**
 * Keys as a list said to the coordinator (who was urged): each by the name stored for it, as displayNames shows it.
 *
 * @example await shownList(app.campaigns, ['ZhangSan', 'LiSi']) // ['张三', 'LiSi']
 */
export async function shownList(rows: Pick<CampaignRows, 'names'>, keys: string[]): Promise<string[]> {
  const names = await rows.names(keys);
  return keys.map(displayNames(keys.map((user) => ({ user, name: names.get(user) }))));
}
