import { explain, replyForItem } from '../core/explain/explain.js';
import { detectExplainIntent, stripToName } from '../core/explain/intent.js';
import { parseOrdinal } from '../core/explain/match-item.js';
import type { Explainer } from './engine.js';
import { t } from './texts.js';

/** "95%" "4.5分" "3件": a figure, not a name — a question about it is about the item the person is on. */
const FIGURE = /^[\d.,，%％]+(分|件|起|次|人次|个|万元|元|天|人)?$/;

/**
 * "预算执行率为什么扣分" in chat: answered from the scorer's own trace, as `tianbao explain` does.
 * "为啥只有95%？" names a figure, not an item: it asks about the open item.
 */
/** Room an explanation may take: a phone screen, less the line that says where the person still is. */
const EXPLAIN_LIMIT = 420;

/** Whole lines up to the limit, then how many were left out and where to see them (预览全部 lists every item). */
function fitScreen(text: string): string {
  if ([...text].length <= EXPLAIN_LIMIT) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const len = [...line].length + 1;
    if (used + len > EXPLAIN_LIMIT - 30) break;
    kept.push(line);
    used += len;
  }
  return `${kept.join('\n')}\n${t('explain_more', { n: lines.length - kept.length })}`;
}

export const explainFromTrace: Explainer = (text, report, flow, nav) => {
  const reply = explainRaw(text, report, flow, nav);
  return reply && { ...reply, text: fitScreen(reply.text) };
};

const explainRaw: Explainer = (text, report, flow, nav) => {
  const intent = detectExplainIntent(text);
  // 第N项 may be a header field in the chat's numbering: those are not scored on their own.
  const nth = intent?.query ? parseOrdinal(intent.query) : undefined;
  const field = nth !== undefined ? flow.fields.find((f) => f.id === nav.idOf(nth)) : undefined;
  if (field) return { kind: 'item', text: t('explain_field', { n: nth!, label: field.label }) };
  const opts = { currentId: nav.currentId, grades: flow.grades, numberOf: nav.numberOf, idOf: nav.idOf };
  const r = report();
  const reply = explain(text, r, opts);
  if (reply.kind !== 'no_match' || !nav.currentId || !r.items.some((i) => i.id === nav.currentId)) return reply;
  const query = intent?.query ?? stripToName(text.normalize('NFKC').replace(/[\s?？。!！,，]/g, ''));
  return !query || FIGURE.test(query) ? replyForItem(r, nav.currentId, opts) : reply;
};
