import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import {
  type ExplainOptions,
  type ExplainReply,
  explain,
  explainLostItems,
  explainTotal,
  replyForItem,
} from '../core/explain/explain.js';
import type { ScoreReport } from '../core/types.js';
import { classifyQuestion } from './classify-question.js';

export interface SmartExplainOptions extends ExplainOptions {
  model?: BaseChatModel;
  timeoutMs?: number;
}

export type SmartReply = ExplainReply & { via: 'rules' | 'llm' };

/**
 * The deterministic explanation, with the LLM asked only to place a question the rules could not.
 * The reply text is always the deterministic one: the LLM picks the item, never the words or numbers.
 * An ambiguous name stays a question back to the person; guessing among candidates would be worse.
 */
export async function explainWithLlm(
  question: string,
  report: ScoreReport,
  opts: SmartExplainOptions = {},
): Promise<SmartReply> {
  const reply = explain(question, report, opts);
  if (reply.kind !== 'no_match' || !opts.model) return { ...reply, via: 'rules' };
  const c = await classifyQuestion(opts.model, question, report.items, { timeoutMs: opts.timeoutMs });
  if (!c || c.intent === 'none') return { ...reply, via: 'rules' };
  if (c.intent === 'lost_items') return { kind: 'lost_items', text: explainLostItems(report, opts), via: 'llm' };
  if (c.intent === 'total') return { kind: 'total', text: explainTotal(report, opts.grades), via: 'llm' };
  return { ...replyForItem(report, c.indicatorId!, opts), via: 'llm' };
}
