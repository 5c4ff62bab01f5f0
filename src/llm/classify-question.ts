import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { z } from 'zod';
import { fill } from '../core/explain/texts.js';
import { callTool } from './call-tool.js';
import { llmPrompts } from './prompts.js';

export const questionClassSchema = z.object({
  intent: z.enum(['item', 'lost_items', 'total', 'none']),
  indicatorId: z.string().optional(),
});

export type QuestionClass = z.infer<typeof questionClassSchema>;

export const DEFAULT_LLM_TIMEOUT_MS = 8000;

/**
 * Places a question the deterministic matcher could not (a paraphrase, a nickname for an item).
 * Returns null when the model is slow, wrong-shaped, or names an item that is not in the list.
 */
export async function classifyQuestion(
  model: BaseChatModel,
  text: string,
  items: { id: string; name: string }[],
  opts: { timeoutMs?: number } = {},
): Promise<QuestionClass | null> {
  const P = llmPrompts().classify;
  const messages = [
    new SystemMessage(P.system),
    new HumanMessage(fill(P.user, { items: items.map((i) => `${i.id}：${i.name}`).join('\n'), question: text })),
  ];
  const out = await callTool(
    model,
    messages,
    { name: 'classify_question', description: P.tool_description, schema: questionClassSchema },
    opts.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
  );
  if (!out.ok) return null;
  const c = out.value;
  if (c.intent === 'item')
    return c.indicatorId && items.some((i) => i.id === c.indicatorId)
      ? { intent: 'item', indicatorId: c.indicatorId }
      : null;
  return { intent: c.intent };
}
