import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { templatePath } from '../src/templates/load-template.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';

// The bot's wording is data a deployer may change (TIANBAO_MESSAGES, TIANBAO_REASON_DRAFTS). A broken file
// stops the bot when it starts, naming every problem — never a 「{nmae}」 or a crash in the middle of a chat.
const keep = closeAfterEach();
const saved = { ...process.env };
afterEach(() => {
  process.env.TIANBAO_MESSAGES = saved.TIANBAO_MESSAGES;
  process.env.TIANBAO_REASON_DRAFTS = saved.TIANBAO_REASON_DRAFTS;
  if (saved.TIANBAO_MESSAGES === undefined) delete process.env.TIANBAO_MESSAGES;
  if (saved.TIANBAO_REASON_DRAFTS === undefined) delete process.env.TIANBAO_REASON_DRAFTS;
});

/** Starts the bot as a fresh process would: wording is read once per process, so the modules are loaded anew. */
async function start(): Promise<unknown> {
  vi.resetModules();
  const { buildApp } = await import('../src/app/build-engine.js');
  const dir = keep(tempDir(), cleanup);
  return keep(buildApp({ dataDir: join(dir, 'data'), flowsDir: FIXTURE_FLOWS }), (a) => a.close());
}

/** The shipped file with one line changed, written where the test's env points. */
function variant(name: string, from: string, to: string): string {
  const dir = keep(tempDir(), cleanup);
  const text = readFileSync(templatePath(name), 'utf8');
  expect(text).toContain(from);
  const file = join(dir, name);
  writeFileSync(file, text.replace(from, to));
  return file;
}

describe('a broken wording file stops the bot at start', () => {
  it('the reason drafts: an unknown placeholder, a missing one and a regular expression that does not compile', async () => {
    process.env.TIANBAO_REASON_DRAFTS = variant('reason-drafts.yaml', '实际完成{actual}', '实际完成{actaul}');
    await expect(start()).rejects.toThrow(/偏差原因草稿文件有误：\n.*lead: 不认识的占位符 \{actaul\}/);
    process.env.TIANBAO_REASON_DRAFTS = variant('reason-drafts.yaml', '{draft}', '（草稿）');
    await expect(start()).rejects.toThrow(/offer: 缺少占位符 \{draft\}/);
    process.env.TIANBAO_REASON_DRAFTS = variant('reason-drafts.yaml', 'match: "满意"', 'match: "满意("');
    await expect(start()).rejects.toThrow(/kinds\[3\]\.match: 不是有效的正则表达式/);
  });

  it('the messages: a missing wording is named', async () => {
    process.env.TIANBAO_MESSAGES = variant('messages.yaml', 'reason_yesno:', 'reason_yes_no:');
    await expect(start()).rejects.toThrow(/消息模板有误：[\s\S]*reason_yesno: 缺少此项/);
  });

  it('the shipped files start the bot', async () => {
    expect(((await start()) as { engine: unknown }).engine).toBeDefined();
  });
});
