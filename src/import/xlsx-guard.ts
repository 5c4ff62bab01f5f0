import type JSZip from 'jszip';
import { ReadError } from './read-docx.js';

/**
 * What an .xlsx may hold before exceljs is allowed to load it. exceljs expands merged ranges, data
 * validations and defined names cell by cell, and makes one object per declared column, while loading: a
 * 6.8 KB file with one merge over the whole sheet took the process to 4.3 GB. So the sheet XML is read
 * first, as text, and a file declaring more than a form ever has is refused in a second or two.
 */
export const XLSX_LIMITS = {
  /** Cells of one sheet (rows × columns it reaches, merged areas, cells written); a form has a few hundred. */
  cells: 200_000,
  /** Merged ranges of one sheet (exceljs compares each new one with all before it). */
  merges: 10_000,
  sheets: 100,
  /** Entries of the shared strings table (one per distinct text). */
  sharedStrings: 200_000,
  /** Cell formats (Excel itself allows about 64,000). */
  formats: 65_000,
};

/** Excel's own limits: a reference beyond them is not a spreadsheet Excel wrote. */
const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

const DAMAGED = '文件已损坏或格式不对，无法读取';
const notAForm = (what: string) => new ReadError(`${what}，远超一张绩效表，可能是恶意文件，没有导入`);
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Checks an .xlsx's workbook and sheet XML against XLSX_LIMITS and returns the bytes exceljs should load:
 * the same file, without data validations and defined names (a form needs neither, and exceljs expands
 * both cell by cell). Throws ReadError with a plain reason when the file declares more than a form holds.
 *
 * @example const bytes = await prepareXlsx(await JSZip.loadAsync(data), data); await readXlsx(bytes);
 */
