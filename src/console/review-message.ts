// What the person reads in chat when a coordinator reviews their submission: the return with its comment and the
// items to fix, by the chat's own numbering (修改 5 goes straight to them), or the approval. Wording:
// templates/nudges.yaml (review_*). Always one message of at most 500 characters.
import { nt } from '../campaigns/texts.js';
import type { Flow } from '../core/flow/model.js';
import { itemNumbers } from '../core/flow/numbering.js';

const MAX = 500;

/** A comment as stored and sent: control characters out, spaces folded, at most 200 characters. */
export function cleanComment(s: string): string {
  return s
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** The items of a flow a coordinator can name in a return, in the chat's order: 第N项 and the item's name. */
export function returnableItems(flow: Flow): Array<{ id: string; n: number; name: string }> {
  const nums = itemNumbers(flow);
  const names = new Map<string, string>([
    ...flow.fields.map((f) => [f.id, f.label] as [string, string]),
    ...flow.indicators.map((i) => [i.id, i.name] as [string, string]),
  ]);
  return [...nums].map(([id, n]) => ({ id, n, name: names.get(id) ?? id })).sort((a, b) => a.n - b.n);
}

export function returnMessage(p: {
  campaign: string;
  form: string;
  flow: Flow;
  revision: number;
  items: string[];
  comment: string;
}): string {
  const all = new Map(returnableItems(p.flow).map((x) => [x.id, x]));
  const named = p.items
    .map((id) => all.get(id))
    .filter((x) => x !== undefined)
    .sort((a, b) => a.n - b.n);
  const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
  const build = (count: number, nameLen: number) => {
    const shown = named.slice(0, count).map((x) => nt('review_item', { n: x.n, name: short(x.name, nameLen) }));
    const list = named.length > count ? `${shown.join('、')}等 ${named.length} 项` : shown.join('、');
    return nt('review_returned', {
      campaign: p.campaign,
      form: p.form,
      revision: p.revision,
      next: p.revision + 1,
      comment: p.comment,
      items: named.length && count > 0 ? nt('review_items', { list }) : '',
    });
  };
  // Fewer and shorter names until it fits on one screen.
  for (const [count, len] of [
    [named.length, 30],
    [8, 20],
    [5, 12],
    [3, 10],
    [0, 0],
  ] as const) {
    const text = build(Math.min(count, named.length), len);
    if (text.length <= MAX || count === 0) return text.length <= MAX ? text : `${text.slice(0, MAX - 1)}…`;
  }
  return build(0, 0);
}

export function approvedMessage(p: { campaign: string; form: string; revision: number }): string {
  return nt('review_approved', p);
}
