import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runReport } from '../src/cli/report-command.js';
import { readDocx } from './fixtures/read-docx.js';

// The 正定县 信访专项业务费 project form (seed 001): 预算执行率 10, four 产出 items × 12.5, 效益 30, 满意度 10.
const flow = join(import.meta.dirname, '..', 'flows', 'zhengding-2022-xinfang-yewu.yaml');

// Everything met: 5/5 万元 executed = 100 % → 10; 12.5 × 4 = 50; 达成 → 30; 85 % ≥ 70 % → 10. Total 100.
const fullMarks = {
  budget_total: '5',
  budget_spent: '5',
  goal_actual: '信访渠道畅通，社会和谐稳定',
  task_rate: '100%',
  accept_timely_rate: { value: '100%' },
  on_time_rate: '100%',
  within_budget: '达成',
  social_stability: '达成',
  petitioner_satisfaction: { value: '85%', reason: '个别诉求未能满足' },
};

let dir = '';
let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tianbao-report-'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((s) => void out.push(String(s)));
  vi.spyOn(console, 'error').mockImplementation((s) => void err.push(String(s)));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function answersFile(content: unknown, raw = false): string {
  const p = join(dir, 'answers.json');
  writeFileSync(p, raw ? String(content) : JSON.stringify(content));
  return p;
}

describe('tianbao report', () => {
  it('scores the answers and writes the 自评表', async () => {
    const docx = join(dir, '自评表.docx');
    const code = await runReport([
      '--flow',
      flow,
      '--answers',
      answersFile(fullMarks),
      '--out',
      docx,
      '--revision',
      '2',
      '--filler',
      '王小明',
      '--phone',
      '0000-1234567',
      '--date',
      '2023-01-10',
    ]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('总分 100/100，等级：优');
    const doc = await readDocx(readFileSync(docx));
    expect(doc.paragraphs[0]).toBe('2022年度项目支出绩效自评表');
    expect(doc.paragraphs[1]).toContain('填报日期：2023年1月10日');
    expect(doc.paragraphs[1]).toContain('第2版');
    expect(doc.tables[2].rows[0].cells[0].text).toBe('填表人：王小明');
    expect(doc.tables[1].rows.at(-1)!.cells.map((c) => c.text)).toEqual(['总分', '100', '100　　等级：优']);
    // Only the document is left in the directory: no temporary file.
    expect(readdirSync(dir).sort()).toEqual(['answers.json', '自评表.docx']);
  });

  it('says which answer keys it ignored', async () => {
    const code = await runReport([
      '--flow',
      flow,
      '--answers',
      answersFile({ ...fullMarks, task_rat: '99%' }),
      '--out',
      join(dir, 'a.docx'),
    ]);
    expect(code).toBe(0);
    expect(err).toEqual(['提示：答案文件中的"task_rat"不是该表单的字段或指标，已忽略']);
  });

  it('refuses a flow file that does not load, and writes nothing', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: x\ntitle: 表\nindicators: []\n');
    const docx = join(dir, 'out.docx');
    const code = await runReport(['--flow', bad, '--answers', answersFile(fullMarks), '--out', docx]);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^表单文件有误，未生成自评表：\n {2}.*indicators/);
    expect(existsSync(docx)).toBe(false);
  });

  it('refuses an answers file that is not JSON, showing what one looks like, and keeps the old document', async () => {
    const docx = join(dir, 'out.docx');
    writeFileSync(docx, 'the previous version');
    const code = await runReport(['--flow', flow, '--answers', answersFile('{"task_rate": 98%}', true), '--out', docx]);
    expect(code).toBe(1);
    expect(err[0]).toContain('不是有效的 JSON');
    expect(err[0]).toContain('未生成自评表');
    expect(err[0]).toContain('{"task_rate": "98%"');
    expect(readFileSync(docx, 'utf8')).toBe('the previous version');
    expect(readdirSync(dir).sort()).toEqual(['answers.json', 'out.docx']);
  });

  it('refuses answers of the wrong shape, naming the key', async () => {
    const code = await runReport([
      '--flow',
      flow,
      '--answers',
      answersFile({ task_rate: { val: '98%' } }),
      '--out',
      join(dir, 'out.docx'),
    ]);
    expect(code).toBe(1);
    expect(err[0]).toContain('"task_rate"的写法不对');
  });

  it('refuses an answers file that is a list', async () => {
    const code = await runReport(['--flow', flow, '--answers', answersFile(['98%']), '--out', join(dir, 'out.docx')]);
    expect(code).toBe(1);
    expect(err[0]).toContain('应是 JSON 对象');
  });

  it('asks for the missing options', async () => {
    const code = await runReport(['--flow', flow]);
    expect(code).toBe(2);
    expect(err[0]).toContain('缺少参数 --answers、--out');
    expect(err[0]).toContain('用法：tianbao report');
  });

  it('explains a bad date or revision with an example', async () => {
    const a = answersFile(fullMarks);
    expect(
      await runReport(['--flow', flow, '--answers', a, '--out', join(dir, 'x.docx'), '--date', '2023-02-30']),
    ).toBe(2);
    expect(err.at(-1)).toBe('--date 应为日期，实际为"2023-02-30"。例如：--date 2025-03-01');
    expect(await runReport(['--flow', flow, '--answers', a, '--out', join(dir, 'x.docx'), '--revision', '二'])).toBe(2);
    expect(err.at(-1)).toBe('--revision 应为正整数，实际为"二"。例如：--revision 2');
  });

  it('refuses a layout file with a mistake, naming it', async () => {
    const layout = join(dir, 'layout.yaml');
    writeFileSync(layout, 'page: {size: B5}\n');
    const code = await runReport([
      '--flow',
      flow,
      '--answers',
      answersFile(fullMarks),
      '--out',
      join(dir, 'x.docx'),
      '--template',
      layout,
    ]);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/^版式文件有误，未生成自评表：/);
    expect(err[0]).toContain('page.size: size 应为 A4 或 A3');
    expect(existsSync(join(dir, 'x.docx'))).toBe(false);
  });

  it('says when the output directory does not exist', async () => {
    const code = await runReport([
      '--flow',
      flow,
      '--answers',
      answersFile(fullMarks),
      '--out',
      join(dir, 'no-such-dir', 'x.docx'),
    ]);
    expect(code).toBe(1);
    expect(err[0]).toContain('输出目录不存在');
  });

  it('refuses to write over anything that is not a regular file: a device, a pipe, a directory, a link', async () => {
    const fifo = join(dir, 'pipe.docx');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const folder = join(dir, 'folder.docx');
    mkdirSync(folder);
    const link = join(dir, 'link.docx');
    symlinkSync('/dev/null', link);
    const cases: Array<[string, string]> = [
      ['/dev/null', '设备'],
      [fifo, '管道'],
      [folder, '目录'],
      [link, '链接'],
    ];
    for (const [target, kind] of cases) {
      err = [];
      expect(await runReport(['--flow', flow, '--answers', answersFile(fullMarks), '--out', target])).toBe(1);
      expect(err).toEqual([
        `${target} 已存在且不是普通文件（${kind}），未写入。请换一个 --out 路径，例如：--out ./自评表.docx`,
      ]);
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
