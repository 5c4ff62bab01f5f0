import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runExplain } from '../src/cli/explain-command.js';
import { MAX_REPLY_BYTES } from '../src/llm/capped-fetch.js';
import { createChatModel } from '../src/llm/chat-model.js';
import { classifyQuestion } from '../src/llm/classify-question.js';
import { readLlmConfig } from '../src/llm/config.js';
import { draftReason } from '../src/llm/draft-reason.js';
import { items } from './explain-fixture.js';

// The real LangChain integrations (ChatOpenAI, ChatDeepSeek, ChatOllama) with fetch stubbed out:
// what goes over the wire to the configured base URL, and what happens when the server misbehaves.

const DEMO = resolve(import.meta.dirname, 'fixtures/flows/demo.yaml');
const refs = items.map(({ id, name }) => ({ id, name }));
const exec = items.find((i) => i.id === 'exec_rate')!;

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: any;
}

function stubFetch(reply: (url: string) => Response) {
  const sent: Sent[] = [];
  const f = (async (url: string | URL, init: RequestInit) => {
    sent.push({
      url: String(url),
      headers: Object.fromEntries(new Headers(init.headers)),
      body: JSON.parse(String(init.body)),
    });
    return reply(String(url));
  }) as typeof fetch;
  return { f, sent };
}

const json = (data: unknown, status = 200) =>
  new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });

/** An OpenAI /chat/completions reply that calls one tool. */
const toolReply = (name: string, args: string) =>
  json({
    id: 'r1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        finish_reason: 'tool_calls',
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name, arguments: args } }],
        },
      },
    ],
  });

const model = (env: Record<string, string>, f: typeof fetch, maxReplyBytes?: number) =>
  createChatModel(readLlmConfig(env), { fetch: f, maxReplyBytes }) as BaseChatModel;

const openaiEnv = { LLM_PROVIDER: 'openai-compatible', LLM_BASE_URL: 'http://llm.test/v1/', LLM_MODEL: 'm1' };

describe('an OpenAI-compatible server through ChatOpenAI', () => {
  afterEach(() => {
    delete process.env.OPENAI_API_KEY;
  });

  it('posts the question as a forced tool call to <base URL>/chat/completions and reads the call back', async () => {
    const { f, sent } = stubFetch(() => toolReply('classify_question', '{"intent":"item","indicatorId":"exec_rate"}'));
    const m = model({ ...openaiEnv, LLM_API_KEY: 'k' }, f);
    expect(await classifyQuestion(m, '钱花得慢扣了多少', refs)).toEqual({ intent: 'item', indicatorId: 'exec_rate' });
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe('http://llm.test/v1/chat/completions');
    expect(sent[0].headers.authorization).toBe('Bearer k');
    expect(sent[0].body.model).toBe('m1');
    expect(sent[0].body.temperature).toBe(0);
    expect(sent[0].body.tools.map((t: any) => t.function.name)).toEqual(['classify_question']);
    expect(sent[0].body.tool_choice).toEqual({ type: 'function', function: { name: 'classify_question' } });
    expect(sent[0].body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(sent[0].body.messages[1].content).toContain('用户的话：钱花得慢扣了多少');
  });

  it('never sends OPENAI_API_KEY from the environment to a base URL that was not given a key', async () => {
    process.env.OPENAI_API_KEY = 'sk-secret-of-another-tool';
    const { f, sent } = stubFetch(() => toolReply('classify_question', '{"intent":"total"}'));
    expect(await classifyQuestion(model(openaiEnv, f), '总分怎么来的', refs)).toEqual({ intent: 'total' });
    expect(sent[0].headers.authorization).toBe('Bearer none');
  });

  it('falls back on broken tool arguments, arguments of the wrong shape, or a server error', async () => {
    const broken = stubFetch(() => toolReply('classify_question', '{"intent":'));
    expect(await classifyQuestion(model(openaiEnv, broken.f), '那个为啥低', refs)).toBeNull();
    const wrong = stubFetch(() => toolReply('classify_question', '{"intent":"maybe"}'));
    expect(await classifyQuestion(model(openaiEnv, wrong.f), '那个为啥低', refs)).toBeNull();
    const down = stubFetch(() => json({ error: { message: 'x' } }, 500));
    expect(await classifyQuestion(model(openaiEnv, down.f), '那个为啥低', refs)).toBeNull();
    expect(down.sent).toHaveLength(1); // no retries: the timeout is the whole budget
  });

  it('aborts the HTTP request when the model takes longer than the timeout', async () => {
    let aborted = false;
    const hang = ((_url: string, init: RequestInit) =>
      new Promise((_, reject) =>
        init.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(init.signal?.reason);
        }),
      )) as unknown as typeof fetch;
    expect(await classifyQuestion(model(openaiEnv, hang), '那个为啥低', refs, { timeoutMs: 50 })).toBeNull();
    expect(aborted).toBe(true);
  });
});

