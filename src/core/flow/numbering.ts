import type { Flow } from './model.js';

const numbering = new WeakMap<Flow, Map<string, number>>();

/**
 * The one numbering of a form's items, used by the chat (questions, 进度, review, 修改 N), explanations
 * ("第5项"), the .docx appendix and the console: header fields first in the order asked, then the asked
 * indicators, then the derived indicators (预算执行率), which are computed and never asked — numbered
 * last so that an asked item's number never depends on them.
 */
export function itemNumbers(flow: Flow): Map<string, number> {
  let m = numbering.get(flow);
  if (!m) {
    m = new Map<string, number>();
    for (const f of flow.fields) m.set(f.id, m.size + 1);
    for (const i of flow.indicators) if (!i.derived) m.set(i.id, m.size + 1);
    for (const i of flow.indicators) if (i.derived) m.set(i.id, m.size + 1);
    numbering.set(flow, m);
  }
  return m;
}

/** The id of the item numbered n (第n项), or undefined. */
export function itemIdOfNumber(flow: Flow, n: number): string | undefined {
  for (const [id, k] of itemNumbers(flow)) if (k === n) return id;
  return undefined;
}
