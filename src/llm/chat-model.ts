import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatDeepSeek } from '@langchain/deepseek';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import { cappedFetch, MAX_REPLY_BYTES } from './capped-fetch.js';
import type { LlmConfig } from './config.js';

export interface ChatModelOptions {
  /** Injected in tests to see the HTTP request; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Reply size cap in bytes (tests lower it). */
  maxReplyBytes?: number;
}

/**
 * LangChain sends every prompt and reply (a person's answers and reasons) to LangSmith when one of
 * these is "true" in the environment. The only server a prompt may reach is the one configured here.
 */
const THIRD_PARTY_TRACING = ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING'];

/**
 * The configured LangChain integration, or undefined when the LLM is off — then nothing is ever sent.
 * Every integration gets a size-capped fetch, no retries (the timeout is the whole budget) and
 * temperature 0. The API key is always passed explicitly: without it the OpenAI client would pick up
 * OPENAI_API_KEY from the environment and send it to whatever LLM_BASE_URL points at.
 */
export function createChatModel(config: LlmConfig, opts: ChatModelOptions = {}): BaseChatModel | undefined {
  if (!config.enabled) return undefined;
  for (const name of THIRD_PARTY_TRACING) delete process.env[name];
  const fetchImpl = cappedFetch(opts.fetch ?? globalThis.fetch, opts.maxReplyBytes ?? MAX_REPLY_BYTES);
  const common = { model: config.model, temperature: 0, maxRetries: 0 };
  switch (config.provider) {
    case 'deepseek':
      return new ChatDeepSeek({
        ...common,
        apiKey: config.apiKey,
        configuration: { baseURL: config.baseUrl, fetch: fetchImpl },
      });
    case 'ollama':
      return new ChatOllama({ ...common, baseUrl: config.baseUrl, fetch: fetchImpl });
    case 'openai-compatible':
      return new ChatOpenAI({
        ...common,
        // Local servers need no key, but the OpenAI client refuses to start without one.
        apiKey: config.apiKey ?? 'none',
        useResponsesApi: false, // /chat/completions: the endpoint every OpenAI-compatible server has
        configuration: { baseURL: config.baseUrl, fetch: fetchImpl },
      });
  }
}
