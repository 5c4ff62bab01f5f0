import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, extname, join, resolve } from 'node:path';
import type { SourceDoc } from './grid.js';
import { readZipInWorker } from './read-in-worker.js';
import { UNZIPPED_MAX_BYTES } from './read-zip.js';
import { removeStaleCopies } from './temp-copies.js';

/** Limits that keep a hostile or mistaken file from eating the machine. */
export const LIMITS = {
  /** A real 绩效目标表 is well under 1 MB; 20 MB leaves room for pasted images. */
  fileBytes: 20 * 1024 * 1024,
  /** Sum of the uncompressed sizes the zip directory declares (a zip bomb declares gigabytes). */
  unzippedBytes: UNZIPPED_MAX_BYTES,
  sofficeMs: 90_000,
};

export type ReadResult = { ok: true; doc: SourceDoc; format: string } | { ok: false; reason: string };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Reads a .docx/.xlsx directly and a .doc/.xls/.wps/.et through LibreOffice; never throws. The reading itself
 * runs in a worker thread with memory and time limits (readZipInWorker): no file can stall or end the bot.
 */
export async function readFormFile(path: string): Promise<ReadResult> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return { ok: false, reason: `找不到文件 ${path}` };
  }
  if (size > LIMITS.fileBytes)
    return { ok: false, reason: `文件有 ${(size / 1048576).toFixed(1)} MB，超过 20 MB 上限，不像一张绩效表` };
  if (size === 0) return { ok: false, reason: '文件是空的' };
  const data = readFileSync(path);
  const ext = extname(path).toLowerCase();
  try {
    if (startsWith(data, ZIP)) return await readZipInWorker(data, ext);
    if (startsWith(data, OLE)) {
      if (ext === '.docx' || ext === '.xlsx')
        return { ok: false, reason: '文件设有打开密码（已加密），请在 Word/Excel 中去掉密码后另存再导入' };
      return await readLegacy(path, ext);
    }
    return { ok: false, reason: `读不了这个文件：它不是 Word（.docx/.doc）或 Excel（.xlsx/.xls）文件，或者已损坏` };
  } catch {
    // The readers never throw; a file system error on the way (a temp dir that vanished) means it cannot be read.
    return { ok: false, reason: '文件已损坏或格式不对，无法读取' };
  }
}

/** .doc/.xls/.wps/.et: LibreOffice converts a copy in a private temp dir (its own profile, so runs never collide). */
async function readLegacy(path: string, ext: string): Promise<ReadResult> {
  const target = ext === '.xls' || ext === '.et' ? 'xlsx' : 'docx';
  const soffice = findOnPath(['soffice', 'libreoffice']);
  if (!soffice)
    return {
      ok: false,
      reason: `旧版 ${ext || 'Office'} 文件需要 LibreOffice 转换，但本机没有安装（soffice）。请在 Word/Excel 中另存为 .${target} 后再导入`,
    };
  // Conversion folders of a process killed during a conversion are removed by the next one.
  removeStaleCopies(tmpdir(), { prefix: 'tianbao-import-' });
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-import-'));
  try {
    // Asynchronous, so a bot keeps answering others while LibreOffice works.
    const failed = await new Promise<boolean>((done) => {
      execFile(
        soffice,
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          target,
          '--outdir',
          dir,
          resolve(path),
        ],
        { timeout: LIMITS.sofficeMs },
        (err) => done(err !== null),
      );
    });
    const out = readdirSync(dir).find((n) => n.endsWith(`.${target}`));
    if (failed || !out)
      return {
        ok: false,
        reason: `LibreOffice 转换失败（文件可能已加密或损坏）。请在 Word/Excel 中另存为 .${target} 后再导入`,
      };
    const converted = readFileSync(join(dir, out));
    if (!startsWith(converted, ZIP)) return { ok: false, reason: 'LibreOffice 转换结果无法读取' };
    const res = await readZipInWorker(converted, `.${target}`);
    return res.ok ? { ...res, format: `${ext.slice(1)}→${target}` } : res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function findOnPath(names: string[]): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    for (const n of names) if (d && existsSync(join(d, n))) return join(d, n);
  }
  return undefined;
}

function startsWith(b: Buffer, magic: number[]): boolean {
  return magic.every((m, i) => b[i] === m);
}
