import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput, ToolDefinition } from '@langchain/core/language_models/base';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import type { LlmConfig } from './config.js';

export interface OpenAICompatibleCallOptions extends BaseChatModelCallOptions {
  tools?: ToolDefinition[];
}

export interface OpenAICompatibleFields extends BaseChatModelParams {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

type OpenAIRole = 'system' | 'user' | 'assistant' | 'tool';
const ROLES: Record<string, OpenAIRole> = { system: 'system', human: 'user', ai: 'assistant', tool: 'tool' };

function textOf(content: BaseMessage['content']): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) => (typeof part === 'string' ? part : 'text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/** LangChain's tool_choice ("any", a tool name) in the /chat/completions form. */
function toolChoice(choice: BaseChatModelCallOptions['tool_choice']): unknown {
  if (choice === undefined) return undefined;
  if (choice === 'any') return 'required';
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (typeof choice === 'string') return { type: 'function', function: { name: choice } };
  return choice;
}

/**
 * A chat model over the OpenAI-compatible /chat/completions endpoint, which DeepSeek, Ollama and
 * most gateways serve; tools go in `tools`/`tool_choice` because not all of them support json_schema.
 */
export class OpenAICompatibleChatModel extends BaseChatModel<OpenAICompatibleCallOptions> {
  baseUrl: string;
  model: string;
  apiKey?: string;
  private fetchImpl: typeof fetch;

  constructor(fields: OpenAICompatibleFields) {
    super(fields);
    this.baseUrl = fields.baseUrl.replace(/\/+$/, '');
    this.model = fields.model;
    this.apiKey = fields.apiKey;
    this.fetchImpl = fields.fetch ?? fetch;
  }

  _llmType(): string {
    return 'openai-compatible';
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<OpenAICompatibleCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, OpenAICompatibleCallOptions> {
    return this.withConfig({
      tools: tools.map((t) => convertToOpenAITool(t) as ToolDefinition),
      ...kwargs,
    }) as unknown as Runnable<BaseLanguageModelInput, AIMessageChunk, OpenAICompatibleCallOptions>;
  }

  async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    _run?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const body: Record<string, unknown> = {
      model: this.model,
      temperature: 0,
      messages: messages.map((m) => {
        const role = ROLES[m.getType()] ?? 'user';
        const out: Record<string, unknown> = { role, content: textOf(m.content) };
        if (role === 'tool' && 'tool_call_id' in m) out.tool_call_id = m.tool_call_id;
        return out;
      }),
    };
    if (options.tools?.length) body.tools = options.tools;
    const choice = toolChoice(options.tool_choice);
    if (choice !== undefined) body.tool_choice = choice;

    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    const res = await this.fetchImpl(`${this.baseUrl}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: options.signal,
    });
    if (!res.ok) throw new Error(`LLM 接口返回 HTTP ${res.status}`);
    const data = (await res.json()) as {
      choices?: {
        message?: {
          content?: string | null;
          tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[];
        };
      }[];
    };
    const msg = data.choices?.[0]?.message;
    if (!msg) throw new Error('LLM 接口的回复里没有 choices[0].message');

    const toolCalls: { id?: string; name: string; args: Record<string, unknown>; type: 'tool_call' }[] = [];
    const invalid: { id?: string; name?: string; args?: string; error?: string; type: 'invalid_tool_call' }[] = [];
    for (const tc of msg.tool_calls ?? []) {
      const name = tc.function?.name ?? '';
      const raw = tc.function?.arguments ?? '';
      try {
        const args = JSON.parse(raw || '{}');
        if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new Error('arguments 不是对象');
        toolCalls.push({ id: tc.id, name, args, type: 'tool_call' });
      } catch (e) {
        invalid.push({ id: tc.id, name, args: raw, error: (e as Error).message, type: 'invalid_tool_call' });
      }
    }
    const content = msg.content ?? '';
    const message = new AIMessage({ content, tool_calls: toolCalls, invalid_tool_calls: invalid });
    return { generations: [{ text: content, message }] };
  }
}

/** The configured model, or undefined when the LLM is off. */
export function createChatModel(config: LlmConfig, fetchImpl?: typeof fetch): OpenAICompatibleChatModel | undefined {
  if (!config.enabled) return undefined;
  return new OpenAICompatibleChatModel({
    baseUrl: config.baseUrl,
    model: config.model,
    apiKey: config.apiKey,
    fetch: fetchImpl,
    maxRetries: 0,
  });
}
