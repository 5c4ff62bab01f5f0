import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runImport } from '../src/cli/import-command.js';
import { importForm } from '../src/import/import-form.js';
import { READER_LIMITS } from '../src/import/read-in-worker.js';
import { checkSheet } from '../src/import/xlsx-guard.js';
import { zhengding } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { xlsxFiles as bombs } from './fixtures/import/xlsx-bombs.js';

// Issue 21, item 1: a 6.8 KB .xlsx with one merge over the sheet took `tianbao import` to 4.3 GB. The sheet XML
// is checked before exceljs loads anything, and the reading runs in a thread with memory and time limits.
const dir = mkdtempSync(join(tmpdir(), 'tianbao-hostile-xlsx-'));
const file = async (name: keyof typeof bombs) => {
  const path = join(dir, `${name}.xlsx`);
  writeFileSync(path, await bombs[name]());
  return path;
};

afterEach(() => vi.restoreAllMocks());

/** The CLI on a file, in this process: its exit code and what it printed on stderr. */
async function cli(path: string): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const code = await runImport([path, '--dry-run']);
  return { code, err: err.join('\n') };
}

describe('a hostile spreadsheet is refused with exit 2 and a plain reason, before exceljs expands it', () => {
  const cases: [keyof typeof bombs, string][] = [
    [
      'mergeBomb',
      '工作表「指标」有一处合并单元格跨 1,048,576 行 × 16,377 列，远超一张绩效表，可能是恶意文件，没有导入',
    ],
    [
      'tenMillionMerge',
      '工作表「指标」有一处合并单元格跨 100,000 行 × 94 列，远超一张绩效表，可能是恶意文件，没有导入',
    ],
    ['dimensionBomb', '工作表「指标」有 1048576 行 × 16384 列，太大，不像一张绩效表'],
    ['manyMerges', '工作表「指标」有超过 10,000 处合并单元格，远超一张绩效表，可能是恶意文件，没有导入'],
    ['columnBomb', '文件已损坏或格式不对，无法读取'],
  ];
  for (const [name, reason] of cases)
    it(name, async () => {
      const path = await file(name);
      expect(await cli(path)).toEqual({ code: 2, err: `✗ ${path}：${reason}` });
    });

  it('a data validation or a defined name over the whole sheet is ignored: the form reads as written', async () => {
    for (const name of ['validationBomb', 'definedNameBomb'] as const) {
      const r = await importForm(await file(name));
      expect(r.ok && r.flows[0]?.rows.map((x) => x.name)).toEqual(['信访事项办结率', '重大群体性事件', '群众满意度']);
    }
  });
});

describe('a hostile Word table', () => {
  /** The 正定 form with a w:tcPr of the attacker’s choosing in its first table cell. */
  async function docxWith(tcPr: string): Promise<string> {
    const path = join(dir, `edited-${tcPr.length}.docx`);
    await writeDocx(zhengding, path);
    const zip = await JSZip.loadAsync(readFileSync(path));
    const xml = await zip.file('word/document.xml')!.async('string');
    zip.file('word/document.xml', xml.replace('<w:tc>', `<w:tc><w:tcPr>${tcPr}</w:tcPr>`));
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    return path;
  }

  it('a cell spanning a billion columns is refused at once', async () => {
    const path = await docxWith('<w:gridSpan w:val="1000000000"/>');
    expect(await cli(path)).toEqual({
      code: 2,
      err: `✗ ${path}：表格的一个单元格跨 1000000000 列，超过 Word 的上限（63 列），文件已损坏`,
    });
  });

  it('a span Word allows still reads', async () => {
    expect((await importForm(await docxWith('<w:gridSpan w:val="1"/>'))).ok).toBe(true);
  });
});

describe('checkSheet reads the XML as text', () => {
  const sheet = (body: string) => `<worksheet><sheetData>${body}</sheetData></worksheet>`;
  it('counts cells, merges and how far the cells reach, with or without a namespace prefix', () => {
    expect(() => checkSheet(sheet('<x:row r="1"><x:c r="A1"/><x:c r="B1"/></x:row>'), 'S')).not.toThrow();
    expect(() => checkSheet(sheet('<row r="1"><c r="XFD1"/></row><row r="20"><c r="A20"/></row>'), 'S')).toThrow(
      '工作表「S」有 20 行 × 16384 列，太大，不像一张绩效表',
    );
    expect(() => checkSheet(`${sheet('')}<mergeCells><mergeCell ref="A1:ZZZ9"/></mergeCells>`, 'S')).toThrow(
      '文件已损坏或格式不对，无法读取',
    );
  });
});

describe('the reading thread', () => {
  it('that runs out of memory: the file is refused, the process goes on, the next file is read', async () => {
    const good = await file('smallFormXlsx');
    const saved = { ...READER_LIMITS };
    try {
      READER_LIMITS.heapMb = 8;
      const r = await importForm(good);
      expect(r).toEqual({ ok: false, reason: '文件太复杂，读取时超过 8 MB 内存上限（可能是恶意文件），没有导入' });
    } finally {
      Object.assign(READER_LIMITS, saved);
    }
    expect((await importForm(good)).ok).toBe(true);
  });

  it('that takes too long: the file is refused and the thread ended', async () => {
    const good = await file('smallFormXlsx');
    const saved = { ...READER_LIMITS };
    try {
      READER_LIMITS.timeoutMs = 1;
      const r = await importForm(good);
      expect(r).toEqual({
        ok: false,
        reason: '读取超过 0 秒仍未完成（文件太复杂或已损坏，可能是恶意文件），没有导入',
      });
    } finally {
      Object.assign(READER_LIMITS, saved);
    }
    expect((await importForm(good)).ok).toBe(true);
  });
});

describe('the memory of a process refusing a bomb', () => {
  // Measured in a fresh process (the CLI as a person runs it), capped at 1 GB of heap so a regression fails
  // here instead of taking the machine: the whole process's peak resident memory, reading thread included.
  const CHILD = resolve(import.meta.dirname, '../bench/import-child.ts');
  for (const name of ['mergeBomb', 'dimensionBomb'] as const)
    it(`${name}: exit 2 with the process's peak under 400 MB`, async () => {
      const path = await file(name);
      let out: string;
      try {
        out = execFileSync(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', CHILD, path], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 90_000,
        });
      } catch (e) {
        throw new Error(
          `the import process died: ${(e as { signal?: string; status?: number }).signal ?? (e as { status?: number }).status}`,
        );
      }
      const r = JSON.parse(out.trim().split('\n').pop() as string) as { code: number; peakMb: number };
      expect(r.code).toBe(2);
      expect(r.peakMb).toBeLessThan(400);
    }, 120_000);
});
