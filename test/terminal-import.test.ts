import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hecheng, rugao } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { readDocx } from './fixtures/read-docx.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

const keep = closeAfterEach();
const BIN = resolve(import.meta.dirname, '../bin/tianbao.mjs');

/** `tianbao chat` as the person at the machine runs it, lines piped in; resolves with stdout. */
function chat(dataDir: string, flowsDir: string, lines: string[]): Promise<string> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [BIN, 'chat', '--user', '办公室'], {
      env: { ...process.env, TIANBAO_DATA_DIR: dataDir, TIANBAO_FLOWS_DIR: flowsDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', () => done(out));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

function dirs() {
  const dir = keep(tempDir('tianbao-tty-import-'), cleanup);
  const flowsDir = join(dir, 'flows');
  mkdirSync(flowsDir);
  return { dir, flowsDir, dataDir: join(dir, 'data') };
}

describe('the person at the machine imports a form in the terminal chat', () => {
  it('导入 <路径> → summary → 发布 → fills the new form in the same session → the 自评表 has its rows', async () => {
    const { dir, flowsDir, dataDir } = dirs();
    const file = join(dir, '鹤城自评表.docx');
    await writeDocx(hecheng, file);
    const out = await chat(dataDir, flowsDir, [
      `导入 ${file}`,
      '发布',
      '开始',
      ...['好', '好', '好', '20', '20', '19', '部分资金年底才下达', '基本完成'],
      ...['100%', '90%', '90%', '100%', '90%', '90%', '90%'],
      '确认',
    ]);
    const lines = out.split('\n');
    expect(lines[0]).toBe('已读取《2020年预算支出绩效自评表·驻京维稳劝返专项经费》（区信访局）');
    expect(lines).toContain('共 8 项指标，总分 100 分，需人工评分 0 项。');
    expect(lines).toContain('已发布 1 张表：');
    expect(readdirSync(flowsDir)).toEqual([expect.stringMatching(/^qxfj-2020-zjwwqfzxjf-[0-9a-f]{4}\.yaml$/)]);
    expect(out).toContain('合计 109.5/110 分，等级：优');
    const saved = lines.find((l) => l.startsWith('已保存：'));
    if (!saved) throw new Error(out);
    const doc = await readDocx(readFileSync(saved.slice('已保存：'.length)));
    const rows = doc.tables.flatMap((t) => t.rows.map((r) => r.cells.map((c) => c.text)));
    const row = rows.find((cells) => cells.includes('社会效益指标') && cells.includes('维护社会稳定，完成各项任务90%'));
    expect(row).toContain('20');
  });

  it('取消 leaves the flows dir as it was; a missing file gets the reason and what to send', async () => {
    const { dir, flowsDir, dataDir } = dirs();
    const file = join(dir, 'rugao.docx');
    await writeDocx(rugao, file);
    const out = await chat(dataDir, flowsDir, [`导入 ${file}`, '取消', `导入 ${join(dir, '没有这个.docx')}`]);
    expect(out).toContain('共 15 项指标，总分 100 分，需人工评分 0 项。');
    expect(out.split('\n')).toContain('已取消导入，什么都没有改动。');
    expect(out).toContain('《没有这个.docx》没能导入：找不到文件');
    expect(readdirSync(flowsDir)).toEqual([]);
  });
});
