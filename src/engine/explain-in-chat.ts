import { explain } from '../core/explain/explain.js';
import { detectExplainIntent } from '../core/explain/intent.js';
import { parseOrdinal } from '../core/explain/match-item.js';
import type { Explainer } from './engine.js';
import { t } from './texts.js';

/** "预算执行率为什么扣分" in chat: answered from the scorer's own trace, as `tianbao explain` does. */
export const explainFromTrace: Explainer = (text, report, flow, nav) => {
  const intent = detectExplainIntent(text);
  if (!intent) return null;
  // 第N项 may be a header field in the chat's numbering: those are not scored on their own.
  const nth = intent.query ? parseOrdinal(intent.query) : undefined;
  const field = nth !== undefined ? flow.fields.find((f) => f.id === nav.idOf(nth)) : undefined;
  if (field) return t('explain_field', { n: nth!, label: field.label });
  return explain(text, report(), {
    currentId: nav.currentId,
    grades: flow.grades,
    numberOf: nav.numberOf,
    idOf: nav.idOf,
  }).text;
};
