// The form menu: the forms a person may fill, numbered once (the number of a form is the same on every
// page), shown a phone screen at a time. Reading a choice is pure, so the loader can fetch the chosen
// session before the statechart decides what to do with it.
import { flowLabel } from '../core/flow/label.js';
import type { Flow } from '../core/flow/model.js';
import { normalizeCommandText } from './commands.js';
import type { SessionRow } from './ports.js';
import { t } from './texts.js';
import type { MenuEntry, MenuView } from './world.js';

/** Characters a page of entries may take, leaving room for the header, the 继续 offer and the footer. */
const PAGE_BUDGET = 300;
/**
 * Forms on a page at most: with 继续 and 下一页 the page's choices are then six, as many buttons as a 企业微信
 * card holds — every form on the screen can be tapped, not only typed.
 */
const PAGE_ENTRIES = 4;

/** The form's name as lists show it (core/flow/label.ts): 单位 · 项目或表名 · 年度 (· 第N版), never two alike. */
export function titleOf(f: Flow): string {
  return flowLabel(f);
}

/** The menu for a person: every form they may fill, numbered, with their latest session of each. */
export function menuOf(flows: readonly Flow[], sessions: readonly SessionRow[]): MenuView {
  const latest = new Map<string, SessionRow>();
  for (const s of sessions) latest.set(s.flowId, s);
  const entries: MenuEntry[] = flows.map((flow, i) => {
    const s = latest.get(flow.id);
    return { n: i + 1, flow, label: titleOf(flow), ...(s ? { session: s } : {}) };
  });
  // The form the menu offers to continue is the one 继续 goes back to (the last worked on), even with nothing
  // answered yet: the menu never names one form while 继续 opens another.
  const target = continueTarget(sessions);
  const open = target?.status === 'open' ? target : undefined;
  const entry = open && entries.find((e) => e.flow.id === open.flowId);
  return {
    entries,
    ...(entry ? { unfinished: { label: entry.label, answered: open.answered, total: open.total } } : {}),
  };
}

const byRecent = (a: SessionRow, b: SessionRow) =>
  a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : b.id - a.id;

/** The session 继续 goes back to: the one last worked on that is not submitted, else the last one. */
export function continueTarget(sessions: readonly SessionRow[]): SessionRow | undefined {
  const recent = [...sessions].sort(byRecent);
  return recent.find((s) => s.status === 'open') ?? recent[0];
}

export type MenuChoice =
  | { kind: 'entry'; entry: MenuEntry }
  | { kind: 'matches'; ns: number[] }
  | { kind: 'outOfRange'; text: string }
  | { kind: 'none' };

/** What a message typed at the menu chooses: a number, a whole label, or a word found in one label. */
export function readChoice(entries: readonly MenuEntry[], text: string): MenuChoice {
  const norm = normalizeCommandText(text);
  if (!norm) return { kind: 'none' };
  const bare = norm.replace(/^第/, '').replace(/[个张项号]$/, '');
  if (/^\d{1,4}$/.test(bare)) {
    const e = entries[Number(bare) - 1];
    return e ? { kind: 'entry', entry: e } : { kind: 'outOfRange', text: bare };
  }
  // "3. 正定县…" as a button sends it, or as someone copies a line of the menu.
  const numbered = /^(\d{1,4})[.、．]/.exec(norm);
  if (numbered) {
    const e = entries[Number(numbered[1]) - 1];
    if (e) return { kind: 'entry', entry: e };
  }
  const exact = entries.find((e) => normalizeCommandText(e.label) === norm || e.flow.id.toLowerCase() === norm);
  if (exact) return { kind: 'entry', entry: exact };
  if ([...norm].length < 2) return { kind: 'none' };
  const found = entries.filter((e) => normalizeCommandText(e.label).includes(norm));
  if (found.length === 1) return { kind: 'entry', entry: found[0] };
  if (found.length > 1) return { kind: 'matches', ns: found.map((e) => e.n) };
  return { kind: 'none' };
}

function line(e: MenuEntry): string {
  const s = e.session;
  const state = !s
    ? ''
    : s.status === 'submitted'
      ? t('menu_state_submitted', { revision: s.revision })
      : s.answered > 0
        ? t('menu_state_open', { answered: s.answered, total: s.total })
        : '';
  return `${e.n}. ${e.label}${state}`;
}

/** The pages of the menu: entries in order, as many on a page as fit the budget and PAGE_ENTRIES (at least one). */
export function menuPages(entries: readonly MenuEntry[]): MenuEntry[][] {
  const pages: MenuEntry[][] = [];
  let cur: MenuEntry[] = [];
  let used = 0;
  for (const e of entries) {
    const len = [...line(e)].length + 1;
    if (cur.length && (used + len > PAGE_BUDGET || cur.length === PAGE_ENTRIES)) {
      pages.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(e);
    used += len;
  }
  if (cur.length) pages.push(cur);
  return pages;
}

/** One page of the menu (1-based, clamped), with what to reply, and the labels as choices. */
export function menuText(view: MenuView, page: number): { text: string; choices: string[]; page: number } {
  const { entries, unfinished } = view;
  if (!entries.length) return { text: t('no_forms'), choices: [], page: 1 };
  const lines: string[] = [];
  if (entries.length === 1) {
    // One form: no list to choose from, only the form to start or to continue.
    const text = unfinished
      ? t('offer_single_continue', { title: unfinished.label, ...unfinished })
      : t('offer_single', { title: entries[0].label });
    return { text, choices: unfinished ? ['继续'] : ['开始'], page: 1 };
  }
  if (unfinished) lines.push(t('offer_continue', { title: unfinished.label, ...unfinished }));
  const pages = menuPages(entries);
  const p = Math.min(Math.max(page, 1), pages.length);
  lines.push(t('choose_form', { list: pages[p - 1].map(line).join('\n') }));
  if (pages.length > 1)
    lines.push(
      p < pages.length
        ? t('menu_page', { page: p, pages: pages.length })
        : t('menu_last_page', { page: p, pages: pages.length }),
    );
  const choices = [...(unfinished ? ['继续'] : []), ...pages[p - 1].map((e) => e.label)];
  if (p < pages.length) choices.push('下一页');
  return { text: lines.join('\n'), choices, page: p };
}

/** The entries a word matched, listed with their own numbers. */
export function matchesText(view: MenuView, ns: readonly number[]): { text: string; choices: string[] } {
  const shown = ns.slice(0, 6).map((n) => view.entries[n - 1]);
  const more = ns.length > shown.length ? t('list_more', { n: ns.length }) : '';
  return {
    text: t('menu_matches', { list: shown.map(line).join('\n') + more }),
    choices: shown.map((e) => e.label),
  };
}

/** Anything else typed at the menu: the question asked again in one line, not the whole list. */
export function menuReask(view: MenuView): { text: string; choices: string[] } {
  const n = view.entries.length;
  if (!n) return { text: t('no_forms'), choices: [] };
  const cont = view.unfinished ? t('menu_reask_continue', { title: view.unfinished.label }) : '';
  if (n === 1) return menuText(view, 1);
  return {
    text: t('menu_reask', { max: n, continue: cont }),
    choices: view.unfinished ? ['继续', '换表'] : ['换表'],
  };
}