describe('a reply that never ends', () => {
  /** A body of `total` bytes made on demand, recording how much was pulled and whether it was cancelled. */
  function hugeBody(total: number) {
    const chunk = new TextEncoder().encode(`{"x":"${'啊'.repeat(21_000)}`.slice(0, 65_536));
    const state = { pulled: 0, cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (state.pulled >= total) return c.close();
        state.pulled += chunk.byteLength;
        c.enqueue(chunk);
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return { stream, state };
  }

  it('stops reading a 300 MB reply at the size cap and falls back to the template draft', async () => {
    const body = hugeBody(300 * 1024 * 1024);
    const { f } = stubFetch(
      () => new Response(body.stream, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    const draft = await draftReason(model(openaiEnv, f), exec, { timeoutMs: 5000 });
    expect(draft.source).toBe('template');
    expect(body.state.cancelled).toBe(true);
    expect(body.state.pulled).toBeLessThanOrEqual(MAX_REPLY_BYTES + 2 * 65_536);
  });

  it('refuses a reply that announces its size past the cap without reading it', async () => {
    const body = hugeBody(300 * 1024 * 1024);
    const { f } = stubFetch(
      () =>
        new Response(body.stream, {
          status: 200,
          headers: { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) },
        }),
    );
    expect(await classifyQuestion(model(openaiEnv, f), '那个为啥低', refs)).toBeNull();
    expect(body.state.pulled).toBeLessThanOrEqual(65_536);
  });

  it('caps a streamed Ollama reply the same way', async () => {
    const line = `${JSON.stringify({ model: 'q', message: { role: 'assistant', content: '啊'.repeat(1000) }, done: false })}\n`;
    const bytes = new TextEncoder().encode(line);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += bytes.byteLength;
        c.enqueue(bytes); // never done
      },
    });
    const { f } = stubFetch(() => new Response(stream, { status: 200 }));
    const m = model({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'qwen2.5:7b' }, f, 64 * 1024);
    expect(await classifyQuestion(m, '那个为啥低', refs, { timeoutMs: 5000 })).toBeNull();
    expect(pulled).toBeLessThanOrEqual(64 * 1024 + 2 * bytes.byteLength);
  });
});

describe('the configured server is the only one a prompt reaches', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });

  it('LangSmith tracing switched on in the environment is switched off, so no answer goes to a third party', async () => {
    const elsewhere = vi.fn(async (..._args: unknown[]) => new Response('{}'));
    vi.stubGlobal('fetch', elsewhere);
    vi.stubEnv('LANGSMITH_TRACING', 'true');
    vi.stubEnv('LANGCHAIN_TRACING_V2', 'true');
    vi.stubEnv('LANGSMITH_API_KEY', 'lsv2-test');
    const { f, sent } = stubFetch(() => toolReply('classify_question', '{"intent":"total"}'));
    expect(await classifyQuestion(model(openaiEnv, f), '总分怎么来的', refs)).toEqual({ intent: 'total' });
    expect(sent.map((s) => s.url)).toEqual(['http://llm.test/v1/chat/completions']);
    expect(process.env.LANGSMITH_TRACING).toBeUndefined();
    // LangSmith batches its uploads (with tracing on, /runs/multipart goes out within a second)
    await new Promise((r) => setTimeout(r, 1500));
    expect(elsewhere).not.toHaveBeenCalled();
  });
});

describe('DeepSeek and Ollama through their own integrations', () => {
  it('DeepSeek: the default endpoint, the key, the deepseek-chat model and a tool call', async () => {
    const { f, sent } = stubFetch(() =>
      toolReply('suggest_reason', '{"reason":"资金年底才到位，下一步加快支出进度。"}'),
    );
    const draft = await draftReason(model({ LLM_PROVIDER: 'deepseek', LLM_API_KEY: 'dk' }, f), exec);
    expect(draft).toEqual({ source: 'llm', text: '资金年底才到位，下一步加快支出进度。' });
    expect(sent[0].url).toBe('https://api.deepseek.com/v1/chat/completions');
    expect(sent[0].headers.authorization).toBe('Bearer dk');
    expect(sent[0].body.model).toBe('deepseek-chat');
    expect(sent[0].body.tool_choice).toEqual({ type: 'function', function: { name: 'suggest_reason' } });
  });

  it("Ollama: its own /api/chat with the answer's JSON schema as format, and no key", async () => {
    const { f, sent } = stubFetch(() =>
      json({ model: 'qwen2.5:7b', message: { role: 'assistant', content: '{"intent":"lost_items"}' }, done: true }),
    );
    const m = model({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'qwen2.5:7b', LLM_BASE_URL: 'http://gpu.local:11434' }, f);
    expect(await classifyQuestion(m, '哪几项没拿满分', refs)).toEqual({ intent: 'lost_items' });
    expect(sent[0].url).toBe('http://gpu.local:11434/api/chat');
    expect(sent[0].headers.authorization).toBeUndefined();
    expect(sent[0].body.model).toBe('qwen2.5:7b');
    expect(sent[0].body.format.properties.intent.enum).toEqual(['item', 'lost_items', 'total', 'none']);
  });
});

describe('nothing leaves the machine unless LLM_PROVIDER is set', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("LangChain's own variables (OPENAI_API_KEY, DEEPSEEK_API_KEY, OLLAMA_BASE_URL) do not switch it on", () => {
    const env = { OPENAI_API_KEY: 'sk', DEEPSEEK_API_KEY: 'dk', OLLAMA_BASE_URL: 'http://x:11434' };
    expect(readLlmConfig(env)).toEqual({ enabled: false });
    expect(createChatModel(readLlmConfig(env))).toBeUndefined();
  });

  it('`explain` answers a question the rules cannot place without any HTTP request', async () => {
    const fetchSpy = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetchSpy);
    vi.stubEnv('LLM_PROVIDER', '');
    vi.stubEnv('OPENAI_API_KEY', 'sk');
    const dir = mkdtempSync(join(tmpdir(), 'tianbao-offline-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ exec_rate: '85%' }));
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s) => void out.push(String(s)));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const code = await runExplain([
      '--flow',
      DEMO,
      '--answers',
      join(dir, 'a.json'),
      '--question',
      '老百姓打分那个为啥低',
    ]);
    expect(code).toBe(1); // no match: the deterministic reply, with examples
    expect(out).toHaveLength(1);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
