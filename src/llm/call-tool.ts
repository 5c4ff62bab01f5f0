import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { z } from 'zod';
import { ReplyTooLargeError } from './capped-fetch.js';

export interface ToolCallSpec<T extends Record<string, unknown>> {
  name: string;
  description: string;
  schema: z.ZodType<T>;
}

export type ToolCallOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; why: 'timeout' | 'error' | 'malformed' | 'too_large' };

/** Ollama constrains the reply with a JSON schema (works on every model); the others by a forced tool call. */
const methodFor = (model: BaseChatModel) => (model._llmType() === 'ollama' ? 'jsonSchema' : 'functionCalling');

function isMalformed(e: unknown): boolean {
  const name = (e as Error)?.name ?? '';
  return name === 'OutputParserException' || name === 'SyntaxError' || name === 'ZodError' || name === '$ZodError';
}

/**
 * Asks the model for one structured answer (LangChain's withStructuredOutput) and checks it with zod.
 * Never throws: a timeout, a failed request, an oversized reply or an answer that does not fit the
 * schema come back as `ok: false`, so the caller keeps its deterministic answer.
 */
export async function callTool<T extends Record<string, unknown>>(
  model: BaseChatModel,
  messages: BaseMessage[],
  tool: ToolCallSpec<T>,
  timeoutMs: number,
): Promise<ToolCallOutcome<T>> {
  const signal = AbortSignal.timeout(timeoutMs);
  // The signal cancels the HTTP request; the race also ends the wait for an integration that ignores it.
  let onAbort: () => void = () => undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    onAbort = () => resolve('timeout');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    // The description travels on the schema: LangChain takes the tool's description from it.
    const structured = model.withStructuredOutput(tool.schema.describe(tool.description), {
      name: tool.name,
      method: methodFor(model),
    });
    const call = structured.invoke(messages, { signal });
    call.catch(() => undefined); // a late failure after the timeout must not surface as unhandled
    const reply = await Promise.race([call, timedOut]);
    if (reply === 'timeout') return { ok: false, why: 'timeout' };
    const parsed = tool.schema.safeParse(reply);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, why: 'malformed' };
  } catch (e) {
    if (signal.aborted) return { ok: false, why: 'timeout' };
    if (e instanceof ReplyTooLargeError || (e as Error)?.cause instanceof ReplyTooLargeError)
      return { ok: false, why: 'too_large' };
    return { ok: false, why: isMalformed(e) ? 'malformed' : 'error' };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
