import { explain } from '../core/explain/explain.js';
import { detectExplainIntent } from '../core/explain/intent.js';
import type { Explainer } from './engine.js';

/** "预算执行率为什么扣分" in chat: answered from the scorer's own trace, as `tianbao explain` does. */
export const explainFromTrace: Explainer = (text, report, flow, nav) => {
  if (!detectExplainIntent(text)) return null;
  return explain(text, report(), { currentId: nav.currentId, grades: flow.grades, numberOf: nav.numberOf, idOf: nav.idOf }).text;
};
