import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { explain } from '../src/core/explain/explain.js';
import { createChatModel } from '../src/llm/chat-model.js';
import { classifyQuestion } from '../src/llm/classify-question.js';
import { readLlmConfig } from '../src/llm/config.js';
import { draftReason } from '../src/llm/draft-reason.js';
import { explainWithLlm } from '../src/llm/explain-with-llm.js';
import { allowedNumbers, guardNumbers } from '../src/llm/guard-numbers.js';
import { buildReport, items } from './explain-fixture.js';

const report = buildReport();
const refs = items.map(({ id, name }) => ({ id, name }));
const exec = items.find((i) => i.id === 'exec_rate')!;
const fake = (...responses: string[]) => new FakeListChatModel({ responses, sleep: 0 });

describe('placing a question the rules could not', () => {
  it('takes the item the model names when it is in the form', async () => {
    const model = fake('{"intent":"item","indicatorId":"satisfaction"}');
    expect(await classifyQuestion(model, '老百姓打分那个为啥低', refs)).toEqual({
      intent: 'item',
      indicatorId: 'satisfaction',
    });
  });

  it('ignores an item id that is not in the form', async () => {
    expect(
      await classifyQuestion(fake('{"intent":"item","indicatorId":"no_such_item"}'), '那个为啥低', refs),
    ).toBeNull();
  });

  it('falls back on a malformed reply', async () => {
    expect(await classifyQuestion(fake('我觉得您问的是满意度'), '那个为啥低', refs)).toBeNull();
    expect(await classifyQuestion(fake('{"intent":"maybe"}'), '那个为啥低', refs)).toBeNull();
  });

  it('falls back when the model is too slow', async () => {
    const slow = new FakeListChatModel({ responses: ['{"intent":"total"}'], sleep: 1000 });
    expect(await classifyQuestion(slow, '那个为啥低', refs, { timeoutMs: 10 })).toBeNull();
  });

  it("uses the model only when the rules found nothing, and the reply is still the rules' text", async () => {
    const smart = await explainWithLlm('老百姓打分那个为啥低', report, {
      model: fake('{"intent":"item","indicatorId":"satisfaction"}'),
    });
    expect(smart.via).toBe('llm');
    expect(smart.indicatorId).toBe('satisfaction');
    expect(smart.text).toBe(explain('社会公众满意度为什么扣分', report).text);
  });

  it('does not let the model override a name the rules placed', async () => {
    // the model would say 满意度, but 预算执行率 is named outright
    const smart = await explainWithLlm('预算执行率为什么扣分', report, {
      model: fake('{"intent":"item","indicatorId":"satisfaction"}'),
    });
    expect(smart).toMatchObject({ via: 'rules', indicatorId: 'exec_rate' });
  });

  it('keeps asking back on a vague name instead of letting the model guess', async () => {
    const smart = await explainWithLlm('及时率怎么扣的', report, {
      model: fake('{"intent":"item","indicatorId":"accept_rate"}'),
    });
    expect(smart).toMatchObject({ kind: 'ambiguous', via: 'rules' });
  });

  it('keeps the rules\' "no match" reply when the model fails', async () => {
    const smart = await explainWithLlm('天气为什么扣分', report, { model: fake('not json') });
    expect(smart).toMatchObject({ kind: 'no_match', via: 'rules' });
  });
});

describe('drafting a 偏差原因', () => {
  it("offers the model's wording when its numbers are the scorer's (85%, 15个百分点)", async () => {
    const draft = await draftReason(
      fake('{"reason":"完成值85%，比指标值低15个百分点，主要是资金年底才到位。下一步提前谋划，加快支出进度。"}'),
      exec,
    );
    expect(draft).toEqual({
      source: 'llm',
      text: '完成值85%，比指标值低15个百分点，主要是资金年底才到位。下一步提前谋划，加快支出进度。',
    });
  });

  it('removes a sentence with a number that is in no trace or answer', async () => {
    const draft = await draftReason(
      fake('{"reason":"资金年底才到位。其中30%的项目延期开工。下一步加快支出进度。"}'),
      exec,
    );
    expect(draft.source).toBe('llm');
    expect(draft.text).toBe('资金年底才到位。下一步加快支出进度。');
    expect(draft.removed).toEqual(['30']);
  });

  it('removes a made-up figure the model spells in Chinese or full-width digits', async () => {
    const draft = await draftReason(
      fake('{"reason":"资金年底才到位。其中百分之三十的项目延期开工。另有３０％未验收。下一步加快支出进度。"}'),
      exec,
    );
    expect(draft).toEqual({
      source: 'llm',
      text: '资金年底才到位。下一步加快支出进度。',
      removed: ['百分之三十', '30'],
    });
  });

  it('uses the fill-in draft when nothing usable is left', async () => {
    const draft = await draftReason(fake('{"reason":"执行率只有70%。"}'), exec);
    expect(draft.source).toBe('template');
    expect(draft.text).toBe('预算执行率实际完成85%，未达到年度指标值100%。原因：（请补充）。改进措施：（请补充）。');
  });

  it('uses the fill-in draft on a malformed reply, a timeout, or without a model', async () => {
    expect((await draftReason(fake('{"text":"缺少 reason 字段"}'), exec)).source).toBe('template');
    expect(
      (
        await draftReason(new FakeListChatModel({ responses: ['{"reason":"资金到位晚。"}'], sleep: 1000 }), exec, {
          timeoutMs: 10,
        })
      ).source,
    ).toBe('template');
    expect((await draftReason(undefined, exec)).source).toBe('template');
  });
});

