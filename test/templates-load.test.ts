import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadNudgeTexts } from '../src/campaigns/texts.js';
import { loadExplainTexts } from '../src/core/explain/texts.js';
import { loadTexts } from '../src/engine/texts.js';
import { llmPrompts } from '../src/llm/prompts.js';
import { loadReportTemplate } from '../src/report/template.js';
import { cachedTemplate, loadTemplate, readTemplate } from '../src/templates/load-template.js';

const dir = mkdtempSync(join(tmpdir(), 'tianbao-templates-'));
function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const wording = z.object({ greeting: z.string().min(1), help: z.string().min(1) }).strict();

describe('one loader for every file in templates/', () => {
  it('reads each shipped template through it', () => {
    expect(loadTexts().greeting.length).toBeGreaterThan(0);
    expect(loadNudgeTexts().nudge).toContain('回复「继续」接着填');
    expect(loadExplainTexts().no_match.examples.length).toBeGreaterThan(0);
    expect(loadReportTemplate().ok).toBe(true);
    expect(llmPrompts().reason.fallback).toContain('{name}');
  });

  it("lists every problem of a broken file as file: path: reason, in zod's Chinese", () => {
    const p = write('bad.yaml', 'greeting: 123\ncolour: red\n');
    expect(readTemplate(wording, p, '消息模板')).toEqual({
      ok: false,
      errors: [
        `${p}: greeting: 无效输入：期望 string，实际接收 数字`,
        `${p}: help: 缺少此项`,
        `${p}: (根): 不认识的键：colour`,
      ],
    });
    expect(() => loadTemplate(wording, p, '消息模板')).toThrow(`消息模板有误：\n${p}: greeting:`);
  });

  it('refuses an alias bomb or a missing file with a reason instead of crashing', () => {
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    const bomb = write('bomb.yaml', `${lines.join('\n')}\ngreeting: *a7\n`);
    const r = readTemplate(wording, bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([`${bomb}: YAML 别名（*引用）展开过多，上限 100 次`]);
    expect(readTemplate(wording, join(dir, 'none.yaml'), '提醒模板')).toEqual({
      ok: false,
      errors: [`${join(dir, 'none.yaml')}: 无法读取提醒模板（ENOENT）`],
    });
  });

  it('reads a file once per process when cached', () => {
    const p = write('once.yaml', 'greeting: 您好\nhelp: 回复「帮助」\n');
    const first = cachedTemplate(wording, p);
    write('once.yaml', 'greeting: 改了\nhelp: 改了\n');
    expect(cachedTemplate(wording, p)).toBe(first);
    expect(loadTemplate(wording, p).greeting).toBe('改了');
  });
});
