import { existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runImport } from '../src/cli/import-command.js';
import { LOOKED_FOR } from '../src/import/import-form.js';
import { zhengding } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { zipBomb } from './fixtures/import/zip-bomb.js';

const dir = mkdtempSync(join(tmpdir(), 'tianbao-import-bad-'));
const out = join(dir, 'flows');
let good: string;

beforeAll(async () => {
  good = join(dir, 'good.docx');
  await writeDocx(zhengding, good);
});

afterEach(() => vi.restoreAllMocks());

/** Runs the CLI on a file; returns its exit code and what it printed on stderr. */
async function cli(file: string): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const code = await runImport([file, '--out', out]);
  return { code, err: err.join('\n') };
}

describe('a file the importer cannot use gets a clear message, exit 2 and nothing written', () => {
  it('an encrypted Word file (an OLE container named .docx)', async () => {
    const f = join(dir, 'secret.docx');
    writeFileSync(
      f,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
    );
    expect(await cli(f)).toEqual({
      code: 2,
      err: `✗ ${f}：文件设有打开密码（已加密），请在 Word/Excel 中去掉密码后另存再导入`,
    });
  });

  it('a Word file cut off half-way (corrupt)', async () => {
    const f = join(dir, 'cut.docx');
    const bytes = readFileSync(good);
    writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await cli(f)).toEqual({ code: 2, err: `✗ ${f}：文件已损坏或格式不对，无法读取` });
  });

  it('a picture renamed to .xlsx', async () => {
    const f = join(dir, 'photo.xlsx');
    writeFileSync(f, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]));
    expect((await cli(f)).err).toBe(
      `✗ ${f}：读不了这个文件：它不是 Word（.docx/.doc）或 Excel（.xlsx/.xls）文件，或者已损坏`,
    );
  });

  it('a Word file whose only table is a contact list says what it looked for', async () => {
    const f = join(dir, 'contacts.docx');
    await writeDocx(
      {
        paragraphs: ['通讯录'],
        tables: [
          {
            before: [],
            rows: [
              ['科室', '职务'],
              ['办公室', '主任'],
            ],
          },
        ],
      },
      f,
    );
    expect(await cli(f)).toEqual({ code: 2, err: `✗ ${f}：${LOOKED_FOR}` });
  });

  it('a 50 MB file is refused before it is read', async () => {
    const f = join(dir, 'huge.docx');
    writeFileSync(f, readFileSync(good));
    truncateSync(f, 50 * 1024 * 1024);
    expect(await cli(f)).toEqual({ code: 2, err: `✗ ${f}：文件有 50.0 MB，超过 20 MB 上限，不像一张绩效表` });
  });

  for (const declare of ['honest', 'lie'] as const) {
    it(`a zip bomb (150 MB of text in a tiny file, sizes declared ${declare === 'honest' ? 'honestly' : 'falsely'})`, async () => {
      const f = join(dir, `bomb-${declare}.docx`);
      writeFileSync(f, zipBomb('word/document.xml', 150 * 1024 * 1024, declare));
      expect(readFileSync(f).length).toBeLessThan(1024 * 1024);
      expect(await cli(f)).toEqual({
        code: 2,
        err: `✗ ${f}：文件解压后超过 100 MB 上限（可能是恶意压缩包），没有导入`,
      });
    });
  }

  it('a table of 5,000 indicator rows', async () => {
    const f = join(dir, 'long.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('指标');
    ws.addRow(['一级指标', '二级指标', '三级指标', '指标值', '分值']);
    for (let i = 1; i <= 5000; i++) ws.addRow(['产出指标', '数量指标', `第${i}项`, '100%', 1]);
    await wb.xlsx.writeFile(f);
    expect(await cli(f)).toEqual({
      code: 2,
      err: `✗ ${f}：工作表「指标」的指标超过 1000 行，不像一张绩效表，没有导入`,
    });
  });

  it('after all of the above, the flows directory was never created', () => {
    expect(existsSync(out)).toBe(false);
  });
});

describe('the CLI on a readable form', () => {
  it('--dry-run prints the per-row table and writes nothing', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
    const code = await runImport([good, '--out', out, '--dry-run']);
    expect(code).toBe(1); // weights assumed: the coordinator must look
    expect(existsSync(out)).toBe(false);
    const table3 = lines.find((l) => l.startsWith('表3'))?.split('\n') ?? [];
    expect(table3.slice(0, 5)).toEqual([
      '表3 （试运行，未写入）',
      '  正定县信访局 · 信访专项业务费 · 2022年度（项目支出绩效自评表）：7 项指标，分值合计 100，总分 100',
      '  序号  一级指标／二级指标／三级指标｜分值｜指标值｜按什么填｜评分标准怎么读的',
      '    1  预算执行／预算执行／预算执行率｜10*｜100%｜百分比｜由预算数自动计算',
      '         说明：原表没有预算执行率，按常用分配另设一项，由预算数自动计算',
    ]);
    expect(table3).toContain('  需要核对：有假设');
  });

  it('writes one flow per table, and importing again writes the next version of each', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const flows = join(dir, 'again');
    expect(await runImport([good, '--out', flows])).toBe(1);
    const names = readdirSync(flows).sort();
    expect(names).toHaveLength(5);
    const yewu = names.find((n) => /^zdxxfj-2022-xfzxywf-[0-9a-f]{4}\.yaml$/.test(n));
    expect(yewu).toBeDefined();
    expect(await runImport([good, '--out', flows, '--id', 'zd'])).toBe(1);
    expect(readdirSync(flows).filter((n) => n.startsWith('zd-') || n === 'zd.yaml')).toHaveLength(5);
    expect(await runImport([good, '--out', flows])).toBe(1);
    expect(readFileSync(join(flows, yewu as string), 'utf8')).toMatch(/^version: 2$/m);
  });
});

describe('a workbook formatted down a million rows', () => {
  it('is refused with the sheet size, not called damaged', async () => {
    const f = join(dir, 'wide.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目标表');
    ws.getCell(1, 1).value = '一级指标';
    ws.getCell(300_000, 1).value = ' ';
    await wb.xlsx.writeFile(f);
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
    expect(await runImport([f, '--out', out])).toBe(2);
    expect(err).toEqual([`✗ ${f}：工作表「目标表」有 300000 行 × 1 列，太大，不像一张绩效表`]);
  });
});
