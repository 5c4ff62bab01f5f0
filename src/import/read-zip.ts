import JSZip from 'jszip';
import type { SourceDoc } from './grid.js';
import { ReadError, readDocx } from './read-docx.js';
import { readXlsx } from './read-xlsx.js';
import { prepareXlsx } from './xlsx-guard.js';

/** A read that did not throw: the document, or the reason it was refused. */
export type ZipRead = { ok: true; doc: SourceDoc; format: string } | { ok: false; reason: string };

/** Sum of the uncompressed sizes of a .docx/.xlsx (a zip bomb declares, or inflates to, gigabytes). */
export const UNZIPPED_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Reads the bytes of a .docx or .xlsx (a zip) into tables and paragraphs. The heavy part of an import:
 * `readZipInWorker` runs it in a worker thread with memory and time limits. Never throws.
 */
export async function readZip(data: Uint8Array, ext: string): Promise<ZipRead> {
  try {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const zip = await JSZip.loadAsync(bytes);
    // The declared sizes come from the central directory; nothing has been inflated yet.
    let declared = 0;
    for (const f of Object.values(zip.files)) {
      declared += (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    }
    if (declared > UNZIPPED_MAX_BYTES || !(await inflatesWithin(zip, UNZIPPED_MAX_BYTES)))
      return {
        ok: false,
        reason: `文件解压后超过 ${UNZIPPED_MAX_BYTES / 1048576} MB 上限（可能是恶意压缩包），没有导入`,
      };
    if (zip.file('word/document.xml')) return { ok: true, doc: await readDocx(zip), format: 'docx' };
    // The sheet XML is checked before exceljs sees it: exceljs expands merges and ranges cell by cell.
    if (zip.file('xl/workbook.xml'))
      return { ok: true, doc: await readXlsx(await prepareXlsx(zip, bytes)), format: 'xlsx' };
    if (ext === '.docx' || ext === '.xlsx') return { ok: false, reason: '文件已损坏：压缩包里没有 Word/Excel 的正文' };
    return { ok: false, reason: '读不了这个文件：它不是 Word 或 Excel 文件' };
  } catch (e) {
    // Our own refusals say why; anything a parser throws means the file is damaged.
    if (e instanceof ReadError) return { ok: false, reason: e.message };
    return { ok: false, reason: '文件已损坏或格式不对，无法读取' };
  }
}

/**
 * Declared sizes can lie, so every entry is also inflated as a stream and counted (output
 * discarded) until the limit: memory stays flat and a bomb stops after `limit` bytes of work.
 */
async function inflatesWithin(zip: JSZip, limit: number): Promise<boolean> {
  let total = 0;
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    const ok = await new Promise<boolean>((resolve, reject) => {
      const s = f.nodeStream('nodebuffer');
      s.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limit) {
          (s as unknown as { pause(): void }).pause();
          resolve(false);
        }
      });
      s.on('end', () => resolve(true));
      s.on('error', reject);
    });
    if (!ok) return false;
  }
  return true;
}
