export type LlmProvider = 'openai-compatible' | 'deepseek' | 'ollama';

export type LlmConfig =
  | { enabled: false /** Why the LLM is off when someone tried to turn it on. */; problem?: string }
  | { enabled: true; provider: LlmProvider; baseUrl: string; apiKey?: string; model: string; timeoutMs: number };

const DEFAULTS: Record<LlmProvider, { baseUrl?: string; model?: string; needsKey: boolean }> = {
  deepseek: { baseUrl: 'https://api.deepseek.com/v1', model: 'deepseek-chat', needsKey: true },
  // Ollama's own API (/api/chat), not its OpenAI-compatible /v1.
  ollama: { baseUrl: 'http://localhost:11434', needsKey: false },
  'openai-compatible': { needsKey: false },
};

const DEFAULT_TIMEOUT_MS = 8000;

/**
 * Reads LLM_PROVIDER, LLM_BASE_URL, LLM_API_KEY, LLM_MODEL, LLM_TIMEOUT_MS. Off unless LLM_PROVIDER
 * is set; a half-filled setting stays off and says what is missing rather than failing later.
 */
export function readLlmConfig(env: Record<string, string | undefined> = process.env): LlmConfig {
  const provider = env.LLM_PROVIDER?.trim();
  if (!provider) return { enabled: false };
  if (!(provider in DEFAULTS))
    return { enabled: false, problem: `LLM_PROVIDER 应为 openai-compatible、deepseek 或 ollama，实际为 "${provider}"` };
  const p = provider as LlmProvider;
  const d = DEFAULTS[p];
  let baseUrl = (env.LLM_BASE_URL?.trim() || d.baseUrl)?.replace(/\/+$/, '');
  // An Ollama URL copied from an OpenAI-style setup ends in /v1; ChatOllama adds /api/chat itself.
  if (p === 'ollama') baseUrl = baseUrl?.replace(/\/v1$/, '');
  const model = env.LLM_MODEL?.trim() || d.model;
  const apiKey = env.LLM_API_KEY?.trim() || undefined;
  if (!baseUrl)
    return { enabled: false, problem: `LLM_PROVIDER=${p} 需要设置 LLM_BASE_URL，例如 https://example.com/v1` };
  if (!model) return { enabled: false, problem: `LLM_PROVIDER=${p} 需要设置 LLM_MODEL，例如 qwen2.5:7b` };
  if (d.needsKey && !apiKey) return { enabled: false, problem: `LLM_PROVIDER=${p} 需要设置 LLM_API_KEY` };
  const rawTimeout = env.LLM_TIMEOUT_MS?.trim();
  const timeoutMs = rawTimeout ? Number(rawTimeout) : DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    return { enabled: false, problem: `LLM_TIMEOUT_MS 应为正数（毫秒），实际为 "${rawTimeout}"` };
  return { enabled: true, provider: p, baseUrl, apiKey, model, timeoutMs };
}