describe('guardNumbers', () => {
  it('keeps numbers the scorer produced, in any spelling', () => {
    expect(guardNumbers('扣了1.5分，得8.5分。', [1.5, 8.5])).toEqual({
      text: '扣了1.5分，得8.5分。',
      removed: [],
      ok: true,
    });
    expect(guardNumbers('扣了1.50分。', [1.5]).ok).toBe(true);
  });

  it('drops sentences with invented numbers, Chinese numerals included', () => {
    const g = guardNumbers('资金到位晚。扣了十五分。下一步改进。', [1.5]);
    expect(g).toEqual({ text: '资金到位晚。下一步改进。', removed: ['十五'], ok: false });
  });

  it('reads Chinese numerals and full-width digits as the numbers they are (百分之三十七, ３７％)', () => {
    const text = '完成率百分之三十七。完成率３７％。九成七的群众满意。扣了十五分。资金1.2万元。';
    expect(guardNumbers(text, [])).toEqual({
      text: '',
      removed: ['百分之三十七', '37', '九成七', '十五', '1.2万'],
      ok: false,
    });
    // the same figures pass when the item holds them, however the model spells them
    expect(guardNumbers(text, [37, 97, 15, 12000])).toEqual({ text, removed: [], ok: true });
  });

  it('keeps "十分重视" (very) but not "得十分" (ten points) when ten is not the item\'s', () => {
    expect(guardNumbers('我们十分重视。得十分。', [])).toEqual({ text: '我们十分重视。', removed: ['十'], ok: false });
    expect(guardNumbers('扣十分和两分。', [2]).removed).toEqual(['十']);
  });

  it('drops a measured figure it cannot read rather than let it through', () => {
    expect(guardNumbers('约有三四十件未办结。资金到位晚。', [30, 34, 40])).toEqual({
      text: '资金到位晚。',
      removed: ['三四十'],
      ok: false,
    });
  });

  it('does not mistake list markers or 一是/二是 for figures', () => {
    expect(guardNumbers('1. 资金到位晚；2. 审批慢。一是加快进度，二是加强监管。', []).ok).toBe(true);
  });

  it('allows exactly the numbers of the item', () => {
    const allowed = allowedNumbers(exec);
    // target 100, answer 85, gap 15, steps 15, deduct 1.5, score 8.5, max 10, rule 1 and 0.1
    for (const n of [100, 85, 15, 1.5, 8.5, 10, 0.1]) expect(allowed).toContain(n);
    expect(allowed).not.toContain(30);
  });
});

describe('LLM settings', () => {
  it('is off unless LLM_PROVIDER is set', () => {
    expect(readLlmConfig({})).toEqual({ enabled: false });
    expect(createChatModel(readLlmConfig({}))).toBeUndefined();
  });

  it('fills the DeepSeek and Ollama defaults', () => {
    expect(readLlmConfig({ LLM_PROVIDER: 'deepseek', LLM_API_KEY: 'k' })).toEqual({
      enabled: true,
      provider: 'deepseek',
      baseUrl: 'https://api.deepseek.com/v1',
      apiKey: 'k',
      model: 'deepseek-chat',
      timeoutMs: 8000,
    });
    expect(readLlmConfig({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'qwen2.5:7b', LLM_TIMEOUT_MS: '20000' })).toMatchObject({
      enabled: true,
      baseUrl: 'http://localhost:11434',
      timeoutMs: 20000,
    });
    // a URL copied from an OpenAI-style setup still reaches Ollama's own API
    expect(
      readLlmConfig({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_BASE_URL: 'http://gpu.local:11434/v1/' }),
    ).toMatchObject({ baseUrl: 'http://gpu.local:11434' });
  });

  it('stays off and says why when a setting is missing or wrong', () => {
    expect(readLlmConfig({ LLM_PROVIDER: 'deepseek' })).toEqual({
      enabled: false,
      problem: expect.stringContaining('LLM_API_KEY'),
    });
    expect(readLlmConfig({ LLM_PROVIDER: 'openai-compatible', LLM_MODEL: 'm' })).toEqual({
      enabled: false,
      problem: expect.stringContaining('LLM_BASE_URL'),
    });
    expect(readLlmConfig({ LLM_PROVIDER: 'gpt' })).toEqual({
      enabled: false,
      problem: expect.stringContaining('LLM_PROVIDER'),
    });
    expect(readLlmConfig({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'm', LLM_TIMEOUT_MS: 'soon' })).toEqual({
      enabled: false,
      problem: expect.stringContaining('LLM_TIMEOUT_MS'),
    });
  });
});
