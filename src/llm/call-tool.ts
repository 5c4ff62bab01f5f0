import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { z } from 'zod';

export interface ToolCallSpec<T> {
  name: string;
  description: string;
  schema: z.ZodType<T>;
}

export type ToolCallOutcome<T> = { ok: true; value: T } | { ok: false; why: 'timeout' | 'error' | 'malformed' };

/** The first {...} in a text reply: models without tool calling often answer with bare JSON. */
function jsonIn(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

function contentText(m: AIMessageChunk): string {
  const c = m.content;
  if (typeof c === 'string') return c;
  return c.map((p) => (typeof p === 'string' ? p : 'text' in p && typeof p.text === 'string' ? p.text : '')).join('');
}

/**
 * Asks the model to call one tool and checks the arguments with zod. Never throws: a timeout,
 * a failed request or arguments that do not fit the schema come back as `ok: false`, so the
 * caller keeps its deterministic answer.
 */
export async function callTool<T>(
  model: BaseChatModel,
  messages: BaseMessage[],
  tool: ToolCallSpec<T>,
  timeoutMs: number,
): Promise<ToolCallOutcome<T>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const runnable = model.bindTools
      ? model.bindTools([{ name: tool.name, description: tool.description, schema: tool.schema }], {
          tool_choice: tool.name,
        })
      : model;
    const call = runnable.invoke(messages, { signal: controller.signal }) as Promise<AIMessageChunk>;
    call.catch(() => undefined); // a late failure after the timeout must not surface as unhandled
    const reply = await Promise.race([call, timeout]);
    if (reply === 'timeout') return { ok: false, why: 'timeout' };
    const args =
      reply.tool_calls?.find((c) => c.name === tool.name)?.args ??
      reply.tool_calls?.[0]?.args ??
      jsonIn(contentText(reply));
    const parsed = tool.schema.safeParse(args);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, why: 'malformed' };
  } catch {
    return { ok: false, why: controller.signal.aborted ? 'timeout' : 'error' };
  } finally {
    clearTimeout(timer);
  }
}
