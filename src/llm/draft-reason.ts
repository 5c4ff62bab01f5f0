import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { z } from 'zod';
import { fill } from '../core/explain/texts.js';
import { formatScore } from '../core/scoring/round.js';
import type { ItemScore } from '../core/types.js';
import { callTool } from './call-tool.js';
import { checkDraft, type DraftProblem } from './check-draft.js';
import { DEFAULT_LLM_TIMEOUT_MS } from './classify-question.js';
import { allowedNumbers, guardNumbers } from './guard-numbers.js';
import { llmPrompts } from './prompts.js';

export interface ReasonDraft {
  /** 'llm' when the model's wording survived the checks; 'template' for the fill-in-the-blanks draft. */
  source: 'llm' | 'template';
  text: string;
  /** Numbers the model made up that were taken out. */
  removed?: string[];
  /** Why the model's draft was not offered at all (checkDraft): the fill-in draft was offered instead. */
  rejected?: DraftProblem;
}

const reasonSchema = z.object({ reason: z.string().trim().min(4).max(400) });

/** Too little left after the guard to be worth offering. */
const MIN_CHARS = 8;

function facts(item: ItemScore) {
  return {
    name: item.name,
    target: item.target,
    display: item.display ?? '—',
    rule: item.rule ?? '—',
    steps: item.trace.map((s) => s.text).join('；') || '—',
    score: item.score === null ? '—' : formatScore(item.score),
    max: formatScore(item.max),
  };
}

/** The draft used when there is no model or its reply cannot be used. */
export function templateReason(item: ItemScore): ReasonDraft {
  return { source: 'template', text: fill(llmPrompts().reason.fallback, facts(item)) };
}

/**
 * Suggests a 偏差原因分析及改进措施 the person can accept, edit or ignore. The model only words it: a draft
 * that speaks to the system, asks for a score to change, or is not plain text of a reason's length is not
 * offered (checkDraft); sentences with numbers that are not in the item's trace or answer are removed.
 */
export async function draftReason(
  model: BaseChatModel | undefined,
  item: ItemScore,
  opts: { timeoutMs?: number } = {},
): Promise<ReasonDraft> {
  if (!model) return templateReason(item);
  const P = llmPrompts().reason;
  const messages = [new SystemMessage(P.system), new HumanMessage(fill(P.user, facts(item)))];
  const out = await callTool(
    model,
    messages,
    { name: 'suggest_reason', description: P.tool_description, schema: reasonSchema },
    opts.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
  );
  if (!out.ok) return templateReason(item);
  const checked = checkDraft(out.value.reason);
  if (!checked.ok) return { ...templateReason(item), rejected: checked.why };
  const guarded = guardNumbers(out.value.reason, allowedNumbers(item));
  if ([...guarded.text].length < MIN_CHARS) return { ...templateReason(item), removed: guarded.removed };
  return { source: 'llm', text: guarded.text, ...(guarded.removed.length ? { removed: guarded.removed } : {}) };
}
