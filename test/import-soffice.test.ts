import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importForm } from '../src/import/import-form.js';
import { essence, handWritten } from './fixtures/import/equivalent.js';
import { hecheng, rugao } from './fixtures/import/seed-forms.js';
import { sofficeFromHtml } from './fixtures/import/write-form.js';

const haveSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
// CI installs LibreOffice (.ci/run), so there a missing converter is a failure, never a silent skip.
if (!haveSoffice && process.env.CI) throw new Error('CI 环境缺少 soffice：.ci/run 应已安装 libreoffice-writer-nogui');

function firstFlow(r: Awaited<ReturnType<typeof importForm>>) {
  if (!r.ok || !r.flows[0]) throw new Error(r.ok ? 'no flow' : r.reason);
  return r.flows[0].flow;
}

const dir = mkdtempSync(join(tmpdir(), 'tianbao-import-soffice-'));

describe.skipIf(!haveSoffice)('forms written by LibreOffice, not by our own docx writer', () => {
  it('a .docx saved by LibreOffice from the 鹤城 table imports as the hand-written flow', async () => {
    const file = join(dir, 'hecheng-lo.docx');
    sofficeFromHtml(hecheng, file, 'docx');
    const r = await importForm(file);
    if (!r.ok) throw new Error(r.reason);
    expect(r.format).toBe('docx');
    expect(essence(firstFlow(r))).toEqual({
      ...essence(handWritten('hecheng-2020-zhujing-quanfan')),
      org: '区信访局',
    });
  });

  it('an old Word .doc (如皋) is converted through LibreOffice and imports as the hand-written flow', async () => {
    const file = join(dir, 'rugao.doc');
    sofficeFromHtml(rugao, file, 'doc');
    const r = await importForm(file);
    if (!r.ok) throw new Error(r.reason);
    expect(r.format).toBe('doc→docx');
    expect(essence(firstFlow(r))).toEqual(essence(handWritten('rugao-2024-lianxi-huiban')));
  });
});

describe('an old .doc when LibreOffice is not installed', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });
  it('says what to do instead, and reads nothing', async () => {
    const file = join(dir, 'old.doc');
    // An OLE2 header is all the importer looks at before deciding it needs LibreOffice.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
    );
    process.env.PATH = '/nonexistent';
    const r = await importForm(file);
    expect(r).toEqual({
      ok: false,
      reason: '旧版 .doc 文件需要 LibreOffice 转换，但本机没有安装（soffice）。请在 Word/Excel 中另存为 .docx 后再导入',
    });
  });
});
