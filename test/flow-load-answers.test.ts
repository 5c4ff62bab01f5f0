import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runExplain } from '../src/cli/explain-command.js';
import { readAnswersFile } from '../src/cli/read-inputs.js';
import { runReport } from '../src/cli/report-command.js';
import { runScore } from '../src/cli/score-command.js';
import { loadFlowFile } from '../src/flows/read-flows.js';

// score, report and explain read answers files through one reader: what one accepts, all accept.

const DEMO = resolve(import.meta.dirname, 'fixtures/flows/demo.yaml');
const answers = {
  org_name: '示例信访局',
  budget_total: 100,
  budget_spent: '96.5',
  settle_rate: { value: '93%', reason: '个别案件超期' },
  incidents: '0起',
  stability: '部分达成 13',
  satisfaction: '92%',
};

let dir: string;
let out: string[];
let err: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tianbao-answers-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.stubEnv('LLM_PROVIDER', '');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const commands = (file: string) => ({
  score: () => runScore(['--flow', DEMO, '--answers', file, '--json']),
  report: () => runReport(['--flow', DEMO, '--answers', file, '--out', join(dir, '自评表.docx')]),
  explain: () => runExplain(['--flow', DEMO, '--answers', file, '--question', '总分怎么算的']),
});

describe('one answers-file reader for score, report and explain', () => {
  it('all three take a file saved by Notepad with a BOM, numbers as numbers', async () => {
    const file = write('bom.json', `\uFEFF${JSON.stringify(answers)}`);
    const run = commands(file);
    expect(await run.score()).toBe(0);
    expect(JSON.parse(out.join('\n')).total).toBe(84.7);
    expect(await run.report()).toBe(0);
    expect(out.at(-1)).toBe(`已生成 ${join(dir, '自评表.docx')}：总分 84.7/100，等级：良`);
    expect(await run.explain()).toBe(0);
    expect(err).toEqual([]);
  });

  it('all three refuse a file that is not JSON with the same reason and an example', async () => {
    const file = write('bad.json', '{"settle_rate": 93%}');
    const run = commands(file);
    for (const cmd of [run.score, run.report, run.explain]) {
      err = [];
      expect(await cmd()).toBeGreaterThan(0);
      expect(err.join('\n')).toContain(`答案文件 ${file} 不是有效的 JSON`);
      expect(err.join('\n')).toContain('{"task_rate": "98%"');
    }
  });

  it('reads a value, a reason and a person-only score, and names ids the form does not have', () => {
    const flow = loadFlowFile(DEMO);
    if (!flow.ok) throw new Error(flow.errors.join('\n'));
    const file = write('a.json', JSON.stringify({ budget_total: 100, stability: { score: 12 }, stabilty: '13' }));
    expect(readAnswersFile(file, flow.flow)).toEqual({
      ok: true,
      value: { budget_total: { value: '100' }, stability: { value: '', score: 12 }, stabilty: { value: '13' } },
      warnings: ['答案文件中的"stabilty"不是该表单的字段或指标，已忽略'],
    });
  });

  it('refuses an entry that is neither text nor {"value": …}, and a list instead of an object', () => {
    const wrong = write('w.json', JSON.stringify({ settle_rate: ['93%'] }));
    expect(readAnswersFile(wrong)).toEqual({
      ok: false,
      error: `答案文件 ${wrong} 中"settle_rate"的写法不对：应为文字，或 {"value": "…", "reason": "…"}`,
    });
    const list = write('l.json', '["93%"]');
    expect(readAnswersFile(list)).toEqual({ ok: false, error: `答案文件 ${list} 应是 JSON 对象（{…}），实际是数组` });
  });
});