export async function prepareXlsx(zip: JSZip, data: Buffer): Promise<Buffer> {
  const names = await sheetNames(zip);
  const sheets = Object.keys(zip.files).filter((p) => /^xl\/worksheets\/[^/]+\.xml$/i.test(p));
  if (sheets.length > XLSX_LIMITS.sheets)
    throw notAForm(`文件有 ${fmt(sheets.length)} 张工作表，超过 ${XLSX_LIMITS.sheets} 张的上限`);
  let changed = false;
  for (const path of sheets) {
    const xml = await zip.file(path)!.async('string');
    checkSheet(xml, names.get(path) ?? path.replace(/^.*\//, '').replace(/\.xml$/i, ''));
    const stripped = xml.replace(DATA_VALIDATIONS, '');
    if (stripped !== xml) {
      zip.file(path, stripped);
      changed = true;
    }
  }
  const shared = await zip.file('xl/sharedStrings.xml')?.async('string');
  if (shared && count(shared, /<(?:\w+:)?si[\s>/]/g, XLSX_LIMITS.sharedStrings) > XLSX_LIMITS.sharedStrings)
    throw notAForm(`文件里的文字条目超过 ${fmt(XLSX_LIMITS.sharedStrings)} 条`);
  const styles = await zip.file('xl/styles.xml')?.async('string');
  if (styles && count(styles, /<(?:\w+:)?xf[\s>/]/g, 2 * XLSX_LIMITS.formats) > 2 * XLSX_LIMITS.formats)
    throw notAForm(`文件里的单元格格式超过 ${fmt(2 * XLSX_LIMITS.formats)} 种`);
  const workbook = await zip.file('xl/workbook.xml')?.async('string');
  if (workbook && DEFINED_NAMES.test(workbook)) {
    zip.file('xl/workbook.xml', workbook.replace(DEFINED_NAMES, ''));
    changed = true;
  }
  if (!changed) return data;
  // Stored, not compressed: exceljs inflates it again at once, and deflating would only cost time.
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

const DATA_VALIDATIONS =
  /<((?:[\w.-]+:)?dataValidations)\b[^>]*\/>|<((?:[\w.-]+:)?dataValidations)\b[^>]*>[\s\S]*?<\/\2>/g;
const DEFINED_NAMES = /<((?:[\w.-]+:)?definedNames)\b[^>]*\/>|<((?:[\w.-]+:)?definedNames)\b[^>]*>[\s\S]*?<\/\2>/;

/** The tags whose attributes say how far a sheet reaches; closing tags and other elements are skipped. */
const TAG = /<(?:[A-Za-z_][\w.-]*:)?(dimension|mergeCell|row|c|col)\b([^>]*)>/g;

/** One sheet's XML, read as text in one pass: refuses a sheet that declares or reaches too many cells. */
export function checkSheet(xml: string, name: string): void {
  const sheet = `工作表「${name}」`;
  let cells = 0;
  let merges = 0;
  let merged = 0;
  let row = 0;
  let col = 0;
  let maxRow = 0;
  let maxCol = 0;
  for (const m of xml.matchAll(TAG)) {
    const attrs = m[2] ?? '';
    switch (m[1]) {
      case 'dimension': {
        const ref = attr(attrs, 'ref');
        const box = ref ? range(ref) : undefined;
        if (box && box.rows * box.cols > XLSX_LIMITS.cells) throw tooBig(sheet, box.rows, box.cols);
        break;
      }
      case 'mergeCell': {
        const box = range(attr(attrs, 'ref') ?? '');
        if (!box) throw new ReadError(DAMAGED);
        if (++merges > XLSX_LIMITS.merges) throw notAForm(`${sheet}有超过 ${fmt(XLSX_LIMITS.merges)} 处合并单元格`);
        if (box.rows * box.cols > XLSX_LIMITS.cells)
          throw notAForm(`${sheet}有一处合并单元格跨 ${fmt(box.rows)} 行 × ${fmt(box.cols)} 列`);
        merged += box.rows * box.cols;
        if (merged > XLSX_LIMITS.cells)
          throw notAForm(`${sheet}的合并单元格共覆盖超过 ${fmt(XLSX_LIMITS.cells)} 个单元格`);
        maxRow = Math.max(maxRow, box.bottom);
        maxCol = Math.max(maxCol, box.right);
        break;
      }
      case 'row': {
        const r = attr(attrs, 'r');
        row = r === undefined ? row + 1 : Number(r);
        if (!Number.isInteger(row) || row < 1 || row > MAX_ROW) throw new ReadError(DAMAGED);
        col = 0;
        break;
      }
      case 'c': {
        if (++cells > XLSX_LIMITS.cells) throw notAForm(`${sheet}有超过 ${fmt(XLSX_LIMITS.cells)} 个单元格`);
        const ref = attr(attrs, 'r');
        const at = ref === undefined ? { row: Math.max(row, 1), col: col + 1 } : cell(ref);
        if (!at) throw new ReadError(DAMAGED);
        col = at.col;
        maxRow = Math.max(maxRow, at.row);
        maxCol = Math.max(maxCol, at.col);
        break;
      }
      case 'col': {
        const min = Number(attr(attrs, 'min'));
        const max = Number(attr(attrs, 'max'));
        if (!(min >= 1 && max >= min && max <= MAX_COL)) throw new ReadError(DAMAGED);
        break;
      }
    }
  }
  if (maxRow * maxCol > XLSX_LIMITS.cells) throw tooBig(sheet, maxRow, maxCol);
}

/** A sheet that reaches (or says it reaches) too far: often a workbook formatted down a million rows, not an attack. */
const tooBig = (sheet: string, rows: number, cols: number) =>
  new ReadError(`${sheet}有 ${rows} 行 × ${cols} 列，太大，不像一张绩效表`);

/** The display names of the sheets, by their XML part (workbook.xml → its relationships). */
async function sheetNames(zip: JSZip): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wb = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!wb || !rels) return names;
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = attr(m[1] ?? '', 'Id');
    const target = attr(m[1] ?? '', 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const a = m[1] ?? '';
    const name = attr(a, 'name');
    const target = targets.get(attr(a, 'r:id') ?? '');
    if (name && target) names.set(target, unescapeXml(name).slice(0, 31));
  }
  return names;
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** A1 → row and column, within Excel's limits; anything else is undefined. */
function cell(ref: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) return undefined;
  let col = 0;
  for (const ch of (m[1] as string).toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  return row >= 1 && row <= MAX_ROW && col <= MAX_COL ? { row, col } : undefined;
}

/** A1:C3 (or A1) → its size and far corner. */
function range(ref: string): { rows: number; cols: number; bottom: number; right: number } | undefined {
  const [a, b = a] = ref.split(':');
  const tl = cell(a ?? '');
  const br = cell(b ?? '');
  if (!tl || !br) return undefined;
  const [top, bottom] = [Math.min(tl.row, br.row), Math.max(tl.row, br.row)];
  const [left, right] = [Math.min(tl.col, br.col), Math.max(tl.col, br.col)];
  return { rows: bottom - top + 1, cols: right - left + 1, bottom, right };
}

/** Counts matches, stopping once past `stop` (a bomb is not counted to its end). */
function count(text: string, re: RegExp, stop: number): number {
  let n = 0;
  for (const _ of text.matchAll(re)) if (++n > stop) break;
  return n;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
